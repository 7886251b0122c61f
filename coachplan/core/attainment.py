"""Goal attainment of a plan on a day (its closing): metrics at target, minimums met, and
the Goal Attainment Scaling (GAS) T-score.

Per metric with baseline b, target t (t != b) and the latest value v on or before the day,
progress is p = (v - b) / (t - b) (the direction follows from b and t), and its GAS score

    x = -2 if p < 0;  -1 if 0 <= p < 1;  0 if 1 <= p < 1.5;  +1 if 1.5 <= p < 2;  +2 if p >= 2

so 0 is "the target reached, as expected". Metrics never measured by the day, and those with
t = b or without both, are left out of the scores and counted. Over the n scored metrics,
with equal weights and the customary inter-correlation of 0.3 between goals,

    T = 50 + 10 * sum(x) / sqrt(0.7 * n + 0.3 * n^2)

Three metrics all at -1 give T = 50 - 30 / sqrt(4.8) = 36.3; all at 0 give 50.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date

from coachplan.core.model import Metric, Plan
from coachplan.core.progress import metric_progress

CORRELATION = 0.3


def gas_score(progress: float) -> int:
    """The GAS score of a metric `progress` of the way from baseline to target."""
    if progress < 0:
        return -2
    if progress < 1:
        return -1
    if progress < 1.5:
        return 0
    if progress < 2:
        return 1
    return 2


def t_score(scores: list[int]) -> float | None:
    """The GAS T-score of equally weighted scores; None for none."""
    n = len(scores)
    if not n:
        return None
    spread = math.sqrt((1 - CORRELATION) * n + CORRELATION * n * n)
    return 50 + 10 * sum(scores) / spread


@dataclass(frozen=True)
class MetricAttainment:
    id: str
    progress: float | None  # None: left out (not measured, or no baseline and target apart)
    latest: float | None
    score: int | None
    reached: bool  # at or past the target
    meets_minimum: bool | None  # None without a minimum or a measurement


def metric_attainment(metric: Metric, day: date) -> MetricAttainment:
    found = metric_progress(metric, day)
    low, high = metric.baseline, metric.target
    if low is None or high is None or low == high or found.latest is None:
        return MetricAttainment(metric.id, None, found.latest, None, False, found.meets_minimum)
    progress = found.fraction
    if progress is None:
        # No float holds the share (a target 1e-320 from the baseline): its sign tells.
        toward = (found.latest > low) == (high > low) and found.latest != low
        progress = math.inf if toward else -math.inf
    return MetricAttainment(
        metric.id,
        progress,
        found.latest,
        gas_score(progress),
        progress >= 1,
        found.meets_minimum,
    )


@dataclass(frozen=True)
class Attainment:
    metrics: tuple[MetricAttainment, ...]

    @property
    def scored(self) -> tuple[MetricAttainment, ...]:
        return tuple(m for m in self.metrics if m.score is not None)

    @property
    def left_out(self) -> int:
        """Metrics without a score: never measured, or without a baseline and target apart."""
        return len(self.metrics) - len(self.scored)

    @property
    def reached(self) -> int:
        return sum(m.reached for m in self.scored)

    @property
    def with_minimum(self) -> int:
        return sum(m.meets_minimum is not None for m in self.metrics)

    @property
    def minimum_met(self) -> int:
        return sum(m.meets_minimum is True for m in self.metrics)

    @property
    def t_score(self) -> float | None:
        return t_score([m.score for m in self.scored if m.score is not None])

    @property
    def average_progress(self) -> float | None:
        """The mean progress of the scored metrics, each capped at the target (100%)."""
        # Past the target is the target; a fall too far below the baseline for a float to
        # hold (a target 1e-320 from its baseline) is left out.
        shares = [
            min(1.0, m.progress)
            for m in self.scored
            if m.progress is not None and m.progress > -math.inf
        ]
        return math.fsum(shares) / len(shares) if shares else None


def plan_attainment(plan: Plan, day: date) -> Attainment:
    """Goal attainment of every metric of the plan, on `day` (measurements up to it)."""
    return Attainment(tuple(metric_attainment(m, day) for _, m in plan.metrics()))
