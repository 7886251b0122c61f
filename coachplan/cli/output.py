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


# Messages carry plan text and paths (a coachee's name, a file name, a key): each goes
# through coachplan.core.text.visible, so a message is never terminal or CI-log control.
# A message is one line: a newline in it is shown as `\n`.


def info(text: str) -> None:
    """Progress and confirmations, kept off stdout so pipes carry only results."""
    sys.stderr.write(_message(text.rstrip("\n")) + "\n")


def error(text: str) -> None:
    sys.stderr.write(f"coachplan: error: {_message(text)}\n")


def warning(text: str) -> None:
    sys.stderr.write(f"coachplan: warning: {_message(text)}\n")


def _message(text: str) -> str:
    from coachplan.core.text import visible

    return visible(text)
