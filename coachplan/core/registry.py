"""The rule registry: what each rule is called and how it is explained, without its body.

Every rule has a stable code, a name, a default severity, an explanation and a failing and a
passing example (the tests run both, so every example is known to fail or pass exactly as
documented). The descriptions are registered here by the modules of
coachplan.core.rulebook, one per family (`rulebook.all_rules()` gives them all); the check
functions that find the problems live in coachplan.rules, keyed by the same codes. Loading,
settings and rendering need only the descriptions, so they never import a rule's body.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date

from coachplan.core.findings import Severity
from coachplan.core.settings import Scale, Thresholds

FAMILIES = {
    "F": "format",
    "S": "SMART",
    "P": "plan",
    "R": "reference",
    "K": "kind",
}


@dataclass(frozen=True)
class RuleContext:
    """What a rule may know besides the plan: the day it checks on, the settings, and how
    a command names the plan (its id, or its path outside the plans directory)."""

    as_of: date
    thresholds: Thresholds = field(default_factory=Thresholds)
    scale: Scale = field(default_factory=Scale)
    plan: str = "PLAN"

    def command(self, words: str, rest: str = "") -> str:
        """A coachplan command line on this plan, for a hint: `coachplan signoff agent-2291
        --role coach` from `command("signoff", "--role coach")`."""
        return f"`coachplan {words} {self.plan}{' ' + rest if rest else ''}`"


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

    @property
    def family(self) -> str:
        return FAMILIES[self.code[0]]


REGISTRY: dict[str, Rule] = {}


def register(rule: Rule) -> Rule:
    if rule.code in REGISTRY:  # pragma: no cover - a programming error
        raise ValueError(f"duplicate rule code {rule.code}")
    REGISTRY[rule.code] = rule
    return rule


def describe(
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
) -> Rule:
    """Register a rule's description; its examples are trimmed to whole lines."""
    return register(
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
        )
    )


def matches(code: str, selectors: Iterable[str]) -> bool:
    """Whether a code is named by any selector: a whole code, a prefix, or ALL."""
    return any(s == "ALL" or code.startswith(s) for s in selectors)
