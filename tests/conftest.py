"""Shared fixtures: a temporary workspace, the CLI runner, golden files."""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
import typer.main
import typer.testing
from typer.testing import CliRunner

from coachplan.cli import build_app
from coachplan.core.rulebook.examples import BASE

GOLDEN = Path(__file__).parent / "golden"
AS_OF = "2026-11-22"


@pytest.fixture(autouse=True)
def _pinned_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    # Output must not depend on the terminal the tests run in.
    monkeypatch.setenv("COLUMNS", "80")
    monkeypatch.setenv("NO_COLOR", "1")
    monkeypatch.delenv("FORCE_COLOR", raising=False)
    monkeypatch.setenv("TERM", "dumb")


# One app per test process, turned into a click command once: typer spends 30 ms on that
# conversion at every invoke, more than most commands take to run.
APP = build_app()
_COMMAND = typer.main.get_command(APP)
_get_command = typer.testing._get_command  # type: ignore[attr-defined]
typer.testing._get_command = lambda app: _COMMAND if app is APP else _get_command(app)  # type: ignore[attr-defined]


@dataclass
class Result:
    exit_code: int
    stdout: str  # as click gives it: CRLF read as LF
    stderr: str
    stdout_bytes: bytes = b""  # exactly what was written


@dataclass
class Workspace:
    root: Path

    @property
    def plans(self) -> Path:
        return self.root / "plans"

    def write(self, plan_id: str, text: str) -> Path:
        path = self.plans / f"{plan_id}.toml"
        path.write_text(text, encoding="utf-8")
        return path

    def read(self, plan_id: str) -> str:
        return (self.plans / f"{plan_id}.toml").read_text(encoding="utf-8")

    def run(self, *args: str, input: str | None = None, cwd: Path | None = None) -> Result:
        """The command, run in process from the workspace root (or `cwd`)."""
        runner = CliRunner()
        old = Path.cwd()
        os.chdir(cwd or self.root)
        try:
            result = runner.invoke(APP, list(args), input=input)
        finally:
            os.chdir(old)
        if result.exception and not isinstance(result.exception, SystemExit):
            raise result.exception
        return Result(result.exit_code, result.stdout, result.stderr, result.stdout_bytes)


@pytest.fixture
def ws(tmp_path: Path) -> Iterator[Workspace]:
    (tmp_path / "coachplan.toml").write_text('plans_dir = "plans"\n', encoding="utf-8")
    (tmp_path / "plans").mkdir()
    yield Workspace(tmp_path)


@pytest.fixture
def base_plan() -> str:
    return BASE


def assert_golden(name: str, text: str) -> None:
    """Compare with tests/golden/NAME; UPDATE_GOLDEN=1 writes the file instead."""
    path = GOLDEN / name
    if os.environ.get("UPDATE_GOLDEN"):
        path.write_text(text, encoding="utf-8")
    assert path.exists(), f"no golden file {name}: run UPDATE_GOLDEN=1 pytest, and review it"
    assert text == path.read_text(encoding="utf-8")
