"""Running the rules over plan files: selection, severities, and per-path ignores."""

from __future__ import annotations

import contextlib
import fnmatch
import functools
import os
import shlex
import traceback
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from coachplan.core.errors import UnreadablePlan, UsageError
from coachplan.core.fields import ID_RE
from coachplan.core.findings import Finding, Severity
from coachplan.core.registry import Rule, RuleContext, matches
from coachplan.core.rulebook import all_rules, unknown_selectors
from coachplan.core.settings import RuleSettings, Scale, Thresholds
from coachplan.engine.findings_cache import make_entry, read_entry, serves
from coachplan.files.cache import content_key
from coachplan.files.loader import (
    Loaded,
    display_path,
    format_finding,
    load,
    load_bytes,
    relative_text,
    unreadable,
)
from coachplan.files.store import decode_source, read_bytes

if TYPE_CHECKING:
    from coachplan.files.cache import FindingsStore
    from coachplan.rules.base import Check


def _specificity(selector: str) -> int:
    return 0 if selector == "ALL" else len(selector)


@dataclass(frozen=True)
class Layer:
    """One source of rule selection: coachplan.toml, or the command line above it."""

    select: tuple[str, ...] | None = None  # None: this layer does not reset the selection
    extend_select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()

    def decide(self, code: str) -> bool | None:
        """Whether this layer turns `code` on or off; None where it says nothing about it.

        The most specific selector that names the code wins (`S201` over `S2` over `S` over
        `ALL`), and `ignore` wins a tie. A layer that sets `select` turns off every code it
        does not name.
        """
        decision: bool | None = None
        length = -1
        for selector in (*(self.select or ()), *self.extend_select):
            if matches(code, (selector,)) and _specificity(selector) > length:
                decision, length = True, _specificity(selector)
        for selector in self.ignore:
            if matches(code, (selector,)) and _specificity(selector) >= length:
                decision, length = False, _specificity(selector)
        if decision is None and self.select is not None:
            return False
        return decision

    @property
    def selectors(self) -> tuple[str, ...]:
        return (*(self.select or ()), *self.extend_select, *self.ignore)


@dataclass(frozen=True)
class Selection:
    """Which rules run and how severe their findings are.

    Layers apply in order, later ones overriding earlier ones where they name a code: the
    workspace's `[rules]`, then the command line (as in ruff: `--select` starts over,
    `--extend-select` and `--ignore` adjust what the file chose).
    """

    layers: tuple[Layer, ...] = ()
    severity: tuple[tuple[str, Severity], ...] = ()
    per_path_ignores: tuple[tuple[str, tuple[str, ...]], ...] = ()

    def runs(self, code: str) -> bool:
        """Whether the rule runs at all (per-path ignores aside)."""
        enabled = True
        for layer in self.layers:
            decision = layer.decide(code)
            if decision is not None:
                enabled = decision
        return enabled

    def enabled(self, code: str, relative_file: str = "") -> bool:
        if not self.runs(code):
            return False
        return not any(
            fnmatch.fnmatch(relative_file, pattern) and matches(code, codes)
            for pattern, codes in self.per_path_ignores
        )

    def severity_of(self, code: str, default: Severity) -> Severity:
        chosen, length = default, -1
        for prefix, severity in self.severity:
            if code.startswith(prefix) and len(prefix) > length:
                chosen, length = severity, len(prefix)
        return chosen

    @classmethod
    def build(
        cls,
        settings: RuleSettings | None = None,
        *,
        select: Sequence[str] | None = None,
        extend_select: Sequence[str] = (),
        ignore: Sequence[str] = (),
    ) -> Selection:
        """Settings from coachplan.toml, overridden by the command line."""
        settings = settings or RuleSettings()
        from_file = Layer(
            tuple(settings.select) if settings.select is not None else None,
            tuple(settings.extend_select),
            tuple(settings.ignore),
        )
        from_command_line = Layer(
            tuple(select) if select else None, tuple(extend_select), tuple(ignore)
        )
        per_path = tuple((p, tuple(c)) for p, c in settings.per_path_ignores.items())
        named = [
            *from_file.selectors,
            *from_command_line.selectors,
            *settings.severity,
            *(c for _, cs in per_path for c in cs),
        ]
        unknown = unknown_selectors(named)
        if unknown:
            raise UsageError(
                f"unknown rule code {unknown[0]!r}", hint="`coachplan rules` lists the codes"
            )
        return cls(
            layers=(from_file, from_command_line),
            severity=tuple((k, Severity(v)) for k, v in settings.severity.items()),
            per_path_ignores=per_path,
        )


