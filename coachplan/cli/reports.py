"""Report commands (`coachplan report progress|overdue|coaches|gaps`) and `coachplan export`."""

from __future__ import annotations

import functools
import itertools
import sys
from collections.abc import Iterable
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from coachplan.cli import output
from coachplan.cli.common import (
    CoachFilter,
    KindFilter,
    PlanRows,
    Skipped,
    SponsorFilter,
    StatusFilter,
    Wide,
    finish,
    load_one,
    make_filters,
    map_plans,
)
from coachplan.cli.completion import groupings
from coachplan.cli.options import choose, parse_date, workspace_here

if TYPE_CHECKING:
    from coachplan.cli.common import Filters
    from coachplan.core.model import Plan
    from coachplan.files.workspace import Workspace
    from coachplan.render.document import Layout
    from coachplan.render.ics import EventText, TooManyEvents
    from coachplan.render.reports import ReportView
    from coachplan.reports.gaps import SkillGap

ReportFormat = Annotated[
    str, typer.Option("--format", "-f", help="table, json, csv, markdown or html.")
]
AsOf = Annotated[
    str | None,
    typer.Option(
        "--as-of", metavar="DATE", help="Report as on this date (YYYY-MM-DD); default today."
    ),
]
OutputFile = Annotated[
    Path | None,
    typer.Option("--output", "-o", help="Write to this file (atomically) instead of stdout."),
]

report_app = typer.Typer(
    name="report",
    help="Reports on progress, overdue check-ins, coach accountability, skill gaps and outcomes.",
    no_args_is_help=True,
    context_settings={"help_option_names": ["-h", "--help"]},
)


def emit(text: str | Iterable[str], output_file: Path | None) -> None:
    """Print the result as it is produced, or write it whole to a file (a crash leaves the
    old file)."""
    if output_file is None:
        output.write_pieces([text] if isinstance(text, str) else text)
        return
    from coachplan.files.store import write_atomic

    write_atomic(output_file, text)
    output.info(f"wrote {output_file}")


def document_layout(output_format: str, output_file: Path | None, *, wide: bool) -> Layout:
    """How a report is laid out: fitted to the terminal on one, whole on a pipe or in a file."""
    from coachplan.render.document import Layout

    width = None if output_file is not None else output.layout_width(sys.stdout)
    color = output_file is None and output.use_color(sys.stdout)
    return Layout(output_format, width is not None, color, width, wide)


def emit_view(
    view: ReportView, output_format: str, output_file: Path | None, *, wide: bool = False
) -> None:
    """A report on stdout (fitted to the terminal, whole on a pipe) or whole in a file;
    json and csv written as they are produced."""
    from coachplan.render.reports import iter_view

    layout = document_layout(output_format, output_file, wide=wide)
    pieces = iter_view(
        view,
        output_format,
        terminal=layout.terminal,
        color=layout.color,
        width=layout.width,
        wide=wide,
    )
    emit(pieces, output_file)


def chosen(
    coach: list[str] | None,
    sponsor: list[str] | None,
    kind: list[str] | None,
    status: list[str] | None,
    output_format: str,
) -> tuple[Workspace, Filters]:
    """The workspace and the filters, once the format is known to be one of the reports'."""
    from coachplan.render.reports import REPORT_FORMATS

    choose(output_format, REPORT_FORMATS, "--format")
    return workspace_here(), make_filters(coach, sponsor, kind, status)


def _first_plan_id(gaps: list[SkillGap]) -> str:
    return gaps[0].plan_id if gaps else ""


@report_app.command("progress")
def progress(
    coach: CoachFilter = None,
    sponsor: SponsorFilter = None,
    kind: KindFilter = None,
    status: StatusFilter = None,
    output_format: ReportFormat = "table",
    as_of: AsOf = None,
    output_file: OutputFile = None,
    wide: Wide = False,
) -> None:
    """Progress of each plan and goal: each metric from baseline to target, the share of
    time gone, and a status of on track, at risk or behind (docs/reports.md).

    Example: coachplan report progress --status active --format html -o progress.html
    """
    from coachplan.render.progress_report import plan_output, plan_section, stream

    day = parse_date(as_of, "--as-of")
    workspace, filters = chosen(coach, sponsor, kind, status, output_format)
    # Each plan's progress is worked out, and written, where the plan is loaded
    # (coachplan.engine.bulk): json and csv go out plan by plan as the text comes in, in
    # plan-id order; the documents' sections are held aside until the summary on top is
    # known. No plan's rows travel or stay in memory.
    if output_format in ("json", "csv"):
        work = functools.partial(plan_output, as_of=day, output_format=output_format)
        rows = PlanRows(workspace, work, filters)
        emit(stream(rows, day, output_format), output_file)
        finish(rows.failed)
        return
    layout = document_layout(output_format, output_file, wide=wide)
    sections = PlanRows(
        workspace, functools.partial(plan_section, as_of=day, layout=layout), filters
    )
    with output.Spool() as spool:
        statuses = []
        for section in sections:
            statuses.append(section.status)
            spool.write(section.text)
        emit(progress_document(statuses, day, layout, spool.pieces()), output_file)
    finish(sections.failed)


