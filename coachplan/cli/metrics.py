"""`coachplan metric`: add, change, rename and remove the metrics of a plan's goals."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated, Any

import typer

from coachplan.cli import prompts
from coachplan.cli.editing import (
    DryRun,
    Force,
    NoInput,
    PlanArg,
    Reason,
    Yes,
    change,
    commit,
    duplicate,
    find,
    find_metric,
    interactive,
    metric_ids,
    parse_id,
    read_plan,
    remove_entry,
    something_to_change,
)
from coachplan.cli.goals import plural, set_fields
from coachplan.cli.prompts import ask

if TYPE_CHECKING:
    from coachplan.engine.update import Change, Current

MetricArg = Annotated[
    str, typer.Argument(metavar="METRIC", help="The metric's id, e.g. escalations-handled.")
]
Description = Annotated[str | None, typer.Option("--description", help="What is measured.")]
Unit = Annotated[
    str | None, typer.Option("--unit", help="Unit of a quantitative metric: %, calls/day ...")
]
Source = Annotated[
    str | None, typer.Option("--source", help="Qualitative: where the evidence comes from.")
]
Baseline = Annotated[
    str | None, typer.Option("--baseline", metavar="NUMBER", help="The starting value.")
]
Target = Annotated[
    str | None, typer.Option("--target", metavar="NUMBER", help="The value to reach.")
]
Minimum = Annotated[
    str | None,
    typer.Option("--minimum", metavar="NUMBER", help="pip plans: minimum acceptable level."),
]

metric_app = typer.Typer(
    help="Add, change, rename and remove the metrics of a plan's goals.", no_args_is_help=True
)

RATING_SCALE = (1, 5)


def rating_value(value: int | float) -> str | None:
    """Why a value cannot be one of a qualitative metric's (None when it can)."""
    low, high = RATING_SCALE
    if not low <= value <= high:
        return f"{value:g} is not on the {low}-{high} scale of a qualitative metric"
    return None


def a_rating_value(value: str) -> int | float:
    return prompts.checked(prompts.a_number, rating_value)(value)


@metric_app.command("add")
def metric_add(
    plan: PlanArg,
    goal: Annotated[str, typer.Argument(metavar="GOAL", help="The goal it measures.")],
    metric_id: Annotated[
        str, typer.Argument(metavar="METRIC", help="The new metric's id, e.g. roster-share.")
    ],
    description: Description = None,
    unit: Unit = None,
    qualitative: Annotated[
        bool, typer.Option("--qualitative", help="A rating on the 1-5 scale, not a quantity.")
    ] = False,
    source: Source = None,
    baseline: Baseline = None,
    target: Target = None,
    minimum: Minimum = None,
    reason: Reason = None,
    force: Force = False,
    dry_run: DryRun = False,
    no_input: NoInput = False,
) -> None:
    """Add a metric to a goal: what is measured, from which baseline to which target.

    Records a revision, since targets are part of what was agreed.

    Example: coachplan metric add agent-2291 delegate-roster escalations-handled
    --description "Share of escalations resolved without the coachee" --unit % --baseline 20
    --target 60
    """
    from coachplan.core.errors import UsageError

    parse_id(metric_id, "METRIC")
    if qualitative and unit:
        raise UsageError("give --unit or --qualitative, not both")
    if unit is not None and source is not None:
        raise UsageError("--source is for qualitative metrics", hint="add --qualitative")
    asking = interactive(no_input)
    _path, data, loaded = read_plan(plan)
    find(data, "goals", goal, "goal")
    description = ask(
        description,
        "Description (what is measured)",
        "--description",
        asking=asking,
        parse=prompts.one_line,
    )
    if qualitative:
        source = ask(
            source,
            "Source of the evidence (360 feedback, observation ...)",
            "--source",
            asking=asking,
        )
    else:
        unit = ask(unit, "Unit (%, calls/day ...)", "--unit", asking=asking)
    number = a_rating_value if qualitative else prompts.a_number
    start = ask(
        baseline, "Baseline (the starting value)", "--baseline", asking=asking, parse=number
    )
    goal_value = ask(target, "Target", "--target", asking=asking, parse=number)
    if minimum is None and asking and loaded is not None and loaded.kind == "pip":
        minimum_value = ask(
            None, "Minimum acceptable level", "--minimum", asking=True, parse=number, required=False
        )
    else:
        minimum_value = prompts.optional(minimum, "--minimum", number)
    entry = {
        "id": metric_id,
        "description": description,
        "kind": "qualitative" if qualitative else None,
        "unit": unit,
        "source": source,
        "baseline": start,
        "target": goal_value,
        "minimum": minimum_value,
    }

    def build(current: Current) -> Change:
        from coachplan.files.textedit import AddTable, without_none

        gi = find(current.data, "goals", goal, "goal")
        if metric_id in metric_ids(current.data):
            raise duplicate("metric", metric_id)
        return change(
            [AddTable(("goals", gi), "metrics", without_none(entry))],
            f"added metric {metric_id}",
            f"Added metric {metric_id} to goal {goal}",
        )

    commit(plan, build, force=force, reason=reason, asking=asking, dry_run=dry_run)


