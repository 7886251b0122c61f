"""Start-up stays fast: what `--version`, `--help` and a one-file validate import.

Timings belong to the benchmark (bench/run.py); these tests check the causes instead,
which do not depend on the machine: the modules each start-up path imports.
"""

from __future__ import annotations

import os
import subprocess
import sys

import pytest
import typer

from coachplan.cli import build_app, roothelp
from coachplan.core.rulebook.examples import BASE
from tests.conftest import AS_OF, Workspace

HEAVY = ("typer", "click", "rich", "pydantic", "pydantic_core", "tomli", "coachplan.core.model")
NEVER_FOR_VALIDATE = ("rich", "xml.sax", "urllib.request", "http.client", "ssl", "markdown_it")


def _imports(
    *args: str, cwd: str | None = None
) -> tuple[set[str], subprocess.CompletedProcess[str]]:
    env = {**os.environ, "COLUMNS": "80", "NO_COLOR": "1"}
    done = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "coachplan", *args],
        capture_output=True,
        text=True,
        env=env,
        cwd=cwd,
        check=False,
    )
    names = {
        line.rsplit("|", 1)[1].strip()
        for line in done.stderr.splitlines()
        if line.startswith("import time:") and "|" in line
    }
    return names, done


def test_the_help_table_lists_every_command_of_the_app() -> None:
    group = typer.main.get_command(build_app())
    live = [
        (getattr(command, "rich_help_panel", None), name, roothelp.summary(command.help))
        for name, command in group.commands.items()  # type: ignore[attr-defined]
    ]
    assert live == roothelp.COMMANDS, (
        "coachplan/cli/roothelp.py COMMANDS must list the app's commands; expected:\n"
        + "\n".join(f"    {row!r}," for row in live)
    )
    options = [(", ".join(p.opts), p.help) for p in group.params if p.help]
    assert options == roothelp.OPTIONS[: len(options)]


def test_each_command_is_built_from_the_module_the_table_names() -> None:
    every = set(typer.main.get_command(build_app()).commands)  # type: ignore[attr-defined]
    assert set(roothelp.HOMES) == every
    for module in set(roothelp.HOMES.values()):
        built = typer.main.get_command(build_app(module))
        mine = {name for name, home in roothelp.HOMES.items() if home == module}
        assert set(built.commands) == mine, module  # type: ignore[attr-defined]


def test_a_command_runs_the_same_in_an_app_of_its_module_alone(ws: Workspace) -> None:
    ws.write("plan", BASE)
    script = (
        "import atexit, sys\n"
        "atexit.register(lambda: sys.stderr.write(' '.join(sorted(sys.modules))))\n"
        "from coachplan.cli import main\n"
        "main(sys.argv[1:])\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script, "validate", "plans/plan.toml", "--as-of", AS_OF],
        capture_output=True,
        text=True,
        cwd=ws.root,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    loaded = set(done.stderr.split())
    assert "coachplan.cli.check" in loaded and "coachplan.cli.records" not in loaded
    assert done.stdout == ws.run("validate", "plans/plan.toml", "--as-of", AS_OF).stdout
    _, typo = _imports("valdate", cwd=str(ws.root))  # not a command: the whole app answers
    assert typo.returncode == 2 and "validate" in typo.stderr


@pytest.mark.parametrize("args", [["--help"], ["-h"], []], ids=["--help", "-h", "none"])
def test_fast_help_is_what_the_app_prints(ws: Workspace, args: list[str]) -> None:
    names, done = _imports(*args)
    through_typer = ws.run(*args)
    assert done.stdout == through_typer.stdout
    assert done.returncode == through_typer.exit_code == (0 if args else 2)
    assert "Checking:" in done.stdout and "validate" in done.stdout
    assert not names & set(HEAVY), names & set(HEAVY)


def test_version_imports_nothing_heavy() -> None:
    names, done = _imports("--version")
    assert done.stdout.startswith("coachplan ")
    assert not names & set(HEAVY)


def test_one_file_validate_imports_no_renderer_it_does_not_use(ws: Workspace) -> None:
    ws.write("plan", BASE)
    names, done = _imports("validate", "plans/plan.toml", "--as-of", AS_OF, cwd=str(ws.root))
    assert done.returncode == 0, done.stdout
    assert not names & set(NEVER_FOR_VALIDATE), names & set(NEVER_FOR_VALIDATE)
    # ... and does not look for pydantic plugins (a scan of every installed package).
    assert "pydantic" in names


def test_help_wraps_to_the_terminal() -> None:
    narrow = roothelp.render(60)
    assert max(len(line) for line in narrow.splitlines()) <= 60
    wide = roothelp.render(100)
    assert max(len(line) for line in wide.splitlines()) <= 100


def test_a_file_the_cache_serves_is_checked_without_building_the_models(ws: Workspace) -> None:
    ws.write("plan", BASE)
    args = ("validate", "plans/plan.toml", "--as-of", AS_OF)
    cold, first = _imports(*args, cwd=str(ws.root))
    assert first.returncode == 0 and "coachplan.core.model" in cold
    warm, second = _imports(*args, cwd=str(ws.root))
    assert second.returncode == 0 and second.stdout == first.stdout
    assert not warm & {"coachplan.core.model", "coachplan.rules"}, warm & {"coachplan.core.model"}
