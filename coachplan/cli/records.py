"""Commands that record what happened: measure, checkin, feedback, assess; and, with
`--remove DATE`, take a record out again.

`measure` and `checkin` are what coaches type most: one short line, today's date unless
--date, and a one-line confirmation with the progress it shows.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Annotated, Any

import typer

from coachplan.cli import prompts
from coachplan.cli.dated import Index, Records, remove_dated, remove_option
from coachplan.cli.editing import (
    DryRun,
    Force,
    NoInput,
    PlanArg,
    Yes,
    change,
    check_known,
    commit,
    confirming,
    date_option,
    entries,
    find_metric,
    ids,
    interactive,
    metric_ids,
    read_plan,
    record_date,
)
from coachplan.cli.prompts import ask

if TYPE_CHECKING:
    from coachplan.core.model import Plan
    from coachplan.engine.update import Change, Current

Note = Annotated[str | None, typer.Option("--note", help="Optional context for the value.")]
Rating = Annotated[int | None, typer.Option("--rating", min=1, max=5, help="A rating from 1 to 5.")]


def _refuse_same_date(
    what: str, day: date, current: Current, table: tuple[str | int, ...], key: str
) -> None:
    """Refuse a second record on a day: `what` ("a check-in") is recorded in the array `key`
    of the table at `table`."""
    from coachplan.core.errors import RefusedWrite
    from coachplan.files.textedit import resolve

    for k, held in entries(resolve(current.data, table), key):
        if held.get("date") == day:
            raise RefusedWrite(
                f"{what} on {day} is already recorded here; nothing written",
                where=current.where(*table, key, k),
                hint=f"give another --date, or change this entry with "
                f"`coachplan edit {current.file}`",
            )


def _number(value: float | None) -> str:
    from coachplan.render.table import number

    return number(value)


def progress_line(plan: Plan, metric_id: str) -> str:
    """`42 % on 2026-11-22, 55% of the way from 20 to 60 ██████░░░░, improving`."""
    from coachplan.core.progress import bar, metric_progress

    metric = next(m for _, m in plan.metrics() if m.id == metric_id)
    progress = metric_progress(metric)
    unit = f" {metric.unit}" if metric.unit else ""
    text = f"latest {_number(progress.latest)}{unit} ({progress.latest_date})"
    if progress.percent is not None:
        text += (
            f", {progress.percent}% of the way from {_number(metric.baseline)} to "
            f"{_number(metric.target)} {bar(progress.fraction, 10)}"
        )
    if progress.trend:
        text += f", {progress.trend}"
    if progress.meets_minimum is not None:
        text += f", minimum {'met' if progress.meets_minimum else 'not met'}"
    return text


def measure(
    plan: PlanArg,
    metric: Annotated[
        str | None, typer.Argument(metavar="METRIC", help="The metric's id.", show_default=False)
    ] = None,
    value: Annotated[
        str | None,
        typer.Argument(metavar="VALUE", help="The measured value.", show_default=False),
    ] = None,
    day: Annotated[str | None, date_option("When it was measured")] = None,
    note: Note = None,
    remove: Annotated[str | None, remove_option("measurement")] = None,
    index: Index = None,
    yes: Yes = False,
    dry_run: DryRun = False,
    force: Force = False,
    no_input: NoInput = False,
) -> None:
    """Record a measurement of a metric, and see its progress.

    A negative value goes after `--`: coachplan measure PLAN METRIC -- -3. A qualitative
    metric's value is a rating from 1 to 5. --remove DATE takes a measurement out again.

    Example: coachplan measure agent-2291 escalations-handled 41 --note "two agents own
    Tuesday rosters"
    """
    asking = interactive(no_input)
    if metric is None:
        _path, data, _plan = read_plan(plan)
        known = metric_ids(data)
        metric = ask(
            None,
            f"Metric ({', '.join(known)})",
            "METRIC",
            asking=asking,
            parse=prompts.known("metric", known),
        )
    if remove is not None:
        chosen = metric
        records = Records(
            f"{chosen} measurement",
            lambda data: (("goals", *_metric_at(data, chosen)), "measurements"),
            lambda m: (
                f"{m['date']}: {_number(m.get('value'))}"
                + (f" ({m['note']})" if m.get("note") else "")
            ),
            tables=False,
        )
        remove_dated(
            plan,
            records,
            remove,
            {"VALUE": value, "--date": day, "--note": note},
            index=index,
            yes=yes,
            dry_run=dry_run,
            force=force,
            no_input=no_input,
        )
        return
    when = record_date(plan, day)
    number = ask(value, "Value", "VALUE", asking=asking, parse=_value_parser(plan, metric, asking))
    measured: dict[str, Any] = {"date": when, "value": number}
    if note:
        measured["note"] = note

    def build(current: Current) -> Change:
        from coachplan.core.errors import UsageError
        from coachplan.files.textedit import AppendItem

        gi, mi = find_metric(current.data, metric)
        table = current.data["goals"][gi]["metrics"][mi]
        if table.get("kind") == "qualitative" and not 1 <= number <= 5:
            raise UsageError(
                f"VALUE: {_number(number)} is not on the 1-5 scale of qualitative metric "
                f"{metric}; nothing written",
                hint="give a rating from 1 to 5",
            )
        metric_at = ("goals", gi, "metrics", mi)
        _refuse_same_date(f"a measurement of {metric}", when, current, metric_at, "measurements")
        op = AppendItem(metric_at, "measurements", measured)
        return change([op], f"{metric} = {_number(number)} on {when}")

    confirm = confirming(lambda after: f"; {progress_line(after, metric)}")
    commit(plan, build, confirm=confirm, force=force, dry_run=dry_run)


def _metric_at(data: dict[str, Any], metric: str) -> tuple[str | int, ...]:
    gi, mi = find_metric(data, metric)
    return (gi, "metrics", mi)


def _value_parser(plan: str, metric: str, asking: bool) -> prompts.Parse[int | float]:
    """Numbers; at a prompt for a qualitative metric, ratings from 1 to 5 only."""
    if not asking:
        return prompts.a_number
    _path, data, _plan = read_plan(plan)
    try:
        gi, mi = find_metric(data, metric)
    except Exception:
        return prompts.a_number
    if data["goals"][gi]["metrics"][mi].get("kind") != "qualitative":
        return prompts.a_number

    def on_scale(value: int | float) -> str | None:
        return None if 1 <= value <= 5 else f"{_number(value)} is not a rating from 1 to 5"

    return prompts.checked(prompts.a_number, on_scale)


def _minutes(value: str) -> int:
    """A session's length: whole minutes, at most a day."""
    text = value.strip()
    if not text.isdigit() or not 1 <= int(text) <= 1440:
        raise prompts.Invalid(
            f"{value!r} is not a number of minutes", "give a whole number from 1 to 1440"
        )
    return int(text)


