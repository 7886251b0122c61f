"""What a sign-off agrees to, as a digest that shows when the plan changed afterwards.

A sign-off records `agreed = "sha256:<hex>"`: the digest of the plan's agreed content at
signing. The agreed content is what coach and coachee commit to: the goals with their
metrics' definitions and targets, the action steps, and the plan's window. Progress records
(measurements, check-ins, feedback, action and milestone completion) are not part of it, so
recording progress never makes a sign-off stale; changing a goal, a target, an action or the
window does.

The digest does not depend on the order of goals, metrics or actions in the file, on how a
number is spelled (`60` or `60.0`), or on comments and layout.
"""

from __future__ import annotations

import hashlib
import json
from datetime import date
from typing import Any

from pydantic import BaseModel

from coachplan.model import Plan, Signoff

DIGEST_PREFIX = "sha256:"

GOAL_FIELDS = ("id", "statement", "relevant_to", "due")
METRIC_FIELDS = ("id", "description", "kind", "unit", "source", "baseline", "target", "minimum")
# An action's status and done date are progress, not agreement.
ACTION_FIELDS = ("id", "goal", "description", "method", "resource", "due")


def _plain(value: Any) -> Any:
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def _fields(record: BaseModel, names: tuple[str, ...]) -> dict[str, Any]:
    return {name: _plain(getattr(record, name)) for name in names}


def agreed_content(plan: Plan) -> dict[str, Any]:
    """The part of a plan a sign-off agrees to, as plain data."""
    goals = []
    for goal in sorted(plan.goals, key=lambda g: g.id):
        entry = _fields(goal, GOAL_FIELDS)
        entry["metrics"] = [
            _fields(metric, METRIC_FIELDS) for metric in sorted(goal.metrics, key=lambda m: m.id)
        ]
        goals.append(entry)
    return {
        "start": _plain(plan.start),
        "end": _plain(plan.end),
        "goals": goals,
        "actions": [_fields(a, ACTION_FIELDS) for a in sorted(plan.actions, key=lambda a: a.id)],
    }


def agreement_digest(plan: Plan) -> str:
    """`sha256:<hex>` of the plan's agreed content."""
    text = json.dumps(
        agreed_content(plan), sort_keys=True, separators=(",", ":"), ensure_ascii=False
    )
    return DIGEST_PREFIX + hashlib.sha256(text.encode("utf-8")).hexdigest()


def current_signoffs(plan: Plan) -> dict[str, tuple[int, Signoff]]:
    """The latest sign-off of each role (by date, then place in the file), with its index."""
    latest: dict[str, tuple[int, Signoff]] = {}
    for index, signoff in enumerate(plan.signoffs):
        held = latest.get(signoff.role)
        if held is None or signoff.date >= held[1].date:
            latest[signoff.role] = (index, signoff)
    return latest


def stale_signoffs(plan: Plan) -> list[tuple[int, Signoff]]:
    """Roles whose latest sign-off agreed to different content than the plan has now.

    A sign-off without `agreed` (written by hand) cannot be checked and is never stale.
    """
    digest = agreement_digest(plan)
    return [
        (index, signoff)
        for index, signoff in sorted(current_signoffs(plan).values(), key=lambda item: item[0])
        if signoff.agreed is not None and signoff.agreed != digest
    ]
