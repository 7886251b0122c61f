"""Reference rules: ids are unique, references resolve, dates fall where they can."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

from coachplan.findings import Problem, Severity
from coachplan.model import Plan
from coachplan.rules import RuleContext, rule


@rule(
    "R101",
    "unknown-goal",
    "A reference to a goal id that the plan does not have.",
    explanation="Actions (`goal`), milestones (`goals`) and feedback (`goal`) refer to goals "
    "by id; each must name a goal of the plan.",
    bad="""
[[actions]]
id = "shadow-planning"
goal = "delegate-rota"
description = "Shadow the floor manager in two roster-planning sessions"
resource = "Floor manager"
""",
    good="""
[[actions]]
id = "shadow-planning"
goal = "delegate-roster"
description = "Shadow the floor manager in two roster-planning sessions"
resource = "Floor manager"
""",
)
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


@rule(
    "R102",
    "unknown-skill",
    "A re-assessment names a skill the baseline does not have.",
    explanation="`[[assessments]]` levels refer to skills of `[[baseline.skills]]` by name, "
    "so that before and after can be compared.",
    bad="""
[[assessments]]
date = 2026-11-01
method = "360 survey"
levels = { delegating = 3 }
""",
    good="""
[[assessments]]
date = 2026-11-01
method = "360 survey"
levels = { delegation = 3 }
""",
)
def unknown_skill(plan: Plan, ctx: RuleContext) -> Iterator[Problem]:
    import difflib

    skills = [s.skill for s in plan.baseline.skills] if plan.baseline else []
    for i, assessment in enumerate(plan.assessments):
        for name in assessment.levels:
            if name not in skills:
                close = difflib.get_close_matches(name, skills, n=1)
                hint = (
                    f"did you mean `{close[0]}`?"
                    if close
                    else ("add the skill to [baseline] first")
                )
                yield Problem(
                    ("assessments", i, "levels", name),
                    f"assessment refers to unknown skill `{name}`",
                    hint,
                )


@rule(
    "R103",
    "duplicate-id",
    "Two entries share an id.",
    explanation="Goal, metric, action and milestone ids are unique within the plan (a metric "
    "id across all goals), and so are baseline skill names.",
    bad="""
[[actions]]
id = "shadow-planning"
goal = "delegate-roster"
description = "Shadow the floor manager"
resource = "Floor manager"

[[actions]]
id = "shadow-planning"
goal = "delegate-roster"
description = "Shadow a senior agent"
resource = "Senior agent"
""",
    good="""
[[actions]]
id = "shadow-planning"
goal = "delegate-roster"
description = "Shadow the floor manager"
resource = "Floor manager"

[[actions]]
id = "shadow-agent"
goal = "delegate-roster"
description = "Shadow a senior agent"
resource = "Senior agent"
""",
)
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


def _dated(plan: Plan) -> Iterator[tuple[tuple[str | int, ...], str, date]]:
    """Every record date that says something happened."""
    for gi, goal in enumerate(plan.goals):
        for mi, metric in enumerate(goal.metrics):
            for k, m in enumerate(metric.measurements):
                yield (
                    ("goals", gi, "metrics", mi, "measurements", k),
                    f"measurement of `{metric.id}`",
                    m.date,
                )
    for i, c in enumerate(plan.checkins):
        yield ("checkins", i, "date"), "check-in", c.date
    for i, f in enumerate(plan.feedback):
        yield ("feedback", i, "date"), "feedback", f.date
    for i, a in enumerate(plan.assessments):
        yield ("assessments", i, "date"), "assessment", a.date
    for i, s in enumerate(plan.signoffs):
        yield ("signoffs", i, "date"), f"{s.role} sign-off", s.date
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


@rule(
    "R104",
    "measurement-outside-window",
    "A measurement is dated outside the plan's window.",
    severity=Severity.WARNING,
    explanation="Measurements record progress during the plan; one dated before `start` or "
    "after `end` is usually a typo in the date. (The baseline value belongs in `baseline`.)",
    bad="""
[[goals]]
id = "delegate-roster"
statement = "Hand ownership of the weekly roster to two senior agents"
relevant_to = "Team-lead readiness"
due = 2026-12-15

[[goals.metrics]]
id = "escalations-handled"
description = "Share of escalations resolved without the coachee"
unit = "%"
baseline = 20
target = 60
measurements = [
  { date = 2025-09-15, value = 25 },
]
""",
    good="""
[[goals]]
id = "delegate-roster"
statement = "Hand ownership of the weekly roster to two senior agents"
relevant_to = "Team-lead readiness"
due = 2026-12-15

[[goals.metrics]]
id = "escalations-handled"
description = "Share of escalations resolved without the coachee"
unit = "%"
baseline = 20
target = 60
measurements = [
  { date = 2026-09-15, value = 25 },
]
""",
)
def measurement_outside_window(plan: Plan, ctx: RuleContext) -> Iterator[Problem]:
    for gi, goal in enumerate(plan.goals):
        for mi, metric in enumerate(goal.metrics):
            for k, m in enumerate(metric.measurements):
                if not plan.start <= m.date <= plan.end:
                    yield Problem(
                        ("goals", gi, "metrics", mi, "measurements", k),
                        f"measurement of `{metric.id}` on {m.date} is outside the "
                        f"plan's window {plan.start} to {plan.end}",
                        "check the date; the starting value belongs in `baseline`",
                    )


@rule(
    "R105",
    "dated-in-future",
    "Something is recorded as done after today (or --as-of).",
    explanation="Measurements, check-ins, feedback, assessments, sign-offs and done dates "
    "record what happened, so none is later than the date of the check (`--as-of`, default "
    "today). A future date is usually a typo.",
    bad="""
[[checkins]]
date = 2027-11-20
notes = "Reviewed the escalation log"
""",
    good="""
[[checkins]]
date = 2026-11-20
notes = "Reviewed the escalation log"
""",
)
def dated_in_future(plan: Plan, ctx: RuleContext) -> Iterator[Problem]:
    for where, what, when in _dated(plan):
        if when > ctx.as_of:
            yield Problem(
                where,
                f"{what} is dated {when}, after {ctx.as_of}",
                "check the date; records say what already happened",
            )
