"""A change to a file's text as a unified diff, as `git diff` shows it."""

from __future__ import annotations

import difflib

from coachplan.core.text import visible


def unified_diff(file: str, before: str, after: str, *, context: int = 3) -> str:
    """The lines that change between two texts of `file`, with `context` lines around;
    plan text and the file's name shown as people see them (coachplan.core.text)."""
    diff = "".join(
        line if line.endswith("\n") else line + "\n\\ No newline at end of file\n"
        for line in difflib.unified_diff(
            before.splitlines(keepends=True),
            after.splitlines(keepends=True),
            fromfile=f"a/{file}",
            tofile=f"b/{file}",
            n=context,
        )
    )
    return visible(diff, multiline=True)
