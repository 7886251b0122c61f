"""Plan rules: the window, and what an active plan needs before coaching starts."""

from __future__ import annotations

from collections.abc import Iterator

from coachplan.findings import Problem, Severity
from coachplan.model import Plan
from coachplan.rules import RuleContext, rule

ACTIVE = ("active",)


@rule(
    "P101",
    "end-before-start",
    "The plan ends before it starts.",
    explanation="`end` must be after `start`.",
    bad="start = 2026-09-01\nend = 2026-08-01",
    good="start = 2026-09-01\nend = 2027-02-28",
)
def end_before_start(plan: Plan, ctx: RuleContext) -> Iterator[Problem]:
    if plan.end <= plan.start:
        yield Problem(
            ("end",),
            f"the plan ends ({plan.end}) on or before it starts ({plan.start})",
            "set `end` after `start`",
        )


@rule(
    "P102",
    "active-without-baseline",
    "An active plan has no baseline assessment.",
    explanation="Before coaching starts, a baseline assessment records where the coachee "
    "stands: `[baseline]` with a date, a method and the skills with level and target.",
    bad='status = "active"\n# no [baseline]',
    good='status = "active"',
)
def active_without_baseline(plan: Plan, ctx: RuleContext) -> Iterator[Problem]:
    if plan.status in ACTIVE and plan.baseline is None:
        yield Problem(
            ("status",),
            "the plan is active but has no baseline assessment",
            "add a [baseline] table, e.g. `coachplan baseline PLAN --skill NAME "
            "--level N --target N`",
        )


@rule(
    "P103",
    "active-without-signoff",
    "An active plan is not signed by coach and coachee.",
    explanation="An active plan is agreed: both coach and coachee have a `[[signoffs]]` "
    "entry. A sign-off counts only when its `name` is the plan's `coach` or `coachee` "
    "(ignoring case and surrounding spaces): someone else signing as coach does not make "
    "the plan agreed. (A pip also needs its sponsor: rule K103.)",
    bad="""
[[signoffs]]
role = "coach"
name = "Team lead T1"
date = 2026-09-04

[[signoffs]]
role = "coachee"
name = "Team lead T1"
date = 2026-09-04
""",
    good="""
[[signoffs]]
role = "coach"
name = "Team lead T1"
date = 2026-09-04

[[signoffs]]
role = "coachee"
name = "Agent 2291"
date = 2026-09-04
""",
)
def active_without_signoff(plan: Plan, ctx: RuleContext) -> Iterator[Problem]:
    if plan.status not in ACTIVE:
        return
    for role in ("coach", "coachee"):
        problem = unsigned(plan, role, f"the plan is active but the {role}")
        if problem is not None:
            yield problem


def unsigned(plan: Plan, role: str, subject: str) -> Problem | None:
    """Why the plan's person in `role` has not signed, or None when they have.

    A sign-off counts only when its name is the plan's person in that role; one by someone
    else is named, with who should have signed. `subject` opens the message.
    """
    from coachplan.agreement import counts, person

    if any(s.role == role and counts(plan, s) for s in plan.signoffs):
        return None
    holder = person(plan, role)
    run = f'run `coachplan signoff PLAN --role {role} --name "{holder}"`'
    others = [(i, s) for i, s in enumerate(plan.signoffs) if s.role == role]
    if not others:
        return Problem(
            ("signoffs",) if plan.signoffs else ("status",),
            f"{subject} ({holder}) has not signed it",
            run,
        )
    index, other = others[-1]
    return Problem(
        ("signoffs", index, "name"),
        f"{subject} ({holder}) has not signed it: the {role} sign-off of {other.date} is by "
        f"{other.name}",
        f"a sign-off counts only by the plan's {role}: {run}, or set `{role}` if "
        f"{other.name} is the {role} now",
    )


@rule(
    "P104",
    "active-without-cadence",
    "An active plan has no check-in cadence.",
    explanation='`checkin_every` (weekly, fortnightly, monthly or "<N> days") says how '
    "often coach and coachee meet; the overdue report counts missed check-ins from it.",
    bad='status = "active"\n# no checkin_every',
    good='checkin_every = "fortnightly"',
)
def active_without_cadence(plan: Plan, ctx: RuleContext) -> Iterator[Problem]:
    if plan.status in ACTIVE and not plan.checkin_every:
        yield Problem(
            ("status",),
            "the plan is active but has no check-in cadence",
            'add `checkin_every = "fortnightly"` (or weekly, monthly, "10 days")',
        )


