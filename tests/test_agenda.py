"""`coachplan agenda`: what is already due, then day by day; the same dates as `report
overdue` and the calendar export, on the example plans and on a generated workspace."""

from __future__ import annotations

import csv
import io
import json
import re
import shutil
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path

import pytest

from bench.generate import generate
from coachplan.core.model import Plan
from coachplan.files.loader import load
from coachplan.reports.agenda import order, plan_agenda
from coachplan.reports.calendar import plan_events
from coachplan.reports.overdue import plan_overdue
from tests.conftest import AS_OF, Workspace, assert_golden

ROOT = Path(__file__).resolve().parent.parent
FIXTURE = Path(__file__).parent / "fixtures" / "reports"
DAY = date.fromisoformat(AS_OF)


@pytest.fixture
def team(tmp_path: Path) -> Workspace:
    shutil.copytree(FIXTURE, tmp_path / "team")
    return Workspace(tmp_path / "team")


@pytest.mark.parametrize("fmt", ["table", "json", "csv", "markdown", "html"])
def test_agenda_golden(team: Workspace, fmt: str) -> None:
    result = team.run("agenda", "--as-of", AS_OF, "--days", "14", "--format", fmt)
    assert result.exit_code == 0, result.stderr
    assert result.stderr == ""
    assert_golden(f"agenda.{fmt}", result.stdout)


def test_already_due_comes_first_then_each_day(team: Workspace) -> None:
    data = json.loads(team.run("agenda", "--as-of", AS_OF, "--days", "14", "-f", "json").stdout)
    assert (data["as_of"], data["until"], data["days"]) == (AS_OF, "2026-12-05", 14)
    items = data["items"]
    due = [i for i in items if i["already_due"]]
    coming = [i for i in items if not i["already_due"]]
    assert items == due + coming
    assert [i["days_over"] for i in due] == sorted((i["days_over"] for i in due), reverse=True)
    assert all(i["days_over"] == 0 and AS_OF <= i["due"] <= "2026-12-05" for i in coming)
    assert [i["due"] for i in coming] == sorted(i["due"] for i in coming)
    first = due[0]  # weekly, last held 2026-10-20: due 10-27, missed four times since
    assert (first["plan_id"], first["kind"], first["number"], first["missed"]) == (
        "new-hire-4410-onboarding",
        "check-in",
        7,
        4,
    )
    # The next check-in is counted on from the day, as the calendar does.
    assert {"plan_id": "new-hire-4410-onboarding", "due": "2026-11-29", "number": 8}.items() <= (
        next(i for i in coming if i["plan_id"] == "new-hire-4410-onboarding").items()
    )
    assert all(i["plan_id"] != "agent-7730-career" for i in items)  # a draft owes nothing


def test_a_checkin_within_its_grace_days_is_due_but_not_overdue(team: Workspace) -> None:
    # agent-3107-pip: weekly, last held 2026-11-20, so due 2026-11-27; two days later it is
    # late but within the workspace's 2 grace days.
    data = json.loads(
        team.run("agenda", "--as-of", "2026-11-29", "--coach", "Team lead T2", "-f", "json").stdout
    )
    late = [i for i in data["items"] if i["plan_id"] == "agent-3107-pip" and i["already_due"]]
    assert [(i["kind"], i["due"], i["days_over"], i["overdue"]) for i in late] == [
        ("check-in", "2026-11-27", 2, False)
    ]
    table = team.run("agenda", "--as-of", "2026-11-29", "--coach", "Team lead T2").stdout
    assert "within the 2 grace days" in table


