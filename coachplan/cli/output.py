"""All terminal output goes through here: results to stdout, messages to stderr."""

from __future__ import annotations

import os
import sys
from collections.abc import Iterable
from typing import TextIO


def use_color(stream: TextIO) -> bool:
    """Colour only on a terminal, and never when NO_COLOR is set (https://no-color.org)."""
    if os.environ.get("NO_COLOR"):
        return False
    if os.environ.get("FORCE_COLOR"):
        return True
    return stream.isatty() and os.environ.get("TERM") != "dumb"


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


def info(text: str) -> None:
    """Progress and confirmations, kept off stdout so pipes carry only results."""
    sys.stderr.write(text.rstrip("\n") + "\n")


def error(text: str) -> None:
    sys.stderr.write(f"coachplan: error: {text}\n")


def warning(text: str) -> None:
    sys.stderr.write(f"coachplan: warning: {text}\n")
