"""The SVG chart of outcome rates per group in `report outcomes` (its skill levels before
and after are render.svg's gap bars). Built like the other charts: no scripts, text
escaped, numbers with one decimal."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from coachplan.render.svg import BAD, GOOD, _svg, _text

PARTLY = "#bf8700"
OUTCOME_COLOURS = {
    "achieved": GOOD,
    "passed": GOOD,
    "partly-achieved": PARTLY,
    "not-achieved": BAD,
    "not-passed": BAD,
}

LEGEND = (
    ("achieved, passed", GOOD),
    ("partly achieved", PARTLY),
    ("not achieved, not passed", BAD),
)


def _n(value: float) -> str:
    return f"{value:.1f}"


def outcome_bars(label: str, rows: Sequence[tuple[str, Mapping[str, float] | None]]) -> str:
    """Per group, one bar of its completed plans split by outcome (shares adding up to 1);
    a group with too few plans for rates gets a note instead of a bar."""
    row_height = 24
    left, right = 170.0, 560.0
    top = 30
    width, height = 580, top + row_height * len(rows) + 8
    body = []
    legend_x = left
    for words, colour in LEGEND:
        body.append(f'<rect x="{_n(legend_x)}" y="8" width="10" height="10" fill="{colour}"/>')
        body.append(_text(legend_x + 14, 17, words))
        legend_x += 14 + 5.5 * len(words) + 16
    for i, (name, rates) in enumerate(rows):
        y = top + i * row_height
        short = name if len(name) <= 26 else name[:25] + "…"
        body.append(_text(left - 6, y + 13, short, anchor="end", size=11))
        if rates is None:
            body.append(_text(left, y + 13, "fewer than 3 completed plans", size=10))
            continue
        x = left
        for outcome in OUTCOME_COLOURS:
            share = rates.get(outcome, 0.0)
            if share <= 0:
                continue
            span = share * (right - left)
            body.append(
                f'<rect x="{_n(x)}" y="{y + 2}" width="{_n(span)}" height="14" '
                f'fill="{OUTCOME_COLOURS[outcome]}"/>'
            )
            if span >= 28:
                body.append(
                    f'<text x="{_n(x + span / 2)}" y="{y + 13}" font-size="10" fill="#ffffff" '
                    f'text-anchor="middle">{round(share * 100)}%</text>'
                )
            x += span
    return _svg(width, height, label, body)
