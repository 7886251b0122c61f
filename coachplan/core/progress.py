"""Progress of metrics and plans: pure arithmetic on the model, no clock.

Any finite number is a valid baseline, target or measurement, from 5e-324 to 1.8e308. The
arithmetic here never lets an overflow through: a share that a float cannot hold is None
("no data"), never infinity or NaN.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date
from fractions import Fraction

from coachplan.core.model import Metric, Plan

SPARK = "▁▂▃▄▅▆▇█"


@dataclass(frozen=True)
class MetricProgress:
    metric: Metric
    latest: float | None
    latest_date: date | None
    # Share of the way from baseline to target (1.0 = target reached); may leave 0..1.
    fraction: float | None
    trend: str | None  # "improving", "worsening" or "steady", from the last two values
    meets_minimum: bool | None

    @property
    def percent(self) -> int | None:
        return percent_of(self.fraction)


def share(value: float, start: float, end: float) -> float | None:
    """Where `value` lies on the way from `start` (0.0) to `end` (1.0).

    Computed exactly, so that `1e308` between `-1e308` and `1e308` is 1.0 rather than NaN;
    None when `start == end`, or when the share is too large for `percent_of` to show.
    """
    if start == end:
        return None
    result = _float_share(value, start, end)
    if result is None:
        try:
            result = float((Fraction(value) - Fraction(start)) / (Fraction(end) - Fraction(start)))
        except (OverflowError, ValueError):
            return None
    return result if math.isfinite(result * 100) else None


# Integers up to this size are floats exactly.
_EXACT_INT = 2**53


def _float_share(value: float, start: float, end: float) -> float | None:
    """The share in float arithmetic when that gives the exact answer, else None.

    When both differences are exact, the float division is the correctly rounded exact
    quotient, which is what `float(Fraction(...))` gives; report progress spent a sixth of
    its time in Fraction, which is needed only for the rare values floats cannot hold.
    """
    if type(value) is int and type(start) is int and type(end) is int:
        # Integers subtract exactly, and Python divides them correctly rounded.
        try:
            return (value - start) / (end - start)
        except OverflowError:  # beyond the floats: as Fraction's float() would say
            return None
    for x in (value, start, end):
        if isinstance(x, int) and not -_EXACT_INT <= x <= _EXACT_INT:
            return None
    over = _exact_difference(float(value), float(start))
    span = _exact_difference(float(end), float(start))
    if over is None or span is None or span == 0:
        return None
    result = over / span
    return result if math.isfinite(result) else None


def _exact_difference(a: float, b: float) -> float | None:
    """`a - b` if a float holds it exactly (TwoSum: the rounding error is zero), else None."""
    difference = a - b
    if not math.isfinite(difference):
        return None
    b_part = difference - a
    error = (a - (difference - b_part)) + (-b - b_part)
    return difference if error == 0 else None


def percent_of(fraction: float | None) -> int | None:
    """A share as a whole percentage; None for None (and for a share too large to show)."""
    if fraction is None or not math.isfinite(fraction * 100):
        return None
    return round(fraction * 100)


def metric_progress(metric: Metric, as_of: date | None = None) -> MetricProgress:
    """Progress of a metric from its measurements up to `as_of` (all when None)."""
    series = sorted(
        (m for m in metric.measurements if as_of is None or m.date <= as_of),
        key=lambda m: m.date,
    )
    latest = series[-1] if series else None
    fraction = None
    if latest is not None and metric.baseline is not None and metric.target is not None:
        fraction = share(latest.value, metric.baseline, metric.target)
    trend = None
    if len(series) >= 2:
        delta = series[-1].value - series[-2].value
        better = delta > 0 if metric.rising else delta < 0
        trend = "steady" if delta == 0 else ("improving" if better else "worsening")
    meets = None
    if metric.minimum is not None and latest is not None:
        meets = (
            (latest.value >= metric.minimum) if metric.rising else (latest.value <= metric.minimum)
        )
    return MetricProgress(
        metric=metric,
        latest=None if latest is None else latest.value,
        latest_date=None if latest is None else latest.date,
        fraction=fraction,
        trend=trend,
        meets_minimum=meets,
    )


def elapsed(start: date, end: date, as_of: date) -> float:
    """Share of the days from `start` to `end` that has passed on `as_of`, 0.0 to 1.0."""
    total = (end - start).days
    if total <= 0:
        return 1.0
    return min(1.0, max(0.0, (as_of - start).days / total))


def window_elapsed(plan: Plan, as_of: date) -> float:
    """Share of the plan's window that has passed on `as_of`, from 0.0 to 1.0."""
    return elapsed(plan.start, plan.end, as_of)


def sparkline(values: list[float]) -> str:
    """A one-line chart of a series: ▁▃▅█."""
    if not values:
        return ""
    low, high = min(values), max(values)
    steps = len(SPARK) - 1
    return "".join(SPARK[round(position(v, low, high) * steps)] for v in values)


def position(value: float, low: float, high: float) -> float:
    """`share` for a value from `low` to `high`, both included: 0.0 to 1.0 (0.5 when equal)."""
    found = share(value, low, high)
    return 0.5 if found is None else min(1.0, max(0.0, found))


def bar(fraction: float | None, width: int = 20) -> str:
    """A text progress bar, clamped to its width: ████████░░░░."""
    if fraction is None:
        return "·" * width
    filled = round(min(1.0, max(0.0, fraction)) * width)
    return "█" * filled + "░" * (width - filled)
