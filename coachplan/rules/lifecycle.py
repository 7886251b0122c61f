"""Lifecycle rules: how a plan ends (its closing and outcome) and when it was paused."""

from __future__ import annotations

from collections.abc import Iterator

from coachplan.core.attainment import plan_attainment
from coachplan.core.findings import Problem
from coachplan.core.lifecycle import CLOSED, outcomes_for, paused_stretches
from coachplan.core.model import Plan
from coachplan.core.registry import RuleContext
from coachplan.rules.base import check, located_metrics


@check("P109")
def ended_without_closing(plan: Plan, ctx: RuleContext) -> Iterator[Problem]:
    if plan.status not in CLOSED or plan.closing is not None:
        return
    if plan.status == "completed":
        how = f'--outcome {"|".join(outcomes_for(plan.kind))} --summary "..."'
        what = "its date, outcome and summary"
    else:
        how, what = '--cancel --reason "..."', "its date and the reason"
    yield Problem(
        ("status",),
        f"the plan is {plan.status} but has no closing ({what})",
        f"run {ctx.command('close', how)}",
    )


@check("P110")
def closing_outside_window(plan: Plan, ctx: RuleContext) -> Iterator[Problem]:
    closing = plan.closing
    if closing is None:
        return
    grace = ctx.thresholds.record_grace_days
    late = (closing.date - plan.end).days
    if late > grace:
        yield Problem(
            ("closing", "date"),
            f"the plan is closed on {closing.date}, {late} days after its window ended "
            f"({plan.end}); at most {grace} days after are allowed",
            f"date the closing on or soon after {plan.end} (`coachplan close --date`), or move "
            "`end` if coaching went on",
        )
    elif closing.date < plan.start and plan.status != "cancelled":
        yield Problem(
            ("closing", "date"),
            f"the plan is closed on {closing.date}, before its window starts ({plan.start})",
            "check the date; only a cancelled plan can end before it starts",
        )


@check("P111")
def achieved_without_target(plan: Plan, ctx: RuleContext) -> Iterator[Problem]:
    closing = plan.closing
    if closing is None or closing.outcome != "achieved":
        return
    attainment = plan_attainment(plan, closing.date)
    measurable = [
        m
        for _, m in plan.metrics()
        if m.baseline is not None and m.target is not None and m.baseline != m.target
    ]
    if measurable and attainment.reached == 0:
        yield Problem(
            ("closing", "outcome"),
            f"the plan is closed as achieved, but none of its {len(measurable)} metrics "
            f"reached its target by {closing.date}",
            "record the final measurements (`coachplan measure`), or use partly-achieved or "
            "not-achieved",
        )


@check("P112")
def checkin_while_paused(plan: Plan, ctx: RuleContext) -> Iterator[Problem]:
    stretches = paused_stretches(plan)
    if not stretches:
        return
    for i, checkin in enumerate(plan.checkins):
        for paused, resumed in stretches:
            if paused < checkin.date and (resumed is None or checkin.date < resumed):
                during = f"from {paused} to {resumed}" if resumed else f"since {paused}"
                hint = (
                    "check the date; if coaching goes on, resume the plan: "
                    + ctx.command("status", "active")
                    if resumed is None
                    else "check the date, or the dates of the pause in [[revisions]]"
                )
                yield Problem(
                    ("checkins", i, "date"),
                    f"check-in on {checkin.date} is dated while the plan was paused ({during})",
                    hint,
                )
                break


@check("P113")
def closing_status_mismatch(plan: Plan, ctx: RuleContext) -> Iterator[Problem]:
    closing = plan.closing
    if closing is None:
        return
    if plan.status not in CLOSED:
        yield Problem(
            ("closing",),
            f"the plan is {plan.status} but has a closing (dated {closing.date})",
            "an open plan has no [closing]: remove it (reopen does, keeping it in a "
            "revision), or close the plan",
        )
    elif plan.status == "completed" and closing.outcome is None:
        yield Problem(
            ("closing",),
            "the plan is completed but its closing has no outcome",
            f"add `outcome = ...`: one of {', '.join(outcomes_for(plan.kind))}",
        )
    elif plan.status == "cancelled" and closing.outcome is not None:
        yield Problem(
            ("closing", "outcome"),
            f"the plan is cancelled, so it has no outcome; found {closing.outcome}",
            "remove `outcome` (say why in `reason`), or set the status to completed",
        )


@check("P114")
def cancelled_without_reason(plan: Plan, ctx: RuleContext) -> Iterator[Problem]:
    closing = plan.closing
    if plan.status != "cancelled" or closing is None:
        return
    if not (closing.reason or "").strip():
        yield Problem(
            ("closing",),
            "the plan is cancelled but its closing does not say why",
            'add `reason = "..."`: e.g. the coachee moved teams',
        )


@check("K105")
def outcome_not_for_kind(plan: Plan, ctx: RuleContext) -> Iterator[Problem]:
    closing = plan.closing
    if closing is None or closing.outcome is None:
        return
    allowed = outcomes_for(plan.kind)
    if closing.outcome not in allowed:
        article = "an" if plan.kind[0] in "aeiou" else "a"
        yield Problem(
            ("closing", "outcome"),
            f"`{closing.outcome}` is not an outcome of {article} {plan.kind} plan",
            f"use one of {', '.join(allowed)}",
        )


@check("K106")
def pip_passed_below_minimum(plan: Plan, ctx: RuleContext) -> Iterator[Problem]:
    closing = plan.closing
    if plan.kind != "pip" or closing is None or closing.outcome != "passed":
        return
    from coachplan.core.attainment import metric_attainment

    for where, metric in located_metrics(plan):
        found = metric_attainment(metric, closing.date)
        if found.meets_minimum is False:
            yield Problem(
                where,
                f"the pip is closed as passed, but `{metric.id}` was {found.latest} on its last "
                f"measurement by {closing.date}, short of its minimum {metric.minimum}",
                "check the final measurements, or close the pip as not-passed",
            )