@dataclass(frozen=True)
class CheckOptions:
    as_of: date
    selection: Selection = field(default_factory=Selection)
    thresholds: Thresholds = field(default_factory=Thresholds)
    scale: Scale = field(default_factory=Scale)
    root: Path | None = None  # per-path ignores are relative to the workspace root
    plans_dir: Path | None = None  # a plan here is named by its id in hints, else by its path


def _relative(path: Path, root: Path | None) -> str:
    if root is None:
        return path.as_posix()
    # Lexically first (no system calls: this runs once per file), then through symlinks.
    inside = relative_text(path, root)
    if inside is not None:
        return inside.replace(os.sep, "/")
    try:
        return path.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return path.as_posix()


@functools.lru_cache(maxsize=16)
def _runnable(selection: Selection) -> tuple[tuple[Rule, Check], ...]:
    """The rules a selection runs, with their checks, worked out once per run rather than
    once per file."""
    from coachplan.rules import all_checks  # the rule bodies build the plan models

    checks = all_checks()
    return tuple(
        (rule, checks[code])
        for code, rule in all_rules().items()
        if code in checks and selection.runs(code)
    )


def plan_ref(path: Path, file: str, plans_dir: Path | None) -> str:
    """How a command names the plan at `path`: its id when it is in the plans directory
    (compared as written, made absolute without resolving links: no file system call per
    file), else its path as shown (`file`)."""
    if plans_dir is not None:
        # As text, not Paths (this runs for every file of a bulk command); a Path's text
        # is already normal, as Path comparison would make it.
        text = os.fspath(path)
        folder, _, name = text.rpartition(os.sep)
        dot = name.rfind(".")
        stem = name[:dot] if 0 < dot < len(name) - 1 else name  # as Path.stem has it
        if ID_RE.fullmatch(stem):
            if not os.path.isabs(text):
                absolute = os.path.abspath(folder)
            elif folder.strip(os.sep):
                absolute = folder
            else:  # a file at the root: its anchor, `/` (or POSIX's own `//`)
                absolute = text[: len(text) - len(name)]
            if absolute == os.fspath(plans_dir):
                return stem
    return shlex.quote(file)


class _DateWatch(RuleContext):
    """A rule context that notes whether a rule read the day it checks on, so that the
    findings cache knows which entries hold for that day only."""

    read_date = False

    @classmethod
    def of(cls, as_of: date, thresholds: Thresholds, scale: Scale, plan: str) -> _DateWatch:
        watch = object.__new__(cls)  # the frozen dataclass's __init__ would set as_of
        watch.__dict__.update(_as_of=as_of, thresholds=thresholds, scale=scale, plan=plan)
        return watch

    @property
    def as_of(self) -> date:  # a property outranks the field: only this read is noted
        self.__dict__["read_date"] = True
        day: date = self.__dict__["_as_of"]
        return day


def run_rules(
    loaded: Loaded,
    options: CheckOptions,
    path: Path | None = None,
    selection: Selection | None = None,
) -> list[Finding]:
    """The findings of every selected rule on a loaded plan (read from `path`)."""
    ref = plan_ref(path or Path(loaded.file), loaded.file, options.plans_dir)
    return _rule_findings(loaded, options, selection or options.selection, ref)[0]