def _checkin_summary(plan: Plan) -> str:
    from coachplan.core.progress import metric_progress

    held = len(plan.checkins)
    parts = [f"{held} held"]
    from coachplan.cli.options import today
    from coachplan.reports.schedule import checkin_state

    # The schedule the overdue report uses: the next due date counts from the latest
    # check-in held, which is not the one just recorded if that was recorded late.
    state = checkin_state(plan, today(), grace_days=0)
    if plan.status != "active":
        parts.append(f"the plan is {plan.status}: no check-in due")
    elif state is not None:
        next_due = state.next_due
        parts.append(f"next due by {next_due}" if next_due else "no further check-in due")
    fractions = [
        p.fraction
        for _, m in plan.metrics()
        for p in [metric_progress(m)]
        if p.fraction is not None
    ]
    if fractions:
        average = round(100 * sum(fractions) / len(fractions))
        parts.append(f"metrics {average}% of the way on average")
    return "; ".join(parts)


def checkin(
    plan: PlanArg,
    day: Annotated[str | None, date_option("When the one-on-one was held")] = None,
    notes: Annotated[str | None, typer.Option("--notes", help="What was discussed.")] = None,
    rating: Rating = None,
    next_steps: Annotated[str | None, typer.Option("--next", help="The agreed next steps.")] = None,
    minutes: Annotated[
        int | None,
        typer.Option("--minutes", min=1, max=1440, help="How long the session was, in minutes."),
    ] = None,
    remove: Annotated[str | None, remove_option("check-in")] = None,
    index: Index = None,
    yes: Yes = False,
    dry_run: DryRun = False,
    force: Force = False,
    no_input: NoInput = False,
) -> None:
    """Log a one-on-one that was held; the rating is the coachee's rating of the session.

    On a terminal, asks for notes, rating, minutes and next steps (Enter skips each). The
    minutes add up to the coaching effort in `report outcomes`. --remove DATE takes a
    check-in out again.

    Example: coachplan checkin agent-2291 --notes "Reviewed the escalation log" --rating 4
    --minutes 30
    """
    if remove is not None:
        remove_dated(
            plan,
            CHECKINS,
            remove,
            {
                "--date": day,
                "--notes": notes,
                "--rating": rating,
                "--minutes": minutes,
                "--next": next_steps,
            },
            index=index,
            yes=yes,
            dry_run=dry_run,
            force=force,
            no_input=no_input,
        )
        return
    asking = interactive(no_input)
    when = record_date(plan, day)
    notes = ask(notes, "Notes", "--notes", asking=asking, required=False)
    if rating is None and asking:
        rating = prompts.prompt("Rating 1-5", prompts.a_rating, required=False)
    if minutes is None and asking:
        minutes = prompts.prompt("Minutes", _minutes, required=False)
    next_steps = ask(next_steps, "Next steps", "--next", asking=asking, required=False)
    entry = {
        "date": when,
        "minutes": minutes,
        "notes": notes,
        "rating": rating,
        "next_steps": next_steps,
    }

    def build(current: Current) -> Change:
        from coachplan.files.textedit import AddTable, without_none

        _refuse_same_date("a check-in", when, current, (), "checkins")
        op = AddTable((), "checkins", without_none(entry))
        return change([op], f"check-in on {when} recorded")

    confirm = confirming(lambda after: f" ({_checkin_summary(after)})")
    commit(plan, build, confirm=confirm, force=force, dry_run=dry_run)


