"""`report coaches` in every format: per coach, grouped by sponsor, with recognition."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from coachplan.render.document import Block, Bullets, Document, Heading, Para
from coachplan.render.reports import ReportView, cadence_figure, count, percent
from coachplan.render.table import Mark, Table
from coachplan.reports.accountability import WEEKLY
from coachplan.reports.coaches import MIN_RATINGS, CoachRow, PlanShare

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
    "Sponsor 1:1",
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
    "Plans behind",
    "Sponsor 1:1",
    "Sponsor 1:1 reason",
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
        Mark(row.rhythm, "warn" if row.rhythm == WEEKLY else "good"),
    ]


def rhythm_line(row: CoachRow) -> str:
    """`Team lead T3: weekly one-on-ones with the sponsor (held 0 of 4 ...).`"""
    who = "the sponsor" if row.sponsor else "their manager"
    return f"{row.coach}: {row.rhythm} one-on-ones with {who} ({row.rhythm_reason})."


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
    shares: Sequence[PlanShare],
    since: date,
    as_of: date,
    grace_days: int,
    *,
    all_coaches: bool = False,
    weekly_below: float = 0.8,
) -> ReportView:
    idle = [r for r in rows if not r.active_plans]
    sponsors = list(dict.fromkeys(r.sponsor for r in rows))
    if not all_coaches:
        rows = [r for r in rows if r.active_plans]
    blocks: list[Block] = [
        Para(
            f"{count(len({r.coach for r in rows}), 'coach', 'coaches')}, "
            f"{count(sum(r.active_plans for r in rows), 'plan')} active in the period; "
            f"check-ins from {since} to {as_of}. On cadence is the share of expected "
            "check-ins held, plan by plan. Average ratings are shown only when there are at "
            f"least {MIN_RATINGS} in the period, to protect coachees. Sponsor 1:1 is the "
            "recommended rhythm of each coach's accountability one-on-one: weekly when fewer "
            f"than {round(weekly_below * 100)}% of expected check-ins were held or a "
            "coachee's plan is behind, otherwise fortnightly."
        )
    ]
    # Each coach's active plans, found in one pass (not one pass per coach: a network has
    # hundreds of coaches and thousands of plans).
    # The shares that carry a cadence (active plans, in HTML) draw a chart under their coach.
    active: dict[tuple[str | None, str], list[PlanShare]] = {}
    for share in sorted(shares, key=lambda s: s.plan_id):
        if share.cadence is not None:
            active.setdefault((share.sponsor, share.coach), []).append(share)
    for sponsor in sponsors:
        mine = [r for r in rows if r.sponsor == sponsor]
        blocks.append(Heading(sponsor_heading(sponsor)))
        if mine:
            table = Table("", COLUMNS, [row_cells(r) for r in mine], drop=DROPPED, text=("Coach",))
            blocks.append(table)
            blocks.append(Bullets([rhythm_line(r) for r in mine]))
        left_out = [r.coach for r in idle if r.sponsor == sponsor and r not in mine]
        if left_out:
            names = ", ".join(left_out)
            blocks.append(
                Para(
                    f"No plan active in the period: {names} (--all-coaches shows "
                    f"{'them' if len(left_out) > 1 else 'the row'})."
                )
            )
        praised = [recognition(r, since) for r in mine if r.recognised]
        if praised:
            blocks.append(Bullets(praised))
        for row in mine:
            for share in active.get((sponsor, row.coach), []):
                figure = cadence_figure(share.plan_id, share.cadence, as_of, grace_days)
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
                " ".join(r.plans_behind),
                r.rhythm,
                r.rhythm_reason,
            ]
            for r in rows
        ],
    )
    return ReportView.of(
        document=Document(f"Coaching accountability, {since} to {as_of}", blocks),
        flat=flat,
        data={
            "report": "coaches",
            "as_of": as_of,
            "since": since,
            "min_ratings": MIN_RATINGS,
            "weekly_below": weekly_below,
            "coaches": list(rows),
            "without_active_plans": [
                {"sponsor": r.sponsor, "coach": r.coach} for r in idle if r not in rows
            ],
        },
    )
