"""Every editing command through the CLI: what it writes, and nothing else changes.

Each command runs on a hand-written plan full of comments; the test checks byte for byte
that every line it did not mean to change is still there, and that the new lines are the
canonical ones. The same commands on a canonical plan leave `fmt --check` clean.
"""

from __future__ import annotations

import shlex
import tomllib
from datetime import date

import pytest

from coachplan.core.rulebook.examples import BASE
from tests.conftest import Workspace
from tests.editing_plans import COMMENTED, line_changes

TODAY = date.today().isoformat()

# (command line after the plan id is put in, lines it may replace, lines it must add)
COMMANDS: list[tuple[str, list[str], list[str]]] = [
    (
        "measure P escalations-handled 30 --date 2026-11-21",
        [],
        [
            "  { date = 2026-11-21, value = 30 },\n",
        ],
    ),
    (
        "measure P escalations-handled 32.5 --date 2026-11-21 --note ok",
        [],
        [
            '  { date = 2026-11-21, value = 32.5, note = "ok" },\n',
        ],
    ),
    (
        "checkin P --date 2026-11-21 --notes Talked --rating 4 --next 'Plan the handover'",
        [],
        [
            "[[checkins]]\n",
            "date = 2026-11-21\n",
            'notes = "Talked"\n',
            "rating = 4\n",
            'next_steps = "Plan the handover"\n',
            "\n",
        ],
    ),
    (
        (
            "feedback P --source peer --by 'Agent 4012' --rating 4 --comment Useful "
            "--goal delegate-roster --date 2026-11-21"
        ),
        [],
        [
            "[[feedback]]\n",
            "date = 2026-11-21\n",
            'source = "peer"\n',
            'by = "Agent 4012"\n',
            "rating = 4\n",
            'comment = "Useful"\n',
            'goal = "delegate-roster"\n',
            "\n",
        ],
    ),
    (
        "baseline P --skill feedback --level 2 --target 4 --evidence 'No sessions yet'",
        [],
        [
            "[[baseline.skills]]\n",
            'skill = "feedback"\n',
            "level = 2\n",
            "target = 4\n",
            'evidence = "No sessions yet"\n',
            "\n",
        ],
    ),
    (
        "assess P delegation=3 --date 2026-11-21 --method Interview",
        [],
        [
            "[[assessments]]\n",
            "date = 2026-11-21\n",
            'method = "Interview"\n',
            "levels = { delegation = 3 }\n",
            "\n",
        ],
    ),
    (
        (
            "goal add P coach-peers --statement "
            "'Run two call-listening sessions a week' --relevant-to 'Coaching habit' "
            "--due 2027-01-29"
        ),
        [],
        [
            "[[goals]]\n",
            'id = "coach-peers"\n',
            'statement = "Run two call-listening sessions a week"\n',
            'relevant_to = "Coaching habit"\n',
            "due = 2027-01-29\n",
            "\n",
            "[[revisions]]\n",
            f"date = {TODAY}\n",
            'summary = "Added goal coach-peers"\n',
            "\n",
        ],
    ),
    (
        (
            "metric add P delegate-roster roster-share --description "
            "'Rosters published by senior agents' --unit % --baseline 0 --target 50 "
            "--reason 'Sponsor asked for a roster metric'"
        ),
        [],
        [
            "[[goals.metrics]]\n",
            'id = "roster-share"\n',
            'description = "Rosters published by senior agents"\n',
            'unit = "%"\n',
            "baseline = 0\n",
            "target = 50\n",
            "\n",
            "[[revisions]]\n",
            f"date = {TODAY}\n",
            'summary = "Sponsor asked for a roster metric"\n',
            "\n",
        ],
    ),
    (
        (
            "action add P read-guide --description 'Read the delegation guide' --method "
            "reading --resource 'Team-lead handbook' --due 2026-12-01"
        ),
        [],
        [
            "[[actions]]\n",
            'id = "read-guide"\n',
            'goal = "delegate-roster"\n',
            'description = "Read the delegation guide"\n',
            'method = "reading"\n',
            'resource = "Team-lead handbook"\n',
            "due = 2026-12-01\n",
            "\n",
            "[[revisions]]\n",
            f"date = {TODAY}\n",
            'summary = "Added action read-guide"\n',
            "\n",
        ],
    ),
    (
        "action done P shadow-planning --date 2026-10-14",
        [],
        [
            'status = "done"\n',
            "done_on = 2026-10-14\n",
        ],
    ),
    (
        (
            "milestone add P second-handover --title 'Second roster handed over' --due "
            "2026-12-10 --goal delegate-roster"
        ),
        [],
        [
            "[[milestones]]\n",
            'id = "second-handover"\n',
            'title = "Second roster handed over"\n',
            "due = 2026-12-10\n",
            'goals = ["delegate-roster"]\n',
            "\n",
            "[[revisions]]\n",
            f"date = {TODAY}\n",
            'summary = "Added milestone second-handover"\n',
            "\n",
        ],
    ),
    (
        "status P paused --date 2026-11-21 --reason 'On leave until January'",
        ['status = "active"   # signed on 4 September\n'],
        [
            'status = "paused"   # signed on 4 September\n',
            "\n",
            "[[revisions]]\n",
            "date = 2026-11-21\n",
            'summary = "status active -> paused: On leave until January"\n',
        ],
    ),
]


