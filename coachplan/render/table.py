"""Tables in every report format: rich or plain text, json, csv, markdown, html."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from html import escape
from typing import Any

from coachplan.core.text import log_safe_json, visible, without_workflow_commands

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


def shown(value: Any, *, multiline: bool = False) -> str:
    """A cell as people see it: plan text escaped (coachplan.core.text.visible)."""
    return visible(cell(value), multiline=multiline)


def _json_value(value: Any) -> Any:
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Mark):
        return value.text
    return value


def render_plain(table: Table) -> str:
    """Aligned columns, for pipes and for people who want no colour."""
    cells = [[shown(v) for v in row] for row in table.rows]
    widths = [max([len(c)] + [len(r[i]) for r in cells]) for i, c in enumerate(table.columns)]
    lines = ["  ".join(c.ljust(w) for c, w in zip(table.columns, widths, strict=True)).rstrip()]
    lines.append("  ".join("-" * w for w in widths))
    for row in cells:
        lines.append("  ".join(v.ljust(w) for v, w in zip(row, widths, strict=True)).rstrip())
    return "\n".join(lines) + "\n"


def render_rich(table: Table, *, color: bool) -> str:
    from rich.console import Console
    from rich.table import Table as RichTable

    rich_table = RichTable(title=escape_markup(visible(table.title)) or None, title_justify="left")
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

        return Text(shown(value, multiline=True), style=TONE_STYLES.get(value.tone, ""))
    return escape_markup(shown(value, multiline=True))


def escape_markup(text: str) -> str:
    from rich.markup import escape as rich_escape

    return rich_escape(text)


def render_json(table: Table) -> str:
    keys = table.json_keys
    return log_safe_json(
        json.dumps(
            [{k: _json_value(v) for k, v in zip(keys, row, strict=True)} for row in table.rows],
            indent=2,
            ensure_ascii=False,
        )
        + "\n"
    )


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
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(table.columns)
    for row in table.rows:
        # The data as written, but for the shapes a CI log would run as a command.
        writer.writerow([csv_safe(without_workflow_commands(cell(v))) for v in row])
    return buffer.getvalue()


def md_escape(text: str) -> str:
    """User text as literal Markdown: no HTML, entities, links, emphasis, code (fenced with
    ``` or ~~~), strike-through or table breaks."""
    for char in "\\`*_[]<>|~&":
        text = text.replace(char, "\\" + char)
    return text.replace("\r", " ").replace("\n", " ")


def render_markdown(table: Table) -> str:
    lines = []
    if table.title:
        lines += [f"## {md_escape(visible(table.title))}", ""]
    lines.append("| " + " | ".join(md_escape(c) for c in table.columns) + " |")
    lines.append("|" + "|".join(" --- " for _ in table.columns) + "|")
    for row in table.rows:
        lines.append("| " + " | ".join(md_escape(shown(v, multiline=True)) for v in row) + " |")
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
        return f"<td{tone}>{html_text(value.text)}</td>"
    if isinstance(value, date):
        return f'<td class="date">{escape(cell(value))}</td>'
    return f"<td>{html_text(cell(value))}</td>"


def html_text(text: str) -> str:
    """Plan text in HTML: escaped as markup, and as everywhere for people (core.text)."""
    return escape(visible(text, multiline=True))


def html_table(table: Table) -> str:
    head = "".join(f"<th>{escape(c)}</th>" for c in table.columns)
    body = "".join("<tr>" + "".join(_html_cell(v) for v in row) + "</tr>\n" for row in table.rows)
    caption = f"<caption>{html_text(table.title)}</caption>" if table.title else ""
    return f"<table>{caption}<thead><tr>{head}</tr></thead>\n<tbody>\n{body}</tbody></table>\n"


def html_page(title: str, body: str, style: str = HTML_STYLE) -> str:
    """One self-contained page: inline CSS, no scripts, nothing fetched."""
    return (
        '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        f"<title>{html_text(title)}</title>\n<style>{style}</style>\n</head>\n<body>\n"
        f"<h1>{html_text(title)}</h1>\n{body}</body>\n</html>\n"
    )


def render_html(table: Table) -> str:
    return html_page(table.title or "coachplan", html_table(table))


def render_table(table: Table, output_format: str, *, terminal: bool, color: bool) -> str:
    if output_format == "json":
        return render_json(table)
    if output_format == "csv":
        return render_csv(table)
    if output_format == "markdown":
        return render_markdown(table)
    if output_format == "html":
        return render_html(table)
    if terminal:
        return render_rich(table, color=color)
    return render_plain(table)
