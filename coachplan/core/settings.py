"""Workspace settings, as data: the types of coachplan.toml (reading the file is
coachplan.files.workspace's job)."""

from __future__ import annotations

from typing import Literal

from pydantic import AliasChoices, BaseModel, ConfigDict, Field, model_validator
from pydantic_core import PydanticCustomError

from coachplan.core.fields import Cadence

SETTINGS_FILE = "coachplan.toml"
DEFAULT_PLANS_DIR = "plans"

DEFAULT_VAGUE_WORDS = [
    "improve",
    "better",
    "enhance",
    "develop",
    "work on",
    "more",
    "good",
    "communication",
    "be more",
    "try",
]


class _Settings(BaseModel):
    model_config = ConfigDict(strict=True, extra="forbid", frozen=True, populate_by_name=True)


class Scale(_Settings):
    min: int = Field(1, description="Lowest level of the skill scale.")
    max: int = Field(5, description="Highest level of the skill scale.")

    @model_validator(mode="after")
    def _ordered(self) -> Scale:
        if self.min >= self.max:
            raise PydanticCustomError(
                "scale_order",
                "min ({min}) must be below max ({max})",
                {"min": self.min, "max": self.max},
            )
        return self


class Competency(_Settings):
    description: str | None = Field(None, description="What the skill is.")
    levels: dict[str, str] = Field(
        default_factory=dict, description='What each level looks like: { "1" = "...", ... }.'
    )


class Thresholds(_Settings):
    pip_max_days: int = Field(90, ge=1, description="Longest window of a pip plan, in days.")
    max_goals: int = Field(5, ge=1, description="Most goals in one plan.")
    grace_days: int = Field(2, ge=0, description="Days a check-in may slip before it is overdue.")
    record_grace_days: int = Field(
        14,
        ge=0,
        description="Days after the plan's end in which records (check-ins, measurements, "
        "feedback, the closing ...) are still expected (R104, R108, P110).",
    )
    pip_extension_days: int = Field(
        30, ge=0, description="Days an extended pip may run beyond pip_max_days."
    )
    weekly_below: float = Field(
        0.8,
        ge=0,
        le=1,
        description="report coaches: below this share of expected check-ins held, a coach's "
        "accountability one-on-one is weekly instead of fortnightly.",
    )
    min_statement_words: int = Field(5, ge=0, description="Fewest words in a goal statement.")
    vague_words: list[str] = Field(
        default_factory=lambda: list(DEFAULT_VAGUE_WORDS),
        description="Words that make a short goal statement vague.",
    )


class RuleSettings(_Settings):
    select: list[str] | None = Field(None, description="Rule codes or prefixes to run.")
    extend_select: list[str] = Field(
        default_factory=list,
        validation_alias=AliasChoices("extend_select", "extend-select"),
        description="Added to select.",
    )
    ignore: list[str] = Field(default_factory=list, description="Rule codes or prefixes to skip.")
    severity: dict[str, Literal["error", "warning"]] = Field(
        default_factory=dict, description="Severity per rule code or prefix."
    )
    per_path_ignores: dict[str, list[str]] = Field(
        default_factory=dict,
        validation_alias=AliasChoices("per_path_ignores", "per-path-ignores"),
        description="Glob (relative to the workspace) to codes ignored in matching files.",
    )


class Settings(_Settings):
    plans_dir: str = Field(DEFAULT_PLANS_DIR, description="Where plans live.")
    checkin_every: Cadence = Field("fortnightly", description="Default cadence of new plans.")
    scale: Scale = Field(default_factory=Scale)
    competencies: dict[str, Competency] = Field(default_factory=dict)
    rules: RuleSettings = Field(default_factory=RuleSettings)
    thresholds: Thresholds = Field(default_factory=Thresholds)
    schema_: str | None = Field(
        None,
        alias="schema",
        description="JSON Schema that `coachplan new` points editors to with a `#:schema` "
        "first line: a path relative to the workspace, or a URL.",
    )
