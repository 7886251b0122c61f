"""The JSON Schema of plan format 1, generated from the models."""

from __future__ import annotations

import json
from typing import Any


def plan_schema() -> dict[str, Any]:
    from coachplan.core.model import Plan

    schema = _without_null(Plan.model_json_schema(mode="validation"))
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        **schema,
        "description": "A coaching plan, one per file: plans/<plan-id>.toml. "
        "Format version 1; see docs/plan-format.md.",
    }


def plan_schema_text() -> str:
    return json.dumps(plan_schema(), indent=2, ensure_ascii=False) + "\n"


def _without_null(node: Any) -> Any:
    """TOML has no null: an optional key is one left out, never one set to null.

    Pydantic spells `X | None = None` as `anyOf: [X, {type: null}], default: null`; editors
    would then offer null as a value. This keeps X alone.
    """
    if isinstance(node, list):
        return [_without_null(item) for item in node]
    if not isinstance(node, dict):
        return node
    node = {key: _without_null(value) for key, value in node.items()}
    branches = node.get("anyOf")
    if isinstance(branches, list) and {"type": "null"} in branches:
        rest = [b for b in branches if b != {"type": "null"}]
        del node["anyOf"]
        if len(rest) == 1:
            node = {**rest[0], **node}
        else:
            node["anyOf"] = rest
        if node.get("default", 0) is None:
            del node["default"]
    return node
