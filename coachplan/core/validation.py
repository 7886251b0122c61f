"""Format findings from validation: a pydantic error on a plan's data -> (code, problem).

The format rules (F1xx, described in coachplan.core.rulebook.format) have no check function:
their findings come from loading, where each validation error of the models is translated
here into a rule code and a problem with a message, a hint and a key path.
"""

from __future__ import annotations

import difflib
import json
import re
from datetime import date
from typing import Any

from pydantic import ValidationError

from coachplan.core.findings import Problem
from coachplan.core.model import (
    CADENCE_PATTERN,
    ID_PATTERN,
    INT64_MAX,
    INT64_MIN,
    TABLE_MODELS,
    Record,
)

_TYPE_NAMES = {
    "string_type": "a string",
    "int_type": "a whole number",
    "number_type": "a number",
    "date_type": "a date",
    "date_string": "a date",
    "list_type": "a list",
    "model_type": "a table",
    "dict_type": "a table",
    "model_attributes_type": "a table",
    "bool_type": "true or false",
}


_BARE_KEY = re.compile(r"[A-Za-z0-9_-]+")

# The small ranges of whole numbers in the format (core/model.py Rating, Minutes), by key:
# lowest, highest, and what the range is. (The 64-bit bounds of Int64 are worded apart.)
_BOUNDED = {
    "rating": (1, 5, "ratings use the 1-5 scale"),
    "minutes": (1, 1440, "the session's length in minutes, at most a day"),
}


def key_path(loc: tuple[str | int, ...]) -> str:
    """`goals[0].metrics[1].baseline` for a pydantic location; a key that is not a bare
    TOML key is quoted as TOML would quote it: `levels."team work"`."""
    text = ""
    for part in loc:
        if part == "[key]":  # pydantic's marker: the error is about the key before it
            continue
        if isinstance(part, int):
            text += f"[{part}]"
            continue
        name = part if _BARE_KEY.fullmatch(part) else json.dumps(part, ensure_ascii=False)
        text += f".{name}" if text else name
    return text or "(top level)"


def _table_kind(loc: tuple[str | int, ...]) -> str:
    return ".".join(p for p in loc if isinstance(p, str))


def _model_at(loc: tuple[str | int, ...]) -> type[Record] | None:
    return TABLE_MODELS.get(_table_kind(loc))


def _describe(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        shown = value if len(value) <= 40 else value[:37] + "..."
        return f"the string {shown!r}"
    if isinstance(value, dict):
        return "a table"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, date) and hasattr(value, "hour"):
        return f"the date-time {value.isoformat()}"
    if isinstance(value, date):
        return f"the date {value.isoformat()}"
    if isinstance(value, float):
        return f"the number {value}"
    if isinstance(value, int):
        return f"the number {value}"
    return type(value).__name__


def _did_you_mean(word: str, choices: list[str]) -> str:
    close = difflib.get_close_matches(word, choices, n=1, cutoff=0.6)
    if close:
        return f"did you mean `{close[0]}`?"
    return "known keys: " + ", ".join(choices)