@metric_app.command("set")
def metric_set(
    plan: PlanArg,
    metric_id: MetricArg,
    description: Description = None,
    unit: Unit = None,
    source: Source = None,
    baseline: Baseline = None,
    target: Target = None,
    minimum: Annotated[
        str | None,
        typer.Option(
            "--minimum",
            metavar="NUMBER",
            help='pip plans: minimum acceptable level; "" removes it.',
        ),
    ] = None,
    reason: Reason = None,
    dry_run: DryRun = False,
    force: Force = False,
    no_input: NoInput = False,
) -> None:
    """Change a metric's description, unit or source, baseline, target or minimum.

    Records a revision, since targets are part of what was agreed. A qualitative metric's
    values stay on the 1-5 scale.

    Example: coachplan metric set agent-2291 escalations-handled --target 70 --reason "Ahead
    of plan at mid-point"
    """
    from coachplan.core.errors import UsageError

    something_to_change(
        {
            "--description": description,
            "--unit": unit,
            "--source": source,
            "--baseline": baseline,
            "--target": target,
            "--minimum": minimum,
        }
    )

    def build(current: Current) -> Change:
        gi, mi = find_metric(current.data, metric_id)
        metric = current.data["goals"][gi]["metrics"][mi]
        qualitative = metric.get("kind") == "qualitative"
        if qualitative and unit is not None:
            raise UsageError(f"metric {metric_id} is qualitative: it has a --source, not a --unit")
        if not qualitative and source is not None:
            raise UsageError(f"metric {metric_id} is quantitative: it has a --unit, not a --source")
        number = a_rating_value if qualitative else prompts.a_number
        values: dict[str, Any] = {
            "description": prompts.optional(description, "--description", prompts.one_line),
            "unit": prompts.optional(unit, "--unit", prompts.text),
            "source": prompts.optional(source, "--source", prompts.text),
            "baseline": prompts.optional(baseline, "--baseline", number),
            "target": prompts.optional(target, "--target", number),
            "minimum": prompts.removable(minimum, "--minimum", number),
        }
        return set_fields(("goals", gi, "metrics", mi), metric, values, f"metric {metric_id}")

    commit(plan, build, force=force, reason=reason, asking=interactive(no_input), dry_run=dry_run)


@metric_app.command("rename")
def metric_rename(
    plan: PlanArg,
    old: Annotated[str, typer.Argument(metavar="METRIC", help="The metric's id now.")],
    new: Annotated[str, typer.Argument(metavar="NEW", help="Its new id.")],
    reason: Reason = None,
    dry_run: DryRun = False,
    force: Force = False,
    no_input: NoInput = False,
) -> None:
    """Give a metric a new id, keeping its measurements; records a revision.

    Example: coachplan metric rename agent-2291 escalations-handled escalations-delegated
    """
    parse_id(new, "NEW")

    def build(current: Current) -> Change:
        from coachplan.files.textedit import SetValue

        gi, mi = find_metric(current.data, old)
        if new == old:
            return change([], f"metric {old} already has that id")
        if new in metric_ids(current.data):
            raise duplicate("metric", new)
        return change(
            [SetValue(("goals", gi, "metrics", mi), "id", new)],
            f"renamed metric {old} to {new}",
            f"Renamed metric {old} to {new}",
        )

    commit(plan, build, force=force, reason=reason, asking=interactive(no_input), dry_run=dry_run)


@metric_app.command("remove")
def metric_remove(
    plan: PlanArg,
    metric_id: MetricArg,
    reason: Reason = None,
    yes: Yes = False,
    dry_run: DryRun = False,
    force: Force = False,
    no_input: NoInput = False,
) -> None:
    """Remove a metric with its measurements; records a revision.

    Asks first on a terminal; --yes where none can ask.

    Example: coachplan metric remove agent-2291 escalations-handled --dry-run
    """

    def locate(data: dict[str, Any]) -> tuple[tuple[str | int, ...], str, int, str]:
        gi, mi = find_metric(data, metric_id)
        count = len(data["goals"][gi]["metrics"][mi].get("measurements") or [])
        return (
            ("goals", gi),
            "metrics",
            mi,
            f" with its {plural(count, 'measurement')}" if count else "",
        )

    remove_entry(
        plan,
        f"metric {metric_id}",
        locate,
        reason,
        yes=yes,
        dry_run=dry_run,
        force=force,
        no_input=no_input,
    )


def register(app: typer.Typer) -> None:
    app.add_typer(metric_app, name="metric", rich_help_panel="Editing")
