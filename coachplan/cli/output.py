"""All terminal output goes through here: results to stdout, messages to stderr."""

from __future__ import annotations

import array
import codecs
import os
import sys
import tempfile
from collections.abc import Iterable, Iterator
from typing import TextIO


def use_color(stream: TextIO) -> bool:
    """Colour only on a terminal, and never when NO_COLOR is set (https://no-color.org)."""
    if os.environ.get("NO_COLOR"):
        return False
    if os.environ.get("FORCE_COLOR"):
        return True
    return stream.isatty() and os.environ.get("TERM") != "dumb"


WIDTH_VARIABLE = "COACHPLAN_WIDTH"
NARROWEST = 20  # below this, nothing is readable; lay out as if this wide


def layout_width(stream: TextIO) -> int | None:
    """How wide a terminal results are laid out for: COACHPLAN_WIDTH when set (a terminal
    of that width, even through a pipe: for scripts, `watch` and tests), else the terminal's
    width (COLUMNS when set) when `stream` is one; None for a pipe or a file, which get
    every column and the whole text."""
    forced = width_setting(WIDTH_VARIABLE)
    if forced is not None:
        return max(forced, NARROWEST)
    if not stream.isatty():
        return None
    columns = width_setting("COLUMNS")
    if columns is not None:
        return max(columns, NARROWEST)
    try:
        return max(os.get_terminal_size(stream.fileno()).columns, NARROWEST)
    except (OSError, ValueError):
        return 80


def width_setting(variable: str) -> int | None:
    """A width in columns from the environment: a positive whole number, else None."""
    value = os.environ.get(variable, "").strip()
    return int(value) if value.isdigit() and int(value) > 0 else None


def write(text: str) -> None:
    """Results: what a pipe or a file should receive."""
    sys.stdout.write(text)
    sys.stdout.flush()


def write_pieces(pieces: Iterable[str]) -> None:
    """Results written as they are produced, in writes of a useful size."""
    batch: list[str] = []
    size = 0
    for piece in pieces:
        batch.append(piece)
        size += len(piece)
        if size >= 1 << 16:
            write("".join(batch))
            batch, size = [], 0
    if batch:
        write("".join(batch))


class Spool:
    """Text held aside until what goes before it is known (a report's summary on top of
    10,000 plans' sections), or the order it goes out in (a calendar's events by day):
    in memory while small, then in a temporary file, so that memory stays flat however
    long the text grows. Each `write` is a piece; `pieces` gives them back in the order
    written, or in any order of their numbers."""

    IN_MEMORY = 1 << 20  # bytes

    def __init__(self) -> None:
        self._file = tempfile.SpooledTemporaryFile(max_size=self.IN_MEMORY)  # noqa: SIM115 - closed by __exit__
        self._ends = array.array("q")  # where each piece ends in the file

    def write(self, text: str) -> None:
        self._file.write(text.encode("utf-8", "surrogatepass"))
        self._ends.append(self._file.tell())

    def __len__(self) -> int:
        return len(self._ends)

    def pieces(self, order: Iterable[int] | None = None) -> Iterator[str]:
        """Every piece, in the order written, or in `order` (each piece's number)."""
        if order is None:
            decoder = codecs.getincrementaldecoder("utf-8")("surrogatepass")
            self._file.seek(0)
            while chunk := self._file.read(1 << 16):
                yield decoder.decode(chunk)
            yield decoder.decode(b"", final=True)
            return
        for number in order:
            start = self._ends[number - 1] if number else 0
            self._file.seek(start)
            yield self._file.read(self._ends[number] - start).decode("utf-8", "surrogatepass")

    def __enter__(self) -> Spool:
        return self

    def __exit__(self, *exc: object) -> None:
        self._file.close()


# Messages carry plan text and paths (a coachee's name, a file name, a key): each goes
# through coachplan.core.text.visible, so a message is never terminal or CI-log control.
# An error or a warning is one line: a newline in it is shown as `\n`. Progress may be
# several lines (a diff of what a dry run would write), each line escaped.


def info(text: str) -> None:
    """Progress and confirmations, kept off stdout so pipes carry only results."""
    sys.stderr.write(_message(text.rstrip("\n"), multiline=True) + "\n")


def error(text: str) -> None:
    sys.stderr.write(f"coachplan: error: {_message(text)}\n")


def warning(text: str) -> None:
    sys.stderr.write(f"coachplan: warning: {_message(text)}\n")


def _message(text: str, *, multiline: bool = False) -> str:
    from coachplan.core.text import visible

    return visible(text, multiline=multiline)
