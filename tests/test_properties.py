"""Properties over generated plans: fmt is idempotent through the CLI, and damaged plans
never crash a command (tests/strategies.py draws them; tests/readers.py runs them).

Bounded for CI; the long-running search is tests/fuzz/fuzz_plans.py.
"""

from __future__ import annotations

import contextlib
import os
import random
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import tomli_w
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from coachplan.core.errors import CoachplanError
from coachplan.core.model import Plan
from coachplan.files.layout import dumps_plan
from coachplan.files.loader import load, load_plan
from tests.conftest import Workspace
from tests.readers import READERS, Reader, check_run
from tests.strategies import damaged_plan, plan_data

EXAMPLES = int(os.environ.get("PROPERTY_EXAMPLES", "40"))
FAST = settings(
    max_examples=EXAMPLES * 5,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
CLI = settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)


@contextlib.contextmanager
def _workspace() -> Iterator[tuple[Workspace, Path]]:
    """A fresh workspace per example (hypothesis runs many in one test)."""
    with tempfile.TemporaryDirectory(prefix="coachplan-property-") as name:
        top = Path(name)
        root = top / "ws"
        (root / "plans").mkdir(parents=True)
        (root / "coachplan.toml").write_text('plans_dir = "plans"\n', encoding="utf-8")
        yield Workspace(root), top


def _shuffled(data: dict[str, Any], seed: int) -> dict[str, Any]:
    """The same data with every table's keys in another order (valid, not canonical).

    Mappings that are data (an assessment's `levels`) keep their order, as fmt does.
    """
    rng = random.Random(seed)

    def walk(value: Any) -> Any:
        if isinstance(value, dict):
            items = list(value.items())
            rng.shuffle(items)
            return {k: v if k == "levels" else walk(v) for k, v in items}
        if isinstance(value, list):
            return [walk(v) for v in value]
        return value

    return dict(walk(data))


@CLI
@given(plan_data, st.integers(0, 2**16))
def test_fmt_makes_any_valid_layout_canonical_and_then_changes_nothing(
    data: dict[str, Any], seed: int
) -> None:
    plan = Plan.model_validate(data)
    with _workspace() as (ws, _):
        path = ws.write("plan", tomli_w.dumps(_shuffled(data, seed)))
        first = ws.run("fmt", "plans/plan.toml", "--force")
        assert first.exit_code == 0, first.stderr
        assert path.read_text(encoding="utf-8") == dumps_plan(plan)
        assert load_plan(path) == plan
        again = ws.run("fmt", "--check", "plans/plan.toml")
        assert again.exit_code == 0, again.stderr
        assert path.read_text(encoding="utf-8") == dumps_plan(plan)


@FAST
@given(damaged_plan())
def test_loading_damaged_bytes_never_raises(content: bytes) -> None:
    with _workspace() as (ws, _):
        path = ws.plans / "plan.toml"
        path.write_bytes(content)
        loaded = load(path)
        assert loaded.plan is not None or loaded.findings
        try:
            load_plan(path)
        except CoachplanError as exc:
            assert "\n" not in str(exc)


@CLI
@given(damaged_plan(), st.sampled_from(READERS))
def test_every_command_survives_a_damaged_plan(content: bytes, reader: Reader) -> None:
    with _workspace() as (ws, top):
        (ws.plans / "plan.toml").write_bytes(content)
        check_run(reader, "plans/plan.toml", top, ws)
