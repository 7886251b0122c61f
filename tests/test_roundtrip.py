"""Property: any valid plan survives write -> parse -> load unchanged, and fmt is idempotent."""

from __future__ import annotations

import os
from datetime import date
from typing import Any

import tomli
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from coachplan.layout import dumps_plan
from coachplan.model import Plan

# ROUNDTRIP_EXAMPLES=5000 pytest tests/test_roundtrip.py searches harder.
EXAMPLES = int(os.environ.get("ROUNDTRIP_EXAMPLES", "150"))

ids = st.from_regex(r"[a-z0-9][a-z0-9-]{0,20}", fullmatch=True)
days = st.dates(min_value=date(2000, 1, 1), max_value=date(2099, 12, 31))
text = st.text(max_size=40)
one_line = st.text(
    st.characters(blacklist_characters="\n\r", blacklist_categories=("Cs",)),
    min_size=1,
    max_size=30,
).filter(str.strip)
numbers = st.one_of(
    st.integers(-(10**9), 10**9),
    st.floats(allow_nan=False, allow_infinity=False, width=64),
)
rating = st.integers(1, 5)


def optional(strategy: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
    return st.one_of(st.none(), strategy)


def table(required: dict[str, Any], maybe: dict[str, Any]) -> st.SearchStrategy[dict[str, Any]]:
    """A dict with every required key and any subset of the optional ones."""
    return st.fixed_dictionaries(required, optional=maybe)


measurement = table({"date": days, "value": numbers}, {"note": text})
metric = table(
    {"id": ids, "description": one_line},
    {
        "kind": st.sampled_from(["quantitative", "qualitative"]),
        "unit": text,
        "source": text,
        "baseline": numbers,
        "target": numbers,
        "minimum": numbers,
        "measurements": st.lists(measurement, max_size=3),
    },
)
goal = table(
    {"id": ids},
    {"statement": text, "relevant_to": text, "due": days, "metrics": st.lists(metric, max_size=2)},
)
plan_data = table(
    {
        "format": st.just(1),
        "title": one_line,
        "kind": st.sampled_from(
            ["coaching", "mentoring", "leadership", "onboarding", "career", "pip"]
        ),
        "status": st.sampled_from(["draft", "active", "paused", "completed", "cancelled"]),
        "coachee": one_line,
        "coach": one_line,
        "start": days,
        "end": days,
    },
    {
        "sponsor": one_line,
        "checkin_every": st.sampled_from(["weekly", "fortnightly", "monthly", "10 days"]),
        "summary": st.text(max_size=200),
        "baseline": table(
            {"date": days, "method": text},
            {
                "strengths": st.lists(text, max_size=3),
                "skills": st.lists(
                    table(
                        {
                            "skill": one_line,
                            "level": st.integers(-5, 10),
                            "target": st.integers(-5, 10),
                        },
                        {"evidence": text},
                    ),
                    max_size=3,
                ),
            },
        ),
        "assessments": st.lists(
            table(
                {"date": days, "levels": st.dictionaries(one_line, st.integers(0, 9), max_size=3)},
                {"method": text},
            ),
            max_size=2,
        ),
        "goals": st.lists(goal, max_size=3),
        "actions": st.lists(
            table(
                {"id": ids, "description": one_line},
                {
                    "goal": ids,
                    "method": st.sampled_from(
                        [
                            "training",
                            "course",
                            "shadowing",
                            "mentoring",
                            "practice",
                            "reading",
                            "other",
                        ]
                    ),
                    "resource": text,
                    "due": days,
                    "status": st.sampled_from(["todo", "doing", "done", "dropped"]),
                    "done_on": days,
                },
            ),
            max_size=3,
        ),
        "milestones": st.lists(
            table(
                {"id": ids, "title": one_line},
                {"due": days, "goals": st.lists(ids, max_size=2), "done_on": days},
            ),
            max_size=2,
        ),
        "checkins": st.lists(
            table(
                {"date": days},
                {"notes": st.text(max_size=80), "rating": rating, "next_steps": text},
            ),
            max_size=3,
        ),
        "feedback": st.lists(
            table(
                {
                    "date": days,
                    "comment": text,
                    "source": st.sampled_from(
                        ["self", "peer", "manager", "direct-report", "stakeholder"]
                    ),
                },
                {"by": text, "rating": rating, "goal": ids},
            ),
            max_size=2,
        ),
        "signoffs": st.lists(
            table(
                {
                    "role": st.sampled_from(["coach", "coachee", "sponsor"]),
                    "name": one_line,
                    "date": days,
                },
                {},
            ),
            max_size=3,
        ),
        "revisions": st.lists(table({"date": days, "summary": text}, {}), max_size=2),
    },
)


@settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(plan_data)
def test_write_then_load_gives_the_same_plan(data: dict[str, Any]) -> None:
    plan = Plan.model_validate(data)
    written = dumps_plan(plan)
    again = Plan.model_validate(tomli.loads(written))
    assert again == plan
    # fmt of a canonical file changes nothing.
    assert dumps_plan(again) == written


@settings(max_examples=EXAMPLES, deadline=None)
@given(plan_data)
def test_nothing_written_is_dropped_or_added(data: dict[str, Any]) -> None:
    # Every key a person wrote comes back, and no default is spelled out that was not.
    assert tomli.loads(dumps_plan(Plan.model_validate(data))) == data
