"""How plans end: `close` (completed, cancelled, or a pip extended) and `reopen`.

Both follow the status transition table (coachplan.core.lifecycle), as `status` does, and
append a dated revision for every status change; `--force` overrides the table and says so
in the revision.
"""

from __future__ import annotations

from datetime import date
from pathlib import PurePath
from typing import TYPE_CHECKING, Annotated, Any

import typer

from coachplan.cli import output, prompts
from coachplan.cli.completion import outcomes, plan_ids
from coachplan.cli.editing import (
    DryRun,
    NoInput,
    change,
    commit,
    date_option,
    interactive,
    read_plan,
    record_date,
)
from coachplan.cli.prompts import ask

if TYPE_CHECKING:
    from coachplan.core.model import Plan
    from coachplan.engine.update import Change, Current, Updated

PlanArg = Annotated[
    str,
    typer.Argument(
        metavar="PLAN", help="A plan id or a path to a plan file.", autocompletion=plan_ids
    ),
]
ForceTransition = Annotated[
    bool,
    typer.Option(
        "--force",
        help="Make the change even where the status transition table refuses it (recorded "
        "in the revision), or the plan does not load now.",
    ),
]
EndOption = Annotated[
    str | None, typer.Option("--end", metavar="DATE", help="The plan's new end (YYYY-MM-DD).")
]


def allowed(current: Current, old: str, new: str, command: str, force: bool) -> bool:
    """Whether the change from `old` to `new` needs `force` (True: forced); refused when it
    does and `force` is not given."""
    from coachplan.core.errors import RefusedWrite
    from coachplan.core.lifecycle import refusal

    plan = current.plan
    refused = refusal(
        old,
        new,
        command,
        kind=str(current.data.get("kind", "")),
        closing=plan.closing if plan is not None else None,
        plan=PurePath(current.file).stem,
    )
    if refused is None:
        return False
    if force:
        return True
    raise RefusedWrite(
        f"{refused.message}; status unchanged",
        where=current.where("status") if "status" in current.data else None,
        hint=f"{refused.hint}; or --force to make the change anyway",
    )


def status_revision(
    old: str, new: str, when: date, detail: str | None = None, *, forced: bool = False
) -> Any:
    """The op appending the dated revision of a status change."""
    from coachplan.core.lifecycle import status_summary

    return revision(when, status_summary(old, new, detail, forced=forced))


def revision(when: date, summary: str) -> Any:
    """The op appending a revision of its own (the change says so: `revise=False`)."""
    from coachplan.files.textedit import AddTable

    return AddTable((), "revisions", {"date": when, "summary": summary})


def _closing_date(ref: str, day: str | None, end: date | None, *, cancel: bool) -> date:
    """--date, else today; a plan completed more than the grace days after its end is closed
    on its end, which is when it ended."""
    from coachplan.cli.options import workspace_here

    when = record_date(ref, day)
    if day is None and end is not None and not cancel:
        grace = workspace_here().settings.thresholds.record_grace_days
        if (when - end).days > grace:
            output.info(
                f"the plan ended on {end}: the closing is dated then (--date for another day)"
            )
            return end
    return when


def _outcome(value: str | None, kind: str, cancel: bool, asking: bool) -> str | None:
    from coachplan.core.errors import UsageError
    from coachplan.core.lifecycle import EXTENDED, outcomes_for

    if cancel:
        if value is not None:
            raise UsageError("give --outcome or --cancel, not both")
        return None
    choices = outcomes_for(kind) + ((EXTENDED,) if kind == "pip" else ())
    if value is None and not asking:
        raise UsageError(
            "give --outcome or --cancel",
            hint=f"the outcomes of a {kind or 'coaching'} plan: {', '.join(choices)}",
        )
    article = "an" if (kind or "a")[0] in "aeiou" else "a"
    parse = prompts.one_of(choices, f"an outcome of {article} {kind} plan")
    chosen: str = ask(
        value, f"Outcome ({', '.join(choices)})", "--outcome", asking=asking, parse=parse
    )
    return chosen


