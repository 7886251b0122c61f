"""`coachplan action` and `coachplan milestone`: the steps of a plan and its checkpoints."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Annotated, Any

import typer

from coachplan.cli import prompts
from coachplan.cli.editing import (
    DryRun,
    Due,
    Force,
    NoInput,
    PlanArg,
    Reason,
    Yes,
    ask_due,
    change,
    check_known,
    commit,
    date_option,
    duplicate,
    find,
    ids,
    interactive,
    parse_id,
    read_plan,
    record_date,
    remove_entry,
    something_to_change,
)
from coachplan.cli.goals import set_fields
from coachplan.cli.prompts import ask

if TYPE_CHECKING:
    from coachplan.cli.editing import Locate
    from coachplan.engine.update import Change, Current
    from coachplan.files.textedit import Op

ActionArg = Annotated[str, typer.Argument(metavar="ACTION", help="The action's id.")]
MilestoneArg = Annotated[str, typer.Argument(metavar="MILESTONE", help="The milestone's id.")]
ActionDescription = Annotated[str | None, typer.Option("--description", help="What will be done.")]
Title = Annotated[str | None, typer.Option("--title", help="What is reached.")]

action_app = typer.Typer(
    help="Add action steps, mark them done, change, reopen and remove them.",
    no_args_is_help=True,
)
milestone_app = typer.Typer(
    help="Add milestones, mark them reached, change, reopen and remove them.",
    no_args_is_help=True,
)


def methods() -> tuple[str, ...]:
    from coachplan.core.model import ActionMethod

    return ActionMethod.__args__  # type: ignore[attr-defined,no-any-return]


def _goal_options(data: dict[str, Any], goal: str | None, asking: bool) -> str | None:
    """The goal an action serves: --goal, the plan's only goal, or asked among several."""
    goals = ids(data, "goals")
    if goal is not None:
        return goal
    if len(goals) == 1:
        return goals[0]
    if not goals:
        return None
    if not asking:
        from coachplan.core.errors import UsageError

        raise UsageError("missing --goal", hint=f"the plan has several goals: {', '.join(goals)}")
    chosen: str = prompts.prompt(f"Goal ({', '.join(goals)})", prompts.known("goal", goals))  # type: ignore[assignment]
    return chosen


@action_app.command("add")
def action_add(
    plan: PlanArg,
    action_id: Annotated[
        str, typer.Argument(metavar="ACTION", help="The new action's id, e.g. shadow-lead.")
    ],
    description: ActionDescription = None,
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
    due: Due = None,
    reason: Reason = None,
    force: Force = False,
    dry_run: DryRun = False,
    no_input: NoInput = False,
) -> None:
    """Add an action step with its learning resource; records a revision.

    Example: coachplan action add agent-2291 shadow-lead --goal delegate-roster
    --description "Shadow the floor manager in two planning sessions" --method shadowing
    --resource "Floor manager F1" --due 2026-10-20
    """
    parse_id(action_id, "ACTION")
    asking = interactive(no_input)
    _path, data, _plan = read_plan(plan)
    description = ask(
        description,
        "Description (what will be done)",
        "--description",
        asking=asking,
        parse=prompts.one_line,
    )
    goal = _goal_options(data, goal, asking)
    choices = methods()
    method = ask(
        method,
        f"Method ({', '.join(choices)})",
        "--method",
        asking=asking,
        parse=prompts.one_of(choices, "a method"),
        required=False,
    )
    resource = ask(
        resource, "Resource (who or what supports it)", "--resource", asking=asking, required=False
    )
    due_day = ask(
        due, "Due (YYYY-MM-DD)", "--due", asking=asking, parse=prompts.a_date, required=False
    )
    entry = {
        "id": action_id,
        "goal": goal,
        "description": description,
        "method": method,
        "resource": resource,
        "due": due_day,
    }

    def build(current: Current) -> Change:
        from coachplan.files.textedit import AddTable, without_none

        if action_id in ids(current.data, "actions"):
            raise duplicate("action", action_id)
        check_known("goal", [goal], ids(current.data, "goals"))
        return change(
            [AddTable((), "actions", without_none(entry))],
            f"added action {action_id}",
            f"Added action {action_id}",
        )

    commit(plan, build, force=force, reason=reason, asking=asking, dry_run=dry_run)


