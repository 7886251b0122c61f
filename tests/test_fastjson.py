"""Report json written by pydantic-core is the bytes json.dumps wrote, whatever the data."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from coachplan.core.text import log_safe_json
from coachplan.render import fastjson
from coachplan.render.reports import iter_data, jsonable


@dataclass(frozen=True)
class Inner:
    day: date
    value: float


@dataclass(frozen=True)
class Row:
    name: str
    unit: str | None
    count: int
    share: float | None
    flag: bool
    when: date | None
    inner: Inner | None
    series: tuple[Inner, ...]
    tags: list[str]


@dataclass(frozen=True)
class Loose:
    anything: Any
    mapping: dict[str, Any]


def expected(data: dict[str, Any]) -> str:
    return log_safe_json(json.dumps(jsonable(data), indent=2, ensure_ascii=False) + "\n")


texts = st.text(st.characters(codec=None), max_size=12)  # lone surrogates, controls, ##[
floats = st.floats(allow_nan=True, allow_infinity=True) | st.sampled_from(
    [1e16, 1.5e20, 1e-5, 0.00005, 0.00015, -0.0, 1e308, 123456.78901]
)
integers = st.integers() | st.integers(min_value=2**63 - 2, max_value=2**70)
inners = st.builds(Inner, day=st.dates(), value=floats)
rows = st.builds(
    Row,
    name=texts,
    unit=st.none() | texts,
    count=integers,
    share=st.none() | floats,
    flag=st.booleans(),
    when=st.none() | st.dates(),
    inner=st.none() | inners,
    series=st.lists(inners, max_size=3).map(tuple),
    tags=st.lists(texts, max_size=3),
)


@settings(max_examples=150, deadline=None)
@given(st.lists(rows, max_size=4), floats)
def test_rows_written_from_the_objects_are_json_dumps_byte_for_byte(
    items: list[Row], share: float
) -> None:
    data = {"report": "x", "as_of": date(2026, 1, 1), "share": share, "items": items}
    assert "".join(iter_data(data)) == expected(data)


@settings(max_examples=60, deadline=None)
@given(
    st.lists(
        st.builds(
            Loose,
            anything=floats | texts | integers,
            mapping=st.dictionaries(texts, floats, max_size=2),
        ),
        max_size=3,
    )
)
def test_rows_of_loose_types_go_the_general_way_with_the_same_bytes(items: list[Loose]) -> None:
    data = {"items": items}
    assert "".join(iter_data(data)) == expected(data)


def test_only_plain_dataclasses_get_a_serializer() -> None:
    assert fastjson._serializer(Row) is not None
    assert fastjson._serializer(Loose) is None


def test_a_value_off_its_annotation_is_written_as_it_is() -> None:
    odd = Row("a", None, True, 3, 1, date(2026, 1, 1), None, (), ["\udcff"])  # type: ignore[arg-type]
    data = {"items": [odd]}
    assert "".join(iter_data(data)) == expected(data)
