"""The semantic comparison of two plan versions (pure: plans in, changes out)."""

from __future__ import annotations

from pathlib import Path

from coachplan.core.model import Plan
from coachplan.core.plandiff import agreed_changes, diff_plans
from coachplan.core.rulebook.examples import BASE
from coachplan.files.loader import load_text, plan_of
from coachplan.render.plan_lines import render_plan_lines

EXAMPLES = sorted((Path(__file__).parent.parent / "plans").glob("*.toml"))


def plan(text: str) -> Plan:
    return plan_of(load_text(Path("plan.toml"), text))


def changes(old: str, new: str) -> list[str]:
    return [str(c) for c in diff_plans(plan(old), plan(new))]


def test_same_plan_has_no_changes() -> None:
    assert changes(BASE, BASE) == []
    for path in EXAMPLES:
        text = path.read_text()
        assert changes(text, text) == []


def test_created_and_deleted() -> None:
    assert [str(c) for c in diff_plans(None, plan(BASE))] == [
        '+ plan created: "Step up to team lead" (leadership, active)'
    ]
    assert [str(c) for c in diff_plans(plan(BASE), None)] == [
        '- plan deleted: "Step up to team lead"'
    ]
    assert diff_plans(None, None) == []


def test_plan_fields_and_window() -> None:
    new = BASE.replace('status = "active"', 'status = "paused"').replace(
        "end = 2027-02-28", "end = 2027-03-31"
    )
    assert changes(BASE, new) == [
        '~ plan: status "active" -> "paused"',
        "~ plan: window 2026-09-01 to 2027-02-28 -> 2026-09-01 to 2027-03-31",
    ]


GOAL = """
[[goals]]
id = "peer-coaching"
statement = "Run two call-listening sessions a week with new agents"
due = 2027-01-29

[[goals.metrics]]
id = "sessions"
description = "Sessions per fortnight"
unit = "sessions"
baseline = 0
target = 4
measurements = [
  { date = 2026-10-02, value = 1 },
]
"""


def test_goals_added_and_removed_with_their_metrics() -> None:
    assert changes(BASE, BASE + GOAL) == [
        '+ goal added: peer-coaching "Run two call-listening sessions a week with new agents"'
        " (due 2027-01-29)",
        "+ metric added to goal peer-coaching: sessions: Sessions per fortnight from 0 sessions"
        " to 4 sessions",
        "+ measurement recorded: sessions = 1 sessions on 2026-10-02",
    ]
    assert changes(BASE + GOAL, BASE) == [
        '- goal removed: peer-coaching "Run two call-listening sessions a week with new agents"'
        " (due 2027-01-29)"
    ]


def test_goal_and_target_changes() -> None:
    new = BASE.replace("due = 2026-12-15", "due = 2027-01-15").replace("target = 60", "target = 70")
    assert changes(BASE, new) == [
        "~ goal delegate-roster: due 2026-12-15 -> 2027-01-15",
        "~ metric escalations-handled: target 60 -> 70",
    ]


def test_new_measurements_and_corrections() -> None:
    more = BASE.replace(
        "  { date = 2026-09-15, value = 25 },\n",
        "  { date = 2026-09-15, value = 27 },\n"
        '  { date = 2026-10-15, value = 41, note = "two agents own Tuesdays" },\n',
    )
    assert changes(BASE, more) == [
        "+ measurement recorded: escalations-handled = 41 % on 2026-10-15"
        " (two agents own Tuesdays)",
        "~ measurement escalations-handled on 2026-09-15: 25 % -> 27 %",
    ]


def test_actions_and_milestones() -> None:
    done = BASE.replace(
        "due = 2026-10-20\n", 'due = 2026-10-20\nstatus = "done"\ndone_on = 2026-10-14\n'
    )
    milestone = (
        '\n[[milestones]]\nid = "handover"\ntitle = "First roster by an agent"\ndue = 2026-10-31\n'
    )
    reached = milestone + "done_on = 2026-10-30\n"
    assert changes(BASE, done + milestone) == [
        "~ action shadow-planning: todo -> done on 2026-10-14",
        '+ milestone added: handover "First roster by an agent" (due 2026-10-31)',
    ]
    assert changes(BASE + milestone, BASE + reached) == [
        "~ milestone handover reached on 2026-10-30"
    ]


