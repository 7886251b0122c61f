"""Paths as people type them, found without system calls where the text allows."""

from __future__ import annotations

import functools
import os
from pathlib import Path


def relative_inside(path: Path, directory: Path | str) -> Path | None:
    """`path` relative to `directory` if it lies inside it as written (symlinks are not
    resolved, which takes a system call per part of the path); None otherwise."""
    inside = relative_text(path, directory)
    return None if inside is None else Path(inside)


def relative_text(path: Path | str, directory: Path | str) -> str | None:
    """`relative_inside` as text: it runs once or twice per file of a bulk command, where
    making Paths costs more than the rest."""
    text = os.fspath(path)
    absolute = text if text.startswith(os.sep) else os.path.join(os.getcwd(), text)
    if "." in absolute and ("/." in absolute or os.sep + "." in absolute):
        parts = absolute.split(os.sep)
        if ".." in parts or "." in parts:
            absolute = os.path.normpath(absolute)
    directory = os.fspath(directory)
    base = _base(directory) if os.path.isabs(directory) else _base.__wrapped__(directory)
    if absolute.startswith(base):
        return absolute[len(base) :]
    return None


@functools.lru_cache(maxsize=64)
def _base(directory: str) -> str:
    """A directory as the absolute prefix of the paths inside it."""
    base = os.path.abspath(directory)
    return base if base == os.sep else base + os.sep


def display_path(path: Path) -> str:
    """A path as the user would type it: relative to the current directory when inside it."""
    inside = relative_text(path, os.getcwd())
    if inside is not None:
        return inside
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)
