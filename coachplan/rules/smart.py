"""SMART rules: every goal Specific, Measurable, Achievable, Relevant and Time-bound."""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator

from coachplan.core.findings import Problem
from coachplan.core.model import Plan
from coachplan.core.registry import RuleContext
from coachplan.rules.base import check, located_metrics

_WORD = re.compile(r"[\w%/-]+")


def _goal_where(index: int) -> tuple[str | int, ...]:
    return ("goals", index)


@check("S101")
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


@check("S102")
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


@check("S201")
def goal_without_metric(plan: Plan, ctx: RuleContext) -> Iterator[Problem]:
    for i, goal in enumerate(plan.goals):
        if not goal.metrics:
            yield Problem(
                _goal_where(i),
                f"goal `{goal.id}` has no metric",
                "add a [[goals.metrics]] table with id, description, unit, baseline "
                f"and target, e.g. {ctx.command('metric add', f'{goal.id} METRIC')}",
            )


@check("S202")
def metric_without_baseline_or_target(plan: Plan, ctx: RuleContext) -> Iterator[Problem]:
    for where, metric in located_metrics(plan):
        missing = [k for k in ("baseline", "target") if getattr(metric, k) is None]
        if missing:
            yield Problem(
                where,
                f"metric `{metric.id}` has no {' and no '.join(missing)}",
                f"add `{missing[0]} = <number>`",
            )


@check("S203")
def metric_without_unit(plan: Plan, ctx: RuleContext) -> Iterator[Problem]:
    for where, metric in located_metrics(plan):
        if metric.kind == "quantitative" and not (metric.unit or "").strip():
            yield Problem(
                where,
                f"metric `{metric.id}` has no unit",
                'add `unit = "%"` (or calls/day, minutes ...), or make it '
                '`kind = "qualitative"` with a `source`',
            )


@check("S204")
def metric_without_source(plan: Plan, ctx: RuleContext) -> Iterator[Problem]:
    for where, metric in located_metrics(plan):
        if metric.kind == "qualitative" and not (metric.source or "").strip():
            yield Problem(
                where,
                f"qualitative metric `{metric.id}` has no source",
                'add `source = "360 feedback"` (or observation, survey ...)',
            )


@check("S205")
def target_equals_baseline(plan: Plan, ctx: RuleContext) -> Iterator[Problem]:
    for where, metric in located_metrics(plan):
        if metric.baseline is not None and metric.baseline == metric.target:
            yield Problem(
                (*where, "target"),
                f"metric `{metric.id}` target equals its baseline ({metric.target})",
                "set the level to reach; it may be above or below the baseline",
            )


@check("S206")
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


@check("S207")
def rating_off_scale(plan: Plan, ctx: RuleContext) -> Iterator[Problem]:
    for where, metric in located_metrics(plan):
        if metric.kind != "qualitative":
            continue
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


@check("S301")
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


@check("S302")
def too_many_goals(plan: Plan, ctx: RuleContext) -> Iterator[Problem]:
    limit = ctx.thresholds.max_goals
    if len(plan.goals) > limit:
        yield Problem(
            ("goals", limit),
            f"the plan has {len(plan.goals)} goals, more than {limit}",
            "keep the few that matter most; move the rest to a later plan",
        )


@check("S401")
def goal_without_relevance(plan: Plan, ctx: RuleContext) -> Iterator[Problem]:
    for gi, goal in enumerate(plan.goals):
        if not (goal.relevant_to or "").strip():
            yield Problem(
                _goal_where(gi),
                f"goal `{goal.id}` does not say what it is relevant to",
                'add `relevant_to = "..."`: the role, career or team outcome it serves',
            )


@check("S501")
def goal_without_due(plan: Plan, ctx: RuleContext) -> Iterator[Problem]:
    for gi, goal in enumerate(plan.goals):
        if goal.due is None:
            yield Problem(
                _goal_where(gi),
                f"goal `{goal.id}` has no due date",
                f"add `due = {plan.end.isoformat()}` or an earlier date in the plan's window",
            )


@check("S502")
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


@check("S103")
def template_placeholder(plan: Plan, ctx: RuleContext) -> Iterator[Problem]:
    for where, text in _texts(plan):
        found = _PLACEHOLDER.search(text)
        if found:
            yield Problem(
                where,
                f"`{where[-1]}` still has the placeholder {found.group(0)}",
                "replace it with the real text",
            )
