"""Progress of metrics and plans: pure arithmetic on the model, no clock."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from coachplan.model import Metric, Plan

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
        return None if self.fraction is None else round(self.fraction * 100)


def metric_progress(metric: Metric, as_of: date | None = None) -> MetricProgress:
    """Progress of a metric from its measurements up to `as_of` (all when None)."""
    series = sorted(
        (m for m in metric.measurements if as_of is None or m.date <= as_of),
        key=lambda m: m.date,
    )
    latest = series[-1] if series else None
    fraction = None
    if latest is not None and metric.baseline is not None and metric.target is not None:
        span = metric.target - metric.baseline
        if span:
            fraction = (latest.value - metric.baseline) / span
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
    if high == low:
        return SPARK[len(SPARK) // 2] * len(values)
    scale = (len(SPARK) - 1) / (high - low)
    return "".join(SPARK[round((v - low) * scale)] for v in values)


def bar(fraction: float | None, width: int = 20) -> str:
    """A text progress bar, clamped to its width: ████████░░░░."""
    if fraction is None:
        return "·" * width
    filled = round(min(1.0, max(0.0, fraction)) * width)
    return "█" * filled + "░" * (width - filled)
