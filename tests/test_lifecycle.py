"""Plans that end: close, reopen, the status transition table, status revisions, pauses.

Every command runs through the CLI on a plan with comments or on BASE, with today pinned to
AS_OF, and the test checks what the file holds afterwards.
"""

from __future__ import annotations

import json
import tomllib
from datetime import date
from typing import Any

import pytest

from coachplan.core import lifecycle
from coachplan.core.model import PLAN_STATUSES, Plan
from coachplan.core.rulebook.examples import BASE, complete
from coachplan.core.rulebook.kinds import PIP_GOAL
from tests.conftest import AS_OF, Workspace
from tests.editing_plans import COMMENTED, line_changes

CLOSE = ("close", "agent-2291", "--outcome", "partly-achieved", "--summary", "Roster handed over")
PIP = complete(PIP_GOAL + "minimum = 70\n")  # a pip from 2026-10-01 to 2026-12-20


@pytest.fixture(autouse=True)
def _today(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("coachplan.cli.options.today", lambda: date.fromisoformat(AS_OF))


def data(ws: Workspace, plan_id: str = "agent-2291") -> dict[str, Any]:
    return tomllib.loads(ws.read(plan_id))


def summaries(ws: Workspace, plan_id: str = "agent-2291") -> list[str]:
    return [r["summary"] for r in data(ws, plan_id).get("revisions", [])]


# -- close and reopen --------------------------------------------------------------------------


def test_close_writes_the_closing_and_a_revision_and_keeps_every_comment(ws: Workspace) -> None:
    ws.write("agent-2291", COMMENTED)
    result = ws.run(*CLOSE, "--level", "delegation=3", "--date", "2026-11-21")
    assert result.exit_code == 0, result.stderr
    assert "closed on 2026-11-21 as partly-achieved (status active -> completed)" in result.stderr
    assert "goal attainment: 0 of 1 measured metrics at target, T-score 36.3" not in result.stderr
    removed, added = line_changes(COMMENTED, ws.read("agent-2291"))
    assert removed == ['status = "active"   # signed on 4 September\n']
    assert sorted(added) == sorted(
        [
            'status = "completed"   # signed on 4 September\n',
            "\n",
            "[closing]\n",
            "date = 2026-11-21\n",
            'outcome = "partly-achieved"\n',
            'summary = "Roster handed over"\n',
            "levels = { delegation = 3 }\n",
            "\n",
            "[[revisions]]\n",
            "date = 2026-11-21\n",
            'summary = "status active -> completed: closed as partly-achieved"\n',
        ]
    )
    assert ws.read("agent-2291").endswith(
        '[[revisions]]\ndate = 2026-11-21\nsummary = "status active -> completed: closed as '
        'partly-achieved"\n\n# end of plan\n'
    )


def test_reopen_takes_the_closing_out_and_keeps_it_in_the_revision(ws: Workspace) -> None:
    ws.write("agent-2291", COMMENTED)
    assert ws.run(*CLOSE, "--date", "2026-11-21").exit_code == 0
    result = ws.run("reopen", "agent-2291", "--reason", "Closed by mistake", "--date", AS_OF)
    assert result.exit_code == 0, result.stderr
    assert "reopened (status completed -> active)" in result.stderr
    revisions = (
        '[[revisions]]\ndate = 2026-11-21\nsummary = "status active -> completed: closed as '
        'partly-achieved"\n\n[[revisions]]\ndate = 2026-11-22\nsummary = "status completed '
        "-> active: reopened: Closed by mistake; closing taken out: 2026-11-21; "
        'partly-achieved; summary: Roster handed over"\n\n'
    )
    # The closing went, with its blank line; every comment stayed where it was.
    assert ws.read("agent-2291") == COMMENTED.replace("# end of plan", revisions + "# end of plan")
    assert summaries(ws)[-1] == (
        "status completed -> active: reopened: Closed by mistake; closing taken out: "
        "2026-11-21; partly-achieved; summary: Roster handed over"
    )
    assert ws.run("validate", "--as-of", AS_OF).exit_code == 0


def test_reopen_keeps_comments_that_belong_to_the_next_table(ws: Workspace) -> None:
    text = BASE.replace(
        "\n[baseline]",
        '\n[closing]\ndate = 2026-11-20\noutcome = "achieved"  # agreed\n'
        "# said at the final session\n\n# Where the coachee stands\n[baseline]",
    ).replace('status = "active"', 'status = "completed"')
    ws.write("agent-2291", text)
    result = ws.run("reopen", "agent-2291", "--reason", "More to do")
    assert result.exit_code == 0, result.stderr
    after = ws.read("agent-2291")
    assert "# Where the coachee stands\n[baseline]" in after
    assert "# said at the final session" not in after and "[closing]" not in after
    assert 'checkin_every = "fortnightly"\n\n# Where the coachee stands' in after


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--outcome", "passed", "--summary", "x"), "not an outcome of a leadership plan"),
        (("--outcome", "achieved"), "missing --summary"),
        (("--cancel",), "missing --reason"),
        (("--cancel", "--outcome", "achieved"), "not both"),
        (("--outcome", "achieved", "--summary", "x", "--reason", "y"), "--reason is for --cancel"),
        (("--outcome", "achieved", "--summary", "x", "--end", "2027-03-01"), "--end is for"),
        (("--outcome", "extended", "--end", "2027-03-01"), "not an outcome of a leadership"),
        (("--outcome", "achieved", "--summary", "x", "--level", "delegating=3"), "delegation"),
        (("--outcome", "achieved", "--summary", "x", "--level", "delegation=9"), "scale 1-5"),
        (("--outcome", "achieved", "--summary", "x", "--date", "2026-12-01"), "after today"),
        ((), "give --outcome or --cancel"),
    ],
)
def test_close_refuses_bad_input(ws: Workspace, args: tuple[str, ...], message: str) -> None:
    ws.write("agent-2291", BASE)
    result = ws.run("close", "agent-2291", *args, "--no-input")
    assert result.exit_code == 2
    assert message in result.stderr and result.stderr.startswith("coachplan: error: ")
    assert ws.read("agent-2291") == BASE


