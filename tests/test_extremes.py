"""Extreme but valid plans: numbers near the float limits and dates near 9999-12-31.

Any finite number is a valid baseline, target or measurement, and any TOML date a valid plan
date; showing, reporting and exporting such a plan must work (exit 0), never end in an
internal error, and never write NaN or Infinity into JSON.
"""

from __future__ import annotations

import json
import tempfile
from datetime import date, timedelta
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from coachplan.core.progress import percent_of, share, sparkline
from coachplan.core.rulebook.examples import BASE
from coachplan.core.templates import default_end
from coachplan.reports.schedule import checkin_state, upcoming
from tests.conftest import AS_OF, Workspace
from tests.test_report_logic import plan

MEASURED = "  { date = 2026-09-15, value = 25 },"
SPAN = "baseline = 20\ntarget = 60"

PLAN_OUTPUTS = [
    ("show", "{id}"),
    ("show", "{id}", "-f", "json"),
    ("show", "{id}", "-f", "markdown"),
    ("show", "{id}", "-f", "html"),
    ("export", "{id}", "-f", "markdown"),
    ("export", "{id}", "-f", "html"),
    ("export", "{id}", "-f", "json"),
    ("export", "{id}"),
    ("export", "--all"),
    *(("report", "progress", "-f", fmt) for fmt in ("table", "json", "csv", "markdown", "html")),
]
DATE_OUTPUTS = [
    *PLAN_OUTPUTS,
    *(("report", "overdue", "-f", fmt) for fmt in ("table", "json", "html")),
    *(("report", "coaches", "-f", fmt) for fmt in ("table", "json", "html")),
]
# For the property tests, fewer runs per example: `export PLAN -f FMT` is `show -f FMT`.
SOME_PLAN_OUTPUTS = [c for c in PLAN_OUTPUTS if c[0] != "export" or c[-1] in ("html", "--all")]
SOME_DATE_OUTPUTS = [
    c for c in DATE_OUTPUTS if c[0] == "export" or c[-1] in ("{id}", "html", "json")
]


def strict_json(text: str) -> object:
    def refuse(constant: str) -> object:
        raise AssertionError(f"{constant} in JSON output")

    return json.loads(text, parse_constant=refuse)


def run_everything(
    ws: Workspace, plan_id: str, commands: list[tuple[str, ...]], as_of: str = AS_OF
) -> dict[tuple[str, ...], str]:
    """Run each command on the plan; every one must exit 0 with nothing on stderr (but a
    calendar's reason for being empty)."""
    outputs = {}
    for command in commands:
        args = [a.format(id=plan_id) for a in command]
        result = ws.run(*args, "--as-of", as_of)
        stderr = result.stderr
        if args[0] == "export" and stderr.startswith("nothing to export: "):
            assert stderr.count("\n") == 1 and not result.stdout, args
            stderr = ""
        assert (result.exit_code, stderr) == (0, ""), args
        if "json" in args:
            strict_json(result.stdout)
        outputs[command] = result.stdout
    return outputs


def with_metric(baseline: str, target: str, values: list[str]) -> str:
    measured = "\n".join(
        f"  {{ date = {date(2026, 9, 2) + timedelta(days=i)}, value = {v} }},"
        for i, v in enumerate(values)
    )
    return BASE.replace(SPAN, f"baseline = {baseline}\ntarget = {target}").replace(
        MEASURED, measured
    )


def test_huge_measurements_of_both_signs(ws: Workspace) -> None:
    ws.write("huge", with_metric("20", "60", ["1e308", "-1e308"]))
    out = run_everything(ws, "huge", PLAN_OUTPUTS)
    assert "latest -1e+308" in out[("show", "{id}")]
    data = strict_json(out[("report", "progress", "-f", "json")])
    metric = data["plans"][0]["goals"][0]["metrics"][0]  # type: ignore[index]
    # -1e308 is beyond measure the wrong way: no percentage, and behind.
    assert (metric["progress"], metric["status"]) == (None, "behind")


