"""SMART rules: every goal Specific, Measurable, Achievable, Relevant and Time-bound."""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator

from coachplan.findings import Problem, Severity
from coachplan.model import Plan
from coachplan.rules import RuleContext, rule

_WORD = re.compile(r"[\w%/-]+")

GOOD_GOAL = """
[[goals]]
id = "delegate-roster"
statement = "Hand ownership of the weekly roster to two senior agents"
relevant_to = "Team-lead readiness; fewer escalations to the floor manager"
due = 2026-12-15

[[goals.metrics]]
id = "escalations-handled"
description = "Share of escalations resolved without the coachee"
unit = "%"
baseline = 20
target = 60
"""


def _goal_where(index: int) -> tuple[str | int, ...]:
    return ("goals", index)


@rule(
    "S101",
    "goal-statement-missing",
    "A goal has no statement.",
    smart="Specific",
    relaxed_in_draft=True,
    explanation="The statement says concretely what will be accomplished; without it the "
    "goal is only an id.",
    bad="""
[[goals]]
id = "delegate-roster"
relevant_to = "Team-lead readiness"
due = 2026-12-15
""",
    good=GOOD_GOAL,
)
def goal_statement_missing(plan: Plan, ctx: RuleContext) -> Iterator[Problem]:
    for i, goal in enumerate(plan.goals):
        if not (goal.statement or "").strip():
            yield Problem(
                _goal_where(i),
                f"goal `{goal.id}` has no statement",
                'add `statement = "..."`: what will be accomplished, concretely',
            )


@functools.lru_cache(maxsize=8)
def _vague_words(words: tuple[str, ...]) -> list[tuple[str, re.Pattern[str]]]:
    """Each vague word with its compiled whole-word pattern (compiled once per run)."""
    return [(w.lower(), re.compile(rf"\b{re.escape(w.lower())}\b")) for w in words]


@rule(
    "S102",
    "goal-statement-vague",
    "A goal statement is too short or vague to be specific.",
    smart="Specific",
    relaxed_in_draft=True,
    explanation="A specific statement names what will be done and by whom or for what: "
    '"Hand ownership of the weekly roster to two senior agents", not "improve delegation". '
    "A statement is vague when it has fewer words than `thresholds.min_statement_words` "
    "(default 5), or when it leans on a vague word (improve, better, communication ...) and "
    "has neither a number nor eight words.",
    bad="""
[[goals]]
id = "communication"
statement = "Improve communication"
relevant_to = "Team-lead readiness"
due = 2026-12-15
""",
    good=GOOD_GOAL,
)
def goal_statement_vague(plan: Plan, ctx: RuleContext) -> Iterator[Problem]:
    vague = _vague_words(tuple(ctx.thresholds.vague_words))
    for i, goal in enumerate(plan.goals):
        statement = (goal.statement or "").strip()
        if not statement:
            continue
        words = _WORD.findall(statement.lower())
        text = " ".join(words)
        if len(words) < ctx.thresholds.min_statement_words:
            yield Problem(
                (*_goal_where(i), "statement"),
                f"goal `{goal.id}` statement is too short to be specific ({len(words)} words)",
                'say what will be done, by whom or for what, e.g. "Run the Monday '
                'stand-up without notes for six weeks"',
            )
            continue
        if len(words) >= 8 or any(c.isdigit() for c in statement):
            continue  # long enough, or has a number: specific whatever its words
        leans = [w for w, pattern in vague if pattern.search(text)]
        if leans:
            yield Problem(
                (*_goal_where(i), "statement"),
                f"goal `{goal.id}` statement is vague ({', '.join(leans)})",
                "replace the vague words with the concrete change, or add a number",
            )