def close(
    plan: PlanArg,
    outcome: Annotated[
        str | None,
        typer.Option(
            "--outcome",
            help="achieved, partly-achieved or not-achieved; a pip: passed, not-passed, or "
            "extended (with --end: more time, the plan stays active).",
            autocompletion=outcomes,
        ),
    ] = None,
    summary: Annotated[
        str | None, typer.Option("--summary", help="What the plan achieved, in words.")
    ] = None,
    cancel: Annotated[
        bool, typer.Option("--cancel", help="Cancel the plan instead (needs --reason).")
    ] = False,
    reason: Annotated[
        str | None,
        typer.Option(
            "--reason",
            help="Why the plan is cancelled (--cancel), or why a pip is extended.",
        ),
    ] = None,
    levels: Annotated[
        list[str] | None,
        typer.Option(
            "--level",
            metavar="SKILL=N",
            help="A final assessed level of a baseline skill (repeatable).",
            show_default=False,
        ),
    ] = None,
    end: EndOption = None,
    day: Annotated[
        str | None,
        date_option("When the plan was closed (or the pip extended)"),
    ] = None,
    force: ForceTransition = False,
    dry_run: DryRun = False,
    no_input: NoInput = False,
) -> None:
    """Close a plan: completed with an outcome, cancelled with a reason, or a pip extended.

    Completing writes [closing] with the date, outcome and summary (and final skill levels
    with --level) and sets the status to completed. --cancel sets it to cancelled, with the
    reason. A pip's `--outcome extended --end DATE` moves its end instead: the pip stays
    active, and its sign-offs must be given again. Each appends a dated revision.

    Example: coachplan close agent-2291 --outcome achieved --summary "Runs the roster
    alone; escalations down to 12%" --level delegation=4
    """
    from coachplan.core.errors import UsageError
    from coachplan.core.lifecycle import EXTENDED

    asking = interactive(no_input)
    _path, data, loaded = read_plan(plan)
    kind = str(data.get("kind", ""))
    chosen = _outcome(outcome, kind, cancel, asking)
    if chosen not in (EXTENDED, None) and reason is not None:
        raise UsageError("--reason is for --cancel", hint="say what the plan achieved in --summary")
    if chosen == EXTENDED:
        if summary is not None or levels:
            raise UsageError(
                "--outcome extended keeps the pip active: it takes --end and --reason",
                hint="close the pip with passed or not-passed when it ends",
            )
        new_end = ask(end, "New end (YYYY-MM-DD)", "--end", asking=asking, parse=prompts.a_date)
        why = ask(reason, "Why is the pip extended", "--reason", asking=asking, required=False)
        _extend(plan, new_end, why, record_date(plan, day), force, dry_run)
        return
    if end is not None:
        raise UsageError("--end is for --outcome extended", hint="a closed plan keeps its window")
    if cancel:
        reason = ask(reason, "Why is the plan cancelled", "--reason", asking=asking)
    else:
        summary = ask(summary, "Summary (what the plan achieved)", "--summary", asking=asking)
    final = _final_levels(levels or [], data)
    plan_end = loaded.end if loaded is not None else None
    when = _closing_date(plan, day, plan_end, cancel=cancel)
    entry = {
        "date": when,
        "outcome": chosen,
        "summary": summary,
        "reason": reason if cancel else None,
        "levels": final or None,
    }
    new = "cancelled" if cancel else "completed"

    def build(current: Current) -> Change:
        from coachplan.core.errors import RefusedWrite
        from coachplan.files.textedit import AddTable, SetValue, without_none

        old = str(current.data.get("status"))
        if "closing" in current.data:
            raise RefusedWrite(
                f"the plan already has a closing ({_closing_words(current)}); nothing written",
                where=current.where("closing"),
                hint=f"`coachplan reopen {current.file} --reason ...` takes it out; or change "
                f"it with `coachplan edit {current.file}`",
            )
        ops: list[Any] = [AddTable((), "closing", without_none(entry), array=False)]
        if old == new:  # closed before coachplan wrote closings: the closing alone
            return change(ops, f"closing of the {new} plan recorded", revise=False)
        forced = allowed(current, old, new, "close", force)
        detail = reason if cancel else f"closed as {chosen}"
        ops.insert(0, SetValue((), "status", new))
        ops.append(status_revision(old, new, when, detail, forced=forced))
        what = f"cancelled on {when}" if cancel else f"closed on {when} as {chosen}"
        return change(ops, f"{what} (status {old} -> {new})", revise=False)

    commit(plan, build, confirm=_attainment_line, force=force, dry_run=dry_run)


def _closing_words(current: Current) -> str:
    closing = current.data.get("closing")
    if not isinstance(closing, dict):
        return "written by hand"
    return f"{closing.get('date')}, {closing.get('outcome') or 'cancelled'}"


def _final_levels(pairs: list[str], data: dict[str, Any]) -> dict[str, int]:
    from coachplan.cli.baseline import baseline_skills, parse_levels
    from coachplan.cli.editing import check_known

    found = parse_levels(pairs, "--level")
    check_known("baseline skill", found, baseline_skills(data))
    return found


def _attainment_line(updated: Updated) -> str:
    """The confirmation of a close: what was done, and how far the goals were attained."""
    done = f"{updated.file}: {updated.change.done}"
    plan = updated.after
    if plan is None or plan.closing is None or plan.closing.outcome is None:
        return done
    from coachplan.core.attainment import plan_attainment
    from coachplan.render.closing import attainment_words

    return f"{done}; goal attainment: {attainment_words(plan_attainment(plan, plan.closing.date))}"


