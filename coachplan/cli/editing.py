"""What the editing commands share: options, prompts, and committing one change."""

from __future__ import annotations

import difflib
import sys
from collections.abc import Callable, Sequence
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from coachplan.cli import output

if TYPE_CHECKING:
    from coachplan.engine.check import CheckOptions
    from coachplan.engine.update import Build, Updated

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


def date_option(what: str) -> Any:
    return typer.Option("--date", metavar="DATE", help=f"{what} (YYYY-MM-DD); default today.")


def stdin_is_terminal() -> bool:
    return sys.stdin.isatty()


def interactive(no_input: bool) -> bool:
    """Whether to prompt for missing values: on a terminal, unless --no-input."""
    return not no_input and stdin_is_terminal()


def missing(option: str, what: str = "VALUE") -> Exception:
    from coachplan.core.errors import UsageError

    return UsageError(
        f"missing {option}", hint=f"pass {option} {what}, or run on a terminal to be asked"
    )


def ask(
    value: str | None,
    prompt: str,
    option: str,
    *,
    asking: bool,
    default: str | None = None,
    required: bool = True,
) -> str | None:
    """`value`, else the answer to a prompt on a terminal, else the default, else an error.

    An optional value (not `required`) may be skipped with Enter.
    """
    if value is not None:
        return value
    if asking:
        if required:
            answer: str = typer.prompt(prompt, default=default) if default else typer.prompt(prompt)
        else:
            answer = typer.prompt(
                f"{prompt} (Enter to skip)", default=default or "", show_default=bool(default)
            )
        return answer.strip() or None
    if default is not None or not required:
        return default
    raise missing(option)


def one_line(value: str | None, option: str) -> str | None:
    """Refuse a value for a one-line field (a name, a title, a skill) that is not one line
    of plain text: a newline, an escape sequence or another control character."""
    from coachplan.core.errors import UsageError
    from coachplan.core.text import escape_character, first_control_character

    if value is None:
        return None
    if "\n" in value or "\r" in value:
        raise UsageError(f"{option} must be one line", hint="put details in the summary or notes")
    char = first_control_character(value)
    if char is not None:
        raise UsageError(
            f"{option} holds the control character {escape_character(char)}; nothing written",
            hint="names and titles are plain text: type it again without the pasted "
            "escape sequence or tab",
        )
    return value


def need(value: str | None, option: str) -> str:
    if not value:
        raise missing(option)
    return value


def record_date(ref: str, value: str | None, option: str = "--date") -> date:
    """The date of a record of what happened (default today); never after today.

    A record dated later would be an error (rule R105) as soon as it is written.
    """
    from coachplan.cli.options import parse_date, today, workspace_here
    from coachplan.core.errors import UsageError
    from coachplan.files.loader import display_path

    when = parse_date(value, option)
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
    from coachplan.cli.options import parse_date

    return parse_date(
        need(ask(value, "Due (YYYY-MM-DD)", "--due", asking=asking), "--due"), "--due"
    )


def reason_for(reason: str | None, asking: bool, default: str) -> str | None:
    """The revision summary: --reason, or asked on a terminal (Enter takes the default)."""
    if reason is not None or not asking:
        return reason
    answer: str = typer.prompt("Reason for the change (recorded in the plan's revisions)", default)
    return answer.strip() or default


# TOML 1.0: "Arbitrary 64-bit signed integers ... should be accepted and handled losslessly";
# a larger one is not TOML that other tools can read.
TOML_INT_MIN, TOML_INT_MAX = -(2**63), 2**63 - 1


def parse_number(value: str, option: str) -> int | float:
    from coachplan.core.errors import UsageError

    text = value.strip()
    try:
        whole = int(text)
    except ValueError:
        pass
    else:
        if not TOML_INT_MIN <= whole <= TOML_INT_MAX:
            raise UsageError(
                f"{option}: {value.strip()[:40]!r} is outside the range of a TOML integer",
                hint=f"TOML integers are 64-bit: {TOML_INT_MIN} to {TOML_INT_MAX}",
            )
        return whole
    try:
        number = float(text)
    except ValueError:
        number = float("nan")
    if number != number or number in (float("inf"), float("-inf")):
        raise UsageError(f"{option}: {value!r} is not a number", hint="e.g. 42 or 3.5")
    return number


def parse_id(value: str, option: str) -> str:
    from coachplan.core.errors import UsageError
    from coachplan.core.model import ID_RE

    if not ID_RE.fullmatch(value):
        raise UsageError(
            f"{option}: {value!r} is not a valid id",
            hint="use lowercase letters, digits and '-', e.g. delegate-roster",
        )
    return value


def unknown(what: str, value: str, known: Sequence[str]) -> Exception:
    """UsageError for a reference to something the plan does not have, with a suggestion."""
    from coachplan.core.errors import UsageError

    close = difflib.get_close_matches(value, list(known), n=1)
    if close:
        hint = f"did you mean {close[0]!r}?"
    elif known:
        hint = f"the plan has: {', '.join(known)}"
    else:
        hint = f"the plan has no {what}s yet"
    return UsageError(f"no {what} {value!r} in the plan", hint=hint)


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
    )


def commit(
    ref: str,
    build: Build,
    *,
    confirm: Callable[[Updated], str] | None = None,
    force: bool = False,
    allow_broken: bool = False,
    whole_text: bool = False,
    reason: str | None = None,
    today: date | None = None,
) -> Updated:
    """Make one change to a plan, print a confirmation line and the warnings it brought."""
    from coachplan.cli import options
    from coachplan.engine.update import update_plan

    path = options.workspace_here().resolve(ref)
    updated = update_plan(
        path,
        build,
        options=check_options(),
        today=today or options.today(),
        reason=reason,
        force=force,
        allow_broken=allow_broken,
        whole_text=whole_text,
    )
    if not updated.written:
        output.info(f"{updated.file}: {updated.change.done or 'nothing to change'}; unchanged")
        return updated
    output.info(confirm(updated) if confirm else f"{updated.file}: {updated.change.done}")
    if updated.revised:
        output.info(f"{updated.file}: recorded a revision: {updated.revised}")
    report(updated)
    return updated


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
