"""`report outcomes`: what coaching achieved, over the plans closed in a period.

Each plan is reduced where it is loaded to a small `PlanOutcome` (`plan_outcome`, for
`engine.bulk.map_plans`); `outcomes_report` adds the rows up per group. Per group:

- plans closed (completed, with an outcome) and cancelled, each outcome's count and its
  share of the completed plans of its kind (pips apart from the others; cancelled plans are
  listed, not in the rates), pips extended in the period, and the median length in days of
  the completed plans of each kind (pips apart);
- goal attainment (coachplan.core.attainment): the share of measured metrics at target on
  the closing date, the share of pip minimums met, and the mean of the plans' Goal
  Attainment Scaling T-scores;
- before and after per skill: the mean baseline level, the mean latest level (the closing's
  final level, else the last re-assessment on or before the closing) and the mean change,
  over the plans that have both, with the effect size (mean change / sample standard
  deviation of the change) from `MIN_EFFECT_PLANS` plans on;
- coaching effort: check-ins held, the share on cadence (expected by the cadence while the
  plan was running, as `report coaches` counts them), the minutes recorded, the mean session
  rating, and progress per coaching hour: the plans' average progress (percent of the way
  from baseline to target, each metric capped at 100) divided by their coaching hours, over
  the plans with minutes recorded.

Privacy: a figure over plans (a rate, a median, a mean, a share) is shown only for at
least `MIN_PLANS` plans, a mean rating only for at least 3 ratings (`protected_average`),
and a pip is named only when grouping by coach; elsewhere cancelled pips are counted.
"""

from __future__ import annotations

import math
import statistics
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import date

from coachplan.core.attainment import plan_attainment
from coachplan.core.lifecycle import CLOSED, PIP_OUTCOMES, PLAN_OUTCOMES, extensions
from coachplan.core.model import PLAN_KINDS, Plan
from coachplan.reports.coaches import protected_average
from coachplan.reports.gaps import latest_levels
from coachplan.reports.schedule import expected, held

MIN_PLANS = 3  # fewest plans behind a figure over plans
MIN_EFFECT_PLANS = 5  # fewest plans behind an effect size
GROUPINGS = ("kind", "coach", "sponsor", "skill")
NO_SPONSOR = "(no sponsor)"
NO_SKILL = "(no skill assessed)"
ALL = "All plans"


@dataclass(frozen=True)
class SkillChange:
    skill: str
    baseline: int
    latest: int | None  # None: never re-assessed by the closing


@dataclass(frozen=True)
class PlanOutcome:
    """What one plan contributes: small, so that 10,000 of them travel and stay cheaply."""

    plan_id: str
    kind: str
    coach: str
    sponsor: str | None
    status: str
    closed: date | None  # the closing's date, when the plan was closed in the period
    skills: tuple[SkillChange, ...]
    extended: bool  # a pip extended in the period
    unclosed: bool  # completed in the period (by its end) without a closing
    # What a plan closed in the period adds; nothing for the others.
    outcome: str | None = None
    reason: str | None = None
    days: int | None = None  # from the start to the closing
    scores: tuple[int, ...] = ()  # GAS score of each measured metric
    reached: int = 0  # metrics at target on the closing date
    left_out: int = 0  # metrics without a score
    minimums: int = 0
    minimums_met: int = 0
    t_score: float | None = None
    progress: float | None = None  # average progress, each metric capped at its target
    held: int = 0
    expected: int = 0
    ratings: tuple[int, ...] = ()
    minutes: int = 0

    @property
    def completed(self) -> bool:
        return self.closed is not None and self.status == "completed" and bool(self.outcome)

    @property
    def cancelled(self) -> bool:
        return self.closed is not None and self.status == "cancelled"


