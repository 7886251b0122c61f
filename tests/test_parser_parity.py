"""rtoml reads plans first, tomli decides whatever rtoml refuses: the two must agree.

For every document both accept, the data is identical (values and their types); rtoml
never accepts a document tomli refuses; and every syntax error is worded by tomli, as
before. Checked on the corpus, the example plans, the test fixtures, generated plans (the
benchmark's generator, its one-in-eight plans with problems and its unparseable ones
included) and randomly damaged plans.
"""

from __future__ import annotations

import math
import os
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
import rtoml
import tomli
from hypothesis import HealthCheck, given, settings

from bench.generate import plan_text
from coachplan.core.errors import UnreadablePlan
from coachplan.files.store import SourceText, parse_toml, parse_with_tomli
from tests.conftest import AS_OF, Workspace
from tests.strategies import damaged_plan

ROOT = Path(__file__).parent.parent
EXAMPLES = int(os.environ.get("PROPERTY_EXAMPLES", "40"))
GENERATED = 400  # plans of the benchmark's generator: about 50 with problems


def _documents() -> list[tuple[str, str]]:
    files = [
        *sorted((ROOT / "tests" / "corpus").glob("*.toml")),
        *sorted((ROOT / "plans").glob("*.toml")),
        *sorted((ROOT / "tests" / "fixtures").rglob("*.toml")),
    ]
    found = []
    for path in files:
        if path.is_file() and not path.is_symlink():
            text = path.read_bytes().decode("utf-8", "replace")
            found.append((str(path.relative_to(ROOT)), text))
    found += [(f"generated-{i}", plan_text(i, seed=11)[1]) for i in range(GENERATED)]
    return found


def identical(a: Any, b: Any) -> bool:
    """Equal values of the same types, all the way down (a NaN equals a NaN; an offset's
    time-zone object may be of another class if it names the same offset)."""
    if isinstance(a, datetime) and isinstance(b, datetime) and type(a) is type(b):
        return a.isoformat() == b.isoformat() and a.utcoffset() == b.utcoffset()
    if type(a) is not type(b):
        return False
    if isinstance(a, dict):
        return list(a) == list(b) and all(identical(a[k], b[k]) for k in a)
    if isinstance(a, list):
        return len(a) == len(b) and all(identical(x, y) for x, y in zip(a, b, strict=True))
    if isinstance(a, float) and math.isnan(a):
        return math.isnan(b)
    return bool(a == b)


def agree(text: str) -> None:
    try:
        reference: Any = tomli.loads(text)
    except (tomli.TOMLDecodeError, RecursionError):
        reference = None
    try:
        # A byte-order mark rtoml skips and tomli refuses never reaches rtoml (store.py).
        fast: Any = None if text.startswith("\ufeff") else rtoml.loads(text)
    except Exception:
        fast = None
    if fast is not None:
        assert reference is not None, "rtoml accepts a document tomli refuses"
        assert identical(fast, reference), "rtoml and tomli read different data"
    # And what coachplan makes of it is tomli's answer, errors worded by tomli.
    source = SourceText(Path("plan.toml"), text)
    try:
        ours: Any = parse_toml(source)
    except UnreadablePlan as exc:
        ours = str(exc)
    try:
        theirs: Any = parse_with_tomli(source)
    except UnreadablePlan as exc:
        theirs = str(exc)
    assert identical(ours, theirs)


@pytest.mark.parametrize(("name", "text"), _documents(), ids=lambda x: x if "/" in x else None)
def test_rtoml_and_tomli_agree_on_every_known_document(name: str, text: str) -> None:
    agree(text)


def test_the_generated_workspace_has_documents_that_do_not_parse() -> None:
    """The generated plans include damage, so the test above covers refusals too."""
    refused = 0
    for _, text in _documents():
        try:
            tomli.loads(text)
        except tomli.TOMLDecodeError:
            refused += 1
    assert refused >= 5


@settings(max_examples=EXAMPLES * 3, deadline=None, suppress_health_check=list(HealthCheck))
@given(damaged_plan())
def test_rtoml_and_tomli_agree_on_damaged_plans(data: bytes) -> None:
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        return
    agree(text)


@pytest.mark.parametrize(
    "text",
    [
        "a = 1e400",
        "a = -1e400",
        "a = 1979-05-27T07:32:00-08:00",
        "a = 1979-05-27 07:32:00Z",
        "a = 9223372036854775808",
        "a = -9223372036854775809",
        "a = nan",
        "a = { b = 1, }",
        "a = [\n 1,\n]",
        "a = 2026-02-30",
        'a = "\\uD800"',
        "a.b = 1\na.b.c = 2",
        "a = " + "[" * 500 + "]" * 500,
        "a = 1\r\nb = 2\r\n",
        "a = 0o17\nb = 0xff\nc = 0b1\nd = 1_000\ne = +inf",
        "a = 24:00:00",
        "a = '''\nx'''",
    ],
)
def test_rtoml_and_tomli_agree_on_the_edges(text: str) -> None:
    agree(text)


def test_a_number_too_large_for_rtoml_is_still_tomlis_infinity(ws: Workspace) -> None:
    from coachplan.core.rulebook.examples import BASE

    ws.write("plan", BASE.replace("target = 60", "target = 1e400", 1))
    result = ws.run("validate", "--as-of", AS_OF, "--no-cache", "-f", "concise")
    assert result.exit_code == 1
    assert "F103 [error] `goals[0].metrics[0].target` must be a number, found the number inf" in (
        result.stdout
    )