def progress_document(
    statuses: list[str | None], day: date, layout: Layout, sections: Iterable[str]
) -> Iterable[str]:
    from coachplan.render.document import iter_document
    from coachplan.render.progress_report import head

    return iter_document(
        head(statuses, day),
        layout.output_format,
        terminal=layout.terminal,
        color=layout.color,
        width=layout.width,
        wide=layout.wide,
        sections=sections,
    )


@report_app.command("overdue")
def overdue(
    coach: CoachFilter = None,
    sponsor: SponsorFilter = None,
    kind: KindFilter = None,
    status: StatusFilter = None,
    output_format: ReportFormat = "table",
    as_of: AsOf = None,
    output_file: OutputFile = None,
    wide: Wide = False,
    fail_on_overdue: Annotated[
        bool,
        typer.Option("--fail-on-overdue", help="Exit 1 when anything is overdue (for CI)."),
    ] = False,
) -> None:
    """Check-ins overdue by cadence (with how many were missed), and milestones and actions
    past due, grouped by coach. Only active plans have anything overdue.

    Example: coachplan report overdue --fail-on-overdue
    """
    from coachplan.render.overdue_report import view
    from coachplan.reports.overdue import in_order, overdue_of

    day = parse_date(as_of, "--as-of")
    workspace, filters = chosen(coach, sponsor, kind, status, output_format)
    grace = workspace.settings.thresholds.grace_days
    # Each plan's items are worked out where the plan is loaded (coachplan.engine.bulk).
    work = functools.partial(
        overdue_of, as_of=day, grace_days=grace, charts=output_format == "html"
    )
    found, failed = map_plans(workspace, work, filters)
    items = in_order(i for plan in found for i in plan.items)
    cadences = {plan.plan_id: plan.cadence for plan in found if plan.cadence is not None}
    emit_view(view(items, cadences, day, grace), output_format, output_file, wide=wide)
    finish(failed)
    if items and fail_on_overdue:
        raise typer.Exit(1)


@report_app.command("coaches")
def coaches(
    coach: CoachFilter = None,
    sponsor: SponsorFilter = None,
    kind: KindFilter = None,
    status: StatusFilter = None,
    output_format: ReportFormat = "table",
    as_of: AsOf = None,
    since: Annotated[
        str | None,
        typer.Option(
            "--since", metavar="DATE", help="Start of the period; default 28 days before --as-of."
        ),
    ] = None,
    all_coaches: Annotated[
        bool,
        typer.Option("--all-coaches", help="Also list coaches with no plan active in the period."),
    ] = False,
    output_file: OutputFile = None,
    wide: Wide = False,
) -> None:
    """Coaching accountability per coach, grouped by sponsor: plans active in the period,
    check-ins held against expected, on-cadence share, average session rating, overdue
    items, and the recommended rhythm of the coach's one-on-one with their sponsor.

    Example: coachplan report coaches --sponsor "Floor manager F1" --since 2026-10-01
    """
    from coachplan.core.dates import add_days
    from coachplan.core.errors import UsageError
    from coachplan.render.coaches_report import view
    from coachplan.reports.coaches import coaches_of, plan_share

    day = parse_date(as_of, "--as-of")
    start = parse_date(since, "--since", default=add_days(day, -28) or date.min)
    if start >= day:
        raise UsageError(f"--since {start} is not before --as-of {day}")
    workspace, filters = chosen(coach, sponsor, kind, status, output_format)
    thresholds = workspace.settings.thresholds
    grace, weekly = thresholds.grace_days, thresholds.weekly_below
    # Each plan's share of its coach's row is worked out where the plan is loaded.
    work = functools.partial(
        plan_share, since=start, as_of=day, grace_days=grace, charts=output_format == "html"
    )
    shares, failed = map_plans(workspace, work, filters)
    rows = coaches_of(shares, weekly)
    shown = view(rows, shares, start, day, grace, all_coaches=all_coaches, weekly_below=weekly)
    emit_view(shown, output_format, output_file, wide=wide)
    finish(failed)


