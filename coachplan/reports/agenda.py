"""`coachplan agenda`: what is already due, and what comes due day by day.

For the days from `as_of` to `until`, the agenda of a plan that gets reminders (see
`schedule.gets_reminders`) lists:

- first, everything already due on `as_of`: the check-in whose due date has passed (overdue
  when it is more than the grace days late, as in `report overdue`; within the grace days
  otherwise), and the milestones and actions past due, exactly those `report overdue` lists;
- then, on the day each falls due, the check-ins by cadence (the dates and numbers of the
  calendar export: `schedule.upcoming`), the milestones not reached and the actions not done
  or dropped.

Everything comes from the schedule `report overdue` and the calendar use, so the three
always agree.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from coachplan.core.model import Plan
from coachplan.reports.overdue import KINDS, action_done, milestone_reached
from coachplan.reports.schedule import checkin_state, gets_reminders, held, upcoming


@dataclass(frozen=True)
class AgendaItem:
    due: date  # when it is (or was) due
    days_over: int  # days since it was due: > 0 for what is already due, else 0
    overdue: bool  # as `report overdue` counts it (a check-in within its grace days is not)
    kind: str  # "check-in", "milestone" or "action"
    plan_id: str
    coachee: str
    coach: str
    sponsor: str | None
    item_id: str | None  # the milestone's or action's id
    number: int | None  # a check-in's number: the n-th of the plan, as in the calendar
    title: str
    missed: int | None  # an overdue check-in: how many due dates were missed
    last: date | None  # check-ins: the last one held

    @property
    def already_due(self) -> bool:
        return self.days_over > 0


def plan_agenda(
    plan_id: str, plan: Plan, as_of: date, until: date, grace_days: int
) -> list[AgendaItem]:
    """One plan's agenda from `as_of` to `until` (both included); nothing for a plan that
    gets no reminders. Picklable with functools.partial: computed where the plan is loaded."""
    if not gets_reminders(plan):
        return []
    state = checkin_state(plan, as_of, grace_days)

    def item(
        kind: str,
        due: date,
        title: str,
        item_id: str | None = None,
        number: int | None = None,
        overdue: bool = False,
        missed: int | None = None,
    ) -> AgendaItem:
        return AgendaItem(
            due=due,
            days_over=max(0, (as_of - due).days),
            overdue=overdue,
            kind=kind,
            plan_id=plan_id,
            coachee=plan.coachee,
            coach=plan.coach,
            sponsor=plan.sponsor,
            item_id=item_id,
            number=number,
            title=title,
            missed=missed,
            last=state.last if state and kind == "check-in" else None,
        )

    items: list[AgendaItem] = []
    if state is not None:
        since = f"last held {state.last}" if state.last else "none held yet"
        title = f"{plan.checkin_every}; {since}"
        late = state.next_due is not None and state.next_due < as_of
        if late and state.next_due is not None and state.next_due <= plan.end:
            number = len(held(plan, None, as_of)) + 1
            items.append(
                item(
                    "check-in",
                    state.next_due,
                    title,
                    number=number,
                    overdue=state.overdue,
                    missed=state.missed if state.overdue else None,
                )
            )
        for number, day in upcoming(plan, as_of, until):
            if late and day == as_of:
                continue  # the late one, listed above with the date it was due
            items.append(item("check-in", day, title, number=number))
    for milestone in plan.milestones:
        if milestone_reached(milestone.done_on, as_of) or milestone.due is None:
            continue
        if milestone.due < as_of:
            items.append(
                item("milestone", milestone.due, milestone.title, milestone.id, overdue=True)
            )
        elif milestone.due <= min(until, plan.end):
            items.append(item("milestone", milestone.due, milestone.title, milestone.id))
    for action in plan.actions:
        if action.due is None or action_done(action.status, action.done_on, as_of):
            continue
        if action.due < as_of:
            items.append(item("action", action.due, action.description, action.id, overdue=True))
        elif action.due <= until:
            items.append(item("action", action.due, action.description, action.id))
    return items


def order(items: list[AgendaItem]) -> list[AgendaItem]:
    """What is already due first (the longest overdue first), then day by day; within a day
    by plan, then check-ins, milestones and actions."""
    return sorted(
        items,
        key=lambda i: (
            not i.already_due,
            i.due,
            i.plan_id,
            KINDS.index(i.kind),
            i.item_id or "",
            i.number or 0,
        ),
    )
