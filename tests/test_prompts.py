"""On a terminal the editing commands ask for what is missing; --no-input never asks."""

from __future__ import annotations

import tomllib
from datetime import date

import pytest

from coachplan.core.rulebook.examples import BASE
from tests.conftest import Workspace


@pytest.fixture
def terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("coachplan.cli.options.stdin_is_terminal", lambda: True)


@pytest.fixture
def plan(ws: Workspace) -> Workspace:
    ws.write("agent-2291", BASE)
    return ws


def data(ws: Workspace) -> dict[str, object]:
    return tomllib.loads(ws.read("agent-2291"))


@pytest.mark.usefixtures("terminal")
def test_goal_add_asks_for_statement_relevance_due_and_reason(plan: Workspace) -> None:
    answers = "Publish the intraday plan alone\nTeam-lead readiness\n2027-01-29\nSponsor asked\n"
    result = plan.run("goal", "add", "agent-2291", "plan-alone", input=answers)
    assert result.exit_code == 0, result.stderr
    assert "Statement" in result.stdout and "Reason for the change" in result.stdout
    goals = data(plan)["goals"]
    assert isinstance(goals, list)
    assert goals[-1] == {
        "id": "plan-alone",
        "statement": "Publish the intraday plan alone",
        "relevant_to": "Team-lead readiness",
        "due": date(2027, 1, 29),
    }
    revisions = data(plan)["revisions"]
    assert isinstance(revisions, list) and revisions[-1]["summary"] == "Sponsor asked"


@pytest.mark.usefixtures("terminal")
def test_reason_prompt_takes_the_default_on_enter(plan: Workspace) -> None:
    answers = "Publish the intraday plan alone\nTeam-lead readiness\n2027-01-29\n\n"
    assert plan.run("goal", "add", "agent-2291", "plan-alone", input=answers).exit_code == 0
    revisions = data(plan)["revisions"]
    assert isinstance(revisions, list) and revisions[-1]["summary"] == "Added goal plan-alone"


@pytest.mark.usefixtures("terminal")
def test_no_input_never_asks(plan: Workspace) -> None:
    result = plan.run("goal", "add", "agent-2291", "plan-alone", "--no-input", input="x\n")
    assert result.exit_code == 2 and "missing --statement" in result.stderr
    assert result.stdout == ""
    assert plan.read("agent-2291") == BASE


@pytest.mark.usefixtures("terminal")
def test_measure_asks_for_metric_and_value(plan: Workspace) -> None:
    result = plan.run("measure", "agent-2291", input="escalations-handled\n33\n")
    assert result.exit_code == 0, result.stderr
    assert "Metric (escalations-handled)" in result.stdout
    assert "escalations-handled = 33" in result.stderr


@pytest.mark.usefixtures("terminal")
def test_checkin_asks_for_optional_fields_and_enter_skips(plan: Workspace) -> None:
    result = plan.run("checkin", "agent-2291", "--date", "2026-11-21", input="Talked\n\n\n\n")
    assert result.exit_code == 0, result.stderr
    checkins = data(plan)["checkins"]
    assert isinstance(checkins, list)
    assert checkins[-1] == {"date": date(2026, 11, 21), "notes": "Talked"}


@pytest.mark.usefixtures("terminal")
def test_checkin_asks_for_minutes_and_asks_again_for_a_wrong_answer(plan: Workspace) -> None:
    answers = "Talked\n4\n3h\n45\nBook the next one\n"
    result = plan.run("checkin", "agent-2291", "--date", "2026-11-21", input=answers)
    assert result.exit_code == 0, result.stderr
    assert "Minutes" in result.stdout
    assert "'3h' is not a number of minutes: give a whole number from 1 to 1440" in result.stderr
    checkins = data(plan)["checkins"]
    assert isinstance(checkins, list)
    assert checkins[-1] == {
        "date": date(2026, 11, 21),
        "minutes": 45,
        "notes": "Talked",
        "rating": 4,
        "next_steps": "Book the next one",
    }


@pytest.mark.usefixtures("terminal")
def test_checkin_rating_answer_is_checked_and_asked_again(plan: Workspace) -> None:
    answers = "Talked\n9\n4\n\n\n"
    result = plan.run("checkin", "agent-2291", "--date", "2026-11-21", input=answers)
    assert result.exit_code == 0, result.stderr
    assert "'9' is not a rating: give a whole number from 1 to 5; try again" in result.stderr
    assert "--rating" not in result.stderr
    checkins = data(plan)["checkins"]
    assert isinstance(checkins, list) and checkins[-1]["rating"] == 4


@pytest.mark.usefixtures("terminal")
def test_signoff_offers_the_plans_name(plan: Workspace) -> None:
    result = plan.run("signoff", "agent-2291", "--date", "2026-11-21", input="coachee\n\n")
    assert result.exit_code == 0, result.stderr
    assert "[Agent 2291]" in result.stdout
    signoffs = data(plan)["signoffs"]
    assert isinstance(signoffs, list) and signoffs[-1]["name"] == "Agent 2291"


