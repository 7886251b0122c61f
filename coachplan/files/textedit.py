"""Changing a plan's text in place, keeping everything a person wrote.

These kinds of change cover every editing command:

- `AddTable`: a new `[[checkins]]`, `[[goals.metrics]]` ... entry (or a `[baseline]` table),
  written in the canonical layout (layout.py) and spliced in as whole lines where `fmt`
  would put it: after the last entry of its kind, or after the tables that come before it.
- `SetValue`: a value in an existing table, changed (or added in the canonical key order)
  with tomlkit, which keeps the comment on the line.
- `AppendItem`: one more element of an array such as `measurements`, also with tomlkit.
- `RemoveTable`: an entry of an array of tables (a `[[checkins]]` entry, a `[[goals]]` entry
  with its `[[goals.metrics]]`), taken out as whole lines with the comments inside it and one
  blank line beside it; comments above its header and comments after a blank line below it
  belong to what stands around it, and stay.
- `RemoveItem`, `SetItem`, `RemoveKey`: one element of an array (a measurement, a goal id in
  a milestone's `goals`) removed or replaced, or a key removed, with tomlkit; a comment on
  the same line goes with its element or key, comments on lines of their own stay.

Comments, blank lines, key order and unknown keys outside the touched lines stay byte for
byte. After all changes the new text is parsed again and must hold exactly the old data
plus (or minus) the described change; otherwise nothing is returned and the change is
refused. So an edit can never alter, lose or move anything it was not asked to.

Ops apply in order, each to the plan as the ops before it left it: an index names the entry
at that place then (removing several entries of one array goes from the last to the first).
"""

from __future__ import annotations

import copy
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from coachplan.core.errors import RefusedWrite, UnreadablePlan
from coachplan.core.model import TABLE_MODELS
from coachplan.files.layout import INLINE_ROWS, dumps_entry, dumps_value
from coachplan.files.positions import _Scanner
from coachplan.files.store import SourceText, parse_toml

TablePath = tuple[str | int, ...]

HINT = "make the change with `coachplan edit PLAN`"


@dataclass(frozen=True)
class AddTable:
    """Add `entry` as a new table `key` under `parent` (an array entry unless not `array`)."""

    parent: TablePath
    key: str
    entry: Mapping[str, Any]
    array: bool = True


@dataclass(frozen=True)
class SetValue:
    """Set `key` of the table at `table` to `value`, adding the key if it is missing."""

    table: TablePath
    key: str
    value: Any


@dataclass(frozen=True)
class AppendItem:
    """Append `item` to the array `key` of the table at `table`, creating it if missing."""

    table: TablePath
    key: str
    item: Any


@dataclass(frozen=True)
class RemoveTable:
    """Remove entry `index` of the array of tables `key` under `parent`, with its sub-tables;
    with no `index`, the table `key` itself (a `[closing]`)."""

    parent: TablePath
    key: str
    index: int | None = None


@dataclass(frozen=True)
class RemoveItem:
    """Remove element `index` of the array `key` of the table at `table`.

    An array left empty goes with its key, as `fmt` writes no empty arrays, unless comments
    stand inside it: then it stays, empty, with them.
    """

    table: TablePath
    key: str
    index: int


@dataclass(frozen=True)
class SetItem:
    """Replace element `index` of the array `key` of the table at `table` with `value`."""

    table: TablePath
    key: str
    index: int
    value: Any


@dataclass(frozen=True)
class RemoveKey:
    """Remove `key` (and its value) from the table at `table`."""

    table: TablePath
    key: str


Op = AddTable | SetValue | AppendItem | RemoveTable | RemoveItem | SetItem | RemoveKey
ValueOp = SetValue | AppendItem | RemoveItem | SetItem | RemoveKey


def without_none(entry: Mapping[str, Any]) -> dict[str, Any]:
    """An entry with its unset (None) fields left out, as a person would write it."""
    return {key: value for key, value in entry.items() if value is not None}


def kind_of(path: TablePath) -> str:
    """The table kind of a path: ("goals", 0, "metrics") -> "goals.metrics"."""
    return ".".join(part for part in path if isinstance(part, str))


