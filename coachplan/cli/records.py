"""Commands that record what happened: measure, checkin, feedback, baseline, assess, signoff.

`measure` and `checkin` are what coaches type most: one short line, today's date unless
--date, and a one-line confirmation with the progress it shows.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import TYPE_CHECKING, Annotated, Any

import typer

from coachplan.cli.editing import (
    Force,
    NoInput,
    PlanArg,
    ask,
    commit,
    date_option,
    entries,
    find_metric,
    ids,
    interactive,
    metric_ids,
    need,
    parse_number,
    read_plan,
    record_date,
    unknown,
)
from coachplan.cli.options import choose, parse_date

if TYPE_CHECKING:
    from coachplan.core.model import Plan
    from coachplan.engine.update import Change, Current, Updated

Note = Annotated[str | None, typer.Option("--note", help="Optional context for the value.")]
Rating = Annotated[int | None, typer.Option("--rating", min=1, max=5, help="A rating from 1 to 5.")]


def _change(*args: Any, **kwargs: Any) -> Change:
    from coachplan.engine.update import Change

    return Change(*args, **kwargs)


def _refuse_same_date(what: str, day: date, current: Current, *path: str | int) -> Exception:
    """Refuse a second record on a day; `path` is where the one recorded stands."""
    from coachplan.core.errors import RefusedWrite

    return RefusedWrite(
        f"{what} on {day} is already recorded here; nothing written",
        where=current.where(*path),
        hint=f"give another --date, or change this entry with `coachplan edit {current.file}`",
    )


def _rating(value: str | None, option: str) -> int | None:
    from coachplan.core.errors import UsageError

    if value is None:
        return None
    if value.strip() not in {"1", "2", "3", "4", "5"}:
        raise UsageError(f"{option}: {value!r} is not a rating from 1 to 5")
    return int(value)


def _minutes(value: str | None) -> int | None:
    from coachplan.core.errors import UsageError

    if value is None:
        return None
    text = value.strip()
    if not text.isdigit() or not 1 <= int(text) <= 1440:
        raise UsageError(f"--minutes: {value!r} is not a number of minutes from 1 to 1440")
    return int(text)


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
    force: Force = False,
    no_input: NoInput = False,
) -> None:
    """Record a measurement of a metric, and see its progress.

    A negative value goes after `--`: coachplan measure PLAN METRIC -- -3.

    Example: coachplan measure agent-2291 escalations-handled 41 --note "two agents own
    Tuesday rosters"
    """
    asking = interactive(no_input)
    when = record_date(plan, day)
    if metric is None:
        _path, data, _plan = read_plan(plan)
        metric = need(
            ask(None, f"Metric ({', '.join(metric_ids(data))})", "METRIC", asking=asking),
            "METRIC",
        )
    number = parse_number(need(ask(value, "Value", "VALUE", asking=asking), "VALUE"), "VALUE")
    measured: dict[str, Any] = {"date": when, "value": number}
    if note:
        measured["note"] = note

    def build(current: Current) -> Change:
        from coachplan.files.textedit import AppendItem

        gi, mi = find_metric(current.data, metric)
        table = current.data["goals"][gi]["metrics"][mi]
        for k, held in enumerate(table.get("measurements", [])):
            if isinstance(held, dict) and held.get("date") == when:
                where = ("goals", gi, "metrics", mi, "measurements", k)
                raise _refuse_same_date(f"a measurement of {metric}", when, current, *where)
        op = AppendItem(("goals", gi, "metrics", mi), "measurements", measured)
        return _change([op], f"{metric} = {_number(number)} on {when}")

    confirm = _confirming(lambda after: f"; {progress_line(after, metric)}")
    commit(plan, build, confirm=confirm, force=force)


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
    force: Force = False,
    no_input: NoInput = False,
) -> None:
    """Log a one-on-one that was held; the rating is the coachee's rating of the session.

    On a terminal, asks for notes, rating, minutes and next steps (Enter skips each). The
    minutes add up to the coaching effort in `report outcomes`.

    Example: coachplan checkin agent-2291 --notes "Reviewed the escalation log" --rating 4
    --minutes 30
    """
    asking = interactive(no_input)
    when = record_date(plan, day)
    notes = ask(notes, "Notes", "--notes", asking=asking, required=False)
    if rating is None and asking:
        rating = _rating(
            ask(None, "Rating 1-5", "--rating", asking=True, required=False), "--rating"
        )
    if minutes is None and asking:
        minutes = _minutes(ask(None, "Minutes", "--minutes", asking=True, required=False))
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

        for k, held in entries(current.data, "checkins"):
            if held.get("date") == when:
                raise _refuse_same_date("a check-in", when, current, "checkins", k)
        op = AddTable((), "checkins", without_none(entry))
        return _change([op], f"check-in on {when} recorded")

    confirm = _confirming(lambda after: f" ({_checkin_summary(after)})")
    commit(plan, build, confirm=confirm, force=force)


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
    force: Force = False,
    no_input: NoInput = False,
) -> None:
    """Record 360-degree or other feedback.

    Example: coachplan feedback agent-2291 --source peer --by "Agent 4012" --rating 4
    --comment "The listening sessions are useful" --goal peer-call-coaching
    """
    from coachplan.core.model import FeedbackSource

    sources: tuple[str, ...] = FeedbackSource.__args__  # type: ignore[attr-defined]
    asking = interactive(no_input)
    when = record_date(plan, day)
    source = need(
        ask(source, f"Source ({', '.join(sources)})", "--source", asking=asking), "--source"
    )
    choose(source, sources, "--source")
    comment = need(ask(comment, "Comment", "--comment", asking=asking), "--comment")
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

        if goal is not None and goal not in ids(current.data, "goals"):
            raise unknown("goal", goal, ids(current.data, "goals"))
        op = AddTable((), "feedback", without_none(entry))
        return _change([op], f"{source} feedback of {when} recorded")

    commit(plan, build, force=force)


def _on_scale(level: int, option: str) -> int:
    from coachplan.cli.options import workspace_here
    from coachplan.core.errors import UsageError

    scale = workspace_here().settings.scale
    if not scale.min <= level <= scale.max:
        raise UsageError(
            f"{option}: level {level} is outside the scale {scale.min}-{scale.max}",
            hint="the scale is set in coachplan.toml",
        )
    return level


def _level(value: str, option: str) -> int:
    from coachplan.core.errors import UsageError

    try:
        return _on_scale(int(value), option)
    except ValueError:
        raise UsageError(f"{option}: {value!r} is not a whole number") from None


def parse_levels(pairs: list[str], option: str = "") -> dict[str, int]:
    """`["delegation=3", ...]` as skill levels on the workspace scale."""
    from coachplan.core.errors import UsageError

    found: dict[str, int] = {}
    for pair in pairs:
        name, sep, value = pair.partition("=")
        if not sep or not name.strip():
            where = f"{option} " if option else ""
            raise UsageError(f"{where}{pair!r} is not SKILL=LEVEL", hint="e.g. delegation=3")
        found[name.strip()] = _level(value.strip(), name.strip())
    return found


def baseline_skills(data: Any) -> list[str]:
    """The names of the plan's baseline skills, from its data."""
    table = data.get("baseline")
    return ids(table, "skills", "skill") if isinstance(table, dict) else []