def test_a_closed_plan_is_not_closed_again(ws: Workspace) -> None:
    ws.write("agent-2291", BASE)
    assert ws.run(*CLOSE).exit_code == 0
    before = ws.read("agent-2291")
    again = ws.run("close", "agent-2291", "--cancel", "--reason", "Changed our mind")
    assert again.exit_code == 2 and "already has a closing" in again.stderr
    assert "coachplan reopen" in again.stderr
    assert ws.read("agent-2291") == before


def test_a_plan_completed_before_closings_gets_its_closing_alone(ws: Workspace) -> None:
    ws.write("agent-2291", BASE.replace('status = "active"', 'status = "completed"'))
    warned = ws.run("validate", "--as-of", AS_OF, "--format", "json")
    assert [f["code"] for f in json.loads(warned.stdout)["findings"]] == ["P109"]
    assert warned.exit_code == 0  # a warning: CI still passes
    result = ws.run(*CLOSE, "--date", "2026-11-20")
    assert result.exit_code == 0, result.stderr
    assert "closing of the completed plan recorded" in result.stderr
    assert "revisions" not in data(ws)
    assert ws.run("validate", "--as-of", AS_OF, "--strict").exit_code == 0


def test_a_late_closing_is_dated_on_the_plans_end(ws: Workspace) -> None:
    ws.write("agent-2291", BASE.replace("end = 2027-02-28", "end = 2026-10-31"))
    result = ws.run(*CLOSE)
    assert result.exit_code == 0, result.stderr
    assert "the plan ended on 2026-10-31: the closing is dated then" in result.stderr
    assert data(ws)["closing"]["date"] == date(2026, 10, 31)
    refused = ws.run("reopen", "agent-2291", "--reason", "More sessions")
    assert refused.exit_code == 2 and "window ended on 2026-10-31" in refused.stderr
    assert "--end DATE" in refused.stderr


def test_reopen_with_a_new_end_moves_it_and_says_so(ws: Workspace) -> None:
    ws.write("agent-2291", BASE.replace("end = 2027-02-28", "end = 2026-10-31"))
    assert ws.run(*CLOSE).exit_code == 0
    result = ws.run("reopen", "agent-2291", "--reason", "More sessions", "--end", "2027-01-31")
    assert result.exit_code == 0, result.stderr
    assert data(ws)["end"] == date(2027, 1, 31) and data(ws)["status"] == "active"
    assert summaries(ws)[-1].endswith("end 2026-10-31 -> 2027-01-31")


