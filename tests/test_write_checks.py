"""What an editing command refuses before writing, and how it says so.

Records dated after today, writes that would bring a new error (not advice), sign-offs by
someone who is not the plan's person in that role, and the file and line in each message.
"""

from __future__ import annotations

import shlex
import tomllib
from datetime import date
from pathlib import Path

import pytest

from coachplan.core.errors import RefusedWrite
from coachplan.core.rulebook.examples import BASE
from coachplan.engine.check import CheckOptions
from coachplan.engine.update import Change, Current, update_plan
from coachplan.files.textedit import AddTable, AppendItem
from tests.conftest import AS_OF, Workspace
from tests.editing_plans import COMMENTED

PLAN = "plans/agent-2291.toml"


@pytest.fixture(autouse=True)
def pinned_today(monkeypatch: pytest.MonkeyPatch) -> date:
    """Every command in these tests runs on AS_OF (2026-11-22)."""
    today = date.fromisoformat(AS_OF)
    monkeypatch.setattr("coachplan.cli.options.today", lambda: today)
    return today


def run(ws: Workspace, args: str) -> tuple[int, str]:
    result = ws.run(*["agent-2291" if a == "P" else a for a in shlex.split(args)])
    assert "Traceback" not in result.stderr
    return result.exit_code, result.stderr


def line_of(text: str, fragment: str) -> int:
    return text[: text.index(fragment)].count("\n") + 1


# -- 1. nothing dated after today -------------------------------------------------------


FUTURE = [
    "checkin P --date 2026-11-23 --notes Talked --no-input",
    "measure P escalations-handled 30 --date 2026-11-23",
    "feedback P --source peer --comment Useful --date 2026-11-23",
    "assess P delegation=3 --date 2026-11-23",
    "signoff P --role coach --date 2026-11-23",
    "action done P shadow-planning --date 2026-11-23",
    "milestone done P first-handover --date 2026-11-23",
]


@pytest.mark.parametrize("args", FUTURE, ids=lambda a: a.split(" --")[0])
def test_a_record_dated_after_today_is_refused(ws: Workspace, args: str) -> None:
    path = ws.write("agent-2291", COMMENTED)
    code, stderr = run(ws, args)
    assert code == 2
    assert stderr == (
        f"coachplan: error: {PLAN}: --date 2026-11-23 is after today (2026-11-22); nothing "
        "written (records say what already happened: give --date 2026-11-22 or earlier)\n"
    )
    assert path.read_bytes() == COMMENTED.encode()


@pytest.mark.parametrize("args", FUTURE, ids=lambda a: a.split(" --")[0])
def test_a_record_dated_today_is_written(ws: Workspace, args: str) -> None:
    ws.write("agent-2291", COMMENTED)
    code, stderr = run(ws, args.replace("2026-11-23", "2026-11-22"))
    assert code == 0, stderr
    assert "R105" not in stderr


def test_the_default_date_is_the_pinned_today(ws: Workspace) -> None:
    ws.write("agent-2291", COMMENTED)
    assert run(ws, "checkin P --notes Talked --no-input")[0] == 0
    assert tomllib.loads(ws.read("agent-2291"))["checkins"][-1]["date"] == date(2026, 11, 22)


def _future_checkin(current: Current) -> Change:
    entry = {"date": date(2026, 12, 1), "notes": "Not yet held"}
    return Change([AddTable((), "checkins", entry)], "check-in added")


def _options() -> CheckOptions:
    return CheckOptions(as_of=date.fromisoformat(AS_OF))


def test_a_write_that_brings_a_new_error_is_refused_with_its_location(tmp_path: Path) -> None:
    path = tmp_path / "agent-2291.toml"
    path.write_text(COMMENTED, encoding="utf-8")
    with pytest.raises(RefusedWrite) as refused:
        update_plan(path, _future_checkin, options=_options(), today=date(2026, 11, 22))
    exc = refused.value
    assert exc.message == ("R105 check-in is dated 2026-12-01, after 2026-11-22; nothing written")
    assert exc.where is not None and exc.where.endswith(".toml:66:1")  # the new [[checkins]]
    assert exc.hint == "check the date; records say what already happened"
    assert path.read_text(encoding="utf-8") == COMMENTED


