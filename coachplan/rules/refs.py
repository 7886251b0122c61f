"""Reference rules: ids are unique, references resolve, dates fall where they can."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

from coachplan.core.findings import Problem
from coachplan.core.model import Plan
from coachplan.core.registry import RuleContext
from coachplan.rules.base import assessed_levels, check, located_metrics


@check("R101")
def unknown_goal(plan: Plan, ctx: RuleContext) -> Iterator[Problem]:
    import difflib

    goals = [g.id for g in plan.goals]
    known = set(goals)

    def problem(where: tuple[str | int, ...], owner: str, ref: str) -> Problem:
        close = difflib.get_close_matches(ref, goals, n=1)
        hint = (
            f"did you mean `{close[0]}`?"
            if close
            else ("known goals: " + ", ".join(goals) if goals else "add the goal first")
        )
        return Problem(where, f"{owner} refers to unknown goal `{ref}`", hint)

    for i, action in enumerate(plan.actions):
        if action.goal is not None and action.goal not in known:
            yield problem(("actions", i, "goal"), f"action `{action.id}`", action.goal)
    for i, milestone in enumerate(plan.milestones):
        for k, ref in enumerate(milestone.goals):
            if ref not in known:
                yield problem(("milestones", i, "goals", k), f"milestone `{milestone.id}`", ref)
    for i, item in enumerate(plan.feedback):
        if item.goal is not None and item.goal not in known:
            yield problem(("feedback", i, "goal"), "feedback", item.goal)


@check("R102")
def unknown_skill(plan: Plan, ctx: RuleContext) -> Iterator[Problem]:
    import difflib

    skills = [s.skill for s in plan.baseline.skills] if plan.baseline else []
    for where, levels in assessed_levels(plan):
        for name in levels:
            if name not in skills:
                close = difflib.get_close_matches(name, skills, n=1)
                hint = (
                    f"did you mean `{close[0]}`?"
                    if close
                    else ("add the skill to [baseline] first")
                )
                yield Problem(
                    (*where, name),
                    f"{'closing' if where[0] == 'closing' else 'assessment'} refers to unknown "
                    f"skill `{name}`",
                    hint,
                )


@check("R103")
def duplicate_id(plan: Plan, ctx: RuleContext) -> Iterator[Problem]:
    groups: list[tuple[str, list[tuple[tuple[str | int, ...], str]]]] = [
        ("goal", [(("goals", i, "id"), g.id) for i, g in enumerate(plan.goals)]),
        (
            "metric",
            [
                (("goals", gi, "metrics", mi, "id"), m.id)
                for gi, g in enumerate(plan.goals)
                for mi, m in enumerate(g.metrics)
            ],
        ),
        ("action", [(("actions", i, "id"), a.id) for i, a in enumerate(plan.actions)]),
        ("milestone", [(("milestones", i, "id"), m.id) for i, m in enumerate(plan.milestones)]),
    ]
    if plan.baseline:
        groups.append(
            (
                "skill",
                [
                    (("baseline", "skills", i, "skill"), s.skill)
                    for i, s in enumerate(plan.baseline.skills)
                ],
            )
        )
    for what, entries in groups:
        seen: set[str] = set()
        for where, ident in entries:
            if ident in seen:
                yield Problem(
                    where, f"duplicate {what} id `{ident}`", f"give each {what} its own id"
                )
            seen.add(ident)


Where = tuple[str | int, ...]


def _progress(plan: Plan) -> Iterator[tuple[Where, str, date]]:
    """Records of what happened during the plan, other than measurements: check-ins,
    feedback, re-assessments, actions done and milestones reached."""
    for i, c in enumerate(plan.checkins):
        yield ("checkins", i, "date"), "check-in", c.date
    for i, f in enumerate(plan.feedback):
        yield ("feedback", i, "date"), "feedback", f.date
    for i, a in enumerate(plan.assessments):
        yield ("assessments", i, "date"), "re-assessment", a.date
    for i, action in enumerate(plan.actions):
        if action.done_on:
            yield ("actions", i, "done_on"), f"action `{action.id}` done", action.done_on
    for i, milestone in enumerate(plan.milestones):
        if milestone.done_on:
            yield (
                ("milestones", i, "done_on"),
                f"milestone `{milestone.id}` reached",
                milestone.done_on,
            )
    if plan.closing is not None:
        yield ("closing", "date"), f"the plan's {plan.status} closing", plan.closing.date


def _dated(plan: Plan) -> Iterator[tuple[Where, str, date]]:
    """Every record date that says something happened."""
    for where, metric in located_metrics(plan):
        for k, m in enumerate(metric.measurements):
            yield (
                (*where, "measurements", k),
                f"measurement of `{metric.id}`",
                m.date,
            )
    yield from _progress(plan)
    for i, s in enumerate(plan.signoffs):
        yield ("signoffs", i, "date"), f"{s.role} sign-off", s.date


def _days_after_end(plan: Plan, when: date, ctx: RuleContext) -> int | None:
    """Days `when` is after the plan's end beyond the grace (None: within it)."""
    over = (when - plan.end).days
    return over if over > ctx.thresholds.record_grace_days else None


@check("R104")
def measurement_outside_window(plan: Plan, ctx: RuleContext) -> Iterator[Problem]:
    for where, metric in located_metrics(plan):
        for k, m in enumerate(metric.measurements):
            if m.date < plan.start or _days_after_end(plan, m.date, ctx) is not None:
                yield Problem(
                    (*where, "measurements", k),
                    f"measurement of `{metric.id}` on {m.date} is outside the "
                    f"plan's window {plan.start} to {plan.end}",
                    "check the date; the starting value belongs in `baseline`",
                )


@check("R105")
def dated_in_future(plan: Plan, ctx: RuleContext) -> Iterator[Problem]:
    for where, what, when in _dated(plan):
        if when > ctx.as_of:
            yield Problem(
                where,
                f"{what} is dated {when}, after {ctx.as_of}",
                "check the date; records say what already happened",
            )


@check("R106")
def record_before_start(plan: Plan, ctx: RuleContext) -> Iterator[Problem]:
    for where, what, when in _progress(plan):
        if when < plan.start:
            yield Problem(
                where,
                f"{what} is dated {when}, before the plan starts ({plan.start})",
                "check the date, or the plan's `start`",
            )


@check("R107")
def record_before_baseline(plan: Plan, ctx: RuleContext) -> Iterator[Problem]:
    if plan.baseline is None:
        return
    start = plan.baseline.date
    for where, what, when in _progress(plan):
        if when < start and where[0] != "feedback" and when >= plan.start:
            yield Problem(
                where,
                f"{what} is dated {when}, before the baseline assessment of {start}",
                "check the date, or the baseline's: "
                + ctx.command("baseline", "--replace --date YYYY-MM-DD"),
            )


@check("R108")
def record_after_end(plan: Plan, ctx: RuleContext) -> Iterator[Problem]:
    for where, what, when in _progress(plan):
        over = _days_after_end(plan, when, ctx)
        if over is not None:
            yield Problem(
                where,
                f"{what} is dated {when}, {over} days after the plan ended ({plan.end})",
                f"check the date; records up to {ctx.thresholds.record_grace_days} days after "
                "the end are expected (`thresholds.record_grace_days`); a later one may belong "
                "to a new plan",
            )