def test_checkins_feedback_assessments_revisions() -> None:
    extra = (
        '\n[[checkins]]\ndate = 2026-12-04\nnotes = "Roster handed over"\nrating = 5\n'
        '\n[[feedback]]\ndate = 2026-12-01\nsource = "peer"\nby = "Agent 12"\ncomment = "Clear"\n'
        "\n[[assessments]]\ndate = 2026-12-02\nlevels = { delegation = 3 }\n"
        '\n[[revisions]]\ndate = 2026-12-03\nsummary = "Target raised"\n'
    )
    assert changes(BASE, BASE + extra) == [
        '+ check-in held: 2026-12-04 (rated 5) "Roster handed over"',
        '+ feedback recorded: 2026-12-01 from peer by Agent 12: "Clear"',
        "+ re-assessment recorded: 2026-12-02 (delegation 3)",
        '+ revision 2026-12-03: "Target raised"',
    ]


SIGNED = BASE.replace(
    'name = "Team lead T1"\ndate = 2026-09-04\n',
    'name = "Team lead T1"\ndate = 2026-09-04\nagreed = "sha256:1f2e"\n',
)


def test_signoff_changes_without_digests() -> None:
    unsigned = BASE.replace(
        '\n[[signoffs]]\nrole = "sponsor"\nname = "Floor manager F1"\ndate = 2026-09-05\n', ""
    )
    assert changes(BASE, unsigned) == ["- sign-off removed: sponsor Floor manager F1 on 2026-09-05"]
    assert changes(unsigned, BASE) == ["+ signed by sponsor Floor manager F1 on 2026-09-05"]
    # A goal changed but no sign-off has a digest: nothing to call stale.
    assert not any(
        c.startswith("!") for c in changes(BASE, BASE.replace("target = 60", "target = 70"))
    )


def test_signoff_with_digest_goes_stale_when_the_agreement_changes() -> None:
    new = SIGNED.replace("target = 60", "target = 70").replace(
        "due = 2026-12-15", "due = 2027-01-15"
    )
    assert changes(SIGNED, new)[-1] == (
        "! sign-off by coach Team lead T1 on 2026-09-04 is stale: goals and targets changed"
        " since it was agreed"
    )
    # Progress is not a change of what was agreed.
    progress = (
        SIGNED.replace(
            "  { date = 2026-09-15, value = 25 },\n",
            "  { date = 2026-09-15, value = 25 },\n  { date = 2026-10-15, value = 41 },\n",
        )
        + '\n[[checkins]]\ndate = 2026-12-04\nnotes = "ok"\n'
    )
    assert not any(c.startswith("!") for c in changes(SIGNED, progress))
    # Signed again with a new digest: renewed, not stale.
    renewed = new.replace('agreed = "sha256:1f2e"', 'agreed = "sha256:9a9a"').replace(
        "date = 2026-09-04\nagreed", "date = 2026-11-01\nagreed"
    )
    result = changes(SIGNED, renewed)
    assert "~ signed again by coach Team lead T1 on 2026-11-01" in result
    assert not any(c.startswith("!") for c in result)


def test_agreed_changes_names_each_part() -> None:
    base = plan(BASE)
    assert agreed_changes(base, base) == []
    window = plan(BASE.replace("end = 2027-02-28", "end = 2027-03-31"))
    assert agreed_changes(base, window) == ["window"]
    action = plan(
        BASE.replace(
            'resource = "Floor manager, Tuesday planning slot"', 'resource = "Team lead T1"'
        )
    )
    assert agreed_changes(base, action) == ["actions"]


def test_plan_lines_name_what_each_line_is_about() -> None:
    text = render_plan_lines(plan(BASE))
    assert "status: active\n" in text
    assert "metric escalations-handled target: from 20 % to 60 %\n" in text
    assert "measurement escalations-handled 2026-09-15: 25 %\n" in text
    assert "signed by coach: Team lead T1 on 2026-09-04\n" in text
    for path in EXAMPLES:  # every line stands alone: a label, a colon, a value
        for line in render_plan_lines(plan(path.read_text())).splitlines():
            label, _, value = line.partition(": ")
            assert label and value, line


def test_plan_lines_split_multi_line_text() -> None:
    text = render_plan_lines(
        plan(
            BASE.replace(
                'checkin_every = "fortnightly"',
                'checkin_every = "fortnightly"\nsummary = """\nFirst line\nSecond line"""',
            )
        )
    )
    assert "summary: First line\nsummary: Second line\n" in text
