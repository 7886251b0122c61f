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
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from coachplan.core.lifecycle import active_in_period
from coachplan.core.model import Plan
from coachplan.core.progress import metric_progress
from coachplan.reports import PlanList, by_id
from coachplan.reports.accountability import rhythm
from coachplan.reports.overdue import plan_overdue
from coachplan.reports.progress import BEHIND, plan_progress
from coachplan.reports.schedule import expected, held

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


def coach_row(
    sponsor: str | None,
    coach: str,
    plans: PlanList,
    since: date,
    as_of: date,
    grace_days: int,
    weekly_below: float = 0.8,
) -> CoachRow:
    active = [(pid, p) for pid, p in plans if active_in_period(p, since, as_of)]
    held_total = expected_total = kept = 0
    ratings: list[int] = []
    improved = worsened = metrics = 0
    overdue_checkins = overdue_items = 0
    for plan_id, plan in active:
        sessions = held(plan, since, as_of)
        due = expected(plan, since, as_of)
        held_total += len(sessions)
        expected_total += due
        kept += min(len(sessions), due)
        ratings += [c.rating for c in sessions if c.rating is not None]
        up, down, total = metric_changes(plan, since, as_of)
        improved, worsened, metrics = improved + up, worsened + down, metrics + total
        items = plan_overdue(plan_id, plan, as_of, grace_days)
        overdue_items += len(items)
        overdue_checkins += sum(i.missed or 0 for i in items if i.kind == "check-in")
    on_cadence = kept / expected_total if expected_total else None
    behind = tuple(
        plan_id
        for plan_id, plan in active
        if plan.status == "active" and plan_progress(plan_id, plan, as_of).status == BEHIND
    )
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
        plans=len(plans),
        active_plans=len(active),
        held=held_total,
        expected=expected_total,
        on_cadence=on_cadence,
        ratings=len(ratings),
        average_rating=protected_average(ratings),
        overdue_checkins=overdue_checkins,
        overdue_items=overdue_items,
        metrics_improved=improved,
        metrics_worsened=worsened,
        metrics=metrics,
        recognised=on_cadence == 1 and overdue_checkins == 0 and improved > worsened,
        plans_behind=behind,
        rhythm=advice.rhythm,
        rhythm_reason=advice.reason,
    )


def coaches_report(
    plans: PlanList, since: date, as_of: date, grace_days: int, weekly_below: float = 0.8
) -> list[CoachRow]:
    """One row per (sponsor, coach), by sponsor then coach; plans without a sponsor last."""
    groups: dict[tuple[str | None, str], list[tuple[str, Plan]]] = defaultdict(list)
    for plan_id, plan in sorted(plans, key=by_id):
        groups[(plan.sponsor, plan.coach)].append((plan_id, plan))
    keys = sorted(groups, key=lambda k: (k[0] is None, (k[0] or "").casefold(), k[1].casefold()))
    return [
        coach_row(sponsor, coach, groups[(sponsor, coach)], since, as_of, grace_days, weekly_below)
        for sponsor, coach in keys
    ]
