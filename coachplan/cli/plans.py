"""Workspace and plan commands: init, new, list, show."""

from __future__ import annotations

import contextlib
import functools
import sys
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from coachplan.cli import output
from coachplan.cli.common import (
    CoachFilter,
    KindFilter,
    SponsorFilter,
    StatusFilter,
    TableFormat,
    Wide,
    emit_table,
    finish,
    load_one,
    make_filters,
    map_plans,
)
from coachplan.cli.completion import plan_ids
from coachplan.cli.options import choose, parse_date, workspace_here

if TYPE_CHECKING:
    from coachplan.core.model import Plan
    from coachplan.files.workspace import Workspace

SCHEMA_FILE = "plan.schema.json"

SETTINGS_TEMPLATE = """\
# coachplan workspace settings. Every key is optional; see docs/configuration.md.

# Where plan files live, relative to this file.
plans_dir = "{plans_dir}"

# Cadence of new plans: weekly, fortnightly, monthly or "<N> days".
checkin_every = "fortnightly"

{schema_line}

# [scale]          # the skill-level scale of baselines and assessments
# min = 1
# max = 5

# [rules]
# ignore = ["S206"]                          # rule codes or prefixes to skip
# severity = {{ R104 = "error" }}              # raise or lower a rule's severity
# per_path_ignores = {{ "plans/legacy-*.toml" = ["S"] }}

# [thresholds]
# pip_max_days = 90
# max_goals = 5
# grace_days = 2
# record_grace_days = 14
"""


def init(
    directory: Annotated[Path, typer.Argument(help="Where to create the workspace.")] = Path(),
    plans_dir: Annotated[
        str, typer.Option("--plans-dir", help="Name of the plans directory.")
    ] = "plans",
    schema: Annotated[
        bool,
        typer.Option(
            "--schema",
            help=f"Also write {SCHEMA_FILE} for editors, and have `coachplan new` start "
            "plans with a `#:schema` line pointing at it.",
        ),
    ] = False,
) -> None:
    """Create coachplan.toml and a plans directory.

    An existing coachplan.toml is left as it is.

    Example: coachplan init team-plans --schema
    """
    if Path(plans_dir).is_absolute() or ".." in Path(plans_dir).parts:
        from coachplan.core.errors import UsageError

        raise UsageError(f"--plans-dir: {plans_dir!r} must be a directory inside the workspace")
    made: list[Path] = []  # what this run created, removed again if it fails
    try:
        _init(directory, plans_dir, schema, made)
    except BaseException:
        for created in reversed(made):
            with contextlib.suppress(OSError):
                created.rmdir() if created.is_dir() else created.unlink()
        raise


def _init(directory: Path, plans_dir: str, schema: bool, made: list[Path]) -> None:
    from coachplan.core.settings import SETTINGS_FILE
    from coachplan.files.store import write_atomic
    from coachplan.files.workspace import load_settings

    _make_directory(directory, made)
    settings_file = directory / SETTINGS_FILE
    if settings_file.exists():
        settings = load_settings(settings_file)
        plans = directory / settings.plans_dir
        output.info(f"{settings_file} already exists; left unchanged")
    else:
        schema_line = (
            f"# JSON Schema that new plans point editors to (a `#:schema` first line).\n"
            f'schema = "{SCHEMA_FILE}"'
            if schema
            else f'# schema = "{SCHEMA_FILE}"   # new plans get a `#:schema` line for editors'
        )
        write_atomic(
            settings_file,
            SETTINGS_TEMPLATE.format(plans_dir=plans_dir, schema_line=schema_line),
        )
        made.append(settings_file)
        plans = directory / plans_dir
    if not plans.is_dir():
        _make_directory(plans, made)
    if schema:
        from coachplan.core.schema import plan_schema_text

        schema_file = directory / SCHEMA_FILE
        existed = schema_file.exists()
        write_atomic(schema_file, plan_schema_text())
        if not existed:
            made.append(schema_file)
    # Said only once everything is in place: a failed init reports its error alone.
    if settings_file in made:
        output.info(f"created {settings_file}")
    if plans in made:
        output.info(f"created {plans}/")
    if schema:
        output.info(f"wrote {directory / SCHEMA_FILE}")
        if load_settings(settings_file).schema_ is None:
            output.info(
                f'add `schema = "{SCHEMA_FILE}"` to {settings_file} for new plans to use it'
            )


