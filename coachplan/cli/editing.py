"""What the editing commands share: options, prompts, and committing one change."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from coachplan.cli import output, prompts
from coachplan.cli.prompts import ask

if TYPE_CHECKING:
    from coachplan.core.model import Plan
    from coachplan.engine.check import CheckOptions
    from coachplan.engine.update import Build, Change, Current, Updated

PlanArg = Annotated[str, typer.Argument(metavar="PLAN", help="A plan id or a path to a plan file.")]
Force = Annotated[
    bool,
    typer.Option(
        "--force",
        help="Change the plan even though it does not load now (its problems are kept).",
    ),
]
NoInput = Annotated[
    bool, typer.Option("--no-input", help="Never prompt; fail if something required is missing.")
]
Reason = Annotated[
    str | None,
    typer.Option(
        "--reason",
        help="Why the goals, targets, actions, milestones or window change; recorded as a "
        "revision.",
    ),
]


DryRun = Annotated[
    bool,
    typer.Option("--dry-run", help="Show the change as a diff of the file; write nothing."),
]
Yes = Annotated[
    bool,
    typer.Option("--yes", "-y", help="Remove without asking; needed where no terminal can ask."),
]
Due = Annotated[
    str | None, typer.Option("--due", metavar="DATE", help="When it is due (YYYY-MM-DD).")
]


def date_option(what: str) -> Any:
    return typer.Option("--date", metavar="DATE", help=f"{what} (YYYY-MM-DD); default today.")


def interactive(no_input: bool) -> bool:
    """Whether to prompt for missing values: on a terminal, unless --no-input."""
    from coachplan.cli.options import stdin_is_terminal

    return not no_input and stdin_is_terminal()


def record_date(ref: str, value: str | None, option: str = "--date") -> date:
    """The date of a record of what happened (default today); never after today.

    A record dated later would be an error (rule R105) as soon as it is written.
    """
    from coachplan.cli.options import today, workspace_here
    from coachplan.core.errors import UsageError
    from coachplan.files.loader import display_path

    when = prompts.option(value, option, prompts.a_date) if value is not None else today()
    now = today()
    if when > now:
        raise UsageError(
            f"{option} {when} is after today ({now}); nothing written",
            where=display_path(workspace_here().resolve(ref)),
            hint=f"records say what already happened: give {option} {now} or earlier",
        )
    return when


def ask_due(value: str | None, *, asking: bool) -> date:
    """A required due date: --due, or asked on a terminal."""
    due: date = ask(value, "Due (YYYY-MM-DD)", "--due", asking=asking, parse=prompts.a_date)
    return due


def records_revisions(data: dict[str, Any]) -> bool:
    """Whether the plan (as plain data) records revisions: once it is no longer a draft, or
    has been signed (engine.update.collects_revisions, before the plan is loaded)."""
    return data.get("status") != "draft" or bool(data.get("signoffs"))


def parse_id(value: str, option: str) -> str:
    return prompts.option(value, option, prompts.an_id)


def unknown(what: str, value: str, known: Sequence[str]) -> Exception:
    """UsageError for a reference to something the plan does not have, with a suggestion."""
    from coachplan.core.errors import UsageError

    return UsageError(
        f"no {what} {value!r} in the plan", hint=prompts.reference_hint(what, value, known)
    )


def check_known(what: str, refs: Iterable[str | None], known: Sequence[str]) -> None:
    """Refuse a reference (None: none given) to something the plan does not have."""
    for ref in refs:
        if ref is not None and ref not in known:
            raise unknown(what, ref, known)


def something_to_change(given: dict[str, object]) -> None:
    """Refuse a `set` command given none of its options (`given`: each option's value)."""
    from coachplan.core.errors import UsageError

    if all(value is None for value in given.values()):
        *first, last = given
        raise UsageError("nothing to change", hint=f"give {', '.join(first)} or {last}")


def duplicate(what: str, value: str) -> Exception:
    from coachplan.core.errors import UsageError

    article = "an" if what[0] in "aeiou" else "a"
    return UsageError(
        f"the plan already has {article} {what} {value!r}", hint=f"choose another {what} id"
    )


def read_plan(ref: str) -> tuple[Path, dict[str, Any], Any]:
    """Path, data and plan (None if it does not load) of a plan, for prompts and defaults.

    The change itself is made on the file as it is when the write lock is held.
    """
    from coachplan.cli.options import workspace_here
    from coachplan.core.errors import UnreadablePlan
    from coachplan.files.loader import load

    path = workspace_here().resolve(ref)
    loaded = load(path)
    if loaded.data is None:
        first = min(loaded.findings, key=lambda f: f.sort_key)
        raise UnreadablePlan(
            first.message, where=f"{first.file}:{first.line}:{first.column}", hint=first.hint
        )
    return path, loaded.data, loaded.plan


def check_options() -> CheckOptions:
    """The workspace's rule settings, checking as on today."""
    from coachplan.cli.options import today, workspace_here
    from coachplan.engine.check import CheckOptions, Selection

    workspace = workspace_here()
    return CheckOptions(
        as_of=today(),
        selection=Selection.build(workspace.settings.rules),
        thresholds=workspace.settings.thresholds,
        scale=workspace.settings.scale,
        root=workspace.root,
        plans_dir=workspace.plans_dir,
    )


def change(*args: Any, **kwargs: Any) -> Change:
    """The change a command makes (engine.update.Change), imported when it is made."""
    from coachplan.engine.update import Change

    return Change(*args, **kwargs)


def commit(
    ref: str,
    build: Build,
    *,
    confirm: Callable[[Updated], str] | None = None,
    force: bool = False,
    allow_broken: bool = False,
    whole_text: bool = False,
    reason: str | None = None,
    asking: bool = False,
    dry_run: bool = False,
    removing: str | None = None,
    yes: bool = False,
) -> Updated | None:
    """Make one change to a plan, print a confirmation line and the warnings it brought.

    Where it matters, the change is worked out first without writing: `dry_run` prints it
    as a diff and stops; `removing` (what goes, e.g. "goal delegate-roster") shows the lines
    that go and asks first on a terminal (`asking`), and needs `yes` (--yes) where nothing
    can ask; on a terminal, a change that records a revision asks for its reason (Enter
    takes the default) unless `reason` is given.
    """
    from coachplan.cli import options
    from coachplan.core.errors import RefusedWrite, UsageError
    from coachplan.engine.update import update_plan
    from coachplan.render.textdiff import unified_diff

    path = options.workspace_here().resolve(ref)

    def update(dry: bool, summary: str | None) -> Updated:
        return update_plan(
            path,
            build,
            options=check_options(),
            today=options.today(),
            reason=summary,
            force=force,
            allow_broken=allow_broken,
            whole_text=whole_text,
            dry_run=dry,
        )

    if dry_run or (removing and not yes) or (asking and reason is None):
        preview = update(True, reason)
        done = preview.change.done or "nothing to change"
        if preview.text == preview.previous:
            output.info(f"{preview.file}: {done}; unchanged")
            return None
        if dry_run:
            output.write(unified_diff(preview.file, preview.previous, preview.text))
            output.info(f"{preview.file}: {done} (dry run: nothing written)")
            report(preview)
            return None
        if removing and not yes and not asking:
            raise UsageError(
                f"removing {removing} needs --yes when no terminal can ask",
                where=preview.file,
                hint="--dry-run shows what would go",
            )
        if removing and not yes:
            output.info(unified_diff(preview.file, preview.previous, preview.text, context=1))
            if not prompts.confirm(f"Remove {removing} from {preview.file}?"):
                raise RefusedWrite(f"{removing} not removed; nothing written", where=preview.file)
        if asking and reason is None and preview.revised:
            reason = prompts.prompt(
                "Reason for the change (recorded in the plan's revisions)",
                prompts.text,
                default=preview.revised,
            )
    updated = update(False, reason)
    if not updated.written:
        output.info(f"{updated.file}: {updated.change.done or 'nothing to change'}; unchanged")
        return updated
    output.info(confirm(updated) if confirm else f"{updated.file}: {updated.change.done}")
    if updated.revised:
        output.info(f"{updated.file}: recorded a revision: {updated.revised}")
    report(updated)
    return updated


# Where an entry to remove stands in the plan's data: (its parent table, the array's key,
# its index, and words about what goes with it, e.g. " with its 3 measurements").
Locate = Callable[[dict[str, Any]], tuple[tuple[str | int, ...], str, int, str]]


def remove_entry(
    ref: str,
    what: str,
    locate: Locate,
    reason: str | None,
    *,
    yes: bool,
    dry_run: bool,
    force: bool,
    no_input: bool,
) -> None:
    """Remove the entry `locate` finds (`what`: "action shadow-lead"), asking first; records a
    revision, since every entry removed this way is agreed content."""

    def build(current: Current) -> Change:
        from coachplan.files.textedit import RemoveTable

        parent, key, index, more = locate(current.data)
        return change([RemoveTable(parent, key, index)], f"removed {what}{more}", f"Removed {what}")

    commit(
        ref,
        build,
        force=force,
        reason=reason,
        asking=interactive(no_input),
        dry_run=dry_run,
        removing=what,
        yes=yes,
    )


def confirming(detail: Callable[[Plan], str]) -> Callable[[Updated], str]:
    """A confirmation line: what was done, and `detail` of the plan as it is now."""

    def confirm(updated: Updated) -> str:
        done = f"{updated.file}: {updated.change.done}"
        return done if updated.after is None else done + detail(updated.after)

    return confirm


def report(updated: Updated) -> None:
    """The findings a change brought, as warnings: advice, never a refusal."""
    for finding in updated.findings:
        hint = f" ({finding.hint})" if finding.hint else ""
        output.warning(
            f"{finding.file}:{finding.line}:{finding.column}: {finding.code} "
            f"{finding.message}{hint}"
        )
    if updated.broken is not None:
        finding = updated.broken
        output.warning(
            f"{finding.file}:{finding.line}:{finding.column}: the plan still does not load: "
            f"{finding.message} (`coachplan validate {updated.file}` lists every problem)"
        )


def entries(table: Any, key: str) -> list[tuple[int, dict[str, Any]]]:
    """The entries of an array of tables in plain data, with their indexes."""
    value = table.get(key) if isinstance(table, dict) else None
    if not isinstance(value, list):
        return []
    return [(i, entry) for i, entry in enumerate(value) if isinstance(entry, dict)]


def ids(table: Any, key: str, field: str = "id") -> list[str]:
    return [str(entry.get(field)) for _, entry in entries(table, key) if field in entry]


def find(table: Any, key: str, wanted: str, what: str, field: str = "id") -> int:
    """Index of the entry of `key` whose `field` is `wanted`; a usage error naming the others."""
    for index, entry in entries(table, key):
        if entry.get(field) == wanted:
            return index
    raise unknown(what, wanted, ids(table, key, field))


def metric_ids(data: Any) -> list[str]:
    return [m for _, goal in entries(data, "goals") for m in ids(goal, "metrics")]


def find_metric(data: Any, metric_id: str) -> tuple[int, int]:
    """(goal index, metric index) of a metric, searched across all goals."""
    for gi, goal in entries(data, "goals"):
        for mi, metric in entries(goal, "metrics"):
            if metric.get("id") == metric_id:
                return gi, mi
    raise unknown("metric", metric_id, metric_ids(data))
