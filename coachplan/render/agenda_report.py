"""`coachplan agenda` in every format: what is already due, then day by day."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta
from itertools import groupby

from coachplan.render.document import Block, Document, Heading, Para
from coachplan.render.reports import ReportView, count
from coachplan.render.table import Mark, Table
from coachplan.reports.agenda import AgendaItem

WEEKDAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")  # not the locale's
DUE_COLUMNS = ("Plan", "Coachee", "What", "Item", "Due", "Days over", "Details")
DAY_COLUMNS = ("Plan", "Coachee", "What", "Item", "Details")
# What a narrow terminal leaves out first (the days over tell when it was due).
DROPPED = ("Coachee", "Due", "Item")
FLAT_COLUMNS = (
    "Section",
    "Due",
    "Days over",
    "Overdue",
    "Coach",
    "Sponsor",
    "Plan",
    "Coachee",
    "What",
    "Item",
    "Check-in",
    "Details",
    "Missed",
    "Last check-in",
)


def day_name(day: date, as_of: date) -> str:
    names = {as_of: "today", as_of + timedelta(days=1): "tomorrow"}
    suffix = f" ({names[day]})" if day in names else ""
    return f"{WEEKDAYS[day.weekday()]} {day}{suffix}"


def what(item: AgendaItem) -> str:
    return f"{item.kind} {item.number}" if item.number is not None else item.kind


def details(item: AgendaItem, grace_days: int) -> str:
    # What matters most first: a cut on a narrow terminal takes the end.
    if item.missed:
        return f"{item.missed} missed; {item.title}"
    if item.kind == "check-in" and item.already_due:
        return f"within the {count(grace_days, 'grace day')}; {item.title}"
    return item.title


def due_row(item: AgendaItem, grace_days: int) -> list[object]:
    return [
        item.plan_id,
        item.coachee,
        what(item),
        item.item_id or "",
        item.due,
        Mark(str(item.days_over), "bad" if item.overdue else "warn"),
        details(item, grace_days),
    ]


def day_row(item: AgendaItem, grace_days: int) -> list[object]:
    return [item.plan_id, item.coachee, what(item), item.item_id or "", details(item, grace_days)]


def summary(items: Sequence[AgendaItem], as_of: date, until: date, grace_days: int) -> str:
    due = [i for i in items if i.already_due]
    coming = len(items) - len(due)
    days = (until - as_of).days + 1
    period = f"the {count(days, 'day')} from {as_of} to {until}"
    if not items:
        return f"Nothing due in {period}."
    overdue = sum(1 for i in due if i.overdue)
    parts = []
    if due:
        late = f", {overdue} of them overdue" if overdue and overdue < len(due) else ""
        parts.append(f"{count(len(due), 'item')} already due{late}")
    parts.append(f"{coming or 'nothing'} coming due in {period}")
    return (
        "; ".join(parts)
        + f". Check-ins may slip {count(grace_days, 'grace day')} before they count as missed."
    )


def view(
    items: Sequence[AgendaItem],
    as_of: date,
    until: date,
    grace_days: int,
    coaches: Sequence[str] = (),
) -> ReportView:
    blocks: list[Block] = [Para(summary(items, as_of, until, grace_days))]
    due = [i for i in items if i.already_due]
    if due:
        blocks += [
            Heading("Already due"),
            Table(
                "",
                DUE_COLUMNS,
                [due_row(i, grace_days) for i in due],
                drop=DROPPED,
                text=("Details",),
            ),
        ]
    coming = [day_row(i, grace_days) for i in items if not i.already_due]
    days = [i.due for i in items if not i.already_due]
    for day, group in groupby(zip(days, coming, strict=True), key=lambda pair: pair[0]):
        blocks += [
            Heading(day_name(day, as_of)),
            Table(
                "",
                DAY_COLUMNS,
                [row for _, row in group],
                drop=DROPPED,
                text=("Details",),
                alongside=coming,  # every day's table keeps the same columns
            ),
        ]
    whose = f" of {', '.join(coaches)}" if coaches else ""
    flat = Table(
        "Agenda",
        FLAT_COLUMNS,
        [
            [
                "already due" if i.already_due else "coming due",
                i.due,
                i.days_over,
                i.overdue,
                i.coach,
                i.sponsor,
                i.plan_id,
                i.coachee,
                i.kind,
                i.item_id,
                i.number,
                i.title,
                i.missed,
                i.last,
            ]
            for i in items
        ],
    )
    return ReportView.of(
        document=Document(f"Agenda{whose}, {as_of} to {until}", blocks),
        flat=flat,
        data={
            "report": "agenda",
            "as_of": as_of,
            "until": until,
            "days": (until - as_of).days + 1,
            "grace_days": grace_days,
            "coach": list(coaches) or None,
            "items": [dict(vars(i), already_due=i.already_due) for i in items],
        },
    )