def _run(ws: Workspace, args: str, plan_id: str = "agent-2291") -> None:
    result = ws.run(*[plan_id if a == "P" else a for a in shlex.split(args)])
    assert result.exit_code == 0, result.stderr
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize(("args", "replaced", "added"), COMMANDS, ids=lambda v: str(v)[:40])
def test_command_keeps_every_other_line(
    ws: Workspace, args: str, replaced: list[str], added: list[str]
) -> None:
    ws.write("agent-2291", COMMENTED)
    _run(ws, args, "agent-2291")
    new = ws.read("agent-2291")
    removed, inserted = line_changes(COMMENTED, new)
    assert removed == replaced
    assert sorted(inserted) == sorted(added)


@pytest.mark.parametrize(("args", "replaced", "added"), COMMANDS, ids=lambda v: str(v)[:40])
def test_command_on_canonical_plan_stays_canonical(
    ws: Workspace, args: str, replaced: list[str], added: list[str]
) -> None:
    ws.write("agent-2291", BASE)
    assert ws.run("fmt", "--check").exit_code == 0
    _run(ws, args, "agent-2291")
    assert ws.read("agent-2291") != BASE
    check = ws.run("fmt", "--check")
    assert check.exit_code == 0, check.stderr


def test_new_entries_go_before_the_comments_of_the_next_table(ws: Workspace) -> None:
    ws.write("agent-2291", COMMENTED)
    _run(ws, "checkin P --date 2026-11-21 --notes Talked")
    text = ws.read("agent-2291")
    assert (
        'notes = "Talked"\n\n# Agreement: all three signed in the discovery session.\n'
        "[[signoffs]]" in text
    )
    _run(ws, "action done P shadow-planning --date 2026-10-14")
    assert (
        'due = 2026-10-20\nstatus = "done"\ndone_on = 2026-10-14\n'
        "# booked for the first two Tuesdays\n" in ws.read("agent-2291")
    )


def test_first_entry_of_a_kind_goes_to_its_canonical_place(ws: Workspace) -> None:
    ws.write("agent-2291", COMMENTED)
    _run(ws, "feedback P --source self --comment 'Hard to let go'")
    text = ws.read("agent-2291")
    # feedback comes after check-ins and before sign-offs, whose comment stays with them
    assert text.index("[[checkins]]") < text.index("[[feedback]]") < text.index("# Agreement")
    assert text.endswith("# end of plan\n")


def test_milestone_done(ws: Workspace) -> None:
    ws.write("agent-2291", COMMENTED)
    _run(ws, "milestone done P first-handover --date 2026-10-30")
    removed, added = line_changes(COMMENTED, ws.read("agent-2291"))
    assert removed == [] and added == ["done_on = 2026-10-30\n"]
    again = ws.run("milestone", "done", "agent-2291", "first-handover")
    assert again.exit_code == 0 and "already reached" in again.stderr


def test_baseline_updates_an_existing_skill_in_place(ws: Workspace) -> None:
    ws.write("agent-2291", COMMENTED)
    _run(ws, "baseline P --skill delegation --level 3 --target 4 --reason 'Mis-read the survey'")
    removed, added = line_changes(COMMENTED, ws.read("agent-2291"))
    assert removed == ["level = 2   # from the 360 survey\n"]
    assert added == [
        "level = 3   # from the 360 survey\n",
        "[[revisions]]\n",
        f"date = {TODAY}\n",
        'summary = "Mis-read the survey"\n',
        "\n",
    ]


