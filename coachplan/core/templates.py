"""Templates for `coachplan new`: a draft plan with the typical goals of its kind.

Template text has `<placeholders>` in angle brackets; rule S103 reports any left in, so a
draft cannot go active with template text still in it.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from coachplan.core.dates import add_days

TEMPLATES = ("blank", "coaching", "leadership", "onboarding", "career", "mentoring", "pip")

# Typical length of each kind of plan, in weeks.
DEFAULT_WEEKS = {
    "coaching": 12,
    "leadership": 26,
    "onboarding": 13,
    "career": 26,
    "mentoring": 26,
    "pip": 8,
}

TITLES = {
    "coaching": "Coaching plan for {coachee}",
    "leadership": "Leadership development for {coachee}",
    "onboarding": "Onboarding for {coachee}",
    "career": "Career progression for {coachee}",
    "mentoring": "Mentoring for {coachee}",
    "pip": "Performance improvement plan for {coachee}",
}


def default_end(kind: str, start: date, weeks: int | None = None) -> date | None:
    """The last day of a window of `weeks` (the kind's usual length) from `start`; None when
    that is after 9999-12-31."""
    return add_days(start, 7 * (weeks or DEFAULT_WEEKS.get(kind, 12)) - 1)


def _on(start: date, end: date, share: float) -> date:
    return start + timedelta(days=round((end - start).days * share))


def _day(start: date, days: int, end: date) -> date:
    """`start` plus `days`, or the plan's end when that is after 9999-12-31."""
    return add_days(start, days) or end


def _goal(
    goal_id: str, statement: str, relevant: str, due: date, metric: dict[str, Any]
) -> dict[str, Any]:
    return {
        "id": goal_id,
        "statement": statement,
        "relevant_to": relevant,
        "due": due,
        "metrics": [metric],
    }


def scaffold(template: str, coachee: str, start: date, end: date) -> dict[str, Any]:
    """Goals, actions and milestones of a template (empty for `blank`)."""
    # The whole name, never its first word: "Agent 2291 handles ...", not "Agent handles ...".
    who = " ".join(coachee.split()) or "the coachee"
    mid, late = _on(start, end, 0.5), _on(start, end, 0.9)
    if template == "leadership":
        return {
            "goals": [
                _goal(
                    "delegate",
                    f"Hand ownership of <a recurring task> to <two team members> so "
                    f"{who} no longer does it",
                    "Team-lead readiness",
                    late,
                    {
                        "id": "delegated-share",
                        "description": f"Share of <the task> done without {who}",
                        "unit": "%",
                        "baseline": 0,
                        "target": 80,
                    },
                )
            ],
            "actions": [
                {
                    "id": "shadow-a-lead",
                    "goal": "delegate",
                    "description": "Shadow an experienced team lead for <two sessions>",
                    "method": "shadowing",
                    "resource": "<an experienced team lead>",
                    "due": _on(start, end, 0.25),
                }
            ],
            "milestones": [
                {
                    "id": "first-handover",
                    "title": "First <task> owned by a team member",
                    "due": mid,
                    "goals": ["delegate"],
                }
            ],
        }
    if template == "onboarding":
        return {
            "goals": [
                _goal(
                    "independent",
                    f"{who} handles <the core task> alone at the team's standard",
                    "Full productivity in the role",
                    late,
                    {
                        "id": "independent-share",
                        "description": "Share of <core tasks> completed without help",
                        "unit": "%",
                        "baseline": 0,
                        "target": 90,
                    },
                )
            ],
            "actions": [
                {
                    "id": "buddy",
                    "goal": "independent",
                    "description": "Pair with a buddy on <the core task> every week",
                    "method": "practice",
                    "resource": "<buddy's name>",
                    "due": mid,
                }
            ],
            "milestones": [
                {
                    "id": "day-30",
                    "title": "30-day review",
                    "due": _day(start, 29, end),
                    "goals": ["independent"],
                },
                {
                    "id": "day-60",
                    "title": "60-day review",
                    "due": _day(start, 59, end),
                    "goals": ["independent"],
                },
                {
                    "id": "day-90",
                    "title": "90-day review",
                    "due": min(end, _day(start, 89, end)),
                    "goals": ["independent"],
                },
            ],
        }
    if template == "career":
        return {
            "goals": [
                _goal(
                    "next-role",
                    f"{who} leads <a project that the next role requires> from plan to delivery",
                    "Readiness for <the next role>",
                    late,
                    {
                        "id": "readiness",
                        "description": "Readiness for <the next role>, rated by the sponsor",
                        "kind": "qualitative",
                        "source": "sponsor's assessment",
                        "baseline": 2,
                        "target": 4,
                    },
                )
            ],
            "actions": [
                {
                    "id": "stretch-project",
                    "goal": "next-role",
                    "description": "Take on <a stretch project>",
                    "method": "practice",
                    "resource": "<sponsor or project owner>",
                    "due": mid,
                }
            ],
            "milestones": [
                {
                    "id": "mid-point",
                    "title": "Mid-point career conversation",
                    "due": mid,
                    "goals": ["next-role"],
                }
            ],
        }
    if template == "mentoring":
        return {
            "goals": [
                _goal(
                    "confidence",
                    f"{who} <does the thing they want confidence in> without "
                    "preparation from the mentor",
                    "<the mentee's aspiration>",
                    late,
                    {
                        "id": "confidence",
                        "description": "Confidence in <the area>",
                        "kind": "qualitative",
                        "source": "self-assessment",
                        "baseline": 2,
                        "target": 4,
                    },
                )
            ],
            "actions": [
                {
                    "id": "reading",
                    "goal": "confidence",
                    "description": "Read and discuss <a book or article>",
                    "method": "reading",
                    "resource": "<the book>",
                    "due": mid,
                }
            ],
            "milestones": [
                {
                    "id": "mid-point",
                    "title": "Mid-point reflection",
                    "due": mid,
                    "goals": ["confidence"],
                }
            ],
        }
    if template == "pip":
        return {
            "goals": [
                _goal(
                    "meet-standard",
                    f"{who} reaches the role's standard for <the measure> every week",
                    "The core standard of <the role>",
                    late,
                    {
                        "id": "standard",
                        "description": "<the measure>",
                        "unit": "<unit>",
                        "baseline": 0,
                        "target": 100,
                        "minimum": 80,
                    },
                )
            ],
            "actions": [
                {
                    "id": "weekly-practice",
                    "goal": "meet-standard",
                    "description": "Weekly practice session on <the skill>",
                    "method": "practice",
                    "resource": "<coach or trainer>",
                    "due": mid,
                }
            ],
            "milestones": [
                {
                    "id": "mid-point-review",
                    "title": "Mid-point review",
                    "due": mid,
                    "goals": ["meet-standard"],
                },
                {
                    "id": "final-review",
                    "title": "Final review",
                    "due": end,
                    "goals": ["meet-standard"],
                },
            ],
        }
    if template == "coaching":
        return {
            "goals": [
                _goal(
                    "first-goal",
                    f"{who} <does something specific and observable>",
                    "<the role or team outcome it serves>",
                    late,
                    {
                        "id": "first-metric",
                        "description": "<what is measured>",
                        "unit": "<unit>",
                        "baseline": 0,
                        "target": 10,
                    },
                )
            ],
            "actions": [
                {
                    "id": "first-step",
                    "goal": "first-goal",
                    "description": "<the first step>",
                    "method": "practice",
                    "resource": "<who or what supports it>",
                    "due": mid,
                }
            ],
        }
    return {}


def new_plan_data(
    *,
    kind: str,
    template: str,
    title: str,
    coachee: str,
    coach: str,
    sponsor: str | None,
    start: date,
    end: date,
    cadence: str,
) -> dict[str, Any]:
    data: dict[str, Any] = {
        "format": 1,
        "title": title,
        "kind": kind,
        "status": "draft",
        "coachee": coachee,
        "coach": coach,
    }
    if sponsor:
        data["sponsor"] = sponsor
    data.update({"start": start, "end": end, "checkin_every": cadence})
    data.update(scaffold(template, coachee, start, end))
    return data