@rule(
    "S201",
    "goal-without-metric",
    "A goal has no metric.",
    smart="Measurable",
    relaxed_in_draft=True,
    explanation="Each goal needs at least one `[[goals.metrics]]` entry with a baseline and a "
    "target, so that progress can be measured.",
    bad="""
[[goals]]
id = "delegate-roster"
statement = "Hand ownership of the weekly roster to two senior agents"
relevant_to = "Team-lead readiness"
due = 2026-12-15
""",
    good=GOOD_GOAL,
)
def goal_without_metric(plan: Plan, ctx: RuleContext) -> Iterator[Problem]:
    for i, goal in enumerate(plan.goals):
        if not goal.metrics:
            yield Problem(
                _goal_where(i),
                f"goal `{goal.id}` has no metric",
                "add a [[goals.metrics]] table with id, description, unit, baseline "
                "and target, e.g. `coachplan metric add`",
            )


@rule(
    "S202",
    "metric-without-baseline-or-target",
    "A metric lacks a baseline or a target.",
    smart="Measurable",
    relaxed_in_draft=True,
    explanation="Progress is measured from the baseline towards the target; both are needed.",
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
target = 60
""",
    good=GOOD_GOAL,
)
def metric_without_baseline_or_target(plan: Plan, ctx: RuleContext) -> Iterator[Problem]:
    for gi, goal in enumerate(plan.goals):
        for mi, metric in enumerate(goal.metrics):
            missing = [k for k in ("baseline", "target") if getattr(metric, k) is None]
            if missing:
                yield Problem(
                    ("goals", gi, "metrics", mi),
                    f"metric `{metric.id}` has no {' and no '.join(missing)}",
                    f"add `{missing[0]} = <number>`",
                )


@rule(
    "S203",
    "metric-without-unit",
    "A quantitative metric has no unit.",
    smart="Measurable",
    relaxed_in_draft=True,
    explanation="A number means little without its unit: %, calls/day, escalations, minutes. "
    'A metric judged by people rather than counted is `kind = "qualitative"` with a `source`.',
    bad="""
[[goals]]
id = "delegate-roster"
statement = "Hand ownership of the weekly roster to two senior agents"
relevant_to = "Team-lead readiness"
due = 2026-12-15

[[goals.metrics]]
id = "escalations-handled"
description = "Share of escalations resolved without the coachee"
baseline = 20
target = 60
""",
    good=GOOD_GOAL,
)
def metric_without_unit(plan: Plan, ctx: RuleContext) -> Iterator[Problem]:
    for gi, goal in enumerate(plan.goals):
        for mi, metric in enumerate(goal.metrics):
            if metric.kind == "quantitative" and not (metric.unit or "").strip():
                yield Problem(
                    ("goals", gi, "metrics", mi),
                    f"metric `{metric.id}` has no unit",
                    'add `unit = "%"` (or calls/day, minutes ...), or make it '
                    '`kind = "qualitative"` with a `source`',
                )


@rule(
    "S204",
    "metric-without-source",
    "A qualitative metric does not say where evidence comes from.",
    smart="Measurable",
    relaxed_in_draft=True,
    explanation="A qualitative metric is a 1-5 rating; `source` says who or what gives it "
    "(360 feedback, observation, customer survey), so that it is measured the same way "
    "each time.",
    bad="""
[[goals]]
id = "presenting"
statement = "Present the quarterly results to the leadership team unaided"
relevant_to = "Visibility for the senior analyst role"
due = 2026-12-15

[[goals.metrics]]
id = "presentation-confidence"
description = "Confidence when presenting"
kind = "qualitative"
baseline = 2
target = 4
""",
    good="""
[[goals]]
id = "presenting"
statement = "Present the quarterly results to the leadership team unaided"
relevant_to = "Visibility for the senior analyst role"
due = 2026-12-15

[[goals.metrics]]
id = "presentation-confidence"
description = "Confidence when presenting"
kind = "qualitative"
source = "360 feedback from the leadership team"
baseline = 2
target = 4
""",
)
def metric_without_source(plan: Plan, ctx: RuleContext) -> Iterator[Problem]:
    for gi, goal in enumerate(plan.goals):
        for mi, metric in enumerate(goal.metrics):
            if metric.kind == "qualitative" and not (metric.source or "").strip():
                yield Problem(
                    ("goals", gi, "metrics", mi),
                    f"qualitative metric `{metric.id}` has no source",
                    'add `source = "360 feedback"` (or observation, survey ...)',
                )


@rule(
    "S205",
    "target-equals-baseline",
    "A metric's target equals its baseline.",
    smart="Measurable",
    relaxed_in_draft=True,
    explanation="The target must differ from the baseline; the direction of improvement (up "
    "or down) follows from the two.",
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
target = 20
""",
    good=GOOD_GOAL,
)
def target_equals_baseline(plan: Plan, ctx: RuleContext) -> Iterator[Problem]:
    for gi, goal in enumerate(plan.goals):
        for mi, metric in enumerate(goal.metrics):
            if metric.baseline is not None and metric.baseline == metric.target:
                yield Problem(
                    ("goals", gi, "metrics", mi, "target"),
                    f"metric `{metric.id}` target equals its baseline ({metric.target})",
                    "set the level to reach; it may be above or below the baseline",
                )


