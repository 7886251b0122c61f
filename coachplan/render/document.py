"""Reports as documents: headings, paragraphs, lists, tables and charts, in four formats.

A report's view builds one `Document`; `render_document` writes it as text for a terminal
(fitted to its width) or a pipe (whole), as Markdown, or as one self-contained HTML page.
Charts are SVG and appear in HTML only; the text formats carry bars and sparklines in their
tables.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field

from coachplan.core.text import visible
from coachplan.render.table import (
    HTML_STYLE,
    HTML_TAIL,
    Table,
    html_head,
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
p, td.text { white-space: pre-line; }
@media print {
  body { margin: 0; }
  h2 { break-after: avoid; }
  table, figure { break-inside: avoid; }
}
"""
)


def _html_block(block: Block) -> str:
    if isinstance(block, Heading):
        return f"<h{block.level}>{html_text(block.text)}</h{block.level}>\n"
    if isinstance(block, Para):
        return f"<p>{html_text(block.text)}</p>\n"
    if isinstance(block, Bullets):
        items = "".join(f"<li>{html_text(item)}</li>\n" for item in block.items)
        return f"<ul>\n{items}</ul>\n"
    if isinstance(block, Table):
        return html_table(block)
    return f"<figure>{block.svg}<figcaption>{html_text(block.caption)}</figcaption></figure>\n"


def _md_line(text: str) -> str:
    # md_escape keeps text literal inside a line; at the start of one, `#`, `-`, `+`, `=`
    # and `1.` would also begin a heading or a list, or underline the line before.
    text = md_escape(visible(text))
    if text.startswith(("#", "-", "+", "=")):
        return "\\" + text
    return re.sub(r"^(\d+)([.)])", r"\1\\\2", text)


def _md_block(block: Block) -> str | None:
    if isinstance(block, Heading):
        return f"{'#' * block.level} {_md_line(block.text)}\n"
    if isinstance(block, Para):
        return _md_para(block.text)
    if isinstance(block, Bullets):
        return "".join(f"- {_md_line(item)}\n" for item in block.items)
    if isinstance(block, Table):
        return render_markdown(block)
    return None  # charts are HTML's


def to_markdown(document: Document) -> str:
    return "".join(iter_document(document, "markdown", terminal=False, color=False))


def _md_para(text: str) -> str:
    """A paragraph a person wrote keeps its lines (hard breaks) and blank lines."""
    lines = [_md_line(line.strip()) for line in text.strip().splitlines()] or [""]
    out = [
        line + ("  " if line and i + 1 < len(lines) and lines[i + 1] else "")
        for i, line in enumerate(lines)
    ]
    return "\n".join(out) + "\n"


def _plain_title(title: str) -> str:
    title = visible(title)
    return f"{title}\n{'=' * len(title)}\n"


def _plain_block(block: Block) -> str | None:
    """For a pipe: every line whole."""
    if isinstance(block, Heading):
        text = visible(block.text)
        return f"{text}\n{('-' if block.level <= 2 else '.') * len(text)}\n"
    if isinstance(block, Para):
        return visible(block.text, multiline=True) + "\n"
    if isinstance(block, Bullets):
        return "".join(f"- {visible(item)}\n" for item in block.items)
    if isinstance(block, Table):
        return (f"{visible(block.title)}\n" if block.title else "") + render_plain(block)
    return None


def _heading(text: str, rule: str, width: int, color: bool) -> str:
    from coachplan.render.terminal import paint, width_of, wrap

    lines = wrap(text, width)
    underline = rule * max(width_of(line) for line in lines)
    return "".join(paint(line, "strong", color) + "\n" for line in lines) + underline + "\n"


def _terminal_block(block: Block, width: int, *, color: bool, wide: bool) -> str | None:
    """For a terminal `width` cells wide: the layout of a pipe, with paragraphs wrapped,
    tables fitted (render.table.render_fitted) and headings in bold when `color`."""
    from coachplan.render.terminal import wrap

    if isinstance(block, Heading):
        rule = "-" if block.level <= 2 else "."
        return _heading(visible(block.text), rule, width, color)
    if isinstance(block, Para):
        lines = visible(block.text, multiline=True).splitlines() or [""]
        return "".join(f"{x}\n" for line in lines for x in wrap(line, width))
    if isinstance(block, Bullets):
        return "".join(
            f"{x}\n" for item in block.items for x in wrap(visible(item), width, "- ", "  ")
        )
    if isinstance(block, Table):
        title = "".join(f"{x}\n" for x in wrap(visible(block.title), width)) if block.title else ""
        return title + render_fitted(block, width, color=color, wide=wide)
    return None


@dataclass(frozen=True)
class Layout:
    """How a document is written: its format, and for a terminal its width and colour.
    Picklable, so that a worker can write a plan's part of a report (render_blocks)."""

    output_format: str
    terminal: bool = False
    color: bool = False
    width: int | None = None
    wide: bool = False

    def head(self, title: str) -> str:
        if self.output_format == "html":
            return html_head(title, DOCUMENT_STYLE)
        if self.output_format == "markdown":
            return f"# {_md_line(title)}\n"
        if self.terminal:
            return _heading(visible(title), "=", self.width or 80, self.color)
        return _plain_title(title)

    def tail(self) -> str:
        return HTML_TAIL if self.output_format == "html" else ""

    def block(self, block: Block) -> str | None:
        """A block as it follows the one before it (None: not shown in this format)."""
        if self.output_format == "html":
            return _html_block(block)
        if self.output_format == "markdown":
            shown = _md_block(block)
        elif self.terminal:
            shown = _terminal_block(block, self.width or 80, color=self.color, wide=self.wide)
        else:
            shown = _plain_block(block)
        return None if shown is None else "\n" + shown  # the text formats: a blank line


def render_blocks(blocks: Iterable[Block], layout: Layout) -> str:
    """A run of blocks as they appear inside a document of that layout, whatever is before
    and after them: a report can write its sections one at a time (iter_document)."""
    return "".join(shown for shown in map(layout.block, blocks) if shown is not None)


def iter_document(
    document: Document,
    output_format: str,
    *,
    terminal: bool,
    color: bool,
    width: int | None = None,
    wide: bool = False,
    sections: Iterable[str] = (),
) -> Iterator[str]:
    """`render_document` in pieces: the title, the blocks, then `sections` (text that
    `render_blocks` wrote, in the same layout), then the end of the page."""
    layout = Layout(output_format, terminal, color, width, wide)
    yield layout.head(document.title)
    yield render_blocks(document.blocks, layout)
    yield from sections
    yield layout.tail()


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
    pieces = iter_document(
        document, output_format, terminal=terminal, color=color, width=width, wide=wide
    )
    return "".join(pieces)
