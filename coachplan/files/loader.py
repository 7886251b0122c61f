"""Loading a plan: text -> TOML data -> model, with every problem located in the file."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pydantic import ValidationError

from coachplan.core.errors import InvalidPlan, UnreadablePlan
from coachplan.core.fields import ID_RE
from coachplan.core.findings import Finding, Problem, Severity
from coachplan.files.paths import (  # where callers have long found them
    display_path as display_path,
)
from coachplan.files.paths import (
    relative_inside as relative_inside,
)
from coachplan.files.paths import (
    relative_text as relative_text,
)
from coachplan.files.positions import PositionIndex, index_positions
from coachplan.files.store import SourceText, decode_source, parse_toml, read_source

if TYPE_CHECKING:  # the models are built when a plan is validated, not on import
    from coachplan.core.model import Plan


@dataclass
class Located:
    """Turns key paths into line and column, scanning the text only when first asked."""

    text: str
    _index: PositionIndex | None = field(default=None, repr=False)

    @property
    def index(self) -> PositionIndex:
        if self._index is None:
            self._index = index_positions(self.text)
        return self._index

    def locate(self, where: tuple[str | int, ...]) -> tuple[int, int]:
        return self.index.locate(where)


@dataclass
class Loaded:
    """The outcome of loading one file: a plan, or the findings that kept it from loading."""

    file: str
    source: SourceText | None = None
    data: dict[str, Any] | None = None
    plan: Plan | None = None
    findings: list[Finding] = field(default_factory=list)
    unreadable: bool = False
    located: Located | None = None


def _where(text: str) -> tuple[int, int]:
    parts = text.rsplit(":", 2)
    try:
        return int(parts[-2]), int(parts[-1])
    except (ValueError, IndexError):
        return 1, 1


def format_finding(code: str, problem: Problem, file: str, located: Located) -> Finding:
    from coachplan.core.rulebook import all_rules

    rule = all_rules()[code]
    line, column = located.locate(problem.where)
    return Finding(
        code, rule.name, Severity.ERROR, file, line, column, problem.message, problem.hint
    )


def load(path: Path, *, tolerant: bool = False, file: str | None = None) -> Loaded:
    """Read, parse and validate one plan file; never raises for bad content."""
    file = file or display_path(path)
    try:
        source = read_source(path, tolerant=tolerant)
    except UnreadablePlan as exc:
        return unreadable(Loaded(file), exc)
    return load_source(source, file=file)


def load_bytes(path: Path, raw: bytes, *, file: str) -> Loaded:
    """Like `load`, for the bytes already read from `path`."""
    try:
        source = decode_source(path, raw)
    except UnreadablePlan as exc:
        return unreadable(Loaded(file), exc)
    return load_source(source, file=file)


def load_text(path: Path, text: str, *, file: str | None = None) -> Loaded:
    """Like `load`, for the text a file at `path` would have (before it is written)."""
    return load_source(SourceText(path, text), file=file or display_path(path))


def load_source(source: SourceText, *, file: str) -> Loaded:
    """Parse and validate text already read; never raises for bad content."""
    path = source.path
    result = Loaded(file, source=source)
    try:
        result.data = parse_toml(source)
    except UnreadablePlan as exc:
        return unreadable(result, exc)
    result.located = Located(source.text)
    from_data(result)
    if not ID_RE.fullmatch(path.stem):
        from coachplan.core.rulebook import all_rules

        result.findings.append(
            Finding(
                "F106",
                all_rules()["F106"].name,
                Severity.ERROR,
                file,
                1,
                1,
                f"file name {path.name!r} is not a valid plan id",
                "rename it: lowercase letters, digits and '-', e.g. agent-2291.toml",
            )
        )
    return result


def unreadable(result: Loaded, exc: UnreadablePlan) -> Loaded:
    """Record why a file could not be read or parsed (F001 syntax, F002 anything else)."""
    from coachplan.core.rulebook import all_rules

    result.unreadable = True
    code = "F001" if exc.message.startswith("TOML syntax") else "F002"
    line, column = _where(exc.where or "") if exc.where and ":" in exc.where else (1, 1)
    result.findings.append(
        Finding(
            code,
            all_rules()[code].name,
            Severity.ERROR,
            result.file,
            line,
            column,
            exc.message,
            exc.hint or "",
        )
    )
    return result


def from_data(result: Loaded) -> None:
    """Validate `result.data` into `result.plan`, or add located format findings."""
    from coachplan.core.model import Plan
    from coachplan.core.validation import translate

    assert result.data is not None and result.located is not None
    try:
        result.plan = Plan.model_validate(result.data)
    except ValidationError as exc:
        for error in exc.errors():
            code, problem = translate(error)
            result.findings.append(format_finding(code, problem, result.file, result.located))


def load_plan(path: Path) -> Plan:
    """A valid plan, or InvalidPlan/UnreadablePlan naming the first problem and its place."""
    return plan_of(load(path))


def plan_of(loaded: Loaded) -> Plan:
    """The loaded plan, or InvalidPlan/UnreadablePlan naming the first problem and its place."""
    if loaded.plan is not None:
        return loaded.plan
    first = min(loaded.findings, key=lambda f: f.sort_key)
    more = len(loaded.findings) - 1
    message = first.message + (
        f" (and {more} more; run `coachplan validate {loaded.file}`)" if more else ""
    )
    error_class = UnreadablePlan if loaded.unreadable else InvalidPlan
    raise error_class(
        message, where=f"{first.file}:{first.line}:{first.column}", hint=first.hint or None
    )
