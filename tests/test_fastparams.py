"""Command-line values converted without pydantic: the same values, typer's own errors."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from typer.testing import CliRunner

from coachplan.cli import fastparams

fastparams.install()
app = typer.Typer()
seen: dict[str, object] = {}


@app.command()
def command(
    name: str,
    where: Annotated[Path | None, typer.Option("--where")] = None,
    weeks: Annotated[int | None, typer.Option("--weeks", min=1, max=520)] = None,
    tag: Annotated[list[str] | None, typer.Option("--tag")] = None,
    paths: Annotated[list[Path] | None, typer.Option("--path")] = None,
    loud: Annotated[bool, typer.Option("--loud")] = False,
) -> None:
    seen.update(name=name, where=where, weeks=weeks, tag=tag, paths=paths, loud=loud)


def run(*args: str) -> tuple[int, str]:
    seen.clear()
    result = CliRunner().invoke(app, list(args))
    return result.exit_code, result.output


def test_plain_values_arrive_as_their_types() -> None:
    code, _ = run("x", "--where", "a/b", "--weeks", "12", "--tag", "p", "--tag", "q")
    assert code == 0
    assert seen == {
        "name": "x",
        "where": Path("a/b"),
        "weeks": 12,
        "tag": ["p", "q"],
        "paths": None,
        "loud": False,
    }
    run("y", "--path", "one.toml", "--path", "two", "--loud")
    assert seen["paths"] == [Path("one.toml"), Path("two")] and seen["loud"] is True


def test_values_it_does_not_accept_say_what_to_give() -> None:
    for bad in ("0", "521", "abc", "9.5"):
        code, out = run("x", "--weeks", bad)
        assert code == 2 and "Invalid value for '--weeks'" in out, out
        assert f"'{bad}' is not a whole number from 1 to 520" in out, out
        assert "Input should" not in out
        assert not seen
    # What typer's own conversion accepts beyond int() is still accepted, as typer has it.
    assert run("x", "--weeks", "5.0")[0] == 0 and seen["weeks"] == 5


def test_help_is_answered_without_pydantic() -> None:
    import subprocess
    import sys

    script = (
        "import sys\n"
        "from coachplan.cli import main\n"
        "try:\n"
        "    main(['validate', '--help'])\n"
        "except SystemExit:\n"
        "    pass\n"
        "print('pydantic' in sys.modules)\n"
    )
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True)
    assert done.stdout.strip().endswith("False"), done.stdout[-300:] + done.stderr
