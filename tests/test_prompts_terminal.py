"""Prompts on a real pseudo-terminal: wrong answers are explained and asked again, never
naming an option the user did not type; Ctrl-C and end of input stop with exit 2 and
write nothing; removals show what goes and ask first."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

from coachplan.core.rulebook.examples import BASE
from tests.terminal import Terminal


@pytest.fixture
def workspace(tmp_path: Path) -> Path:
    (tmp_path / "coachplan.toml").write_text('plans_dir = "plans"\n', encoding="utf-8")
    (tmp_path / "plans").mkdir()
    (tmp_path / "plans" / "agent-2291.toml").write_text(BASE, encoding="utf-8")
    return tmp_path


def plan_text(workspace: Path) -> str:
    return (workspace / "plans" / "agent-2291.toml").read_text(encoding="utf-8")


def test_wrong_answers_are_asked_again(workspace: Path) -> None:
    term = Terminal(
        "goal", "add", "agent-2291", "coach-peers", "--statement", "Run two sessions a week",
        cwd=workspace,
    )  # fmt: skip
    term.expect("Relevant to (the outcome it serves): ")
    term.type("")
    assert "an answer is needed" in term.expect("Relevant to (the outcome it serves): ")
    term.type("Coaching habit of a team lead")
    term.expect("Due (YYYY-MM-DD): ")
    term.type("next month")
    said = term.expect("Due (YYYY-MM-DD): ")
    assert "'next month' is not a date: use YYYY-MM-DD" in said
    term.type("2027-01-29")
    term.expect(
        "Reason for the change (recorded in the plan's revisions) [Added goal coach-peers]: "
    )
    term.type("Agreed at mid-point")
    assert term.finish() == 0
    assert "--due" not in term.screen and "--relevant-to" not in term.screen
    data = tomllib.loads(plan_text(workspace))
    assert data["goals"][-1]["due"].isoformat() == "2027-01-29"
    assert data["revisions"][-1]["summary"] == "Agreed at mid-point"


@pytest.mark.parametrize("key", [b"\x03", b"\x04"], ids=["ctrl-c", "ctrl-d"])
def test_ctrl_c_and_end_of_input_stop_and_write_nothing(workspace: Path, key: bytes) -> None:
    term = Terminal("checkin", "agent-2291", "--date", "2026-11-21", cwd=workspace)
    term.expect("Notes (Enter to skip): ")
    term.type("Talked")
    term.expect("Rating 1-5 (Enter to skip): ")
    term.type("7")
    assert "'7' is not a rating: give a whole number from 1 to 5; try again" in term.expect(
        "Rating 1-5 (Enter to skip): "
    )
    term.press(key)
    assert term.finish() == 2
    assert "stopped at the prompt; nothing written" in term.screen
    assert "--rating" not in term.screen
    assert plan_text(workspace) == BASE


def test_a_removal_shows_what_goes_and_asks(workspace: Path) -> None:
    term = Terminal("action", "remove", "agent-2291", "shadow-planning", cwd=workspace)
    shown = term.expect("Remove action shadow-planning from plans/agent-2291.toml? [y/N] ")
    assert '-id = "shadow-planning"' in shown and "+summary = " in shown
    term.type("maybe")
    assert "answer y or n" in term.expect("? [y/N] ")
    term.type("n")
    assert term.finish() == 2
    assert "action shadow-planning not removed; nothing written" in term.screen
    assert plan_text(workspace) == BASE

    term = Terminal("action", "remove", "agent-2291", "shadow-planning", cwd=workspace)
    term.expect("? [y/N] ")
    term.type("y")
    term.expect("Reason for the change (recorded in the plan's revisions) [Removed action ")
    term.type("")
    assert term.finish() == 0
    assert "removed action shadow-planning" in term.screen
    actions = tomllib.loads(plan_text(workspace)).get("actions", [])
    assert [a["id"] for a in actions if a["id"] == "shadow-planning"] == []
