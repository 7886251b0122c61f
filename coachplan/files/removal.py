"""Removing a whole table from a plan's text in place: `reopen` takes a plan's [closing] out.

The table's header and its lines go, with the blank line before it; comments right under
its last key (no blank line between) go with it, while a blank line and the comments after
it belong to what follows and stay, as do comments above the header. Everything else stays
byte for byte. The result is parsed again and must hold exactly the old data without the
table; otherwise the removal is refused and nothing is written.
"""

from __future__ import annotations

import copy
from itertools import pairwise
from pathlib import Path
from typing import Any

from coachplan.core.errors import RefusedWrite, UnreadablePlan
from coachplan.files.store import SourceText, parse_toml
from coachplan.files.textedit import HINT, _headers, _is_trivia, _lines


def remove_table(text: str, data: dict[str, Any], key: str) -> tuple[str, dict[str, Any]]:
    """The text and data without the top-level table `key` (written as a [key] table)."""
    expected = copy.deepcopy(data)
    expected.pop(key, None)
    if text and not text.endswith("\n"):
        text += "\n"
    lines = _lines(text)
    headers = _headers(text)
    inside = [i for i, (path, _) in enumerate(headers) if path[:1] == (key,)]
    if not inside or any(b != a + 1 for a, b in pairwise(inside)):
        raise RefusedWrite(
            f"`{key}` is not written as one [{key}] table; cannot remove it in place", hint=HINT
        )
    start = headers[inside[0]][1]
    stop = headers[inside[-1] + 1][1] if inside[-1] + 1 < len(headers) else len(lines)
    last = stop - 1
    while last > start and _is_trivia(lines[last]):
        last -= 1
    end = last + 1
    while end < stop and lines[end].strip():  # comments right under its last key
        end += 1
    if start > 0 and not lines[start - 1].strip():
        start -= 1  # the blank line before the header
    elif end < len(lines) and not lines[end].strip():
        end += 1  # a table at the top of the file: the blank line after it instead
    new_text = "".join(lines[:start] + lines[end:])
    try:
        actual = parse_toml(SourceText(Path("plan.toml"), new_text))
    except UnreadablePlan:
        actual = None
    if actual != expected:
        raise RefusedWrite(
            f"[{key}] could not be removed without disturbing the rest of the file; "
            "nothing written",
            hint=HINT,
        )
    return new_text, expected