def plan_outcome(plan_id: str, plan: Plan, since: date, until: date) -> PlanOutcome | None:
    """A plan's part in the report: None unless it was closed, extended, or completed
    without a closing in the period."""
    closing = plan.closing
    closed = (
        closing.date
        if closing is not None and plan.status in CLOSED and since <= closing.date <= until
        else None
    )
    extended = plan.kind == "pip" and any(since <= e.date <= until for e in extensions(plan))
    unclosed = plan.status == "completed" and closing is None and since <= plan.end <= until
    if closed is None and not extended and not unclosed:
        return None
    # Levels after: the last re-assessment on or before the closing, or the closing's own.
    assessed: dict[str, int] = {}
    if closed is not None and closing is not None:
        assessed = {skill: level for skill, (level, _) in latest_levels(plan, closed).items()}
        assessed.update(closing.levels)
    skills = tuple(
        SkillChange(s.skill, s.level, assessed.get(s.skill))
        for s in (plan.baseline.skills if plan.baseline else [])
    )
    row = PlanOutcome(
        plan_id=plan_id,
        kind=plan.kind,
        coach=plan.coach,
        sponsor=plan.sponsor,
        status=plan.status,
        closed=closed,
        skills=skills,
        extended=extended,
        unclosed=unclosed,
    )
    if closed is None or closing is None:
        return row
    found = plan_attainment(plan, closed)
    sessions = held(plan, None, closed)
    return replace(
        row,
        outcome=closing.outcome,
        reason=closing.reason,
        days=(closed - plan.start).days,
        scores=tuple(m.score for m in found.scored if m.score is not None),
        reached=found.reached,
        left_out=found.left_out,
        minimums=found.with_minimum,
        minimums_met=found.minimum_met,
        t_score=found.t_score,
        progress=found.average_progress,
        held=len(sessions),
        expected=expected(plan, plan.start, closed),
        ratings=tuple(c.rating for c in sessions if c.rating is not None),
        minutes=sum(c.minutes or 0 for c in sessions),
    )


@dataclass(frozen=True)
class BeforeAfter:
    skill: str
    plans: int  # plans with a baseline and a later level of the skill
    baseline: float | None  # means: None below MIN_PLANS plans
    latest: float | None
    change: float | None
    effect_size: float | None  # None below MIN_EFFECT_PLANS plans, or no spread


@dataclass(frozen=True)
class OutcomeGroup:
    name: str
    completed: int
    cancelled: int
    pips: int  # of the completed plans
    pips_cancelled: int
    outcomes: dict[str, int]  # count of each outcome among the completed plans
    # Each outcome's share of the completed plans of its kind (pips, or the other kinds),
    # given only from MIN_PLANS such plans on.
    rates: dict[str, float]
    extended: int  # pips extended in the period
    median_days: float | None  # of the completed plans but pips
    pip_median_days: float | None
    metrics_scored: int
    metrics_at_target: int
    metrics_not_scored: int
    at_target: float | None  # share of scored metrics at target
    minimums: int
    minimums_met: int
    minimums_share: float | None
    plans_scored: int  # completed plans with a T-score
    t_score: float | None  # mean of the plans' T-scores
    held: int
    expected: int
    on_cadence: float | None  # per plan min(held, expected), summed, over expected
    ratings: int
    average_rating: float | None
    minutes: int
    timed_plans: int  # completed plans with minutes recorded
    progress_per_hour: float | None  # percentage points of progress per coaching hour
    skills: tuple[BeforeAfter, ...]


@dataclass(frozen=True)
class CancelledPlan:
    plan_id: str
    kind: str
    coach: str
    sponsor: str | None
    date: date
    reason: str | None


@dataclass(frozen=True)
class OutcomesReport:
    by: str
    groups: tuple[OutcomeGroup, ...]
    total: OutcomeGroup
    cancelled: tuple[CancelledPlan, ...]  # named ones
    unnamed_pips: int  # cancelled pips not named (grouping other than by coach)
    without_closing: int  # completed plans left out: no closing (rule P109)


def _mean(values: Sequence[float], least: int = MIN_PLANS) -> float | None:
    if len(values) < least:
        return None
    try:
        return math.fsum(values) / len(values)
    except OverflowError:
        return None


def _median(values: Sequence[int | None]) -> float | None:
    known = [v for v in values if v is not None]
    return statistics.median(known) if len(known) >= MIN_PLANS else None


def _share(part: int, whole: int, plans: int) -> float | None:
    return part / whole if whole and plans >= MIN_PLANS else None


def before_after(skill: str, changes: Iterable[SkillChange]) -> BeforeAfter:
    """Mean levels before and after over the plans with both, and the effect size."""
    pairs = [(c.baseline, c.latest) for c in changes if c.latest is not None]
    deltas = [float(after - before) for before, after in pairs]
    effect = None
    if len(deltas) >= MIN_EFFECT_PLANS:
        spread = statistics.stdev(deltas)
        effect = statistics.fmean(deltas) / spread if spread else None
    return BeforeAfter(
        skill=skill,
        plans=len(pairs),
        baseline=_mean([float(b) for b, _ in pairs]),
        latest=_mean([float(a) for _, a in pairs]),
        change=_mean(deltas),
        effect_size=effect,
    )


