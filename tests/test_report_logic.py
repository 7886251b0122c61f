"""The report arithmetic, as pure functions: cadence, status rules, accountability, gaps."""

from __future__ import annotations

import math
from datetime import date, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from coachplan.core.model import Checkin, Plan
from coachplan.core.rulebook.examples import BASE
from coachplan.reports.calendar import calendar_events
from coachplan.reports.coaches import coaches_report
from coachplan.reports.gaps import gaps_report, needs_by_skill
from coachplan.reports.overdue import overdue_report
from coachplan.reports.progress import AT_RISK, BEHIND, ON_TRACK, judge, progress_report
from coachplan.reports.schedule import checkin_state, expected, upcoming

try:
    import tomli as toml
except ImportError:  # pragma: no cover
    import tomllib as toml  # type: ignore[no-redef]

START = date(2026, 9, 1)


def plan(**changes: object) -> Plan:
    data = toml.loads(BASE)
    data.update(changes)
    return Plan.model_validate(data)


def checkins(*days: date) -> list[dict[str, object]]:
    return [{"date": d, "notes": "held"} for d in days]


# --- schedule ---------------------------------------------------------------------------


def test_checkin_is_overdue_only_after_the_grace_days() -> None:
    p = plan(checkins=checkins(date(2026, 10, 30)), checkin_every="fortnightly")
    due = date(2026, 11, 13)
    assert checkin_state(p, due, 2).missed == 0  # type: ignore[union-attr]
    assert checkin_state(p, due + timedelta(days=2), 2).missed == 0  # type: ignore[union-attr]
    state = checkin_state(p, due + timedelta(days=3), 2)
    assert state is not None
    assert (state.missed, state.next_due, state.days_overdue) == (1, due, 3)
    assert checkin_state(p, due + timedelta(days=17), 2).missed == 2  # type: ignore[union-attr]


def test_missed_checkins_count_from_the_start_and_stop_at_the_end() -> None:
    p = plan(checkins=[], checkin_every="weekly", end=date(2026, 9, 30))
    assert checkin_state(p, date(2026, 9, 5), 2).missed == 0  # type: ignore[union-attr]
    # due 09-08, 09-15, 09-22, 09-29; nothing after the end on 09-30
    assert checkin_state(p, date(2027, 1, 1), 2).missed == 4  # type: ignore[union-attr]


def test_checkins_after_the_day_do_not_count() -> None:
    p = plan(checkins=checkins(date(2026, 9, 10), date(2026, 12, 1)), checkin_every="weekly")
    state = checkin_state(p, date(2026, 11, 1), 0)
    assert state is not None and state.last == date(2026, 9, 10)


@given(
    last=st.integers(0, 200),
    after=st.integers(0, 300),
    interval=st.integers(1, 45),
    grace=st.integers(0, 10),
)
def test_missed_matches_counting_due_dates_one_by_one(
    last: int, after: int, interval: int, grace: int
) -> None:
    end = START + timedelta(days=365)
    held = START + timedelta(days=last)
    as_of = held + timedelta(days=after)
    p = plan(checkins=checkins(held), checkin_every=f"{interval} days", end=end)
    due = [held + timedelta(days=k * interval) for k in range(1, 800)]
    brute = sum(1 for d in due if d + timedelta(days=grace) < as_of and d <= end)
    state = checkin_state(p, as_of, grace)
    assert state is not None and state.missed == brute


@pytest.mark.parametrize(
    ("cadence", "count"), [("weekly", 4), ("fortnightly", 2), ("monthly", 1), ("10 days", 3)]
)
def test_expected_checkins_in_28_days(cadence: str, count: int) -> None:
    p = plan(checkin_every=cadence)
    assert expected(p, date(2026, 10, 25), date(2026, 11, 22)) == count


def test_expected_checkins_only_inside_the_window() -> None:
    p = plan(checkin_every="weekly", start=date(2026, 11, 8))
    assert expected(p, date(2026, 10, 25), date(2026, 11, 22)) == 2
    assert expected(p, date(2026, 10, 1), date(2026, 11, 1)) == 0


def test_upcoming_puts_an_overdue_checkin_on_the_day() -> None:
    p = plan(checkins=checkins(date(2026, 10, 1), date(2026, 10, 15)), end=date(2026, 12, 31))
    as_of = date(2026, 11, 22)  # fortnightly: due 10-29, overdue
    assert upcoming(p, as_of, date(2026, 12, 31)) == [
        (3, as_of),
        (4, date(2026, 12, 6)),
        (5, date(2026, 12, 20)),
    ]


# --- progress ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("progress", "expected_share", "status"),
    [
        (1.0, 1.0, ON_TRACK),
        (1.2, 0.1, ON_TRACK),
        (0.5, 0.6, ON_TRACK),  # exactly 10 points behind
        (0.49, 0.6, AT_RISK),
        (0.35, 0.6, AT_RISK),  # exactly 25 points behind
        (0.34, 0.6, BEHIND),
        (-0.2, 0.2, BEHIND),  # moving away from target
        (0.0, 0.1, ON_TRACK),
    ],
)
def test_status_rule(progress: float, expected_share: float, status: str) -> None:
    assert judge(progress, expected_share)[0] == status


