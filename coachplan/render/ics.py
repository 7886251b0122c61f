"""iCalendar (RFC 5545) files of the next check-ins and milestones, with the icalendar package.

Every event is an all-day event with a stable UID (see `coachplan.reports.calendar`); the
events of a plan that was paused, completed or cancelled are marked STATUS:CANCELLED.
DTSTAMP and SEQUENCE come from the as-of day, not the clock, so one day's export is the
same file every time, and a later export counts as a newer version of each event.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, date, datetime, time, timedelta

from coachplan.core.dates import add_days
from coachplan.reports.calendar import Event

PRODID = "-//coachplan//coaching plans//EN"
EPOCH = date(2000, 1, 1)


def render_ics(events: Sequence[Event], as_of: date, name: str) -> str:
    from icalendar import Calendar
    from icalendar import Event as IcsEvent

    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", name)
    stamp = datetime.combine(as_of, time(0, 0), tzinfo=UTC)
    for event in events:
        entry = IcsEvent()
        entry.add("uid", event.uid)
        entry.add("dtstamp", stamp)
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
        calendar.add_component(entry)
    text: str = calendar.to_ical().decode("utf-8")
    return text
