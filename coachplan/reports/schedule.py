"""When check-ins are due: the cadence arithmetic that the reports and the calendar share.

A plan's check-ins are due every `checkin_every` days, counted from the last check-in held
on or before the day asked about, or from the plan's start when none was held yet (or the
last one was before the start), or from the day the plan was last activated or resumed when
that is later (coachplan.core.lifecycle: a paused plan owes no check-ins). A due date may
slip by the workspace's grace days before it counts as missed. Due dates after the plan's
end are not expected, and a due date after 9999-12-31 never comes.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from coachplan.core.dates import add_days
from coachplan.core.lifecycle import resumed_on, running_spans
from coachplan.core.model import Checkin, Plan


def gets_reminders(plan: Plan) -> bool:
    """Whether anything of the plan is due: check-ins, milestones and actions are owed only
    while it is active (a draft is not agreed yet, a paused plan is on hold, completed and
    cancelled plans are over). The overdue report, the calendar, the agenda and `list` ask
    here, so that they always agree."""
    return plan.status == "active"


def held(plan: Plan, since: date | None, until: date) -> list[Checkin]:
    """Check-ins dated from `since` (None: any time) to `until`, both included, by date."""
    return sorted(
        (c for c in plan.checkins if (since is None or c.date >= since) and c.date <= until),
        key=lambda c: c.date,
    )


@dataclass(frozen=True)
class CheckinState:
    """Where a plan stands with its check-ins on one day."""

    interval: int  # days between check-ins
    last: date | None  # the last check-in held on or before the day
    anchor: date  # what the next due date counts from: the last check-in or the start
    next_due: date | None  # anchor + interval; None when that is after 9999-12-31 (never)
    missed: int  # due dates passed by more than the grace days, inside the window
    days_overdue: int  # days since the first missed due date; 0 when none is missed

    @property
    def overdue(self) -> bool:
        return self.missed > 0


def checkin_state(plan: Plan, as_of: date, grace_days: int) -> CheckinState | None:
    """The check-in state on `as_of`, or None when the plan has no cadence."""
    interval = plan.cadence_days
    if interval is None:
        return None
    past = held(plan, None, as_of)
    last = past[-1].date if past else None
    anchor = _anchor(plan, last, as_of)
    next_due = add_days(anchor, interval)
    # Due dates anchor + k * interval (k >= 1) missed by more than the grace days ...
    by_day = ((as_of - anchor).days - grace_days - 1) // interval
    # ... and not after the end of the plan's window.
    by_end = (plan.end - anchor).days // interval
    missed = max(0, min(by_day, by_end))
    return CheckinState(
        interval=interval,
        last=last,
        anchor=anchor,
        next_due=next_due,
        missed=missed,
        days_overdue=(as_of - next_due).days if missed and next_due else 0,
    )


def _anchor(plan: Plan, last: date | None, as_of: date) -> date:
    """What the next due date counts from: the last check-in, the start, or the day the plan
    was last activated or resumed, whichever is latest."""
    return max(d for d in (last, plan.start, resumed_on(plan, as_of)) if d is not None)


def expected(plan: Plan, since: date, until: date) -> int:
    """Check-ins a plan's cadence asks for from `since` to `until`, while it was running.

    The days of the period that fall inside the plan's window while it was active (not
    before it was activated, while paused, or after its closing: lifecycle.running_spans),
    divided by the interval and rounded to the nearest whole number (a half rounds up):
    28 days ask for 4 weekly, 2 fortnightly or 1 monthly check-in.
    """
    interval = plan.cadence_days
    if interval is None:
        return 0
    days = sum((b - a).days for a, b in running_spans(plan, since, until))
    if days <= 0:
        return 0
    return int(days / interval + 0.5)


def upcoming(
    plan: Plan, as_of: date, until: date, limit: int | None = None
) -> list[tuple[int, date]]:
    """The next check-ins by cadence, numbered from the first ever held, up to `until`.

    A check-in whose due date has already passed is put on `as_of` (it is due now), and
    the following ones are counted on from there. With `limit`, at most `limit` + 1 are
    listed: enough to tell that there are more than `limit`.
    """
    interval = plan.cadence_days
    if interval is None:
        return []
    past = held(plan, None, as_of)
    anchor = _anchor(plan, past[-1].date if past else None, as_of)
    day = add_days(anchor, interval)
    number = len(past) + 1
    dates: list[tuple[int, date]] = []
    if day is not None:
        day = max(day, as_of)
    while day is not None and day <= min(until, plan.end):
        if limit is not None and len(dates) > limit:
            break
        dates.append((number, day))
        number += 1
        day = add_days(day, interval)
    return dates


@dataclass(frozen=True)
class Cadence:
    """What a chart of a plan's check-ins draws: small enough to travel from a worker
    instead of the plan."""

    start: date
    end: date
    checkins: tuple[date, ...]
    interval: int
    every: str


def cadence_of(plan: Plan) -> Cadence | None:
    """The check-in facts of a plan with a cadence; None without one."""
    interval = plan.cadence_days
    if interval is None or plan.checkin_every is None:
        return None
    return Cadence(
        plan.start, plan.end, tuple(c.date for c in plan.checkins), interval, plan.checkin_every
    )