@pytest.mark.usefixtures("terminal")
def test_action_add_asks_which_goal_when_there_are_several(plan: Workspace) -> None:
    args = ("--statement", "S", "--relevant-to", "R", "--due", "2026-12-01", "--reason", "r")
    assert plan.run("goal", "add", "agent-2291", "second", *args).exit_code == 0
    answers = "Read the guide\nsecond\nreading\nHandbook\n2026-12-01\n\n"
    result = plan.run("action", "add", "agent-2291", "read-guide", input=answers)
    assert result.exit_code == 0, result.stderr
    actions = data(plan)["actions"]
    assert isinstance(actions, list)
    assert actions[-1]["goal"] == "second" and actions[-1]["resource"] == "Handbook"


def test_without_a_terminal_required_values_are_errors(plan: Workspace) -> None:
    result = plan.run("measure", "agent-2291")
    assert result.exit_code == 2 and "missing METRIC" in result.stderr
    result = plan.run("metric", "add", "agent-2291", "delegate-roster", "m", "--unit", "%")
    assert result.exit_code == 2 and "missing --description" in result.stderr


QUALITATIVE = BASE.replace(
    'unit = "%"\n', 'kind = "qualitative"\nsource = "360 feedback"\n'
).replace(
    "baseline = 20\ntarget = 60\nmeasurements = [\n  { date = 2026-09-15, value = 25 },\n]",
    "baseline = 2\ntarget = 4",
)


@pytest.mark.usefixtures("terminal")
@pytest.mark.parametrize(
    ("args", "answers", "explained", "never"),
    [
        (
            ("feedback", "agent-2291", "--date", "2026-11-21"),
            "colleague\npeer\nUseful\n",
            "'colleague' is not a source: choose self, peer, manager, direct-report or stakeholder;",
            "--source",
        ),
        (
            ("feedback", "agent-2291", "--date", "2026-11-21"),
            "pear\npeer\nUseful\n",
            "did you mean 'peer'?",
            "--source",
        ),
        (
            ("signoff", "agent-2291", "--date", "2026-11-21"),
            "boss\ncoach\nAgent 4012\n\n",
            "'boss' is not a role: choose coach, coachee or sponsor; try again",
            "--role",
        ),
        (
            ("signoff", "agent-2291", "--date", "2026-11-21"),
            "coach\nAgent 4012\n\n",
            "Agent 4012 is not the plan's coach (Team lead T1)",
            "--name",
        ),
        (
            ("measure", "agent-2291"),
            "escalations\nescalations-handled\nlots\n33\n",
            "no metric 'escalations' in the plan: did you mean 'escalations-handled'?",
            "METRIC",
        ),
        (
            ("baseline", "agent-2291", "--skill", "feedback"),
            "9\n2\n4\n\n",
            "level 9 is outside the scale 1-5",
            "--level",
        ),
        (
            ("action", "add", "agent-2291", "read-guide"),
            "Read the guide\nreading-group\nreading\n\n\n\n",
            "'reading-group' is not a method: did you mean 'reading'?",
            "--method",
        ),
        (
            ("milestone", "add", "agent-2291", "m1"),
            "First roster\n31/10/2026\n2026-10-31\n\n",
            "'31/10/2026' is not a date: use YYYY-MM-DD",
            "--due",
        ),
    ],
    ids=["source", "source-typo", "role", "name", "metric", "level", "method", "due"],
)
def test_a_wrong_answer_is_explained_and_asked_again(
    plan: Workspace, args: tuple[str, ...], answers: str, explained: str, never: str
) -> None:
    result = plan.run(*args, input=answers)
    assert result.exit_code == 0, result.stderr
    assert explained in result.stderr
    assert never not in result.stderr
    assert plan.read("agent-2291") != BASE


@pytest.mark.usefixtures("terminal")
def test_a_qualitative_value_off_the_scale_is_asked_again(ws: Workspace) -> None:
    ws.write("agent-2291", QUALITATIVE)
    result = ws.run("measure", "agent-2291", "escalations-handled", input="7\n4\n")
    assert result.exit_code == 0, result.stderr
    assert "7 is not a rating from 1 to 5; try again" in result.stderr


@pytest.mark.usefixtures("terminal")
def test_new_asks_again_for_a_misspelt_kind(ws: Workspace) -> None:
    result = ws.run(
        "new",
        "agent-1",
        "--coachee",
        "Agent 1",
        "--coach",
        "Team lead T1",
        input="couching\ncoaching\n",
    )
    assert result.exit_code == 0, result.stderr
    assert "did you mean 'coaching'?" in result.stderr and "--kind" not in result.stderr
    assert 'kind = "coaching"' in ws.read("agent-1")


@pytest.mark.usefixtures("terminal")
def test_end_of_input_at_a_prompt_writes_nothing(plan: Workspace) -> None:
    result = plan.run("goal", "add", "agent-2291", "plan-alone", input="Publish alone\n")
    assert result.exit_code == 2
    assert "stopped at the prompt; nothing written" in result.stderr
    assert plan.read("agent-2291") == BASE


@pytest.mark.usefixtures("terminal")
def test_a_draft_is_not_asked_for_a_reason_and_records_no_revision(ws: Workspace) -> None:
    ws.write(
        "agent-2291", BASE.replace('status = "active"', 'status = "draft"').split("[[signoffs]]")[0]
    )
    result = ws.run(
        "goal", "add", "agent-2291", "plan-alone", input="Publish alone\nReadiness\n2027-01-29\n"
    )
    assert result.exit_code == 0, result.stderr
    assert "Reason" not in result.stdout and "revisions" not in ws.read("agent-2291")
