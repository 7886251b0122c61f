"""Property: any valid plan survives write -> parse -> load unchanged, and fmt is idempotent."""

from __future__ import annotations

import os
from typing import Any

import tomli
from hypothesis import HealthCheck, given, settings

from coachplan.core.model import Plan
from coachplan.files.layout import dumps_plan
from tests.strategies import plan_data

# ROUNDTRIP_EXAMPLES=5000 pytest tests/test_roundtrip.py searches harder.
EXAMPLES = int(os.environ.get("ROUNDTRIP_EXAMPLES", "150"))


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