def test_an_error_the_plan_already_had_does_not_refuse_a_write(tmp_path: Path) -> None:
    text = COMMENTED.replace("date = 2026-11-20", "date = 2026-11-30")  # R105 already
    path = tmp_path / "agent-2291.toml"
    path.write_text(text, encoding="utf-8")

    def checkin(current: Current) -> Change:
        entry = {"date": date(2026, 11, 21)}
        return Change([AddTable((), "checkins", entry)], "check-in added")

    updated = update_plan(path, checkin, options=_options(), today=date(2026, 11, 22))
    assert updated.written and updated.findings == []


def test_allow_broken_writes_even_a_new_error(tmp_path: Path) -> None:
    path = tmp_path / "agent-2291.toml"
    path.write_text(COMMENTED, encoding="utf-8")
    updated = update_plan(
        path, _future_checkin, options=_options(), today=date(2026, 11, 22), allow_broken=True
    )
    assert updated.written and [f.code for f in updated.findings] == ["R105"]


def test_smart_advice_stays_a_warning_after_the_write(ws: Workspace) -> None:
    ws.write("agent-2291", COMMENTED)
    code, stderr = run(
        ws, "goal add P later --statement 'Lead the floor alone for a week' "
        "--relevant-to 'Team-lead readiness' --due 2027-06-30",
    )  # fmt: skip
    assert code == 0, stderr
    assert 'id = "later"' in ws.read("agent-2291")
    assert "warning:" in stderr and "S502" in stderr  # due after the plan ends


# -- 2. a sign-off counts only by the plan's person in that role ---------------------------


def test_signoff_by_someone_else_is_refused(ws: Workspace) -> None:
    path = ws.write("agent-2291", COMMENTED)
    code, stderr = run(ws, "signoff P --role coach --name 'Agent 4012' --date 2026-11-21")
    assert code == 2
    line = line_of(COMMENTED, "coach = ")
    assert stderr == (
        f"coachplan: error: {PLAN}:{line}:1: --name 'Agent 4012' is not the plan's coach "
        "(Team lead T1); a sign-off counts only by the coach; nothing written (leave out "
        "--name to sign as Team lead T1; if Agent 4012 is the coach now, change `coach` "
        f"first with `coachplan edit {PLAN}`)\n"
    )
    assert path.read_bytes() == COMMENTED.encode()


def test_signoff_names_compare_without_case_and_spaces(ws: Workspace) -> None:
    ws.write("agent-2291", COMMENTED)
    code, stderr = run(ws, "signoff P --role coach --name ' team LEAD t1 ' --date 2026-11-21")
    assert code == 0, stderr
    assert tomllib.loads(ws.read("agent-2291"))["signoffs"][-1]["name"] == "team LEAD t1"


def test_signoff_as_a_sponsor_the_plan_does_not_have_is_refused(ws: Workspace) -> None:
    text = COMMENTED.replace('sponsor = "Floor manager F1"\n', "")
    path = ws.write("agent-2291", text)
    code, stderr = run(ws, "signoff P --role sponsor --name 'Floor manager F1'")
    assert code == 2 and "the plan has no sponsor" in stderr
    assert path.read_bytes() == text.encode()


def test_validate_names_who_signed_and_who_should_have(ws: Workspace) -> None:
    text = BASE.replace('name = "Agent 2291"', 'name = "Agent 4012"')
    ws.write("agent-2291", text)
    result = ws.run("validate", "--as-of", AS_OF, "--format", "concise")
    assert result.exit_code == 1
    line = line_of(text, 'name = "Agent 4012"')
    assert result.stdout.splitlines()[0] == (
        f"{PLAN}:{line}:1: P103 [error] the plan is active but the coachee (Agent 2291) has not "
        "signed it: the coachee sign-off of 2026-09-04 is by Agent 4012"
    )


