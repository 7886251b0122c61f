"""What a rule body is, and the decorator that registers one under its rule's code."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator

from coachplan.core.findings import Problem
from coachplan.core.model import Metric, Plan
from coachplan.core.registry import RuleContext

Check = Callable[[Plan, RuleContext], Iterable[Problem]]

CHECKS: dict[str, Check] = {}


def check(code: str) -> Callable[[Check], Check]:
    """Register the function that finds the problems of rule `code`."""

    def register(function: Check) -> Check:
        if code in CHECKS:  # pragma: no cover - a programming error
            raise ValueError(f"two checks for rule {code}")
        CHECKS[code] = function
        return function

    return register


def located_metrics(plan: Plan) -> Iterator[tuple[tuple[str | int, ...], Metric]]:
    """Every metric of the plan with its key path, `("goals", gi, "metrics", mi)`."""
    for gi, goal in enumerate(plan.goals):
        for mi, metric in enumerate(goal.metrics):
            yield ("goals", gi, "metrics", mi), metric


def assessed_levels(plan: Plan) -> Iterator[tuple[tuple[str | int, ...], dict[str, int]]]:
    """Every set of assessed skill levels with its key path: each re-assessment's, and the
    closing's final levels."""
    for i, assessment in enumerate(plan.assessments):
        yield ("assessments", i, "levels"), assessment.levels
    if plan.closing is not None:
        yield ("closing", "levels"), plan.closing.levels
