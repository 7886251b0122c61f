"""What a sign-off agrees to, as a digest that shows when the plan changed afterwards.

A sign-off records `agreed = "sha256:<hex>"`: the digest of the plan's agreed content at
signing. The agreed content is what coach and coachee commit to: the goals with their
metrics' definitions and targets, the action steps, the milestones, and the plan's window.
Progress records (measurements, check-ins, feedback, action and milestone completion) are not
part of it, so recording progress never makes a sign-off stale; changing a goal, a target,
an action, a milestone or the window does.

The digest does not depend on the order of goals, metrics, actions or milestones in the file,
on how a number is spelled (`60` or `60.0`), or on comments and layout.

A sign-off counts for its role only when its name is the plan's person in that role (its
`coach`, `coachee` or `sponsor`, compared without case and surrounding spaces): anyone else's
signature is kept as history but agrees to nothing.
"""

from __future__ import annotations

import hashlib
import json
from datetime import date
from typing import Any

from pydantic import BaseModel

from coachplan.core.model import Plan, Signoff

DIGEST_PREFIX = "sha256:"

GOAL_FIELDS = ("id", "statement", "relevant_to", "due")
METRIC_FIELDS = ("id", "description", "kind", "unit", "source", "baseline", "target", "minimum")
# An action's status and done date are progress, not agreement; so is a milestone's done_on.
ACTION_FIELDS = ("id", "goal", "description", "method", "resource", "due")
MILESTONE_FIELDS = ("id", "title", "due", "goals")  # not done_on


def _plain(value: Any) -> Any:
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, list):  # a milestone's goals: a set, whatever their order
        return sorted(_plain(item) for item in value)
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
        "milestones": [
            _fields(m, MILESTONE_FIELDS) for m in sorted(plan.milestones, key=lambda m: m.id)
        ],
    }


def agreement_digest(plan: Plan) -> str:
    """`sha256:<hex>` of the plan's agreed content."""
    text = json.dumps(
        agreed_content(plan), sort_keys=True, separators=(",", ":"), ensure_ascii=False
    )
    return DIGEST_PREFIX + hashlib.sha256(text.encode("utf-8")).hexdigest()


def person(plan: Plan, role: str) -> str | None:
    """Who holds `role` in the plan: its coach, coachee or sponsor (None: no sponsor)."""
    value = getattr(plan, role, None)
    return value if isinstance(value, str) else None


def same_person(a: str, b: str) -> bool:
    """Whether two names are the same person's, ignoring case and surrounding spaces."""
    return a.strip().casefold() == b.strip().casefold()


def counts(plan: Plan, signoff: Signoff) -> bool:
    """Whether a sign-off is by the plan's person in its role, so that it counts."""
    holder = person(plan, signoff.role)
    return holder is not None and same_person(holder, signoff.name)


def current_signoffs(plan: Plan) -> dict[str, tuple[int, Signoff]]:
    """The latest sign-off of each role (by date, then place in the file), with its index.

    Only sign-offs that count (by the plan's person in that role) are considered.
    """
    latest: dict[str, tuple[int, Signoff]] = {}
    for index, signoff in enumerate(plan.signoffs):
        if not counts(plan, signoff):
            continue
        held = latest.get(signoff.role)
        if held is None or signoff.date >= held[1].date:
            latest[signoff.role] = (index, signoff)
    return latest


def stale_signoffs(plan: Plan) -> list[tuple[int, Signoff]]:
    """Roles whose latest sign-off agreed to different content than the plan has now.

    A sign-off without `agreed` (written by hand) cannot be checked, and is stale only when
    it is older than the latest extension of the plan (a pip's new end needs agreeing to).
    """
    from coachplan.core.lifecycle import extensions

    extended = [e.date for e in extensions(plan)]
    current = sorted(current_signoffs(plan).values(), key=lambda item: item[0])
    # The digest is the costly part: computed only when a sign-off carries one to compare.
    digest = agreement_digest(plan) if any(s.agreed is not None for _, s in current) else ""
    return [
        (index, signoff)
        for index, signoff in current
        if (signoff.agreed is not None and signoff.agreed != digest)
        or (signoff.agreed is None and extended and signoff.date < extended[-1])
    ]