@rule(
    "S206",
    "goal-only-qualitative",
    "A goal is measured only by ratings.",
    smart="Measurable",
    relaxed_in_draft=True,
    severity=Severity.WARNING,
    explanation="Outside mentoring plans, a goal should have at least one quantitative "
    "metric: something counted, not only rated. Mentoring plans may rely on qualitative "
    "metrics alone.",
    bad="""
[[goals]]
id = "presenting"
statement = "Present the quarterly results to the leadership team unaided"
relevant_to = "Visibility for the senior analyst role"
due = 2026-12-15

[[goals.metrics]]
id = "presentation-confidence"
description = "Confidence when presenting"
kind = "qualitative"
source = "360 feedback from the leadership team"
baseline = 2
target = 4
""",
    good="""
kind = "mentoring"

[[goals]]
id = "presenting"
statement = "Present the quarterly results to the leadership team unaided"
relevant_to = "Visibility for the senior analyst role"
due = 2026-12-15

[[goals.metrics]]
id = "presentation-confidence"
description = "Confidence when presenting"
kind = "qualitative"
source = "360 feedback from the leadership team"
baseline = 2
target = 4
""",
)
def goal_only_qualitative(plan: Plan, ctx: RuleContext) -> Iterator[Problem]:
    if plan.kind == "mentoring":
        return
    for gi, goal in enumerate(plan.goals):
        if goal.metrics and all(m.kind == "qualitative" for m in goal.metrics):
            yield Problem(
                _goal_where(gi),
                f"goal `{goal.id}` is measured only by ratings",
                "add a quantitative metric (a count, a share, a time) beside the rating",
            )


@rule(
    "S207",
    "rating-off-scale",
    "A qualitative metric's baseline or target is not a 1-5 rating.",
    smart="Measurable",
    relaxed_in_draft=True,
    explanation="Qualitative metrics are ratings on the 1-5 scale; baseline, target, minimum "
    "and measurements must be on it.",
    bad="""
[[goals]]
id = "presenting"
statement = "Present the quarterly results to the leadership team unaided"
relevant_to = "Visibility for the senior analyst role"
due = 2026-12-15

[[goals.metrics]]
id = "presentation-confidence"
description = "Confidence when presenting"
kind = "qualitative"
source = "360 feedback from the leadership team"
baseline = 2
target = 8
""",
    good="""
[[goals]]
id = "presenting"
statement = "Present the quarterly results to the leadership team unaided"
relevant_to = "Visibility for the senior analyst role"
due = 2026-12-15

[[goals.metrics]]
id = "presentation-confidence"
description = "Confidence when presenting"
kind = "qualitative"
source = "360 feedback from the leadership team"
baseline = 2
target = 4
""",
)
def rating_off_scale(plan: Plan, ctx: RuleContext) -> Iterator[Problem]:
    for gi, goal in enumerate(plan.goals):
        for mi, metric in enumerate(goal.metrics):
            if metric.kind != "qualitative":
                continue
            where = ("goals", gi, "metrics", mi)
            for key in ("baseline", "target", "minimum"):
                value = getattr(metric, key)
                if value is not None and not 1 <= value <= 5:
                    yield Problem(
                        (*where, key),
                        f"qualitative metric `{metric.id}` {key} {value} is not on the 1-5 scale",
                        "use a rating from 1 to 5",
                    )
            for k, measurement in enumerate(metric.measurements):
                if not 1 <= measurement.value <= 5:
                    yield Problem(
                        (*where, "measurements", k),
                        f"qualitative metric `{metric.id}` measurement "
                        f"{measurement.value} is not on the 1-5 scale",
                        "use a rating from 1 to 5",
                    )


