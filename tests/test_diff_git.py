"""`coachplan diff` and the git textconv driver, in a real git repository."""

from __future__ import annotations

import json
import shlex
import subprocess
import sys
from pathlib import Path

import pytest

from coachplan.core.rulebook.examples import BASE
from tests.conftest import Workspace


def git(root: Path, *args: str) -> str:
    result = subprocess.run(
        ["git", "-c", "user.name=Team lead T1", "-c", "user.email=t1@example.org", *args],
        cwd=root,
        capture_output=True,
        text=True,
        check=True,
    )
    return result.stdout


@pytest.fixture
def repo(ws: Workspace, monkeypatch: pytest.MonkeyPatch) -> Workspace:
    # The user's own git configuration must not change what the tests see.
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", str(ws.root / "no-global-gitconfig"))
    monkeypatch.setenv("GIT_CONFIG_NOSYSTEM", "1")
    git(ws.root, "init", "-q", "-b", "main")
    ws.write("agent-2291", BASE)
    git(ws.root, "add", "-A")
    git(ws.root, "commit", "-qm", "Plan for Agent 2291")
    ws.write("agent-2291", BASE.replace("target = 60", "target = 70"))
    git(ws.root, "commit", "-qam", "Raise the target")
    ws.write(
        "agent-2291",
        BASE.replace("target = 60", "target = 70").replace(
            'status = "active"', 'status = "paused"'
        ),
    )
    return ws


def test_head_against_the_working_tree(repo: Workspace) -> None:
    result = repo.run("diff", "agent-2291")
    assert result.exit_code == 0, result.stderr
    assert result.stdout == (
        'plans/agent-2291.toml: HEAD -> working tree\n  ~ plan: status "active" -> "paused"\n'
    )


def test_two_revisions_and_one(repo: Workspace) -> None:
    two = repo.run("diff", "agent-2291", "HEAD~1", "HEAD")
    assert two.stdout == (
        "plans/agent-2291.toml: HEAD~1 -> HEAD\n  ~ metric escalations-handled: target 60 -> 70\n"
    )
    one = repo.run("diff", "plans/agent-2291.toml", "HEAD~1")
    assert one.stdout.splitlines()[1:] == [
        '  ~ plan: status "active" -> "paused"',
        "  ~ metric escalations-handled: target 60 -> 70",
    ]
    same = repo.run("diff", "agent-2291", "main", "HEAD")
    assert same.stdout.endswith("  no changes to the plan's content\n")


def test_json_and_exit_code(repo: Workspace) -> None:
    data = json.loads(repo.run("diff", "agent-2291", "HEAD~1", "HEAD", "-f", "json").stdout)
    assert data["from"] == "HEAD~1" and data["to"] == "HEAD"
    assert data["changes"] == [
        {
            "kind": "changed",
            "what": "metric",
            "key": "escalations-handled",
            "text": "metric escalations-handled: target 60 -> 70",
        }
    ]
    assert repo.run("diff", "agent-2291", "--exit-code").exit_code == 1
    assert repo.run("diff", "agent-2291", "HEAD", "HEAD", "--exit-code").exit_code == 0


def test_plan_created_and_deleted(repo: Workspace) -> None:
    repo.write("new-hire-1", BASE.replace('kind = "leadership"', 'kind = "onboarding"'))
    git(repo.root, "add", "-A")
    git(repo.root, "commit", "-qm", "Onboarding plan")
    created = repo.run("diff", "new-hire-1", "HEAD~1", "HEAD")
    assert created.stdout.splitlines()[1] == (
        '  + plan created: "Step up to team lead" (onboarding, active)'
    )
    (repo.plans / "new-hire-1.toml").unlink()
    deleted = repo.run("diff", "new-hire-1")
    assert deleted.exit_code == 0
    assert deleted.stdout.splitlines()[1] == '  - plan deleted: "Step up to team lead"'


