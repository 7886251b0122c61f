"""`coachplan goal`: add, change, rename and remove a plan's goals."""

from __future__ import annotations

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
    commit,
    duplicate,
    entries,
    find,
    ids,
    interactive,
    parse_id,
    something_to_change,
)
from coachplan.cli.prompts import ask

if TYPE_CHECKING:
    from coachplan.engine.update import Change, Current
    from coachplan.files.textedit import Op

GoalArg = Annotated[
    str, typer.Argument(metavar="GOAL", help="The goal's id, e.g. delegate-roster.")
]
Statement = Annotated[
    str | None, typer.Option("--statement", help="Specific: what will be accomplished.")
]
RelevantTo = Annotated[
    str | None,
    typer.Option("--relevant-to", help="Relevant: the role, career or team outcome it serves."),
]

goal_app = typer.Typer(help="Add, change, rename and remove a plan's goals.", no_args_is_help=True)


@goal_app.command("add")
def goal_add(
    plan: PlanArg,
    goal_id: Annotated[
        str, typer.Argument(metavar="GOAL", help="The new goal's id, e.g. delegate-roster.")
    ],
    statement: Statement = None,
    relevant_to: RelevantTo = None,
    due: Due = None,
    reason: Reason = None,
    force: Force = False,
    dry_run: DryRun = False,
    no_input: NoInput = False,
) -> None:
    """Add a SMART goal; records a revision, since goals are part of what was agreed.

    Add its metrics next with `coachplan metric add`.

    Example: coachplan goal add agent-2291 delegate-roster --statement "Hand the weekly
    roster to two senior agents" --relevant-to "Team-lead readiness" --due 2026-12-15
    """
    parse_id(goal_id, "GOAL")
    asking = interactive(no_input)
    statement = ask(
        statement, "Statement (Specific: what will be accomplished)", "--statement", asking=asking
    )
    relevant_to = ask(
        relevant_to, "Relevant to (the outcome it serves)", "--relevant-to", asking=asking
    )
    due_day = ask_due(due, asking=asking)
    entry = {"id": goal_id, "statement": statement, "relevant_to": relevant_to, "due": due_day}

    def build(current: Current) -> Change:
        from coachplan.files.textedit import AddTable

        if goal_id in ids(current.data, "goals"):
            raise duplicate("goal", goal_id)
        return change(
            [AddTable((), "goals", entry)], f"added goal {goal_id}", f"Added goal {goal_id}"
        )

    commit(plan, build, force=force, reason=reason, asking=asking, dry_run=dry_run)


@goal_app.command("set")
def goal_set(
    plan: PlanArg,
    goal_id: GoalArg,
    statement: Statement = None,
    relevant_to: RelevantTo = None,
    due: Due = None,
    reason: Reason = None,
    dry_run: DryRun = False,
    force: Force = False,
    no_input: NoInput = False,
) -> None:
    """Change a goal's statement, relevance or due date; records a revision.

    Example: coachplan goal set agent-2291 delegate-roster --due 2027-01-15 --reason "Roster
    tool arrives in January"
    """
    values: dict[str, Any] = {
        "statement": prompts.optional(statement, "--statement", prompts.text),
        "relevant_to": prompts.optional(relevant_to, "--relevant-to", prompts.text),
        "due": prompts.optional(due, "--due", prompts.a_date),
    }
    something_to_change({"--statement": statement, "--relevant-to": relevant_to, "--due": due})

    def build(current: Current) -> Change:
        gi = find(current.data, "goals", goal_id, "goal")
        return set_fields(("goals", gi), current.data["goals"][gi], values, f"goal {goal_id}")

    commit(plan, build, force=force, reason=reason, asking=interactive(no_input), dry_run=dry_run)


def set_fields(
    where: tuple[str | int, ...],
    entry: dict[str, Any],
    values: dict[str, Any],
    what: str,
    defaults: dict[str, Any] | None = None,
) -> Change:
    """The change that gives the fields of `entry` (at `where`) the `values` that are not
    None ("" removes an optional field), saying what changed: `goal x: due A -> B`.
    `defaults` are the values of fields the entry leaves out (an action's status: todo)."""
    from coachplan.core.plandiff import show
    from coachplan.files.textedit import RemoveKey, SetValue

    ops: list[Op] = []
    said: list[str] = []
    for key, value in values.items():
        if value is None or entry.get(key) == value or (value == "" and key not in entry):
            continue
        if value == "":
            ops.append(RemoveKey(where, key))
            said.append(f"{key} {show(entry[key])} removed")
        else:
            ops.append(SetValue(where, key, value))
            was = entry.get(key, (defaults or {}).get(key))
            said.append(f"{key} {show(was)} -> {show(value)}")
    if not ops:
        given = sum(value is not None for value in values.values())
        return change([], f"{what} already has {'these values' if given > 1 else 'this value'}")
    return change(ops, f"{what}: {'; '.join(said)}", f"Changed {what}")


