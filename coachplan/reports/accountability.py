"""How often a coach's sponsor should hold their accountability one-on-one with them.

Senior leaders hold second-line managers accountable for coaching in one-on-ones at least
fortnightly, and weekly where a manager's coaching is not consistent. For `report coaches`:
weekly when the coach held less than `thresholds.weekly_below` (default 0.8) of the
check-ins expected in the period (the on-cadence share, plan by plan), or any coachee's
active plan is behind (`report progress`); fortnightly otherwise. The reason says which.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

WEEKLY = "weekly"
FORTNIGHTLY = "fortnightly"


@dataclass(frozen=True)
class Rhythm:
    rhythm: str  # WEEKLY or FORTNIGHTLY
    reason: str


def _percent(share: float) -> str:
    return f"{round(share * 100)}%"


def rhythm(
    *,
    plans: int,
    kept: int,
    expected: int,
    behind: Sequence[str],
    weekly_below: float,
) -> Rhythm:
    """The recommended rhythm for a coach with `plans` plans active in the period, who held
    `kept` of the `expected` check-ins (plan by plan) and whose plans `behind` are behind."""
    if not plans:
        return Rhythm(FORTNIGHTLY, "no plan active in the period; the default rhythm")
    held = f"held {kept} of {expected} expected check-ins"
    reasons = []
    if expected and kept / expected < weekly_below:
        reasons.append(f"{held}, {_percent(kept / expected)}, below {_percent(weekly_below)}")
    if behind:
        noun = "plan" if len(behind) == 1 else "plans"
        reasons.append(f"{noun} behind: {', '.join(behind)}")
    if reasons:
        return Rhythm(WEEKLY, "; ".join(reasons))
    if expected:
        return Rhythm(
            FORTNIGHTLY,
            f"{held}, {_percent(kept / expected)}, and no coachee's plan is behind",
        )
    return Rhythm(FORTNIGHTLY, "no check-in was expected in the period and no plan is behind")
