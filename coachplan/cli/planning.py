"""Commands that change what a plan is: goals, metrics, actions, milestones, status."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Annotated, Any

import typer

from coachplan.cli import output
from coachplan.cli.editing import (
    Force,
    NoInput,
    PlanArg,
    Reason,
    ask,
    ask_due,
    commit,
    date_option,
    duplicate,
    find,
    ids,
    interactive,
    metric_ids,
    need,
    parse_id,
    parse_number,
    read_plan,
    reason_for,
    record_date,
    unknown,
)
from coachplan.cli.options import choose, parse_date

if TYPE_CHECKING:
    from coachplan.engine.update import Change, Current

IdArg = Annotated[str, typer.Argument(metavar="ID", help="The new entry's id, e.g. shadow-lead.")]
DueOption = Annotated[
    str | None, typer.Option("--due", metavar="DATE", help="When it is due (YYYY-MM-DD).")
]

goal_app = typer.Typer(help="Add goals to a plan.", no_args_is_help=True)
metric_app = typer.Typer(help="Add metrics to a plan's goals.", no_args_is_help=True)
action_app = typer.Typer(help="Add action steps and mark them done.", no_args_is_help=True)
milestone_app = typer.Typer(help="Add milestones and mark them reached.", no_args_is_help=True)


def _change(*args: Any, **kwargs: Any) -> Change:
    from coachplan.engine.update import Change

    return Change(*args, **kwargs)


def _add(parent: tuple[str | int, ...], key: str, entry: dict[str, Any]) -> Any:
    from coachplan.files.textedit import AddTable, without_none

    return AddTable(parent, key, without_none(entry))


def _set(table: tuple[str | int, ...], key: str, value: Any) -> Any:
    from coachplan.files.textedit import SetValue

    return SetValue(table, key, value)


@goal_app.command("add")
def goal_add(
    plan: PlanArg,
    goal_id: IdArg,
    statement: Annotated[
        str | None, typer.Option("--statement", help="Specific: what will be accomplished.")
    ] = None,
    relevant_to: Annotated[
        str | None,
        typer.Option("--relevant-to", help="Relevant: the role, career or team outcome it serves."),
    ] = None,
    due: DueOption = None,
    reason: Reason = None,
    force: Force = False,
    no_input: NoInput = False,
) -> None:
    """Add a SMART goal; records a revision, since goals are part of what was agreed.

    Add its metrics next with `coachplan metric add`.

    Example: coachplan goal add agent-2291 delegate-roster --statement "Hand the weekly
    roster to two senior agents" --relevant-to "Team-lead readiness" --due 2026-12-15
    """
    parse_id(goal_id, "ID")
    asking = interactive(no_input)
    statement = ask(
        statement, "Statement (Specific: what will be accomplished)", "--statement", asking=asking
    )
    relevant_to = ask(
        relevant_to, "Relevant to (the outcome it serves)", "--relevant-to", asking=asking
    )
    due_day = ask_due(due, asking=asking)
    entry = {"id": goal_id, "statement": statement, "relevant_to": relevant_to, "due": due_day}
    default = f"Added goal {goal_id}"
    summary = reason_for(reason, asking, default)

    def build(current: Current) -> Change:
        if goal_id in ids(current.data, "goals"):
            raise duplicate("goal", goal_id)
        return _change([_add((), "goals", entry)], f"added goal {goal_id}", default)

    commit(plan, build, force=force, reason=summary)


@metric_app.command("add")
def metric_add(
    plan: PlanArg,
    goal: Annotated[str, typer.Argument(metavar="GOAL", help="The goal it measures.")],
    metric_id: IdArg,
    description: Annotated[
        str | None, typer.Option("--description", help="What is measured.")
    ] = None,
    unit: Annotated[
        str | None, typer.Option("--unit", help="Unit of a quantitative metric: %, calls/day ...")
    ] = None,
    qualitative: Annotated[
        bool, typer.Option("--qualitative", help="A rating on the 1-5 scale, not a quantity.")
    ] = False,
    source: Annotated[
        str | None,
        typer.Option("--source", help="Qualitative: where the evidence comes from."),
    ] = None,
    baseline: Annotated[
        str | None, typer.Option("--baseline", metavar="NUMBER", help="The starting value.")
    ] = None,
    target: Annotated[
        str | None, typer.Option("--target", metavar="NUMBER", help="The value to reach.")
    ] = None,
    minimum: Annotated[
        str | None,
        typer.Option("--minimum", metavar="NUMBER", help="pip plans: minimum acceptable level."),
    ] = None,
    reason: Reason = None,
    force: Force = False,
    no_input: NoInput = False,
) -> None:
    """Add a metric to a goal: what is measured, from which baseline to which target.

    Records a revision, since targets are part of what was agreed.

    Example: coachplan metric add agent-2291 delegate-roster escalations-handled
    --description "Share of escalations resolved without the coachee" --unit % --baseline 20
    --target 60
    """
    from coachplan.core.errors import UsageError

    parse_id(metric_id, "ID")
    if qualitative and unit:
        raise UsageError("give --unit or --qualitative, not both")
    if unit is not None and source is not None:
        raise UsageError("--source is for qualitative metrics", hint="add --qualitative")
    asking = interactive(no_input)
    _path, _data, loaded = read_plan(plan)
    description = ask(description, "Description (what is measured)", "--description", asking=asking)
    if qualitative:
        source = ask(
            source,
            "Source of the evidence (360 feedback, observation ...)",
            "--source",
            asking=asking,
        )
    else:
        unit = ask(unit, "Unit (%, calls/day ...)", "--unit", asking=asking)
    start = parse_number(
        need(
            ask(baseline, "Baseline (the starting value)", "--baseline", asking=asking),
            "--baseline",
        ),
        "--baseline",
    )
    goal_value = parse_number(
        need(ask(target, "Target", "--target", asking=asking), "--target"), "--target"
    )
    if minimum is None and asking and loaded is not None and loaded.kind == "pip":
        minimum = ask(None, "Minimum acceptable level", "--minimum", asking=True, required=False)
    entry = {
        "id": metric_id,
        "description": description,
        "kind": "qualitative" if qualitative else None,
        "unit": unit,
        "source": source,
        "baseline": start,
        "target": goal_value,
        "minimum": None if minimum is None else parse_number(minimum, "--minimum"),
    }
    default = f"Added metric {metric_id} to goal {goal}"
    summary = reason_for(reason, asking, default)

    def build(current: Current) -> Change:
        gi = find(current.data, "goals", goal, "goal")
        if metric_id in metric_ids(current.data):
            raise duplicate("metric", metric_id)
        return _change(
            [_add(("goals", gi), "metrics", entry)], f"added metric {metric_id}", default
        )

    commit(plan, build, force=force, reason=summary)


@action_app.command("add")
def action_add(
    plan: PlanArg,
    action_id: IdArg,
    description: Annotated[
        str | None, typer.Option("--description", help="What will be done.")
    ] = None,
    goal: Annotated[
        str | None,
        typer.Option("--goal", help="The goal it serves; default: the plan's only goal."),
    ] = None,
    method: Annotated[
        str | None,
        typer.Option(
            "--method",
            help="training, course, shadowing, mentoring, practice, reading or other.",
        ),
    ] = None,
    resource: Annotated[
        str | None, typer.Option("--resource", help="Who or what supports it.")
    ] = None,
    due: DueOption = None,
    reason: Reason = None,
    force: Force = False,
    no_input: NoInput = False,
) -> None:
    """Add an action step with its learning resource; records a revision.

    Example: coachplan action add agent-2291 shadow-lead --goal delegate-roster
    --description "Shadow the floor manager in two planning sessions" --method shadowing
    --resource "Floor manager F1" --due 2026-10-20
    """
    from coachplan.core.errors import UsageError
    from coachplan.core.model import ActionMethod

    parse_id(action_id, "ID")
    asking = interactive(no_input)
    _path, data, _plan = read_plan(plan)
    goals = ids(data, "goals")
    description = ask(
        description, "Description (what will be done)", "--description", asking=asking
    )
    if goal is None and len(goals) == 1:
        goal = goals[0]
    elif goal is None and goals:
        if not asking:
            raise UsageError(
                "missing --goal", hint=f"the plan has several goals: {', '.join(goals)}"
            )
        goal = ask(None, f"Goal ({', '.join(goals)})", "--goal", asking=True)
    methods: tuple[str, ...] = ActionMethod.__args__  # type: ignore[attr-defined]
    method = ask(
        method, f"Method ({', '.join(methods)})", "--method", asking=asking, required=False
    )
    if method is not None:
        choose(method, methods, "--method")
    resource = ask(
        resource, "Resource (who or what supports it)", "--resource", asking=asking, required=False
    )
    due = ask(due, "Due (YYYY-MM-DD)", "--due", asking=asking, required=False)
    entry = {
        "id": action_id,
        "goal": goal,
        "description": description,
        "method": method,
        "resource": resource,
        "due": None if due is None else parse_date(due, "--due"),
    }
    default = f"Added action {action_id}"
    summary = reason_for(reason, asking, default)

    def build(current: Current) -> Change:
        if action_id in ids(current.data, "actions"):
            raise duplicate("action", action_id)
        if goal is not None and goal not in ids(current.data, "goals"):
            raise unknown("goal", goal, ids(current.data, "goals"))
        return _change([_add((), "actions", entry)], f"added action {action_id}", default)

    commit(plan, build, force=force, reason=summary)


@action_app.command("done")
def action_done(
    plan: PlanArg,
    action_id: Annotated[str, typer.Argument(metavar="ID", help="The action's id.")],
    day: Annotated[str | None, date_option("When it was done")] = None,
    force: Force = False,
    no_input: NoInput = False,
) -> None:
    """Mark an action step done (status and done_on); progress, so no revision.

    Example: coachplan action done agent-2291 shadow-lead --date 2026-10-14
    """
    _mark_done(plan, "actions", "action", action_id, record_date(plan, day), force)


@milestone_app.command("add")
def milestone_add(
    plan: PlanArg,
    milestone_id: IdArg,
    title: Annotated[str | None, typer.Option("--title", help="What is reached.")] = None,
    due: DueOption = None,
    goal: Annotated[
        list[str] | None,
        typer.Option("--goal", help="A goal it marks (repeatable).", show_default=False),
    ] = None,
    reason: Reason = None,
    force: Force = False,
    no_input: NoInput = False,
) -> None:
    """Add a milestone: a checkpoint on the way to one or more goals; records a revision.

    Example: coachplan milestone add agent-2291 first-handover --title "First roster
    published by a senior agent" --due 2026-10-31 --goal delegate-roster
    """
    parse_id(milestone_id, "ID")
    asking = interactive(no_input)
    title = ask(title, "Title (what is reached)", "--title", asking=asking)
    due_day = ask_due(due, asking=asking)
    marks = list(goal or [])
    entry = {"id": milestone_id, "title": title, "due": due_day, "goals": marks or None}
    default = f"Added milestone {milestone_id}"
    summary = reason_for(reason, asking, default)

    def build(current: Current) -> Change:
        if milestone_id in ids(current.data, "milestones"):
            raise duplicate("milestone", milestone_id)
        for ref in marks:
            if ref not in ids(current.data, "goals"):
                raise unknown("goal", ref, ids(current.data, "goals"))
        return _change([_add((), "milestones", entry)], f"added milestone {milestone_id}", default)

    commit(plan, build, force=force, reason=summary)


@milestone_app.command("done")
def milestone_done(
    plan: PlanArg,
    milestone_id: Annotated[str, typer.Argument(metavar="ID", help="The milestone's id.")],
    day: Annotated[str | None, date_option("When it was reached")] = None,
    force: Force = False,
    no_input: NoInput = False,
) -> None:
    """Mark a milestone reached (done_on).

    Example: coachplan milestone done agent-2291 first-handover --date 2026-10-30
    """
    _mark_done(plan, "milestones", "milestone", milestone_id, record_date(plan, day), force)


def _mark_done(plan: str, key: str, what: str, item_id: str, when: date, force: bool) -> None:
    """Record that an action was done (status and done_on) or a milestone reached (done_on)."""
    with_status = key == "actions"
    verb = "done" if with_status else "reached"

    def build(current: Current) -> Change:
        index = find(current.data, key, item_id, what)
        entry = current.data[key][index]
        done_on = entry.get("done_on")
        if done_on is not None and (not with_status or entry.get("status") == "done"):
            return _change([], f"{what} {item_id} was already {verb} ({done_on})")
        ops = [_set((key, index), "status", "done")] if with_status else []
        ops.append(_set((key, index), "done_on", when))
        return _change(ops, f"{what} {item_id} {verb} on {when}")

    commit(plan, build, force=force)


def status(
    plan: PlanArg,
    new_status: Annotated[
        str,
        typer.Argument(metavar="STATUS", help="draft, active, paused, completed or cancelled."),
    ],
    reason: Annotated[
        str | None,
        typer.Option("--reason", help="Why the status changes; recorded in the revision."),
    ] = None,
    day: Annotated[str | None, date_option("When the change took effect")] = None,
    force: Annotated[
        bool,
        typer.Option(
            "--force",
            help="Make the change even though the plan is not ready to be active (its "
            "problems stay errors) or the transition table refuses it; recorded in the "
            "revision.",
        ),
    ] = False,
    no_input: NoInput = False,
) -> None:
    """Move a plan through draft, active, paused, completed and cancelled.

    Every change appends a dated revision ("status active -> paused"). The transition table
    (docs/plan-format.md) says which changes `status` makes: draft to active, active to
    paused and back. A plan is completed or cancelled with `coachplan close` (it needs a
    closing) and made active again with `coachplan reopen`. Moving to active checks the plan
    as an active plan first: signed by coach and coachee (and a pip's sponsor) with sign-offs
    that still match, a baseline, a check-in cadence, SMART goals. If anything is missing it
    is listed and nothing changes (exit 2). --force overrides both.

    Example: coachplan status agent-2291 paused --reason "On leave until January"
    """
    from coachplan.cli.closing import allowed, status_revision
    from coachplan.cli.editing import check_options
    from coachplan.core.errors import RefusedWrite
    from coachplan.core.findings import Severity
    from coachplan.core.model import PLAN_STATUSES
    from coachplan.engine.check import check_loaded
    from coachplan.files.loader import load_text
    from coachplan.files.textedit import apply

    choose(new_status, PLAN_STATUSES, "STATUS")
    options = check_options()
    when = record_date(plan, day)

    def build(current: Current) -> Change:
        was = current.data.get("status")
        if was == new_status:
            return _change([], f"already {new_status}")
        forced = allowed(current, str(was), new_status, "status", force)
        ops = [
            _set((), "status", new_status),
            status_revision(str(was), new_status, when, reason, forced=forced),
        ]
        if new_status == "active" and current.plan is not None:
            path = _path_of(plan)
            text, _ = apply(current.text, current.data, ops)
            checked = check_loaded(load_text(path, text), path, options)
            errors = [f for f in checked.findings if f.severity == Severity.ERROR]
            if errors and not force:
                for f in errors:
                    hint = f" ({f.hint})" if f.hint else ""
                    output.info(f"  {f.file}:{f.line}:{f.column}: {f.code} {f.message}{hint}")
                raise RefusedWrite(
                    f"not ready to be active: {len(errors)} problem"
                    f"{'s' if len(errors) != 1 else ''} listed above; status unchanged",
                    where=checked.file,
                    hint="fix them, or pass --force to activate anyway",
                )
        return _change(ops, f"status {was} -> {new_status}")

    commit(plan, build, force=force)


def _path_of(ref: str) -> Any:
    from coachplan.cli.options import workspace_here

    return workspace_here().resolve(ref)


def register(app: typer.Typer) -> None:
    app.add_typer(goal_app, name="goal", rich_help_panel="Editing")
    app.add_typer(metric_app, name="metric", rich_help_panel="Editing")
    app.add_typer(action_app, name="action", rich_help_panel="Editing")
    app.add_typer(milestone_app, name="milestone", rich_help_panel="Editing")
    app.command(rich_help_panel="Editing")(status)
