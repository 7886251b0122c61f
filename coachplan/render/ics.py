"""iCalendar (RFC 5545) files of the next check-ins and milestones, with the icalendar package.

Every event is an all-day event with a stable UID (see `coachplan.reports.calendar`); the
events of a plan that was paused, completed or cancelled are marked STATUS:CANCELLED.
DTSTAMP and SEQUENCE come from the as-of day, not the clock, so one day's export is the
same file every time, and a later export counts as a newer version of each event.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from coachplan.core.dates import add_days
from coachplan.core.errors import UsageError
from coachplan.core.model import Plan
from coachplan.reports.calendar import Event, plan_events

PRODID = "-//coachplan//coaching plans//EN"
EPOCH = date(2000, 1, 1)
FOLD_AT = 75  # octets: a content line this long or longer is folded (RFC 5545, 3.1)


# An event's day, and the event as iCalendar text.
EventText = tuple[date, str]


@dataclass(frozen=True)
class TooManyEvents:
    """A plan with more events than a calendar takes (reports.calendar.MAX_PLAN_EVENTS):
    returned from where the plan is loaded, and refused there by the command."""

    plan_id: str


def render_plan_events(
    plan_id: str, plan: Plan, as_of: date, until: date | None = None
) -> list[EventText] | TooManyEvents:
    """The events of one plan, each as iCalendar text with its day, in the order a
    calendar has them (by day, then kind and uid, as `calendar_events` orders them)."""
    try:
        events = plan_events(plan_id, plan, as_of, until)
    except UsageError:
        return TooManyEvents(plan_id)
    events.sort(key=lambda e: (e.day, e.kind, e.uid))
    return [(e.day, event_text(e, as_of)) for e in events]


def event_text(event: Event, as_of: date) -> str:
    """One VEVENT, folded and escaped by the icalendar package."""
    return _LINES.event(_properties(event, as_of))


@functools.lru_cache(maxsize=4)
def _stamp(as_of: date) -> tuple[tuple[str, Any], tuple[str, Any]]:
    """DTSTAMP and SEQUENCE: from the as-of day, not the clock (see the module's doc)."""
    return ("DTSTAMP", datetime.combine(as_of, time(0, 0), tzinfo=UTC)), (
        "SEQUENCE",
        (as_of - EPOCH).days,
    )


def _properties(event: Event, as_of: date) -> list[tuple[str, Any]]:
    end = add_days(event.day, 1)
    properties: list[tuple[str, Any]] = [
        ("UID", event.uid),
        *_stamp(as_of),
        ("DTSTART", event.day),
        # An event on 9999-12-31: no DTEND can follow it, a duration can.
        ("DURATION", timedelta(days=1)) if end is None else ("DTEND", end),
        ("SUMMARY", event.summary),
        ("DESCRIPTION", event.description),
        ("CATEGORIES", ("coachplan", event.kind)),
        ("TRANSP", "TRANSPARENT"),
    ]
    if event.cancelled:
        properties.append(("STATUS", "CANCELLED"))
    return properties


class EventLines:
    """VEVENT text as the icalendar package writes it, a content line at a time.

    Most lines of a calendar repeat: DTSTAMP, SEQUENCE, TRANSP and STATUS are the same in
    every event, CATEGORIES in every event of a kind, DTSTART and DTEND in every event of
    a day, and DESCRIPTION in most events of a plan. icalendar builds each distinct line
    once (it folds a line a character at a time: that was most of `export --all`), and
    the lines come in the order icalendar gives a whole event's properties."""

    KEEP = 4096  # distinct lines remembered; forgotten all at once beyond that

    def __init__(self) -> None:
        self._lines: dict[tuple[str, Any], str] = {}
        self._orders: dict[tuple[str, ...], tuple[int, ...]] = {}
        self._empty: Any = None  # an icalendar Event: what writes a content line
        self._text_types: dict[str, Any] = {}  # icalendar's value type of each TEXT property

    def event(self, properties: list[tuple[str, Any]]) -> str:
        names = tuple(name for name, _ in properties)
        order = self._orders.get(names) or self._order_of(names)
        lines = "".join(self.line(*properties[i]) for i in order)
        return "BEGIN:VEVENT\r\n" + lines + "END:VEVENT\r\n"

    def line(self, name: str, value: Any) -> str:
        if type(value) is str and _plain(name, value):
            # Nothing to escape and nothing to fold: the line icalendar writes is the
            # name and the value (tests hold the two to each other). Most such lines are
            # UIDs and summaries, each of one event: kept out of the remembered lines.
            return f"{name}:{value}\r\n"
        key = (name, value)
        found = self._lines.get(key)
        if found is None:
            found = self._build(name, value)
            if len(self._lines) >= self.KEEP:
                self._lines.clear()
            self._lines[key] = found
        return found

    def _build(self, name: str, value: Any) -> str:
        from icalendar import Event as IcsEvent

        if self._empty is None:
            self._empty = IcsEvent()

        if isinstance(value, str):  # TEXT: what `add` makes of a str, without the event
            kind = self._text_types.get(name)
            if kind is None:
                kind = self._text_types[name] = IcsEvent.types_factory.for_property(name)
            encoded = kind(value)
        else:
            probe = IcsEvent()
            probe.add(name, list(value) if isinstance(value, tuple) else value)
            encoded = probe[name]
        line = self._empty.content_line(name, encoded)  # escaped, not yet folded
        # RFC 5545 folds lines of 75 octets or more; icalendar's folder walks every
        # character of every line, so a shorter one does not go through it.
        short = len(line.encode("utf-8")) < FOLD_AT
        return (str(line) if short else line.to_ical().decode("utf-8")) + "\r\n"

    def _order_of(self, names: tuple[str, ...]) -> tuple[int, ...]:
        """The order icalendar writes an event of these properties in."""
        from icalendar import Event as IcsEvent

        probe = IcsEvent()
        for name in names:
            probe.add(name, "", encode=False)
        order = tuple(names.index(name) for name in probe.sorted_keys())
        self._orders[names] = order
        return order


def _plain(name: str, text: str) -> bool:
    """Whether a TEXT property's line is its name, a colon and its text as they are:
    printable ASCII without the characters RFC 5545 escapes, shorter than a fold."""
    return (
        len(name) + len(text) < FOLD_AT - 1
        and text.isascii()
        and text.isprintable()
        and not any(special in text for special in _ESCAPED)
    )


_ESCAPED = ("\\", ";", ",")  # and line breaks, which are not printable
_LINES = EventLines()


def calendar_frame(name: str) -> tuple[str, str]:
    """What comes before a calendar's events and what after them."""
    from icalendar import Calendar

    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", name)
    empty: str = calendar.to_ical().decode("utf-8")
    end = empty.rindex("END:VCALENDAR")
    return empty[:end], empty[end:]


def event_rank(day: date, plan_number: int, number: int) -> int:
    """Where an event goes in a calendar of many plans, as one integer: by day, then by
    plan (numbered in plan-id order), then as `render_plan_events` orders a plan's events,
    which is how `calendar_events` orders them all. Kept for each event of an export
    instead of its text (the text waits in a file: cli.output.Spool)."""
    return (day.toordinal() << 40) | (plan_number << 13) | number  # MAX_PLAN_EVENTS < 2**13
