"""Files at git revisions and the repository's root: the only place coachplan runs git."""

from __future__ import annotations

import os
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


def changed_files(directory: Path, rev_a: str, rev_b: str | None) -> list[Path]:
    """The files directly in `directory` that differ between revision `rev_a` and `rev_b`
    (None: the working tree, untracked files included), added and removed ones too; in
    name order. The revisions are checked first (`check_revision`)."""
    for rev in (rev_a, rev_b):
        if rev is not None:
            check_revision(directory, rev)
    revisions = [rev_a] if rev_b is None else [rev_a, rev_b]
    # --relative: names from `directory`; --no-renames: a renamed plan is one removed and
    # one added (its id changed); "--" ends the revisions, so a name is never one.
    listed = [
        _git(
            directory,
            "diff",
            "--name-only",
            "--relative",
            "--no-renames",
            "-z",
            *revisions,
            "--",
            ".",
        )
    ]
    if rev_b is None:
        listed.append(_git(directory, "ls-files", "--others", "--exclude-standard", "-z", "."))
    names: set[str] = set()
    for result in listed:
        if result.returncode != 0:
            said = os.fsdecode(result.stderr).strip().splitlines()
            raise UsageError(
                f"git cannot compare {rev_a} with {rev_b or 'the working tree'}"
                + (f": {said[-1]}" if said else "")
            )
        names.update(os.fsdecode(name) for name in result.stdout.split(b"\0") if name)
    return [directory / name for name in sorted(names) if "/" not in name]


def repository_root(directory: Path) -> Path | None:
    """The top level of the git work tree holding `directory`; None outside one, or
    where git is not installed."""
    if shutil.which("git") is None:
        return None
    found = _git(directory, "rev-parse", "--show-toplevel")
    if found.returncode != 0 or not found.stdout.strip():
        return None
    return Path(os.fsdecode(found.stdout.rstrip(b"\r\n")))


def repository_path(file: str, root: Path) -> str:
    """`file` (as given, relative to the current directory) as a path from `root`, with
    `/` separators, the same whatever directory a command runs in; a file outside `root`
    keeps its absolute path."""
    absolute = Path(os.path.abspath(file))
    # git gives the root with symbolic links resolved: try the file's real folder too.
    real = Path(os.path.realpath(absolute.parent)) / absolute.name
    for candidate in (absolute, real):
        try:
            return candidate.relative_to(root).as_posix()
        except ValueError:
            continue
    return absolute.as_posix()
