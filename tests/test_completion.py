"""Shell completion as the shell asks for it: a real process with typer's variables."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from coachplan.core.rulebook.examples import BASE
from tests.conftest import Workspace


def complete(ws: Workspace, line: str, shell: str = "bash") -> list[str]:
    words = line.split(" ")
    env = {**os.environ, "_COACHPLAN_COMPLETE": f"complete_{shell}"}
    if shell == "bash":
        env |= {"COMP_WORDS": line, "COMP_CWORD": str(len(words) - 1)}
    else:
        env |= {"_TYPER_COMPLETE_ARGS": line, "_TYPER_COMPLETE_FISH_ACTION": "get-args"}
    result = subprocess.run(
        [sys.executable, "-m", "coachplan"],
        cwd=ws.root,
        env=env,
        capture_output=True,
        text=True,
        check=False,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    return [line for line in result.stdout.splitlines() if line]


@pytest.fixture
def plans(ws: Workspace) -> Workspace:
    ws.write("agent-2291", BASE)
    ws.write("agent-3107", BASE.replace("Step up to team lead", "Schedule adherence"))
    ws.write("new-hire-4410", BASE)
    return ws


def test_commands(plans: Workspace) -> None:
    assert complete(plans, "coachplan va") == ["validate"]
    assert "diff" in complete(plans, "coachplan ")


def test_plan_ids(plans: Workspace) -> None:
    assert complete(plans, "coachplan show agent-") == ["agent-2291", "agent-3107"]
    assert complete(plans, "coachplan diff ") == ["agent-2291", "agent-3107", "new-hire-4410"]
    zsh = "\n".join(complete(plans, "coachplan show agent-3", shell="zsh"))
    assert '"agent-3107":"Schedule adherence"' in zsh


def test_plan_ids_never_fail(plans: Workspace) -> None:
    (plans.root / "coachplan.toml").write_text("plans_dir = [\n")
    assert complete(plans, "coachplan show a") == []


def test_rule_codes(plans: Workspace) -> None:
    assert complete(plans, "coachplan rules S20") == [f"S20{i}" for i in range(1, 8)]
    assert complete(plans, "coachplan validate --select K10") == [f"K10{i}" for i in range(1, 7)]
    assert complete(plans, "coachplan validate --ignore S201,P10")[:2] == [
        "S201,P101",
        "S201,P102",
    ]
    assert complete(plans, "coachplan validate --extend-select F00") == ["F001", "F002"]
    fish = complete(plans, "coachplan rules F00", shell="fish")
    assert fish[0].startswith("F001\t")


def test_show_completion_prints_a_script(plans: Workspace) -> None:
    result = plans.run("--show-completion", "bash")
    assert result.exit_code == 0
    assert "_COACHPLAN_COMPLETE=complete_bash" in result.stdout
    assert "complete -o default -F _coachplan_completion coachplan" in result.stdout


def test_install_completion_writes_the_start_up_file(
    plans: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("HOME", str(plans.root))
    result = plans.run("--install-completion", "bash")
    assert result.exit_code == 0, result.stderr
    assert "bash completion installed" in result.stdout
    assert ".bash_completions/coachplan.sh" in (plans.root / ".bashrc").read_text()


def test_outcomes_of_the_plans_kind(plans: Workspace) -> None:
    plans.write("pip-1", BASE.replace('kind = "leadership"', 'kind = "pip"'))
    assert complete(plans, "coachplan close pip-1 --outcome ") == [
        "passed",
        "not-passed",
        "extended",
    ]
    assert complete(plans, "coachplan close agent-2291 --outcome p") == ["partly-achieved"]
    assert "passed" in complete(plans, "coachplan close no-such-plan --outcome ")
    assert complete(plans, "coachplan close agent-") == ["agent-2291", "agent-3107"]
    assert complete(plans, "coachplan report outcomes --by s") == ["sponsor", "skill"]
