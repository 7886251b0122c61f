"""A plan as self-describing lines, for `git diff` through a textconv driver.

Every line names what it is about (`goal delegate-roster due: ...`, `measurement
escalations-handled 2026-10-15: ...`), so a changed line reads as a sentence in a diff hunk
without its neighbours. Nothing depends on today's date, so the same file always renders
the same.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from coachplan.core.model import Plan
from coachplan.core.text import visible


def _text(label: str, value: Any) -> Iterator[str]:
    """`label: value`, one line per line of a multi-line value, each with the label."""
    if value is None or value == "" or value == []:
        return
    if isinstance(value, list):
        value = ", ".join(str(v) for v in value)
    for line in str(value).strip().splitlines() or [""]:
        yield f"{label}: {line}".rstrip()


def plan_lines(plan: Plan) -> list[str]:
    out: list[str] = []
    add = out.extend
    add(_text("plan", plan.title))
    add(_text("kind", plan.kind))
    add(_text("status", plan.status))
    add(_text("coachee", plan.coachee))
    add(_text("coach", plan.coach))
    add(_text("sponsor", plan.sponsor))
    add(_text("window", f"{plan.start} to {plan.end}"))
    add(_text("check-ins", plan.checkin_every))
    add(_text("summary", plan.summary))
    if plan.closing is not None:
        closing = plan.closing
        add(_text("closed", f"{closing.date}, {closing.outcome or 'cancelled'}"))
        add(_text("closing summary", closing.summary))
        add(_text("closing reason", closing.reason))
        for name, level in closing.levels.items():
            add(_text(f"closing level {name}", level))
    if plan.baseline is not None:
        b = plan.baseline
        add(_text("baseline", f"{b.date} by {b.method}"))
        for strength in b.strengths:
            add(_text("baseline strength", strength))
        for skill in b.skills:
            add(_text(f"skill {skill.skill}", f"level {skill.level}, target {skill.target}"))
            add(_text(f"skill {skill.skill} evidence", skill.evidence))
    for assessed in plan.assessments:
        levels = ", ".join(f"{k} {v}" for k, v in assessed.levels.items())
        method = f" ({assessed.method})" if assessed.method else ""
        add(_text(f"re-assessment {assessed.date}", levels + method))
    for g in plan.goals:
        label = f"goal {g.id}"
        add(_text(label, g.statement or "(no statement)"))
        add(_text(f"{label} relevant to", g.relevant_to))
        add(_text(f"{label} due", g.due))
        for m in g.metrics:
            unit = f" {m.unit}" if m.unit else ""
            span = f"from {m.baseline}{unit} to {m.target}{unit}"
            if m.minimum is not None:
                span += f", minimum {m.minimum}{unit}"
            add(_text(f"metric {m.id} ({label})", m.description))
            add(_text(f"metric {m.id} target", span))
            add(_text(f"metric {m.id} evidence from", m.source))
            for x in m.measurements:
                note = f" ({x.note})" if x.note else ""
                add(_text(f"measurement {m.id} {x.date}", f"{x.value}{unit}{note}"))
    for a in plan.actions:
        label = f"action {a.id}"
        add(_text(label, a.description))
        details = [
            f"for goal {a.goal}" if a.goal else "",
            a.method or "",
            f"with {a.resource}" if a.resource else "",
            f"due {a.due}" if a.due else "",
        ]
        add(_text(f"{label} plan", ", ".join(d for d in details if d)))
        add(_text(f"{label} status", a.status + (f" on {a.done_on}" if a.done_on else "")))
    for ms in plan.milestones:
        label = f"milestone {ms.id}"
        add(_text(label, ms.title))
        add(_text(f"{label} due", ms.due))
        add(_text(f"{label} goals", ms.goals))
        add(_text(f"{label} reached", ms.done_on))
    for c in plan.checkins:
        label = f"check-in {c.date}"
        add(_text(f"{label} rating", c.rating))
        add(_text(f"{label} minutes", c.minutes))
        add(_text(f"{label} notes", c.notes))
        add(_text(f"{label} next steps", c.next_steps))
    for f in plan.feedback:
        by = f" by {f.by}" if f.by else ""
        label = f"feedback {f.date} from {f.source}{by}"
        add(_text(f"{label} on goal", f.goal))
        add(_text(f"{label} rating", f.rating))
        add(_text(label, f.comment))
    for s in plan.signoffs:
        agreed = f" (agreed {s.agreed})" if s.agreed else ""
        add(_text(f"signed by {s.role}", f"{s.name} on {s.date}{agreed}"))
    for r in plan.revisions:
        add(_text(f"revision {r.date}", r.summary))
    return out


def render_plan_lines(plan: Plan) -> str:
    # git prints these lines in diffs, in terminals and CI logs: escaped as plan text.
    return visible("\n".join(plan_lines(plan)), multiline=True) + "\n"