def _make_directory(directory: Path, made: list[Path]) -> None:
    """Create `directory` and its missing parents, noting each in `made`; refuse a path
    that is a file, or a directory the system will not create, in one line."""
    from coachplan.core.errors import RefusedWrite

    missing: list[Path] = []
    here = directory
    while not here.exists() and not here.is_symlink() and here != here.parent:
        missing.append(here)
        here = here.parent
    if not here.is_dir():
        raise RefusedWrite(
            "is a file, not a directory", where=str(here), hint="choose another directory"
        )
    for path in reversed(missing):
        try:
            path.mkdir()
        except FileExistsError:
            if not path.is_dir():
                raise RefusedWrite("is a file, not a directory", where=str(path)) from None
            continue
        except OSError as exc:
            raise RefusedWrite(
                f"cannot create the directory: {exc.strerror}", where=str(path)
            ) from None
        made.append(path)


def new(
    plan_id: Annotated[
        str,
        typer.Argument(
            metavar="ID", help="The plan id, e.g. agent-2291; the file is plans/ID.toml."
        ),
    ],
    coachee: Annotated[
        str | None,
        typer.Option("--coachee", help="The person being coached."),
    ] = None,
    coach: Annotated[
        str | None,
        typer.Option("--coach", help="The coach or mentor."),
    ] = None,
    kind: Annotated[
        str | None,
        typer.Option("--kind", help="coaching, mentoring, leadership, onboarding, career or pip."),
    ] = None,
    template: Annotated[
        str | None,
        typer.Option(
            "--template",
            help="Goals to start from: blank, or a kind's typical goals; default: the kind's.",
        ),
    ] = None,
    title: Annotated[
        str | None,
        typer.Option("--title", help="One line; default from the kind."),
    ] = None,
    sponsor: Annotated[
        str | None,
        typer.Option("--sponsor", help="Who holds the coach accountable."),
    ] = None,
    start: Annotated[
        str | None,
        typer.Option("--start", metavar="DATE", help="First day; default today."),
    ] = None,
    end: Annotated[
        str | None,
        typer.Option("--end", metavar="DATE", help="Last day."),
    ] = None,
    weeks: Annotated[
        int | None,
        typer.Option(
            "--weeks",
            min=1,
            max=520,
            help="Length in weeks instead of --end; default by kind "
            "(pip 8, onboarding 13, coaching 12, others 26).",
        ),
    ] = None,
    cadence: Annotated[
        str | None,
        typer.Option("--cadence", help='Check-ins: weekly, fortnightly, monthly or "<N> days".'),
    ] = None,
    schema: Annotated[
        str | None,
        typer.Option(
            "--schema",
            metavar="PATH|URL",
            help="Start the file with a `#:schema` line for editors (Even Better TOML, "
            "taplo) pointing at this JSON Schema; default: the workspace's `schema` setting.",
        ),
    ] = None,
    no_schema: Annotated[
        bool, typer.Option("--no-schema", help="No `#:schema` line, whatever the settings say.")
    ] = False,
    no_input: Annotated[
        bool,
        typer.Option("--no-input", help="Never prompt; fail if something required is missing."),
    ] = False,
) -> None:
    """Write a new draft plan, plans/ID.toml, from a template.

    On a terminal, asks for what is missing; --no-input never asks.

    Example: coachplan new agent-2291 --coachee "Agent 2291" --coach "Team lead T1"
    --kind leadership --start 2026-09-01 --weeks 26
    """
    from coachplan.core.errors import RefusedWrite, UsageError
    from coachplan.core.model import PLAN_KINDS, cadence_days
    from coachplan.core.templates import (
        DEFAULT_WEEKS,
        TEMPLATES,
        TITLES,
        default_end,
        new_plan_data,
    )
    from coachplan.engine.writing import write_new_plan
    from coachplan.files.loader import display_path

    workspace = workspace_here()
    path = workspace.plan_path(plan_id)
    if path.exists():
        raise RefusedWrite(
            "already exists",
            where=str(path),
            hint="choose another id, or edit it with `coachplan edit`",
        )
    from coachplan.cli import prompts
    from coachplan.cli.editing import interactive as asking

    interactive = asking(no_input)
    coachee = prompts.ask(
        coachee,
        "Coachee (the person being coached)",
        "--coachee",
        asking=interactive,
        parse=prompts.one_line,
    )
    coach = prompts.ask(coach, "Coach", "--coach", asking=interactive, parse=prompts.one_line)
    if template is not None:
        choose(template, TEMPLATES, "--template")
    # A kind's template implies the kind: `--template pip` is a pip, not a coaching plan.
    kind = kind or (template if template in PLAN_KINDS else None)
    kind = prompts.ask(
        kind,
        "Kind (" + ", ".join(PLAN_KINDS) + ")",
        "--kind",
        asking=interactive,
        parse=prompts.one_of(PLAN_KINDS, "a kind of plan"),
    )
    if kind == "pip" and not sponsor and interactive:
        sponsor = prompts.prompt("Sponsor (a pip needs one)", prompts.one_line, required=False)
    template = template or kind
    choose(template, TEMPLATES, "--template")
    title = title or TITLES[kind].format(coachee=coachee)
    title = prompts.option(title, "--title", prompts.one_line)
    if sponsor is not None:
        sponsor = prompts.option(sponsor, "--sponsor", prompts.one_line)
    cadence = cadence or workspace.settings.checkin_every
    if cadence_days(cadence) is None:
        raise UsageError(
            f"--cadence: {cadence!r} is not a cadence",
            hint='use weekly, fortnightly, monthly or "<N> days"',
        )
    if end and weeks:
        raise UsageError("give --end or --weeks, not both")
    first_day = parse_date(start, "--start")
    last_day = parse_date(end, "--end") if end else default_end(kind, first_day, weeks)
    if last_day is None:
        raise UsageError(
            f"--start {first_day}: a window of {weeks or DEFAULT_WEEKS[kind]} weeks would end "
            "after 9999-12-31",
            hint="give an earlier --start, fewer --weeks or an --end",
        )
    if last_day <= first_day:
        raise UsageError(f"--end {last_day} is not after --start {first_day}")
    data = new_plan_data(
        kind=kind,
        template=template,
        title=title,
        coachee=coachee,
        coach=coach,
        sponsor=sponsor,
        start=first_day,
        end=last_day,
        cadence=cadence,
    )
    if not workspace.plans_dir.is_dir():
        workspace.plans_dir.mkdir(parents=True)
        output.info(f"created {workspace.plans_dir}/")
    write_new_plan(path, data, directives=_schema_line(workspace, schema, no_schema))
    output.info(f"created {display_path(path)} ({kind}, draft, {first_day} to {last_day})")
    if template != "blank":
        output.info(
            "fill in the <placeholders>, then `coachplan validate` and `coachplan "
            f"status {plan_id} active`"
        )


