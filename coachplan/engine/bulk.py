"""Every plan of a large workspace, each mapped to small rows where it is loaded.

`map_plans` gives what a function computes from each plan, in the worker process that
loaded it: only the rows travel back and stay in memory, never the plans (10,000 plans as
pydantic models take 400 MB; their rows a few). Every command over all plans (list, the
reports, `export --all`) works this way: see docs/performance.md.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import TypeVar

from coachplan.core.errors import CoachplanError
from coachplan.core.model import Plan
from coachplan.files.parallel import imap_files

R = TypeVar("R")


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