@action_app.command("done")
def action_done(
    plan: PlanArg,
    action_id: ActionArg,
    day: Annotated[str | None, date_option("When it was done")] = None,
    force: Force = False,
    dry_run: DryRun = False,
    no_input: NoInput = False,
) -> None:
    """Mark an action step done (status and done_on); progress, so no revision.

    Example: coachplan action done agent-2291 shadow-lead --date 2026-10-14
    """
    _mark_done(plan, "actions", "action", action_id, record_date(plan, day), force, dry_run)


@action_app.command("set")
def action_set(
    plan: PlanArg,
    action_id: ActionArg,
    status: Annotated[
        str | None,
        typer.Option("--status", help="todo, doing, done or dropped."),
    ] = None,
    description: ActionDescription = None,
    goal: Annotated[str | None, typer.Option("--goal", help="The goal it serves.")] = None,
    method: Annotated[
        str | None,
        typer.Option("--method", help='training, course, shadowing ... ("" removes it).'),
    ] = None,
    resource: Annotated[
        str | None, typer.Option("--resource", help='Who or what supports it ("" removes it).')
    ] = None,
    due: Annotated[
        str | None,
        typer.Option("--due", metavar="DATE", help='When it is due ("" removes it).'),
    ] = None,
    day: Annotated[str | None, date_option("With --status done: when it was done")] = None,
    reason: Reason = None,
    dry_run: DryRun = False,
    force: Force = False,
    no_input: NoInput = False,
) -> None:
    """Change an action step: its status, description, goal, method, resource or due date.

    --status done records the done date (--date, default today); any other status removes
    it. A change to what was agreed (all but the status) records a revision.

    Example: coachplan action set agent-2291 shadow-lead --status doing --due 2026-11-10
    """
    from coachplan.core.errors import UsageError
    from coachplan.core.model import ActionStatus

    statuses: tuple[str, ...] = ActionStatus.__args__  # type: ignore[attr-defined]
    values: dict[str, Any] = {
        "goal": prompts.optional(goal, "--goal", prompts.an_id),
        "description": prompts.optional(description, "--description", prompts.one_line),
        "method": prompts.removable(method, "--method", prompts.one_of(methods(), "a method")),
        "resource": None if resource is None else resource.strip(),
        "due": prompts.removable(due, "--due", prompts.a_date),
        "status": prompts.optional(status, "--status", prompts.one_of(statuses, "a status")),
    }
    if day is not None and status != "done":
        raise UsageError("--date goes with --status done")
    done_on = record_date(plan, day) if status == "done" else None
    something_to_change(
        {
            "--status": status,
            "--description": description,
            "--goal": goal,
            "--method": method,
            "--resource": resource,
            "--due": due,
        }
    )

    def build(current: Current) -> Change:
        from coachplan.files.textedit import RemoveKey, SetValue

        index = find(current.data, "actions", action_id, "action")
        entry = current.data["actions"][index]
        check_known("goal", [values["goal"]], ids(current.data, "goals"))
        result = set_fields(
            ("actions", index), entry, values, f"action {action_id}", {"status": "todo"}
        )
        ops: list[Op] = list(result.ops)
        done = result.done
        if status == "done" and "done_on" not in entry:
            ops.append(SetValue(("actions", index), "done_on", done_on))
            done += f" (done on {done_on})"
        elif status is not None and status != "done" and "done_on" in entry:
            ops.append(RemoveKey(("actions", index), "done_on"))
            done += f" (done date {entry['done_on']} removed)"
        return change(ops, done, result.revision)

    commit(plan, build, force=force, reason=reason, asking=interactive(no_input), dry_run=dry_run)


@action_app.command("reopen")
def action_reopen(
    plan: PlanArg,
    action_id: ActionArg,
    dry_run: DryRun = False,
    force: Force = False,
    no_input: NoInput = False,
) -> None:
    """Open a done or dropped action step again: status todo, no done date.

    Example: coachplan action reopen agent-2291 shadow-lead
    """
    _reopen(plan, "actions", "action", action_id, force, dry_run)


