"""Loading every plan of a large workspace: TOML parsed in worker processes.

Parsing is four fifths of loading a plan, and pydantic models are slow to send between
processes, so workers parse and send back the plain data; this process validates it into
models (fast: pydantic's core is compiled). A file that does not parse or validate is
loaded again here by `load_plan`, so its error message is exactly the one-file message.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

from coachplan.errors import CoachplanError
from coachplan.model import Plan
from coachplan.parallel import imap_files


def _parse(path: Path) -> dict[str, Any] | None:
    """The parsed data of a plan file, or None if it cannot be read or parsed."""
    from coachplan.store import parse_toml, read_source

    try:
        return parse_toml(read_source(path))
    except CoachplanError:
        return None


def load_many(
    paths: Sequence[Path], *, jobs: int | None = None
) -> Iterator[tuple[Path, Plan | CoachplanError]]:
    """Each path with its plan, or the error `load_plan` raises for it; in input order."""
    from pydantic import ValidationError

    from coachplan.loader import load_plan

    for path, data in zip(paths, imap_files(_parse, paths, jobs=jobs), strict=True):
        try:
            if data is None:
                raise ValueError("not parsed")
            yield path, Plan.model_validate(data)
        except (ValueError, ValidationError):
            try:
                yield path, load_plan(path)
            except CoachplanError as exc:
                yield path, exc
