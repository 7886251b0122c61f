"""`report coaches` in every format: per coach, grouped by sponsor, with recognition."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from itertools import groupby
from typing import TYPE_CHECKING

from coachplan.render.document import Block, Bullets, Document, Heading, Para
from coachplan.render.reports import ReportView, cadence_figure, count, percent
from coachplan.render.table import Mark, Table
from coachplan.reports import PlanList
from coachplan.reports.coaches import MIN_RATINGS, CoachRow

if TYPE_CHECKING:
    from coachplan.core.model import Plan

COLUMNS = (
    "Coach",
    "Active plans",
    "Held",
    "Expected",
    "On cadence",
    "Avg rating",
    "Overdue",
    "Missed check-ins",
    "Metrics improved",
)
# What a narrow terminal leaves out first.
DROPPED = ("Missed check-ins", "Avg rating", "Active plans", "Expected", "Metrics improved")
FLAT_COLUMNS = (
    "Sponsor",
    "Coach",
    "Plans",
    "Active plans",
    "Held",
    "Expected",
    "On cadence %",
    "Ratings",
    "Average rating",
    "Overdue items",
    "Missed check-ins",
    "Metrics improved",
    "Metrics worsened",
    "Metrics",
    "Recognised",
)


def cadence_mark(share: float | None) -> Mark:
    if share is None:
        return Mark("-", "muted")
    tone = "good" if share >= 1 else ("warn" if share >= 0.75 else "bad")
    return Mark(percent(share), tone)


def rating_text(row: CoachRow) -> str:
    return "-" if row.average_rating is None else f"{row.average_rating:.1f}"


def row_cells(row: CoachRow) -> list[object]:
    return [
        row.coach,
        row.active_plans,
        row.held,
        row.expected,
        cadence_mark(row.on_cadence),
        rating_text(row),
        Mark(str(row.overdue_items), "bad" if row.overdue_items else "muted"),
        Mark(str(row.overdue_checkins), "bad" if row.overdue_checkins else "muted"),
        f"{row.metrics_improved} of {row.metrics}",
    ]


def recognition(row: CoachRow, since: date) -> str:
    return (
        f"Recognition: {row.coach} held every expected check-in "
        f"({row.held} held, {row.expected} expected) "
        f"and {row.metrics_improved} of {row.metrics} coachee metrics improved since {since}."
    )


def sponsor_heading(sponsor: str | None) -> str:
    return f"Sponsor: {sponsor}" if sponsor else "No sponsor"


def view(
    rows: Sequence[CoachRow],
    plans: PlanList,
    since: date,
    as_of: date,
    grace_days: int,
) -> ReportView:
    blocks: list[Block] = [
        Para(
            f"{count(len({r.coach for r in rows}), 'coach', 'coaches')}, "
            f"{count(sum(r.active_plans for r in rows), 'active plan')}; check-ins from "
            f"{since} to {as_of}. On cadence is the share of expected check-ins held, plan by "
            f"plan. Average ratings are shown only when there are at least {MIN_RATINGS} in "
            "the period, to protect coachees."
        )
    ]
    # Each coach's active plans, found in one pass (not one pass per coach: a network has
    # hundreds of coaches and thousands of plans).
    active: dict[tuple[str | None, str], list[tuple[str, Plan]]] = {}
    for plan_id, plan in sorted(plans, key=lambda item: item[0]):
        if plan.status == "active":
            active.setdefault((plan.sponsor, plan.coach), []).append((plan_id, plan))
    for sponsor, group in groupby(rows, key=lambda r: r.sponsor):
        mine = list(group)
        blocks.append(Heading(sponsor_heading(sponsor)))
        blocks.append(
            Table("", COLUMNS, [row_cells(r) for r in mine], drop=DROPPED, text=("Coach",))
        )
        praised = [recognition(r, since) for r in mine if r.recognised]
        if praised:
            blocks.append(Bullets(praised))
        for row in mine:
            for plan_id, plan in active.get((sponsor, row.coach), []):
                figure = cadence_figure(plan_id, plan, as_of, grace_days)
                if figure is not None:
                    blocks.append(figure)
    flat = Table(
        "Coaches",
        FLAT_COLUMNS,
        [
            [
                r.sponsor,
                r.coach,
                r.plans,
                r.active_plans,
                r.held,
                r.expected,
                None if r.on_cadence is None else round(r.on_cadence * 100),
                r.ratings,
                None if r.average_rating is None else round(r.average_rating, 1),
                r.overdue_items,
                r.overdue_checkins,
                r.metrics_improved,
                r.metrics_worsened,
                r.metrics,
                r.recognised,
            ]
            for r in rows
        ],
    )
    return ReportView(
        document=Document(f"Coaching accountability, {since} to {as_of}", blocks),
        flat=flat,
        data={
            "report": "coaches",
            "as_of": as_of,
            "since": since,
            "min_ratings": MIN_RATINGS,
            "coaches": list(rows),
        },
    )
