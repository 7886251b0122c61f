"""The agreed-content digest: what changes it and what does not."""

from __future__ import annotations

import tomllib
from datetime import date

import pytest

from coachplan.core.agreement import agreement_digest, current_signoffs, stale_signoffs
from coachplan.core.model import Plan
from coachplan.core.rulebook.examples import BASE, complete

SECOND_GOAL = """
[[goals]]
id = "coach-peers"
statement = "Run two call-listening sessions a week"
due = 2027-01-29
"""

MILESTONE = """
[[milestones]]
id = "first-handover"
title = "First roster published by a senior agent"
due = 2026-10-31
goals = ["delegate-roster", "coach-peers"]
"""
WITH_MILESTONE = BASE + SECOND_GOAL + MILESTONE


def plan(text: str) -> Plan:
    return Plan.model_validate(tomllib.loads(text))


def digest(text: str) -> str:
    return agreement_digest(plan(text))


BASE_DIGEST = digest(BASE)


@pytest.mark.parametrize(
    "changed",
    [
        BASE.replace("target = 60", "target = 70"),
        BASE.replace("baseline = 20", "baseline = 15"),
        BASE.replace("end = 2027-02-28", "end = 2027-03-31"),
        BASE.replace("start = 2026-09-01", "start = 2026-09-02"),
        BASE.replace("due = 2026-12-15", "due = 2026-12-18"),
        BASE.replace("two senior agents", "three senior agents"),
        BASE.replace("Floor manager, Tuesday", "Floor manager, Monday"),
        BASE.replace('unit = "%"', 'unit = "escalations"'),
        BASE + SECOND_GOAL,
        BASE + '\n[[milestones]]\nid = "m"\ntitle = "T"\n',
    ],
)
def test_agreed_content_changes_the_digest(changed: str) -> None:
    assert digest(changed) != BASE_DIGEST


@pytest.mark.parametrize(
    "changed",
    [
        WITH_MILESTONE.replace("due = 2026-10-31", "due = 2026-11-14"),
        WITH_MILESTONE.replace("First roster", "Second roster"),
        WITH_MILESTONE.replace('id = "first-handover"', 'id = "handover"'),
        WITH_MILESTONE.replace(', "coach-peers"]', "]"),
        WITH_MILESTONE + '\n[[milestones]]\nid = "m"\ntitle = "T"\n',
    ],
)
def test_milestones_are_agreed_content(changed: str) -> None:
    assert digest(changed) != digest(WITH_MILESTONE)


@pytest.mark.parametrize(
    "same",
    [
        WITH_MILESTONE.replace("due = 2026-10-31\n", "due = 2026-10-31\ndone_on = 2026-10-30\n"),
        WITH_MILESTONE.replace('"delegate-roster", "coach-peers"', '"coach-peers", "delegate-roster"'),
    ],
)  # fmt: skip
def test_reaching_a_milestone_or_reordering_its_goals_keeps_the_digest(same: str) -> None:
    assert digest(same) == digest(WITH_MILESTONE)


@pytest.mark.parametrize(
    "same",
    [
        # progress
        BASE.replace("value = 25 },\n", "value = 25 },\n  { date = 2026-10-15, value = 41 },\n"),
        BASE.replace("due = 2026-10-20\n", 'due = 2026-10-20\nstatus = "done"\n'),
        BASE + '\n[[checkins]]\ndate = 2026-11-21\nnotes = "x"\n',
        BASE + '\n[[feedback]]\ndate = 2026-11-21\nsource = "peer"\ncomment = "x"\n',
        BASE + '\n[[revisions]]\ndate = 2026-11-21\nsummary = "x"\n',
        BASE.replace('status = "active"', 'status = "paused"'),
        # spelling and layout
        BASE.replace("target = 60", "target = 60.0"),
        BASE.replace("target = 60", "target = 60  # agreed in September"),
        "# a comment\n" + BASE.replace("\n\n", "\n\n\n"),
    ],
)  # fmt: skip
def test_progress_and_layout_keep_the_digest(same: str) -> None:
    assert digest(same) == BASE_DIGEST


def test_order_of_goals_and_actions_does_not_matter() -> None:
    two = BASE + SECOND_GOAL
    data = tomllib.loads(two)
    data["goals"].reverse()
    assert agreement_digest(Plan.model_validate(data)) == digest(two)


SIGNERS = {"coach": "Team lead T1", "coachee": "Agent 2291", "sponsor": "Floor manager F1"}


def _signed(*entries: tuple[str, str, str | None], name: str | None = None) -> Plan:
    text = complete(
        "".join(
            f'\n[[signoffs]]\nrole = "{role}"\nname = "{name or SIGNERS[role]}"\ndate = {day}\n'
            + (f'agreed = "{agreed}"\n' if agreed else "")
            for role, day, agreed in entries
        )
    )
    return plan(text)


def test_only_the_latest_signoff_of_a_role_counts() -> None:
    old = "sha256:" + "0" * 64
    renewed = _signed(("coach", "2026-09-04", old), ("coach", "2026-11-01", BASE_DIGEST))
    assert stale_signoffs(renewed) == []
    lapsed = _signed(("coach", "2026-11-01", old), ("coach", "2026-09-04", BASE_DIGEST))
    assert [(i, s.date) for i, s in stale_signoffs(lapsed)] == [(0, date(2026, 11, 1))]


def test_signoff_without_digest_is_never_stale() -> None:
    assert stale_signoffs(_signed(("coach", "2026-09-04", None))) == []


def test_a_signoff_by_someone_else_neither_counts_nor_goes_stale() -> None:
    other = _signed(("coach", "2026-11-01", "sha256:" + "0" * 64), name="Agent 4012")
    assert current_signoffs(other) == {} and stale_signoffs(other) == []


def test_signoff_names_match_without_case_and_surrounding_spaces() -> None:
    signed = _signed(("coach", "2026-09-04", BASE_DIGEST))
    relabelled = signed.model_copy(update={"coach": "  team LEAD t1 "})
    assert set(current_signoffs(relabelled)) == {"coach"}
