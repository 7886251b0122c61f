"""The checked value types of plan files, apart from the models that use them.

coachplan.toml's settings use some of them too; keeping them here means that reading the
settings does not build the plan models (a quarter of a one-file start-up).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from typing import Annotated, Any

from pydantic import Field, WithJsonSchema
from pydantic_core import CoreSchema, core_schema

ID_PATTERN = r"^[a-z0-9][a-z0-9-]{0,63}$"
# Python's `$` also matches before a final newline: code uses fullmatch, never `$`.
ID_RE = re.compile(r"[a-z0-9][a-z0-9-]{0,63}")

CADENCE_WORDS = {"weekly": 7, "fortnightly": 14, "monthly": 30}
CADENCE_RE = re.compile(r"([1-9][0-9]{0,2}) days?")
CADENCE_PATTERN = r"^(weekly|fortnightly|monthly|[1-9][0-9]{0,2} days?)$"


@dataclass(frozen=True, eq=False)  # hashed by identity: the schema is a dict
class _Checked:
    """A field checked by pydantic-core alone: no Python function runs per value (pydantic
    spent a third of its time in such functions). core/validation.py words its errors."""

    schema: CoreSchema

    def __get_pydantic_core_schema__(self, source: Any, handler: Any) -> CoreSchema:
        return self.schema


# TOML integers are 64-bit; a parser may read a larger one, but no other tool could.
INT64_MIN, INT64_MAX = -(2**63), 2**63 - 1
Int64 = Annotated[int, Field(ge=INT64_MIN, le=INT64_MAX)]

# A finite int or float, never a bool: one `number_type` error whatever is wrong; then an
# int outside 64 bits is an `int64_range` error.
Number = Annotated[
    int | float,
    _Checked(
        core_schema.chain_schema(
            [
                core_schema.union_schema(
                    [
                        core_schema.int_schema(strict=True),
                        core_schema.float_schema(strict=True, allow_inf_nan=False),
                    ],
                    custom_error_type="number_type",
                    custom_error_message="expected a finite number",
                ),
                core_schema.union_schema(
                    [
                        core_schema.int_schema(strict=True, ge=INT64_MIN, le=INT64_MAX),
                        core_schema.is_instance_schema(float),
                    ],
                    custom_error_type="int64_range",
                    custom_error_message="outside the 64-bit range of TOML integers",
                ),
            ]
        )
    ),
    WithJsonSchema({"type": "number"}),
]

# A TOML local date: a string or a date-time is a `date_type` error (worded by its input).
Day = Annotated[
    date,
    _Checked(core_schema.date_schema(strict=True)),
    WithJsonSchema({"type": "string", "format": "date"}),
]

# A string that does not match is a `string_pattern_mismatch` naming its pattern.
Identifier = Annotated[
    str,
    _Checked(core_schema.str_schema(strict=True, pattern=ID_PATTERN)),
    WithJsonSchema({"type": "string", "pattern": ID_PATTERN}),
]


def cadence_days(cadence: str) -> int | None:
    """Days between check-ins for a cadence string, or None if it is not one."""
    if cadence in CADENCE_WORDS:
        return CADENCE_WORDS[cadence]
    match = CADENCE_RE.fullmatch(cadence)
    return int(match.group(1)) if match else None


Cadence = Annotated[
    str,
    _Checked(core_schema.str_schema(strict=True, pattern=CADENCE_PATTERN)),
    WithJsonSchema({"type": "string", "pattern": CADENCE_PATTERN}),
]
