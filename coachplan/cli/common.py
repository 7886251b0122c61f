"""Helpers the command modules share: loading the workspace's plans, filters, output."""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Generic, TypeVar

import typer

from coachplan.cli import output

if TYPE_CHECKING:
    from rich.progress import Progress

    from coachplan.core.model import Plan
    from coachplan.files.workspace import Workspace
    from coachplan.render.table import Table

R = TypeVar("R")

CoachFilter = Annotated[
    list[str] | None,
    typer.Option("--coach", help="Only plans of this coach (repeatable).", show_default=False),
]
SponsorFilter = Annotated[
    list[str] | None,
    typer.Option(
        "--sponsor", help="Only plans with this sponsor (repeatable).", show_default=False
    ),
]
KindFilter = Annotated[
    list[str] | None,
    typer.Option("--kind", help="Only plans of this kind (repeatable).", show_default=False),
]
StatusFilter = Annotated[
    list[str] | None,
    typer.Option("--status", help="Only plans in this status (repeatable).", show_default=False),
]
TableFormat = Annotated[
    str,
    typer.Option("--format", "-f", metavar="FORMAT", help="table, json, csv, markdown or html."),
]
Wide = Annotated[
    bool,
    typer.Option(
        "--wide",
        help="On a terminal, show every column, even those left out when they do not fit.",
    ),
]


@dataclass(frozen=True)
class Filters:
    coach: Sequence[str] = ()
    sponsor: Sequence[str] = ()
    kind: Sequence[str] = ()
    status: Sequence[str] = ()

    def accepts(self, plan: Plan) -> bool:
        def fold(values: Sequence[str]) -> set[str]:
            return {v.casefold() for v in values}

        return (
            (not self.coach or plan.coach.casefold() in fold(self.coach))
            and (not self.sponsor or (plan.sponsor or "").casefold() in fold(self.sponsor))
            and (not self.kind or plan.kind in self.kind)
            and (not self.status or plan.status in self.status)
        )


def make_filters(
    coach: list[str] | None,
    sponsor: list[str] | None,
    kind: list[str] | None,
    status: list[str] | None,
) -> Filters:
    from coachplan.cli.options import choose
    from coachplan.core.model import PLAN_KINDS, PLAN_STATUSES

    for k in kind or []:
        choose(k, PLAN_KINDS, "--kind")
    for s in status or []:
        choose(s, PLAN_STATUSES, "--status")
    return Filters(tuple(coach or ()), tuple(sponsor or ()), tuple(kind or ()), tuple(status or ()))


@dataclass
class Skipped:
    """The plans a bulk command skipped because they do not load: reported in one line at
    the end (`finish`), however many there are, instead of a line each."""

    count: int = 0
    first: str | None = None  # the first one's error, file:line:col and all

    def add(self, error: object) -> None:
        self.count += 1
        if self.first is None:
            self.first = str(error)

    def __bool__(self) -> bool:
        return self.count > 0

    def summary(self) -> str:
        if self.count == 1:
            return f"1 plan skipped: it does not load: {self.first}"
        return f"{self.count} plans skipped: they do not load; `coachplan validate` lists why"


PROGRESS_AFTER = 1.0  # seconds of work before a progress bar is worth showing


def tracked(items: Iterable[R], total: int, what: str) -> Iterator[R]:
    """`items`, as they come, with a progress bar on stderr while they take more than
    PROGRESS_AFTER seconds: only when stderr is a terminal, and gone when done (results and
    messages keep the screen). Nothing is imported or drawn for quick work or on a pipe."""
    import time

    # (A dumb terminal cannot redraw a line: it gets no bar either.)
    if not (sys.stderr.isatty() and total > 1) or os.environ.get("TERM") == "dumb":
        yield from items
        return
    started = time.monotonic()
    bar = None
    task = None
    done = 0
    try:
        for item in items:
            yield item
            done += 1
            if bar is None and time.monotonic() - started > PROGRESS_AFTER and done < total:
                bar = _progress_bar()
                bar.start()
                task = bar.add_task(what, total=total, completed=done)
            elif bar is not None and task is not None:
                bar.update(task, completed=done)
    finally:
        if bar is not None:
            bar.stop()


def _progress_bar() -> Progress:
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

    return Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        console=Console(file=sys.stderr),
        transient=True,
    )


def map_plans(
    workspace: Workspace, project: Callable[[str, Plan], R], filters: Filters | None = None
) -> tuple[list[R], Skipped]:
    """What `project(plan_id, plan)` gives for every plan of the workspace that loads and
    passes the filters (computed where the plan is loaded: see coachplan.engine.bulk), and the
    plans that failed to load, for `finish`."""
    rows = PlanRows(workspace, project, filters)
    return list(rows), rows.failed


class PlanRows(Generic[R]):
    """`map_plans` as the rows come in, in plan-id order, for output written as it is
    produced (json and csv): iterate once; then `failed` holds the plans that did not load.
    A progress bar shows on stderr while it takes long (`tracked`)."""

    def __init__(
        self,
        workspace: Workspace,
        project: Callable[[str, Plan], R],
        filters: Filters | None = None,
    ) -> None:
        self.workspace, self.project, self.filters = workspace, project, filters
        self.failed = Skipped()

    def __iter__(self) -> Iterator[R]:
        from coachplan.core.errors import CoachplanError
        from coachplan.engine.bulk import map_plans as each_plan

        accepts = None if self.filters is None else self.filters.accepts
        # By plan id (a file's name sorts `a-b.toml` before `a.toml`, its id after).
        paths = sorted(self.workspace.plan_files(), key=lambda path: path.stem)
        outcomes = each_plan(paths, self.project, accepts)
        for _, outcome in tracked(outcomes, len(paths), "Reading plans"):
            if isinstance(outcome, CoachplanError):
                self.failed.add(outcome)
            elif outcome is not None:
                yield outcome


def load_one(workspace: Workspace, ref: str) -> tuple[Path, Plan]:
    from coachplan.files.loader import load_plan

    path = workspace.resolve(ref)
    return path, load_plan(path)


def emit_table(table: Table, output_format: str, *, wide: bool = False) -> None:
    """A table on stdout: fitted to the terminal (see output.layout_width), whole on a pipe."""
    from coachplan.cli.options import choose
    from coachplan.render.table import TABLE_FORMATS, iter_table

    choose(output_format, TABLE_FORMATS, "--format")
    width = output.layout_width(sys.stdout)
    output.write_pieces(
        iter_table(
            table,
            output_format,
            terminal=width is not None,
            color=output.use_color(sys.stdout),
            width=width,
            wide=wide,
        )
    )


def finish(failed: Skipped) -> None:
    """After printing what could be: one line on stderr for the plans that do not load, and
    exit 2 when there are any (the rule of every bulk command)."""
    if failed:
        output.error(failed.summary())
        raise typer.Exit(2)
