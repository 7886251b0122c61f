"""The JSON Schema of plan format 1, generated from the models."""

from __future__ import annotations

import json
from typing import Any


def plan_schema() -> dict[str, Any]:
    from coachplan.model import Plan

    schema = Plan.model_json_schema(mode="validation")
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        **schema,
        "description": "A coaching plan, one per file: plans/<plan-id>.toml. "
        "Format version 1; see docs/plan-format.md.",
    }


def plan_schema_text() -> str:
    return json.dumps(plan_schema(), indent=2, ensure_ascii=False) + "\n"