def _short(text: object, width: int = 60) -> str:
    """One line of at most `width` characters, for listing a record."""
    line = " ".join(str(text or "").split())
    return line if len(line) <= width else line[: width - 1] + "…"


CHECKINS = Records(
    "check-in",
    lambda data: ((), "checkins"),
    lambda c: (
        f"{c['date']}"
        + (f", rating {c['rating']}" if c.get("rating") is not None else "")
        + (f": {_short(c['notes'])}" if c.get("notes") else "")
    ),
)
FEEDBACK = Records(
    "feedback",
    lambda data: ((), "feedback"),
    lambda f: (
        f"{f['date']}, {f.get('source')}"
        + (f" ({f['by']})" if f.get("by") else "")
        + f": {_short(f.get('comment'))}"
    ),
)
ASSESSMENTS = Records(
    "re-assessment",
    lambda data: ((), "assessments"),
    lambda a: (
        f"{a['date']}"
        + (f" ({a['method']})" if a.get("method") else "")
        + ": "
        + ", ".join(f"{k} {v}" for k, v in (a.get("levels") or {}).items())
    ),
)


def feedback(
    plan: PlanArg,
    source: Annotated[
        str | None,
        typer.Option("--source", help="self, peer, manager, direct-report or stakeholder."),
    ] = None,
    by: Annotated[str | None, typer.Option("--by", help="Who gave it.")] = None,
    rating: Rating = None,
    comment: Annotated[str | None, typer.Option("--comment", help="The feedback.")] = None,
    goal: Annotated[str | None, typer.Option("--goal", help="The goal it concerns.")] = None,
    day: Annotated[str | None, date_option("When it was given")] = None,
    remove: Annotated[str | None, remove_option("feedback")] = None,
    index: Index = None,
    yes: Yes = False,
    dry_run: DryRun = False,
    force: Force = False,
    no_input: NoInput = False,
) -> None:
    """Record 360-degree or other feedback.

    --remove DATE takes feedback out again; where several share the date, it lists them and
    asks which (or --index N).

    Example: coachplan feedback agent-2291 --source peer --by "Agent 4012" --rating 4
    --comment "The listening sessions are useful" --goal peer-call-coaching
    """
    from coachplan.core.model import FeedbackSource

    if remove is not None:
        remove_dated(
            plan,
            FEEDBACK,
            remove,
            {
                "--source": source,
                "--by": by,
                "--rating": rating,
                "--comment": comment,
                "--goal": goal,
                "--date": day,
            },
            index=index,
            yes=yes,
            dry_run=dry_run,
            force=force,
            no_input=no_input,
        )
        return
    sources: tuple[str, ...] = FeedbackSource.__args__  # type: ignore[attr-defined]
    asking = interactive(no_input)
    when = record_date(plan, day)
    source = ask(
        source,
        f"Source ({', '.join(sources)})",
        "--source",
        asking=asking,
        parse=prompts.one_of(sources, "a source"),
    )
    comment = ask(comment, "Comment", "--comment", asking=asking)
    if by is not None:
        by = prompts.option(by, "--by", prompts.one_line)
    entry = {
        "date": when,
        "source": source,
        "by": by,
        "rating": rating,
        "comment": comment,
        "goal": goal,
    }

    def build(current: Current) -> Change:
        from coachplan.files.textedit import AddTable, without_none

        check_known("goal", [goal], ids(current.data, "goals"))
        op = AddTable((), "feedback", without_none(entry))
        return change([op], f"{source} feedback of {when} recorded")

    commit(plan, build, force=force, dry_run=dry_run)