def _rule_findings(
    loaded: Loaded, options: CheckOptions, selection: Selection, ref: str
) -> tuple[list[Finding], bool]:
    """The findings of the rules `selection` runs on a plan named `ref` in hints, and
    whether any of them read the date."""
    plan = loaded.plan
    if plan is None or loaded.located is None:
        return [], False
    context = _DateWatch.of(options.as_of, options.thresholds, options.scale, ref)
    findings: list[Finding] = []
    for rule, check in _runnable(selection):
        code = rule.code
        try:
            problems = list(check(plan, context))
        except Exception as exc:  # a crashing rule is a finding, never a traceback
            frame = traceback.extract_tb(exc.__traceback__)[-1]
            findings.append(
                Finding(
                    code,
                    rule.name,
                    Severity.ERROR,
                    loaded.file,
                    1,
                    1,
                    f"rule {code} failed on this plan: {type(exc).__name__}: {exc}",
                    f"please report this bug (at {Path(frame.filename).name}:{frame.lineno})",
                )
            )
            continue
        for problem in problems:
            finding = format_finding(code, problem, loaded.file, loaded.located)
            severity = rule.severity
            if rule.relaxed_in_draft and plan.status == "draft":
                severity = Severity.WARNING
            findings.append(replace(finding, severity=severity))
    return findings, context.read_date


def check_path(path: Path, options: CheckOptions) -> Loaded:
    """Load and check one file; its findings filtered and with their final severities."""
    return check_loaded(load(path), path, options)


def check_loaded(loaded: Loaded, path: Path, options: CheckOptions) -> Loaded:
    """Run the rules on a loaded file (from `path`); its findings filtered and final."""
    findings = loaded.findings + run_rules(loaded, options, path)
    return _selected(loaded, findings, _relative(path, options.root), options.selection)


def _selected(
    loaded: Loaded, findings: list[Finding], relative: str, selection: Selection
) -> Loaded:
    """`loaded` with `findings` as the selection filters them and with final severities."""
    loaded.findings = sorted(
        (
            replace(f, severity=selection.severity_of(f.code, f.severity))
            for f in findings
            if selection.enabled(f.code, relative) or f.code in ("F001", "F002")
        ),
        key=lambda f: f.sort_key,
    )
    return loaded


def summary(loaded: Loaded) -> Loaded:
    """What a report needs of a checked file: its findings, and its text only if it has any.

    Dropping the plan, the parsed data and clean files' text keeps 10,000 checked files in
    a few megabytes, and makes results cheap to send back from worker processes.
    """
    source = loaded.source if loaded.findings else None
    return Loaded(
        loaded.file, source=source, findings=loaded.findings, unreadable=loaded.unreadable
    )


# Files looked up in a warm cache at a time: their keys are held until they are served.
WARM_WINDOW = 1024

# The store of the run in progress. A module global rather than an argument: forked
# workers inherit it instead of receiving a copy with every chunk of files.
_STORE: FindingsStore | None = None

Checked = tuple[Loaded, tuple[str, list[Any]] | None]


def _check_one(options: CheckOptions, path: Path) -> Checked:
    """One file checked, through the cache when a run has one: its summary, and the new
    cache entry (key and entry) when it was not cached yet."""
    store = _STORE
    if store is None:
        return summary(check_path(path, options)), None
    file = display_path(path)
    relative = _relative(path, options.root)
    try:
        raw = read_bytes(path)
    except UnreadablePlan as exc:  # nothing to key an entry on: not cached
        loaded = unreadable(Loaded(file), exc)
        return summary(_selected(loaded, loaded.findings, relative, options.selection)), None
    ref = plan_ref(path, file, options.plans_dir)
    key = _entry_key(relative, ref, raw)
    hit = _from_entry(store.get(key), options, path, raw, file, relative)
    if hit is not None:
        return hit, None
    loaded = load_bytes(path, raw, file=file)
    # Every rule, whatever the selection: the entry serves any later selection.
    found, read_date = _rule_findings(loaded, options, Selection(), ref)
    findings = loaded.findings + found
    entry = make_entry(relative, loaded.unreadable, findings, options.as_of if read_date else None)
    return summary(_selected(loaded, findings, relative, options.selection)), (key, entry)


def _entry_key(relative: str, ref: str, raw: bytes) -> str:
    """A file's key: its bytes, its path in the workspace, and how hints name it (its id,
    or its path as shown outside the plans directory, which depends on where one stands)."""
    return content_key(f"{relative}\0{ref}", raw)