def _schema_line(workspace: Workspace, schema: str | None, no_schema: bool) -> str:
    """The `#:schema` line of a new plan: from --schema (relative to here) or the settings."""
    from coachplan.files.directives import is_url, schema_directive, schema_target

    if no_schema:
        return ""
    if schema is not None:
        base = Path.cwd()
    elif workspace.settings.schema_ is not None:
        schema, base = workspace.settings.schema_, workspace.root
    else:
        return ""
    if not is_url(schema) and not (base / schema).is_file():
        output.warning(
            f"{schema} does not exist yet; `coachplan schema --output {schema}` writes it"
        )
    return schema_directive(schema_target(schema, workspace.plans_dir, base))


def list_plans(
    coach: CoachFilter = None,
    sponsor: SponsorFilter = None,
    kind: KindFilter = None,
    status: StatusFilter = None,
    output_format: TableFormat = "table",
    as_of: Annotated[
        str | None,
        typer.Option(
            "--as-of", metavar="DATE", help="Check-ins as on this date (YYYY-MM-DD); default today."
        ),
    ] = None,
    wide: Wide = False,
) -> None:
    """List the plans: id, coachee, coach, kind, status, outcome, window and check-ins.

    The next check-in is due by the plan's cadence (as in `coachplan report overdue`);
    only active plans have one. The outcome is a closed plan's (`coachplan close`), or
    `extended` for a pip given more time.

    Example: coachplan list --status completed --format csv
    """
    from coachplan.render.table import Table

    workspace = workspace_here()
    day = parse_date(as_of, "--as-of")
    row = functools.partial(
        list_row, as_of=day, grace_days=workspace.settings.thresholds.grace_days
    )
    # Only the rows travel back from where plans are loaded (10,000 plans as models would
    # take 400 MB; their rows take a few).
    rows, failed = map_plans(workspace, row, make_filters(coach, sponsor, kind, status))
    emit_table(
        Table(
            "Plans",
            LIST_COLUMNS,
            sorted(rows, key=lambda row: str(row[0])),
            keys=LIST_KEYS,
            drop=LIST_DROPPED,
            text=("Coachee", "Coach", "Sponsor"),
        ),
        output_format,
        wide=wide,
    )
    finish(failed)


