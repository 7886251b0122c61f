"""Tables in every report format: rich or plain text, json, csv, markdown, html."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date
from html import escape
from typing import Any

TABLE_FORMATS = ("table", "json", "csv", "markdown", "html")


@dataclass(frozen=True)
class Table:
    title: str
    columns: Sequence[str]
    rows: Sequence[Sequence[Any]]
    keys: Sequence[str] = field(default_factory=tuple)  # json keys; default: the columns

    @property
    def json_keys(self) -> Sequence[str]:
        return self.keys or [c.lower().replace(" ", "_") for c in self.columns]


@dataclass(frozen=True)
class Mark:
    """A cell with a tone: coloured in a terminal, a class in HTML, plain text elsewhere."""

    text: str
    tone: str  # "good", "warn", "bad" or "muted"

    def __str__(self) -> str:
        return self.text


TONE_STYLES = {"good": "green", "warn": "yellow", "bad": "bold red", "muted": "dim"}


def number(value: float | None) -> str:
    """A number as the plan has it: `7.25`, `60` for 60.0, `1e+308`; `-` for None."""
    if value is None:
        return "-"
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() and abs(value) < 1e16 else repr(value)
    return str(value)


def cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float):
        return number(value)
    return str(value)


def _json_value(value: Any) -> Any:
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Mark):
        return value.text
    return value


def render_plain(table: Table) -> str:
    """Aligned columns, for pipes and for people who want no colour."""
    cells = [[cell(v) for v in row] for row in table.rows]
    widths = [max([len(c)] + [len(r[i]) for r in cells]) for i, c in enumerate(table.columns)]
    lines = ["  ".join(c.ljust(w) for c, w in zip(table.columns, widths, strict=True)).rstrip()]
    lines.append("  ".join("-" * w for w in widths))
    for row in cells:
        lines.append("  ".join(v.ljust(w) for v, w in zip(row, widths, strict=True)).rstrip())
    return "\n".join(lines) + "\n"


def render_rich(table: Table, *, color: bool) -> str:
    from rich.console import Console
    from rich.table import Table as RichTable

    rich_table = RichTable(title=table.title or None, title_justify="left")
    for column in table.columns:
        # Nothing is cut off with an ellipsis: a cell too wide for the terminal folds.
        rich_table.add_column(column, overflow="fold")
    for row in table.rows:
        rich_table.add_row(*(_rich_cell(v) for v in row))
    console = Console(
        file=io.StringIO(), force_terminal=color, no_color=not color, width=None if color else 120
    )
    console.print(rich_table)
    text: str = console.file.getvalue()  # type: ignore[attr-defined]
    return text


def _rich_cell(value: Any) -> Any:
    if isinstance(value, Mark):
        from rich.text import Text

        return Text(value.text, style=TONE_STYLES.get(value.tone, ""))
    return escape_markup(cell(value))


def escape_markup(text: str) -> str:
    from rich.markup import escape as rich_escape

    return rich_escape(text)


def render_json(table: Table) -> str:
    return "".join(iter_json(table))


def iter_json(table: Table) -> Iterator[str]:
    """`render_json` a row at a time, so that a long table is never one string."""
    keys = table.json_keys
    rows = (
        json_element({k: _json_value(v) for k, v in zip(keys, row, strict=True)}, 1)
        for row in table.rows
    )
    yield from json_array(rows, 0)
    yield "\n"


def json_element(value: Any, level: int) -> str:
    """`value` as `json.dumps(indent=2)` writes it at nesting depth `level`."""
    text = json.dumps(value, indent=2, ensure_ascii=False)
    return text.replace("\n", "\n" + "  " * level) if level else text


def json_array(elements: Iterable[str], level: int) -> Iterator[str]:
    """A JSON array of already-written elements, laid out as `json.dumps(indent=2)` lays it
    out at depth `level`, one element at a time."""
    inner = "\n" + "  " * (level + 1)
    first = True
    for element in elements:
        yield ("[" if first else ",") + inner + element
        first = False
    yield "[]" if first else "\n" + "  " * level + "]"


_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def csv_safe(text: str) -> str:
    """Neutralise cells a spreadsheet would run as a formula (CSV injection)."""
    if text.startswith(_FORMULA_START):
        try:
            float(text)  # a negative number is data, not a formula
            return text
        except ValueError:
            return "'" + text
    return text


def render_csv(table: Table) -> str:
    return "".join(iter_csv(table))


def iter_csv(table: Table) -> Iterator[str]:
    """`render_csv` a row at a time."""
    return iter_csv_rows(table.columns, table.rows)


def iter_csv_rows(columns: Sequence[str], rows: Iterable[Sequence[Any]]) -> Iterator[str]:
    """A csv table of `rows` under `columns`, written as the rows come."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")

    def line(cells: Sequence[str]) -> str:
        buffer.seek(0)
        buffer.truncate()
        writer.writerow(cells)
        return buffer.getvalue()

    yield line(columns)
    for row in rows:
        yield line([csv_safe(cell(v)) for v in row])


