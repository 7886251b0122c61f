"""What every report view is made of, and how one is written in each --format.

A view holds the same report three ways: a `Document` (table, markdown and html), one flat
`Table` (csv: one row per item, every group spelled out) and plain data (json).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, fields, is_dataclass
from datetime import date
from typing import Any

from coachplan.core.model import Plan
from coachplan.core.progress import percent_of
from coachplan.core.text import log_safe_json
from coachplan.render.document import Document, Figure, render_document
from coachplan.render.svg import cadence_strip
from coachplan.render.table import Mark, Table, render_csv

REPORT_FORMATS = ("table", "json", "csv", "markdown", "html")


@dataclass(frozen=True)
class ReportView:
    document: Document
    flat: Table
    data: dict[str, Any]


def jsonable(value: Any) -> Any:
    """Report data as JSON values: dataclasses as objects, dates as YYYY-MM-DD."""
    if is_dataclass(value) and not isinstance(value, type):
        return {f.name: jsonable(getattr(value, f.name)) for f in fields(value)}
    if isinstance(value, dict):
        return {str(k): jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [jsonable(v) for v in value]
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float):
        return round(value, 4)
    return value


def render_view(
    view: ReportView,
    output_format: str,
    *,
    terminal: bool,
    color: bool,
    width: int | None = None,
    wide: bool = False,
) -> str:
    if output_format == "json":
        return log_safe_json(json.dumps(jsonable(view.data), indent=2, ensure_ascii=False) + "\n")
    if output_format == "csv":
        return render_csv(view.flat)
    return render_document(
        view.document, output_format, terminal=terminal, color=color, width=width, wide=wide
    )


def percent(fraction: float | None) -> str:
    shown = percent_of(fraction)
    return "-" if shown is None else f"{shown}%"


def signed(value: int) -> Mark:
    if value > 0:
        return Mark(f"+{value}", "good")
    return Mark(str(value), "bad" if value < 0 else "muted")


STATUS_TONES = {"on track": "good", "at risk": "warn", "behind": "bad"}


def status_mark(status: str | None) -> Mark:
    return Mark(status or "-", STATUS_TONES.get(status or "", "muted"))


def count(n: int, noun: str, plural: str | None = None) -> str:
    return f"{n} {noun if n == 1 else (plural or noun + 's')}"


def cadence_figure(plan_id: str, plan: Plan, as_of: date, grace_days: int) -> Figure | None:
    if plan.cadence_days is None:
        return None
    return Figure(
        cadence_strip(
            f"Check-ins of {plan_id}",
            start=plan.start,
            end=plan.end,
            as_of=as_of,
            checkins=[c.date for c in plan.checkins],
            interval=plan.cadence_days,
            grace_days=grace_days,
        ),
        f"{plan_id}: check-ins held ({plan.checkin_every}); red where the gap was longer than "
        f"the cadence plus {count(grace_days, 'grace day')}",
    )
