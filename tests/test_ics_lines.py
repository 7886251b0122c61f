"""The calendar's events, written a content line at a time with lines reused, are the
bytes icalendar writes for each whole event; a calendar of many plans is ordered by day."""

from __future__ import annotations

import shutil
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path

import icalendar
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from coachplan.cli import output
from coachplan.render import ics
from coachplan.reports.calendar import Event
from tests.conftest import AS_OF, Workspace
from tests.test_reports_cli import FIXTURE


def whole_event(event: Event, as_of: date) -> str:
    """One VEVENT as icalendar writes a whole event (how every event was written before)."""
    entry = icalendar.Event()
    entry.add("uid", event.uid)
    entry.add("dtstamp", datetime.combine(as_of, time(0, 0), tzinfo=UTC))
    entry.add("sequence", (as_of - ics.EPOCH).days)
    entry.add("dtstart", event.day)
    if event.day == date.max:
        entry.add("duration", timedelta(days=1))
    else:
        entry.add("dtend", event.day + timedelta(days=1))
    entry.add("summary", event.summary)
    entry.add("description", event.description)
    entry.add("categories", ["coachplan", event.kind])
    entry.add("transp", "TRANSPARENT")
    if event.cancelled:
        entry.add("status", "CANCELLED")
    return entry.to_ical().decode("utf-8")


# Commas, semicolons, backslashes, line breaks, wide and combining characters, and
# lengths on both sides of the 75-octet fold.
texts = st.text(
    st.characters(codec="utf-8", exclude_categories=("Cs",)) | st.sampled_from(",;\\\n:é€😀"),
    max_size=160,
) | st.text(  # printable ASCII around the fold: the lines written without icalendar
    st.characters(min_codepoint=32, max_codepoint=126), min_size=50, max_size=80
)
events = st.builds(
    Event,
    uid=texts,
    day=st.dates() | st.just(date.max),
    kind=st.sampled_from(["check-in", "milestone"]) | texts,
    plan_id=st.just("p"),
    summary=texts,
    description=texts,
    cancelled=st.booleans(),
)


@settings(max_examples=200, deadline=None)
@given(st.lists(events, min_size=1, max_size=4), st.dates(min_value=date(2000, 1, 1)))
def test_events_are_what_icalendar_writes_for_the_whole_event(
    found: list[Event], as_of: date
) -> None:
    for event in found * 2:  # the second time from the lines remembered
        assert ics.event_text(event, as_of) == whole_event(event, as_of)


def test_lines_forgotten_past_the_limit_are_built_again(monkeypatch: pytest.MonkeyPatch) -> None:
    lines = ics.EventLines()
    monkeypatch.setattr(lines, "KEEP", 2)
    event = Event("u", date(2026, 12, 1), "check-in", "p", "S", "D")
    properties = ics._properties(event, date(2026, 11, 22))
    first = lines.event(properties)
    assert lines.event(properties) == first == whole_event(event, date(2026, 11, 22))
    assert len(lines._lines) <= 2


def test_a_calendar_of_many_plans_is_by_day_then_plan(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    shutil.copytree(FIXTURE, tmp_path / "team")
    team = Workspace(tmp_path / "team")
    held = team.run("export", "--all", "--as-of", AS_OF)
    monkeypatch.setattr(output.Spool, "IN_MEMORY", 10)  # events spill to a file
    spilled = team.run("export", "--all", "--as-of", AS_OF)
    assert held.exit_code == spilled.exit_code == 0 and held.stdout == spilled.stdout
    calendar = icalendar.Calendar.from_ical(held.stdout)
    keys = [
        (e.decoded("dtstart"), str(e["uid"]).split("-checkin-")[0].split("-milestone-")[0])
        for e in calendar.walk("VEVENT")
    ]
    assert len({plan for _, plan in keys}) > 1
    assert keys == sorted(keys)
    assert held.stdout.startswith("BEGIN:VCALENDAR") and held.stdout.rstrip().endswith(
        "END:VEVENT\nEND:VCALENDAR"
    )


@pytest.mark.parametrize("length", range(62, 80))
@pytest.mark.parametrize("tail", ["", "é", "😀"])
def test_lines_around_the_fold_are_folded_as_icalendar_folds_them(length: int, tail: str) -> None:
    text = "x" * (length - len("SUMMARY:")) + tail  # whole lines of 62 to 83 octets
    event = Event("u", date(2026, 12, 1), "check-in", "p", text, text)
    assert ics.event_text(event, date(2026, 11, 22)) == whole_event(event, date(2026, 11, 22))


def test_events_are_in_the_order_of_calendar_events_same_day_milestones_too(
    tmp_path: Path,
) -> None:
    from coachplan.files.loader import load_plan
    from coachplan.reports.calendar import calendar_events

    shutil.copytree(FIXTURE, tmp_path / "team")
    team = Workspace(tmp_path / "team")
    source = (team.plans / "agent-3107-pip.toml").read_text()
    same_day = "".join(
        f'\n[[milestones]]\nid = "{i}"\ntitle = "Review {i}"\ndue = 2026-12-10\n'
        for i in ("zz", "aa", "mm")
    )
    (team.plans / "agent-3108-pip.toml").write_text(source + same_day)
    result = team.run("export", "--all", "--as-of", AS_OF)
    assert result.exit_code == 0, result.stderr
    written = [str(e["uid"]) for e in icalendar.Calendar.from_ical(result.stdout).walk("VEVENT")]
    plans = [(p.stem, load_plan(p)) for p in sorted(team.plans.glob("*.toml"))]
    expected = [e.uid for e in calendar_events(plans, date.fromisoformat(AS_OF))]
    assert written == expected
    ours = [f"agent-3108-pip-milestone-{i}@coachplan" for i in ("aa", "mm", "zz")]
    assert [u for u in written if u in ours] == ours  # by uid, not as the file lists them