def test_coach_defaults_to_the_environment(
    team: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    def coaches(*args: str) -> set[str]:
        result = team.run("agenda", "--as-of", AS_OF, "--days", "14", "-f", "json", *args)
        return {i["coach"] for i in json.loads(result.stdout)["items"]}

    everyone = coaches()
    assert everyone == {"Team lead T1", "Team lead T2", "Team lead T3"}
    monkeypatch.setenv("COACHPLAN_COACH", "team lead t1")
    assert coaches() == {"Team lead T1"}
    assert coaches("--coach", "Team lead T3") == {"Team lead T3"}  # the option wins
    monkeypatch.setenv("COACHPLAN_COACH", "")
    assert coaches() == everyone
    title = team.run("agenda", "--as-of", AS_OF, "--coach", "Team lead T3").stdout
    assert title.startswith("Agenda of Team lead T3, 2026-11-22 to 2026-11-28\n")


def test_days_and_dates_are_checked(team: Workspace) -> None:
    for args in (["--days", "0"], ["--days", "367"], ["--as-of", "soon"], ["-f", "ics"]):
        result = team.run("agenda", *args)
        assert result.exit_code == 2, args
        assert result.stderr.startswith("coachplan: error: ") and result.stderr.count("\n") == 1
    far = team.run("agenda", "--as-of", "9999-12-30", "--days", "30", "-f", "json")
    assert far.exit_code == 0, far.stderr
    assert json.loads(far.stdout)["until"] == "9999-12-31"


def test_nothing_due(team: Workspace) -> None:
    result = team.run("agenda", "--as-of", AS_OF, "--status", "draft")
    assert result.exit_code == 0
    assert "Nothing due in the 7 days from 2026-11-22 to 2026-11-28." in result.stdout
    rows = list(
        csv.reader(io.StringIO(team.run("agenda", "--status", "draft", "-f", "csv").stdout))
    )
    assert len(rows) == 1  # the header


# --- The agenda, `report overdue` and the calendar agree --------------------------------


def _plans(directory: Path) -> Iterator[tuple[str, Plan]]:
    for path in sorted(directory.glob("*.toml")):
        plan = load(path).plan
        if isinstance(plan, Plan):
            yield path.stem, plan


def _disagreements(plan_id: str, plan: Plan, as_of: date, days: int, grace: int) -> list[str]:
    until = as_of + timedelta(days=days - 1)
    agenda = order(plan_agenda(plan_id, plan, as_of, until, grace))
    problems = []
    # What is overdue is exactly what `report overdue` lists, with the same dates.
    overdue = sorted(
        (i.kind, i.item_id or "", i.due, i.missed or 0)
        for i in plan_overdue(plan_id, plan, as_of, grace)
    )
    listed = sorted((i.kind, i.item_id or "", i.due, i.missed or 0) for i in agenda if i.overdue)
    if overdue != listed:
        problems.append(f"overdue {overdue} != agenda {listed}")
    # Check-ins and milestones are the calendar's events: the same numbers on the same days
    # (one already due is on the as-of day in the calendar, "due since" its date).
    # (A plan that is not active has its events only as cancellations: not reminders.)
    events = [e for e in plan_events(plan_id, plan, as_of, until) if not e.cancelled]
    calendar = sorted(
        (e.kind, re.sub(r"^.*-(checkin|milestone)-|@.*$", "", e.uid), e.day) for e in events
    )
    last = min(until, plan.end)
    mine = sorted(
        (i.kind, str(i.number) if i.kind == "check-in" else i.item_id or "", max(i.due, as_of))
        for i in agenda
        if i.kind != "action" and (i.kind == "check-in" or not i.already_due)
        if max(i.due, as_of) <= last
    )
    if calendar != mine:
        problems.append(f"calendar {calendar} != agenda {mine}")
    return [f"{plan_id} on {as_of}: {p}" for p in problems]


DAYS_ASKED = [DAY + timedelta(days=d) for d in range(-120, 61)]  # every day around the plans


def test_agenda_overdue_and_calendar_agree_on_the_example_plans() -> None:
    plans = list(_plans(ROOT / "plans")) + list(_plans(FIXTURE / "plans"))
    assert len(plans) >= 10
    problems = [
        p
        for plan_id, plan in plans
        for day in DAYS_ASKED
        for p in _disagreements(plan_id, plan, day, 14, 2)
    ]
    assert not problems, "\n".join(problems[:10])


def test_agenda_overdue_and_calendar_agree_on_a_generated_workspace(tmp_path: Path) -> None:
    generate(tmp_path, 250, seed=9)
    plans = list(_plans(tmp_path / "plans"))
    assert len(plans) > 150
    problems = [
        p
        for plan_id, plan in plans
        for day, days, grace in ((DAY, 7, 2), (DAY - timedelta(days=40), 30, 0), (DAY, 1, 5))
        for p in _disagreements(plan_id, plan, day, days, grace)
    ]
    assert not problems, "\n".join(problems[:10])
