"""Every command that reads plans, as the reliability tests run it on one plan file.

To cover a new command, add one line to READERS: how to call it on a plan (given as a path
relative to the workspace, e.g. `plans/x.toml`, or as an id), and whether rewriting that
file is the command's job. The corpus and property tests run every reader on every input.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from tests.conftest import AS_OF


@dataclass(frozen=True)
class Reader:
    name: str
    argv: Callable[[str], list[str]]
    writes: bool = False  # rewriting the plan file is this command's job (fmt)


READERS = [
    Reader("validate", lambda plan: ["validate", plan, "--as-of", AS_OF]),
    Reader("validate json", lambda plan: ["validate", plan, "--format", "json", "--as-of", AS_OF]),
    Reader(
        "validate sarif", lambda plan: ["validate", plan, "--format", "sarif", "--as-of", AS_OF]
    ),
    Reader("validate workspace", lambda plan: ["validate", "--strict", "--as-of", AS_OF]),
    Reader("fmt", lambda plan: ["fmt", plan], writes=True),
    Reader("fmt --check", lambda plan: ["fmt", "--check", plan]),
    Reader("fmt --diff", lambda plan: ["fmt", "--diff", plan]),
    Reader("show", lambda plan: ["show", plan, "--as-of", AS_OF]),
    Reader("show json", lambda plan: ["show", plan, "--format", "json", "--as-of", AS_OF]),
    Reader("show html", lambda plan: ["show", plan, "--format", "html", "--as-of", AS_OF]),
    Reader("list", lambda plan: ["list"]),
    Reader("list csv", lambda plan: ["list", "--format", "csv"]),
    Reader("report progress", lambda plan: ["report", "progress", "--as-of", AS_OF]),
    Reader("report overdue", lambda plan: ["report", "overdue", "--as-of", AS_OF]),
    Reader("report coaches", lambda plan: ["report", "coaches", "--as-of", AS_OF]),
    Reader("report gaps", lambda plan: ["report", "gaps", "--by", "skill", "--as-of", AS_OF]),
    Reader("export ics", lambda plan: ["export", plan, "--as-of", AS_OF]),
    Reader("export --all", lambda plan: ["export", "--all", "--as-of", AS_OF]),
    Reader(
        "export markdown", lambda plan: ["export", plan, "--format", "markdown", "--as-of", AS_OF]
    ),
]

# Commands that take no plan, run once per test run to show they are unaffected.
STANDALONE = [["schema"], ["rules"], ["--version"]]

ALLOWED_EXIT_CODES = (0, 1, 2)