def _from_entry(
    entry: Any, options: CheckOptions, path: Path, raw: bytes | None, file: str, relative: str
) -> Loaded | None:
    """The summary of a file from its cache entry; None when the entry does not serve.
    `raw`: the bytes the entry's key was made of, for the lines findings are shown with
    (None only where the entry has no findings)."""
    cached = read_entry(entry, file, options.as_of)
    if cached is None:
        return None
    loaded = Loaded(file, findings=cached[1], unreadable=cached[0])
    _selected(loaded, loaded.findings, relative, options.selection)
    if loaded.findings and raw is not None:
        with contextlib.suppress(UnreadablePlan):
            loaded.source = decode_source(path, raw)
    return loaded


@dataclass(frozen=True, slots=True)
class _Known:
    """A file whose entry in the store serves: its key, and how it is named, worked out
    once per file; and its bytes when the entry has findings, whose lines are shown."""

    key: str
    file: str  # as shown
    relative: str  # in the workspace
    ref: str  # as hints name it
    raw: bytes | None = None


def _served(store: FindingsStore, options: CheckOptions, path: Path, known: _Known) -> Checked:
    """A file whose entry serves, as `_check_one` gives it (its text from the bytes the
    key was made of, when it has findings to show)."""
    entry = store.get(known.key)
    loaded = _from_entry(entry, options, path, known.raw, known.file, known.relative)
    return (loaded, None) if loaded is not None else _check_one(options, path)


def _cached_key(
    store: FindingsStore, options: CheckOptions, path: Path, *, at_root: bool
) -> _Known | None:
    """The file at `path` if its entry in the store serves; None if the store has none.
    `at_root`: the working directory is the workspace's root, where a file is shown as
    its path in the workspace (what CI and pre-commit do: no lookup of the working
    directory per file)."""
    try:
        raw = read_bytes(path)
    except UnreadablePlan:
        return None
    relative = _relative(path, options.root)
    file = relative if at_root else display_path(path)
    ref = plan_ref(path, file, options.plans_dir)
    key = _entry_key(relative, ref, raw)
    entry = store.get(key)
    if entry is None or not serves(entry, options.as_of):
        return None
    # The bytes are kept only for a file with findings (a window of files at a time).
    return _Known(key, file, relative, ref, raw if entry[2] else None)


def check_paths(
    paths: Iterable[Path],
    options: CheckOptions,
    *,
    jobs: int | None = None,
    store: FindingsStore | None = None,
) -> list[Loaded]:
    """`each_checked`, as a list."""
    return list(each_checked(list(paths), options, jobs=jobs, store=store))


def each_checked(
    paths: Sequence[Path],
    options: CheckOptions,
    *,
    jobs: int | None = None,
    store: FindingsStore | None = None,
) -> Iterator[Loaded]:
    """Check many files; each result, in input order as soon as it is ready (for output
    written as it comes, and a progress bar), as `summary` gives it (no `plan`). With a
    findings `store`, unchanged files are not checked again and what was checked is added
    to the store (saved by the caller).

    Large inputs are checked in worker processes (coachplan.files.parallel); `check_path`
    gives the plan as well, for one file.
    """
    global _STORE
    from coachplan.files.parallel import imap_files

    work = functools.partial(_check_one, options)
    _STORE = store
    try:
        if store is None or not store.entries:
            for loaded, new in imap_files(work, paths, jobs=jobs):
                if new is not None and store is not None:
                    store.put(*new)
                yield loaded
            return
        # A warm cache: find the files it serves here (reading and hashing is all they
        # cost), and check only the others, in workers when there are many of them; a
        # window of files at a time, so that what is held about them stays bounded.
        at_root = (
            options.root is not None
            and os.sep == "/"  # where a shown path and a workspace path are written alike
            and os.fspath(options.root) == os.getcwd()
        )
        for start in range(0, len(paths), WARM_WINDOW):
            window = paths[start : start + WARM_WINDOW]
            keys = [_cached_key(store, options, path, at_root=at_root) for path in window]
            misses = imap_files(
                work, [p for p, k in zip(window, keys, strict=True) if k is None], jobs=jobs
            )
            for path, known in zip(window, keys, strict=True):
                if known is None:
                    loaded, new = next(misses)
                else:
                    loaded, new = _served(store, options, path, known)
                if new is not None:
                    store.put(*new)
                yield loaded
    finally:
        _STORE = None