def baseline(
    plan: PlanArg,
    skill: Annotated[str | None, typer.Option("--skill", help="Skill or competency name.")] = None,
    level: Annotated[
        str | None, typer.Option("--level", metavar="N", help="Current level on the scale.")
    ] = None,
    target: Annotated[
        str | None, typer.Option("--target", metavar="N", help="Target level on the scale.")
    ] = None,
    evidence: Annotated[
        str | None, typer.Option("--evidence", help="What the current level is based on.")
    ] = None,
    day: Annotated[str | None, date_option("When the baseline was assessed")] = None,
    method: Annotated[
        str | None,
        typer.Option("--method", help="How: interview, 360 survey, performance data ..."),
    ] = None,
    force: Force = False,
    no_input: NoInput = False,
) -> None:
    """Record a skill's baseline level and target (the skill-gap analysis).

    The first call creates the baseline table (and needs --method); a skill already there gets the
    new level, target and evidence.

    Example: coachplan baseline agent-2291 --skill delegation --level 2 --target 4
    --evidence "Handles every roster change personally" --method "360 survey"
    """
    asking = interactive(no_input)
    _path, data, _plan = read_plan(plan)
    has_baseline = isinstance(data.get("baseline"), dict)
    if not has_baseline:
        method = ask(method, "Method (interview, 360 survey ...)", "--method", asking=asking)
    name = need(ask(skill, "Skill", "--skill", asking=asking), "--skill")
    now = _level(need(ask(level, "Current level", "--level", asking=asking), "--level"), "--level")
    aim = _level(
        need(ask(target, "Target level", "--target", asking=asking), "--target"), "--target"
    )
    evidence = ask(evidence, "Evidence", "--evidence", asking=asking, required=False)
    when = parse_date(day, "--date")
    skill_entry = {"skill": name, "level": now, "target": aim, "evidence": evidence}

    def build(current: Current) -> Change:
        from coachplan.files.textedit import AddTable, SetValue, without_none

        table = current.data.get("baseline")
        if not isinstance(table, dict):
            entry = {
                "date": when,
                "method": need(method, "--method"),
                "skills": [without_none(skill_entry)],
            }
            op = AddTable((), "baseline", entry, array=False)
            return _change([op], f"baseline recorded: {name} {now} -> {aim}")
        ops: list[Any] = []
        if day is not None:
            ops.append(SetValue(("baseline",), "date", when))
        if method is not None:
            ops.append(SetValue(("baseline",), "method", method))
        found = next(((i, s) for i, s in entries(table, "skills") if s.get("skill") == name), None)
        if found is None:
            ops.append(AddTable(("baseline",), "skills", without_none(skill_entry)))
            return _change(ops, f"baseline recorded: {name} {now} -> {aim}")
        index, old = found
        where = ("baseline", "skills", index)
        for key in ("level", "target", "evidence"):
            if skill_entry[key] is not None and old.get(key) != skill_entry[key]:
                ops.append(SetValue(where, key, skill_entry[key]))
        return _change(ops, f"baseline of {name} updated: {now} -> {aim}")

    commit(plan, build, force=force)


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
    force: Force = False,
    no_input: NoInput = False,
) -> None:
    """Record a re-assessment of baseline skills, to compare before and after.

    Example: coachplan assess agent-2291 delegation=3 feedback=3 --method "360 survey"
    """
    from coachplan.core.errors import UsageError

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
                hint="record them first with `coachplan baseline`",
            )
        for name in assessed:
            if name not in skills:
                raise unknown("baseline skill", name, skills)
        entry = {"date": when, "method": method, "levels": assessed}
        changes = ", ".join(f"{k} {v}" for k, v in assessed.items())
        return _change(
            [AddTable((), "assessments", without_none(entry))],
            f"re-assessment of {when} recorded: {changes}",
        )

    commit(plan, build, force=force)


