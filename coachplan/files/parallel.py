"""Per-file work over many plans: across the machine's cores, results in input order.

A network of 10,000 coachees is 10,000 files. Parsing and checking them is independent per
file, so large inputs are split over a pool of worker processes (one per available core);
small ones run in this process, where starting workers would cost more than it saves.

Results come back in the order of the input, whatever order the workers finish in, so the
output of a command never depends on scheduling. What a worker returns travels by pickle:
return small data (rows, findings), not pydantic models, which are slow to unpickle.

`COACHPLAN_JOBS=N` sets the number of processes (1: never start workers).
"""

from __future__ import annotations

import contextlib
import gc
import os
import sys
from collections.abc import Callable, Iterator, Sequence
from typing import TYPE_CHECKING, TypeVar

if TYPE_CHECKING:
    from multiprocessing.context import BaseContext

T = TypeVar("T")
R = TypeVar("R")

JOBS_VARIABLE = "COACHPLAN_JOBS"
# Below this many files per worker, a pool costs more than it saves (~30 ms to start).
MIN_FILES_PER_JOB = 150
# A generation-0 threshold for bulk work: the default (700) makes the collector rescan the
# young objects of every parsed plan many times over; see docs/performance.md.
BULK_GC_THRESHOLD = 50_000
# Files handed to the workers at a time: enough to keep them busy, few enough that the
# results a slow caller has not taken yet stay small.
WINDOW = 2_000


def available_cores() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except (AttributeError, OSError):  # pragma: no cover - not Linux
        return os.cpu_count() or 1


def jobs_for(count: int, jobs: int | None = None) -> int:
    """How many processes to use for `count` files."""
    if jobs is None:
        wanted = os.environ.get(JOBS_VARIABLE, "").strip()
        if wanted.isdigit() and int(wanted) > 0:
            return min(int(wanted), max(1, count))
        jobs = min(available_cores(), count // MIN_FILES_PER_JOB)
    return max(1, min(jobs, count))


@contextlib.contextmanager
def bulk_gc() -> Iterator[None]:
    """Fewer garbage collections while many short-lived objects are made.

    What was imported before is frozen (never rescanned, and its pages stay shared with
    forked workers); the young generation is collected less often. Cycles are still freed.
    """
    old = gc.get_threshold()
    gc.freeze()
    gc.set_threshold(BULK_GC_THRESHOLD, old[1], old[2])
    try:
        yield
    finally:
        gc.set_threshold(*old)
        gc.unfreeze()


def _context() -> BaseContext:
    import multiprocessing

    # Forked workers start at once with everything already imported; elsewhere (macOS,
    # Windows) the platform's default start method is the safe one.
    if sys.platform == "linux":
        return multiprocessing.get_context("fork")
    return multiprocessing.get_context()


def imap_files(
    function: Callable[[T], R], items: Sequence[T], *, jobs: int | None = None
) -> Iterator[R]:
    """`function(item)` for each item, in input order, as the results become available.

    `function` must be picklable (a module-level function, or a functools.partial of one
    with picklable arguments) and must not print: workers share the terminal. The caller
    can work on early results while workers go on with later ones.
    """
    processes = jobs_for(len(items), jobs)
    with bulk_gc():
        if processes <= 1:
            for item in items:
                yield function(item)
            return
        # Chunks big enough to keep pickling overhead low, small enough to balance load.
        chunk = max(1, min(64, len(items) // (processes * 8)))
        # The pool queues every task at once and keeps every result that the caller has
        # not taken yet: when the caller is the slower side (writing a report), results
        # would pile up. Handing the work over a window at a time bounds them.
        window = max(WINDOW, processes * chunk * 4)
        with _context().Pool(processes) as pool:
            for start in range(0, len(items), window):
                yield from pool.imap(function, items[start : start + window], chunk)


def map_files(
    function: Callable[[T], R], items: Sequence[T], *, jobs: int | None = None
) -> list[R]:
    """`[function(item) for item in items]`, spread over processes when there are many."""
    return list(imap_files(function, items, jobs=jobs))
