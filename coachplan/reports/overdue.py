"""`report overdue`: check-ins missed by cadence, milestones and actions past due, by coach.

Only active plans have anything overdue: a draft is not agreed yet, a paused plan is on
hold, and completed and cancelled plans are over.

- A check-in is overdue when its due date (the last check-in, or the start, plus the
  cadence interval) is more than `grace_days` in the past; `missed` counts every due date
  passed that way, up to the end of the plan's window.
- A milestone is overdue when its due date is before the day and it was not reached on or
  before the day.
- An action is overdue when its due date is before the day and it is neither dropped nor
  done on or before the day.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from coachplan.core.model import Plan
from coachplan.reports import PlanList
from coachplan.reports.schedule import Cadence, cadence_of, checkin_state, gets_reminders

KINDS = ("check-in", "milestone", "action")


@dataclass(frozen=True)
class OverdueItem:
    coach: str
    sponsor: str | None
    plan_id: str
    coachee: str
    kind: str  # "check-in", "milestone" or "action"
    item_id: str | None  # the milestone's or action's id
    title: str
    due: date  # for a check-in: the first due date missed
    days_overdue: int
    missed: int | None  # check-ins: how many due dates were missed
    last: date | None  # check-ins: the last one held


def action_done(status: str, done_on: date | None, as_of: date) -> bool:
    return status == "dropped" or (status == "done" and (done_on is None or done_on <= as_of))


def milestone_reached(done_on: date | None, as_of: date) -> bool:
    return done_on is not None and done_on <= as_of


def plan_overdue(plan_id: str, plan: Plan, as_of: date, grace_days: int) -> list[OverdueItem]:
    """What one plan has overdue on `as_of` (nothing unless it is active)."""
    if not gets_reminders(plan):
        return []
    state = checkin_state(plan, as_of, grace_days)

    def item(
        kind: str, item_id: str | None, title: str, due: date, missed: int | None = None
    ) -> OverdueItem:
        return OverdueItem(
            coach=plan.coach,
            sponsor=plan.sponsor,
            plan_id=plan_id,
            coachee=plan.coachee,
            kind=kind,
            item_id=item_id,
            title=title,
            due=due,
            days_overdue=(as_of - due).days,
            missed=missed,
            last=state.last if state and kind == "check-in" else None,
        )

    items: list[OverdueItem] = []
    if state is not None and state.overdue and state.next_due is not None:
        since = f"last held {state.last}" if state.last else "none held yet"
        items.append(
            item(
                "check-in",
                None,
                f"{plan.checkin_every} check-in ({since})",
                state.next_due,
                state.missed,
            )
        )
    for milestone in plan.milestones:
        reached = milestone_reached(milestone.done_on, as_of)
        if milestone.due and milestone.due < as_of and not reached:
            items.append(item("milestone", milestone.id, milestone.title, milestone.due))
    for action in plan.actions:
        if (
            action.due
            and action.due < as_of
            and not action_done(action.status, action.done_on, as_of)
        ):
            items.append(item("action", action.id, action.description, action.due))
    return items


@dataclass(frozen=True)
class PlanOverdue:
    """What one plan adds to the report: computed where the plan is loaded, so that only
    this travels and stays in memory (coachplan.engine.bulk.map_plans)."""

    plan_id: str
    items: tuple[OverdueItem, ...]
    cadence: Cadence | None  # for a chart of its check-ins; only when one is asked for


def overdue_of(
    plan_id: str, plan: Plan, as_of: date, grace_days: int, charts: bool = False
) -> PlanOverdue:
    items = tuple(plan_overdue(plan_id, plan, as_of, grace_days))
    late = charts and any(i.kind == "check-in" for i in items)
    return PlanOverdue(plan_id, items, cadence_of(plan) if late else None)


def in_order(items: Iterable[OverdueItem]) -> list[OverdueItem]:
    """Items by coach, plan, kind and due date: the report's order."""
    return sorted(
        items,
        key=lambda i: (i.coach.casefold(), i.plan_id, KINDS.index(i.kind), i.due, i.item_id or ""),
    )


def overdue_report(plans: PlanList, as_of: date, grace_days: int) -> list[OverdueItem]:
    """Everything overdue on `as_of`, by coach, plan, kind and due date."""
    return in_order(
        i for plan_id, plan in plans for i in plan_overdue(plan_id, plan, as_of, grace_days)
    )
