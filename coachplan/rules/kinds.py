"""Kind rules: what a performance improvement plan (pip) needs beyond any plan."""

from __future__ import annotations

from collections.abc import Iterator

from coachplan.findings import Problem, Severity
from coachplan.model import Plan
from coachplan.rules import RuleContext, rule

PIP_GOAL = """
kind = "pip"
start = 2026-10-01
end = 2026-12-20

[[goals]]
id = "first-contact-resolution"
statement = "Resolve customer calls at first contact without a supervisor transfer"
relevant_to = "Meets the agent role's core standard"
due = 2026-12-15

[[goals.metrics]]
id = "fcr-rate"
description = "Calls resolved at first contact"
unit = "%"
baseline = 58
target = 75
"""


@rule(
    "K101",
    "pip-window-too-long",
    "A performance improvement plan runs too long.",
    relaxed_in_draft=True,
    explanation="A pip is remedial: a short, fair window to reach the minimum standard. Its "
    "window is at most `thresholds.pip_max_days` days (default 90).",
    bad='kind = "pip"\nstart = 2026-09-01\nend = 2027-02-28',
    good='kind = "pip"\nstart = 2026-10-01\nend = 2026-12-20',
)
def pip_window_too_long(plan: Plan, ctx: RuleContext) -> Iterator[Problem]:
    limit = ctx.thresholds.pip_max_days
    days = (plan.end - plan.start).days
    if plan.kind == "pip" and days > limit:
        yield Problem(
            ("end",),
            f"the pip runs {days} days, longer than {limit}",
            "shorten the window, or use a coaching plan for longer development",
        )


@rule(
    "K102",
    "pip-metric-without-minimum",
    "A pip metric has no minimum acceptable level.",
    relaxed_in_draft=True,
    explanation="Every metric of a pip states `minimum`: the level the coachee must reach for "
    "the plan to succeed, so that the outcome is fair and unambiguous.",
    bad=PIP_GOAL,
    good=PIP_GOAL + "minimum = 70\n",
)
def pip_metric_without_minimum(plan: Plan, ctx: RuleContext) -> Iterator[Problem]:
    if plan.kind != "pip":
        return
    for gi, goal in enumerate(plan.goals):
        for mi, metric in enumerate(goal.metrics):
            if metric.minimum is None:
                yield Problem(
                    ("goals", gi, "metrics", mi),
                    f"pip metric `{metric.id}` has no minimum acceptable level",
                    "add `minimum = <number>` between baseline and target",
                )


@rule(
    "K103",
    "pip-without-sponsor-signoff",
    "An active pip is not signed by its sponsor.",
    relaxed_in_draft=True,
    explanation="A pip needs a `sponsor` (usually the second-line manager or HR partner), and "
    "an active pip needs the sponsor's sign-off as well as the coach's and coachee's. The "
    "sign-off counts only when its `name` is the plan's `sponsor`.",
    bad=PIP_GOAL
    + """
[[signoffs]]
role = "coach"
name = "Team lead T1"
date = 2026-10-01

[[signoffs]]
role = "coachee"
name = "Agent 2291"
date = 2026-10-01
""",
    good=PIP_GOAL
    + """
[[signoffs]]
role = "coach"
name = "Team lead T1"
date = 2026-10-01

[[signoffs]]
role = "coachee"
name = "Agent 2291"
date = 2026-10-01

[[signoffs]]
role = "sponsor"
name = "Floor manager F1"
date = 2026-10-02
""",
)
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

        problem = unsigned(plan, "sponsor", "the pip is active but its sponsor")
        if problem is not None:
            yield problem


@rule(
    "K104",
    "pip-minimum-out-of-range",
    "A pip metric's minimum is not between baseline and target.",
    severity=Severity.WARNING,
    relaxed_in_draft=True,
    explanation="The minimum acceptable level lies between where the coachee starts and the "
    "target, or on the target.",
    bad=PIP_GOAL + "minimum = 50\n",
    good=PIP_GOAL + "minimum = 70\n",
)
def pip_minimum_out_of_range(plan: Plan, ctx: RuleContext) -> Iterator[Problem]:
    if plan.kind != "pip":
        return
    for gi, goal in enumerate(plan.goals):
        for mi, metric in enumerate(goal.metrics):
            low, high, minimum = metric.baseline, metric.target, metric.minimum
            if minimum is None or low is None or high is None:
                continue
            towards = low < minimum <= high if high > low else high <= minimum < low
            if not towards:
                yield Problem(
                    ("goals", gi, "metrics", mi, "minimum"),
                    f"pip metric `{metric.id}` minimum {minimum} is not between "
                    f"baseline {low} and target {high}",
                    "set the minimum past the baseline, towards the target",
                )
