"""One plan, readable: `coachplan show`."""

from __future__ import annotations

import json
from datetime import date
from typing import Any

from coachplan.agreement import stale_signoffs
from coachplan.layout import plan_data
from coachplan.model import Plan
from coachplan.progress import bar, metric_progress, sparkline, window_elapsed
from coachplan.render.reports import number


def render_plan_text(plan_id: str, plan: Plan, as_of: date) -> str:
    out: list[str] = []
    add = out.append
    add(f"{plan.title}  [{plan_id}]")
    add(
        f"{plan.kind} plan, {plan.status}; {plan.coachee} coached by {plan.coach}"
        + (f", sponsor {plan.sponsor}" if plan.sponsor else "")
    )
    elapsed = window_elapsed(plan, as_of)
    add(
        f"Window {plan.start} to {plan.end} ({round(elapsed * 100)}% elapsed on {as_of})"
        + (f"; check-ins {plan.checkin_every}" if plan.checkin_every else "")
    )
    if plan.summary:
        add("")
        add(plan.summary.strip())
    if plan.baseline:
        add("")
        add(f"Baseline ({plan.baseline.date}, {plan.baseline.method})")
        if plan.baseline.strengths:
            add("  strengths: " + "; ".join(plan.baseline.strengths))
        latest: dict[str, int] = {}
        for assessment in sorted(plan.assessments, key=lambda a: a.date):
            if assessment.date <= as_of:
                latest.update(assessment.levels)
        for skill in plan.baseline.skills:
            now = latest.get(skill.skill)
            change = f", now {now}" if now is not None else ""
            add(
                f"  {skill.skill}: level {skill.level} -> target {skill.target} "
                f"(gap {skill.gap}{change})"
            )
    for goal in plan.goals:
        add("")
        add(f"Goal {goal.id}: {goal.statement or '(no statement)'}")
        if goal.relevant_to:
            add(f"  relevant to: {goal.relevant_to}")
        add(f"  due: {goal.due or '-'}")
        for metric in goal.metrics:
            progress = metric_progress(metric, as_of)
            unit = f" {metric.unit}" if metric.unit else ""
            add(f"  metric {metric.id}: {metric.description}")
            percent = f"{progress.percent}%" if progress.percent is not None else "no data"
            add(
                f"    {number(metric.baseline)} -> {number(metric.target)}{unit}; latest "
                f"{number(progress.latest)} {bar(progress.fraction)} {percent}"
                + (f", {progress.trend}" if progress.trend else "")
            )
            values = [
                m.value
                for m in sorted(metric.measurements, key=lambda m: m.date)
                if m.date <= as_of
            ]
            if len(values) > 1:
                add(f"    trend {sparkline(values)}")
            if metric.minimum is not None:
                state = {True: "met", False: "not met", None: "no data"}[progress.meets_minimum]
                add(f"    minimum {number(metric.minimum)}: {state}")
        for action in plan.actions:
            if action.goal == goal.id:
                mark = (
                    "x" if action.status == "done" else ("-" if action.status == "dropped" else " ")
                )
                due = f" (due {action.due})" if action.due else ""
                add(
                    f"  [{mark}] {action.id}: {action.description}{due}"
                    + (f" - {action.resource}" if action.resource else "")
                )
    orphans = [a for a in plan.actions if plan.goal(a.goal or "") is None]
    if orphans:
        add("")
        add("Other actions")
        for action in orphans:
            add(f"  [{'x' if action.status == 'done' else ' '}] {action.id}: {action.description}")
    if plan.milestones:
        add("")
        add("Milestones")
        for m in sorted(plan.milestones, key=lambda m: (m.due or date.max, m.id)):
            state = (
                f"reached {m.done_on}"
                if m.done_on
                else ("overdue" if m.due and m.due < as_of else "open")
            )
            add(f"  {m.due or '-'}  {m.title} ({state})")
    add("")
    held = [c for c in plan.checkins if c.date <= as_of]
    ratings = [c.rating for c in held if c.rating is not None]
    add(
        f"Check-ins: {len(held)} held"
        + (f", average rating {sum(ratings) / len(ratings):.1f}" if len(ratings) >= 3 else "")
    )
    for checkin in sorted(held, key=lambda c: c.date)[-3:]:
        add(f"  {checkin.date}  {checkin.notes or ''}".rstrip())
    if plan.feedback:
        add("")
        count = len(plan.feedback)
        add(f"Feedback: {count} {'entry' if count == 1 else 'entries'}")
        for item in sorted(plan.feedback, key=lambda f: f.date)[-3:]:
            who = f" ({item.by})" if item.by else ""
            add(f"  {item.date}  {item.source}{who}: {item.comment}")
    add("")
    signed = ", ".join(f"{s.role} {s.name} on {s.date}" for s in plan.signoffs)
    add(f"Sign-off: {signed or 'none'}")
    stale = stale_signoffs(plan)
    if stale:
        who = ", ".join(f"{s.role} {s.name}" for _, s in stale)
        add(f"  must sign again (goals, targets, actions or window changed since): {who}")
    if plan.revisions:
        add(
            f"Revisions: {len(plan.revisions)}, latest {plan.revisions[-1].date}: "
            f"{plan.revisions[-1].summary}"
        )
    return "\n".join(out) + "\n"


def _jsonable(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _jsonable(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_jsonable(v) for v in value]
    if isinstance(value, date):
        return value.isoformat()
    return value


def render_plan_json(plan_id: str, plan: Plan, as_of: date) -> str:
    data = _jsonable(plan_data(plan))
    data["id"] = plan_id
    data["progress"] = {
        metric.id: {
            "latest": p.latest,
            "fraction": None if p.fraction is None else round(p.fraction, 4),
            "trend": p.trend,
            "meets_minimum": p.meets_minimum,
        }
        for _, metric in plan.metrics()
        for p in [metric_progress(metric, as_of)]
    }
    data["window_elapsed"] = round(window_elapsed(plan, as_of), 4)
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"