def _extend(
    ref: str, new_end: date, why: str | None, when: date, force: bool, dry_run: bool
) -> None:
    """A pip's `--outcome extended`: a later end, recorded as a revision; it stays active."""
    from coachplan.cli.options import workspace_here
    from coachplan.core.errors import RefusedWrite, UsageError
    from coachplan.core.lifecycle import extension_summary
    from coachplan.files.textedit import SetValue

    thresholds = workspace_here().settings.thresholds

    def build(current: Current) -> Change:
        plan = current.plan
        if plan is None:
            raise RefusedWrite("a plan that does not load cannot be extended; fix it first")
        if plan.status not in ("active", "paused") and not force:
            raise RefusedWrite(
                f"only an active or paused pip is extended; this one is {plan.status}",
                where=current.where("status"),
                hint="reopen it first (`coachplan reopen`), or --force",
            )
        if new_end <= plan.end:
            raise UsageError(
                f"--end {new_end} is not after the pip's end ({plan.end})",
                hint="an extension moves the end later",
            )
        days = (new_end - plan.start).days
        limit = thresholds.pip_max_days + thresholds.pip_extension_days
        if days > limit and not force:
            raise RefusedWrite(
                f"the extended pip would run {days} days; at most {limit} are allowed "
                f"(pip_max_days {thresholds.pip_max_days} and pip_extension_days "
                f"{thresholds.pip_extension_days})",
                where=current.where("end"),
                hint="give an earlier --end, or close the pip and follow it with a coaching plan",
            )
        summary = extension_summary(plan.end, new_end, why)
        ops = [SetValue((), "end", new_end), revision(when, summary)]
        return change(ops, f"pip extended: end {plan.end} -> {new_end}", revise=False)

    commit(ref, build, force=force, dry_run=dry_run)


def reopen(
    plan: PlanArg,
    reason: Annotated[
        str | None,
        typer.Option("--reason", help="Why the plan is reopened; recorded in the revision."),
    ] = None,
    end: EndOption = None,
    day: Annotated[str | None, date_option("When the plan was reopened")] = None,
    force: ForceTransition = False,
    dry_run: DryRun = False,
    no_input: NoInput = False,
) -> None:
    """Reopen a completed or cancelled plan: it becomes active again (a plan cancelled as a
    draft goes back to draft) and its closing is taken out, kept in the revision.

    A plan whose window has ended needs a new end (--end), since coaching goes on.

    Example: coachplan reopen agent-2291 --reason "Closed by mistake" --end 2027-03-31
    """
    asking = interactive(no_input)
    why = ask(reason, "Why is the plan reopened", "--reason", asking=asking)
    when = record_date(plan, day)
    new_end = prompts.option(end, "--end", prompts.a_date) if end is not None else None

    def build(current: Current) -> Change:
        from coachplan.core.errors import RefusedWrite, UsageError
        from coachplan.core.lifecycle import CLOSED, reopened_status
        from coachplan.files.textedit import RemoveTable, SetValue

        old = str(current.data.get("status"))
        if old not in CLOSED:
            stem = PurePath(current.file).stem
            hint = f"resume it with `coachplan status {stem} active`" if old == "paused" else ""
            raise RefusedWrite(
                f"the plan is {old}: only a completed or cancelled plan is reopened",
                where=current.where("status"),
                hint=hint or None,
            )
        plan = current.plan
        new = reopened_status(plan) if plan is not None else "active"
        forced = allowed(current, old, new, "reopen", force)
        last_day = plan.end if plan is not None else None
        if new_end is not None:
            if new_end < when:
                raise UsageError(f"--end {new_end} is before {when}", hint="give a later end")
        elif new == "active" and last_day is not None and last_day < when:
            if not force:
                raise RefusedWrite(
                    f"the plan's window ended on {last_day}; a plan reopened to go on "
                    "coaching needs a new end",
                    where=current.where("end"),
                    hint="give --end DATE, or --force to reopen it as it is",
                )
            forced = True
        details = [f"reopened: {why}"]
        ops: list[Any] = [SetValue((), "status", new)]
        if "closing" in current.data:
            closing = _closing_record(plan, current.data["closing"])
            details.append(f"closing taken out: {closing}")
            ops.append(RemoveTable((), "closing"))
        if new_end is not None and new_end != last_day:
            ops.append(SetValue((), "end", new_end))
            details.append(f"end {last_day} -> {new_end}")
        ops.append(status_revision(old, new, when, "; ".join(details), forced=forced))
        return change(ops, f"reopened (status {old} -> {new})", revise=False)

    commit(plan, build, force=force, dry_run=dry_run)


def _closing_record(plan: Plan | None, raw: Any) -> str:
    """Everything a closing said, in one line for the revision that takes it out."""
    closing = plan.closing if plan is not None else None
    if closing is None:
        return str(raw)
    parts = [f"{closing.date}", closing.outcome or "cancelled"]
    parts += [f"summary: {closing.summary}"] if closing.summary else []
    parts += [f"reason: {closing.reason}"] if closing.reason else []
    if closing.levels:
        parts.append("final levels " + ", ".join(f"{k} {v}" for k, v in closing.levels.items()))
    return "; ".join(" ".join(p.split()) for p in parts)


def register(app: typer.Typer) -> None:
    app.command(rich_help_panel="Editing")(close)
    app.command(rich_help_panel="Editing")(reopen)
