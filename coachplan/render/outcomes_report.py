"""`report outcomes` in every format: outcomes, goal attainment, before and after, coaching
effort and cancelled plans, per group; SVG charts in HTML."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Any

from coachplan.core.lifecycle import PIP_OUTCOMES, PLAN_OUTCOMES
from coachplan.render.document import Block, Document, Figure, Heading, Para
from coachplan.render.outcome_charts import outcome_bars
from coachplan.render.reports import ReportView, count, percent
from coachplan.render.svg import gap_bars
from coachplan.render.table import Mark, Table
from coachplan.reports.coaches import MIN_RATINGS
from coachplan.reports.outcomes import (
    ALL,
    MIN_EFFECT_PLANS,
    MIN_PLANS,
    BeforeAfter,
    OutcomeGroup,
    OutcomesReport,
)

PLAN_COLUMNS = ("Completed", "Achieved", "Partly", "Not achieved", "Cancelled", "Median days")
PIP_COLUMNS = ("Completed", "Passed", "Not passed", "Cancelled", "Extended", "Median days")


def _figure(value: float | None, digits: int = 1, sign: bool = False) -> str:
    if value is None:
        return "-"
    return f"{value:+.{digits}f}" if sign else f"{value:.{digits}f}"


def outcome_cell(g: OutcomeGroup, outcome: str) -> str:
    """`3 (60%)`: the count, and its rate from MIN_PLANS completed plans of its kind on."""
    n = g.outcomes.get(outcome, 0)
    rate = g.rates.get(outcome)
    return str(n) if rate is None else f"{n} ({percent(rate)})"


def of(part: int, whole: int, share: float | None) -> str:
    if not whole:
        return "-"
    return f"{part} of {whole}" + (f" ({percent(share)})" if share is not None else "")


def free_text(label: str) -> tuple[str, ...]:
    """The group column, when it holds free text (a coach's name): kinds are codes and
    skills are named like ids, never cut or wrapped."""
    return (label,) if label == "Coach" else ()


def _groups(report: OutcomesReport) -> list[OutcomeGroup]:
    return [*report.groups, report.total]


def _name(g: OutcomeGroup) -> object:
    return Mark(g.name, "muted") if g.name == ALL else g.name


def outcomes_tables(report: OutcomesReport, label: str) -> list[Block]:
    """One table for pips and one for the other kinds, each with its own outcomes: a pip is
    passed or not, any other plan achieved, partly or not."""
    others = [g for g in _groups(report) if g.completed > g.pips or g.cancelled > g.pips_cancelled]
    pips = [g for g in _groups(report) if g.pips or g.pips_cancelled or g.extended]
    blocks: list[Block] = []
    if others:
        blocks.append(
            Table(
                "",
                (label, *PLAN_COLUMNS),
                [
                    [
                        _name(g),
                        g.completed - g.pips,
                        *(outcome_cell(g, o) for o in PLAN_OUTCOMES),
                        g.cancelled - g.pips_cancelled,
                        _figure(g.median_days, 0),
                    ]
                    for g in others
                ],
                drop=("Median days", "Cancelled"),
                text=free_text(label),
            )
        )
    if pips:
        if others:  # a subsection of its own, titled as the report's others are
            blocks.append(Heading("Pips", level=3))
        blocks.append(
            Table(
                "",
                (label, *PIP_COLUMNS),
                [
                    [
                        _name(g),
                        g.pips,
                        *(outcome_cell(g, o) for o in PIP_OUTCOMES),
                        g.pips_cancelled,
                        g.extended,
                        _figure(g.pip_median_days, 0),
                    ]
                    for g in pips
                ],
                drop=("Median days", "Extended", "Cancelled"),
                text=free_text(label),
            )
        )
    return blocks or [Para("No plan was closed in the period.")]


def attainment_table(report: OutcomesReport, label: str) -> Table:
    return Table(
        "",
        (label, "Plans scored", "Metrics at target", "Minimums met", "T-score"),
        [
            [
                _name(g),
                g.plans_scored,
                of(g.metrics_at_target, g.metrics_scored, g.at_target),
                of(g.minimums_met, g.minimums, g.minimums_share),
                _figure(g.t_score),
            ]
            for g in _groups(report)
        ],
        drop=("Plans scored", "Minimums met"),
        text=free_text(label),
    )


def effort_table(report: OutcomesReport, label: str) -> Table:
    return Table(
        "",
        (label, "Check-ins", "On cadence", "Minutes", "Avg rating", "Progress/hour"),
        [
            [
                _name(g),
                g.held,
                percent(g.on_cadence),
                g.minutes or "-",
                _figure(g.average_rating),
                _figure(g.progress_per_hour),
            ]
            for g in _groups(report)
        ],
        drop=("Progress/hour", "Minutes", "Avg rating"),
        text=free_text(label),
    )


def _skill_rows(
    report: OutcomesReport, *, small: bool = False
) -> list[tuple[OutcomeGroup, BeforeAfter]]:
    """The before/after rows of each group: those of MIN_PLANS plans or more, or (`small`)
    those of fewer, which the tables leave out (JSON and CSV have them, without means)."""
    groups = report.groups if report.by == "skill" else _groups(report)
    return [(g, s) for g in groups for s in g.skills if (s.plans < MIN_PLANS) == small]


def before_after_table(report: OutcomesReport, label: str) -> Table:
    columns = ("Skill", "Plans", "Baseline", "Latest", "Change", "Effect size")
    rows = [
        [
            s.skill,
            s.plans,
            _figure(s.baseline),
            _figure(s.latest),
            _figure(s.change, sign=True),
            _figure(s.effect_size, 2),
        ]
        for _, s in _skill_rows(report)
    ]
    drop = ("Baseline", "Latest", "Effect size")
    if report.by == "skill":
        return Table("", columns, rows, drop=drop)
    names = [_name(g) for g, _ in _skill_rows(report)]
    cells = [[n, *row] for n, row in zip(names, rows, strict=True)]
    return Table("", (label, *columns), cells, drop=drop, text=free_text(label))


def _not_scored(report: OutcomesReport) -> list[Block]:
    n = report.total.metrics_not_scored
    if not n:
        return []
    return [
        Para(
            f"Left out of the scores: {count(n, 'metric')} of completed plans never measured "
            "by the closing date, or without a target apart from the baseline."
        )
    ]


def _levels(skills: Iterable[BeforeAfter]) -> list[tuple[str, float, float]]:
    return [
        (s.skill, s.baseline, s.latest)
        for s in skills
        if s.baseline is not None and s.latest is not None
    ]


def _rate_rows(report: OutcomesReport) -> list[tuple[str, dict[str, float] | None]]:
    """A bar per group and kind of outcome (pips apart), without rates below MIN_PLANS."""
    rows: list[tuple[str, dict[str, float] | None]] = []
    for g in _groups(report):
        others, pips = g.completed - g.pips, g.pips
        for family, n, name in (
            (PLAN_OUTCOMES, others, g.name),
            (PIP_OUTCOMES, pips, f"{g.name}, pips" if others else g.name),
        ):
            if n:
                rates = {o: g.rates[o] for o in family if o in g.rates}
                rows.append((name, rates or None))
    return rows


def charts(report: OutcomesReport, scale: tuple[int, int]) -> list[Block]:
    """The outcome rates of every group, and each group's skill levels before and after."""
    figures: list[Block] = [
        Figure(
            outcome_bars(
                f"Outcomes by {report.by}",
                _rate_rows(report),
            ),
            f"Outcome rates of the completed plans, by {report.by}; a group of fewer than "
            f"{MIN_PLANS} completed plans has no rates",
        )
    ]
    if report.by == "skill":
        sets = [("", _levels(s for g in report.groups for s in g.skills))]
    else:
        sets = [(g.name, _levels(g.skills)) for g in _groups(report)]
    for name, rows in sets:
        if rows:
            figures.append(
                Figure(
                    gap_bars(
                        "Skill levels before and after" + (f", {name}" if name else ""),
                        [(skill, before, after, None) for skill, before, after in rows],
                        scale_min=scale[0],
                        scale_max=scale[1],
                    ),
                    (f"{name}: grey" if name else "Grey")
                    + " is the mean baseline level, blue the mean level after",
                )
            )
    return figures


def cancelled_blocks(report: OutcomesReport) -> list[Block]:
    blocks: list[Block] = [Heading("Cancelled plans")]
    if report.cancelled:
        blocks.append(
            Table(
                "",
                ("Plan", "Kind", "Coach", "Cancelled", "Reason"),
                [[c.plan_id, c.kind, c.coach, c.date, c.reason or "-"] for c in report.cancelled],
                drop=("Kind", "Coach"),
                text=("Reason",),
            )
        )
    elif not report.unnamed_pips:
        blocks.append(Para("No plan was cancelled in the period."))
    if report.unnamed_pips:
        blocks.append(
            Para(
                f"{count(report.unnamed_pips, 'cancelled pip')} not named: pips are named only "
                "by coach (--by coach)."
            )
        )
    return blocks


def view(
    report: OutcomesReport,
    since: date,
    until: date,
    as_of: date,
    scale: tuple[int, int] = (1, 5),
    *,
    charts_too: bool = True,
) -> ReportView:
    label = report.by.capitalize()
    total = report.total
    intro = (
        f"{count(total.completed, 'plan')} completed and {total.cancelled} cancelled from "
        f"{since} to {until}, by {report.by}"
        + (f"; {count(total.extended, 'pip')} extended" if total.extended else "")
        + ". Cancelled plans are listed, not counted in the rates. To protect coachees, "
        f"rates, medians and means over plans are shown only for at least {MIN_PLANS} plans, "
        f"mean ratings for at least {MIN_RATINGS} ratings, effect sizes from "
        f"{MIN_EFFECT_PLANS} plans, and a pip is named only by coach."
    )
    blocks: list[Block] = [Para(intro)]
    if report.by == "skill":
        blocks.append(Para("A plan counts once under each skill its baseline assessed."))
    if report.without_closing:
        blocks.append(
            Para(
                f"{count(report.without_closing, 'completed plan')} without a closing "
                "left out: coachplan close records one (rule P109)."
            )
        )
    blocks += [Heading("Outcomes"), *outcomes_tables(report, label)]
    figures = charts(report, scale) if charts_too else []
    blocks += figures[:1]
    blocks += [
        Heading("Goal attainment"),
        Para(
            "Measured metrics at their target (and pip metrics at their minimum) by the "
            "closing date. T-score: the mean of the plans' Goal Attainment Scaling T-scores; "
            "50 when every measured metric just reached its target, lower when metrics fell "
            "short, higher when they went past it (docs/reports.md)."
        ),
        attainment_table(report, label),
        *_not_scored(report),
        Heading("Before and after"),
        Para(
            "Mean skill levels at the baseline and at the end (the closing's final level, else "
            "the last re-assessment), over the completed plans that have both; effect size is "
            "the mean change over its standard deviation."
        ),
    ]
    if _skill_rows(report):
        blocks.append(before_after_table(report, label))
    small = _skill_rows(report, small=True)
    if small:
        many = len(small) != 1
        blocks.append(
            Para(
                f"Not shown: {count(len(small), 'row')} of a skill assessed before and after "
                f"in fewer than {MIN_PLANS} plans of {'their' if many else 'its'} group."
            )
        )
    elif not _skill_rows(report):
        blocks.append(Para("No skill was assessed both at the baseline and later."))
    blocks += figures[1:]
    blocks += [
        Heading("Coaching effort"),
        Para(
            "Check-ins held in the completed plans, the share of those their cadence asked for "
            "that were held, minutes recorded, and progress per coaching hour: percentage "
            "points of average metric progress per hour of recorded sessions."
        ),
        effort_table(report, label),
    ]
    blocks += cancelled_blocks(report)
    return ReportView.of(
        document=Document(f"Coaching outcomes, {since} to {until}", blocks),
        flat=flat_table(report),
        data=data(report, since, until, as_of),
    )


FLAT_COLUMNS = (
    "By",
    "Group",
    "Completed",
    "Cancelled",
    "Pips completed",
    "Pips cancelled",
    "Extended",
    "Achieved",
    "Partly achieved",
    "Not achieved",
    "Passed",
    "Not passed",
    "Median days",
    "Pip median days",
    "Metrics scored",
    "Metrics not scored",
    "Metrics at target",
    "At target %",
    "Minimums",
    "Minimums met",
    "T-score",
    "Check-ins",
    "On cadence %",
    "Minutes",
    "Ratings",
    "Average rating",
    "Progress per hour",
    "Skill",
    "Skill plans",
    "Baseline",
    "Latest",
    "Change",
    "Effect size",
)


def _round(value: float | None, digits: int = 1) -> float | None:
    return None if value is None else round(value, digits)


def _pct(value: float | None) -> int | None:
    return None if value is None else round(value * 100)


def flat_table(report: OutcomesReport) -> Table:
    """One row per group and skill (a group without before/after data has one row with no
    skill); the group's figures repeat on each of its rows."""
    rows = []
    for g in _groups(report):
        figures: list[Any] = [
            report.by,
            g.name,
            g.completed,
            g.cancelled,
            g.pips,
            g.pips_cancelled,
            g.extended,
            *(g.outcomes.get(o, 0) for o in (*PLAN_OUTCOMES, *PIP_OUTCOMES)),
            _round(g.median_days),
            _round(g.pip_median_days),
            g.metrics_scored,
            g.metrics_not_scored,
            g.metrics_at_target,
            _pct(g.at_target),
            g.minimums,
            g.minimums_met,
            _round(g.t_score),
            g.held,
            _pct(g.on_cadence),
            g.minutes,
            g.ratings,
            _round(g.average_rating),
            _round(g.progress_per_hour, 2),
        ]
        skills = g.skills if (report.by != "skill" or g.name != ALL) else ()
        for s in skills or [None]:
            if s is None:
                rows.append([*figures, None, None, None, None, None, None])
            else:
                rows.append(
                    [
                        *figures,
                        s.skill,
                        s.plans,
                        _round(s.baseline, 2),
                        _round(s.latest, 2),
                        _round(s.change, 2),
                        _round(s.effect_size, 2),
                    ]
                )
    return Table("Coaching outcomes", FLAT_COLUMNS, rows)


def data(report: OutcomesReport, since: date, until: date, as_of: date) -> dict[str, Any]:
    return {
        "report": "outcomes",
        "as_of": as_of,
        "since": since,
        "until": until,
        "by": report.by,
        "min_plans": MIN_PLANS,
        "min_ratings": MIN_RATINGS,
        "min_effect_plans": MIN_EFFECT_PLANS,
        "groups": list(report.groups),
        "all": report.total,
        "cancelled": list(report.cancelled),
        "unnamed_cancelled_pips": report.unnamed_pips,
        "completed_without_closing": report.without_closing,
    }
