"""`coachplan export --format sqlite|jsonl`: every plan the filters select, as data for
analytics tools (docs/analytics.md)."""

from __future__ import annotations

import functools
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from coachplan.cli import output
from coachplan.cli.common import PlanRows, Skipped, finish

if TYPE_CHECKING:
    from coachplan.cli.common import Filters
    from coachplan.core.privacy import Privacy
    from coachplan.files.workspace import Workspace


@dataclass(frozen=True)
class DatasetRequest:
    output_format: str  # sqlite or jsonl
    filters: Filters
    as_of: date
    since: date  # the start of report coaches' period
    reports: bool  # sqlite: fill the report tables
    redact: bool
    pseudonymize: bool
    output_file: Path | None


def export_dataset(workspace: Workspace, request: DatasetRequest) -> None:
    """Write the dataset; plans that do not load (or whose ids are not unique) are left
    out and counted, and the exit code is 2 when there are any, as in every bulk command."""
    import os

    from coachplan.core.privacy import KEY_VARIABLE, Privacy, pseudonym_key

    privacy = Privacy(redact=request.redact)
    if request.pseudonymize:
        privacy = _pseudonymizing(workspace, privacy, pseudonym_key(os.environ.get(KEY_VARIABLE)))
    folder = _plans_folder(workspace)
    if request.output_format == "jsonl":
        finish(_jsonl(workspace, request, folder, privacy))
    else:
        finish(_sqlite(workspace, request, folder, privacy))


def _pseudonymizing(workspace: Workspace, privacy: Privacy, key: bytes) -> Privacy:
    """The privacy options with the key, and every name and plan id of the workspace's
    plans (a first pass over all of them, filters or not): a name is replaced wherever it
    appears in text, also in another person's plan."""
    from dataclasses import replace

    from coachplan.cli.common import map_plans
    from coachplan.core.privacy import known, names_of

    found, _ = map_plans(workspace, names_of)  # plans that do not load are counted later
    names, plan_ids = known(found)
    return replace(privacy, key=key, names=names, plan_ids=plan_ids)


def _plans_folder(workspace: Workspace) -> str:
    """The plans directory as a path from the repository root (as CI reports name files)."""
    from coachplan.files.gitrevs import repository_path, repository_root

    root = repository_root(Path.cwd()) or workspace.root.resolve()
    return repository_path(str(workspace.plans_dir), root)


def _jsonl(workspace: Workspace, request: DatasetRequest, folder: str, privacy: Privacy) -> Skipped:
    from coachplan.render.dataset import plan_line

    work = functools.partial(plan_line, folder=folder, privacy=privacy)
    lines = PlanRows(workspace, work, request.filters)
    if request.output_file is None:
        output.write_pieces(lines)
        return lines.failed
    from coachplan.files.store import write_atomic

    written = 0

    def counted() -> Iterator[str]:
        nonlocal written
        for line in lines:
            written += 1
            yield line

    write_atomic(request.output_file, counted())
    output.info(f"wrote {request.output_file}: {_plans(written)}")
    return lines.failed


def _sqlite(
    workspace: Workspace, request: DatasetRequest, folder: str, privacy: Privacy
) -> Skipped:
    from coachplan import __version__
    from coachplan.core import dataset as tables
    from coachplan.core.model import FORMAT_VERSION
    from coachplan.files.database import writing
    from coachplan.files.loader import display_path
    from coachplan.reports.dataset import (
        Options,
        ReportDay,
        coach_rows,
        meta_rows,
        plan_dataset,
    )

    assert request.output_file is not None
    thresholds = workspace.settings.thresholds
    grace = thresholds.grace_days
    day = ReportDay(request.as_of, request.since, grace) if request.reports else None
    options = Options(folder, privacy, day)
    chosen = [*tables.PLAN_TABLES, *(tables.REPORT_TABLES if request.reports else ())]
    kept = [
        t.kept(redact=privacy.redact) for t in chosen if not (privacy.redact and t.redacted_away)
    ]
    found = PlanRows(workspace, functools.partial(plan_dataset, options=options), request.filters)
    shares = []  # each plan's share of its coach's row in report_coaches: small
    with writing(request.output_file, [*kept, tables.META]) as database:
        for plan in found:
            if plan.problem is not None:
                path = workspace.plans_dir / f"{plan.plan_id}.toml"
                found.failed.add(f"{display_path(path)}: {plan.problem}")
                continue
            database.add(plan.rows)
            if plan.share is not None:
                shares.append(plan.share)
        if request.reports:
            database.add(coach_rows(shares, thresholds.weekly_below, privacy))
        database.flush()  # every plan counted
        plans = database.counts[tables.PLANS.name]
        database.add(
            {
                tables.META.name: meta_rows(
                    [
                        ("dataset_version", tables.DATASET_VERSION),
                        ("coachplan_version", __version__),
                        ("plan_format_version", FORMAT_VERSION),
                        ("as_of", request.as_of),
                        ("since", request.since if request.reports else None),
                        ("grace_days", grace if request.reports else None),
                        ("weekly_below", thresholds.weekly_below if request.reports else None),
                        ("report_tables", request.reports),
                        ("redacted", privacy.redact),
                        ("pseudonymized", privacy.pseudonymize),
                        ("plans", plans),
                        ("skipped", found.failed.count),
                    ]
                )
            }
        )
    output.info(f"wrote {request.output_file}: {_plans(plans)}")
    return found.failed


def _plans(n: int) -> str:
    return f"{n} plan" + ("" if n == 1 else "s")


def refuse_terminal(output_format: str) -> None:
    """A database is not for a terminal: sqlite needs --output."""
    from coachplan.core.errors import UsageError

    raise UsageError(
        f"--format {output_format} writes a database file: give --output FILE",
        hint="e.g. coachplan export --format sqlite --output plans.db",
    )