def test_errors(repo: Workspace, tmp_path_factory: pytest.TempPathFactory) -> None:
    unknown = repo.run("diff", "agent-2291", "no-such-branch")
    assert unknown.exit_code == 2
    assert unknown.stderr == (
        "coachplan: error: unknown revision 'no-such-branch' "
        "(name a commit, branch or tag, e.g. HEAD~1)\n"
    )
    dash = repo.run("diff", "agent-2291", "--", "--output=x")
    assert dash.exit_code == 2 and "unknown revision '--output=x'" in dash.stderr
    missing = repo.run("diff", "agent-9999")
    assert missing.exit_code == 2
    assert "plans/agent-9999.toml: not in HEAD or the working tree" in missing.stderr
    assert repo.run("diff", "Bad Id").exit_code == 2
    assert "missing PLAN" in repo.run("diff").stderr
    elsewhere = Workspace(tmp_path_factory.mktemp("not-a-repo"))
    (elsewhere.root / "plans").mkdir()
    elsewhere.write("agent-1", BASE)
    outside = elsewhere.run("diff", "agent-1")
    assert outside.exit_code == 2 and "is not in a git repository" in outside.stderr


def test_invalid_plan_at_a_revision_is_located(repo: Workspace) -> None:
    repo.write("agent-2291", BASE.replace("target = 60", 'target = "sixty"'))
    git(repo.root, "commit", "-qam", "Broken")
    repo.write("agent-2291", BASE)
    result = repo.run("diff", "agent-2291")
    assert result.exit_code == 2
    line = BASE.splitlines().index("target = 60") + 1
    assert result.stderr.startswith(f"coachplan: error: plans/agent-2291.toml@HEAD:{line}:1: ")


def test_git_diff_through_the_textconv_driver(repo: Workspace) -> None:
    (repo.root / ".gitattributes").write_text("plans/*.toml diff=coachplan\n")
    command = f"{shlex.quote(sys.executable)} -m coachplan diff --textconv"
    git(repo.root, "config", "diff.coachplan.textconv", command)
    shown = git(repo.root, "diff", "HEAD~1", "HEAD")
    assert "-metric escalations-handled target: from 20 % to 60 %\n" in shown
    assert "+metric escalations-handled target: from 20 % to 70 %\n" in shown
    assert "target = " not in shown  # the rendering, not the TOML
    work = git(repo.root, "diff")
    assert "-status: active\n+status: paused\n" in work
    log = git(repo.root, "log", "-p", "--format=%s", "-1", "--", "plans/")
    assert log.startswith("Raise the target\n")
    assert "+metric escalations-handled target: from 20 % to 70 %" in log
    # --no-textconv still shows the file as written.
    assert "+target = 70\n" in git(repo.root, "diff", "--no-textconv", "HEAD~1", "HEAD")


def test_textconv_of_a_file_that_is_not_a_plan(repo: Workspace, tmp_path: Path) -> None:
    broken = tmp_path / "Tmp_File Name.toml"
    broken.write_text('format = 1\ntitle = "x"\nkind = "therapy"\n')
    result = repo.run("diff", "--textconv", str(broken))
    assert result.exit_code == 0
    assert result.stdout.splitlines()[0].startswith("(not a valid plan, shown as written: line ")
    assert result.stdout.endswith('kind = "therapy"\n')
    not_toml = tmp_path / "x.toml"
    not_toml.write_text("[[[")
    assert repo.run("diff", "--textconv", str(not_toml)).stdout.endswith("[[[\n")
    assert repo.run("diff", "agent-2291", "--textconv", str(broken)).exit_code == 2


@pytest.fixture
def history(repo: Workspace) -> Workspace:
    """Between HEAD~2 and HEAD~1: a plan paused, two added; between HEAD~1 and HEAD: one
    added, one removed, one changed; in the working tree, a plan with a new comment and a
    new plan not committed yet."""
    repo.write("agent-5582", BASE.replace('coachee = "Agent 2291"', 'coachee = "Agent 5582"'))
    repo.write("agent-6023", BASE.replace('coachee = "Agent 2291"', 'coachee = "Agent 6023"'))
    git(repo.root, "add", "-A")
    git(repo.root, "commit", "-qam", "Two more plans")
    (repo.plans / "agent-5582.toml").unlink()
    repo.write("agent-7001", BASE.replace('kind = "leadership"', 'kind = "onboarding"'))
    repo.write("agent-6023", repo.read("agent-6023").replace("target = 60", "target = 65"))
    git(repo.root, "add", "-A")
    git(repo.root, "commit", "-qm", "One gone, one new, one changed")
    repo.write("agent-6023", repo.read("agent-6023") + "# reviewed in the one-on-one\n")
    repo.write("agent-8120", BASE)
    return repo