def test_a_pip_sponsor_signoff_by_someone_else_does_not_count(ws: Workspace) -> None:
    text = BASE.replace('kind = "leadership"', 'kind = "pip"').replace(
        'name = "Floor manager F1"', 'name = "Team lead T1"'
    )
    ws.write("agent-2291", text)
    out = ws.run("validate", "--as-of", AS_OF, "--select", "K103", "--format", "concise").stdout
    assert (
        "K103 [error] the pip is active but its sponsor (Floor manager F1) has not signed it: the "
        "sponsor sign-off of 2026-09-05 is by Team lead T1"
    ) in out


def test_show_and_still_to_sign_ignore_signoffs_by_someone_else(ws: Workspace) -> None:
    text = BASE.split("[[signoffs]]")[0].rstrip("\n") + (
        '\n\n[[signoffs]]\nrole = "coachee"\nname = "Agent 4012"\ndate = 2026-09-04\n'
    )
    ws.write("agent-2291", text)
    code, stderr = run(ws, "signoff P --role coach --date 2026-11-21")
    assert code == 0, stderr
    assert "still to sign: coachee" in stderr


# -- 3. milestones are agreed content ----------------------------------------------------


def test_moving_a_milestone_makes_signoffs_stale(ws: Workspace) -> None:
    ws.write("agent-2291", COMMENTED)
    for role in ("coach", "coachee", "sponsor"):
        assert run(ws, f"signoff P --role {role} --date 2026-11-21")[0] == 0
    assert ws.run("validate", "--as-of", AS_OF).exit_code == 0
    assert run(ws, "milestone done P first-handover --date 2026-10-30")[0] == 0
    assert ws.run("validate", "--as-of", AS_OF).exit_code == 0  # reaching it is progress
    signed = ws.read("agent-2291")
    ws.write("agent-2291", signed.replace("due = 2026-10-31", "due = 2026-11-14"))
    result = ws.run("validate", "--as-of", AS_OF, "--format", "concise")
    assert result.exit_code == 1 and result.stdout.count("P108") == 3


def test_milestone_add_records_a_revision(ws: Workspace) -> None:
    ws.write("agent-2291", COMMENTED)
    code, stderr = run(
        ws, "milestone add P second-handover --title 'Second roster handed over' "
        "--due 2026-12-10 --reason 'Sponsor asked for a second checkpoint'",
    )  # fmt: skip
    assert code == 0, stderr
    assert "recorded a revision: Sponsor asked for a second checkpoint" in stderr
    assert tomllib.loads(ws.read("agent-2291"))["revisions"] == [
        {"date": date(2026, 11, 22), "summary": "Sponsor asked for a second checkpoint"}
    ]


# -- 5. every refusal names the file, and the line where it can ---------------------------


def test_a_second_measurement_on_a_day_names_the_line_of_the_first(ws: Workspace) -> None:
    ws.write("agent-2291", COMMENTED)
    code, stderr = run(ws, "measure P escalations-handled 30 --date 2026-09-15")
    assert code == 2
    line = line_of(COMMENTED, "{ date = 2026-09-15")
    assert stderr == (
        f"coachplan: error: {PLAN}:{line}:3: a measurement of escalations-handled on "
        "2026-09-15 is already recorded here; nothing written (give another --date, or change "
        f"this entry with `coachplan edit {PLAN}`)\n"
    )


def test_a_second_checkin_on_a_day_names_the_line_of_the_first(ws: Workspace) -> None:
    ws.write("agent-2291", COMMENTED)
    code, stderr = run(ws, "checkin P --date 2026-11-20 --no-input")
    assert code == 2
    line = line_of(COMMENTED, "[[checkins]]")
    assert stderr.startswith(f"coachplan: error: {PLAN}:{line}:1: a check-in on 2026-11-20 ")


