"""Running the rules over plan files: selection, severities, and per-path ignores."""

from __future__ import annotations

import fnmatch
import functools
import os
import shlex
import traceback
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path

from coachplan.core.errors import UsageError
from coachplan.core.findings import Finding, Severity
from coachplan.core.model import ID_RE
from coachplan.core.registry import Rule, RuleContext, matches
from coachplan.core.rulebook import all_rules, unknown_selectors
from coachplan.core.settings import RuleSettings, Scale, Thresholds
from coachplan.files.loader import Loaded, format_finding, load, relative_inside
from coachplan.rules import all_checks
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
    inside = relative_inside(path, root)
    if inside is not None:
        return inside.as_posix()
    try:
        return path.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return path.as_posix()


@functools.lru_cache(maxsize=16)
def _runnable(selection: Selection) -> tuple[tuple[Rule, Check], ...]:
    """The rules a selection runs, with their checks, worked out once per run rather than
    once per file."""
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
    if plans_dir is not None and ID_RE.fullmatch(path.stem):
        parent = path.parent if path.is_absolute() else Path(os.path.abspath(path.parent))
        if parent == plans_dir:
            return path.stem
    return shlex.quote(file)


def run_rules(loaded: Loaded, options: CheckOptions, path: Path | None = None) -> list[Finding]:
    """The findings of every selected rule on a loaded plan (read from `path`)."""
    plan = loaded.plan
    if plan is None or loaded.located is None:
        return []
    context = RuleContext(
        as_of=options.as_of,
        thresholds=options.thresholds,
        scale=options.scale,
        plan=plan_ref(path or Path(loaded.file), loaded.file, options.plans_dir),
    )
    findings: list[Finding] = []
    for rule, check in _runnable(options.selection):
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
    return findings


def check_path(path: Path, options: CheckOptions) -> Loaded:
    """Load and check one file; its findings filtered and with their final severities."""
    return check_loaded(load(path), path, options)


def check_loaded(loaded: Loaded, path: Path, options: CheckOptions) -> Loaded:
    """Run the rules on a loaded file (from `path`); its findings filtered and final."""
    findings = loaded.findings + run_rules(loaded, options, path)
    relative = _relative(path, options.root)
    selection = options.selection
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


def _check_summary(options: CheckOptions, path: Path) -> Loaded:
    return summary(check_path(path, options))


def check_paths(
    paths: Iterable[Path], options: CheckOptions, *, jobs: int | None = None
) -> list[Loaded]:
    """Check many files, in input order; each result as `summary` gives it (no `plan`).

    Large inputs are checked in worker processes (coachplan.files.parallel); `check_path` gives
    the plan as well, for one file.
    """
    return list(each_checked(list(paths), options, jobs=jobs))


def each_checked(
    paths: Sequence[Path], options: CheckOptions, *, jobs: int | None = None
) -> Iterator[Loaded]:
    """`check_paths`, one result at a time as it is ready (for a progress bar)."""
    from coachplan.files.parallel import imap_files

    return imap_files(functools.partial(_check_summary, options), paths, jobs=jobs)