def test_baseline_creates_the_table(ws: Workspace) -> None:
    text = COMMENTED.replace(COMMENTED[COMMENTED.index("# Where") : COMMENTED.index("# ---")], "")
    ws.write("agent-2291", text)
    refused = ws.run(
        "baseline", "agent-2291", "--skill", "delegation", "--level", "2", "--target", "4"
    )
    assert refused.exit_code == 2 and "missing --method" in refused.stderr
    _run(
        ws,
        "baseline P --skill delegation --level 2 --target 4  --method Interview --date 2026-09-03",
    )
    data = tomllib.loads(ws.read("agent-2291"))
    assert data["baseline"] == {
        "date": date(2026, 9, 3),
        "method": "Interview",
        "skills": [{"skill": "delegation", "level": 2, "target": 4}],
    }
    assert ws.read("agent-2291").index("[baseline]") < ws.read("agent-2291").index("# ---")


def test_measure_confirms_with_progress(ws: Workspace) -> None:
    ws.write("agent-2291", BASE)
    result = ws.run("measure", "agent-2291", "escalations-handled", "40", "--date", "2026-11-21")
    assert result.exit_code == 0
    line = result.stderr.strip()
    assert line.count("\n") == 0
    assert "escalations-handled = 40 on 2026-11-21" in line
    assert "50% of the way from 20 to 60" in line and "improving" in line


def test_measure_defaults_to_today(ws: Workspace) -> None:
    ws.write("agent-2291", BASE)
    assert ws.run("measure", "agent-2291", "escalations-handled", "30").exit_code == 0
    data = tomllib.loads(ws.read("agent-2291"))
    assert data["goals"][0]["metrics"][0]["measurements"][-1] == {
        "date": date.today(),
        "value": 30,
    }


def test_checkin_confirms_next_due(ws: Workspace) -> None:
    ws.write("agent-2291", BASE)
    result = ws.run("checkin", "agent-2291", "--date", "2026-11-21", "--rating", "5")
    assert result.exit_code == 0
    assert "check-in on 2026-11-21 recorded (2 held; next due by 2026-12-05" in result.stderr


