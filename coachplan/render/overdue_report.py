"""`report overdue` in every format, grouped by coach."""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from datetime import date
from itertools import groupby

from coachplan.render.document import Block, Document, Heading, Para
from coachplan.render.reports import ReportView, cadence_figure, count
from coachplan.render.table import Mark, Table
from coachplan.reports.overdue import OverdueItem
from coachplan.reports.schedule import Cadence

COLUMNS = ("Plan", "Coachee", "What", "Item", "Due", "Days over", "Missed", "Details")
# What a narrow terminal leaves out first.
DROPPED = ("Coachee", "Missed", "Item")
FLAT_COLUMNS = (
    "Coach",
    "Sponsor",
    "Plan",
    "Coachee",
    "What",
    "Item",
    "Details",
    "Due",
    "Days overdue",
    "Missed",
    "Last check-in",
)


def summary(items: Sequence[OverdueItem], as_of: date, grace_days: int) -> str:
    if not items:
        return f"Nothing overdue on {as_of}."
    kinds = Counter(i.kind for i in items)
    missed = sum(i.missed or 0 for i in items)
    parts = []
    if kinds["check-in"]:
        parts.append(
            f"{count(kinds['check-in'], 'plan')} behind on check-ins "
            f"({count(missed, 'check-in')} missed)"
        )
    if kinds["milestone"]:
        parts.append(count(kinds["milestone"], "milestone") + " past due")
    if kinds["action"]:
        parts.append(count(kinds["action"], "action") + " past due")
    coaches = len({i.coach for i in items})
    return (
        f"{count(len(items), 'item')} overdue for {count(coaches, 'coach', 'coaches')}: "
        + "; ".join(parts)
        + f". Check-ins may slip {count(grace_days, 'grace day')} before they count."
    )


def row(item: OverdueItem) -> list[object]:
    tone = "bad" if item.kind == "check-in" or item.days_overdue > 14 else "warn"
    return [
        item.plan_id,
        item.coachee,
        item.kind,
        item.item_id or "",
        item.due,
        Mark(str(item.days_overdue), tone),
        item.missed if item.missed is not None else "",
        item.title,
    ]


def view(
    items: Sequence[OverdueItem],
    cadences: Mapping[str, Cadence],
    as_of: date,
    grace_days: int,
) -> ReportView:
    """The report; `cadences` (plan id -> its check-ins) draws a chart of each plan behind
    on check-ins, in HTML."""
    blocks: list[Block] = [Para(summary(items, as_of, grace_days))]
    for coach, group in groupby(items, key=lambda i: i.coach):
        mine = list(group)
        sponsors = sorted({i.sponsor for i in mine if i.sponsor})
        blocks.append(Heading(coach + (f" (sponsor {', '.join(sponsors)})" if sponsors else "")))
        blocks.append(Table("", COLUMNS, [row(i) for i in mine], drop=DROPPED, text=("Details",)))
        for item in mine:
            figure = cadence_figure(item.plan_id, cadences.get(item.plan_id), as_of, grace_days)
            if item.kind == "check-in" and figure is not None:
                blocks.append(figure)
    flat = Table(
        "Overdue",
        FLAT_COLUMNS,
        [
            [
                i.coach,
                i.sponsor,
                i.plan_id,
                i.coachee,
                i.kind,
                i.item_id,
                i.title,
                i.due,
                i.days_overdue,
                i.missed,
                i.last,
            ]
            for i in items
        ],
    )
    return ReportView.of(
        document=Document(f"Overdue on {as_of}", blocks),
        flat=flat,
        data={"report": "overdue", "as_of": as_of, "grace_days": grace_days, "items": list(items)},
    )
