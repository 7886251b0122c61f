"""All terminal output goes through here: results to stdout, messages to stderr."""

from __future__ import annotations

import os
import sys
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


def info(text: str) -> None:
    """Progress and confirmations, kept off stdout so pipes carry only results."""
    sys.stderr.write(text.rstrip("\n") + "\n")


def error(text: str) -> None:
    sys.stderr.write(f"coachplan: error: {text}\n")


def warning(text: str) -> None:
    sys.stderr.write(f"coachplan: warning: {text}\n")
