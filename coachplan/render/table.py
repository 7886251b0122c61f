"""Tables in every report format: text for a terminal or a pipe, json, csv, markdown, html.

On a terminal a table fits the width it is given: each table declares which columns may be
left out, in order (`drop`), and which hold free text that may be cut with `…` (`text`);
ids, dates, numbers, codes and bars are never split. When even the columns it keeps cannot
fit, the table is stacked: one block of `label: value` lines per row. Pipes and files get
every column and the whole text, always laid out the same way.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Iterator, Sequence
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
    # On a terminal too narrow for every column: the columns that may be left out, the
    # first named first (`--wide` keeps them all) ...
    drop: Sequence[str] = field(default_factory=tuple)
    # ... and the columns of free text (details, statements, notes), cut with `…` first;
    # in HTML, the only cells that wrap.
    text: Sequence[str] = field(default_factory=tuple)
    # The rows of tables shown alongside this one with the same columns (the days of an
    # agenda): measured with its own, so that they all keep the same columns and widths.
    alongside: Sequence[Sequence[Any]] = field(default_factory=tuple)

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


def cell_text(value: Any, *, multiline: bool = False) -> str:
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
    cells = [[cell_text(v) for v in row] for row in table.rows]
    widths = [max([len(c)] + [len(r[i]) for r in cells]) for i, c in enumerate(table.columns)]
    lines = ["  ".join(c.ljust(w) for c, w in zip(table.columns, widths, strict=True)).rstrip()]
    lines.append("  ".join("-" * w for w in widths))
    for row in cells:
        lines.append("  ".join(v.ljust(w) for v, w in zip(row, widths, strict=True)).rstrip())
    return "\n".join(lines) + "\n"


GAP = "  "  # between columns
MIN_TEXT = 20  # a free-text column is cut to no fewer cells than this (or its header's)


def _widths(natural: list[int], minimum: list[int], room: int) -> list[int]:
    """Column widths that fill `room`: each column at least its minimum, the cells left
    shared among the columns that are cut, in proportion to what they lack."""
    widths = list(minimum)
    spare = room - sum(widths)
    wanting = [i for i, (n, m) in enumerate(zip(natural, minimum, strict=True)) if n > m]
    while spare > 0 and wanting:
        lacking = sum(natural[i] - widths[i] for i in wanting)
        given = 0
        for i in wanting:
            share = max(1, spare * (natural[i] - widths[i]) // lacking)
            share = min(share, natural[i] - widths[i], spare - given)
            widths[i] += share
            given += share
        spare -= given
        wanting = [i for i in wanting if widths[i] < natural[i]]
        if not given:
            break
    return widths


def fit(table: Table, width: int, *, wide: bool = False) -> dict[int, int] | None:
    """The columns a terminal `width` cells wide shows, each with its width; None when even
    the columns that may not be left out cannot fit (the table is then stacked)."""
    from coachplan.render.terminal import one_line, width_of

    count = len(table.columns)
    natural = [width_of(c) for c in table.columns]
    for row in [*table.rows, *table.alongside]:
        for i, value in enumerate(row):
            natural[i] = max(natural[i], width_of(one_line(cell_text(value, multiline=True))))
    free = {i for i, c in enumerate(table.columns) if c in table.text}
    least = [
        min(n, max(MIN_TEXT, width_of(c))) if i in free else n
        for i, (n, c) in enumerate(zip(natural, table.columns, strict=True))
    ]
    droppable = [] if wide else [table.columns.index(c) for c in table.drop if c in table.columns]
    keep = list(range(count))
    while True:
        gaps = len(GAP) * (len(keep) - 1)
        if sum(natural[i] for i in keep) + gaps <= width:
            return {i: natural[i] for i in keep}
        if sum(least[i] for i in keep) + gaps <= width:
            widths = _widths([natural[i] for i in keep], [least[i] for i in keep], width - gaps)
            return dict(zip(keep, widths, strict=True))
        if not droppable:
            return None
        keep.remove(droppable.pop(0))


def _styled(value: Any, text: str, color: bool) -> str:
    from coachplan.render.terminal import paint

    return paint(text, value.tone if isinstance(value, Mark) else None, color)


def render_fitted(table: Table, width: int, *, color: bool = False, wide: bool = False) -> str:
    """The table for a terminal `width` cells wide; coloured tones when `color`."""
    from coachplan.render.terminal import cut, one_line, pad

    shown = fit(table, width, wide=wide)
    if shown is None:
        return render_stacked(table, width, color=color)
    columns = list(shown)
    last = columns[-1]

    def line(values: list[tuple[Any, str]]) -> str:
        parts = []
        for i, (value, text) in zip(columns, values, strict=True):
            text = cut(one_line(text), shown[i])
            padding = "" if i == last else pad(text, shown[i])[len(text) :]
            parts.append(_styled(value, text, color) + padding)
        return GAP.join(parts).rstrip()

    heads = [table.columns[i] for i in columns]
    lines = [
        line([(Mark(head, "strong"), head) for head in heads]),
        GAP.join("-" * shown[i] for i in columns),
    ]
    for row in table.rows:
        lines.append(line([(row[i], cell_text(row[i], multiline=True)) for i in columns]))
    return "\n".join(lines) + "\n"


def render_stacked(table: Table, width: int, *, color: bool = False) -> str:
    """One block per row: the first column's value, then `label: value` lines, whole and
    wrapped to `width`; empty cells are left out."""
    from coachplan.render.terminal import paint, width_of, wrap

    label_width = max(width_of(c) for c in table.columns[1:]) + 2 if len(table.columns) > 1 else 0
    blocks = []
    for row in table.rows:
        lines = []
        head = cell_text(row[0], multiline=True).strip()
        if head:
            lines += [paint(x, "strong", color) for x in wrap(head, width)]
        for column, value in zip(table.columns[1:], row[1:], strict=True):
            text = cell_text(value, multiline=True).strip()
            if not text:
                continue
            label = f"  {column}:".ljust(label_width + 2)
            wrapped = wrap(text, width, label, " " * len(label))
            if width_of(label) > width // 2:  # a long label: the value on lines of its own
                wrapped = [label.rstrip(), *wrap(text, width, "    ")]
            first = wrapped[0]
            lines.append(first[: len(label)] + _styled(value, first[len(label) :], color))
            lines += [_styled(value, x, color) if x.strip() else x for x in wrapped[1:]]
        blocks.append("\n".join(lines))
    return "\n\n".join(blocks) + "\n"


def render_json(table: Table) -> str:
    return "".join(iter_json(table))


def iter_json(table: Table) -> Iterator[str]:
    """`render_json` a row at a time, so that a long table is never one string."""
    keys = table.json_keys
    rows = (
        log_safe_json(json_element({k: _json_value(v) for k, v in zip(keys, row, strict=True)}, 1))
        for row in table.rows
    )
    yield from json_array(rows, 0)
    yield "\n"


def json_element(value: Any, level: int) -> str:
    """`value` as `json.dumps(indent=2)` writes it at nesting depth `level`."""
    return indented(json.dumps(value, indent=2, ensure_ascii=False), level)


def indented(text: str, level: int) -> str:
    """Indented JSON text laid out as `json.dumps(indent=2)` lays it out at depth `level`."""
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


def iter_csv_rows(columns: Sequence[str] | None, rows: Iterable[Sequence[Any]]) -> Iterator[str]:
    """A csv table of `rows` under `columns` (None: the rows alone), written as the rows
    come: RFC 4180, with CRLF at the end of every record (the csv module's default, which
    spreadsheets and loaders expect)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)

    def line(cells: Sequence[str]) -> str:
        buffer.seek(0)
        buffer.truncate()
        writer.writerow(cells)
        return buffer.getvalue()

    if columns is not None:
        yield line(columns)
    for row in rows:
        # The data as written, but for the shapes a CI log would run as a command.
        yield line([csv_safe(without_workflow_commands(cell(v))) for v in row])


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
        lines.append("| " + " | ".join(md_escape(cell_text(v, multiline=True)) for v in row) + " |")
    return "\n".join(lines) + "\n"


