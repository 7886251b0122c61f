"""`coachplan status`: move a plan through draft, active, paused, completed and cancelled."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated, Any

import typer

from coachplan.cli import output
from coachplan.cli.editing import (
    DryRun,
    NoInput,
    PlanArg,
    change,
    commit,
    date_option,
    record_date,
)
from coachplan.cli.options import choose

if TYPE_CHECKING:
    from coachplan.engine.update import Change, Current


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
    dry_run: DryRun = False,
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
            return change([], f"already {new_status}")
        from coachplan.files.textedit import SetValue

        forced = allowed(current, str(was), new_status, "status", force)
        ops = [
            SetValue((), "status", new_status),
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
        return change(ops, f"status {was} -> {new_status}")

    commit(plan, build, force=force, dry_run=dry_run)


def _path_of(ref: str) -> Any:
    from coachplan.cli.options import workspace_here

    return workspace_here().resolve(ref)


def register(app: typer.Typer) -> None:
    app.command(rich_help_panel="Editing")(status)