@report_app.command("gaps")
def gaps(
    coach: CoachFilter = None,
    sponsor: SponsorFilter = None,
    kind: KindFilter = None,
    status: StatusFilter = None,
    output_format: ReportFormat = "table",
    as_of: AsOf = None,
    by: Annotated[
        str,
        typer.Option(
            "--by",
            metavar="plan|skill",
            help="plan (each plan's skills) or skill (training needs).",
        ),
    ] = "plan",
    output_file: OutputFile = None,
    wide: Wide = False,
) -> None:
    """Skill gaps (target minus level) per plan with the change re-assessments show; --by
    skill adds them up across plans, checked against the competency framework.

    Example: coachplan report gaps --by skill --format csv
    """
    from coachplan.render.gaps_report import by_plan_view, by_skill_view
    from coachplan.reports.gaps import needs_by_skill, plan_gaps

    choose(by, ("plan", "skill"), "--by")
    day = parse_date(as_of, "--as-of")
    workspace, filters = chosen(coach, sponsor, kind, status, output_format)
    settings = workspace.settings
    framework = set(settings.competencies) or None
    # Each plan's gaps are worked out where the plan is loaded (coachplan.engine.bulk).
    per_plan, failed = map_plans(
        workspace, functools.partial(plan_gaps, as_of=day, framework=framework), filters
    )
    found = [gap for gaps in sorted(per_plan, key=_first_plan_id) for gap in gaps]
    if by == "skill":
        result = by_skill_view(needs_by_skill(found, framework), day, framework)
    else:
        scale = (settings.scale.min, settings.scale.max)
        result = by_plan_view(found, day, framework, scale)
    emit_view(result, output_format, output_file, wide=wide)
    finish(failed)


@report_app.command("outcomes")
def outcomes(
    coach: CoachFilter = None,
    sponsor: SponsorFilter = None,
    kind: KindFilter = None,
    status: StatusFilter = None,
    output_format: ReportFormat = "table",
    as_of: AsOf = None,
    since: Annotated[
        str | None,
        typer.Option(
            "--since",
            metavar="DATE",
            help="First day of the period; default 12 months before --until.",
        ),
    ] = None,
    until: Annotated[
        str | None,
        typer.Option("--until", metavar="DATE", help="Last day of the period; default --as-of."),
    ] = None,
    by: Annotated[
        str,
        typer.Option(
            "--by",
            help="kind, coach, sponsor or skill: how plans are grouped.",
            autocompletion=groupings,
        ),
    ] = "kind",
    output_file: OutputFile = None,
    wide: Wide = False,
) -> None:
    """What coaching achieved, over the plans closed in a period: outcomes, goal attainment
    (with a GAS T-score), skills before and after, and coaching effort, per group.

    Rates and means over plans need at least 3 plans in a group, mean ratings 3 ratings, and
    pips are named only --by coach (docs/reports.md).

    Example: coachplan report outcomes --by coach --since 2026-01-01 --format html -o out.html
    """
    from coachplan.core.errors import UsageError
    from coachplan.render.outcomes_report import view
    from coachplan.reports.outcomes import GROUPINGS, outcomes_report, plan_outcome

    choose(by, GROUPINGS, "--by")
    day = parse_date(as_of, "--as-of")
    last = parse_date(until, "--until", default=day)
    if last > day:
        raise UsageError(
            f"--until {last} is after --as-of {day}", hint="records after it are not known yet"
        )
    first = parse_date(since, "--since", default=year_before(last))
    if first > last:
        raise UsageError(f"--since {first} is after --until {last}")
    workspace, filters = chosen(coach, sponsor, kind, status, output_format)
    # Each plan is reduced to a small row where it is loaded (coachplan.engine.bulk).
    rows, failed = map_plans(
        workspace, functools.partial(plan_outcome, since=first, until=last), filters
    )
    report = outcomes_report([row for row in rows if row is not None], by)
    scale = (workspace.settings.scale.min, workspace.settings.scale.max)
    result = view(report, first, last, day, scale, charts_too=output_format == "html")
    emit_view(result, output_format, output_file, wide=wide)
    finish(failed)


