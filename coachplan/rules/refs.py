"""Reference rules: ids are unique, references resolve, dates fall where they can."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from datetime import date

from coachplan.core.dates import add_days
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
    goals, actions, milestones = plan.goals, plan.actions, plan.milestones
    metrics = [(gi, mi, m) for gi, g in enumerate(goals) for mi, m in enumerate(g.metrics)]
    skills = plan.baseline.skills if plan.baseline else []
    groups: list[tuple[str, list[tuple[tuple[str | int, ...], str]]]] = []
    # Ids are almost always unique: the key paths are built only for a group that repeats.
    if _repeats(g.id for g in goals):
        groups.append(("goal", [(("goals", i, "id"), g.id) for i, g in enumerate(goals)]))
    entries: list[tuple[Where, str]]
    if _repeats(m.id for _, _, m in metrics):
        entries = [(("goals", gi, "metrics", mi, "id"), m.id) for gi, mi, m in metrics]
        groups.append(("metric", entries))
    if _repeats(a.id for a in actions):
        groups.append(("action", [(("actions", i, "id"), a.id) for i, a in enumerate(actions)]))
    if _repeats(m.id for m in milestones):
        entries = [(("milestones", i, "id"), m.id) for i, m in enumerate(milestones)]
        groups.append(("milestone", entries))
    if _repeats(s.skill for s in skills):
        entries = [(("baseline", "skills", i, "skill"), s.skill) for i, s in enumerate(skills)]
        groups.append(("skill", entries))
    for what, found in groups:
        seen: set[str] = set()
        for where, ident in found:
            if ident in seen:
                yield Problem(
                    where, f"duplicate {what} id `{ident}`", f"give each {what} its own id"
                )
            seen.add(ident)


def _repeats(idents: Iterable[str]) -> bool:
    listed = list(idents)
    return len(set(listed)) < len(listed)


Where = tuple[str | int, ...]
Keep = Callable[[date], bool]

# The record loops below test each date first and build a record's key path and words only
# for those a rule keeps: a plan has hundreds of records, and almost all pass.


def _progress(plan: Plan, keep: Keep) -> Iterator[tuple[Where, str, date]]:
    """Records of what happened during the plan, other than measurements, whose date
    `keep` keeps: check-ins, feedback, re-assessments, actions done, milestones reached."""
    for i, c in enumerate(plan.checkins):
        if keep(c.date):
            yield ("checkins", i, "date"), "check-in", c.date
    for i, f in enumerate(plan.feedback):
        if keep(f.date):
            yield ("feedback", i, "date"), "feedback", f.date
    for i, a in enumerate(plan.assessments):
        if keep(a.date):
            yield ("assessments", i, "date"), "re-assessment", a.date
    for i, action in enumerate(plan.actions):
        if action.done_on and keep(action.done_on):
            yield ("actions", i, "done_on"), f"action `{action.id}` done", action.done_on
    for i, milestone in enumerate(plan.milestones):
        if milestone.done_on and keep(milestone.done_on):
            yield (
                ("milestones", i, "done_on"),
                f"milestone `{milestone.id}` reached",
                milestone.done_on,
            )
    if plan.closing is not None and keep(plan.closing.date):
        yield ("closing", "date"), f"the plan's {plan.status} closing", plan.closing.date


def _measurements(plan: Plan, keep: Keep) -> Iterator[tuple[Where, str, date]]:
    for where, metric in located_metrics(plan):
        for k, m in enumerate(metric.measurements):
            if keep(m.date):
                yield (*where, "measurements", k), f"measurement of `{metric.id}`", m.date


def _dated(plan: Plan, keep: Keep) -> Iterator[tuple[Where, str, date]]:
    """Every record date that says something happened, that `keep` keeps."""
    yield from _measurements(plan, keep)
    yield from _progress(plan, keep)
    for i, s in enumerate(plan.signoffs):
        if keep(s.date):
            yield ("signoffs", i, "date"), f"{s.role} sign-off", s.date


def _days_after_end(plan: Plan, when: date, ctx: RuleContext) -> int | None:
    """Days `when` is after the plan's end beyond the grace (None: within it)."""
    over = (when - plan.end).days
    return over if over > ctx.thresholds.record_grace_days else None


def _after_grace(plan: Plan, ctx: RuleContext) -> Keep:
    """Whether a date is after the plan's end beyond the grace (`_days_after_end`)."""
    last = add_days(plan.end, ctx.thresholds.record_grace_days)
    return (lambda when: False) if last is None else last.__lt__


@check("R104")
def measurement_outside_window(plan: Plan, ctx: RuleContext) -> Iterator[Problem]:
    after, start = _after_grace(plan, ctx), plan.start
    for where, metric in located_metrics(plan):
        for k, m in enumerate(metric.measurements):
            if m.date < start or after(m.date):
                yield Problem(
                    (*where, "measurements", k),
                    f"measurement of `{metric.id}` on {m.date} is outside the "
                    f"plan's window {plan.start} to {plan.end}",
                    "check the date; the starting value belongs in `baseline`",
                )


@check("R105")
def dated_in_future(plan: Plan, ctx: RuleContext) -> Iterator[Problem]:
    # --as-of is read only for a plan with a dated record, as ever: the findings cache
    # notes that such a plan's findings hold for that day only.
    if next(_dated(plan, _always), None) is None:
        return
    as_of = ctx.as_of
    for where, what, when in _dated(plan, as_of.__lt__):
        yield Problem(
            where,
            f"{what} is dated {when}, after {as_of}",
            "check the date; records say what already happened",
        )


def _always(when: date) -> bool:
    return True


@check("R106")
def record_before_start(plan: Plan, ctx: RuleContext) -> Iterator[Problem]:
    for where, what, when in _progress(plan, plan.start.__gt__):
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
    for where, what, when in _progress(plan, lambda when: plan.start <= when < start):
        if where[0] != "feedback":
            yield Problem(
                where,
                f"{what} is dated {when}, before the baseline assessment of {start}",
                "check the date, or the baseline's: "
                + ctx.command("baseline", "--replace --date YYYY-MM-DD"),
            )


@check("R108")
def record_after_end(plan: Plan, ctx: RuleContext) -> Iterator[Problem]:
    for where, what, when in _progress(plan, _after_grace(plan, ctx)):
        over = _days_after_end(plan, when, ctx)
        if over is not None:
            yield Problem(
                where,
                f"{what} is dated {when}, {over} days after the plan ended ({plan.end})",
                f"check the date; records up to {ctx.thresholds.record_grace_days} days after "
                "the end are expected (`thresholds.record_grace_days`); a later one may belong "
                "to a new plan",
            )