def metric_plan(measurements: list[dict[str, object]], **metric: object) -> Plan:
    data = toml.loads(BASE)
    data["goals"][0]["metrics"][0]["measurements"] = measurements
    data["goals"][0]["metrics"][0].update(metric)
    return Plan.model_validate(data)


def test_progress_of_a_falling_metric() -> None:
    p = metric_plan(
        [{"date": date(2026, 10, 1), "value": 7}], baseline=10, target=4, unit="escalations"
    )
    (report,) = progress_report([("p", p)], date(2026, 10, 2))
    metric = report.goals[0].metrics[0]
    assert (metric.direction, metric.progress, metric.status) == ("down", 0.5, ON_TRACK)


def test_measurements_after_the_day_are_ignored() -> None:
    p = metric_plan([{"date": date(2026, 12, 1), "value": 60}])
    (report,) = progress_report([("p", p)], date(2026, 11, 1))
    metric = report.goals[0].metrics[0]
    assert metric.latest is None and metric.series == ()


def test_pip_metric_below_minimum_on_the_due_date_is_behind() -> None:
    p = metric_plan([{"date": date(2026, 12, 10), "value": 52}], baseline=20, target=60, minimum=55)
    (report,) = progress_report([("p", p)], date(2026, 12, 16))  # goal due 12-15
    metric = report.goals[0].metrics[0]
    assert metric.progress == 0.8 and metric.status == BEHIND
    assert metric.reason == "below the minimum on the due date"


def test_goal_and_plan_take_the_worst_status() -> None:
    data = toml.loads(BASE)
    good = dict(data["goals"][0]["metrics"][0], id="good", measurements=[])
    good["measurements"] = [{"date": date(2026, 11, 1), "value": 60}]
    data["goals"][0]["metrics"].append(good)
    (report,) = progress_report([("p", Plan.model_validate(data))], date(2026, 11, 22))
    assert [m.status for m in report.goals[0].metrics] == [BEHIND, ON_TRACK]
    assert report.goals[0].status == BEHIND == report.status


def test_next_milestone_skips_reached_ones() -> None:
    p = plan(
        milestones=[
            {"id": "a", "title": "A", "due": date(2026, 10, 1), "done_on": date(2026, 9, 30)},
            {"id": "b", "title": "B", "due": date(2026, 12, 1), "goals": ["delegate-roster"]},
            {"id": "c", "title": "C", "due": date(2026, 11, 1), "done_on": date(2026, 11, 30)},
        ]
    )
    (report,) = progress_report([("p", p)], date(2026, 11, 22))
    assert report.next_milestone is not None and report.next_milestone.id == "c"
    assert report.goals[0].next_milestone is not None
    assert report.goals[0].next_milestone.id == "b"


# --- overdue ----------------------------------------------------------------------------


def test_overdue_milestones_and_actions() -> None:
    data = toml.loads(BASE)
    data["milestones"] = [
        {"id": "late", "title": "Late", "due": date(2026, 11, 1)},
        {"id": "done", "title": "Done", "due": date(2026, 11, 1), "done_on": date(2026, 11, 2)},
        {"id": "soon", "title": "Soon", "due": date(2026, 11, 30)},
    ]
    data["actions"][0].update(due=date(2026, 11, 1), status="doing")
    dropped = dict(data["actions"][0], id="dropped", status="dropped")
    data["actions"].append(dropped)
    items = overdue_report([("p", Plan.model_validate(data))], date(2026, 11, 22), 2)
    assert [(i.kind, i.item_id, i.days_overdue) for i in items] == [
        ("milestone", "late", 21),
        ("action", "shadow-planning", 21),
    ]


@pytest.mark.parametrize("status", ["draft", "paused", "completed", "cancelled"])
def test_only_active_plans_have_anything_overdue(status: str) -> None:
    p = plan(status=status, checkins=[])
    assert overdue_report([("p", p)], date(2027, 1, 10), 2) == []


# --- coaches ----------------------------------------------------------------------------


def test_extra_checkins_in_one_plan_do_not_make_up_for_another() -> None:
    since, as_of = date(2026, 10, 25), date(2026, 11, 22)
    busy = plan(checkins=checkins(*(since + timedelta(days=d) for d in (1, 5, 9, 13, 17, 21))))
    idle = plan(checkins=checkins(date(2026, 11, 20)))
    (row,) = coaches_report([("a", busy), ("b", idle)], since, as_of, 2)
    assert (row.held, row.expected, row.on_cadence) == (7, 4, 0.75)
    assert not row.recognised