def test_target_a_subnormal_away_from_the_baseline(ws: Workspace) -> None:
    ws.write("tiny", with_metric("0", "1e-320", ["25"]))
    out = run_everything(ws, "tiny", PLAN_OUTPUTS)
    data = strict_json(out[("report", "progress", "-f", "json")])
    metric = data["plans"][0]["goals"][0]["metrics"][0]  # type: ignore[index]
    assert (metric["progress"], metric["status"]) == (None, "on track")
    assert "0 -> 1e-320 %; latest 25" in out[("show", "{id}")]


def test_progress_arithmetic_never_overflows() -> None:
    assert share(1e308, -1e308, 1e308) == 1.0
    assert share(0.0, -1e308, 1e308) == 0.5
    assert share(25, 0, 1e-320) is None  # 2.5e321 is no float
    assert share(5, 5, 5) is None
    assert percent_of(1e307) is None  # 1e309 % is no float either
    assert percent_of(0.125) == 12
    assert sparkline([1e308, -1e308, 0]) == "█▁▅"
    assert sparkline([5e-324, 0.0]) == "█▁"


finite = st.one_of(
    st.floats(allow_nan=False, allow_infinity=False),
    st.integers(-(2**63), 2**63 - 1),
    st.sampled_from([1e308, -1e308, 1.7976931348623157e308, 5e-324, -5e-324, 1e-320, 0.0]),
)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    baseline=finite,
    target=finite,
    values=st.lists(finite, max_size=4),
    minimum=st.one_of(st.none(), finite),
)
def test_any_finite_numbers_show_report_and_export(
    baseline: float, target: float, values: list[float], minimum: float | None
) -> None:
    text = with_metric(repr(baseline), repr(target), [repr(v) for v in values])
    if minimum is not None:
        text = text.replace('unit = "%"\n', f'unit = "%"\nminimum = {minimum!r}\n')
    with tempfile.TemporaryDirectory() as tmp:
        ws = Workspace(Path(tmp))
        ws.plans.mkdir()
        ws.write("any", text)
        run_everything(ws, "any", SOME_PLAN_OUTPUTS)


# Dates: a plan may run to 9999-12-31, the last date there is.

LAST = date.max


def test_plan_to_the_last_date_exports_a_calendar(ws: Workspace) -> None:
    ws.write("forever", BASE.replace("end = 2027-02-28", "end = 9999-12-31"))
    ws.write("normal", BASE)
    out = run_everything(ws, "forever", DATE_OUTPUTS)
    calendar = out[("export", "--all")]
    # Both plans are in the team calendar, check-ins at most a year ahead.
    assert "UID:normal-checkin-" in calendar
    starts = [line[-8:] for line in calendar.splitlines() if line.startswith("DTSTART")]
    assert "20271110" < max(starts) <= "20271123"  # fortnightly, up to a year after AS_OF


def test_events_on_the_last_date(ws: Workspace) -> None:
    ws.write(
        "edge",
        BASE.replace("end = 2027-02-28", "end = 9999-12-31").replace(
            "start = 2026-09-01", "start = 9999-12-17"
        )
        + '\n[[milestones]]\nid = "last"\ntitle = "The last day"\ndue = 9999-12-31\n',
    )
    out = run_everything(ws, "edge", DATE_OUTPUTS, as_of="9999-12-20")
    calendar = out[("export", "{id}")]
    assert calendar.count("DTSTART;VALUE=DATE:99991231") == 2  # check-in and milestone
    assert calendar.count("DURATION:P1D") == 2  # there is no 10000-01-01 for a DTEND
    run_everything(ws, "edge", DATE_OUTPUTS, as_of="9999-12-31")