@action_app.command("remove")
def action_remove(
    plan: PlanArg,
    action_id: ActionArg,
    reason: Reason = None,
    yes: Yes = False,
    dry_run: DryRun = False,
    force: Force = False,
    no_input: NoInput = False,
) -> None:
    """Remove an action step; records a revision. Asks first on a terminal; --yes where
    none can ask.

    Example: coachplan action remove agent-2291 shadow-lead --yes
    """
    remove_entry(
        plan, f"action {action_id}", _at("actions", "action", action_id), reason, yes=yes,
        dry_run=dry_run, force=force, no_input=no_input,
    )  # fmt: skip


@milestone_app.command("add")
def milestone_add(
    plan: PlanArg,
    milestone_id: Annotated[
        str,
        typer.Argument(metavar="MILESTONE", help="The new milestone's id, e.g. first-handover."),
    ],
    title: Title = None,
    due: Annotated[
        str | None,
        typer.Option("--due", metavar="DATE", help="When it should be reached (YYYY-MM-DD)."),
    ] = None,
    goal: Annotated[
        list[str] | None,
        typer.Option("--goal", help="A goal it marks (repeatable).", show_default=False),
    ] = None,
    reason: Reason = None,
    force: Force = False,
    dry_run: DryRun = False,
    no_input: NoInput = False,
) -> None:
    """Add a milestone: a checkpoint on the way to one or more goals; records a revision.

    Example: coachplan milestone add agent-2291 first-handover --title "First roster
    published by a senior agent" --due 2026-10-31 --goal delegate-roster
    """
    parse_id(milestone_id, "MILESTONE")
    asking = interactive(no_input)
    title = ask(title, "Title (what is reached)", "--title", asking=asking, parse=prompts.one_line)
    due_day = ask_due(due, asking=asking)
    marks = list(goal or [])
    entry = {"id": milestone_id, "title": title, "due": due_day, "goals": marks or None}

    def build(current: Current) -> Change:
        from coachplan.files.textedit import AddTable, without_none

        if milestone_id in ids(current.data, "milestones"):
            raise duplicate("milestone", milestone_id)
        check_known("goal", marks, ids(current.data, "goals"))
        return change(
            [AddTable((), "milestones", without_none(entry))],
            f"added milestone {milestone_id}",
            f"Added milestone {milestone_id}",
        )

    commit(plan, build, force=force, reason=reason, asking=asking, dry_run=dry_run)


@milestone_app.command("done")
def milestone_done(
    plan: PlanArg,
    milestone_id: MilestoneArg,
    day: Annotated[str | None, date_option("When it was reached")] = None,
    force: Force = False,
    dry_run: DryRun = False,
    no_input: NoInput = False,
) -> None:
    """Mark a milestone reached (done_on).

    Example: coachplan milestone done agent-2291 first-handover --date 2026-10-30
    """
    _mark_done(
        plan, "milestones", "milestone", milestone_id, record_date(plan, day), force, dry_run
    )


@milestone_app.command("set")
def milestone_set(
    plan: PlanArg,
    milestone_id: MilestoneArg,
    title: Title = None,
    due: Annotated[
        str | None, typer.Option("--due", metavar="DATE", help="When it should be reached.")
    ] = None,
    goal: Annotated[
        list[str] | None,
        typer.Option(
            "--goal", help="The goals it marks (repeatable; replaces the list).", show_default=False
        ),
    ] = None,
    reason: Reason = None,
    dry_run: DryRun = False,
    force: Force = False,
    no_input: NoInput = False,
) -> None:
    """Change a milestone's title, due date or goals; records a revision.

    Example: coachplan milestone set agent-2291 first-handover --due 2026-11-14
    """
    values: dict[str, Any] = {
        "title": prompts.optional(title, "--title", prompts.one_line),
        "due": prompts.optional(due, "--due", prompts.a_date),
        "goals": None
        if goal is None
        else [prompts.option(g, "--goal", prompts.an_id) for g in goal],
    }
    something_to_change({"--title": title, "--due": due, "--goal": goal})

    def build(current: Current) -> Change:
        index = find(current.data, "milestones", milestone_id, "milestone")
        check_known("goal", values["goals"] or [], ids(current.data, "goals"))
        return set_fields(
            ("milestones", index),
            current.data["milestones"][index],
            values,
            f"milestone {milestone_id}",
        )

    commit(plan, build, force=force, reason=reason, asking=interactive(no_input), dry_run=dry_run)