def test_reopen_refuses_an_open_plan(ws: Workspace) -> None:
    ws.write("agent-2291", BASE.replace('status = "active"', 'status = "paused"'))
    result = ws.run("reopen", "agent-2291", "--reason", "x")
    assert result.exit_code == 2 and "only a completed or cancelled plan" in result.stderr
    assert "coachplan status agent-2291 active" in result.stderr


def test_a_draft_is_cancelled_and_reopened_as_a_draft(ws: Workspace) -> None:
    ws.write("agent-2291", BASE.replace('status = "active"', 'status = "draft"'))
    refused = ws.run(*CLOSE)
    assert refused.exit_code == 2 and "a draft cannot be completed" in refused.stderr
    cancel = ("close", "agent-2291", "--cancel", "--reason", "Moved to billing")
    assert ws.run(*cancel).exit_code == 0
    assert data(ws)["closing"] == {"date": date(2026, 11, 22), "reason": "Moved to billing"}
    assert summaries(ws) == ["status draft -> cancelled: Moved to billing"]
    assert ws.run("reopen", "agent-2291", "--reason", "Back on the team").exit_code == 0
    assert data(ws)["status"] == "draft"


def test_forcing_a_transition_is_recorded(ws: Workspace) -> None:
    ws.write("agent-2291", BASE)
    refused = ws.run("status", "agent-2291", "completed")
    assert refused.exit_code == 2 and "needs a closing" in refused.stderr
    assert "coachplan close agent-2291 --outcome achieved|partly-achieved|not-achieved" in (
        refused.stderr
    )
    forced = ws.run("status", "agent-2291", "completed", "--force", "--reason", "Left early")
    assert forced.exit_code == 0, forced.stderr
    assert summaries(ws) == ["status active -> completed (forced): Left early"]
    assert "P109" in forced.stderr  # the warning it brought


# -- the transition table --------------------------------------------------------------------


@pytest.mark.parametrize("old", PLAN_STATUSES)
@pytest.mark.parametrize("new", PLAN_STATUSES)
def test_the_transition_table(old: str, new: str) -> None:
    route = lifecycle.TRANSITIONS.get((old, new))
    for command in (lifecycle.STATUS, lifecycle.CLOSE, lifecycle.REOPEN):
        refused = lifecycle.refusal(old, new, command)
        assert (refused is None) == (old == new or route == command), (old, new, command)
        if refused is not None:
            assert refused.message and refused.hint
    assert ("draft", "completed") not in lifecycle.TRANSITIONS
    assert lifecycle.TRANSITIONS[("completed", "active")] == lifecycle.REOPEN


def test_status_needs_the_closing_only_once_it_is_there(ws: Workspace) -> None:
    closing = '\n[closing]\ndate = 2026-11-20\noutcome = "partly-achieved"\n'
    ws.write("agent-2291", BASE + closing)
    result = ws.run("status", "agent-2291", "completed", "--date", "2026-11-20")
    assert result.exit_code == 0, result.stderr
    assert summaries(ws) == ["status active -> completed"]


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        ("draft", "paused", "a draft cannot be paused"),
        ("active", "draft", "does not go back to draft"),
        ("completed", "active", "only by reopening it"),
        ("cancelled", "paused", "reopen it before"),
    ],
)
def test_status_refuses_what_the_table_does_not_allow(
    ws: Workspace, old: str, new: str, message: str
) -> None:
    text = BASE.replace('status = "active"', f'status = "{old}"')
    ws.write("agent-2291", text)
    result = ws.run("status", "agent-2291", new)
    assert result.exit_code == 2 and message in result.stderr
    assert "--force" in result.stderr
    assert ws.read("agent-2291") == text


# -- pauses -----------------------------------------------------------------------------------


