"""Every console sample in README.md is what the command prints.

A sample is a `$ coachplan ...` line in a ```console block and the lines after it, up to
the next `$` line or the end of the block. It is run on a copy of the example plans in
`plans/` (so a command that writes files writes them there), and its output, stdout then
stderr, must match the sample line by line; a line `...` stands for any number of lines.
A command that depends on the day must show the `--as-of` (or `--date`) it was run with.
"""

from __future__ import annotations

import re
import shlex
import shutil
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.conftest import Workspace

ROOT = Path(__file__).resolve().parent.parent
README = ROOT / "README.md"

# Samples of commands that change a plan of the tour (`agent-2291`, made with `coachplan new`
# above them), not one of the example plans: shown, not run.
NOT_RUN = {"coachplan measure agent-2291 sessions-held 1 --date 2026-11-22"}


@dataclass(frozen=True)
class Sample:
    line: int  # where the command is in README.md
    command: str
    expected: tuple[str, ...]

    def __str__(self) -> str:
        return f"README.md:{self.line}: {self.command}"


def readme_samples(text: str) -> list[Sample]:
    samples: list[Sample] = []
    current: tuple[int, str, list[str]] | None = None
    in_console = False

    def close() -> None:
        nonlocal current
        if current is not None:
            line, command, expected = current
            while expected and not expected[-1].strip():
                expected.pop()
            samples.append(Sample(line, command, tuple(expected)))
        current = None

    for number, line in enumerate(text.splitlines(), 1):
        if line.startswith("```"):
            close()
            in_console = line.strip() == "```console"
        elif in_console and line.startswith("$ "):
            close()
            current = (number, line[2:].strip(), [])
        elif current is not None:
            current[2].append(line.rstrip())
    return samples


SAMPLES = readme_samples(README.read_text(encoding="utf-8"))


def matches(expected: tuple[str, ...], output: str) -> bool:
    """The output, line by line (trailing spaces and blank lines aside), against a sample
    in which `...` stands for any number of lines."""
    lines = [line.rstrip() for line in output.splitlines()]
    while lines and not lines[-1]:
        lines.pop()
    pattern = "".join(
        r"(?:[^\n]*\n)*?" if line == "..." else re.escape(line) + r"\n" for line in expected
    )
    return re.fullmatch(pattern, "".join(f"{line}\n" for line in lines)) is not None


def day_options(args: list[str]) -> set[str]:
    """The options of the command in `args` that set the day it works on."""
    import typer

    from coachplan.cli import build_app

    command = typer.main.get_command(build_app())
    for word in args:
        subcommands = getattr(command, "commands", None)
        if not subcommands or word not in subcommands:
            break
        command = subcommands[word]
    names = {opt for param in command.params for opt in getattr(param, "opts", [])}
    return names & {"--as-of", "--date"}


def test_readme_has_console_samples() -> None:
    assert len([s for s in SAMPLES if s.command not in NOT_RUN]) >= 8
    assert all(s.command.startswith("coachplan ") for s in SAMPLES)
    assert {s.command for s in SAMPLES} >= NOT_RUN, "NOT_RUN names a sample README lost"


@pytest.mark.parametrize("sample", SAMPLES, ids=str)
def test_sample_shows_its_day(sample: Sample) -> None:
    args = shlex.split(sample.command)[1:]
    needed = day_options(args)
    # `--remove DATE` names its day: what it does does not depend on today.
    assert not needed or needed & {*args} or "--remove" in args, (
        f"{sample}: give {' or '.join(sorted(needed))}"
    )


@pytest.mark.parametrize("sample", [s for s in SAMPLES if s.command not in NOT_RUN], ids=str)
def test_sample_is_what_the_command_prints(tmp_path: Path, sample: Sample) -> None:
    shutil.copytree(ROOT / "plans", tmp_path / "plans")
    result = Workspace(tmp_path).run(*shlex.split(sample.command)[1:])
    output = result.stdout + result.stderr
    assert matches(sample.expected, output), (
        f"{sample} prints something else; what it prints now:\n{output}"
    )


def test_matching_with_ellipses() -> None:
    assert matches(("a", "...", "d"), "a\nb\nc\nd\n")
    assert matches(("a", "...", "b"), "a\nb\n\n")
    assert matches(("...", "c"), "a\nb\nc")
    assert not matches(("a", "...", "d"), "a\nb\nc\n")
    assert not matches(("a", "b"), "a\nb\nc\n")
    assert not matches(("a",), "a 71%\n")
