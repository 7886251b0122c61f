"""Plan rules: the window, and what an active plan needs before coaching starts."""

from __future__ import annotations

from collections.abc import Iterator

from coachplan.core.findings import Problem
from coachplan.core.model import Plan
from coachplan.core.registry import RuleContext
from coachplan.rules.base import assessed_levels, check

ACTIVE = ("active",)


@check("P101")
def end_before_start(plan: Plan, ctx: RuleContext) -> Iterator[Problem]:
    if plan.end <= plan.start:
        yield Problem(
            ("end",),
            f"the plan ends ({plan.end}) on or before it starts ({plan.start})",
            "set `end` after `start`",
        )


@check("P102")
def active_without_baseline(plan: Plan, ctx: RuleContext) -> Iterator[Problem]:
    if plan.status in ACTIVE and plan.baseline is None:
        yield Problem(
            ("status",),
            "the plan is active but has no baseline assessment",
            "add a [baseline] table, e.g. "
            + ctx.command("baseline", "--skill NAME --level N --target N --method HOW"),
        )


@check("P103")
def active_without_signoff(plan: Plan, ctx: RuleContext) -> Iterator[Problem]:
    if plan.status not in ACTIVE:
        return
    for role in ("coach", "coachee"):
        problem = unsigned(plan, role, f"the plan is active but the {role}", ctx)
        if problem is not None:
            yield problem


def unsigned(plan: Plan, role: str, subject: str, ctx: RuleContext) -> Problem | None:
    """Why the plan's person in `role` has not signed, or None when they have.

    A sign-off counts only when its name is the plan's person in that role; one by someone
    else is named, with who should have signed. `subject` opens the message.
    """
    from coachplan.core.agreement import counts, person

    if any(s.role == role and counts(plan, s) for s in plan.signoffs):
        return None
    holder = person(plan, role)
    run = "run " + ctx.command("signoff", f'--role {role} --name "{holder}"')
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


@check("P104")
def active_without_cadence(plan: Plan, ctx: RuleContext) -> Iterator[Problem]:
    if plan.status in ACTIVE and not plan.checkin_every:
        yield Problem(
            ("status",),
            "the plan is active but has no check-in cadence",
            'add `checkin_every = "fortnightly"` (or weekly, monthly, "10 days")',
        )


@check("P105")
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
    for where, levels in assessed_levels(plan):
        for name, value in levels.items():
            if not low <= value <= high:
                yield Problem(
                    (*where, name),
                    f"assessed level {value} of `{name}` is outside the scale {low}-{high}",
                    hint,
                )


@check("P106")
def action_status_mismatch(plan: Plan, ctx: RuleContext) -> Iterator[Problem]:
    for i, action in enumerate(plan.actions):
        if action.status == "done" and action.done_on is None:
            yield Problem(
                ("actions", i, "status"),
                f"action `{action.id}` is done but has no `done_on` date",
                f"run {ctx.command('action done', f'{action.id} --date D')}, or add "
                "`done_on = <date>`",
            )
        elif action.done_on is not None and action.status != "done":
            yield Problem(
                ("actions", i, "done_on"),
                f"action `{action.id}` has a done_on date but its status is {action.status}",
                'set `status = "done"` or remove `done_on`',
            )


@check("P107")
def active_without_goals(plan: Plan, ctx: RuleContext) -> Iterator[Problem]:
    if plan.status in ACTIVE and not plan.goals:
        yield Problem(
            ("status",),
            "the plan is active but has no goals",
            "add a goal with " + ctx.command("goal add", "ID --statement ..."),
        )


@check("P108")
def stale_signoff(plan: Plan, ctx: RuleContext) -> Iterator[Problem]:
    from coachplan.core.agreement import stale_signoffs

    for index, signoff in stale_signoffs(plan):
        yield Problem(
            ("signoffs", index, "agreed"),
            f"the {signoff.role} ({signoff.name}) signed on {signoff.date} a version of the "
            "goals, targets, actions, milestones or window that has changed since",
            "ask them to sign again: "
            + ctx.command("signoff", f'--role {signoff.role} --name "{signoff.name}"'),
        )