@rule(
    "S301",
    "goal-without-resourced-action",
    "No action step with a resource serves a goal.",
    smart="Achievable",
    relaxed_in_draft=True,
    explanation="A goal is achievable when the plan says how: at least one action step for "
    "the goal that names a resource (a person, a course, a book, time set aside).",
    bad="""
[[actions]]
id = "shadow-planning"
goal = "delegate-roster"
description = "Shadow the floor manager in two roster-planning sessions"
method = "shadowing"
due = 2026-10-20
""",
    good="""
[[actions]]
id = "shadow-planning"
goal = "delegate-roster"
description = "Shadow the floor manager in two roster-planning sessions"
method = "shadowing"
resource = "Floor manager, Tuesday planning slot"
due = 2026-10-20
""",
)
def goal_without_resourced_action(plan: Plan, ctx: RuleContext) -> Iterator[Problem]:
    resourced = {
        a.goal for a in plan.actions if (a.resource or "").strip() and a.status != "dropped"
    }
    for gi, goal in enumerate(plan.goals):
        if goal.id not in resourced:
            yield Problem(
                _goal_where(gi),
                f"goal `{goal.id}` has no action step that names a resource",
                'add an [[actions]] entry for it with `resource = "..."`: who or what supports it',
            )


@rule(
    "S302",
    "too-many-goals",
    "More goals than one plan can carry.",
    smart="Achievable",
    relaxed_in_draft=True,
    explanation="Focus makes a plan achievable. More goals than `thresholds.max_goals` "
    "(default 5) spread the coachee too thin; split the plan or defer some goals.",
    bad="""
[[goals]]
id = "goal-1"
[[goals]]
id = "goal-2"
[[goals]]
id = "goal-3"
[[goals]]
id = "goal-4"
[[goals]]
id = "goal-5"
[[goals]]
id = "goal-6"
""",
    good=GOOD_GOAL,
)
def too_many_goals(plan: Plan, ctx: RuleContext) -> Iterator[Problem]:
    limit = ctx.thresholds.max_goals
    if len(plan.goals) > limit:
        yield Problem(
            ("goals", limit),
            f"the plan has {len(plan.goals)} goals, more than {limit}",
            "keep the few that matter most; move the rest to a later plan",
        )


@rule(
    "S401",
    "goal-without-relevance",
    "A goal does not say what it is relevant to.",
    smart="Relevant",
    relaxed_in_draft=True,
    explanation="`relevant_to` names the role, career or organisational outcome the goal "
    "serves, so that coach, coachee and sponsor agree why it matters.",
    bad="""
[[goals]]
id = "delegate-roster"
statement = "Hand ownership of the weekly roster to two senior agents"
due = 2026-12-15
""",
    good=GOOD_GOAL,
)
def goal_without_relevance(plan: Plan, ctx: RuleContext) -> Iterator[Problem]:
    for gi, goal in enumerate(plan.goals):
        if not (goal.relevant_to or "").strip():
            yield Problem(
                _goal_where(gi),
                f"goal `{goal.id}` does not say what it is relevant to",
                'add `relevant_to = "..."`: the role, career or team outcome it serves',
            )