def assess(
    plan: PlanArg,
    levels: Annotated[
        list[str] | None,
        typer.Argument(metavar="SKILL=LEVEL...", help="Assessed levels, e.g. delegation=3."),
    ] = None,
    day: Annotated[str | None, date_option("When the re-assessment was made")] = None,
    method: Annotated[
        str | None, typer.Option("--method", help="How the levels were assessed.")
    ] = None,
    remove: Annotated[str | None, remove_option("re-assessment")] = None,
    index: Index = None,
    yes: Yes = False,
    dry_run: DryRun = False,
    force: Force = False,
    no_input: NoInput = False,
) -> None:
    """Record a re-assessment of baseline skills, to compare before and after.

    --remove DATE takes a re-assessment out again.

    Example: coachplan assess agent-2291 delegation=3 feedback=3 --method "360 survey"
    """
    from coachplan.cli.baseline import baseline_skills, parse_levels
    from coachplan.core.errors import UsageError

    if remove is not None:
        remove_dated(
            plan,
            ASSESSMENTS,
            remove,
            {"SKILL=LEVEL": levels, "--date": day, "--method": method},
            index=index,
            yes=yes,
            dry_run=dry_run,
            force=force,
            no_input=no_input,
        )
        return
    if not levels:
        raise UsageError("give at least one SKILL=LEVEL", hint="e.g. delegation=3")
    assessed = parse_levels(levels)
    when = record_date(plan, day)

    def build(current: Current) -> Change:
        from coachplan.files.textedit import AddTable, without_none

        skills = baseline_skills(current.data)
        if not skills:
            raise UsageError(
                "the plan has no baseline skills to re-assess",
                hint=f"record them first with `coachplan baseline {current.file}`",
            )
        check_known("baseline skill", assessed, skills)
        entry = {"date": when, "method": method, "levels": assessed}
        changes = ", ".join(f"{k} {v}" for k, v in assessed.items())
        return change(
            [AddTable((), "assessments", without_none(entry))],
            f"re-assessment of {when} recorded: {changes}",
        )

    commit(plan, build, force=force, dry_run=dry_run)


def register(app: typer.Typer) -> None:
    for command in (measure, checkin, feedback, assess):
        app.command(rich_help_panel="Recording")(command)
