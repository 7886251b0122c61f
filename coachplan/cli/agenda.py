"""`coachplan agenda`: what is already due, and what comes due in the next days."""

from __future__ import annotations

import functools
import os
from datetime import date
from typing import Annotated

import typer

from coachplan.cli.common import KindFilter, SponsorFilter, StatusFilter, Wide, finish, map_plans
from coachplan.cli.options import parse_date
from coachplan.cli.reports import AsOf, OutputFile, ReportFormat, chosen, emit_view

COACH_VARIABLE = "COACHPLAN_COACH"


def agenda(
    coach: Annotated[
        list[str] | None,
        typer.Option(
            "--coach",
            metavar="NAME",
            help=f"Only plans of this coach (repeatable); default ${COACH_VARIABLE} when set.",
            show_default=False,
        ),
    ] = None,
    days: Annotated[
        int,
        typer.Option("--days", metavar="N", min=1, max=366, help="How many days, from --as-of."),
    ] = 7,
    sponsor: SponsorFilter = None,
    kind: KindFilter = None,
    status: StatusFilter = None,
    output_format: ReportFormat = "table",
    as_of: AsOf = None,
    output_file: OutputFile = None,
    wide: Wide = False,
) -> None:
    """What is coming up: check-ins due by cadence, milestones and actions coming due, day
    by day, after everything already due.

    Already due comes first: overdue items, and check-ins within their grace days, with
    the days over. Only active plans have anything due; the dates are those of `coachplan
    report overdue` and the calendar export.

    Example: coachplan agenda --coach "Team lead T1" --days 14
    """
    from coachplan.core.dates import add_days
    from coachplan.render.agenda_report import view
    from coachplan.reports.agenda import order, plan_agenda

    day = parse_date(as_of, "--as-of")
    if coach is None and os.environ.get(COACH_VARIABLE, "").strip():
        coach = [os.environ[COACH_VARIABLE].strip()]
    workspace, filters = chosen(coach, sponsor, kind, status, output_format)
    until = add_days(day, days - 1) or date.max
    grace = workspace.settings.thresholds.grace_days
    # Each plan's agenda is worked out where the plan is loaded (coachplan.engine.bulk).
    found, failed = map_plans(
        workspace,
        functools.partial(plan_agenda, as_of=day, until=until, grace_days=grace),
        filters,
    )
    items = order([item for plan_items in found for item in plan_items])
    emit_view(view(items, day, until, grace, coach or ()), output_format, output_file, wide=wide)
    finish(failed)


def register(app: typer.Typer) -> None:
    app.command(rich_help_panel="Reports")(agenda)
