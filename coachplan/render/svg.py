"""Small inline SVG charts for the HTML pages: metric trends, check-in cadence, skill gaps.

Pure string building: no scripts, no fonts or images fetched, every text escaped. Numbers
are written with one decimal so that a page is byte-for-byte the same on every machine.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from html import escape
from itertools import pairwise

from coachplan.core.progress import position
from coachplan.core.text import visible
from coachplan.render.table import cell

INK = "#1d2430"
MUTED = "#8c959f"
LINE = "#0969da"
GOOD = "#1a7f37"
BAD = "#cf222e"


def _n(value: float) -> str:
    return f"{value:.1f}"


def _text(x: float, y: float, text: str, *, anchor: str = "start", size: int = 10) -> str:
    return (
        f'<text x="{_n(x)}" y="{_n(y)}" font-size="{size}" fill="{INK}" '
        f'text-anchor="{anchor}">{escape(visible(text))}</text>'
    )


def _line(x1: float, y1: float, x2: float, y2: float, color: str, extra: str = "") -> str:
    return (
        f'<line x1="{_n(x1)}" y1="{_n(y1)}" x2="{_n(x2)}" y2="{_n(y2)}" stroke="{color}"{extra}/>'
    )


def _svg(width: int, height: int, label: str, body: Sequence[str]) -> str:
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" role="img" aria-label="{escape(visible(label))}">'
        f"<title>{escape(visible(label))}</title>" + "".join(body) + "</svg>"
    )


def _scale_dates(start: date, end: date, left: float, right: float) -> tuple[float, float]:
    """x = a + b * days since start."""
    days = max(1, (end - start).days)
    return left, (right - left) / days


def trend_chart(
    label: str,
    series: Sequence[tuple[date, float]],
    *,
    baseline: float,
    target: float,
    minimum: float | None,
    start: date,
    due: date,
    end: date,
    as_of: date,
) -> str:
    """A metric's measurements over the plan's window, with baseline, target and pace line.

    The dotted pace line runs from the baseline at the start to the target on the goal's
    due date: a metric on track stays near it.
    """
    width, height = 320, 150
    left, right, top, bottom = 44.0, 308.0, 12.0, 124.0
    values = (
        [v for _, v in series] + [baseline, target] + ([minimum] if minimum is not None else [])
    )
    low, high = min(values), max(values)
    x0, per_day = _scale_dates(start, end, left, right)

    def x(day: date) -> float:
        return x0 + per_day * min(max((day - start).days, 0), (end - start).days)

    def y(value: float) -> float:
        # From low to high with a tenth of the range spare above and below; computed as
        # a share so that values near the float limits (1e308, 5e-324) scale too.
        return bottom - (position(value, low, high) + 0.1) / 1.2 * (bottom - top)

    body = [
        f'<rect x="{_n(left)}" y="{_n(top)}" width="{_n(right - left)}" '
        f'height="{_n(bottom - top)}" fill="#fbfcfd" stroke="#d0d7de"/>',
        _line(left, y(baseline), right, y(baseline), MUTED, ' stroke-dasharray="4 3"'),
        _text(left - 4, y(baseline) + 3, cell(baseline), anchor="end"),
        _line(left, y(target), right, y(target), GOOD, ' stroke-dasharray="4 3"'),
        _text(left - 4, y(target) + 3, cell(target), anchor="end"),
        _line(x(start), y(baseline), x(due), y(target), MUTED, ' stroke-dasharray="1 3"'),
    ]
    if minimum is not None:
        body.append(_line(left, y(minimum), right, y(minimum), BAD, ' stroke-dasharray="2 2"'))
        body.append(_text(right - 2, y(minimum) - 3, f"minimum {cell(minimum)}", anchor="end"))
    if start <= as_of <= end:
        body.append(_line(x(as_of), top, x(as_of), bottom, MUTED))
    if series:
        points = " ".join(f"{_n(x(d))},{_n(y(v))}" for d, v in series)
        body.append(f'<polyline points="{points}" fill="none" stroke="{LINE}" stroke-width="2"/>')
        body += [
            f'<circle cx="{_n(x(d))}" cy="{_n(y(v))}" r="3" fill="{LINE}"/>' for d, v in series
        ]
    else:
        body.append(
            _text((left + right) / 2, (top + bottom) / 2, "no measurement yet", anchor="middle")
        )
    body.append(_text(left, height - 10, start.isoformat()))
    body.append(_text(right, height - 10, end.isoformat(), anchor="end"))
    return _svg(width, height, label, body)


def cadence_strip(
    label: str,
    *,
    start: date,
    end: date,
    as_of: date,
    checkins: Sequence[date],
    interval: int,
    grace_days: int,
) -> str:
    """The plan's window as a line: dots for check-ins held, the stretches between them
    green when no longer than the interval plus grace days, red when longer."""
    width, height = 640, 52
    left, right, mid = 12.0, 628.0, 20.0
    x0, per_day = _scale_dates(start, end, left, right)

    def x(day: date) -> float:
        return x0 + per_day * min(max((day - start).days, 0), (end - start).days)

    now = min(max(as_of, start), end)
    held = sorted(d for d in checkins if start <= d <= now)
    body = [_line(left, mid, right, mid, "#d0d7de", ' stroke-width="6" stroke-linecap="round"')]
    stops = [start, *held, now]
    for a, b in pairwise(stops):
        if b <= a:
            continue
        color = GOOD if (b - a).days <= interval + grace_days else BAD
        body.append(_line(x(a), mid, x(b), mid, color, ' stroke-width="6"'))
    body += [
        f'<circle cx="{_n(x(d))}" cy="{_n(mid)}" r="5" fill="#ffffff" stroke="{INK}" '
        f'stroke-width="2"/>'
        for d in held
    ]
    if start <= as_of <= end:
        body.append(_line(x(as_of), mid - 11, x(as_of), mid + 11, INK))
    body.append(_text(left, height - 6, start.isoformat()))
    body.append(_text(right, height - 6, end.isoformat(), anchor="end"))
    if start <= as_of <= end:
        body.append(_text(x(as_of), height - 6, as_of.isoformat(), anchor="middle"))
    return _svg(width, height, label, body)


def gap_bars(
    label: str,
    rows: Sequence[tuple[str, float, float, float | None]],
    *,
    scale_min: int,
    scale_max: int,
) -> str:
    """Per skill: a grey bar to the baseline level, a blue one to the latest level, and a
    dark mark at the target (if there is one: means before and after have none)."""
    row_height = 24
    width, height = 520, 28 + row_height * len(rows)
    left, right = 170.0, 500.0
    span = max(1, scale_max - scale_min)

    def x(level: float) -> float:
        return left + (min(max(level, scale_min), scale_max) - scale_min) / span * (right - left)

    body = []
    for i, (name, level, latest, target) in enumerate(rows):
        top = 10 + i * row_height
        short = name if len(name) <= 28 else name[:27] + "…"
        body.append(_text(left - 6, top + 13, short, anchor="end", size=11))
        body.append(
            f'<rect x="{_n(left)}" y="{top + 3}" width="{_n(x(latest) - left)}" height="12" '
            f'fill="{LINE}" opacity="0.75"/>'
        )
        body.append(
            f'<rect x="{_n(left)}" y="{top + 6}" width="{_n(x(level) - left)}" height="6" '
            f'fill="{MUTED}"/>'
        )
        if target is not None:
            body.append(_line(x(target), top, x(target), top + 18, INK, ' stroke-width="3"'))
    bottom = 10 + row_height * len(rows)
    for level in range(scale_min, scale_max + 1):
        body.append(_text(x(level), bottom + 12, str(level), anchor="middle"))
    return _svg(width, height, label, body)