def test_all_plans_between_two_revisions(history: Workspace) -> None:
    result = history.run("diff", "--all", "HEAD~1", "HEAD")
    assert result.exit_code == 0, result.stderr
    assert result.stdout == (
        "plans/agent-5582.toml: HEAD~1 -> HEAD\n"
        '  - plan deleted: "Step up to team lead"\n'
        "\n"
        "plans/agent-6023.toml: HEAD~1 -> HEAD\n"
        "  ~ metric escalations-handled: target 60 -> 65\n"
        "\n"
        "plans/agent-7001.toml: HEAD~1 -> HEAD\n"
        '  + plan created: "Step up to team lead" (onboarding, active)\n'
        "\n"
        "3 plans differ from HEAD~1 to HEAD: 1 added, 1 removed, 1 changed.\n"
    )
    # The plan form is as it was.
    one = history.run("diff", "agent-6023", "HEAD~1", "HEAD")
    assert one.stdout == result.stdout.split("\n\n")[1] + "\n"


def test_all_plans_against_the_working_tree(history: Workspace) -> None:
    result = history.run("diff", "--all", "HEAD")
    assert result.stdout == (
        "plans/agent-6023.toml: HEAD -> working tree\n"
        "  no changes to the plan's content\n"
        "\n"
        "plans/agent-8120.toml: HEAD -> working tree\n"
        '  + plan created: "Step up to team lead" (leadership, active)\n'
        "\n"
        "2 plans differ from HEAD to working tree: 1 added, "
        "1 changed in layout or comments only.\n"
    )
    assert history.run("diff", "--all").stdout == result.stdout  # REV_A defaults to HEAD
    # From the plans directory, the same plans, named from there as every path for people.
    inside = history.run("diff", "--all", "HEAD", cwd=history.plans)
    assert inside.stdout == result.stdout.replace("plans/", "")


def test_all_as_json_and_exit_code(history: Workspace) -> None:
    result = history.run("diff", "--all", "HEAD~2", "HEAD~1", "-f", "json", "--exit-code")
    assert result.exit_code == 1
    data = json.loads(result.stdout)
    assert (data["from"], data["to"]) == ("HEAD~2", "HEAD~1")
    assert [p["file"] for p in data["plans"]] == [
        "plans/agent-2291.toml",
        "plans/agent-5582.toml",
        "plans/agent-6023.toml",
    ]
    assert data["plans"][0]["changes"][0]["text"] == 'plan: status "active" -> "paused"'
    assert data["plans"][1]["changes"][0]["kind"] == "added"
    same = history.run("diff", "--all", "HEAD", "HEAD", "--exit-code")
    assert same.exit_code == 0
    assert same.stdout == "No plan differs from HEAD to HEAD.\n"


def test_all_skips_plans_that_do_not_load(history: Workspace) -> None:
    (history.plans / "agent-9000.toml").write_text("format = \n")
    result = history.run("diff", "--all", "HEAD")
    assert result.exit_code == 2
    assert "plans/agent-8120.toml: HEAD -> working tree" in result.stdout
    assert result.stderr.startswith(
        "coachplan: error: 1 plan skipped: it does not load: plans/agent-9000.toml:1:"
    )


def test_all_usage_errors(history: Workspace) -> None:
    three = history.run("diff", "--all", "HEAD~2", "HEAD~1", "HEAD")
    assert three.exit_code == 2 and "--all takes at most two revisions" in three.stderr
    unknown = history.run("diff", "--all", "no-such-branch")
    assert unknown.exit_code == 2 and "unknown revision 'no-such-branch'" in unknown.stderr
    textconv = history.run("diff", "--all", "--textconv", "plans/agent-2291.toml")
    assert textconv.exit_code == 2