@rule(
    "P105",
    "level-off-scale",
    "A skill level is outside the workspace's scale.",
    explanation="Skill levels and targets in `[baseline]` and `[[assessments]]` use the "
    "workspace scale (`scale` in coachplan.toml, default 1 to 5).",
    bad="""
[baseline]
date = 2026-09-03
method = "interview"

[[baseline.skills]]
skill = "delegation"
level = 2
target = 7
""",
    good="""
[baseline]
date = 2026-09-03
method = "interview"

[[baseline.skills]]
skill = "delegation"
level = 2
target = 4
""",
)
def level_off_scale(plan: Plan, ctx: RuleContext) -> Iterator[Problem]:
    low, high = ctx.scale.min, ctx.scale.max
    hint = f"use a level from {low} to {high}"
    if plan.baseline:
        for i, skill in enumerate(plan.baseline.skills):
            for key in ("level", "target"):
                value = getattr(skill, key)
                if not low <= value <= high:
                    yield Problem(
                        ("baseline", "skills", i, key),
                        f"skill `{skill.skill}` {key} {value} is outside the scale {low}-{high}",
                        hint,
                    )
    for i, assessment in enumerate(plan.assessments):
        for name, value in assessment.levels.items():
            if not low <= value <= high:
                yield Problem(
                    ("assessments", i, "levels", name),
                    f"assessed level {value} of `{name}` is outside the scale {low}-{high}",
                    hint,
                )


@rule(
    "P106",
    "action-status-mismatch",
    "An action's status and done date disagree.",
    severity=Severity.WARNING,
    explanation='An action with `status = "done"` records `done_on`; an action with '
    "`done_on` has status done.",
    bad="""
[[actions]]
id = "shadow-planning"
goal = "delegate-roster"
description = "Shadow the floor manager in two roster-planning sessions"
resource = "Floor manager"
status = "done"
""",
    good="""
[[actions]]
id = "shadow-planning"
goal = "delegate-roster"
description = "Shadow the floor manager in two roster-planning sessions"
resource = "Floor manager"
status = "done"
done_on = 2026-10-14
""",
)
def action_status_mismatch(plan: Plan, ctx: RuleContext) -> Iterator[Problem]:
    for i, action in enumerate(plan.actions):
        if action.status == "done" and action.done_on is None:
            yield Problem(
                ("actions", i, "status"),
                f"action `{action.id}` is done but has no `done_on` date",
                f"run `coachplan action done PLAN {action.id} --date D`, or add `done_on = <date>`",
            )
        elif action.done_on is not None and action.status != "done":
            yield Problem(
                ("actions", i, "done_on"),
                f"action `{action.id}` has a done_on date but its status is {action.status}",
                'set `status = "done"` or remove `done_on`',
            )


@rule(
    "P107",
    "active-without-goals",
    "An active plan has no goals.",
    explanation="A plan is coaching towards goals; an active plan has at least one.",
    bad='status = "active"\n# no [[goals]]',
    good="""
[[goals]]
id = "delegate-roster"
statement = "Hand ownership of the weekly roster to two senior agents"
""",
)
def active_without_goals(plan: Plan, ctx: RuleContext) -> Iterator[Problem]:
    if plan.status in ACTIVE and not plan.goals:
        yield Problem(
            ("status",),
            "the plan is active but has no goals",
            "add a goal with `coachplan goal add PLAN ID --statement ...`",
        )


def _example_digest() -> str:
    """The agreed digest of the examples' base plan, so P108's examples carry a real one."""
    import tomllib

    from coachplan.agreement import agreement_digest
    from coachplan.rules.examples import BASE

    return agreement_digest(Plan.model_validate(tomllib.loads(BASE)))


_SIGNED = """
[[signoffs]]
role = "coach"
name = "Team lead T1"
date = 2026-09-04
agreed = "{digest}"

[[signoffs]]
role = "coachee"
name = "Agent 2291"
date = 2026-09-04
agreed = "{digest}"
"""
_SIGNED_BASE = _SIGNED.format(digest=_example_digest())


@rule(
    "P108",
    "stale-signoff",
    "A sign-off agreed to goals, targets, actions, milestones or a window that have changed.",
    relaxed_in_draft=True,
    explanation="`coachplan signoff` records in `agreed` a digest of what was agreed: the "
    "goals, the metrics and their targets, the action steps, the milestones and the window. "
    "When any of these changes afterwards, the sign-off no longer covers the plan and the "
    "person must sign again. Measurements, check-ins, feedback and marking actions done or "
    "milestones reached do not change what was agreed. Only the latest sign-off of each "
    "role by the plan's person in that role counts; one without `agreed` cannot be checked.",
    bad="end = 2027-03-31\n" + _SIGNED_BASE,
    good=_SIGNED_BASE,
)
def stale_signoff(plan: Plan, ctx: RuleContext) -> Iterator[Problem]:
    from coachplan.agreement import stale_signoffs

    for index, signoff in stale_signoffs(plan):
        yield Problem(
            ("signoffs", index, "agreed"),
            f"the {signoff.role} ({signoff.name}) signed on {signoff.date} a version of the "
            "goals, targets, actions, milestones or window that has changed since",
            f'ask them to sign again: `coachplan signoff PLAN --role {signoff.role} --name "'
            f'{signoff.name}"`',
        )
