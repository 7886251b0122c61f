"""Loading every plan of a large workspace: TOML parsed in worker processes.

`load_many` gives every plan (for reports that need them all); `map_plans` gives what a
function computes from each plan, in the worker that loaded it (for `list`, which needs a
row of each: far less to send back and to keep in memory).

Parsing is four fifths of loading a plan, and pydantic models are slow to send between
processes, so workers parse and send back the plain data; this process validates it into
models (fast: pydantic's core is compiled). A file that does not parse or validate is
loaded again here by `load_plan`, so its error message is exactly the one-file message.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any, TypeVar

from coachplan.core.errors import CoachplanError
from coachplan.core.model import Plan
from coachplan.files.parallel import imap_files

R = TypeVar("R")


def _parse(path: Path) -> dict[str, Any] | None:
    """The parsed data of a plan file, or None if it cannot be read or parsed."""
    from coachplan.files.store import parse_toml, read_source

    try:
        return parse_toml(read_source(path))
    except CoachplanError:
        return None


def load_many(
    paths: Sequence[Path], *, jobs: int | None = None
) -> Iterator[tuple[Path, Plan | CoachplanError]]:
    """Each path with its plan, or the error `load_plan` raises for it; in input order."""
    from pydantic import ValidationError

    from coachplan.files.loader import load_plan

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


def _project(
    project: Callable[[str, Plan], R], accepts: Callable[[Plan], bool] | None, path: Path
) -> tuple[str, R | str | None]:
    from coachplan.files.loader import load_plan

    try:
        plan = load_plan(path)
    except CoachplanError as exc:
        return "error", str(exc)
    if accepts is not None and not accepts(plan):
        return "skip", None
    return "ok", project(path.stem, plan)


def map_plans(
    paths: Sequence[Path],
    project: Callable[[str, Plan], R],
    accepts: Callable[[Plan], bool] | None = None,
    *,
    jobs: int | None = None,
) -> Iterator[tuple[Path, R | CoachplanError | None]]:
    """`project(plan_id, plan)` for each plan that loads and is accepted, computed where the
    plan is loaded (in a worker for large inputs), so only its result travels; None for a
    plan not accepted, the error (as `load_plan` words it) for one that does not load.

    `project` and `accepts` must be picklable: module-level functions, or methods of
    picklable objects.
    """
    work = functools.partial(_project, project, accepts)
    for path, (status, value) in zip(paths, imap_files(work, paths, jobs=jobs), strict=True):
        if status == "error":
            yield path, CoachplanError(str(value))
        elif status == "skip":
            yield path, None
        else:
            yield path, value  # type: ignore[misc]
