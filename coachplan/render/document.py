"""Reports as documents: headings, paragraphs, lists, tables and charts, in four formats.

A report's view builds one `Document`; `render_document` writes it as text for a terminal
(fitted to its width) or a pipe (whole), as Markdown, or as one self-contained HTML page.
Charts are SVG and appear in HTML only; the text formats carry bars and sparklines in their
tables.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from coachplan.core.text import visible
from coachplan.render.table import (
    HTML_STYLE,
    Table,
    html_page,
    html_table,
    html_text,
    md_escape,
    render_fitted,
    render_markdown,
    render_plain,
)


@dataclass(frozen=True)
class Heading:
    text: str
    level: int = 2  # 2 for a section, 3 for a subsection


@dataclass(frozen=True)
class Para:
    text: str


@dataclass(frozen=True)
class Bullets:
    items: Sequence[str]


@dataclass(frozen=True)
class Figure:
    svg: str  # built by coachplan.render.svg, every text in it escaped
    caption: str


Block = Heading | Para | Bullets | Table | Figure


@dataclass(frozen=True)
class Document:
    title: str
    blocks: Sequence[Block] = field(default_factory=list)


DOCUMENT_STYLE = (
    HTML_STYLE
    + """
h2 { margin-top: 2rem; border-bottom: 1px solid #d0d7de; padding-bottom: .2rem; }
h3 { margin-top: 1.4rem; }
td.good { color: #1a7f37; font-weight: 600; }
td.warn { color: #9a6700; font-weight: 600; }
td.bad { color: #cf222e; font-weight: 600; }
td.muted { color: #6e7781; }
figure { display: inline-block; margin: .4rem 1.2rem .8rem 0; vertical-align: top; }
figcaption { font-size: .85rem; color: #57606a; max-width: 340px; }
svg text { font-family: system-ui, sans-serif; }
p, td { white-space: pre-line; }
@media print {
  body { margin: 0; }
  h2 { break-after: avoid; }
  table, figure { break-inside: avoid; }
}
"""
)


def to_html(document: Document) -> str:
    parts: list[str] = []
    for block in document.blocks:
        if isinstance(block, Heading):
            parts.append(f"<h{block.level}>{html_text(block.text)}</h{block.level}>\n")
        elif isinstance(block, Para):
            parts.append(f"<p>{html_text(block.text)}</p>\n")
        elif isinstance(block, Bullets):
            items = "".join(f"<li>{html_text(item)}</li>\n" for item in block.items)
            parts.append(f"<ul>\n{items}</ul>\n")
        elif isinstance(block, Table):
            parts.append(html_table(block))
        else:
            parts.append(
                f"<figure>{block.svg}<figcaption>{html_text(block.caption)}</figcaption></figure>\n"
            )
    return html_page(document.title, "".join(parts), style=DOCUMENT_STYLE)


def _md_line(text: str) -> str:
    # md_escape keeps text literal inside a line; at the start of one, `#`, `-`, `+`, `=`
    # and `1.` would also begin a heading or a list, or underline the line before.
    text = md_escape(visible(text))
    if text.startswith(("#", "-", "+", "=")):
        return "\\" + text
    return re.sub(r"^(\d+)([.)])", r"\1\\\2", text)


def to_markdown(document: Document) -> str:
    parts = [f"# {_md_line(document.title)}\n"]
    for block in document.blocks:
        if isinstance(block, Heading):
            parts.append(f"{'#' * block.level} {_md_line(block.text)}\n")
        elif isinstance(block, Para):
            parts.append(_md_para(block.text))
        elif isinstance(block, Bullets):
            parts.append("".join(f"- {_md_line(item)}\n" for item in block.items))
        elif isinstance(block, Table):
            parts.append(render_markdown(block))
    return "\n".join(parts)


def _md_para(text: str) -> str:
    """A paragraph a person wrote keeps its lines (hard breaks) and blank lines."""
    lines = [_md_line(line.strip()) for line in text.strip().splitlines()] or [""]
    out = [
        line + ("  " if line and i + 1 < len(lines) and lines[i + 1] else "")
        for i, line in enumerate(lines)
    ]
    return "\n".join(out) + "\n"


def to_plain(document: Document) -> str:
    """For a pipe: every line whole."""
    title = visible(document.title)
    parts = [f"{title}\n{'=' * len(title)}\n"]
    for block in document.blocks:
        if isinstance(block, Heading):
            text = visible(block.text)
            parts.append(f"{text}\n{('-' if block.level <= 2 else '.') * len(text)}\n")
        elif isinstance(block, Para):
            parts.append(visible(block.text, multiline=True) + "\n")
        elif isinstance(block, Bullets):
            parts.append("".join(f"- {visible(item)}\n" for item in block.items))
        elif isinstance(block, Table):
            parts.append((f"{visible(block.title)}\n" if block.title else "") + render_plain(block))
    return "\n".join(parts)


def _heading(text: str, rule: str, width: int, color: bool) -> str:
    from coachplan.render.terminal import paint, width_of, wrap

    lines = wrap(text, width)
    underline = rule * max(width_of(line) for line in lines)
    return "".join(paint(line, "strong", color) + "\n" for line in lines) + underline + "\n"


def to_terminal(document: Document, width: int, *, color: bool, wide: bool = False) -> str:
    """For a terminal `width` cells wide: the layout of a pipe, with paragraphs wrapped,
    tables fitted (render.table.render_fitted) and headings in bold when `color`."""
    from coachplan.render.terminal import wrap

    parts = [_heading(visible(document.title), "=", width, color)]
    for block in document.blocks:
        if isinstance(block, Heading):
            rule = "-" if block.level <= 2 else "."
            parts.append(_heading(visible(block.text), rule, width, color))
        elif isinstance(block, Para):
            lines = visible(block.text, multiline=True).splitlines() or [""]
            parts.append("".join(f"{x}\n" for line in lines for x in wrap(line, width)))
        elif isinstance(block, Bullets):
            parts.append(
                "".join(
                    f"{x}\n" for item in block.items for x in wrap(visible(item), width, "- ", "  ")
                )
            )
        elif isinstance(block, Table):
            title = (
                "".join(f"{x}\n" for x in wrap(visible(block.title), width)) if block.title else ""
            )
            parts.append(title + render_fitted(block, width, color=color, wide=wide))
    return "\n".join(parts)


def render_document(
    document: Document,
    output_format: str,
    *,
    terminal: bool,
    color: bool,
    width: int | None = None,
    wide: bool = False,
) -> str:
    """`table` (fitted to a terminal `width`, 80 when not given; whole on a pipe),
    `markdown` or `html`."""
    if output_format == "html":
        return to_html(document)
    if output_format == "markdown":
        return to_markdown(document)
    if terminal:
        return to_terminal(document, width or 80, color=color, wide=wide)
    return to_plain(document)
