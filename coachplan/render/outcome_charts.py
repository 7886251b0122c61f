"""SVG charts of `report outcomes` for HTML: outcome rates per group, and skill levels
before and after. Built like the other charts (render.svg): no scripts, text escaped,
numbers with one decimal."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from coachplan.render.svg import BAD, GOOD, LINE, MUTED, _line, _svg, _text

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


def level_bars(
    label: str,
    rows: Sequence[tuple[str, float, float]],
    *,
    scale_min: int,
    scale_max: int,
) -> str:
    """Per skill: a grey bar to the mean baseline level and a blue one to the mean level
    after, on the workspace scale."""
    row_height = 24
    width, height = 520, 28 + row_height * len(rows)
    left, right = 170.0, 500.0
    span = max(1, scale_max - scale_min)

    def x(level: float) -> float:
        return left + (min(max(level, scale_min), scale_max) - scale_min) / span * (right - left)

    body = []
    for i, (name, before, after) in enumerate(rows):
        top = 10 + i * row_height
        short = name if len(name) <= 28 else name[:27] + "…"
        body.append(_text(left - 6, top + 13, short, anchor="end", size=11))
        body.append(
            f'<rect x="{_n(left)}" y="{top + 3}" width="{_n(x(after) - left)}" height="12" '
            f'fill="{LINE}" opacity="0.75"/>'
        )
        body.append(
            f'<rect x="{_n(left)}" y="{top + 6}" width="{_n(x(before) - left)}" height="6" '
            f'fill="{MUTED}"/>'
        )
    bottom = 10 + row_height * len(rows)
    body.append(_line(left, bottom, right, bottom, MUTED))
    for level in range(scale_min, scale_max + 1):
        body.append(_text(x(level), bottom + 12, str(level), anchor="middle"))
    return _svg(width, height, label, body)
