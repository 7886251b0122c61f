"""One writer at a time per plan file, so two commands never lose each other's change.

The lock is an advisory `flock` on the plan file itself: no lock file is left beside the
plan, and the operating system releases the lock when a process ends, however it ends.
Because writes replace the file (a new inode), a writer that waited re-opens the path after
getting the lock and tries again if the file it locked has been replaced meanwhile.

Where `fcntl` is missing (Windows) the lock does nothing; the editing transaction still
re-reads the file before replacing it and starts over if it changed.
"""

from __future__ import annotations

import os
import stat
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from coachplan.core.errors import RefusedWrite

try:
    import fcntl
except ImportError:  # pragma: no cover - Windows
    fcntl = None  # type: ignore[assignment]

WAIT_SECONDS = 10.0


def _try_lock(fd: int) -> bool:
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return False
    return True


@contextmanager
def plan_lock(path: Path, wait: float | None = None) -> Iterator[None]:
    """Hold the write lock of `path` (an existing file) for the duration of the block."""
    if fcntl is None:  # pragma: no cover - Windows
        yield
        return
    deadline = time.monotonic() + (WAIT_SECONDS if wait is None else wait)
    while True:
        try:
            # O_NONBLOCK: a plan that is a named pipe must not block the open.
            fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
        except FileNotFoundError:
            raise RefusedWrite("no such file", where=str(path)) from None
        except OSError as exc:
            raise RefusedWrite(f"cannot open: {exc.strerror}", where=str(path)) from None
        if stat.S_ISFIFO(os.fstat(fd).st_mode) or stat.S_ISSOCK(os.fstat(fd).st_mode):
            os.close(fd)
            raise RefusedWrite("is not a regular file (a pipe or socket)", where=str(path))
        try:
            while not _try_lock(fd):
                if time.monotonic() > deadline:
                    raise RefusedWrite(
                        "another coachplan command is changing this plan",
                        where=str(path),
                        hint="try again in a moment",
                    )
                time.sleep(0.01)
            try:
                same = os.path.samestat(os.fstat(fd), os.stat(path))
            except FileNotFoundError:
                same = False
            if same:
                yield
                return
        finally:
            os.close(fd)  # closing releases the lock