def test_a_change_that_cannot_be_placed_names_the_file_and_what_to_do(ws: Workspace) -> None:
    # Check-ins written as an inline array cannot take a [[checkins]] entry.
    text = BASE.replace(
        '[[checkins]]\ndate = 2026-11-20\nnotes = "Reviewed the escalation log"\nrating = 4\n',
        "",
    ).replace(
        'checkin_every = "fortnightly"\n',
        'checkin_every = "fortnightly"\ncheckins = [{ date = 2026-11-20 }]\n',
    )
    path = ws.write("agent-2291", text)
    code, stderr = run(ws, "checkin P --date 2026-11-21 --no-input")
    assert code == 2
    assert stderr == (
        f"coachplan: error: {PLAN}: the change could not be placed without disturbing the "
        "rest of the file; nothing written (make the change by hand with `coachplan edit "
        f"{PLAN}`; or, if the file has no comments to keep, run `coachplan fmt {PLAN}` and "
        "try again)\n"
    )
    assert path.read_bytes() == text.encode()
    # and the advice works: fmt puts the check-ins in [[checkins]] tables, then it is placed
    assert ws.run("fmt", PLAN).exit_code == 0
    assert run(ws, "checkin P --date 2026-11-21 --no-input")[0] == 0


def test_plans_dir_outside_the_workspace_names_its_line(ws: Workspace) -> None:
    (ws.root / "coachplan.toml").write_text(
        '# where plans live\ncheckin_every = "weekly"\nplans_dir = "../plans"\n',
        encoding="utf-8",
    )
    result = ws.run("list")
    assert result.exit_code == 2
    assert result.stderr == (
        f"coachplan: error: {ws.root / 'coachplan.toml'}:3:1: plans_dir '../plans' must be a "
        "directory inside the workspace (give a path relative to the directory of "
        'coachplan.toml, e.g. "plans")\n'
    )


def test_writing_into_a_missing_directory_says_to_create_it(ws: Workspace) -> None:
    ws.write("agent-2291", BASE)
    result = ws.run("validate", "--as-of", AS_OF, "-o", "/nonexistent/dir/x.json")
    assert result.exit_code == 2
    assert result.stderr == (
        "coachplan: error: /nonexistent/dir: directory does not exist (create the directory "
        "first, or choose another path)\n"
    )
    assert "init" not in result.stderr


def test_a_value_off_its_scale_is_not_advice(tmp_path: Path) -> None:
    # S207 is a SMART rule, but a rating of 7 on a 1-5 metric is wrong data, not advice.
    text = (
        COMMENTED.replace('unit = "%"\n', 'kind = "qualitative"\nsource = "360"\n')
        .replace("baseline = 20\ntarget = 60\n", "baseline = 2\ntarget = 4\n")
        .replace("value = 25", "value = 3")
    )
    path = tmp_path / "agent-2291.toml"
    path.write_text(text, encoding="utf-8")

    def rate_seven(current: Current) -> Change:
        item = {"date": date(2026, 11, 21), "value": 7}
        return Change([AppendItem(("goals", 0, "metrics", 0), "measurements", item)], "rated")

    with pytest.raises(RefusedWrite, match="S207 qualitative metric `escalations-handled`"):
        update_plan(path, rate_seven, options=_options(), today=date(2026, 11, 22))
    assert path.read_text(encoding="utf-8") == text


def test_a_dry_run_writes_nothing_and_says_what_it_would_write(tmp_path: Path) -> None:
    path = tmp_path / "agent-2291.toml"
    path.write_text(COMMENTED, encoding="utf-8")

    def checkin(current: Current) -> Change:
        return Change([AddTable((), "checkins", {"date": date(2026, 11, 21)})], "check-in added")

    updated = update_plan(path, checkin, options=_options(), today=date(2026, 11, 22), dry_run=True)
    assert not updated.written and updated.previous == COMMENTED
    assert "date = 2026-11-21" in updated.text
    assert path.read_text(encoding="utf-8") == COMMENTED


@pytest.mark.parametrize("coachee", ["Agent 2291", "New hire 4410"])
def test_templates_use_the_whole_name(ws: Workspace, coachee: str) -> None:
    first = coachee.split()[0]
    for kind in ("coaching", "leadership", "onboarding", "career", "mentoring", "pip"):
        made = ws.run(
            "new", f"p-{kind}", "--coachee", coachee, "--coach", "T1", "--kind", kind,
            "--sponsor", "S1", "--no-input",
        )  # fmt: skip
        assert made.exit_code == 0, made.stderr
        text = ws.read(f"p-{kind}")
        assert f'"{first} ' not in text.replace(f'"{coachee}', '"<name>'), kind
        assert f'without {first}"' not in text
