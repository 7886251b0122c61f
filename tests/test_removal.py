"""Removing, renaming and correcting: what is refused, what is asked, what is said.

Also section 4 of the editing checks: the baseline's semantics, values off their scale,
sign-off of template text, and hints that name the plan.
"""

from __future__ import annotations

import shlex
import tomllib
from datetime import date

import pytest

from coachplan.core.rulebook.examples import BASE
from tests.conftest import AS_OF, Workspace
from tests.editing_plans import COMMENTED

PLAN = "plans/agent-2291.toml"


@pytest.fixture(autouse=True)
def pinned_today(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("coachplan.cli.options.today", lambda: date.fromisoformat(AS_OF))


@pytest.fixture
def terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("coachplan.cli.options.stdin_is_terminal", lambda: True)


def run(ws: Workspace, args: str, answers: str | None = None) -> tuple[int, str, str]:
    result = ws.run(*["agent-2291" if a == "P" else a for a in shlex.split(args)], input=answers)
    assert "Traceback" not in result.stderr
    return result.exit_code, result.stdout, result.stderr


def data(ws: Workspace) -> dict[str, object]:
    return tomllib.loads(ws.read("agent-2291"))


# -- goals ------------------------------------------------------------------------------------


def test_a_goal_that_is_referred_to_is_not_removed(ws: Workspace) -> None:
    ws.write("agent-2291", COMMENTED)
    code, _, err = run(ws, "goal remove P delegate-roster --yes")
    assert code == 2 and ws.read("agent-2291") == COMMENTED
    assert err == (
        f"coachplan: error: {PLAN}:26:1: goal delegate-roster is referred to by action "
        "shadow-planning, milestone first-handover; nothing written (remove or re-point them "
        "first, or pass --cascade to remove them with the goal; --dry-run shows what goes)\n"
    )


def test_cascade_dry_run_lists_what_goes_and_writes_nothing(ws: Workspace) -> None:
    ws.write("agent-2291", COMMENTED)
    code, out, err = run(ws, "goal remove P delegate-roster --cascade --dry-run")
    assert code == 0 and ws.read("agent-2291") == COMMENTED
    assert out.startswith(f"--- a/{PLAN}\n+++ b/{PLAN}\n")
    assert '-id = "delegate-roster"' in out and '-id = "shadow-planning"' in out
    assert "-# booked for the first two Tuesdays" in out  # a comment inside the action goes
    assert (
        f"{PLAN}: removed goal delegate-roster with its metric escalations-handled "
        "(1 measurement), action shadow-planning, milestone first-handover (dry run: nothing "
        "written)"
    ) in err


def test_cascade_keeps_other_goals_of_a_milestone_and_feedback_without_its_goal(
    ws: Workspace,
) -> None:
    ws.write("agent-2291", BASE)
    args = "--statement 'Coach peers weekly' --relevant-to Habit --due 2027-01-29 --reason r"
    assert run(ws, f"goal add P coach-peers {args}")[0] == 0
    assert run(ws, "milestone add P both --title Both --due 2026-12-01 --goal delegate-roster "
               "--goal coach-peers --reason r")[0] == 0  # fmt: skip
    assert run(ws, "feedback P --source peer --comment Good --goal delegate-roster")[0] == 0
    code, _, err = run(ws, "goal remove P delegate-roster --cascade --yes --reason Dropped")
    assert code == 0, err
    plan = data(ws)
    assert [g["id"] for g in plan["goals"]] == ["coach-peers"]  # type: ignore[index,union-attr]
    assert plan["milestones"] == [  # type: ignore[comparison-overlap]
        {"id": "both", "title": "Both", "due": date(2026, 12, 1), "goals": ["coach-peers"]}
    ]
    assert "goal" not in plan["feedback"][0]  # type: ignore[index]
    assert "actions" not in plan
    assert plan["revisions"][-1]["summary"] == "Dropped"  # type: ignore[index]


def test_rename_to_an_id_in_use_is_refused(ws: Workspace) -> None:
    ws.write("agent-2291", BASE)
    run(ws, "goal add P other --statement S --relevant-to R --due 2026-12-01 --reason r")
    code, _, err = run(ws, "goal rename P delegate-roster other")
    assert code == 2 and "the plan already has a goal 'other'" in err


def test_rename_says_what_follows_and_records_a_revision(ws: Workspace) -> None:
    ws.write("agent-2291", COMMENTED)
    code, _, err = run(ws, "goal rename P delegate-roster own-roster")
    assert code == 0
    assert err.splitlines()[:2] == [
        f"{PLAN}: renamed goal delegate-roster to own-roster (action shadow-planning, "
        "milestone first-handover follow)",
        f"{PLAN}: recorded a revision: Renamed goal delegate-roster to own-roster",
    ]


def test_set_says_exactly_what_changed(ws: Workspace) -> None:
    ws.write("agent-2291", BASE)
    code, _, err = run(ws, "goal set P delegate-roster --due 2027-01-15 --reason Later")
    assert code == 0
    assert err.splitlines()[0] == f"{PLAN}: goal delegate-roster: due 2026-12-15 -> 2027-01-15"
    code, _, err = run(ws, "goal set P delegate-roster --due 2027-01-15")
    assert code == 0 and "already has this value; unchanged" in err
    code, _, err = run(ws, "goal set P delegate-roster")
    assert code == 2 and "nothing to change" in err


# -- asking before removing -------------------------------------------------------------------


def test_removing_without_a_terminal_needs_yes(ws: Workspace) -> None:
    ws.write("agent-2291", BASE)
    code, _, err = run(ws, "checkin P --remove 2026-11-20")
    assert code == 2 and ws.read("agent-2291") == BASE
    assert "removing the check-in of 2026-11-20 needs --yes when no terminal can ask" in err


@pytest.mark.usefixtures("terminal")
def test_on_a_terminal_a_removal_asks_and_no_keeps_the_plan(ws: Workspace) -> None:
    ws.write("agent-2291", BASE)
    code, out, err = run(ws, "checkin P --remove 2026-11-20", answers="n\n")
    assert code == 2 and ws.read("agent-2291") == BASE
    assert "Remove the check-in of 2026-11-20 from plans/agent-2291.toml? [y/N]" in out
    assert "-[[checkins]]" in err
    code, _, err = run(ws, "checkin P --remove 2026-11-20", answers="y\n")
    assert code == 0 and "checkins" not in data(ws)


FEEDBACK = """
[[feedback]]
date = 2026-11-10
source = "peer"
by = "Agent 4012"
comment = "Useful listening sessions"

[[feedback]]
date = 2026-11-10
source = "manager"
comment = "Rosters are on time"
"""


def test_several_records_on_a_date_are_listed_never_guessed(ws: Workspace) -> None:
    ws.write("agent-2291", BASE + FEEDBACK)
    code, _, err = run(ws, "feedback P --remove 2026-11-10 --yes")
    assert code == 2 and ws.read("agent-2291") == BASE + FEEDBACK
    assert err == (
        f"coachplan: error: {PLAN}: 2 feedback entries on 2026-11-10: 1. 2026-11-10, peer (Agent "
        "4012): Useful listening sessions; 2. 2026-11-10, manager: Rosters are on time "
        "(choose one with --index N)\n"
    )
    code, _, err = run(ws, "feedback P --remove 2026-11-10 --index 2 --yes")
    assert code == 0, err
    assert [f["source"] for f in data(ws)["feedback"]] == ["peer"]  # type: ignore[union-attr]
    code, _, err = run(ws, "feedback P --remove 2026-11-10 --index 3 --yes")
    assert code == 2 and "--index 3: there is 1 feedback entry on 2026-11-10" in err


@pytest.mark.usefixtures("terminal")
def test_on_a_terminal_several_records_are_listed_and_asked(ws: Workspace) -> None:
    ws.write("agent-2291", BASE + FEEDBACK)
    code, _, err = run(ws, "feedback P --remove 2026-11-10", answers="3\n1\ny\n")
    assert code == 0, err
    assert "  2. 2026-11-10, manager: Rosters are on time" in err
    assert "'3' is not one of the numbers 1 to 2; try again" in err
    assert [f["source"] for f in data(ws)["feedback"]] == ["manager"]  # type: ignore[union-attr]


def test_remove_takes_no_values_to_record(ws: Workspace) -> None:
    ws.write("agent-2291", BASE)
    code, _, err = run(ws, "checkin P --remove 2026-11-20 --notes x --yes")
    assert code == 2 and "--remove takes no --notes" in err


def test_remove_of_a_date_without_records_names_the_dates_there_are(ws: Workspace) -> None:
    ws.write("agent-2291", BASE)
    code, _, err = run(ws, "measure P escalations-handled --remove 2026-09-16 --yes")
    assert code == 2
    assert (
        "no escalations-handled measurement on 2026-09-16 in the plan (recorded: 2026-09-15)" in err
    )


# -- sign-offs --------------------------------------------------------------------------------


def test_withdraw_removes_the_latest_and_says_what_counts_now(ws: Workspace) -> None:
    ws.write("agent-2291", COMMENTED)
    assert run(ws, "signoff P --role coach")[0] == 0
    code, _, err = run(ws, "signoff P --role coach --withdraw --yes")
    assert code == 0
    assert err.splitlines()[0] == (
        f"{PLAN}: withdrew the coach sign-off of {AS_OF} (Team lead T1); the coach's earlier "
        "sign-off of 2026-09-04 stays (it counts now; withdraw again to remove it too)"
    )
    code, _, err = run(ws, "signoff P --role coach --withdraw --yes")
    assert code == 0 and "still to sign: coach" in err
    assert "P103 the plan is active but the coach (Team lead T1) has not signed it" in err
    assert 'run `coachplan signoff agent-2291 --role coach --name "Team lead T1"`' in err


def test_template_placeholders_cannot_be_signed(ws: Workspace) -> None:
    made = ws.run(
        "new", "agent-1", "--coachee", "Agent 1", "--coach", "Team lead T1", "--kind",
        "coaching", "--start", "2026-09-01", "--no-input",
    )  # fmt: skip
    assert made.exit_code == 0
    before = ws.read("agent-1")
    result = ws.run("signoff", "agent-1", "--role", "coach")
    assert result.exit_code == 2 and ws.read("agent-1") == before
    lines = result.stderr.splitlines()
    assert (
        "plans/agent-1.toml:13:1: `statement` still has the placeholder <does something "
        in (lines[0])
    )
    assert lines[-1].startswith(
        "coachplan: error: plans/agent-1.toml: the plan still holds 6 template placeholders "
        "(listed above); nothing signed"
    )


# -- the baseline -----------------------------------------------------------------------------


def test_baseline_date_and_method_change_only_with_replace(ws: Workspace) -> None:
    ws.write("agent-2291", COMMENTED)
    code, _, err = run(ws, "baseline P --skill delegation --target 5 --method Interview")
    assert code == 2 and ws.read("agent-2291") == COMMENTED
    assert (
        "the baseline's date and method were set when it was first written (2026-09-03, 360 "
        "survey and structured interview); --method would change them (pass --replace to "
        "change them)"
    ) in err
    code, _, err = run(ws, "baseline P --replace --date 2026-09-04")
    assert code == 0, err
    assert err.splitlines()[0] == f"{PLAN}: baseline: date 2026-09-03 -> 2026-09-04"


def test_a_baseline_level_of_a_plan_under_way_needs_a_reason(ws: Workspace) -> None:
    ws.write("agent-2291", COMMENTED)
    code, _, err = run(ws, "baseline P --skill delegation --level 3")
    assert code == 2 and "needs --reason" in err and ws.read("agent-2291") == COMMENTED
    code, _, err = run(ws, "baseline P --skill delegation --level 3 --reason 'Misread the survey'")
    assert code == 0
    assert err.splitlines()[:2] == [
        f"{PLAN}: baseline skill delegation: level 2 -> 3",
        f"{PLAN}: recorded a revision: Misread the survey",
    ]
    assert "P108" not in err  # the baseline is not agreed content: no sign-off goes stale


def test_a_new_skill_changes_nothing_else(ws: Workspace) -> None:
    ws.write("agent-2291", COMMENTED)
    code, _, err = run(ws, "baseline P --skill feedback --level 2 --target 4")
    assert code == 0
    assert err == f"{PLAN}: baseline skill feedback added: level 2, target 4\n"


# -- no command writes a new error ------------------------------------------------------------


def test_a_value_off_the_qualitative_scale_is_refused(ws: Workspace) -> None:
    qualitative = BASE.replace('unit = "%"\n', 'kind = "qualitative"\nsource = "360"\n').replace(
        "baseline = 20\ntarget = 60\nmeasurements = [\n  { date = 2026-09-15, value = 25 },\n]",
        "baseline = 2\ntarget = 4",
    )
    ws.write("agent-2291", qualitative)
    code, _, err = run(ws, "measure P escalations-handled 7")
    assert code == 2 and ws.read("agent-2291") == qualitative
    assert "VALUE: 7 is not on the 1-5 scale of qualitative metric escalations-handled" in err
    code, _, err = run(ws, "metric set P escalations-handled --target 6")
    assert code == 2 and "--target: 6 is not on the 1-5 scale of a qualitative metric" in err


def test_a_record_outside_the_window_is_written_with_a_warning(ws: Workspace) -> None:
    ws.write("agent-2291", BASE)
    code, _, err = run(ws, "checkin P --date 2026-08-20 --notes Intake")
    assert code == 0
    assert "warning: plans/agent-2291.toml:" in err
    assert "R106 check-in is dated 2026-08-20, before the plan starts (2026-09-01)" in err


def test_validate_names_the_plan_in_hints(ws: Workspace) -> None:
    ws.write("agent-2291", BASE.split("[[signoffs]]")[0])
    result = ws.run("validate", "--as-of", AS_OF, "--format", "json")
    assert 'run `coachplan signoff agent-2291 --role coach --name \\"Team lead T1\\"`' in (
        result.stdout
    )
    outside = ws.root / "elsewhere.toml"
    outside.write_text(BASE.split("[[signoffs]]")[0], encoding="utf-8")
    result = ws.run("validate", "elsewhere.toml", "--as-of", AS_OF, "--format", "json")
    assert "`coachplan signoff elsewhere.toml --role coach" in result.stdout


@pytest.mark.parametrize(
    "args",
    [
        "checkin P --date 2026-11-21 --notes Talked --dry-run",
        "measure P escalations-handled 30 --date 2026-11-21 --dry-run",
        "feedback P --source peer --comment Good --date 2026-11-21 --dry-run",
        "assess P delegation=3 --date 2026-11-21 --dry-run",
        "signoff P --role coach --date 2026-11-21 --dry-run",
        "goal set P delegate-roster --due 2027-01-15 --dry-run",
    ],
)
def test_dry_run_writes_nothing(ws: Workspace, args: str) -> None:
    ws.write("agent-2291", COMMENTED)
    code, out, err = run(ws, args)
    assert code == 0 and ws.read("agent-2291") == COMMENTED
    assert out.startswith(f"--- a/{PLAN}\n") and "(dry run: nothing written)" in err
