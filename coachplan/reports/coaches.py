"""`report coaches`: coaching accountability per coach, grouped by sponsor.

For a period from `since` to `as_of` (both included), over each coach's plans active in the
period (not drafts, and run while their window, up to their closing, overlapped the period:
`lifecycle.active_in_period`):

- held: check-ins dated in the period; expected: what the cadence asks for in the period
  (`schedule.expected`); on cadence: the share of expected check-ins held, plan by plan, so
  that extra check-ins in one plan do not make up for missed ones in another.
- average rating: the mean of the session ratings given in the period, shown only when
  there are at least `MIN_RATINGS` of them, so that no single coachee's rating can be read
  from it.
- overdue: the items `report overdue` lists for the coach's plans on `as_of`.
- metrics improved or worsened: a metric improved when its progress towards target on
  `as_of` is greater than on `since` (before its first measurement a metric is at its
  baseline).
- recognised: every expected check-in held (on cadence 100%, at least one expected),
  no check-in overdue on `as_of`, and more of the coachees' metrics improved than worsened.
- rhythm: how often the sponsor should hold the coach's accountability one-on-one,
  weekly or fortnightly, with the reason (coachplan.reports.accountability).

A coach with plans under two sponsors has a row under each.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date

from coachplan.core.lifecycle import active_in_period
from coachplan.core.model import Plan
from coachplan.core.progress import metric_progress
from coachplan.reports import PlanList
from coachplan.reports.accountability import rhythm
from coachplan.reports.overdue import plan_overdue
from coachplan.reports.progress import BEHIND, plan_progress
from coachplan.reports.schedule import Cadence, cadence_of, expected, held

MIN_RATINGS = 3


def protected_average(ratings: Sequence[int]) -> float | None:
    """The mean session rating, or None with fewer than MIN_RATINGS ratings, so that no
    single coachee's rating can be read from it. Every view of ratings uses this."""
    return sum(ratings) / len(ratings) if len(ratings) >= MIN_RATINGS else None


@dataclass(frozen=True)
class CoachRow:
    sponsor: str | None
    coach: str
    plans: int  # selected plans of this coach under this sponsor
    active_plans: int  # active in the period
    held: int
    expected: int
    on_cadence: float | None  # None when nothing was expected
    ratings: int
    average_rating: float | None  # None with fewer than MIN_RATINGS ratings
    overdue_checkins: int  # check-ins missed, by cadence, on as_of
    overdue_items: int  # everything `report overdue` lists for these plans
    metrics_improved: int
    metrics_worsened: int
    metrics: int
    recognised: bool
    plans_behind: tuple[str, ...]  # active plans behind on as_of (report progress)
    rhythm: str  # the accountability one-on-one: weekly or fortnightly
    rhythm_reason: str


def metric_changes(plan: Plan, since: date, as_of: date) -> tuple[int, int, int]:
    """(improved, worsened, measurable metrics) of a plan over the period."""
    improved = worsened = total = 0
    for _, metric in plan.metrics():
        if metric.baseline is None or metric.target is None or metric.baseline == metric.target:
            continue
        total += 1
        before = metric_progress(metric, since).fraction or 0.0
        now = metric_progress(metric, as_of).fraction or 0.0
        improved += now > before
        worsened += now < before
    return improved, worsened, total


@dataclass(frozen=True)
class PlanShare:
    """What one plan adds to its coach's row: computed where the plan is loaded, so that
    only this travels and stays in memory (coachplan.engine.bulk.map_plans)."""

    plan_id: str
    sponsor: str | None
    coach: str
    active: bool  # active in the period
    held: int = 0
    expected: int = 0
    kept: int = 0  # expected check-ins held: extra ones do not make up for missed ones
    ratings: tuple[int, ...] = ()
    improved: int = 0
    worsened: int = 0
    metrics: int = 0
    overdue_items: int = 0
    overdue_checkins: int = 0
    behind: bool = False  # active on as_of and behind (report progress)
    cadence: Cadence | None = None  # for a chart of its check-ins; only when asked for


def plan_share(
    plan_id: str, plan: Plan, since: date, as_of: date, grace_days: int, charts: bool = False
) -> PlanShare:
    if not active_in_period(plan, since, as_of):
        return PlanShare(plan_id, plan.sponsor, plan.coach, active=False)
    sessions = held(plan, since, as_of)
    due = expected(plan, since, as_of)
    improved, worsened, metrics = metric_changes(plan, since, as_of)
    items = plan_overdue(plan_id, plan, as_of, grace_days)
    behind = plan.status == "active" and plan_progress(plan_id, plan, as_of).status == BEHIND
    return PlanShare(
        plan_id,
        plan.sponsor,
        plan.coach,
        active=True,
        held=len(sessions),
        expected=due,
        kept=min(len(sessions), due),
        ratings=tuple(c.rating for c in sessions if c.rating is not None),
        improved=improved,
        worsened=worsened,
        metrics=metrics,
        overdue_items=len(items),
        overdue_checkins=sum(i.missed or 0 for i in items if i.kind == "check-in"),
        behind=behind,
        cadence=cadence_of(plan) if charts and plan.status == "active" else None,
    )


def coach_row(
    sponsor: str | None, coach: str, shares: Sequence[PlanShare], weekly_below: float = 0.8
) -> CoachRow:
    active = [s for s in shares if s.active]
    kept = sum(s.kept for s in active)
    expected_total = sum(s.expected for s in active)
    on_cadence = kept / expected_total if expected_total else None
    ratings = [r for s in active for r in s.ratings]
    improved = sum(s.improved for s in active)
    worsened = sum(s.worsened for s in active)
    overdue_checkins = sum(s.overdue_checkins for s in active)
    behind = tuple(s.plan_id for s in active if s.behind)
    advice = rhythm(
        plans=len(active),
        kept=kept,
        expected=expected_total,
        behind=behind,
        weekly_below=weekly_below,
    )
    return CoachRow(
        sponsor=sponsor,
        coach=coach,
        plans=len(shares),
        active_plans=len(active),
        held=sum(s.held for s in active),
        expected=expected_total,
        on_cadence=on_cadence,
        ratings=len(ratings),
        average_rating=protected_average(ratings),
        overdue_checkins=overdue_checkins,
        overdue_items=sum(s.overdue_items for s in active),
        metrics_improved=improved,
        metrics_worsened=worsened,
        metrics=sum(s.metrics for s in active),
        recognised=on_cadence == 1 and overdue_checkins == 0 and improved > worsened,
        plans_behind=behind,
        rhythm=advice.rhythm,
        rhythm_reason=advice.reason,
    )


def coaches_of(shares: Iterable[PlanShare], weekly_below: float = 0.8) -> list[CoachRow]:
    """One row per (sponsor, coach), by sponsor then coach; plans without a sponsor last."""
    groups: dict[tuple[str | None, str], list[PlanShare]] = defaultdict(list)
    for share in sorted(shares, key=lambda s: s.plan_id):
        groups[(share.sponsor, share.coach)].append(share)
    keys = sorted(groups, key=lambda k: (k[0] is None, (k[0] or "").casefold(), k[1].casefold()))
    return [
        coach_row(sponsor, coach, groups[(sponsor, coach)], weekly_below) for sponsor, coach in keys
    ]


def coaches_report(
    plans: PlanList, since: date, as_of: date, grace_days: int, weekly_below: float = 0.8
) -> list[CoachRow]:
    """One row per (sponsor, coach), by sponsor then coach; plans without a sponsor last."""
    shares = (plan_share(pid, p, since, as_of, grace_days) for pid, p in plans)
    return coaches_of(shares, weekly_below)
