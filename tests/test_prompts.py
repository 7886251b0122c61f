"""On a terminal the editing commands ask for what is missing; --no-input never asks."""

from __future__ import annotations

import tomllib
from datetime import date

import pytest

from coachplan.core.rulebook.examples import BASE
from tests.conftest import Workspace


@pytest.fixture
def terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("coachplan.cli.editing.stdin_is_terminal", lambda: True)


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
def test_checkin_asks_for_minutes_and_checks_the_answer(plan: Workspace) -> None:
    answers = "Talked\n4\n45\nBook the next one\n"
    result = plan.run("checkin", "agent-2291", "--date", "2026-11-21", input=answers)
    assert result.exit_code == 0, result.stderr
    assert "Minutes" in result.stdout
    checkins = data(plan)["checkins"]
    assert isinstance(checkins, list)
    assert checkins[-1] == {
        "date": date(2026, 11, 21),
        "minutes": 45,
        "notes": "Talked",
        "rating": 4,
        "next_steps": "Book the next one",
    }
    wrong = plan.run("checkin", "agent-2291", "--date", "2026-11-19", input="Talked\n4\n3h\n")
    assert wrong.exit_code == 2 and "not a number of minutes" in wrong.stderr


@pytest.mark.usefixtures("terminal")
def test_checkin_rating_answer_is_checked(plan: Workspace) -> None:
    result = plan.run("checkin", "agent-2291", "--date", "2026-11-21", input="Talked\n9\n\n\n")
    assert result.exit_code == 2 and "not a rating from 1 to 5" in result.stderr
    assert plan.read("agent-2291") == BASE


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