def translate(error: Any) -> tuple[str, Problem]:
    """A pydantic error as (rule code, problem)."""
    kind = error["type"]
    loc: tuple[str | int, ...] = tuple(error["loc"])
    where = key_path(loc)
    value = error.get("input")
    ctx = error.get("ctx") or {}
    # pydantic-core's own checks (core/model.py) in the words coachplan always used.
    if kind == "string_pattern_mismatch":
        patterns = {ID_PATTERN: "id_syntax", CADENCE_PATTERN: "cadence"}
        kind = patterns.get(str(ctx.get("pattern")), kind)
    elif kind == "date_type" and isinstance(value, str):
        kind = "date_string"
    if kind == "literal_error" and loc == ("format",):
        return "F105", Problem(
            loc,
            f"unsupported format version {_describe(value)}",
            "this coachplan reads format = 1; a newer plan needs a newer coachplan",
        )
    if kind == "extra_forbidden":
        parent = _model_at(loc[:-1])
        known = list(parent.model_fields) if parent else []
        table = _table_kind(loc[:-1]) or "the top level"
        hint = _did_you_mean(str(loc[-1]), known) if known else ""
        return "F101", Problem(loc, f"unknown key `{loc[-1]}` in {table}", hint)
    if kind == "missing":
        parent = _model_at(loc[:-1])
        field = parent.model_fields.get(str(loc[-1])) if parent else None
        about = (
            f": {field.description[:1].lower()}{field.description[1:]}"
            if (field and field.description)
            else ""
        )
        return "F102", Problem(
            loc, f"missing required key `{where}`", f"add `{loc[-1]} = ...`{about}".rstrip(".")
        )
    if kind == "literal_error":
        expected = str(ctx.get("expected", "")).replace("'", "")
        choices = [c.strip() for c in expected.replace(" or ", ", ").split(",")]
        close = difflib.get_close_matches(value, choices, n=1) if isinstance(value, str) else []
        hint = (
            f'did you mean "{close[0]}"?'
            if close
            else ("use one of: " + ", ".join(f'"{c}"' for c in choices))
        )
        if loc == ("closing", "outcome") and value == "extended":
            hint = (
                "an extended pip stays active and has no closing: `coachplan close PLAN "
                "--outcome extended --end DATE` moves its end"
            )
        return "F104", Problem(
            loc, f"`{where}` must be one of {expected}; found {_describe(value)}", hint
        )
    if kind == "id_syntax":
        return "F104", Problem(
            loc,
            f"`{where}` {value!r} is not a valid id",
            "use lowercase letters, digits and '-', starting with a letter "
            "or digit, at most 64 characters",
        )
    if kind == "cadence":
        return "F104", Problem(
            loc,
            f"`{where}` {value!r} is not a check-in cadence",
            'use weekly, fortnightly, monthly or "<N> days"',
        )
    if kind == "one_line":
        return "F104", Problem(
            loc, f"`{where}` must be a single line", "move the detail to `summary` or `notes`"
        )
    if kind == "control_character":
        return "F104", Problem(
            loc,
            f"`{where}` holds the control character {ctx.get('char', '')}",
            "names and titles are plain text: remove it (an escape sequence or a tab pasted "
            "in by accident)",
        )
    if kind == "blank":
        return "F104", Problem(loc, f"`{where}` is empty", "write a value or remove the key")
    if kind == "int64_range" or (
        kind in ("greater_than_equal", "less_than_equal")
        and abs(ctx.get("ge", ctx.get("le", 0))) >= INT64_MAX
    ):
        return "F104", Problem(
            loc,
            f"`{where}` is outside the range of a TOML integer",
            f"TOML integers are 64-bit, {INT64_MIN} to {INT64_MAX}; "
            "other tools cannot read a larger one",
        )
    if kind in ("greater_than_equal", "less_than_equal"):
        low, high, hint = _BOUNDED.get(str(loc[-1]), _BOUNDED["rating"])
        message = f"`{where}` must be between {low} and {high}; found {value}"
        return "F104", Problem(loc, message, hint)
    if kind == "date_string":
        return "F103", Problem(
            loc,
            f"`{where}` must be a date, found {_describe(value)}",
            f"write dates without quotes: {loc[-1]} = {value}"
            if _looks_like_date(value)
            else "write a date like 2026-09-01",
        )
    if kind in _TYPE_NAMES:
        expected_name = _TYPE_NAMES[kind]
        message = f"`{where}` must be {expected_name}, found {_describe(value)}"
        hint = _TYPE_HINTS.get(kind, "see docs/plan-format.md")
        if kind == "date_type" and isinstance(value, date):
            hint = "use a local date such as 2026-09-01, without a time"
        elif kind in ("int_type", "number_type") and isinstance(value, str) and _numeric(value):
            hint = "remove the quotes"
        elif kind == "int_type" and isinstance(value, float):
            hint = "use a whole number, such as 3"
        elif kind == "string_type" and isinstance(value, dict | list):
            hint = "write one value in double quotes"
        return "F103", Problem(loc, message, hint)
    # Anything else pydantic may say: still a located finding, never a traceback.
    return "F103", Problem(
        loc, f"`{where}`: {error.get('msg', 'invalid value')}", "see docs/plan-format.md"
    )


_TYPE_HINTS = {
    "string_type": "put the value in double quotes",
    "int_type": "write a whole number without quotes, such as 3",
    "number_type": "write a number without quotes, such as 20 or 7.5",
    "date_type": "write a date like 2026-09-01, without quotes",
    "date_string": "write a date like 2026-09-01, without quotes",
    "list_type": "write a list in brackets, [ ... ], or a [[table]] per entry",
    "model_type": "write a table: a [name] header with keys below it, or [[name]] per entry",
    "dict_type": "write an inline table: { key = value, ... }",
    "model_attributes_type": "write a table: a [name] header with keys below it",
    "bool_type": "write true or false",
}


def _numeric(value: str) -> bool:
    try:
        float(value)
    except ValueError:
        return False
    return True


def _looks_like_date(value: Any) -> bool:
    if not isinstance(value, str):
        return False
    try:
        date.fromisoformat(value)
    except ValueError:
        return False
    return True


def translate_all(exc: ValidationError) -> list[tuple[str, Problem]]:
    return [translate(error) for error in exc.errors()]