def test_next_check_in_after_the_last_date_never_comes() -> None:
    p = plan(start=date(9999, 12, 1), end=LAST, checkin_every="monthly", checkins=[])
    state = checkin_state(p, date(9999, 12, 20), 2)
    assert state is not None
    assert (state.next_due, state.missed) == (date(9999, 12, 31), 0)
    late = plan(start=date(9999, 12, 10), end=LAST, checkin_every="monthly", checkins=[])
    state = checkin_state(late, LAST, 2)
    assert state is not None
    assert (state.next_due, state.missed, state.days_overdue) == (None, 0, 0)
    assert upcoming(late, date(9999, 12, 20), LAST) == []
    assert upcoming(p, date(9999, 12, 20), LAST) == [(1, date(9999, 12, 31))]


def test_new_window_past_the_last_date(ws: Workspace) -> None:
    assert default_end("pip", date(9999, 12, 1)) is None
    result = ws.run(
        "new",
        "x",
        "--coachee",
        "A",
        "--coach",
        "B",
        "--kind",
        "coaching",
        "--start",
        "9999-12-01",
        "--no-input",
    )
    assert result.exit_code == 2
    assert "a window of 12 weeks would end after 9999-12-31" in result.stderr
    result = ws.run(
        "new", "x", "--coachee", "A", "--coach", "B", "--kind", "coaching", "--start", "9999-12-01",
        "--weeks", "4", "--kind", "onboarding", "--no-input",
    )  # fmt: skip
    assert result.exit_code == 0, result.stderr
    assert "due = 9999-12-28" in ws.read("x")  # the 30- and 60-day reviews end with the plan


def test_coaches_period_before_the_first_date(ws: Workspace) -> None:
    ws.write("a", BASE)
    result = ws.run("report", "coaches", "--as-of", "0001-01-10")
    assert result.exit_code == 0, result.stderr
    assert "0001-01-01 to 0001-01-10" in result.stdout


days = st.dates(min_value=date(1, 1, 1), max_value=LAST)


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    window=st.lists(days, min_size=2, max_size=2, unique=True).map(sorted),
    as_of=st.dates(min_value=date(1, 1, 2), max_value=LAST),
    held=st.lists(days, max_size=3),
    cadence=st.sampled_from(["weekly", "monthly", "1 day", "999 days"]),
)
def test_any_dates_show_report_and_export(
    window: list[date], as_of: date, held: list[date], cadence: str
) -> None:
    start, end = window
    text = (
        BASE.replace("start = 2026-09-01", f"start = {start}")
        .replace("end = 2027-02-28", f"end = {end}")
        .replace('checkin_every = "fortnightly"', f'checkin_every = "{cadence}"')
        .replace("due = 2026-12-15", f"due = {end}")
        .replace("due = 2026-10-20", f"due = {start}")
    )
    text += "".join(f"\n[[checkins]]\ndate = {day}\n" for day in held)
    with tempfile.TemporaryDirectory() as tmp:
        ws = Workspace(Path(tmp))
        ws.plans.mkdir()
        ws.write("any", text)
        run_everything(ws, "any", SOME_DATE_OUTPUTS, as_of=as_of.isoformat())


@pytest.mark.parametrize("as_of", ["0001-01-02", "9999-12-31"])
def test_as_of_at_either_end_of_time(ws: Workspace, as_of: str) -> None:
    ws.write("a", BASE)
    run_everything(ws, "a", DATE_OUTPUTS, as_of=as_of)


def test_whole_numbers_beyond_64_bits_are_a_finding_and_refused(ws: Workspace) -> None:
    # The parser reads integers of any size; TOML allows 64 bits, and so does coachplan.
    big = "1" + "0" * 400
    ws.write(
        "big",
        with_metric("20", "60", [big, "-" + big]).replace(
            "level = 2\ntarget = 4", f"level = 2\ntarget = {big}"
        ),
    )
    result = ws.run("validate", "plans/big.toml", "--select", "F", "--format", "concise")
    assert result.exit_code == 1
    assert result.stdout.count("is outside the range of a TOML integer") == 3, result.stdout
    for args in (["show", "big"], ["report", "gaps", "--by", "skill", "-f", "json"]):
        shown = ws.run(*args, "--as-of", AS_OF)
        assert "outside the range of a TOML integer" in shown.stderr, args
        assert "Traceback" not in shown.stderr
