"""The findings cache on disk: `.coachplan_cache/` at the workspace root.

A second `validate` of unchanged files should cost little more than reading them. What a
check found in a file is stored under a key made of the file's content and its
workspace-relative path; the store as a whole belongs to one *namespace*, a digest of
everything else that can change a finding (coachplan's own source, the Python and library
versions, the settings the rules read: see coachplan.engine.findings_cache). A store of
another namespace is never read.

Safe for several processes at once (pre-commit runs hooks in parallel): the store is one
file per namespace, replaced atomically (written to a temporary file, then renamed), and
merged under an advisory lock so that concurrent writers keep each other's entries. A
store that is corrupt, of another format, unreadable or unwritable is ignored: the cache
can make a run faster, never fail it or change its answer.

`COACHPLAN_CACHE_DIR` puts the cache elsewhere (CI caches it between runs); `--no-cache`
leaves it alone.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

CACHE_DIR_NAME = ".coachplan_cache"
CACHE_DIR_VARIABLE = "COACHPLAN_CACHE_DIR"
FORMAT = "coachplan findings cache"
VERSION = 1
# Stores of other namespaces (another coachplan, another setting) kept beside the current
# one, newest first, so that switching back and forth stays fast; older ones are removed.
KEEP_NAMESPACES = 4
# Beyond this many entries, entries of files not seen in this run are dropped.
MAX_ENTRIES = 500_000
LOCK_WAIT_SECONDS = 2.0

try:
    import fcntl
except ImportError:  # pragma: no cover - Windows: merges are last-writer-wins
    fcntl = None  # type: ignore[assignment]


def cache_directory(root: Path | None) -> Path | None:
    """Where the cache of a workspace lives: COACHPLAN_CACHE_DIR, else `.coachplan_cache/`
    at the workspace root; None when there is no workspace to put it in."""
    chosen = os.environ.get(CACHE_DIR_VARIABLE, "").strip()
    if chosen:
        return Path(chosen)
    return None if root is None else root / CACHE_DIR_NAME


def content_key(relative: str, raw: bytes) -> str:
    """The key of a file's entry: its workspace-relative path and its bytes. SHA-256, cut
    to 40 hex digits: processors hash it in hardware, faster than BLAKE2 here, and every
    run hashes every file."""
    digest = hashlib.sha256(relative.encode("utf-8", "surrogateescape"))
    digest.update(b"\0")
    digest.update(raw)
    return digest.hexdigest()[:40]


class FindingsStore:
    """The entries of one namespace: read once, looked up per file, merged back once."""

    def __init__(self, directory: Path, namespace: str) -> None:
        self.directory = directory
        self.namespace = namespace
        self.path = directory / f"findings-{namespace[:24]}.json"
        self.entries: dict[str, Any] = _read(self.path, namespace)
        self.added: dict[str, Any] = {}

    def get(self, key: str) -> Any | None:
        return self.entries.get(key)

    def put(self, key: str, entry: list[Any]) -> None:
        """Add an entry; its first item is the file's workspace-relative path, so that the
        entries of the file's earlier contents are dropped when the store is saved."""
        self.added[key] = entry

    def save(self) -> bool:
        """Merge this run's new entries into the store on disk; False if it could not."""
        if not self.added:
            return True
        try:
            self.directory.mkdir(parents=True, exist_ok=True)
            _ignore_in_git(self.directory)
            with _locked(self.directory):
                current = _read(self.path, self.namespace)  # what others wrote meanwhile
                renewed = {entry[0] for entry in self.added.values()}
                current = {
                    key: entry
                    for key, entry in current.items()
                    if not (isinstance(entry, list) and entry and entry[0] in renewed)
                }
                current.update(self.added)
                if len(current) > MAX_ENTRIES:
                    current = dict(self.added)
                _write_atomic(self.path, _dump(self.namespace, current))
            _prune_namespaces(self.directory, self.path)
        except (OSError, ValueError, TimeoutError):
            return False
        self.entries.update(self.added)
        self.added.clear()
        return True


def _dump(namespace: str, entries: dict[str, Any]) -> str:
    return json.dumps(
        {"format": FORMAT, "version": VERSION, "namespace": namespace, "entries": entries},
        separators=(",", ":"),
        ensure_ascii=False,
    )


def _read(path: Path, namespace: str) -> dict[str, Any]:
    """The entries of a store, or none if it is missing, corrupt or not this namespace's."""
    try:
        with open(path, encoding="utf-8") as handle:
            data = json.load(handle)
    except (OSError, ValueError, RecursionError):
        return {}
    if (
        not isinstance(data, dict)
        or data.get("format") != FORMAT
        or data.get("version") != VERSION
        or data.get("namespace") != namespace
        or not isinstance(data.get("entries"), dict)
    ):
        return {}
    entries: dict[str, Any] = data["entries"]
    return entries


def _ignore_in_git(directory: Path) -> None:
    marker = directory / ".gitignore"
    if not marker.exists():
        _write_atomic(marker, "# Created by coachplan: the findings cache is not for git.\n*\n")


def _write_atomic(path: Path, text: str) -> None:
    fd, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(text)
        os.replace(temporary, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise


@contextlib.contextmanager
def _locked(directory: Path) -> Iterator[None]:
    """Hold the cache's merge lock (an flock on `.lock`), waiting at most a moment."""
    if fcntl is None:  # pragma: no cover - Windows
        yield
        return
    fd = os.open(directory / ".lock", os.O_RDWR | os.O_CREAT, 0o644)
    try:
        deadline = time.monotonic() + LOCK_WAIT_SECONDS
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() > deadline:
                    raise TimeoutError("the findings cache is busy") from None
                time.sleep(0.01)
        yield
    finally:
        os.close(fd)  # closing releases the lock


def _prune_namespaces(directory: Path, current: Path) -> None:
    stale = [p for p in stores(directory) if p != current][KEEP_NAMESPACES - 1 :]
    for path in stale:
        with contextlib.suppress(OSError):
            path.unlink()


def stores(directory: Path) -> list[Path]:
    """The stores in a cache directory, newest first."""
    found: list[tuple[float, Path]] = []
    with contextlib.suppress(OSError):
        for path in directory.glob("findings-*.json"):
            with contextlib.suppress(OSError):
                found.append((path.stat().st_mtime, path))
    return [path for _, path in sorted(found, reverse=True)]
