"""Reports: pure functions of (plans, as_of) that return rows; `coachplan.render` shows them.

Every report takes its plans as (plan id, plan) pairs, already filtered by the caller, and
the day to report on. Nothing here reads files, prints or looks at the clock, and this
package imports only coachplan.core.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from coachplan.core.model import Plan

PlanList = Sequence[tuple[str, "Plan"]]


def by_id(item: tuple[str, Plan]) -> str:
    """Sort key of (plan id, plan) pairs."""
    return item[0]