def test_checkin_recorded_late_counts_next_due_from_the_latest(
    ws: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("coachplan.cli.options.today", lambda: date(2026, 11, 22))
    ws.write("agent-2291", BASE)  # its last check-in is on 2026-11-20
    result = ws.run("checkin", "agent-2291", "--date", "2026-11-06", "--rating", "4")
    assert result.exit_code == 0, result.stderr
    assert "(2 held; next due by 2026-12-04" in result.stderr


def test_signoff_records_the_agreed_digest(ws: Workspace) -> None:
    from coachplan.core.agreement import agreement_digest
    from coachplan.core.model import Plan

    ws.write("agent-2291", BASE)
    result = ws.run("signoff", "agent-2291", "--role", "coachee", "--date", "2026-11-21")
    assert result.exit_code == 0, result.stderr
    assert "coachee Agent 2291 signed on 2026-11-21" in result.stderr  # name from the plan
    data = tomllib.loads(ws.read("agent-2291"))
    digest = agreement_digest(Plan.model_validate(data))
    assert data["signoffs"][-1]["agreed"] == digest
    assert digest.startswith("sha256:") and len(digest) == 7 + 64
    assert len(data["signoffs"]) == 4  # the earlier sign-off is kept as history


def test_change_of_agreed_content_makes_signoffs_stale(ws: Workspace) -> None:
    ws.write("agent-2291", BASE)
    for role in ("coach", "coachee"):
        assert (
            ws.run("signoff", "agent-2291", "--role", role, "--date", "2026-11-21").exit_code == 0
        )
    assert ws.run("validate", "--as-of", TODAY).exit_code == 0
    # progress does not touch what was agreed
    assert ws.run("measure", "agent-2291", "escalations-handled", "30").exit_code == 0
    assert ws.run("checkin", "agent-2291", "--date", "2026-11-21").exit_code == 0
    assert ws.run("action", "done", "agent-2291", "shadow-planning").exit_code == 0
    assert ws.run("validate", "--as-of", TODAY).exit_code == 0
    # a new target does
    changed = ws.run(
        "metric", "add", "agent-2291", "delegate-roster", "roster-share", "--description",
        "Rosters published by senior agents", "--unit", "%", "--baseline", "0", "--target", "50",
    )  # fmt: skip
    assert changed.exit_code == 0
    assert changed.stderr.count("P108") == 2 and "warning" in changed.stderr
    validate = ws.run("validate", "--as-of", TODAY, "--format", "concise")
    assert validate.exit_code == 1 and validate.stdout.count("P108") == 2
    shown = ws.run("show", "agent-2291", "--as-of", TODAY).stdout
    assert "must sign again" in shown and "coach Team lead T1, coachee Agent 2291" in shown
    for role in ("coach", "coachee"):
        assert ws.run("signoff", "agent-2291", "--role", role).exit_code == 0
    assert ws.run("validate", "--as-of", TODAY).exit_code == 0
    assert "must sign again" not in ws.run("show", "agent-2291").stdout


def test_signoff_says_who_still_has_to_sign(ws: Workspace) -> None:
    ws.write("agent-2291", BASE.replace('kind = "leadership"', 'kind = "pip"'))
    result = ws.run("signoff", "agent-2291", "--role", "coach", "--date", "2026-11-21")
    assert "still to sign: coachee, sponsor" not in result.stderr  # hand-written ones count
    ws.write("agent-2291", BASE.split("[[signoffs]]")[0].replace('"leadership"', '"pip"'))
    result = ws.run("signoff", "agent-2291", "--role", "coach", "--date", "2026-11-21")
    assert "still to sign: coachee, sponsor" in result.stderr


# -- refusals -----------------------------------------------------------------------------


def _unchanged(ws: Workspace, text: str, *args: str) -> str:
    result = ws.run(*args)
    assert result.exit_code == 2, result.stderr
    assert ws.read("agent-2291") == text
    assert result.stderr.startswith("coachplan: error: ") and "Traceback" not in result.stderr
    return result.stderr


@pytest.mark.parametrize(
    ("args", "message"),
    [
        ("measure agent-2291 escalation-handled 3", "did you mean 'escalations-handled'"),
        ("measure agent-2291 escalations-handled many", "'many' is not a number"),
        ("measure agent-2291 escalations-handled 25 --date 2026-09-15", "already recorded"),
        ("checkin agent-2291 --date 2026-11-20", "already recorded"),
        ("checkin agent-2291 --date 20-11-2026", "is not a date"),
        (
            ("goal add agent-2291 delegate-roster --statement S --relevant-to R --due 2026-12-01"),
            "already has a goal",
        ),
        ("goal add agent-2291 'Bad Id'", "not a valid id"),
        ("goal add agent-2291 new-goal --no-input", "missing --statement"),
        (
            ("metric add agent-2291 nope m --description d --unit % --baseline 1 --target 2"),
            "no goal 'nope'",
        ),
        ("metric add agent-2291 delegate-roster m --unit % --qualitative", "not both"),
        ("action add agent-2291 shadow-planning --description d", "already has an action"),
        ("action add agent-2291 x --description d --method osmosis", "--method"),
        ("action done agent-2291 nope", "no action 'nope'"),
        (
            "milestone add agent-2291 m --title 'Two\nlines' --due 2026-12-01",
            "--title: must be one line",
        ),
        ("milestone add agent-2291 m --title T --due 2026-12-01 --goal nope", "no goal 'nope'"),
        ("feedback agent-2291 --source boss --comment c", "--source"),
        ("assess agent-2291 delegaton=3", "did you mean 'delegation'"),
        ("assess agent-2291 delegation=9", "outside the scale 1-5"),
        ("baseline agent-2291 --skill x --level 0 --target 3", "outside the scale"),
        ("signoff agent-2291 --role boss --name X", "--role"),
        ("status agent-2291 finished", "STATUS"),
        ("measure nobody m 1", "no plan 'nobody'"),
    ],
    ids=lambda v: str(v)[:48],
)
def test_refusals_leave_the_file_as_it_was(ws: Workspace, args: str, message: str) -> None:
    ws.write("agent-2291", COMMENTED)
    assert message in _unchanged(ws, COMMENTED, *shlex.split(args))


def test_a_plan_that_does_not_load_is_refused_unless_forced(ws: Workspace) -> None:
    text = COMMENTED.replace(
        'checkin_every = "fortnightly"', 'checkin_every = "fortnightly"\nmood = "good"'
    )
    ws.write("agent-2291", text)
    args = ("checkin", "agent-2291", "--date", "2026-11-21", "--notes", "Talked")
    stderr = _unchanged(ws, text, *args)
    assert "plans/agent-2291.toml:13:1:" in stderr and "mood" in stderr and "--force" in stderr
    forced = ws.run(*args, "--force")
    assert forced.exit_code == 0
    assert "still does not load" in forced.stderr
    new = ws.read("agent-2291")
    removed, _ = line_changes(text, new)
    assert removed == [] and 'mood = "good"' in new and 'notes = "Talked"' in new


def test_a_file_that_is_not_toml_is_refused_even_when_forced(ws: Workspace) -> None:
    text = COMMENTED.replace('title = "Step up to team lead"', 'title = "Step up')
    ws.write("agent-2291", text)
    stderr = _unchanged(ws, text, "checkin", "agent-2291", "--force", "--notes", "x")
    assert "TOML syntax error" in stderr and ":3:" in stderr


def test_refused_write_leaves_no_temporary_file(ws: Workspace) -> None:
    ws.write("agent-2291", COMMENTED)
    _unchanged(
        ws,
        COMMENTED,
        "milestone",
        "add",
        "agent-2291",
        "m",
        "--title",
        "A\nB",
        "--due",
        "2026-12-01",
    )
    assert sorted(p.name for p in ws.plans.iterdir()) == ["agent-2291.toml"]


def test_action_done_twice_changes_nothing(ws: Workspace) -> None:
    ws.write("agent-2291", COMMENTED)
    _run(ws, "action done P shadow-planning --date 2026-10-14")
    once = ws.read("agent-2291")
    again = ws.run("action", "done", "agent-2291", "shadow-planning")
    assert again.exit_code == 0 and "already done" in again.stderr
    assert ws.read("agent-2291") == once


def test_action_needs_a_goal_when_there_are_several(ws: Workspace) -> None:
    ws.write("agent-2291", COMMENTED)
    _run(ws, "goal add P second --statement S --relevant-to R --due 2026-12-01")
    before = ws.read("agent-2291")
    stderr = _unchanged(ws, before, "action", "add", "agent-2291", "a", "--description", "d")
    assert "several goals: delegate-roster, second" in stderr


# -- status ----------------------------------------------------------------------------------

DRAFT = BASE.replace('status = "active"', 'status = "draft"')


def test_activating_a_ready_plan(ws: Workspace) -> None:
    ws.write("agent-2291", DRAFT)
    result = ws.run("status", "agent-2291", "active", "--date", "2026-09-05")
    assert result.exit_code == 0 and "status draft -> active" in result.stderr
    revision = '\n[[revisions]]\ndate = 2026-09-05\nsummary = "status draft -> active"\n'
    assert ws.read("agent-2291") == BASE + revision
    same = ws.run("status", "agent-2291", "active")
    assert same.exit_code == 0 and "already active" in same.stderr


def test_activating_lists_what_is_missing(ws: Workspace) -> None:
    text = DRAFT.split("[[signoffs]]")[0].rstrip("\n") + "\n"
    ws.write("agent-2291", text)
    result = ws.run("status", "agent-2291", "active")
    assert result.exit_code == 2 and ws.read("agent-2291") == text
    assert "P103" in result.stderr and "coach (Team lead T1) has not signed" in result.stderr
    assert "not ready to be active: 2 problems" in result.stderr
    forced = ws.run("status", "agent-2291", "active", "--force")
    assert forced.exit_code == 0 and 'status = "active"' in ws.read("agent-2291")


def test_signoff_adds_its_entry_and_nothing_else(ws: Workspace) -> None:
    from coachplan.core.agreement import agreement_digest
    from coachplan.core.model import Plan

    ws.write("agent-2291", COMMENTED)
    _run(ws, "signoff P --role coachee --date 2026-11-21")
    removed, added = line_changes(COMMENTED, ws.read("agent-2291"))
    digest = agreement_digest(Plan.model_validate(tomllib.loads(COMMENTED)))
    assert removed == []
    assert sorted(added) == sorted(
        [
            "[[signoffs]]\n",
            'role = "coachee"\n',
            'name = "Agent 2291"\n',
            "date = 2026-11-21\n",
            f'agreed = "{digest}"\n',
            "\n",
        ]
    )


def test_negative_value_after_double_dash(ws: Workspace) -> None:
    ws.write("agent-2291", BASE)
    result = ws.run(
        "measure", "agent-2291", "escalations-handled", "--date", "2026-11-21", "--", "-3"
    )
    assert result.exit_code == 0, result.stderr
    assert "escalations-handled = -3 on 2026-11-21" in result.stderr


def test_every_editing_command_accepts_no_input(ws: Workspace) -> None:
    ws.write("agent-2291", COMMENTED)
    for args in (
        "action done P shadow-planning --date 2026-10-14",
        "milestone done P first-handover --date 2026-10-30",
        "assess P delegation=3 --date 2026-11-21",
        "status P paused",
    ):
        _run(ws, args + " --no-input")
