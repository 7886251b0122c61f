"""Option parsing shared by the commands: dates, formats, the workspace."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from coachplan.core.errors import UsageError


def stdin_is_terminal() -> bool:
    """Whether a person is there to answer prompts."""
    import sys

    return sys.stdin.isatty()


def today() -> date:
    """Today's date: the one place commands ask the clock (tests pin it here)."""
    return date.today()


def parse_date(value: str | None, option: str, *, default: date | None = None) -> date:
    """A YYYY-MM-DD date, `today`, or the default (today when none is given)."""
    if value is None or value == "today":
        return default or today()
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise UsageError(
            f"{option}: {value!r} is not a date", hint="use YYYY-MM-DD, e.g. 2026-11-22"
        ) from None


def split_codes(values: list[str] | None) -> list[str]:
    """`--select S,P --select R101` -> ["S", "P", "R101"]."""
    codes: list[str] = []
    for value in values or []:
        codes.extend(c.strip().upper() for c in value.split(",") if c.strip())
    return codes


def choose(value: str, choices: tuple[str, ...], option: str) -> str:
    if value not in choices:
        raise UsageError(f"{option}: {value!r} is not one of {', '.join(choices)}")
    return value


def workspace_here(directory: Path | None = None):  # type: ignore[no-untyped-def]
    from coachplan.files.workspace import open_workspace

    return open_workspace(directory)
