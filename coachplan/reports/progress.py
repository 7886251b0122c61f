"""`report progress`: for each plan and goal, how far each metric has come, and a status.

The status of a metric compares its progress with the share of its goal's time that has
passed (docs/reports.md explains the rule with examples):

- progress: the latest measurement on or before the day, as a share of the way from the
  baseline to the target (0 at the baseline, 1 at the target; the direction, up or down,
  follows from baseline and target). A metric not measured yet is still at its baseline.
- expected: the share of the time from the plan's start to the goal's due date (the plan's
  end when the goal has none) that has passed.
- on track when progress is at most 10 points behind expected, or the target is reached;
  at risk when 10 to 25 points behind; behind when more than 25 points behind. A pip metric
  whose latest value is below its minimum on or after the goal's due date is behind.
- a metric whose progress no number can hold (a measurement of 25 towards a target 1e-320
  from its baseline) shows no percentage; it is on track when it went the target's way,
  behind when it went the other way.

A goal's status is the worst of its metrics'; a plan's the worst of its goals'.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from coachplan.core.model import Goal, Metric, Milestone, Plan
from coachplan.core.progress import elapsed, metric_progress, window_elapsed
from coachplan.reports import PlanList, by_id

ON_TRACK = "on track"
AT_RISK = "at risk"
BEHIND = "behind"
STATUSES = (ON_TRACK, AT_RISK, BEHIND)  # from best to worst

AT_RISK_MARGIN = 0.10  # more than this behind the expected share: at risk
BEHIND_MARGIN = 0.25  # more than this behind: behind


@dataclass(frozen=True)
class Point:
    date: date
    value: float


@dataclass(frozen=True)
class MilestoneRef:
    id: str
    title: str
    due: date | None


@dataclass(frozen=True)
class MetricRow:
    id: str
    description: str
    unit: str | None
    baseline: float | None
    target: float | None
    minimum: float | None
    direction: str | None  # "up" or "down"; None without baseline and target
    latest: float | None
    latest_date: date | None
    progress: float | None  # share of the way from baseline to target, may leave 0..1
    expected: float  # share of the goal's time passed
    status: str | None  # None when the metric has no baseline or target to measure against
    reason: str
    trend: str | None
    meets_minimum: bool | None
    series: tuple[Point, ...]  # measurements on or before the day, by date


@dataclass(frozen=True)
class GoalRow:
    id: str
    statement: str | None
    due: date | None
    expected: float
    status: str | None  # the worst of its metrics'; None without measurable metrics
    next_milestone: MilestoneRef | None
    metrics: tuple[MetricRow, ...]


@dataclass(frozen=True)
class PlanProgress:
    plan_id: str
    title: str
    coachee: str
    coach: str
    sponsor: str | None
    kind: str
    plan_status: str
    start: date
    end: date
    window_elapsed: float
    status: str | None  # the worst of its goals'
    next_milestone: MilestoneRef | None
    goals: tuple[GoalRow, ...]


def worst(statuses: list[str | None]) -> str | None:
    known = [s for s in statuses if s is not None]
    return max(known, key=STATUSES.index) if known else None


def judge(progress: float, expected: float) -> tuple[str, str]:
    """The status of a metric `progress` of the way there when `expected` of the time is gone."""
    if progress >= 1:
        return ON_TRACK, "target reached"
    behind_by = round(expected - progress, 9)  # no 0.30000000000000004 at the boundaries
    words = f"{round(progress * 100)}% of the way, {round(expected * 100)}% of the time gone"
    if behind_by <= AT_RISK_MARGIN:
        return ON_TRACK, words
    if behind_by <= BEHIND_MARGIN:
        return AT_RISK, words
    return BEHIND, words


def metric_row(metric: Metric, expected: float, as_of: date) -> MetricRow:
    found = metric_progress(metric, as_of)
    series = tuple(
        Point(m.date, m.value)
        for m in sorted(metric.measurements, key=lambda m: m.date)
        if m.date <= as_of
    )
    baseline, target = metric.baseline, metric.target
    measurable = baseline is not None and target is not None and baseline != target
    status: str | None = None
    reason = "no baseline and target to measure against"
    if baseline is not None and target is not None and baseline != target:
        if found.latest is not None and found.fraction is None:
            # No float holds the share (25 towards a target 1e-320 away): its sign tells.
            if (found.latest > baseline) == (target > baseline):
                status, reason = ON_TRACK, "target reached"
            else:
                status, reason = BEHIND, "moved away from the target, beyond measure"
        else:
            status, reason = judge(found.fraction or 0.0, expected)
            if found.latest is None:
                reason = f"no measurement yet; {reason}"
        if found.meets_minimum is False and expected >= 1:
            status, reason = BEHIND, "below the minimum on the due date"
    return MetricRow(
        id=metric.id,
        description=metric.description,
        unit=metric.unit,
        baseline=metric.baseline,
        target=metric.target,
        minimum=metric.minimum,
        direction=("up" if metric.rising else "down") if measurable else None,
        latest=found.latest,
        latest_date=found.latest_date,
        progress=found.fraction,
        expected=expected,
        status=status,
        reason=reason,
        trend=found.trend,
        meets_minimum=found.meets_minimum,
        series=series,
    )


def next_milestone(milestones: list[Milestone], as_of: date) -> MilestoneRef | None:
    """The first milestone, by due date, not reached on as_of."""
    open_ones = [m for m in milestones if m.done_on is None or m.done_on > as_of]
    if not open_ones:
        return None
    first = min(open_ones, key=lambda m: (m.due or date.max, m.id))
    return MilestoneRef(first.id, first.title, first.due)


def goal_row(plan: Plan, goal: Goal, as_of: date) -> GoalRow:
    due = goal.due if goal.due and goal.due > plan.start else plan.end
    expected = elapsed(plan.start, due, as_of)
    metrics = tuple(metric_row(m, expected, as_of) for m in goal.metrics)
    return GoalRow(
        id=goal.id,
        statement=goal.statement,
        due=goal.due,
        expected=expected,
        status=worst([m.status for m in metrics]),
        next_milestone=next_milestone([m for m in plan.milestones if goal.id in m.goals], as_of),
        metrics=metrics,
    )


def plan_progress(plan_id: str, plan: Plan, as_of: date) -> PlanProgress:
    goals = tuple(goal_row(plan, g, as_of) for g in plan.goals)
    return PlanProgress(
        plan_id=plan_id,
        title=plan.title,
        coachee=plan.coachee,
        coach=plan.coach,
        sponsor=plan.sponsor,
        kind=plan.kind,
        plan_status=plan.status,
        start=plan.start,
        end=plan.end,
        window_elapsed=window_elapsed(plan, as_of),
        status=worst([g.status for g in goals]),
        next_milestone=next_milestone(list(plan.milestones), as_of),
        goals=goals,
    )


def progress_report(plans: PlanList, as_of: date) -> list[PlanProgress]:
    """Progress of every plan on `as_of`, by plan id."""
    return [plan_progress(plan_id, plan, as_of) for plan_id, plan in sorted(plans, key=by_id)]
