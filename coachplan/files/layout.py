"""The canonical, diff-friendly text of a plan.

One layout for every plan, so that a pull request shows what changed and nothing else:
keys in the order of the format's tables, one `[[table]]` per goal, metric, action and so
on, a blank line before each header, measurements as one inline table per line.
Values are spelled by tomli-w, so quoting and escaping follow TOML exactly.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import tomli_w

from coachplan.core.model import TABLE_MODELS, Plan

INDENT = "  "
MAX_INLINE = 100

# Arrays that are written inline, one element a line, however long their elements are.
INLINE_ROWS = frozenset({"goals.metrics.measurements"})


def _scalar(value: Any, *, multiline: bool = False) -> str:
    # tomli-w's multi-line strings turn CRLF into LF; a string holding CR stays escaped.
    if isinstance(value, str) and "\r" in value:
        multiline = False
    rendered = tomli_w.dumps({"v": value}, multiline_strings=multiline)
    return rendered[len("v = ") :].rstrip("\n")


def _key(key: str) -> str:
    return tomli_w.dumps({key: 0})[: -len(" = 0\n")]


def _inline_table(table: Mapping[str, Any]) -> str:
    if not table:
        return "{}"
    return "{ " + ", ".join(f"{_key(k)} = {_value(v)}" for k, v in table.items()) + " }"


def _value(value: Any, *, multiline: bool = False, indent: int = 0) -> str:
    """A value as TOML; `indent` is the width of what precedes it on its line."""
    if isinstance(value, Mapping):
        return _inline_table(value)
    if isinstance(value, list | tuple):
        items = [_value(v) for v in value]
        one_line = "[" + ", ".join(items) + "]"
        fits = indent + len(one_line) <= MAX_INLINE
        if fits and not any(isinstance(v, Mapping) for v in value):
            return one_line
        return "[\n" + "".join(f"{INDENT}{item},\n" for item in items) + "]"
    return _scalar(value, multiline=multiline)


def _ordered(table: Mapping[str, Any], kind: str) -> list[tuple[str, Any]]:
    model = TABLE_MODELS.get(kind)
    if model is None:
        return list(table.items())
    order = {name: i for i, name in enumerate(model.model_fields)}
    return sorted(table.items(), key=lambda kv: order.get(kv[0], len(order)))


def _is_table_array(kind: str, value: Any) -> bool:
    return (
        kind not in INLINE_ROWS
        and isinstance(value, list)
        and bool(value)
        and all(isinstance(v, Mapping) for v in value)
        and kind in TABLE_MODELS
    )


def _emit(table: Mapping[str, Any], kind: str, header: str, out: list[str]) -> None:
    """Append `table` (already headed by `header`, if any) with its sub-tables."""
    nested: list[tuple[str, Any]] = []
    for key, value in _ordered(table, kind):
        child_kind = f"{kind}.{key}" if kind else key
        is_table = isinstance(value, Mapping) and child_kind in TABLE_MODELS
        if is_table or _is_table_array(child_kind, value):
            nested.append((key, value))
        else:
            prefix = f"{_key(key)} = "
            out.append(f"{prefix}{_value(value, multiline=True, indent=len(prefix))}\n")
    for key, value in nested:
        child_kind = f"{kind}.{key}" if kind else key
        name = f"{header}.{_key(key)}" if header else _key(key)
        if isinstance(value, Mapping):
            out.append(f"\n[{name}]\n")
            _emit(value, child_kind, name, out)
        else:
            for element in value:
                out.append(f"\n[[{name}]]\n")
                _emit(element, child_kind, name, out)


def dumps_data(data: Mapping[str, Any]) -> str:
    """Canonical text of a plan given as plain data (as tomllib returns it)."""
    out: list[str] = []
    _emit(data, "", "", out)
    return "".join(out)


def plan_data(plan: Plan) -> dict[str, Any]:
    """The plan as plain data: what was written, nothing added (defaults stay implicit)."""
    return plan.model_dump(exclude_unset=True, exclude_none=True)


def dumps_plan(plan: Plan, *, directives_from: str = "") -> str:
    """Canonical text of a plan.

    `directives_from` is the text the new one replaces (or just the directive lines of a new
    file): its leading `#:schema` style editor directives are kept at the top. Every writer
    that replaces a plan file passes the old text here, so that no directive is lost.
    """
    from coachplan.files.directives import leading_directives

    return leading_directives(directives_from) + dumps_data(plan_data(plan))


def dumps_value(value: Any) -> str:
    """Canonical text of one value, as it stands after `key = ` in a table."""
    return _value(value, multiline=True)


def dumps_entry(kind: str, entry: Mapping[str, Any], *, array: bool = True) -> str:
    """Canonical text of one table of `kind` (e.g. "goals.metrics") with its sub-tables.

    The text starts with its header, `[[goals.metrics]]` (or `[baseline]` when not
    `array`), and has no blank line before it: edits splice it into an existing file.
    """
    name = ".".join(_key(part) for part in kind.split("."))
    out = [f"[[{name}]]\n" if array else f"[{name}]\n"]
    _emit(entry, kind, name, out)
    return "".join(out)