def test_pausing_and_resuming_are_revisions_and_a_paused_plan_owes_nothing(ws: Workspace) -> None:
    ws.write("agent-2291", BASE)
    paused = ws.run("status", "agent-2291", "paused", "--date", "2026-10-01", "--reason", "Leave")
    assert paused.exit_code == 0, paused.stderr
    overdue = ws.run("report", "overdue", "--as-of", AS_OF, "-f", "json")
    assert json.loads(overdue.stdout)["items"] == []
    calendar = ws.run("export", "agent-2291", "--as-of", AS_OF).stdout
    assert "STATUS:CANCELLED" in calendar and "UID:agent-2291-checkin-2@coachplan" in calendar
    assert "The plan is paused since 2026-10-01" in calendar.replace("\r\n ", "")
    # BASE's check-in of 11-20 falls while it was paused: a warning, not an error.
    found = json.loads(ws.run("validate", "--as-of", AS_OF, "-f", "json").stdout)["findings"]
    assert [(f["code"], f["severity"]) for f in found] == [("P112", "warning")]
    assert ws.run("status", "agent-2291", "active", "--date", "2026-11-21").exit_code == 0
    assert summaries(ws) == ["status active -> paused: Leave", "status paused -> active"]
    plan = Plan.model_validate(data(ws))
    assert lifecycle.paused_stretches(plan) == [(date(2026, 10, 1), date(2026, 11, 21))]
    # The next check-in counts from the day it was resumed.
    calendar = ws.run("export", "agent-2291", "--as-of", AS_OF).stdout
    assert "STATUS:CANCELLED" not in calendar and "DTSTART;VALUE=DATE:20261205" in calendar


def test_running_spans_leave_out_pauses_and_what_follows_the_closing() -> None:
    plan = Plan.model_validate(
        tomllib.loads(
            BASE.replace('status = "active"', 'status = "completed"')
            + '\n[closing]\ndate = 2026-11-20\noutcome = "achieved"\n'
            + '\n[[revisions]]\ndate = 2026-09-04\nsummary = "status draft -> active"\n'
            + '\n[[revisions]]\ndate = 2026-10-01\nsummary = "status active -> paused: leave"\n'
            + '\n[[revisions]]\ndate = 2026-10-15\nsummary = "status paused -> active"\n'
            + '\n[[revisions]]\ndate = 2026-11-20\nsummary = "status active -> completed"\n'
        )
    )
    spans = lifecycle.running_spans(plan, date(2026, 8, 1), date(2026, 12, 31))
    assert spans == [
        (date(2026, 9, 4), date(2026, 10, 1)),
        (date(2026, 10, 15), date(2026, 11, 20)),
    ]
    assert lifecycle.active_in_period(plan, date(2026, 11, 1), date(2026, 11, 30))
    assert not lifecycle.active_in_period(plan, date(2026, 11, 21), date(2026, 11, 30))
    from coachplan.reports.schedule import expected

    # 27 + 36 days running: 4.5 fortnights, and a half rounds up.
    assert expected(plan, date(2026, 8, 1), date(2026, 12, 31)) == 5


# -- a pip extended ---------------------------------------------------------------------------


def test_a_pip_is_extended_within_its_allowance(ws: Workspace) -> None:
    ws.write("pip", PIP)
    too_long = ws.run("close", "pip", "--outcome", "extended", "--end", "2027-02-15")
    assert too_long.exit_code == 2 and "at most 120 are allowed" in too_long.stderr
    result = ws.run(
        "close", "pip", "--outcome", "extended", "--end", "2027-01-15", "--reason", "Sick leave"
    )
    assert result.exit_code == 0, result.stderr
    assert "pip extended: end 2026-12-20 -> 2027-01-15" in result.stderr
    assert data(ws, "pip")["status"] == "active" and "closing" not in data(ws, "pip")
    assert summaries(ws, "pip") == ["pip extended: end 2026-12-20 -> 2027-01-15: Sick leave"]
    # 106 days: within 90 + 30; the sign-offs of the old window must be given again.
    assert "P108" in result.stderr and "sponsor (Floor manager F1)" in result.stderr
    found = json.loads(ws.run("validate", "--as-of", AS_OF, "-f", "json").stdout)["findings"]
    assert "K101" not in {f["code"] for f in found}
    listed = json.loads(ws.run("list", "-f", "json").stdout)
    assert listed[0]["outcome"] == "extended"


def test_only_a_pip_is_extended(ws: Workspace) -> None:
    ws.write("agent-2291", BASE)
    result = ws.run("close", "agent-2291", "--outcome", "extended", "--end", "2027-03-31")
    assert result.exit_code == 2 and "choose achieved, partly-achieved or" in result.stderr


# -- minutes, show, list, diff -----------------------------------------------------------------


