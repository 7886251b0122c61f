"""One plan, readable: `coachplan show`.

The whole plan, everything a person wrote in it (every check-in with its rating, notes and
next steps, every measurement with its note, all feedback, every sign-off and revision),
with each metric's progress and trend on the as-of day. Records dated after that day are
listed too, marked as such; progress counts only what came before.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from datetime import date
from typing import Any

from coachplan.core.agreement import stale_signoffs
from coachplan.core.model import Action, Metric, Plan
from coachplan.core.progress import bar, metric_progress, sparkline, window_elapsed
from coachplan.core.text import log_safe_json, visible
from coachplan.files.layout import plan_data
from coachplan.render.closing import closing_json, closing_lines
from coachplan.render.plan_doc import (
    STALE_REASON,
    action_mark,
    average_rating,
    later_note,
    milestone_mark,
    next_checkin_text,
    signoff_marks,
)
from coachplan.render.progress_report import milestone_line
from coachplan.render.reports import count
from coachplan.render.table import number
from coachplan.reports.gaps import latest_levels
from coachplan.reports.progress import plan_progress

# A line of the text, or a line with the indent its continuation lines take where a
# terminal is too narrow for it (by default its own indent plus two spaces).
Line = str | tuple[str, str]


def _block(text: str, indent: str, first: str = "") -> list[Line]:
    """Text a person wrote, every line of it, indented under `first` (or alone); on a
    narrow terminal its lines wrap under their own indent."""
    lines = text.strip().splitlines() or [""]
    if first:
        return [f"{indent}{first}{lines[0]}".rstrip()] + [
            (f"{indent}  {x}".rstrip(), f"{indent}  ") for x in lines[1:]
        ]
    return [(f"{indent}{x}".rstrip(), indent) for x in lines]


def _fitted(lines: list[Line], width: int | None) -> Iterable[str]:
    from coachplan.render.terminal import width_of, wrap

    for line in lines:
        text, hanging = line if isinstance(line, tuple) else (line, None)
        if width is None or width_of(text) <= width:
            yield text
            continue
        lead = text[: len(text) - len(text.lstrip(" "))]
        yield from wrap(text, width, lead, lead + "  " if hanging is None else hanging)


def _joined(parts: Iterable[str | None]) -> str:
    return "; ".join(p for p in parts if p)


def _metric(metric: Metric, as_of: date) -> list[Line]:
    progress = metric_progress(metric, as_of)
    unit = f" {metric.unit}" if metric.unit else ""
    out: list[Line] = [f"  metric {metric.id}: {metric.description}"]
    if metric.kind == "qualitative" or metric.source:
        out.append(
            f"    {metric.kind}" + (f", evidence from {metric.source}" if metric.source else "")
        )
    percent = f"{progress.percent}%" if progress.percent is not None else "no data"
    out.append(
        f"    {number(metric.baseline)} -> {number(metric.target)}{unit}; latest "
        f"{number(progress.latest)} {bar(progress.fraction)} {percent}"
        + (f", {progress.trend}" if progress.trend else "")
    )
    series = sorted(metric.measurements, key=lambda m: m.date)
    values = [m.value for m in series if m.date <= as_of]
    if len(values) > 1:
        out.append(f"    trend {sparkline(values)}")
    if metric.minimum is not None:
        state = {True: "met", False: "not met", None: "no data"}[progress.meets_minimum]
        out.append(f"    minimum {number(metric.minimum)}{unit}: {state}")
    for m in series:
        line = f"{m.date}  {number(m.value)}"
        note = _joined([m.note, later_note(m.date, as_of)])
        out += _block(note, "    ", f"{line}  ") if note else [f"    {line}"]
    return out


def _action(action: Action, as_of: date, with_goal: bool = False) -> list[str]:
    mark = {"done": "x", "dropped": "-"}.get(action.status, " ")
    details = _joined(
        [
            action_mark(action.status, action.done_on, action.due, as_of).text,
            f"due {action.due}" if action.due else None,
            f"for goal {action.goal}" if with_goal and action.goal else None,
            action.method,
            f"resource: {action.resource}" if action.resource else None,
        ]
    )
    return [f"  [{mark}] {action.id}: {action.description}", f"      {details}"]


def render_plan_text(
    plan_id: str, plan: Plan, as_of: date, grace_days: int = 2, width: int | None = None
) -> str:
    """The plan as text; fitted to a terminal `width` cells wide, whole without one."""
    out: list[Line] = []
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
    progress = plan_progress(plan_id, plan, as_of)
    add(f"Progress: {progress.status or 'no measurable metric'}")
    add(f"Next check-in: {next_checkin_text(plan, as_of, grace_days)}")
    add(f"Next milestone: {milestone_line(progress.next_milestone)}")
    if plan.summary:
        add("")
        out += _block(plan.summary, "")
    out += closing_lines(plan, as_of)
    if plan.baseline:
        add("")
        add(f"Baseline ({plan.baseline.date}, {plan.baseline.method})")
        if plan.baseline.strengths:
            add("  strengths:")
            for strength in plan.baseline.strengths:
                out += _block(strength, "    ", "- ")
        latest = {name: level for name, (level, _) in latest_levels(plan, as_of).items()}
        for skill in plan.baseline.skills:
            now = latest.get(skill.skill)
            change = f", now {now}" if now is not None else ""
            add(
                f"  {skill.skill}: level {skill.level} -> target {skill.target} "
                f"(gap {skill.gap}{change})"
            )
            if skill.evidence:
                out += _block(skill.evidence, "    ", "evidence: ")
    if plan.assessments:
        add("")
        add("Re-assessments")
        for assessment in sorted(plan.assessments, key=lambda a: a.date):
            levels = ", ".join(f"{skill} {level}" for skill, level in assessment.levels.items())
            how = _joined([assessment.method, later_note(assessment.date, as_of)])
            add(f"  {assessment.date}  {levels or '(no levels)'}" + (f" ({how})" if how else ""))
    for goal in plan.goals:
        add("")
        add(f"Goal {goal.id}: {goal.statement or '(no statement)'}")
        if goal.relevant_to:
            out += _block(goal.relevant_to, "  ", "relevant to: ")
        add(f"  due: {goal.due or '-'}")
        for metric in goal.metrics:
            out += _metric(metric, as_of)
        for action in plan.actions:
            if action.goal == goal.id:
                out += _action(action, as_of)
    orphans = [a for a in plan.actions if plan.goal(a.goal or "") is None]
    if orphans:
        add("")
        add("Other actions")
        for action in orphans:
            out += _action(action, as_of, with_goal=True)
    if plan.milestones:
        add("")
        add("Milestones")
        for m in sorted(plan.milestones, key=lambda m: (m.due or date.max, m.id)):
            state = _joined(
                [
                    milestone_mark(m.done_on, m.due, as_of).text,
                    "goals " + ", ".join(m.goals) if m.goals else None,
                ]
            )
            add(f"  {m.due or '-'}  {m.id}: {m.title} ({state})")
    add("")
    held = [c for c in plan.checkins if c.date <= as_of]
    average = average_rating(held)
    minutes = sum(c.minutes or 0 for c in held)
    add(
        f"Check-ins: {len(held)} held"
        + (f", {minutes} minutes recorded" if minutes else "")
        + (f", average rating {average:.1f}" if average is not None else "")
    )
    for checkin in sorted(plan.checkins, key=lambda c: c.date):
        head = _joined(
            [
                f"{checkin.minutes} minutes" if checkin.minutes else None,
                f"rating {checkin.rating}/5" if checkin.rating is not None else None,
                later_note(checkin.date, as_of),
            ]
        )
        add(f"  {checkin.date}" + (f"  {head}" if head else ""))
        if checkin.notes:
            out += _block(checkin.notes, "    ")
        if checkin.next_steps:
            out += _block(checkin.next_steps, "    ", "next steps: ")
    if plan.feedback:
        add("")
        add(f"Feedback: {count(len(plan.feedback), 'entry', 'entries')}")
        for item in sorted(plan.feedback, key=lambda f: f.date):
            head = _joined(
                [
                    item.source + (f" ({item.by})" if item.by else ""),
                    f"rating {item.rating}/5" if item.rating is not None else None,
                    f"on goal {item.goal}" if item.goal else None,
                    later_note(item.date, as_of),
                ]
            )
            add(f"  {item.date}  {head}")
            out += _block(item.comment, "    ")
    add("")
    add("Sign-off" + ("" if plan.signoffs else ": none"))
    for signoff, mark in signoff_marks(plan):
        add(f"  {signoff.role} {signoff.name} on {signoff.date} ({mark.text})")
    stale = stale_signoffs(plan)
    if stale:
        who = ", ".join(f"{s.role} {s.name}" for _, s in stale)
        add(f"  must sign again ({STALE_REASON}): {who}")
    if plan.revisions:
        add("")
        add(f"Revisions: {len(plan.revisions)}")
        for revision in plan.revisions:
            out += _block(revision.summary, "  ", f"{revision.date}  ")
    # Every line is plan text and layout: escaped (coachplan.core.text.visible), then
    # fitted to the terminal.
    shown: list[Line] = [
        visible(line, multiline=True)
        if isinstance(line, str)
        else (visible(line[0], multiline=True), line[1])
        for line in out
    ]
    return "\n".join(_fitted(shown, width)) + "\n"


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
    attainment = closing_json(plan)
    if attainment is not None:
        data["goal_attainment"] = attainment
    return log_safe_json(json.dumps(data, indent=2, ensure_ascii=False) + "\n")