@milestone_app.command("reopen")
def milestone_reopen(
    plan: PlanArg,
    milestone_id: MilestoneArg,
    dry_run: DryRun = False,
    force: Force = False,
    no_input: NoInput = False,
) -> None:
    """Mark a reached milestone as not reached: its done date goes.

    Example: coachplan milestone reopen agent-2291 first-handover
    """
    _reopen(plan, "milestones", "milestone", milestone_id, force, dry_run)


@milestone_app.command("remove")
def milestone_remove(
    plan: PlanArg,
    milestone_id: MilestoneArg,
    reason: Reason = None,
    yes: Yes = False,
    dry_run: DryRun = False,
    force: Force = False,
    no_input: NoInput = False,
) -> None:
    """Remove a milestone; records a revision. Asks first on a terminal; --yes where none
    can ask.

    Example: coachplan milestone remove agent-2291 first-handover --dry-run
    """
    remove_entry(
        plan, f"milestone {milestone_id}", _at("milestones", "milestone", milestone_id), reason,
        yes=yes, dry_run=dry_run, force=force, no_input=no_input,
    )  # fmt: skip


def _at(key: str, what: str, item_id: str) -> Locate:
    def locate(data: dict[str, Any]) -> tuple[tuple[str | int, ...], str, int, str]:
        return (), key, find(data, key, item_id, what), ""

    return locate


def _mark_done(
    plan: str, key: str, what: str, item_id: str, when: date, force: bool, dry_run: bool = False
) -> None:
    """Record that an action was done (status and done_on) or a milestone reached (done_on)."""
    with_status = key == "actions"
    verb = "done" if with_status else "reached"

    def build(current: Current) -> Change:
        from coachplan.files.textedit import SetValue

        index = find(current.data, key, item_id, what)
        entry = current.data[key][index]
        done_on = entry.get("done_on")
        if done_on is not None and (not with_status or entry.get("status") == "done"):
            return change([], f"{what} {item_id} was already {verb} ({done_on})")
        ops: list[Op] = [SetValue((key, index), "status", "done")] if with_status else []
        ops.append(SetValue((key, index), "done_on", when))
        return change(ops, f"{what} {item_id} {verb} on {when}")

    commit(plan, build, force=force, dry_run=dry_run)


def _reopen(plan: str, key: str, what: str, item_id: str, force: bool, dry_run: bool) -> None:
    """Undo `_mark_done`: an action back to todo (the status it has when none is written)
    without done_on, a milestone without done_on."""

    def build(current: Current) -> Change:
        from coachplan.files.textedit import RemoveKey

        index = find(current.data, key, item_id, what)
        entry = current.data[key][index]
        ops: list[Op] = []
        if key == "actions" and entry.get("status") in ("done", "dropped"):
            ops.append(RemoveKey((key, index), "status"))
        if "done_on" in entry:
            ops.append(RemoveKey((key, index), "done_on"))
        if not ops:
            return change([], f"{what} {item_id} is open already")
        was = entry.get("status") if key == "actions" else "reached"
        when = f" on {entry['done_on']}" if "done_on" in entry else ""
        now = " (todo)" if key == "actions" else ""
        return change(ops, f"{what} {item_id} reopened{now}: was {was}{when}")

    commit(plan, build, force=force, dry_run=dry_run)


def register(app: typer.Typer) -> None:
    app.add_typer(action_app, name="action", rich_help_panel="Editing")
    app.add_typer(milestone_app, name="milestone", rich_help_panel="Editing")