def year_before(day: date) -> date:
    """The first day of the twelve months that end on `day`."""
    from coachplan.core.dates import add_days

    try:
        earlier = day.replace(year=day.year - 1)
    except ValueError:  # 29 February
        earlier = day.replace(year=day.year - 1, day=28)
    except OverflowError:
        return date.min
    return add_days(earlier, 1) or earlier


EXPORT_FORMATS = ("ics", "json", "markdown", "html", "sqlite", "jsonl")
DATASETS = ("sqlite", "jsonl")


def export(
    plan: Annotated[
        str | None,
        typer.Argument(
            metavar="PLAN", help="A plan id or a path to a plan file.", show_default=False
        ),
    ] = None,
    all_plans: Annotated[
        bool,
        typer.Option(
            "--all", help="Every plan (ics; implied by sqlite and jsonl); the filters apply."
        ),
    ] = False,
    output_format: Annotated[
        str,
        typer.Option(
            "--format",
            "-f",
            metavar="FORMAT",
            help="ics, json, markdown or html; sqlite or jsonl: every plan as a dataset "
            "(docs/analytics.md).",
        ),
    ] = "ics",
    coach: CoachFilter = None,
    sponsor: SponsorFilter = None,
    kind: KindFilter = None,
    status: StatusFilter = None,
    as_of: AsOf = None,
    until: Annotated[
        str | None,
        typer.Option(
            "--until",
            metavar="DATE",
            help="ics: events up to this date; default the plan's end, at most a year ahead.",
        ),
    ] = None,
    since: Annotated[
        str | None,
        typer.Option(
            "--since",
            metavar="DATE",
            help="sqlite: the start of report_coaches' period; default 28 days before --as-of.",
        ),
    ] = None,
    reports: Annotated[
        bool,
        typer.Option(
            "--reports/--no-reports",
            help="sqlite: fill the report tables (progress, overdue, coaches) for --as-of.",
        ),
    ] = True,
    redact: Annotated[
        bool,
        typer.Option(
            "--redact",
            help="sqlite, jsonl: leave out free text (notes, comments, next steps, "
            "summaries, evidence ...).",
        ),
    ] = False,
    pseudonymize: Annotated[
        bool,
        typer.Option(
            "--pseudonymize",
            help="sqlite, jsonl: replace names and plan ids with keyed hashes (key in "
            "COACHPLAN_PSEUDONYM_KEY).",
        ),
    ] = False,
    output_file: OutputFile = None,
) -> None:
    """Export a calendar (ics) of the next check-ins and milestones, one plan as json,
    Markdown or a printable HTML page, or every plan as data (sqlite, jsonl).

    Calendar events keep stable ids: importing a newer export updates the events of an older
    one instead of adding copies. The SQLite database (for SQL, Datasette, DuckDB) has a
    table per part of a plan and the report tables for --as-of; JSON lines are one plan a
    line. docs/analytics.md describes both.

    Example: coachplan export --all --coach "Team lead T1" --output checkins.ics
    """
    from coachplan.core.errors import UsageError

    choose(output_format, EXPORT_FORMATS, "--format")
    dataset = output_format in DATASETS
    _only_for(output_format, redact=redact, pseudonymize=pseudonymize, since=since, reports=reports)
    if dataset and plan is not None:
        raise UsageError(
            f"--format {output_format} exports every plan the filters select: give no PLAN",
            hint="choose plans with --coach, --sponsor, --kind and --status",
        )
    if not dataset and (plan is None) == (not all_plans):
        raise UsageError("give a PLAN or --all, not both" if plan else "give a PLAN or --all")
    if all_plans and output_format not in ("ics", *DATASETS):
        raise UsageError(f"--all exports a calendar; --format {output_format} takes one PLAN")
    if dataset:
        from coachplan.cli.dataset import DatasetRequest, export_dataset, refuse_terminal
        from coachplan.core.dates import add_days

        if output_format == "sqlite" and output_file is None:
            refuse_terminal(output_format)
        day = parse_date(as_of, "--as-of")
        start = parse_date(since, "--since", default=add_days(day, -28) or date.min)
        if reports and start >= day:
            raise UsageError(f"--since {start} is not before --as-of {day}")
        request = DatasetRequest(
            output_format,
            make_filters(coach, sponsor, kind, status),
            day,
            start,
            reports,
            redact,
            pseudonymize,
            output_file,
        )
        export_dataset(workspace_here(), request)
        return
    day = parse_date(as_of, "--as-of")
    last_day = parse_date(until, "--until") if until else None
    workspace = workspace_here()
    if output_format == "ics":
        work = functools.partial(_calendar_of, as_of=day, until=last_day)
        if plan is not None:
            path, one = load_one(workspace, plan)
            rows: Iterable[Any] = [work(path.stem, one)]
            failed, name = Skipped(), f"coachplan: {path.stem}"
        else:
            # Each plan's events are worked out, and written as iCalendar text, where the
            # plan is loaded (coachplan.engine.bulk): only the text travels back.
            filters = make_filters(coach, sponsor, kind, status)
            rows = PlanRows(workspace, work, filters)
            name = "coachplan check-ins"
        export_calendar(rows, name, output_file, day, last_day, one=plan is not None)
        if isinstance(rows, PlanRows):
            failed = rows.failed
        finish(failed)
        return
    path, one = load_one(workspace, plan or "")
    emit(render_plan(path.stem, one, day, output_format, workspace), output_file)


