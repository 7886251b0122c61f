"""`report progress` in every format: bars, sparklines and SVG trend charts."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from datetime import date

from coachplan.core.progress import bar, percent_of, sparkline
from coachplan.render.document import Block, Bullets, Document, Figure, Heading, Para
from coachplan.render.reports import ReportView, count, iter_data, percent, status_mark
from coachplan.render.svg import trend_chart
from coachplan.render.table import Table, iter_csv_rows, number
from coachplan.reports.progress import STATUSES, GoalRow, MetricRow, MilestoneRef, PlanProgress

RULE = (
    "Status compares each metric's progress from baseline to target with the share of its "
    "goal's time gone: on track when at most 10 points behind (or at target), at risk when "
    "10 to 25 points behind, behind when more; a goal or plan takes its worst metric's status "
    "(docs/reports.md)."
)
BAR_WIDTH = 10


def milestone_text(milestone: MilestoneRef | None) -> str:
    if milestone is None:
        return "-"
    return f"{milestone.due or 'no date'} {milestone.id}"


def milestone_line(milestone: MilestoneRef | None) -> str:
    if milestone is None:
        return "none open"
    return f"{milestone.title} ({milestone.id}, due {milestone.due or 'no date'})"


def target_text(metric: MetricRow) -> str:
    arrow = {"up": "↑", "down": "↓"}.get(metric.direction or "", "")
    unit = f" {metric.unit}" if metric.unit else ""
    return f"{arrow} {number(metric.baseline)} → {number(metric.target)}{unit}".strip()


def progress_cell(metric: MetricRow) -> str:
    # A no-break space keeps bar and number together where a cell wraps.
    return f"{bar(metric.progress, BAR_WIDTH)}\u00a0{percent(metric.progress)}"


def metric_cells(metric: MetricRow) -> list[object]:
    """Metric, baseline → target, latest, progress, expected, status, trend."""
    return [
        metric.id,
        target_text(metric),
        number(metric.latest),
        progress_cell(metric),
        percent(metric.expected),
        status_mark(metric.status),
        sparkline([p.value for p in metric.series]),
    ]


def goal_lines(goal: GoalRow) -> list[list[object]]:
    rows: list[list[object]] = []
    metrics: Sequence[MetricRow | None] = goal.metrics or [None]
    for i, metric in enumerate(metrics):
        head: list[object] = [goal.id if i == 0 else ""]
        if metric is None:
            cells: list[object] = ["(no metric)", "", "", "", percent(goal.expected)]
            rows.append([*head, *cells, status_mark(None), ""])
        else:
            rows.append([*head, *metric_cells(metric)])
    return rows


def metric_figure(
    plan: PlanProgress, goal: GoalRow, metric: MetricRow, as_of: date
) -> Figure | None:
    if metric.baseline is None or metric.target is None:
        return None
    return Figure(
        trend_chart(
            f"{metric.id}: {metric.description}",
            [(p.date, p.value) for p in metric.series],
            baseline=metric.baseline,
            target=metric.target,
            minimum=metric.minimum,
            start=plan.start,
            due=goal.due if goal.due and goal.due > plan.start else plan.end,
            end=plan.end,
            as_of=as_of,
        ),
        f"{metric.id} ({goal.id}): {metric.description}; "
        f"{status_mark(metric.status)}, {metric.reason}",
    )


def goal_figures(plan: PlanProgress, goal: GoalRow, as_of: date) -> list[Block]:
    figures = (metric_figure(plan, goal, m, as_of) for m in goal.metrics)
    return [f for f in figures if f is not None]


METRIC_COLUMNS = (
    "Metric",
    "Baseline → target",
    "Latest",
    "Progress",
    "Expected",
    "Status",
    "Trend",
)
COLUMNS = ("Goal", *METRIC_COLUMNS)
# What a narrow terminal leaves out first.
DROPPED = ("Trend", "Expected", "Latest", "Baseline → target")


def plan_blocks(plan: PlanProgress, as_of: date, *, charts: bool) -> list[Block]:
    sponsor = f", sponsor {plan.sponsor}" if plan.sponsor else ""
    blocks: list[Block] = [
        Heading(f"{plan.plan_id}: {plan.coachee}"),
        Para(
            f"{plan.title}. Coach {plan.coach}{sponsor}; {plan.kind}, {plan.plan_status}. "
            f"Window {plan.start} to {plan.end}, {percent(plan.window_elapsed)} elapsed. "
            f"Status: {plan.status or 'no measurable metric'}. "
            f"Next milestone: "
            + (
                f"{plan.next_milestone.title} ({plan.next_milestone.due or 'no date'})."
                if plan.next_milestone
                else "none open."
            )
        ),
        Table(
            "",
            COLUMNS,
            [row for goal in plan.goals for row in goal_lines(goal)],
            drop=DROPPED,
        ),
        Bullets(
            [
                f"{goal.id}: {goal.status or 'no measurable metric'}, due {goal.due or '-'}; "
                f"next milestone {milestone_line(goal.next_milestone)}"
                for goal in plan.goals
            ]
        ),
    ]
    if charts:
        for goal in plan.goals:
            blocks += goal_figures(plan, goal, as_of)
    return blocks


def summary(plans: Sequence[PlanProgress]) -> str:
    counts = Counter(p.status for p in plans)
    parts = [f"{counts[s]} {s}" for s in STATUSES if counts[s]]
    if counts[None]:
        parts.append(f"{counts[None]} without a measurable metric")
    return f"{count(len(plans), 'plan')}" + (": " + ", ".join(parts) if parts else "") + "."


FLAT_COLUMNS = (
    "Plan",
    "Coachee",
    "Coach",
    "Sponsor",
    "Kind",
    "Plan status",
    "Window elapsed %",
    "Plan progress status",
    "Goal",
    "Goal due",
    "Goal status",
    "Next milestone",
    "Next milestone due",
    "Metric",
    "Description",
    "Unit",
    "Direction",
    "Baseline",
    "Target",
    "Minimum",
    "Latest",
    "Latest date",
    "Progress %",
    "Expected %",
    "Status",
    "Reason",
    "Trend",
)


def flat_table(plans: Sequence[PlanProgress]) -> Table:
    return Table("Progress", FLAT_COLUMNS, list(flat_rows(plans)))


def flat_rows(plans: Iterable[PlanProgress]) -> Iterator[list[object]]:
    for plan in plans:
        head: list[object] = [
            plan.plan_id,
            plan.coachee,
            plan.coach,
            plan.sponsor,
            plan.kind,
            plan.plan_status,
            percent_of(plan.window_elapsed),
            plan.status,
        ]
        for goal in plan.goals:
            milestone = goal.next_milestone
            goal_cells: list[object] = [
                goal.id,
                goal.due,
                goal.status,
                milestone.id if milestone else None,
                milestone.due if milestone else None,
            ]
            for metric in goal.metrics or [None]:
                if metric is None:
                    yield [*head, *goal_cells] + [None] * 14
                    continue
                yield (
                    [
                        *head,
                        *goal_cells,
                        metric.id,
                        metric.description,
                        metric.unit,
                        metric.direction,
                        metric.baseline,
                        metric.target,
                        metric.minimum,
                        metric.latest,
                        metric.latest_date,
                        percent_of(metric.progress),
                        percent_of(metric.expected),
                        metric.status,
                        metric.reason,
                        " ".join(number(p.value) for p in metric.series),
                    ]
                )


def view(plans: Sequence[PlanProgress], as_of: date, *, charts: bool = True) -> ReportView:
    def document() -> Document:
        blocks: list[Block] = [Para(summary(plans)), Para(RULE)]
        for plan in plans:
            blocks += plan_blocks(plan, as_of, charts=charts)
        return Document(f"Progress on {as_of}", blocks)

    return ReportView(
        make_document=document,
        make_flat=lambda: flat_table(plans),
        data={"report": "progress", "as_of": as_of, "plans": list(plans)},
    )


def stream(plans: Iterable[PlanProgress], as_of: date, output_format: str) -> Iterator[str]:
    """json or csv, written plan by plan as `plans` come in (in plan-id order): what
    `view` gives in those formats, without holding every plan's rows."""
    if output_format == "json":
        yield from iter_data({"report": "progress", "as_of": as_of, "plans": plans})
    else:
        yield from iter_csv_rows(FLAT_COLUMNS, flat_rows(plans))