@goal_app.command("rename")
def goal_rename(
    plan: PlanArg,
    old: Annotated[str, typer.Argument(metavar="GOAL", help="The goal's id now.")],
    new: Annotated[str, typer.Argument(metavar="NEW", help="Its new id.")],
    reason: Reason = None,
    dry_run: DryRun = False,
    force: Force = False,
    no_input: NoInput = False,
) -> None:
    """Give a goal a new id; every action, milestone and feedback that refers to it follows.

    Records a revision, since goal ids are part of what was agreed.

    Example: coachplan goal rename agent-2291 delegate-roster own-the-roster
    """
    parse_id(new, "NEW")

    def build(current: Current) -> Change:
        from coachplan.files.textedit import SetItem, SetValue

        gi = find(current.data, "goals", old, "goal")
        if new == old:
            return change([], f"goal {old} already has that id")
        if new in ids(current.data, "goals"):
            raise duplicate("goal", new)
        ops: list[Op] = [SetValue(("goals", gi), "id", new)]
        for where, key, index, _name in references(current.data, old):
            if index is None:
                ops.append(SetValue(where, key, new))
            else:
                ops.append(SetItem(where, key, index, new))
        followed = [name for *_, name in references(current.data, old)]
        also = (
            f" ({', '.join(followed)} follow{'s' if len(followed) == 1 else ''})"
            if followed
            else ""
        )
        return change(ops, f"renamed goal {old} to {new}{also}", f"Renamed goal {old} to {new}")

    commit(plan, build, force=force, reason=reason, asking=interactive(no_input), dry_run=dry_run)


def references(
    data: dict[str, Any], goal_id: str
) -> list[tuple[tuple[str | int, ...], str, int | None, str]]:
    """Where the plan refers to a goal: (table, key, index in the key's array or None, what)."""
    found: list[tuple[tuple[str | int, ...], str, int | None, str]] = []
    for i, action in entries(data, "actions"):
        if action.get("goal") == goal_id:
            found.append((("actions", i), "goal", None, f"action {action.get('id')}"))
    for i, milestone in entries(data, "milestones"):
        marks = milestone.get("goals")
        if isinstance(marks, list):
            for k, mark in enumerate(marks):
                if mark == goal_id:
                    found.append(
                        (("milestones", i), "goals", k, f"milestone {milestone.get('id')}")
                    )
    for i, item in entries(data, "feedback"):
        if item.get("goal") == goal_id:
            found.append((("feedback", i), "goal", None, f"feedback of {item.get('date')}"))
    return found


@goal_app.command("remove")
def goal_remove(
    plan: PlanArg,
    goal_id: GoalArg,
    cascade: Annotated[
        bool,
        typer.Option(
            "--cascade",
            help="Also remove the actions that serve the goal and the milestones that mark "
            "only it; feedback about it is kept, without its goal.",
        ),
    ] = False,
    reason: Reason = None,
    yes: Yes = False,
    dry_run: DryRun = False,
    force: Force = False,
    no_input: NoInput = False,
) -> None:
    """Remove a goal with its metrics and their measurements; records a revision.

    Refused while actions, milestones or feedback refer to the goal, unless --cascade, which
    lists what goes with it. Asks first on a terminal; --yes where none can ask.

    Example: coachplan goal remove agent-2291 delegate-roster --cascade --dry-run
    """
    from coachplan.core.errors import RefusedWrite

    def build(current: Current) -> Change:
        from coachplan.files.textedit import RemoveItem, RemoveKey, RemoveTable

        gi = find(current.data, "goals", goal_id, "goal")
        refs = references(current.data, goal_id)
        if refs and not cascade:
            raise RefusedWrite(
                f"goal {goal_id} is referred to by {', '.join(name for *_, name in refs)}; "
                "nothing written",
                where=current.where("goals", gi),
                hint="remove or re-point them first, or pass --cascade to remove them with "
                "the goal; --dry-run shows what goes",
            )
        goes = [f"goal {goal_id}{_metrics_of(current.data['goals'][gi])}"]
        ops: list[Op] = []
        for where, key, index, name in refs:
            table = current.data[str(where[0])][int(where[1])]
            if where[0] == "actions":
                ops.append(RemoveTable((), "actions", int(where[1])))
                goes.append(name)
            elif where[0] == "milestones" and len(table["goals"]) == 1:
                ops.append(RemoveTable((), "milestones", int(where[1])))
                goes.append(name)
            elif where[0] == "milestones":
                ops.append(RemoveItem(where, key, int(index or 0)))
                goes.append(f"{goal_id} from the goals of {name}")
            else:
                ops.append(RemoveKey(where, key))
                goes.append(f"the goal of {name} (the feedback stays)")
        # Said in file order; done from the last entry up, so that the indexes of the
        # entries before each one stay valid.
        ops.reverse()
        ops.append(RemoveTable((), "goals", gi))
        return change(ops, f"removed {', '.join(goes)}", f"Removed goal {goal_id}")

    commit(
        plan,
        build,
        force=force,
        reason=reason,
        asking=interactive(no_input),
        dry_run=dry_run,
        removing=f"goal {goal_id}",
        yes=yes,
    )


def _metrics_of(goal: dict[str, Any]) -> str:
    """` with its metric m (3 measurements)`, for saying what goes with a goal."""
    metrics = [m for _, m in entries(goal, "metrics")]
    if not metrics:
        return ""
    parts = []
    for metric in metrics:
        count = len(metric.get("measurements") or [])
        parts.append(
            f"{metric.get('id')}" + (f" ({plural(count, 'measurement')})" if count else "")
        )
    return f" with its metric{'s' if len(parts) > 1 else ''} {', '.join(parts)}"


def plural(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"


def register(app: typer.Typer) -> None:
    app.add_typer(goal_app, name="goal", rich_help_panel="Editing")