def group(name: str, rows: Sequence[PlanOutcome], only_skill: str | None = None) -> OutcomeGroup:
    """The figures of one group of plans (`only_skill`: before/after of that skill alone)."""
    done = [r for r in rows if r.completed]
    counts: dict[str, int] = defaultdict(int)
    for r in done:
        counts[str(r.outcome)] += 1
    pips = sum(r.kind == "pip" for r in done)
    rates = {}
    for family, total in ((PIP_OUTCOMES, pips), (PLAN_OUTCOMES, len(done) - pips)):
        if total >= MIN_PLANS:
            rates.update({o: counts.get(o, 0) / total for o in family})
    scored = [s for r in done for s in r.scores]
    t_scores = [r.t_score for r in done if r.t_score is not None]
    timed = [r for r in done if r.minutes and r.progress is not None]
    hours = sum(r.minutes for r in timed) / 60
    progress = math.fsum(100 * (r.progress or 0.0) for r in timed)
    per_skill: dict[str, list[SkillChange]] = defaultdict(list)
    for r in done:
        for change in r.skills:
            if only_skill is None or change.skill == only_skill:
                per_skill[change.skill].append(change)
    expected_total = sum(r.expected for r in done)
    kept = sum(min(r.held, r.expected) for r in done)
    reached = sum(r.reached for r in done)
    minimums = sum(r.minimums for r in done)
    minimums_met = sum(r.minimums_met for r in done)
    return OutcomeGroup(
        name=name,
        completed=len(done),
        cancelled=sum(r.cancelled for r in rows),
        pips=pips,
        pips_cancelled=sum(r.cancelled and r.kind == "pip" for r in rows),
        outcomes=dict(sorted(counts.items(), key=lambda kv: _OUTCOME_ORDER.index(kv[0]))),
        rates=rates,
        extended=sum(r.extended for r in rows),
        median_days=_median([r.days for r in done if r.kind != "pip"]),
        pip_median_days=_median([r.days for r in done if r.kind == "pip"]),
        metrics_scored=len(scored),
        metrics_at_target=reached,
        metrics_not_scored=sum(r.left_out for r in done),
        at_target=_share(reached, len(scored), len(done)),
        minimums=minimums,
        minimums_met=minimums_met,
        minimums_share=_share(minimums_met, minimums, sum(1 for r in done if r.minimums)),
        plans_scored=len(t_scores),
        t_score=_mean(t_scores),
        held=sum(r.held for r in done),
        expected=expected_total,
        on_cadence=_share(kept, expected_total, len(done)),
        ratings=sum(len(r.ratings) for r in done),
        average_rating=protected_average([x for r in done for x in r.ratings]),
        minutes=sum(r.minutes for r in done),
        timed_plans=len(timed),
        progress_per_hour=progress / hours if len(timed) >= MIN_PLANS and hours else None,
        skills=tuple(before_after(s, per_skill[s]) for s in sorted(per_skill)),
    )


_OUTCOME_ORDER = (*PLAN_OUTCOMES, *PIP_OUTCOMES)


def _keys(row: PlanOutcome, by: str) -> list[str]:
    if by == "coach":
        return [row.coach]
    if by == "sponsor":
        return [row.sponsor or NO_SPONSOR]
    if by == "skill":
        return sorted({s.skill for s in row.skills}) or [NO_SKILL]
    return [row.kind]


def _order(by: str, name: str) -> tuple[int, int, str]:
    missing = name in (NO_SPONSOR, NO_SKILL)
    rank = PLAN_KINDS.index(name) if by == "kind" and name in PLAN_KINDS else 0
    return (missing, rank, name.casefold())


def outcomes_report(rows: Iterable[PlanOutcome], by: str = "kind") -> OutcomesReport:
    """The rows of `plan_outcome` added up per group (`by`: kind, coach, sponsor or skill),
    and for all plans."""
    rows = sorted(rows, key=lambda r: r.plan_id)
    members: dict[str, list[PlanOutcome]] = defaultdict(list)
    for row in rows:
        if row.closed is not None or row.extended:
            for key in _keys(row, by):
                members[key].append(row)
    names = sorted(members, key=lambda name: _order(by, name))
    cancelled = [r for r in rows if r.cancelled]
    named = [r for r in cancelled if r.kind != "pip" or by == "coach"]
    return OutcomesReport(
        by=by,
        groups=tuple(group(name, members[name], name if by == "skill" else None) for name in names),
        total=group(ALL, [r for r in rows if r.closed is not None or r.extended]),
        cancelled=tuple(
            CancelledPlan(r.plan_id, r.kind, r.coach, r.sponsor, r.closed or date.min, r.reason)
            for r in sorted(named, key=lambda r: (r.closed or date.min, r.plan_id))
        ),
        unnamed_pips=len(cancelled) - len(named),
        without_closing=sum(r.unclosed for r in rows),
    )
