"""What every report view is made of, and how one is written in each --format.

A view holds the same report three ways: a `Document` (table, markdown and html), one flat
`Table` (csv: one row per item, every group spelled out) and plain data (json).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, fields, is_dataclass
from datetime import date
from typing import Any

from coachplan.core.progress import percent_of
from coachplan.core.text import log_safe_json
from coachplan.render.document import Document, Figure, render_document
from coachplan.render.svg import cadence_strip
from coachplan.render.table import Mark, Table, iter_csv, json_array, json_element
from coachplan.reports.schedule import Cadence

REPORT_FORMATS = ("table", "json", "csv", "markdown", "html")


@dataclass(frozen=True)
class ReportView:
    """A report three ways; the document and the flat table are built only for the
    formats that show them (a document of 10,000 plans' tables is large, and json needs
    none of it)."""

    make_document: Callable[[], Document]
    make_flat: Callable[[], Table]
    data: dict[str, Any]

    @classmethod
    def of(cls, document: Document, flat: Table, data: dict[str, Any]) -> ReportView:
        """A view whose document and table are already built (small reports)."""
        return cls(lambda: document, lambda: flat, data)

    @property
    def document(self) -> Document:
        return self.make_document()

    @property
    def flat(self) -> Table:
        return self.make_flat()


# The field names of each dataclass met: asking `fields()` for every object of 10,000
# plans' rows took as long as writing them.
_FIELDS: dict[type, tuple[str, ...]] = {}
_PLAIN = (str, int, bool, type(None))


def jsonable(value: Any) -> Any:
    """Report data as JSON values: dataclasses as objects, dates as YYYY-MM-DD."""
    kind = type(value)
    if kind in _PLAIN:
        return value
    names = _FIELDS.get(kind)
    if names is None and is_dataclass(value) and not isinstance(value, type):
        names = _FIELDS[kind] = tuple(f.name for f in fields(value))
    if names is not None:
        return {name: jsonable(getattr(value, name)) for name in names}
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
    pieces = iter_view(view, output_format, terminal=terminal, color=color, width=width, wide=wide)
    return "".join(pieces)


def iter_view(
    view: ReportView,
    output_format: str,
    *,
    terminal: bool,
    color: bool,
    width: int | None = None,
    wide: bool = False,
) -> Iterator[str]:
    """A view in a format, in pieces: json a top-level list element at a time and csv a
    row at a time, so that a report on 10,000 plans is never one string or one tree of
    JSON objects (the output of `json.dumps(jsonable(data), indent=2)`, byte for byte)."""
    if output_format == "json":
        yield from iter_data(view.data)
    elif output_format == "csv":
        yield from iter_csv(view.flat)
    else:
        yield render_document(
            view.document, output_format, terminal=terminal, color=color, width=width, wide=wide
        )


def iter_data(data: dict[str, Any]) -> Iterator[str]:
    first = True
    for key, value in data.items():
        yield ("{" if first else ",") + "\n  " + json.dumps(str(key), ensure_ascii=False) + ": "
        first = False
        if isinstance(value, Iterable) and not isinstance(value, str | dict):
            elements = (log_safe_json(json_element(jsonable(v), 2)) for v in value)
            yield from json_array(elements, 1)
        else:
            yield log_safe_json(json_element(jsonable(value), 1))
    yield ("{}" if first else "\n}") + "\n"


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


def cadence_figure(
    plan_id: str, cadence: Cadence | None, as_of: date, grace_days: int
) -> Figure | None:
    if cadence is None:
        return None
    return Figure(
        cadence_strip(
            f"Check-ins of {plan_id}",
            start=cadence.start,
            end=cadence.end,
            as_of=as_of,
            checkins=list(cadence.checkins),
            interval=cadence.interval,
            grace_days=grace_days,
        ),
        f"{plan_id}: check-ins held ({cadence.every}); red where the gap was longer than "
        f"the cadence plus {count(grace_days, 'grace day')}",
    )
