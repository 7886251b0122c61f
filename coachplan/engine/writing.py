"""Writing plans: validate first, then write the canonical text atomically."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from pydantic import ValidationError

from coachplan.core.errors import RefusedWrite
from coachplan.core.model import Plan
from coachplan.files.layout import dumps_plan
from coachplan.files.loader import display_path
from coachplan.files.store import create_exclusive


def validated(data: dict[str, Any], where: str) -> Plan:
    """The plan `data` describes, or RefusedWrite saying why it would not load."""
    try:
        return Plan.model_validate(data)
    except ValidationError as exc:
        from coachplan.core.validation import translate

        _code, problem = translate(exc.errors()[0])
        raise RefusedWrite(
            f"{problem.message}; nothing written", where=where, hint=problem.hint or None
        ) from None


def write_new_plan(path: Path, data: dict[str, Any], *, directives: str = "") -> Plan:
    """Create a plan file; refuse if one exists (even if it appeared a moment ago).

    `directives`: editor directive lines (`#:schema ...`) to put at the top.
    """
    plan = validated(data, str(path))
    try:
        create_exclusive(path, dumps_plan(plan, directives_from=directives))
    except RefusedWrite as exc:
        exc.where = display_path(path)
        raise
    return plan
