"""Removing a record by its date: `checkin|feedback|assess PLAN --remove DATE` and
`measure PLAN METRIC --remove DATE`.

Several records may share a date (two pieces of feedback on one day): then the command lists
them and asks which on a terminal, or takes `--index N`; it never guesses.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Annotated, Any

import typer

from coachplan.cli import prompts
from coachplan.cli.editing import change, commit, entries, interactive, read_plan

if TYPE_CHECKING:
    from coachplan.engine.update import Change, Current

TablePath = tuple[str | int, ...]

Index = Annotated[
    int | None,
    typer.Option(
        "--index",
        min=1,
        metavar="N",
        help="With --remove, when several records share the date: the Nth, as listed.",
    ),
]


def remove_option(what: str) -> Any:
    return typer.Option(
        "--remove",
        metavar="DATE",
        help=f"Remove the {what} of this date instead (asks first; --yes where none can ask).",
    )


@dataclass(frozen=True)
class Records:
    """Records of one kind: what they are called, where they are, how each reads."""

    what: str  # "check-in"
    where: Callable[[dict[str, Any]], tuple[TablePath, str]]  # (table, array key) in the data
    describe: Callable[[dict[str, Any]], str]  # one line about an entry
    tables: bool = True  # [[tables]] (RemoveTable) or inline array items (RemoveItem)

    def count(self, n: int) -> str:
        """`2 check-ins`, `1 feedback entry`."""
        if self.what == "feedback":
            return f"{n} feedback entr{'y' if n == 1 else 'ies'}"
        return f"{n} {self.what}{'' if n == 1 else 's'}"


def no_other_options(given: dict[str, object]) -> None:
    """--remove takes no values to record."""
    from coachplan.core.errors import UsageError

    extra = [name for name, value in given.items() if value not in (None, False, [], ())]
    if extra:
        raise UsageError(f"--remove takes no {', '.join(extra)}", hint="remove, then record anew")


def _held(data: dict[str, Any], records: Records) -> list[tuple[int, dict[str, Any]]]:
    """The records of the kind in the plan's data, with their indexes."""
    from coachplan.files.textedit import resolve

    table, key = records.where(data)
    return entries(resolve(data, table), key)


def _on(data: dict[str, Any], records: Records, when: date) -> list[tuple[int, dict[str, Any]]]:
    return [(i, e) for i, e in _held(data, records) if e.get("date") == when]


def remove_dated(
    plan: str,
    records: Records,
    day: str,
    others: dict[str, object],
    *,
    index: int | None,
    yes: bool,
    dry_run: bool,
    force: bool,
    no_input: bool,
) -> None:
    """Remove the record of `records` dated `day` (the `index`th of several); `others` are
    the command's options for recording, which --remove refuses (`no_other_options`)."""
    from coachplan.core.errors import RefusedWrite, UsageError
    from coachplan.files.loader import display_path

    no_other_options(others)
    when: date = prompts.option(day, "--remove", prompts.a_date)
    asking = interactive(no_input)
    path, data, _plan = read_plan(plan)
    file = display_path(path)
    matches = _on(data, records, when)
    if not matches:
        dates = sorted({str(e.get("date")) for _, e in _held(data, records)})
        hint = f"recorded: {', '.join(dates[-6:])}" if dates else f"the plan has no {records.what}s"
        raise UsageError(f"no {records.what} on {when} in the plan", where=file, hint=hint)
    lines = [records.describe(entry) for _, entry in matches]
    if index is not None:
        if index > len(matches):
            raise UsageError(
                f"--index {index}: there {'is' if len(matches) == 1 else 'are'} "
                f"{records.count(len(matches))} on {when}",
                where=file,
            )
        chosen = index - 1
    elif len(matches) == 1:
        chosen = 0
    elif asking:
        prompts.say(f"{records.count(len(matches))} on {when}:")
        chosen = prompts.pick("Which one", lines)
    else:
        listed = "; ".join(f"{n}. {line}" for n, line in enumerate(lines, 1))
        raise UsageError(
            f"{records.count(len(matches))} on {when}: {listed}",
            where=file,
            hint="choose one with --index N",
        )
    wanted = matches[chosen][1]
    said = lines[chosen]

    def build(current: Current) -> Change:
        from coachplan.files.textedit import RemoveItem, RemoveTable

        table, key = records.where(current.data)
        found = next((i for i, e in _on(current.data, records, when) if e == wanted), None)
        if found is None:
            raise RefusedWrite(
                f"the {records.what} of {when} changed while you chose it; nothing written",
                hint="run the command again",
            )
        op = RemoveTable(table, key, found) if records.tables else RemoveItem(table, key, found)
        return change([op], f"removed the {records.what} of {said}")

    commit(
        plan,
        build,
        force=force,
        asking=asking,
        dry_run=dry_run,
        removing=f"the {records.what} of {when}",
        yes=yes,
    )
