"""Editor directives: `#:schema ./plan.schema.json` lines at the top of a plan file.

Taplo (Even Better TOML) and other TOML editors read a first-line `#:schema PATH-OR-URL`
comment to find the JSON Schema of a file. These lines are not comments a person wrote
about the plan: every canonical write keeps them, and they do not count as comments that
reformatting would lose.
"""

from __future__ import annotations

import os
from pathlib import Path

PREFIX = "#:"


def leading_directives(text: str) -> str:
    """The `#:` lines that open `text`, each with its newline; "" when there are none."""
    end = 0
    while text.startswith(PREFIX, end):
        newline = text.find("\n", end)
        if newline < 0:
            return text[:end]  # a file that is only a directive has no plan to keep it for
        end = newline + 1
    return text[:end]


def without_directives(text: str) -> str:
    return text[len(leading_directives(text)) :]


def schema_directive(target: str) -> str:
    """The directive line pointing at a schema path (relative to the plan file) or URL."""
    return f"{PREFIX}schema {target}\n"


def is_url(target: str) -> bool:
    return "://" in target


def schema_target(schema: str, plan_dir: Path, base: Path) -> str:
    """How a plan in `plan_dir` refers to `schema`, given relative to `base` (or a URL)."""
    if is_url(schema):
        return schema
    relative = os.path.relpath(base / schema, plan_dir)
    return Path(relative).as_posix()