LIST_COLUMNS = (
    "ID",
    "Coachee",
    "Coach",
    "Sponsor",
    "Kind",
    "Status",
    "Outcome",
    "Start",
    "End",
    "Last check-in",
    "Next check-in",
)
LIST_KEYS = (
    "id",
    "coachee",
    "coach",
    "sponsor",
    "kind",
    "status",
    "outcome",
    "start",
    "end",
    "last_checkin",
    "next_checkin",
)
# What a narrow terminal leaves out first.
LIST_DROPPED = (
    "Last check-in",
    "Next check-in",
    "Sponsor",
    "Outcome",
    "Start",
    "Kind",
    "Coach",
    "End",
    "Coachee",
)


def list_row(plan_id: str, p: Plan, as_of: date, grace_days: int) -> tuple[object, ...]:
    """A plan's row in `coachplan list`: the last check-in held on `as_of`, and the next one
    due by cadence (overdue ones marked) for plans that get reminders."""
    from coachplan.core.lifecycle import outcome_of
    from coachplan.render.table import Mark
    from coachplan.reports.schedule import checkin_state, gets_reminders, held

    state = checkin_state(p, as_of, grace_days)
    past = held(p, None, as_of)
    last = past[-1].date if past else None
    due: object = None
    if state is not None and gets_reminders(p) and state.next_due and state.next_due <= p.end:
        due = Mark(state.next_due.isoformat(), "bad") if state.overdue else state.next_due
    row = (plan_id, p.coachee, p.coach, p.sponsor, p.kind, p.status, outcome_of(p))
    return (*row, p.start, p.end, last, due)


def show(
    plan: Annotated[
        str,
        typer.Argument(
            metavar="PLAN", help="A plan id or a path to a plan file.", autocompletion=plan_ids
        ),
    ],
    output_format: Annotated[
        str, typer.Option("--format", "-f", help="text, json, markdown or html.")
    ] = "text",
    as_of: Annotated[
        str | None,
        typer.Option("--as-of", metavar="DATE", help="Show as on this date; default today."),
    ] = None,
) -> None:
    """Show one plan, readable, with each metric's progress and trend.

    Example: coachplan show agent-2291 --as-of 2026-11-22
    """
    from coachplan.cli.reports import render_plan
    from coachplan.render.plan_text import render_plan_text

    choose(output_format, ("text", "json", "markdown", "html"), "--format")
    workspace = workspace_here()
    path, loaded_plan = load_one(workspace, plan)
    day = parse_date(as_of, "--as-of")
    if output_format == "text":
        grace = workspace.settings.thresholds.grace_days
        width = output.layout_width(sys.stdout)
        output.write(render_plan_text(path.stem, loaded_plan, day, grace, width))
    else:
        output.write(render_plan(path.stem, loaded_plan, day, output_format, workspace))


def register(app: typer.Typer) -> None:
    app.command(rich_help_panel="Plans")(init)
    app.command(rich_help_panel="Plans")(new)
    app.command("list", rich_help_panel="Plans")(list_plans)
    app.command(rich_help_panel="Plans")(show)
