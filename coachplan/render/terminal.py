"""Text for a terminal of a given width: cell widths, wrapping, cutting, colour.

A terminal counts cells, not characters (a CJK character takes two, a combining accent
none), so every measure here is in cells. Wrapping breaks at spaces, and a word longer than
a whole line (a 64-character plan id at 60 columns) at its hyphens, and only then anywhere.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from rich.cells import cell_len, chop_cells, set_cell_size

ELLIPSIS = "…"
# Lines break at spaces, not at a no-break space: it keeps a bar and its number together.
_BREAKS = re.compile(r"[ \t\r\n]+")
_WORDS = re.compile(r"([^ \t\r\n]+)([ \t\r\n]*)")
STYLES = {
    "good": "green",
    "warn": "yellow",
    "bad": "bold red",
    "muted": "dim",
    "strong": "bold",
}


def width_of(text: str) -> int:
    return cell_len(text)


def pad(text: str, width: int) -> str:
    """`text` followed by spaces up to `width` cells (never cut)."""
    return text + " " * max(0, width - cell_len(text))


def cut(text: str, width: int) -> str:
    """`text` in at most `width` cells, its end replaced by `…` when it is longer."""
    if cell_len(text) <= width:
        return text
    if width <= 0:
        return ""
    return set_cell_size(text, width - 1).rstrip() + ELLIPSIS


def one_line(text: str) -> str:
    """A cell of a table: its lines joined by spaces."""
    return (
        _BREAKS.sub(" ", text.strip(" \t\r\n"))
        if "\n" in text or "\r" in text or "\t" in text
        else text
    )


def _pieces(word: str, width: int) -> Iterator[str]:
    """A word too long for a line: split after hyphens where possible, else anywhere."""
    parts = re.findall(r"[^-]*-|[^-]+$", word) or [word]
    line = ""
    for part in parts:
        if line and cell_len(line + part) > width:
            yield line
            line = ""
        while cell_len(part) > width:
            head = chop_cells(part, width)[0]
            if line:
                yield line
                line = ""
            yield head
            part = part[len(head) :]
        line += part
    if line:
        yield line


def wrap(text: str, width: int, indent: str = "", hanging: str | None = None) -> list[str]:
    """One line of text as lines of at most `width` cells: the first starts with `indent`,
    the others with `hanging` (default: `indent`). Spaces between words that stay on one
    line are kept as they were (a layout of two-space gaps survives)."""
    hanging = indent if hanging is None else hanging
    lines: list[str] = []
    line = indent
    room = max(1, width - cell_len(indent))
    empty = True
    gap = ""
    for match in _WORDS.finditer(text.strip(" \t\r\n")):
        word, after = match.group(1), match.group(2)
        size = cell_len(word)
        if not empty and cell_len(line) + cell_len(gap) + size <= width:
            line += gap + word
            gap = " " if "\n" in after or "\t" in after or "\r" in after else after
            continue
        if not empty:
            lines.append(line)
            line, room = hanging, max(1, width - cell_len(hanging))
        if size <= room:
            line += word
        else:
            narrowest = min(room, max(1, width - cell_len(hanging)))
            *whole, last = list(_pieces(word, narrowest))
            for piece in whole:
                lines.append(line + piece)
                line, room = hanging, max(1, width - cell_len(hanging))
            line += last
        empty = False
        gap = " " if "\n" in after or "\t" in after or "\r" in after else after
    lines.append(line)
    return [x.rstrip() for x in lines]


def paint(text: str, tone: str | None, color: bool) -> str:
    """`text` in a tone's colour (see STYLES) when colour is on; as it is otherwise."""
    if not color or not tone or tone not in STYLES or not text:
        return text
    from rich.color import ColorSystem
    from rich.style import Style

    return Style.parse(STYLES[tone]).render(text, color_system=ColorSystem.STANDARD)
