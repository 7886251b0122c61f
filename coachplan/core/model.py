"""Pydantic models of the plan file format, version 1.

The models check structure only: key names, types, enumerations and id syntax. Whether a
plan is a *good* plan (SMART goals, sign-off, dates inside the window) is the business of
`coachplan.rules`, so that those findings carry rule codes and can be warnings in drafts.
Fields the SMART rules look at are therefore optional here even where a complete plan has them.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    WithJsonSchema,
)
from pydantic_core import PydanticCustomError

# The plan format's names, here as well (the types live apart so that settings need no models).
from coachplan.core.fields import (
    CADENCE_PATTERN as CADENCE_PATTERN,
)
from coachplan.core.fields import (
    CADENCE_RE as CADENCE_RE,
)
from coachplan.core.fields import (
    CADENCE_WORDS as CADENCE_WORDS,
)
from coachplan.core.fields import (
    ID_PATTERN as ID_PATTERN,
)
from coachplan.core.fields import (
    ID_RE as ID_RE,
)
from coachplan.core.fields import (
    INT64_MAX as INT64_MAX,
)
from coachplan.core.fields import (
    INT64_MIN as INT64_MIN,
)
from coachplan.core.fields import (
    Cadence as Cadence,
)
from coachplan.core.fields import (
    Day as Day,
)
from coachplan.core.fields import (
    Identifier as Identifier,
)
from coachplan.core.fields import (
    Int64 as Int64,
)
from coachplan.core.fields import (
    Number as Number,
)
from coachplan.core.fields import (
    cadence_days as cadence_days,
)
from coachplan.core.text import escape_character, first_control_character

FORMAT_VERSION = 1

PlanKind = Literal["coaching", "mentoring", "leadership", "onboarding", "career", "pip"]
PlanStatus = Literal["draft", "active", "paused", "completed", "cancelled"]
MetricKind = Literal["quantitative", "qualitative"]
ActionMethod = Literal[
    "training", "course", "shadowing", "mentoring", "practice", "reading", "other"
]
ActionStatus = Literal["todo", "doing", "done", "dropped"]
FeedbackSource = Literal["self", "peer", "manager", "direct-report", "stakeholder"]
SignoffRole = Literal["coach", "coachee", "sponsor"]
# How a plan ended. Which outcomes fit which kind is a rule (K105), so that a misfit is a
# located finding; a pip extended (`close --outcome extended`) stays active and has none.
Outcome = Literal["achieved", "partly-achieved", "not-achieved", "passed", "not-passed"]

PLAN_KINDS: tuple[str, ...] = PlanKind.__args__  # type: ignore[attr-defined]
PLAN_STATUSES: tuple[str, ...] = PlanStatus.__args__  # type: ignore[attr-defined]
OUTCOMES: tuple[str, ...] = Outcome.__args__  # type: ignore[attr-defined]


def _one_line(value: str) -> str:
    if "\n" in value or "\r" in value:
        raise PydanticCustomError("one_line", "must be a single line")
    if not value.strip():
        raise PydanticCustomError("blank", "must not be empty")
    return value


def _no_control_characters(value: str) -> str:
    # Names and titles head every output and identify people: a control character there
    # is never meant (a pasted escape sequence, a stray tab), and one that moves a cursor
    # could disguise whose plan it is.
    char = first_control_character(value)
    if char is not None:
        raise PydanticCustomError(
            "control_character",
            "holds the control character {char}",
            {"char": escape_character(char)},
        )
    return value


OneLine = Annotated[
    str,
    AfterValidator(_one_line),
    AfterValidator(_no_control_characters),
    # One line, not blank, no control characters (C0, DEL, C1).
    WithJsonSchema(
        {"type": "string", "pattern": r"^[^\x00-\x1f\x7f-\x9f]*\S[^\x00-\x1f\x7f-\x9f]*$"}
    ),
]
Rating = Annotated[int, Field(ge=1, le=5)]
# A session's length: a day at most, so that a typo (450 for 45) of a thousand hours is caught.
Minutes = Annotated[int, Field(ge=1, le=1440)]


class Record(BaseModel):
    """Base of every table: strict types, no unknown keys, immutable."""

    model_config = ConfigDict(strict=True, extra="forbid", frozen=True)


class Skill(Record):
    skill: OneLine = Field(description="Skill or competency name.")
    level: Int64 = Field(description="Current level on the workspace scale (default 1-5).")
    target: Int64 = Field(description="Target level on the same scale.")
    evidence: str | None = Field(None, description="What the current level is based on.")

    @property
    def gap(self) -> int:
        return self.target - self.level


class Baseline(Record):
    date: Day = Field(description="When the baseline assessment was made.")
    method: str = Field(description="How: interview, 360 survey, performance data ...")
    strengths: list[str] = Field(default_factory=list, description="Strengths to build on.")
    skills: list[Skill] = Field(default_factory=list, description="Skill-gap analysis.")


class Assessment(Record):
    date: Day = Field(description="When the re-assessment was made.")
    method: str | None = Field(None, description="How the levels were assessed.")
    levels: dict[OneLine, Int64] = Field(
        description="Skill name to level, e.g. { delegation = 3 }."
    )


class Measurement(Record):
    date: Day = Field(description="When the value was measured.")
    value: Number = Field(description="The measured value.")
    note: str | None = Field(None, description="Optional context.")


class Metric(Record):
    id: Identifier = Field(description="Unique within the plan.")
    description: OneLine = Field(description="What is measured.")
    kind: MetricKind = Field("quantitative", description="quantitative or qualitative.")
    unit: str | None = Field(None, description="Unit of a quantitative metric: %, calls/day ...")
    source: str | None = Field(
        None, description="Where evidence for a qualitative metric comes from."
    )
    baseline: Number | None = Field(None, description="Starting value.")
    target: Number | None = Field(None, description="Target value; the direction follows.")
    minimum: Number | None = Field(None, description="PIP plans: minimum acceptable level.")
    measurements: list[Measurement] = Field(default_factory=list, description="Measured values.")

    @property
    def rising(self) -> bool:
        """True when a higher value is better (target above baseline)."""
        return (self.target or 0) >= (self.baseline or 0)


class Goal(Record):
    id: Identifier = Field(description="Unique within the plan.")
    statement: str | None = Field(None, description="Specific: what will be accomplished.")
    relevant_to: str | None = Field(None, description="Relevant: the outcome it serves.")
    due: Day | None = Field(None, description="Time-bound: inside the plan's window.")
    metrics: list[Metric] = Field(default_factory=list, description="Measurable: metrics.")


class Action(Record):
    id: Identifier = Field(description="Unique within the plan.")
    goal: Identifier | None = Field(None, description="The goal this step serves.")
    description: OneLine = Field(description="What will be done.")
    method: ActionMethod | None = Field(None, description="How the skill is learned.")
    resource: str | None = Field(None, description="Who or what supports it.")
    due: Day | None = Field(None, description="When it should be done.")
    status: ActionStatus = Field("todo", description="todo, doing, done or dropped.")
    done_on: Day | None = Field(None, description="When it was done.")


class Milestone(Record):
    id: Identifier = Field(description="Unique within the plan.")
    title: OneLine = Field(description="What is reached.")
    due: Day | None = Field(None, description="When it should be reached.")
    goals: list[Identifier] = Field(default_factory=list, description="Goal ids it marks.")
    done_on: Day | None = Field(None, description="When it was reached.")


class Checkin(Record):
    date: Day = Field(description="When the one-on-one was held.")
    minutes: Minutes | None = Field(None, description="How long the session was, in minutes.")
    notes: str | None = Field(None, description="What was discussed.")
    rating: Rating | None = Field(None, description="Coachee's rating of the session, 1-5.")
    next_steps: str | None = Field(None, description="Agreed next steps.")


class Feedback(Record):
    date: Day = Field(description="When the feedback was given.")
    source: FeedbackSource = Field(description="self, peer, manager, direct-report, stakeholder.")
    by: OneLine | None = Field(None, description="Who gave it.")
    rating: Rating | None = Field(None, description="Rating, 1-5.")
    comment: str = Field(description="The feedback.")
    goal: Identifier | None = Field(None, description="The goal it concerns.")


class Signoff(Record):
    role: SignoffRole = Field(description="coach, coachee or sponsor.")
    name: OneLine = Field(description="Who signed.")
    date: Day = Field(description="When.")
    agreed: str | None = Field(
        None,
        description="Digest of the agreed content at signing (sha256:...); "
        "a later change to goals, targets, actions, milestones or the window makes the "
        "sign-off stale.",
    )


class Closing(Record):
    date: Day = Field(description="When the plan was closed: completed or cancelled.")
    outcome: Outcome | None = Field(
        None,
        description="A completed plan's outcome: achieved, partly-achieved or not-achieved; "
        "a pip's: passed or not-passed. A cancelled plan has none.",
    )
    summary: str | None = Field(None, description="What the plan achieved, in words.")
    reason: str | None = Field(None, description="Why a cancelled plan was cancelled.")
    levels: dict[str, int] = Field(
        default_factory=dict,
        description="Final assessed levels of baseline skills, e.g. { delegation = 4 }.",
    )


class Revision(Record):
    date: Day = Field(description="When the plan changed.")
    summary: str = Field(description="Why goals, targets, actions or the timeline changed.")


class Plan(Record):
    """A coaching plan, one per file: plans/<plan-id>.toml."""

    model_config = ConfigDict(
        strict=True,
        extra="forbid",
        frozen=True,
        title="coachplan plan, format 1",
    )

    format: Literal[1] = Field(description="Format version: 1.")
    title: OneLine = Field(description='One line, e.g. "Step up to team lead".')
    kind: PlanKind = Field(description="Kind of plan.")
    status: PlanStatus = Field(description="Where the plan is in its life.")
    coachee: OneLine = Field(description="The person being coached.")
    coach: OneLine = Field(description="Coach or mentor, often the first-line manager.")
    sponsor: OneLine | None = Field(None, description="Holds the coach accountable.")
    start: Day = Field(description="First day of the plan's window.")
    end: Day = Field(description="Last day of the plan's window; after start.")
    checkin_every: Cadence | None = Field(
        None, description='weekly, fortnightly, monthly or "<N> days"; required when active.'
    )
    summary: str | None = Field(None, description="Context and aspirations.")
    closing: Closing | None = Field(
        None, description="How the plan ended: written by `coachplan close`."
    )
    baseline: Baseline | None = Field(None, description="Baseline assessment.")
    assessments: list[Assessment] = Field(default_factory=list, description="Re-assessments.")
    goals: list[Goal] = Field(default_factory=list, description="SMART goals.")
    actions: list[Action] = Field(default_factory=list, description="Action steps.")
    milestones: list[Milestone] = Field(default_factory=list, description="Milestones.")
    checkins: list[Checkin] = Field(default_factory=list, description="One-on-ones held.")
    feedback: list[Feedback] = Field(default_factory=list, description="360-degree feedback.")
    signoffs: list[Signoff] = Field(default_factory=list, description="Agreement.")
    revisions: list[Revision] = Field(default_factory=list, description="Why the plan changed.")

    @property
    def cadence_days(self) -> int | None:
        return cadence_days(self.checkin_every) if self.checkin_every else None

    def goal(self, goal_id: str) -> Goal | None:
        return next((g for g in self.goals if g.id == goal_id), None)

    def metrics(self) -> list[tuple[Goal, Metric]]:
        return [(g, m) for g in self.goals for m in g.metrics]


# Canonical key order of every table, used by the writer: the models' field order.
def field_order(model: type[BaseModel]) -> list[str]:
    return list(model.model_fields)


TABLE_MODELS: dict[str, type[Record]] = {
    "": Plan,
    "closing": Closing,
    "baseline": Baseline,
    "baseline.skills": Skill,
    "assessments": Assessment,
    "goals": Goal,
    "goals.metrics": Metric,
    "goals.metrics.measurements": Measurement,
    "actions": Action,
    "milestones": Milestone,
    "checkins": Checkin,
    "feedback": Feedback,
    "signoffs": Signoff,
    "revisions": Revision,
}
