"""What a cached finding depends on, and how findings are kept in the cache.

An entry holds every finding of a file before selection and severities are applied, so
that `--select`, `--ignore`, per-path ignores and `[rules.severity]` reuse it. Its key is
the file's bytes and workspace-relative path (coachplan.files.cache.content_key); the store
it is in is named by `namespace`: a digest of coachplan's own source files (an editable
install keeps its version string while its code changes), the versions of Python,
pydantic-core and the TOML parsers, and the settings the rules read. An entry whose
findings depend on the date (a rule read `as_of` while checking it) also records the day
it was made for and is used for that day only; with the default `--as-of` (today) such
entries turn over daily.
"""

from __future__ import annotations

import functools
import hashlib
import importlib.util
import json
import os
import sys
from datetime import date
from pathlib import Path
from typing import Any

from coachplan.core.findings import Finding, Severity
from coachplan.core.settings import Scale, Thresholds

# Raised whenever the layout of an entry changes.
ENTRY_LAYOUT = 1
# The distributions whose code can change a finding.
LIBRARIES = ("pydantic_core", "pydantic", "tomli", "rtoml")


@functools.cache
def source_digest() -> str:
    """A digest of every Python file of the coachplan package."""
    import coachplan

    package = Path(coachplan.__file__).parent
    digest = hashlib.blake2b(digest_size=20)
    for directory, subdirectories, names in os.walk(package):
        subdirectories.sort()
        for name in sorted(names):
            if name.endswith(".py"):
                path = os.path.join(directory, name)
                digest.update(os.path.relpath(path, package).encode() + b"\0")
                with open(path, "rb") as handle:
                    digest.update(handle.read())
                digest.update(b"\0")
    return digest.hexdigest()


@functools.cache
def library_version(module: str) -> str:
    """The installed version of a library, found without importing it (importing
    pydantic-core alone takes longer than a warm run of one file); "" if absent."""
    try:
        spec = importlib.util.find_spec(module)
    except (ImportError, ValueError):
        return ""
    if spec is None or not spec.origin:
        return ""
    location = Path(spec.origin).parent
    site = location.parent
    prefix = module.replace("_", "-").lower()
    try:
        names = os.listdir(site)
    except OSError:
        names = []
    for name in names:
        if name.endswith(".dist-info") and name.replace("_", "-").lower().startswith(prefix + "-"):
            return name[: -len(".dist-info")]
    # No metadata beside it: the size and time of the module file stand in.
    try:
        info = os.stat(spec.origin)
    except OSError:
        return spec.origin
    return f"{spec.origin}:{info.st_size}:{info.st_mtime_ns}"


def namespace(thresholds: Thresholds, scale: Scale) -> str:
    """The digest of everything besides a file itself that can change its findings."""
    material = json.dumps(
        {
            "layout": ENTRY_LAYOUT,
            "source": source_digest(),
            "python": sys.version,
            "libraries": {name: library_version(name) for name in LIBRARIES},
            "thresholds": thresholds.model_dump(mode="json"),
            "scale": scale.model_dump(mode="json"),
        },
        sort_keys=True,
    )
    return hashlib.blake2b(material.encode(), digest_size=20).hexdigest()


def make_entry(
    relative: str, unreadable: bool, findings: list[Finding], as_of: date | None
) -> list[Any]:
    """An entry: the file's relative path, whether it was unreadable, its findings
    (without the file name, which depends on the current directory), and the day its
    findings hold for (None: any day)."""
    return [
        relative,
        unreadable,
        [[f.code, f.name, f.severity.value, f.line, f.column, f.message, f.hint] for f in findings],
        None if as_of is None else as_of.isoformat(),
    ]


def read_entry(entry: Any, file: str, as_of: date) -> tuple[bool, list[Finding]] | None:
    """(unreadable, findings) of an entry that holds on `as_of`; None if it does not, or
    if it is not an entry at all (a damaged cache is a miss, never an error)."""
    try:
        _, unreadable, stored, day = entry
        if day is not None and day != as_of.isoformat():
            return None
        findings = [
            Finding(code, name, Severity(severity), file, line, column, message, hint)
            for code, name, severity, line, column, message, hint in stored
        ]
    except (TypeError, ValueError):
        return None
    if not isinstance(unreadable, bool) or not all(
        isinstance(f.code, str)
        and isinstance(f.name, str)
        and type(f.line) is int
        and type(f.column) is int
        and isinstance(f.message, str)
        and isinstance(f.hint, str)
        for f in findings
    ):
        return None
    return unreadable, findings


def serves(entry: Any, as_of: date) -> bool:
    """Whether an entry holds on `as_of` (its findings are checked when read)."""
    return (
        isinstance(entry, list)
        and len(entry) == 4
        and (entry[3] is None or entry[3] == as_of.isoformat())
    )