def resolve(data: Any, path: TablePath) -> Any:
    for part in path:
        data = data[part]
    return data


# -- data -----------------------------------------------------------------------------------


def _apply_data(data: dict[str, Any], op: Op) -> None:
    if isinstance(op, AddTable):
        parent = resolve(data, op.parent)
        entry = copy.deepcopy(without_none(op.entry))
        if op.array:
            parent.setdefault(op.key, []).append(entry)
        else:
            parent[op.key] = entry
    elif isinstance(op, SetValue):
        resolve(data, op.table)[op.key] = copy.deepcopy(op.value)
    elif isinstance(op, AppendItem):
        resolve(data, op.table).setdefault(op.key, []).append(copy.deepcopy(op.item))
    elif isinstance(op, RemoveTable) and op.index is None:
        del resolve(data, op.parent)[op.key]
    elif isinstance(op, RemoveTable | RemoveItem):
        owner = resolve(data, op.parent if isinstance(op, RemoveTable) else op.table)
        del owner[op.key][op.index]
        if not owner[op.key]:
            del owner[op.key]
    elif isinstance(op, SetItem):
        resolve(data, op.table)[op.key][op.index] = copy.deepcopy(op.value)
    else:
        resolve(data, op.table).pop(op.key, None)


# -- new tables, spliced in as lines ----------------------------------------------------------


class _HeaderScanner(_Scanner):
    """The positions scanner, also listing every table header with its 0-based line."""

    def __init__(self, text: str) -> None:
        super().__init__(text)
        self.headers: list[tuple[TablePath, int]] = []

    def header(self) -> TablePath:
        start = self.i
        path = super().header()
        self.headers.append((path, self.where(start)[0] - 1))
        return path


def _headers(text: str) -> list[tuple[TablePath, int]]:
    scanner = _HeaderScanner(text)
    scanner.scan()
    return scanner.headers


def _lines(text: str) -> list[str]:
    # Split on "\n" only: other line breaks may stand inside strings.
    parts = text.split("\n")
    return [part + "\n" for part in parts[:-1]] + ([parts[-1]] if parts[-1] else [])


def _table_order(kind: str) -> list[str]:
    """Keys of the sub-tables of a table kind, in canonical order."""
    model = TABLE_MODELS[kind]
    order = []
    for name in model.model_fields:
        child = f"{kind}.{name}" if kind else name
        if child in TABLE_MODELS and child not in INLINE_ROWS:
            order.append(name)
    return order


def _region(headers: list[tuple[TablePath, int]], parent: TablePath, key: str, n: int) -> range:
    """The lines after which the new table goes: the last table before it, or the parent's keys."""

    def until_next(index: int) -> range:
        end = headers[index + 1][1] if index + 1 < len(headers) else n
        return range(headers[index][1], end)

    order = _table_order(kind_of(parent))
    for candidate in reversed(order[: order.index(key) + 1]):
        prefix = (*parent, candidate)
        inside = [i for i, (path, _) in enumerate(headers) if path[: len(prefix)] == prefix]
        if inside:
            return until_next(inside[-1])
    if not parent:
        return range(0, headers[0][1] if headers else n)
    own = [i for i, (path, _) in enumerate(headers) if path == parent]
    if not own:
        raise RefusedWrite(
            f"`{kind_of(parent)}` is not written as a [table]; cannot add to it in place",
            hint=HINT,
        )
    return until_next(own[-1])


def _is_trivia(line: str) -> bool:
    stripped = line.strip()
    return not stripped or stripped.startswith("#")


def _add_table(text: str, op: AddTable) -> str:
    if text and not text.endswith("\n"):
        text += "\n"
    lines = _lines(text)
    region = _region(_headers(text), op.parent, op.key, len(lines))
    # The last line with content; comments right under it (no blank line) stay with it,
    # while a blank line and the comments after it belong to what follows.
    last = region.stop - 1
    while last > region.start and _is_trivia(lines[last]):
        last -= 1
    at = next((i for i in range(last + 1, region.stop) if not lines[i].strip()), last + 1)
    block = "\n" + dumps_entry(kind_of((*op.parent, op.key)), op.entry, array=op.array)
    if at < len(lines) and lines[at].strip():
        block += "\n"
    return "".join(lines[:at]) + block + "".join(lines[at:])