def signoff(
    plan: PlanArg,
    role: Annotated[str | None, typer.Option("--role", help="coach, coachee or sponsor.")] = None,
    name: Annotated[
        str | None,
        typer.Option("--name", help="Who signs; default: the plan's coach, coachee or sponsor."),
    ] = None,
    day: Annotated[str | None, date_option("When it was signed")] = None,
    no_input: NoInput = False,
) -> None:
    """Record agreement to the plan, with a digest of what was agreed.

    The sign-off stores `agreed = "sha256:..."`, a digest of the goals, targets, actions,
    milestones and window. When any of them changes later, `validate` reports the sign-off
    as stale (P108) and `show` says who must sign again. Earlier sign-offs are kept as
    history. Only the plan's person in the role can sign for it: a --name that is not the
    plan's coach, coachee or sponsor is refused (set the role's person first).

    Example: coachplan signoff agent-2291 --role coachee --name "Agent 2291"
    """
    from coachplan.core.model import SignoffRole

    roles: tuple[str, ...] = SignoffRole.__args__  # type: ignore[attr-defined]
    asking = interactive(no_input)
    role = need(ask(role, f"Role ({', '.join(roles)})", "--role", asking=asking), "--role")
    choose(role, roles, "--role")
    when = record_date(plan, day)
    if name is None:
        _path, data, _plan = read_plan(plan)
        planned = data.get(role) if isinstance(data.get(role), str) else None
        name = ask(None, "Name", "--name", asking=asking, default=planned)
    signer = need((name or "").strip(), "--name")

    def build(current: Current) -> Change:
        from coachplan.core.agreement import agreement_digest
        from coachplan.core.errors import RefusedWrite
        from coachplan.files.textedit import AddTable

        if current.plan is None:
            raise RefusedWrite("a plan that does not load cannot be signed; fix it first")
        _refuse_other_person(current, current.plan, role, signer)
        entry = {
            "role": role,
            "name": signer,
            "date": when,
            "agreed": agreement_digest(current.plan),
        }
        return _change([AddTable((), "signoffs", entry)], f"{role} {signer} signed on {when}")

    commit(plan, build, confirm=_confirming(_still_to_sign))


def _refuse_other_person(current: Current, plan: Plan, role: str, signer: str) -> None:
    """Refuse a sign-off that would not count: by someone who is not the plan's `role`."""
    from coachplan.core.agreement import person, same_person
    from coachplan.core.errors import RefusedWrite

    holder = person(plan, role)
    if holder is None:
        raise RefusedWrite(
            f"the plan has no {role}, so nobody can sign as {role}; nothing written",
            where=current.where(),
            hint=f'add `{role} = "{signer}"` first, with `coachplan edit {current.file}`',
        )
    if not same_person(holder, signer):
        raise RefusedWrite(
            f"--name {signer!r} is not the plan's {role} ({holder}); a sign-off counts only "
            f"by the {role}; nothing written",
            where=current.where(role),
            hint=f"leave out --name to sign as {holder}; if {signer} is the {role} now, "
            f"change `{role}` first with `coachplan edit {current.file}`",
        )


def _still_to_sign(after: Plan) -> str:
    from coachplan.core.agreement import current_signoffs, stale_signoffs

    needed = ["coach", "coachee"] + (["sponsor"] if after.kind == "pip" else [])
    stale = {s.role for _, s in stale_signoffs(after)}
    signed = current_signoffs(after)
    waiting = [r for r in needed if r not in signed or r in stale]
    return f"; still to sign: {', '.join(waiting)}" if waiting else "; fully agreed"


def _confirming(detail: Callable[[Plan], str]) -> Callable[[Updated], str]:
    """A confirmation line: what was done, and `detail` of the plan as it is now."""

    def confirm(updated: Updated) -> str:
        done = f"{updated.file}: {updated.change.done}"
        return done if updated.after is None else done + detail(updated.after)

    return confirm


def register(app: typer.Typer) -> None:
    for command in (measure, checkin, feedback, baseline, assess, signoff):
        app.command(rich_help_panel="Recording")(command)