def test_checkin_minutes_are_recorded_and_shown(ws: Workspace) -> None:
    ws.write("agent-2291", BASE)
    result = ws.run("checkin", "agent-2291", "--date", "2026-11-21", "--minutes", "45")
    assert result.exit_code == 0, result.stderr
    assert data(ws)["checkins"][-1] == {"date": date(2026, 11, 21), "minutes": 45}
    shown = ws.run("show", "agent-2291", "--as-of", AS_OF).stdout
    assert "Check-ins: 2 held, 45 minutes recorded" in shown
    assert "  2026-11-21  45 minutes" in shown
    assert ws.run("checkin", "agent-2291", "--minutes", "0").exit_code == 2
    bad = BASE.replace("rating = 4", "rating = 4\nminutes = 3000")
    ws.write("bad", bad)
    found = ws.run("validate", "plans/bad.toml", "--as-of", AS_OF, "-f", "concise").stdout
    assert "`checkins[0].minutes` must be between 1 and 1440; found 3000" in found


def test_show_list_and_diff_show_the_closing(ws: Workspace) -> None:
    ws.write("agent-2291", BASE)
    assert ws.run(*CLOSE, "--level", "delegation=3", "--date", "2026-11-21").exit_code == 0
    shown = ws.run("show", "agent-2291", "--as-of", AS_OF).stdout
    assert "Closing: completed on 2026-11-21: partly-achieved" in shown
    assert "  goal attainment: 0 of 1 measured metrics at target, T-score 40.0" in shown
    assert "  final levels: delegation 2 -> 3 (target 4)" in shown
    page = ws.run("show", "agent-2291", "--as-of", AS_OF, "-f", "markdown").stdout
    assert "## Closing\n\nCompleted on 2026-11-21: partly-achieved." in page
    assert "| escalations-handled | 20 → 60 | 25 | 12% | -1 |" in page
    attainment = json.loads(ws.run("show", "agent-2291", "-f", "json").stdout)["goal_attainment"]
    assert attainment["t_score"] == 40.0 and attainment["scores"] == {"escalations-handled": -1}
    listed = ws.run("list", "--status", "completed", "-f", "csv").stdout.splitlines()
    assert listed[0].split(",")[6] == "Outcome" and listed[1].split(",")[6] == "partly-achieved"
    lines = ws.run("diff", "--textconv", "plans/agent-2291.toml").stdout
    assert "closed: 2026-11-21, partly-achieved" in lines
    assert "closing level delegation: 3" in lines


def test_dry_runs_of_close_and_reopen_write_nothing(ws: Workspace) -> None:
    ws.write("agent-2291", BASE)
    shown = ws.run(*CLOSE, "--date", "2026-11-21", "--dry-run")
    assert shown.exit_code == 0, shown.stderr
    assert '+status = "completed"' in shown.stdout and "+[closing]" in shown.stdout
    assert "(dry run: nothing written)" in shown.stderr
    assert ws.read("agent-2291") == BASE
    assert ws.run(*CLOSE, "--date", "2026-11-21").exit_code == 0
    closed = ws.read("agent-2291")
    again = ws.run("reopen", "agent-2291", "--reason", "Oops", "--dry-run")
    assert again.exit_code == 0 and "-[closing]" in again.stdout
    assert ws.read("agent-2291") == closed


def test_a_closing_written_inline_is_not_taken_out_in_place(ws: Workspace) -> None:
    text = BASE.replace('status = "active"', 'status = "completed"').replace(
        'checkin_every = "fortnightly"\n',
        'checkin_every = "fortnightly"\nclosing = { date = 2026-11-20, outcome = "achieved" }\n',
    )
    ws.write("agent-2291", text)
    result = ws.run("reopen", "agent-2291", "--reason", "More to do")
    assert result.exit_code == 2
    assert "`closing` table is not written as a [table]; cannot remove it in place" in (
        result.stderr
    )
    assert "coachplan edit" in result.stderr
    assert ws.read("agent-2291") == text


def test_final_levels_count_as_the_last_re_assessment(ws: Workspace) -> None:
    ws.write("agent-2291", BASE)
    assert ws.run(*CLOSE, "--level", "delegation=4", "--date", "2026-11-21").exit_code == 0
    gaps = json.loads(ws.run("report", "gaps", "--as-of", AS_OF, "-f", "json").stdout)["gaps"]
    assert [(g["skill"], g["latest"], g["assessed"], g["remaining"]) for g in gaps] == [
        ("delegation", 4, "2026-11-21", 0)
    ]
    assert (
        "  delegation: level 2 -> target 4 (gap 2, now 4)"
        in ws.run("show", "agent-2291", "--as-of", AS_OF).stdout
    )
