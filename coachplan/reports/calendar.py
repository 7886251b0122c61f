"""The calendar of `coachplan export --format ics`: next check-ins and open milestones.

Events carry stable ids, so that importing a newer export updates the events of an older
one instead of adding copies:

- the n-th check-in of a plan (counting every check-in ever held) is `<plan>-checkin-<n>`:
  when check-in 6 is held late, re-importing moves check-ins 7, 8 ... to their new dates;
- a milestone is `<plan>-milestone-<id>`.

Active plans have events. Check-ins come from `schedule.upcoming`; milestones are those
not reached on the day, due on or after it and no later than `until`. Without `until`, events
go up to the plan's end, at most `HORIZON_DAYS` ahead: a plan may run to 9999-12-31.

A plan that ran and is now paused, completed or cancelled has the same events, each marked
cancelled (STATUS:CANCELLED in the calendar file), under the ids an export made while it was
active gave them: a calendar that imported them drops them. A draft, or a plan cancelled
before it was ever active, has none.
A plan has at most `MAX_PLAN_EVENTS` events and a calendar `MAX_EVENTS`: more is refused
before they are built.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import date

from coachplan.core.dates import add_days
from coachplan.core.errors import UsageError
from coachplan.core.lifecycle import paused_stretches, was_active
from coachplan.core.model import Plan
from coachplan.reports import PlanList, by_id
from coachplan.reports.schedule import checkin_state, gets_reminders, held, upcoming

UID_DOMAIN = "coachplan"
HORIZON_DAYS = 366
# The most events of one plan (daily check-ins for 13 years, weekly for 95) and of one
# calendar (a year of weekly check-ins for 19,000 plans): a daily plan exported
# `--until 9999-12-31` would have millions. docs/performance.md, "Limits on input".
MAX_PLAN_EVENTS = 5_000
MAX_EVENTS = 1_000_000


def too_many_events(limit: int, plan_id: str | None = None) -> UsageError:
    """The refusal of a calendar of more than `limit` events: one plan's, or the export's."""
    return UsageError(
        f"{plan_id + ': its' if plan_id else 'the'} calendar would have more than {limit:,} events",
        hint="give an earlier --until"
        + ("" if plan_id else ", or export fewer plans (--coach, --kind, --status)"),
    )


@dataclass(frozen=True)
class Event:
    uid: str
    day: date
    kind: str  # "check-in" or "milestone"
    plan_id: str
    summary: str
    description: str
    cancelled: bool = False


def cancellation(plan: Plan) -> str:
    """Why a plan that is not active has no more check-ins or milestones, in one line."""
    closing = plan.closing
    if plan.status == "paused":
        stretches = paused_stretches(plan)
        since = f" since {stretches[-1][0]}" if stretches and stretches[-1][1] is None else ""
        return f"The plan is paused{since}: no check-ins until it is resumed."
    if closing is not None:
        return f"The plan was {plan.status} on {closing.date}: this will not take place."
    return f"The plan is {plan.status}: this will not take place."


def plan_events(
    plan_id: str, plan: Plan, as_of: date, until: date | None = None, limit: int | None = None
) -> list[Event]:
    """A plan's events; UsageError (too_many_events) if it has more than `limit`
    (default MAX_PLAN_EVENTS). A plan that is not active has them cancelled."""
    limit = MAX_PLAN_EVENTS if limit is None else limit
    if gets_reminders(plan):
        return scheduled(plan_id, plan, as_of, until, limit)
    if plan.status == "draft" or not was_active(plan):
        return []
    why = cancellation(plan)
    return [
        replace(e, cancelled=True, summary=f"Cancelled: {e.summary}", description=why)
        for e in scheduled(plan_id, plan, as_of, until, limit)
    ]


def scheduled(plan_id: str, plan: Plan, as_of: date, until: date | None, limit: int) -> list[Event]:
    """The events of the plan as if it were active: its next check-ins and milestones."""
    horizon = until or add_days(as_of, HORIZON_DAYS) or date.max
    last_day = min(horizon, plan.end)
    events: list[Event] = []
    past = held(plan, None, as_of)
    state = checkin_state(plan, as_of, 0)
    checkins = upcoming(plan, as_of, last_day, limit)  # at most limit + 1: never millions
    if len(checkins) > limit:
        raise too_many_events(limit, plan_id)
    for number, day in checkins:
        lines = [plan.title, f"Coach: {plan.coach}", f"Cadence: {plan.checkin_every}"]
        if past and past[-1].next_steps:
            lines.append(f"Agreed at the last check-in ({past[-1].date}): {past[-1].next_steps}")
        if state and state.next_due and day == as_of and state.next_due < as_of:
            lines.append(f"Due since {state.next_due}")
        events.append(
            Event(
                uid=f"{plan_id}-checkin-{number}@{UID_DOMAIN}",
                day=day,
                kind="check-in",
                plan_id=plan_id,
                summary=f"Check-in {number}: {plan.coachee} with {plan.coach}",
                description="\n".join(lines),
            )
        )
    for milestone in plan.milestones:
        reached = milestone.done_on is not None and milestone.done_on <= as_of
        if reached or milestone.due is None or not as_of <= milestone.due <= last_day:
            continue
        goals = ", ".join(milestone.goals)
        events.append(
            Event(
                uid=f"{plan_id}-milestone-{milestone.id}@{UID_DOMAIN}",
                day=milestone.due,
                kind="milestone",
                plan_id=plan_id,
                summary=f"Milestone: {milestone.title} ({plan.coachee})",
                description="\n".join(
                    [plan.title, f"Coach: {plan.coach}"] + ([f"Goals: {goals}"] if goals else [])
                ),
            )
        )
    if len(events) > limit:
        raise too_many_events(limit, plan_id)
    return events


def why_no_events(
    statuses: Mapping[str, str], as_of: date, until: date | None = None, *, one: bool = False
) -> str:
    """Why a calendar of the plans whose statuses are given (plan id -> status) has no
    event, in words: a calendar with no event is not an iCalendar file (RFC 5545 needs a
    component), so the export writes nothing and says this instead. `one`: a plan named
    on the command line, not a selection."""
    if not statuses:
        return "no plan is selected (check --coach, --sponsor, --kind and --status)"
    active = [plan_id for plan_id, status in statuses.items() if status == "active"]
    window = f"from {as_of} to {until}" if until else f"in the {HORIZON_DAYS} days from {as_of}"
    if len(statuses) == 1:
        ((plan_id, status),) = statuses.items()
        owner = plan_id if one else f"the plan selected ({plan_id})"
        if not active:
            state = "a draft" if status == "draft" else status
            return f"{owner} is {state}: only active plans have check-ins and milestones to come"
        return f"{owner} has no check-in or milestone due {window}"
    if not active:
        return (
            f"none of the {len(statuses)} plans selected is active: only active plans have "
            "check-ins and milestones to come"
        )
    plans = (
        "the active plan selected has"
        if len(active) == 1
        else f"the {len(active)} active plans selected have"
    )
    return f"{plans} no check-in or milestone due {window}"


def calendar_events(plans: PlanList, as_of: date, until: date | None = None) -> list[Event]:
    """The events of every plan, by day, then plan, then kind."""
    events: list[Event] = []
    for plan_id, plan in sorted(plans, key=by_id):
        left = MAX_EVENTS - len(events)
        try:
            events += plan_events(plan_id, plan, as_of, until, min(MAX_PLAN_EVENTS, left))
        except UsageError:
            if left < MAX_PLAN_EVENTS:  # the calendar is full, not this plan
                raise too_many_events(MAX_EVENTS) from None
            raise
    return sorted(events, key=lambda e: (e.day, e.plan_id, e.kind, e.uid))