def test_average_rating_needs_three_ratings() -> None:
    since, as_of = date(2026, 10, 25), date(2026, 11, 22)
    two = [{"date": date(2026, 11, d), "notes": "x", "rating": 5} for d in (1, 15)]
    (row,) = coaches_report([("a", plan(checkins=two))], since, as_of, 2)
    assert (row.ratings, row.average_rating) == (2, None)
    three = [*two, {"date": date(2026, 11, 20), "notes": "x", "rating": 2}]
    (row,) = coaches_report([("a", plan(checkins=three))], since, as_of, 2)
    assert (row.ratings, row.average_rating) == (3, 4.0)


def test_recognition_needs_improving_metrics() -> None:
    since, as_of = date(2026, 10, 25), date(2026, 11, 22)
    held = checkins(date(2026, 11, 1), date(2026, 11, 15))
    flat = metric_plan([{"date": date(2026, 10, 1), "value": 30}])
    rising = metric_plan(
        [{"date": date(2026, 10, 1), "value": 30}, {"date": date(2026, 11, 10), "value": 40}]
    )
    (row,) = coaches_report([("a", flat.model_copy(update={"checkins": []}))], since, as_of, 2)
    assert not row.recognised
    for p, recognised in ((flat, False), (rising, True)):
        with_checkins = p.model_copy(update={"checkins": [Checkin(**c) for c in held]})  # type: ignore[arg-type]
        (row,) = coaches_report([("a", with_checkins)], since, as_of, 2)
        assert row.on_cadence == 1.0
        assert row.recognised is recognised


# --- gaps -------------------------------------------------------------------------------


def test_gaps_use_the_latest_assessment_on_or_before_the_day() -> None:
    p = plan(
        assessments=[
            {"date": date(2026, 10, 1), "levels": {"delegation": 3}},
            {"date": date(2026, 11, 1), "levels": {"delegation": 4}},
            {"date": date(2026, 12, 1), "levels": {"delegation": 5}},
        ]
    )
    (gap,) = gaps_report([("p", p)], date(2026, 11, 22), {"delegation"})
    assert (gap.gap, gap.latest, gap.change, gap.remaining) == (2, 4, 2, 0)
    assert gap.assessed == date(2026, 11, 1) and gap.known is True


def test_needs_by_skill_adds_plans_up_and_suggests_names() -> None:
    a = plan(
        baseline={
            "date": START,
            "method": "interview",
            "skills": [{"skill": "Delegation", "level": 1, "target": 4}],
        }
    )
    b = plan()
    gaps = gaps_report([("a", a), ("b", b)], date(2026, 11, 22), {"delegation"})
    needs = needs_by_skill(gaps, {"delegation"})
    assert [(n.skill, n.remaining, n.known, n.suggestion) for n in needs] == [
        ("Delegation", 3, False, "delegation"),
        ("delegation", 2, True, None),
    ]


# --- calendar ---------------------------------------------------------------------------


def test_calendar_numbers_checkins_and_skips_reached_milestones() -> None:
    p = plan(
        end=date(2026, 12, 31),
        milestones=[
            {"id": "next", "title": "Next", "due": date(2026, 12, 1)},
            {"id": "done", "title": "Done", "due": date(2026, 12, 1), "done_on": date(2026, 11, 1)},
            {"id": "past", "title": "Past", "due": date(2026, 11, 1)},
        ],
    )
    events = calendar_events([("p", p)], date(2026, 11, 22))
    # BASE held its one check-in on 11-20 and meets fortnightly
    assert [(e.uid, e.day) for e in events] == [
        ("p-milestone-next@coachplan", date(2026, 12, 1)),
        ("p-checkin-2@coachplan", date(2026, 12, 4)),
        ("p-checkin-3@coachplan", date(2026, 12, 18)),
    ]
    # A paused plan keeps those ids, each event cancelled, so calendars drop them.
    paused = calendar_events([("p", p.model_copy(update={"status": "paused"}))], date(2026, 11, 22))
    assert [(e.uid, e.day) for e in paused] == [(e.uid, e.day) for e in events]
    assert all(e.cancelled and e.summary.startswith("Cancelled: ") for e in paused)
    assert calendar_events([("p", plan(status="draft"))], date(2026, 11, 22)) == []


def _exact_share(value: float, start: float, end: float) -> float | None:
    from fractions import Fraction

    if start == end:
        return None
    try:
        result = float((Fraction(value) - Fraction(start)) / (Fraction(end) - Fraction(start)))
    except OverflowError:
        return None
    return result if math.isfinite(result * 100) else None


_any_number = st.one_of(
    st.floats(allow_nan=False, allow_infinity=False),
    st.integers(-(2**70), 2**70),
    st.integers(-(2**1100), 2**1100),  # beyond the floats' range
    st.sampled_from([0, 60, 82, 92, 7.5, 9.4, 0.1, 0.3, 5e-324, 1e-320, 1e308, -1e308]),
)


@settings(max_examples=500, deadline=None)
@given(_any_number, _any_number, _any_number)
def test_share_in_floats_is_the_exact_share(value: float, start: float, end: float) -> None:
    """Fraction arithmetic runs only where floats cannot hold the answer: the float path
    must give exactly what the exact computation gives, to the last bit."""
    from coachplan.core.progress import share

    assert share(value, start, end) == _exact_share(value, start, end)
