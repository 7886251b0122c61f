"""iCalendar (RFC 5545) files of the next check-ins and milestones, with the icalendar package.

Every event is an all-day event with a stable UID (see `coachplan.reports.calendar`); the
events of a plan that was paused, completed or cancelled are marked STATUS:CANCELLED.
DTSTAMP and SEQUENCE come from the as-of day, not the clock, so one day's export is the
same file every time, and a later export counts as a newer version of each event.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from coachplan.core.dates import add_days
from coachplan.core.errors import UsageError
from coachplan.core.model import Plan
from coachplan.reports.calendar import Event, plan_events

PRODID = "-//coachplan//coaching plans//EN"
EPOCH = date(2000, 1, 1)


# An event as iCalendar text, with what orders it among all the events of a calendar.
EventText = tuple[tuple[date, str, str, str], str]


@dataclass(frozen=True)
class TooManyEvents:
    """A plan with more events than a calendar takes (reports.calendar.MAX_PLAN_EVENTS):
    returned from where the plan is loaded, and refused there by the command."""

    plan_id: str


def render_plan_events(
    plan_id: str, plan: Plan, as_of: date, until: date | None = None
) -> list[EventText] | TooManyEvents:
    """The events of one plan, each as iCalendar text with its sort key (by day, plan,
    kind and uid, as `calendar_events` orders them)."""
    try:
        events = plan_events(plan_id, plan, as_of, until)
    except UsageError:
        return TooManyEvents(plan_id)
    return [((e.day, e.plan_id, e.kind, e.uid), event_text(e, as_of)) for e in events]


def event_text(event: Event, as_of: date) -> str:
    """One VEVENT, folded and escaped by the icalendar package."""
    from icalendar import Event as IcsEvent

    entry = IcsEvent()
    entry.add("uid", event.uid)
    entry.add("dtstamp", datetime.combine(as_of, time(0, 0), tzinfo=UTC))
    entry.add("sequence", (as_of - EPOCH).days)
    entry.add("dtstart", event.day)
    end = add_days(event.day, 1)
    if end is None:  # an event on 9999-12-31: no DTEND can follow it, a duration can
        entry.add("duration", timedelta(days=1))
    else:
        entry.add("dtend", end)
    entry.add("summary", event.summary)
    entry.add("description", event.description)
    entry.add("categories", ["coachplan", event.kind])
    entry.add("transp", "TRANSPARENT")
    if event.cancelled:
        entry.add("status", "CANCELLED")
    text: str = entry.to_ical().decode("utf-8")
    return text


def render_ics(per_plan: Iterable[Sequence[EventText]], as_of: date, name: str) -> str:
    """A calendar of the events of many plans (from `render_plan_events`), by day."""
    from icalendar import Calendar

    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", name)
    empty: str = calendar.to_ical().decode("utf-8")
    head, end = empty[: empty.rindex("END:VCALENDAR")], empty[empty.rindex("END:VCALENDAR") :]
    events = sorted((event for plan in per_plan for event in plan), key=lambda e: e[0])
    return head + "".join(text for _, text in events) + end
