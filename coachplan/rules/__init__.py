"""The rule registry: every rule a plain function `(plan, context) -> problems`.

Rules are registered by the `rule` decorator in the family modules below, each with a stable
code, a name, a default severity, an explanation and a failing and a passing example (which
the tests run, so every example is known to fail or pass exactly as documented).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date

from coachplan.findings import Problem, Severity
from coachplan.model import Plan
from coachplan.workspace import Scale, Thresholds

FAMILIES = {
    "F": "format",
    "S": "SMART",
    "P": "plan",
    "R": "reference",
    "K": "kind",
}


@dataclass(frozen=True)
class RuleContext:
    as_of: date
    thresholds: Thresholds = field(default_factory=Thresholds)
    scale: Scale = field(default_factory=Scale)


Check = Callable[[Plan, RuleContext], Iterable[Problem]]


@dataclass(frozen=True)
class Rule:
    code: str
    name: str
    summary: str
    explanation: str
    severity: Severity = Severity.ERROR
    # SMART and kind findings are advice while a plan is a draft: warnings, not errors.
    relaxed_in_draft: bool = False
    smart: str = ""  # which SMART letter, for SMART rules
    bad: str = ""
    good: str = ""
    check: Check | None = None

    @property
    def family(self) -> str:
        return FAMILIES[self.code[0]]


REGISTRY: dict[str, Rule] = {}
# Importing one family module (the loader imports `format`) must not stop the others loading.
_LOADED: list[bool] = []


def register(rule: Rule) -> Rule:
    if rule.code in REGISTRY:  # pragma: no cover - a programming error
        raise ValueError(f"duplicate rule code {rule.code}")
    REGISTRY[rule.code] = rule
    return rule


def rule(
    code: str,
    name: str,
    summary: str,
    *,
    explanation: str,
    bad: str,
    good: str,
    severity: Severity = Severity.ERROR,
    relaxed_in_draft: bool = False,
    smart: str = "",
) -> Callable[[Check], Check]:
    def decorate(check: Check) -> Check:
        register(
            Rule(
                code=code,
                name=name,
                summary=summary,
                explanation=explanation.strip(),
                severity=severity,
                relaxed_in_draft=relaxed_in_draft,
                smart=smart,
                bad=bad.strip() + "\n",
                good=good.strip() + "\n",
                check=check,
            )
        )
        return check

    return decorate


def all_rules() -> dict[str, Rule]:
    """Every rule, loading the family modules on first use."""
    if not _LOADED:
        from coachplan.rules import format as _format  # noqa: F401
        from coachplan.rules import kinds as _kinds  # noqa: F401
        from coachplan.rules import plan as _plan  # noqa: F401
        from coachplan.rules import refs as _refs  # noqa: F401
        from coachplan.rules import smart as _smart  # noqa: F401

        ordered = sorted(REGISTRY.items(), key=lambda kv: ("FSPRK".index(kv[0][0]), kv[0]))
        REGISTRY.clear()
        REGISTRY.update(ordered)
        _LOADED.append(True)
    return REGISTRY


def matches(code: str, selectors: Iterable[str]) -> bool:
    """Whether a code is named by any selector: a whole code, a prefix, or ALL."""
    return any(s == "ALL" or code.startswith(s) for s in selectors)


def unknown_selectors(selectors: Iterable[str]) -> list[str]:
    codes = all_rules()
    return [s for s in selectors if s != "ALL" and not any(c.startswith(s) for c in codes)]