def md_escape(text: str) -> str:
    """User text as literal Markdown: no HTML, links, emphasis, code or table breaks."""
    for char in "\\`*_[]<>|":
        text = text.replace(char, "\\" + char)
    return text.replace("\r", " ").replace("\n", " ")


def render_markdown(table: Table) -> str:
    lines = []
    if table.title:
        lines += [f"## {md_escape(table.title)}", ""]
    lines.append("| " + " | ".join(md_escape(c) for c in table.columns) + " |")
    lines.append("|" + "|".join(" --- " for _ in table.columns) + "|")
    for row in table.rows:
        lines.append("| " + " | ".join(md_escape(cell(v)) for v in row) + " |")
    return "\n".join(lines) + "\n"


HTML_STYLE = """
body { font-family: system-ui, sans-serif; margin: 2rem; color: #1d2430; }
table { border-collapse: collapse; margin: 1rem 0; }
th, td { border: 1px solid #d0d7de; padding: .35rem .6rem; text-align: left; }
th { background: #f3f5f8; }
caption { text-align: left; font-weight: 600; margin-bottom: .4rem; }
td.date, td.good, td.warn, td.bad, td.muted { white-space: nowrap; }
"""


def _html_cell(value: Any) -> str:
    if isinstance(value, Mark):
        tone = f' class="{escape(value.tone)}"' if value.tone else ""
        return f"<td{tone}>{escape(value.text)}</td>"
    if isinstance(value, date):
        return f'<td class="date">{escape(cell(value))}</td>'
    return f"<td>{escape(cell(value))}</td>"


def html_table(table: Table) -> str:
    head = "".join(f"<th>{escape(c)}</th>" for c in table.columns)
    body = "".join("<tr>" + "".join(_html_cell(v) for v in row) + "</tr>\n" for row in table.rows)
    caption = f"<caption>{escape(table.title)}</caption>" if table.title else ""
    return f"<table>{caption}<thead><tr>{head}</tr></thead>\n<tbody>\n{body}</tbody></table>\n"


def html_page(title: str, body: str, style: str = HTML_STYLE) -> str:
    """One self-contained page: inline CSS, no scripts, nothing fetched."""
    return (
        '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        f"<title>{escape(title)}</title>\n<style>{style}</style>\n</head>\n<body>\n"
        f"<h1>{escape(title)}</h1>\n{body}</body>\n</html>\n"
    )


def render_html(table: Table) -> str:
    return html_page(table.title or "coachplan", html_table(table))


def render_table(table: Table, output_format: str, *, terminal: bool, color: bool) -> str:
    return "".join(iter_table(table, output_format, terminal=terminal, color=color))


def iter_table(table: Table, output_format: str, *, terminal: bool, color: bool) -> Iterator[str]:
    """A table in a format, in pieces: json and csv row by row as they are written (a
    long table is never one string); the others need every row to lay out columns."""
    if output_format == "json":
        yield from iter_json(table)
    elif output_format == "csv":
        yield from iter_csv(table)
    elif output_format == "markdown":
        yield render_markdown(table)
    elif output_format == "html":
        yield render_html(table)
    elif terminal:
        yield render_rich(table, color=color)
    else:
        yield render_plain(table)
