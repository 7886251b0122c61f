"""Report data as indented JSON, written by pydantic-core instead of json's Python encoder.

`json.dumps(..., indent=2)` never uses json's C encoder: on 10,000 plans' progress rows it
took longer than loading the plans. pydantic-core (already installed for the models)
writes the same text ten times as fast, given what `jsonable` gives it: the same layout,
key order, escapes (`ensure_ascii=False`: only `"`, `\\` and the C0 controls escaped),
integers of any size, `Infinity` and `NaN`, and floats spelt as `repr` spells them, for
every float `jsonable` leaves (rounded to 4 places, so none is between 0 and 1e-4, the
one range where the two spell a float differently: `1e-05` against `0.00001`).

A report row that is a dataclass of plain fields (str, int, float, bool, dates, None,
tuples and lists of them, other such dataclasses) is written straight from the object by
a serializer built once for its class from its annotations, with each float rounded as
`jsonable` rounds it: no tree of dicts is built. Anything else (a value pydantic-core
refuses, such as a string holding a lone surrogate, or one that does not match its
annotation) is written the old way. tests/test_fastjson.py holds both ways to the bytes of
`json.dumps`.
"""

from __future__ import annotations

import copy
import json
from collections.abc import Callable
from dataclasses import is_dataclass
from typing import Any

from pydantic_core import PydanticSerializationError, SchemaSerializer, to_json
from pydantic_core import core_schema as cs

FLOAT_PLACES = 4  # report data shows floats to 4 decimal places

# The schema types a row's serializer may hold; any other (`any`, a union, a custom
# type) means the class is written the general way.
_PLAIN_SCHEMAS = frozenset(
    {
        "str",
        "int",
        "bool",
        "float",
        "date",
        "none",
        "nullable",
        "tuple",
        "list",
        "dataclass",
        "dataclass-args",
        "dataclass-field",
        "definitions",
        "definition-ref",
    }
)
_CONFIG = cs.CoreConfig(ser_json_inf_nan="constants")

_SERIALIZERS: dict[type, SchemaSerializer | None] = {}


def rounded(value: float) -> float:
    return round(value, FLOAT_PLACES)


def _dumps(value: Any) -> str:
    return to_json(value, indent=2, inf_nan_mode="constants").decode()


def dumps(value: Any) -> str:
    """`json.dumps(value, indent=2, ensure_ascii=False)` of a `jsonable` value."""
    try:
        return _dumps(value)
    except (PydanticSerializationError, ValueError):
        return json.dumps(value, indent=2, ensure_ascii=False)


def dataclass_dumps(value: Any, general: Callable[[Any], Any]) -> str:
    """`dumps(general(value))`, straight from the object where its class allows."""
    serializer = _serializer(type(value)) if is_dataclass(value) else None
    if serializer is not None:
        try:
            return serializer.to_json(value, indent=2, warnings="error").decode()
        except (PydanticSerializationError, ValueError):
            pass  # a value off its annotation, or not UTF-8: the general way says it right
    return dumps(general(value))


def _serializer(kind: type) -> SchemaSerializer | None:
    if kind not in _SERIALIZERS:
        _SERIALIZERS[kind] = _build(kind)
    return _SERIALIZERS[kind]


def _build(kind: type) -> SchemaSerializer | None:
    from pydantic import TypeAdapter

    try:
        # A copy: the float serializers are added to it in place.
        schema: Any = copy.deepcopy(TypeAdapter(kind).core_schema)
    except Exception:  # any class pydantic cannot describe goes the general way
        return None
    if not _plain(schema):
        return None
    return SchemaSerializer(schema, _CONFIG)


def _plain(schema: Any) -> bool:
    """Whether every type in `schema` is one of the plain ones; floats get rounded."""
    if isinstance(schema, list):
        return all(_plain(s) for s in schema)
    if not isinstance(schema, dict):
        return True
    kind = schema.get("type")
    if kind is not None and kind not in _PLAIN_SCHEMAS:
        return False
    if "serialization" in schema:  # a serializer of the class's own: not ours to redo
        return False
    if kind == "float":
        schema["serialization"] = cs.plain_serializer_function_ser_schema(rounded, when_used="json")
        return True
    return all(_plain(v) for k, v in schema.items() if k != "metadata")