def export_calendar(
    rows: Iterable[tuple[str, str, list[EventText] | TooManyEvents]],
    name: str,
    output_file: Path | None,
    as_of: date,
    until: date | None,
    *,
    one: bool,
) -> None:
    """One calendar of every plan's events, by day: each event's text waits in a spool
    and only its place in the calendar stays in memory; nothing is written if the
    calendar would be too large, or if it would have no event (RFC 5545 needs a
    component: an empty calendar is not a calendar file), which is said instead."""
    from array import array

    from coachplan.render.ics import TooManyEvents, calendar_frame, event_rank
    from coachplan.reports.calendar import MAX_EVENTS, MAX_PLAN_EVENTS, too_many_events

    ranks = array("q")
    statuses: dict[str, str] = {}  # to say why, if no plan has an event
    with output.Spool() as spool:
        for plan_number, (plan_id, plan_status, row) in enumerate(rows):
            statuses[plan_id] = plan_status
            if isinstance(row, TooManyEvents):
                raise too_many_events(MAX_PLAN_EVENTS, row.plan_id)
            if len(spool) + len(row) > MAX_EVENTS:  # refused as soon as it is too many
                raise too_many_events(MAX_EVENTS)
            for number, (day, text) in enumerate(row):
                ranks.append(event_rank(day, plan_number, number))
                spool.write(text)
        if not ranks:
            from coachplan.reports.calendar import why_no_events

            why = why_no_events(statuses, as_of, until, one=one)
            output.info(f"nothing to export: {why}" + ("; nothing written" if output_file else ""))
            return
        head, end = calendar_frame(name)
        order = sorted(range(len(ranks)), key=ranks.__getitem__)
        emit(itertools.chain([head], spool.pieces(order), [end]), output_file)


def _calendar_of(
    plan_id: str, plan: Plan, as_of: date, until: date | None
) -> tuple[str, str, list[EventText] | TooManyEvents]:
    """A plan's calendar events as text, with its id and status (to say why a calendar is
    empty); computed where the plan is loaded."""
    from coachplan.render.ics import render_plan_events

    return plan_id, plan.status, render_plan_events(plan_id, plan, as_of, until)


def _only_for(
    output_format: str, *, redact: bool, pseudonymize: bool, since: str | None, reports: bool
) -> None:
    """Refuse the options of the dataset formats with the other formats."""
    from coachplan.core.errors import UsageError

    for name, used, formats in (
        ("--redact", redact, DATASETS),
        ("--pseudonymize", pseudonymize, DATASETS),
        ("--since", since is not None, ("sqlite",)),
        ("--no-reports", not reports, ("sqlite",)),
    ):
        if used and output_format not in formats:
            raise UsageError(
                f"{name} goes with --format {' or '.join(formats)}, not {output_format}"
            )


def render_plan(
    plan_id: str, plan: Plan, as_of: date, output_format: str, workspace: Workspace
) -> str:
    """One plan as json, markdown or html (shared by `show` and `export`)."""
    from coachplan.render.document import render_document
    from coachplan.render.plan_doc import plan_document
    from coachplan.render.plan_text import render_plan_json

    if output_format == "json":
        return render_plan_json(plan_id, plan, as_of)
    settings = workspace.settings
    document = plan_document(
        plan_id,
        plan,
        as_of,
        grace_days=settings.thresholds.grace_days,
        scale=(settings.scale.min, settings.scale.max),
        framework=set(settings.competencies) or None,
    )
    return render_document(document, output_format, terminal=False, color=False)


def register(app: typer.Typer) -> None:
    app.add_typer(report_app, name="report", rich_help_panel="Reports")
    app.command(rich_help_panel="Reports")(export)
