"""Helpers the command modules share: loading the workspace's plans, filters, output."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Generic, TypeVar

import typer

from coachplan.cli import output

if TYPE_CHECKING:
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
    str, typer.Option("--format", "-f", help="table, json, csv, markdown or html.")
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


def map_plans(
    workspace: Workspace, project: Callable[[str, Plan], R], filters: Filters | None = None
) -> tuple[list[R], int]:
    """What `project(plan_id, plan)` gives for every plan of the workspace that loads and
    passes the filters (computed where the plan is loaded: see coachplan.engine.bulk), and how
    many plans failed to load; one line on stderr for each of those."""
    rows = PlanRows(workspace, project, filters)
    return list(rows), rows.failed


class PlanRows(Generic[R]):
    """`map_plans` as the rows come in, by plan id, for output written as it is produced
    (json and csv): iterate once, then `failed` says how many plans did not load."""

    def __init__(
        self,
        workspace: Workspace,
        project: Callable[[str, Plan], R],
        filters: Filters | None = None,
    ) -> None:
        self.workspace, self.project, self.filters = workspace, project, filters
        self.failed = 0

    def __iter__(self) -> Iterator[R]:
        from coachplan.core.errors import CoachplanError
        from coachplan.engine.bulk import map_plans as each_plan

        accepts = None if self.filters is None else self.filters.accepts
        # By plan id (a file's name sorts `a-b.toml` before `a.toml`, its id after).
        paths = sorted(self.workspace.plan_files(), key=lambda path: path.stem)
        for _, outcome in each_plan(paths, self.project, accepts):
            if isinstance(outcome, CoachplanError):
                output.error(f"{outcome} (skipped)")
                self.failed += 1
            elif outcome is not None:
                yield outcome


def load_one(workspace: Workspace, ref: str) -> tuple[Path, Plan]:
    from coachplan.files.loader import load_plan

    path = workspace.resolve(ref)
    return path, load_plan(path)


def emit_table(table: Table, output_format: str) -> None:
    from coachplan.cli.options import choose
    from coachplan.render.table import TABLE_FORMATS, iter_table

    choose(output_format, TABLE_FORMATS, "--format")
    terminal = sys.stdout.isatty()
    output.write_pieces(
        iter_table(table, output_format, terminal=terminal, color=output.use_color(sys.stdout))
    )


def finish(failed: int) -> None:
    """Exit 2 when some plan could not be read, after printing what could be."""
    if failed:
        raise typer.Exit(2)