def _entry_lines(lines: list[str], start: int, stop: int) -> range:
    """The lines of the table whose header is line `start`, in the region up to `stop`: its
    keys and the comments among them or right under them, not a blank line and what follows."""
    last = stop - 1
    while last > start and _is_trivia(lines[last]):
        last -= 1
    end = next((i for i in range(last + 1, stop) if not lines[i].strip()), stop)
    return range(start, end)


def _remove_table(text: str, op: RemoveTable) -> str:
    if text and not text.endswith("\n"):
        text += "\n"
    lines = _lines(text)
    headers = _headers(text)
    own = (*op.parent, op.key) + (() if op.index is None else (op.index,))
    starts = [i for i, (path, _) in enumerate(headers) if path[: len(own)] == own]
    if not starts or headers[starts[0]][0] != own:
        what = f"entry {op.index + 1}" if op.index is not None else "table"
        kind = "[[table]]" if op.index is not None else "[table]"
        raise RefusedWrite(
            f"`{kind_of(own)}` {what} is not written as a {kind}; cannot remove it in place",
            hint=HINT,
        )
    drop: set[int] = set()
    for i in starts:
        stop = headers[i + 1][1] if i + 1 < len(headers) else len(lines)
        drop.update(_entry_lines(lines, headers[i][1], stop))
    # One blank line beside the entry goes too, so that the tables stay one blank line apart:
    # the one after it, or before it when it ends the file or a comment follows it.
    after = max(drop) + 1
    before = min(drop) - 1
    if after < len(lines) and not lines[after].strip():
        drop.add(after)
    elif before >= 0 and not lines[before].strip():
        drop.add(before)
    return "".join(line for i, line in enumerate(lines) if i not in drop)


# -- values in existing tables, with tomlkit -------------------------------------------------


def _item(value: Any) -> Any:
    """A tomlkit item whose text is the canonical spelling of `value`."""
    import tomlkit

    return tomlkit.parse(f"v = {dumps_value(value)}\n").item("v")


def _container(doc: Any, path: TablePath) -> Any:
    from tomlkit.items import Table
    from tomlkit.toml_document import TOMLDocument

    node = doc
    for part in path:
        node = node[part]
    if not isinstance(node, Table | TOMLDocument):
        raise RefusedWrite(
            f"`{kind_of(path) or 'the plan'}` is not written as a [table]; cannot change it "
            "in place",
            hint=HINT,
        )
    return node


def _insert_key(node: Any, kind: str, key: str, item: Any) -> None:
    """Add `key` where the canonical order puts it: after the keys that come before it."""
    from tomlkit.items import AoT, Table

    container = node.value if isinstance(node, Table) else node
    order = list(TABLE_MODELS[kind].model_fields) if kind in TABLE_MODELS else []

    def rank(name: str) -> int:
        return order.index(name) if name in order else len(order)

    plain = [
        (index, k.key)
        for index, (k, value) in enumerate(container.body)
        if k is not None and not isinstance(value, Table | AoT)
    ]
    before = [name for _, name in plain if rank(name) < rank(key)]
    if before:
        container._insert_after(before[-1], key, item)
    elif plain:
        container._insert_at(plain[0][0], key, item)
    elif container.body:
        container._insert_at(0, key, item)
    else:
        container.append(key, item)


def _set_value(doc: Any, op: SetValue) -> None:
    node = _container(doc, op.table)
    if op.key in node:
        node[op.key] = _item(op.value)  # tomlkit keeps the line's comment
    else:
        _insert_key(node, kind_of(op.table), op.key, _item(op.value))