@rule(
    "S501",
    "goal-without-due",
    "A goal has no due date.",
    smart="Time-bound",
    relaxed_in_draft=True,
    explanation="Every goal has a `due` date inside the plan's window.",
    bad="""
[[goals]]
id = "delegate-roster"
statement = "Hand ownership of the weekly roster to two senior agents"
relevant_to = "Team-lead readiness"
""",
    good=GOOD_GOAL,
)
def goal_without_due(plan: Plan, ctx: RuleContext) -> Iterator[Problem]:
    for gi, goal in enumerate(plan.goals):
        if goal.due is None:
            yield Problem(
                _goal_where(gi),
                f"goal `{goal.id}` has no due date",
                f"add `due = {plan.end.isoformat()}` or an earlier date in the plan's window",
            )


@rule(
    "S502",
    "goal-due-outside-window",
    "A goal is due outside the plan's window.",
    smart="Time-bound",
    relaxed_in_draft=True,
    explanation="A goal's `due` date falls between the plan's `start` and `end`.",
    bad="""
[[goals]]
id = "delegate-roster"
statement = "Hand ownership of the weekly roster to two senior agents"
relevant_to = "Team-lead readiness"
due = 2027-06-30
""",
    good=GOOD_GOAL,
)
def goal_due_outside_window(plan: Plan, ctx: RuleContext) -> Iterator[Problem]:
    for gi, goal in enumerate(plan.goals):
        if goal.due is not None and not plan.start <= goal.due <= plan.end:
            yield Problem(
                (*_goal_where(gi), "due"),
                f"goal `{goal.id}` is due {goal.due}, outside the plan's window "
                f"{plan.start} to {plan.end}",
                "move the due date into the window, or extend the window",
            )


_PLACEHOLDER = re.compile(r"<[^<>\n]{1,80}>")


def _texts(plan: Plan) -> Iterator[tuple[tuple[str | int, ...], str]]:
    yield ("title",), plan.title
    for gi, goal in enumerate(plan.goals):
        yield ("goals", gi, "statement"), goal.statement or ""
        yield ("goals", gi, "relevant_to"), goal.relevant_to or ""
        for mi, metric in enumerate(goal.metrics):
            for key in ("description", "unit", "source"):
                yield ("goals", gi, "metrics", mi, key), getattr(metric, key) or ""
    for i, action in enumerate(plan.actions):
        yield ("actions", i, "description"), action.description
        yield ("actions", i, "resource"), action.resource or ""
    for i, milestone in enumerate(plan.milestones):
        yield ("milestones", i, "title"), milestone.title


@rule(
    "S103",
    "template-placeholder",
    "Template text in <angle brackets> is still in the plan.",
    smart="Specific",
    relaxed_in_draft=True,
    explanation="`coachplan new --template` writes typical goals with <placeholders> to fill "
    "in. Replace each with the real task, person or measure before the plan goes active.",
    bad="""
[[actions]]
id = "shadow-planning"
goal = "delegate-roster"
description = "Shadow the floor manager in two roster-planning sessions"
resource = "<an experienced team lead>"
""",
    good="""
[[actions]]
id = "shadow-planning"
goal = "delegate-roster"
description = "Shadow the floor manager in two roster-planning sessions"
resource = "Floor manager, Tuesday planning slot"
""",
)
def template_placeholder(plan: Plan, ctx: RuleContext) -> Iterator[Problem]:
    for where, text in _texts(plan):
        found = _PLACEHOLDER.search(text)
        if found:
            yield Problem(
                where,
                f"`{where[-1]}` still has the placeholder {found.group(0)}",
                "replace it with the real text",
            )
