"""Kind rules: what a performance improvement plan (pip) needs beyond any plan."""

from __future__ import annotations

from collections.abc import Iterator

from coachplan.core.findings import Problem
from coachplan.core.model import Plan
from coachplan.core.registry import RuleContext
from coachplan.rules.base import check, located_metrics


@check("K101")
def pip_window_too_long(plan: Plan, ctx: RuleContext) -> Iterator[Problem]:
    from coachplan.core.lifecycle import extensions

    limit = ctx.thresholds.pip_max_days
    days = (plan.end - plan.start).days
    if plan.kind != "pip" or days <= limit:
        return
    if not extensions(plan):
        yield Problem(
            ("end",),
            f"the pip runs {days} days, longer than {limit}",
            "shorten the window, or use a coaching plan for longer development",
        )
        return
    extra = ctx.thresholds.pip_extension_days
    if days > limit + extra:
        yield Problem(
            ("end",),
            f"the extended pip runs {days} days, longer than {limit + extra} ({limit} and "
            f"{extra} days of extension)",
            "shorten the extension; a pip that needs longer is better closed and followed by "
            "a coaching plan",
        )


@check("K102")
def pip_metric_without_minimum(plan: Plan, ctx: RuleContext) -> Iterator[Problem]:
    if plan.kind != "pip":
        return
    for where, metric in located_metrics(plan):
        if metric.minimum is None:
            yield Problem(
                where,
                f"pip metric `{metric.id}` has no minimum acceptable level",
                "add `minimum = <number>` between baseline and target",
            )


@check("K103")
def pip_without_sponsor_signoff(plan: Plan, ctx: RuleContext) -> Iterator[Problem]:
    if plan.kind != "pip":
        return
    if not plan.sponsor:
        yield Problem(
            ("kind",),
            "the pip has no sponsor",
            'add `sponsor = "..."`: the second-line manager or HR partner',
        )
    elif plan.status == "active":
        from coachplan.rules.plan import unsigned

        problem = unsigned(plan, "sponsor", "the pip is active but its sponsor", ctx)
        if problem is not None:
            yield problem


@check("K104")
def pip_minimum_out_of_range(plan: Plan, ctx: RuleContext) -> Iterator[Problem]:
    if plan.kind != "pip":
        return
    for where, metric in located_metrics(plan):
        low, high, minimum = metric.baseline, metric.target, metric.minimum
        if minimum is None or low is None or high is None:
            continue
        towards = low < minimum <= high if high > low else high <= minimum < low
        if not towards:
            yield Problem(
                (*where, "minimum"),
                f"pip metric `{metric.id}` minimum {minimum} is not between "
                f"baseline {low} and target {high}",
                "set the minimum past the baseline, towards the target",
            )
