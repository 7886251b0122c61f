"""A file's text at a git revision: the only place coachplan runs git."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

from coachplan.core.errors import UnreadablePlan, UsageError
from coachplan.files.store import MAX_PLAN_BYTES


def _git(directory: Path, *args: str) -> subprocess.CompletedProcess[bytes]:
    git = shutil.which("git")
    if git is None:
        raise UsageError("git is not installed", hint="coachplan diff compares git revisions")
    return subprocess.run(
        [git, "-C", str(directory), *args], capture_output=True, check=False, timeout=60
    )


def check_revision(directory: Path, rev: str) -> None:
    """Refuse a revision that is not a commit of the repository holding `directory`."""
    inside = _git(directory, "rev-parse", "--is-inside-work-tree")
    if inside.returncode != 0:
        raise UsageError(f"{directory} is not in a git repository")
    if (
        rev.startswith("-")
        or _git(directory, "rev-parse", "--verify", "--quiet", f"{rev}^{{commit}}").returncode
    ):
        raise UsageError(
            f"unknown revision {rev!r}", hint="name a commit, branch or tag, e.g. HEAD~1"
        )


def read_at(path: Path, rev: str) -> str | None:
    """The text of `path` at revision `rev`; None when the file did not exist there."""
    directory = path.parent if path.parent.is_dir() else Path.cwd()
    check_revision(directory, rev)
    relative = path.name if directory == path.parent else path.as_posix()
    blob = f"{rev}:./{relative}"
    size = _git(directory, "cat-file", "-s", blob)
    if size.returncode != 0:
        return None
    # The limit of plan files on disk holds for blobs too: git show would read it whole.
    if int(size.stdout.strip() or 0) > MAX_PLAN_BYTES:
        raise UnreadablePlan(
            f"is larger than {MAX_PLAN_BYTES // 2**20} MB at {rev}, far more than any plan",
            where=str(path),
        )
    shown = _git(directory, "cat-file", "blob", blob)
    if shown.returncode != 0:
        return None
    try:
        return shown.stdout.decode("utf-8")
    except UnicodeDecodeError:
        raise UsageError(f"{path} at {rev} is not UTF-8 text") from None