HTML_STYLE = """
body { font-family: system-ui, sans-serif; margin: 2rem; color: #1d2430; }
table { border-collapse: collapse; margin: 1rem 0; }
th, td { border: 1px solid #d0d7de; padding: .35rem .6rem; text-align: left; }
th { background: #f3f5f8; }
caption { text-align: left; font-weight: 600; margin-bottom: .4rem; }
td { white-space: nowrap; }
td.text { white-space: normal; }
.wide { overflow-x: auto; max-width: 100%; }
@media print { .wide { overflow: visible; } }
"""


def _html_cell(value: Any, text: bool) -> str:
    """A cell: ids, dates, numbers, codes and bars on one line; free text (`text`) wraps."""
    classes = [value.tone] if isinstance(value, Mark) and value.tone else []
    if text:
        classes.append("text")
    attribute = f' class="{escape(" ".join(classes))}"' if classes else ""
    shown = value.text if isinstance(value, Mark) else cell(value)
    return f"<td{attribute}>{html_text(shown)}</td>"


def html_text(text: str) -> str:
    """Plan text in HTML: escaped as markup, and as everywhere for people (core.text)."""
    return escape(visible(text, multiline=True))


def html_table(table: Table) -> str:
    head = "".join(f"<th>{escape(c)}</th>" for c in table.columns)
    free = [c in table.text for c in table.columns]
    body = "".join(
        "<tr>" + "".join(_html_cell(v, t) for v, t in zip(row, free, strict=True)) + "</tr>\n"
        for row in table.rows
    )
    caption = f"<caption>{html_text(table.title)}</caption>" if table.title else ""
    # A table wider than the window scrolls on its own; the page around it does not.
    return (
        f'<div class="wide"><table>{caption}<thead><tr>{head}</tr></thead>\n'
        f"<tbody>\n{body}</tbody></table></div>\n"
    )


def html_page(title: str, body: str, style: str = HTML_STYLE) -> str:
    """One self-contained page: inline CSS, no scripts, nothing fetched."""
    return html_head(title, style) + body + HTML_TAIL


def html_head(title: str, style: str = HTML_STYLE) -> str:
    """A page up to its first heading: what comes before the body's content."""
    return (
        '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        f"<title>{html_text(title)}</title>\n<style>{style}</style>\n</head>\n<body>\n"
        f"<h1>{html_text(title)}</h1>\n"
    )


HTML_TAIL = "</body>\n</html>\n"


def render_html(table: Table) -> str:
    return html_page(table.title or "coachplan", html_table(table))


def iter_table(
    table: Table,
    output_format: str,
    *,
    terminal: bool,
    color: bool,
    width: int | None = None,
    wide: bool = False,
) -> Iterator[str]:
    """The table in a format, in pieces: fitted to `width` on a terminal (80 when not
    given) and whole on a pipe; json and csv row by row as they are written (a long table
    is never one string); the others need every row to lay out columns."""
    if output_format == "json":
        yield from iter_json(table)
    elif output_format == "csv":
        yield from iter_csv(table)
    elif output_format == "markdown":
        yield render_markdown(table)
    elif output_format == "html":
        yield render_html(table)
    elif terminal:
        yield render_fitted(table, width or 80, color=color, wide=wide)
    else:
        yield render_plain(table)