def _append_item(doc: Any, op: AppendItem) -> None:
    from tomlkit.items import Array

    node = _container(doc, op.table)
    if op.key not in node:
        _set_value(doc, SetValue(op.table, op.key, [op.item]))
        return
    array = node[op.key]
    if not isinstance(array, Array):
        raise RefusedWrite(f"`{op.key}` is not an array; cannot add to it", hint=HINT)
    spelled = array.as_string()
    if not len(array) and "#" not in spelled:
        node[op.key] = _item([op.item])  # an empty array becomes the canonical layout
    elif "\n" in spelled:
        # One element a line, indented like the first one, with a trailing comma.
        indent = re.search(r"\n([ \t]*)[^\s#]", spelled)
        array.add_line(_item(op.item), indent=indent.group(1) if indent else "  ")
    else:
        array.append(_item(op.item))


def _array(doc: Any, table: TablePath, key: str, index: int) -> Any:
    from tomlkit.items import Array

    node = _container(doc, table)
    array = node.get(key)
    if not isinstance(array, Array) or not 0 <= index < len(array):
        raise RefusedWrite(f"`{key}` is not an array with an element {index + 1}", hint=HINT)
    return array


def _remove_item(doc: Any, op: RemoveItem) -> None:
    array = _array(doc, op.table, op.key, op.index)
    del array[op.index]
    if not len(array) and "#" not in array.as_string():
        del _container(doc, op.table)[op.key]


def _set_item(doc: Any, op: SetItem) -> None:
    _array(doc, op.table, op.key, op.index)[op.index] = _item(op.value)


def _remove_key(doc: Any, op: RemoveKey) -> None:
    node = _container(doc, op.table)
    if op.key in node:
        del node[op.key]


def _tomlkit_edit(text: str, ops: Sequence[ValueOp]) -> str:
    import tomlkit
    from tomlkit.exceptions import TOMLKitError

    if text and not text.endswith("\n"):
        text += "\n"
    try:
        doc = tomlkit.parse(text)
    except TOMLKitError as exc:
        raise RefusedWrite(f"cannot edit this file in place ({exc})", hint=HINT) from None
    if tomlkit.dumps(doc) != text:
        raise RefusedWrite("cannot edit this file in place without changing it", hint=HINT)
    for op in ops:
        if isinstance(op, SetValue):
            _set_value(doc, op)
        elif isinstance(op, AppendItem):
            _append_item(doc, op)
        elif isinstance(op, RemoveItem):
            _remove_item(doc, op)
        elif isinstance(op, SetItem):
            _set_item(doc, op)
        else:
            _remove_key(doc, op)
    return tomlkit.dumps(doc)


# -- all together ----------------------------------------------------------------------------


def _path_of(op: Op) -> TablePath:
    return (*(op.parent if isinstance(op, AddTable | RemoveTable) else op.table), op.key)


def apply(text: str, data: dict[str, Any], ops: Sequence[Op]) -> tuple[str, dict[str, Any]]:
    """The new text and data after `ops`; RefusedWrite if any other content would change."""
    expected = copy.deepcopy(data)
    pending: list[ValueOp] = []
    for op in ops:
        try:
            _apply_data(expected, op)
        except (KeyError, IndexError, TypeError):
            raise RefusedWrite(f"the plan has no {kind_of(_path_of(op))} entry to change") from None
        if isinstance(op, AddTable | RemoveTable):
            if pending:
                text, pending = _tomlkit_edit(text, pending), []
            text = _add_table(text, op) if isinstance(op, AddTable) else _remove_table(text, op)
        else:
            pending.append(op)
    if pending:
        text = _tomlkit_edit(text, pending)
    try:
        actual = parse_toml(SourceText(Path("plan.toml"), text))
    except UnreadablePlan:
        actual = None
    for op in ops:  # an emptied array kept for its comments holds the same data as none
        if isinstance(op, RemoveItem) and actual is not None:
            try:
                if resolve(actual, op.table).get(op.key) == []:
                    resolve(expected, op.table).setdefault(op.key, [])
            except (KeyError, IndexError, TypeError, AttributeError):
                pass
    if actual != expected:
        raise RefusedWrite(
            "the change could not be placed without disturbing the rest of the file; "
            "nothing written",
            hint=HINT,
        )
    return text, expected
