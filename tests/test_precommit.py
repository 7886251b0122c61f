"""The published pre-commit hooks, run by the real pre-commit as a user's repository would.

pre-commit installs this project from a git repository into an environment of its own (pip
from the package index, nothing else from the network) and runs a hook, as it does for a
repository whose .pre-commit-config.yaml names this project.
"""

from __future__ import annotations

import fcntl
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from coachplan.core.rulebook.examples import BASE

PROJECT = Path(__file__).parent.parent
IDENTITY = ("-c", "user.name=Team lead T1", "-c", "user.email=t1@example.org")


def run(
    *args: str, cwd: Path, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        args, cwd=cwd, env=env, capture_output=True, text=True, check=False, timeout=900
    )


@pytest.fixture(scope="session")
def shared(tmp_path_factory: pytest.TempPathFactory, worker_id: str) -> Path:
    """A directory all test workers share: the hooks repository and the pre-commit home
    (whose environments pre-commit installs under its own lock) are made once per run,
    however the tests are spread over workers."""
    base = tmp_path_factory.getbasetemp()
    root = (base if worker_id == "master" else base.parent) / "pre-commit-shared"
    root.mkdir(exist_ok=True)
    return root


@pytest.fixture(scope="session")
def hooks_repo(shared: Path) -> Path:
    """This project as it is on disk (tracked and new files), committed in a repository."""
    snapshot = shared / "coachplan-hooks"
    with open(shared / ".lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # released when the file closes
        if not (snapshot / ".git").is_dir():
            _commit_project(snapshot)
    return snapshot


def _commit_project(snapshot: Path) -> None:
    listed = run("git", "ls-files", "-z", "--cached", "--others", "--exclude-standard", cwd=PROJECT)
    if listed.returncode != 0:
        pytest.skip("the project is not a git checkout")
    for name in filter(None, listed.stdout.split("\0")):
        source = PROJECT / name
        if source.is_file():
            (snapshot / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, snapshot / name)
    for args in (("init", "-q"), ("add", "-A"), (*IDENTITY, "commit", "-qm", "snapshot")):
        assert run("git", *args, cwd=snapshot).returncode == 0


@pytest.fixture(scope="session")
def pre_commit_env(shared: Path) -> dict[str, str]:
    home = shared / "pre-commit-home"
    return {**os.environ, "PRE_COMMIT_HOME": str(home), "PRE_COMMIT_COLOR": "never"}


@pytest.fixture
def user_repo(tmp_path: Path) -> Path:
    assert run("git", "init", "-q", cwd=tmp_path).returncode == 0
    (tmp_path / "plans").mkdir()
    (tmp_path / "coachplan.toml").write_text('plans_dir = "plans"\n')
    (tmp_path / "plans" / "agent-2291.toml").write_text(BASE)
    (tmp_path / "notes.toml").write_text("not = 'a plan'\n")  # outside plans/: not checked
    return tmp_path


def try_repo(
    hooks_repo: Path, user_repo: Path, env: dict[str, str], hook: str
) -> subprocess.CompletedProcess[str]:
    """Run `hook` as a user's repository does: a .pre-commit-config.yaml naming this
    project at a fixed commit (so pre-commit installs the hook environment once)."""
    rev = run("git", "rev-parse", "HEAD", cwd=hooks_repo).stdout.strip()
    (user_repo / ".pre-commit-config.yaml").write_text(
        f"repos:\n  - repo: {hooks_repo}\n    rev: {rev}\n    hooks:\n      - id: {hook}\n"
    )
    assert run("git", "add", "-A", cwd=user_repo).returncode == 0
    return run(
        sys.executable, "-m", "pre_commit", "run", hook, "--all-files", cwd=user_repo, env=env
    )


def test_validate_hook_passes_a_good_plan_and_fails_a_bad_one(
    hooks_repo: Path, user_repo: Path, pre_commit_env: dict[str, str]
) -> None:
    good = try_repo(hooks_repo, user_repo, pre_commit_env, "coachplan-validate")
    assert good.returncode == 0, good.stdout + good.stderr
    assert "coachplan validate" in good.stdout and "Passed" in good.stdout

    bad = BASE.replace('title = "Step up to team lead"', "title = 5").replace(
        'method = "shadowing"', 'method = "osmosis"'
    )
    (user_repo / "plans" / "agent-3107.toml").write_text(bad)
    failed = try_repo(hooks_repo, user_repo, pre_commit_env, "coachplan-validate")
    assert failed.returncode == 1, failed.stdout + failed.stderr
    assert "Failed" in failed.stdout
    assert "plans/agent-3107.toml:2:1: error F103 `title` must be a string" in failed.stdout
    assert "F104" in failed.stdout
    assert "agent-2291" not in failed.stdout


def test_fmt_hook_rewrites_and_then_passes(
    hooks_repo: Path, user_repo: Path, pre_commit_env: dict[str, str]
) -> None:
    plan = user_repo / "plans" / "agent-2291.toml"
    messy = "#:schema ../plan.schema.json\n" + BASE.replace(
        'title = "Step up to team lead"', "title   =   'Step up to team lead'"
    )
    plan.write_text(messy)
    first = try_repo(hooks_repo, user_repo, pre_commit_env, "coachplan-fmt")
    assert first.returncode == 1, first.stdout + first.stderr
    assert "files were modified by this hook" in first.stdout
    assert plan.read_text() == "#:schema ../plan.schema.json\n" + BASE
    second = try_repo(hooks_repo, user_repo, pre_commit_env, "coachplan-fmt")
    assert second.returncode == 0, second.stdout + second.stderr
