"""Where each key of a TOML document stands: key path -> (line, column).

tomllib returns values without positions, so findings would have no line to point at.
This scanner walks the text of a document that already parsed, following only its
structure (headers, keys, arrays, inline tables, strings and comments), and records the
1-based line and column of every key, table header and array element. It runs only for
files that have something to report, so the common, clean case never pays for it.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass, field

Path = tuple[str | int, ...]

# The hot loops run as regular expressions, so a file with findings costs a fraction of
# its parse time to locate (see docs/performance.md).
_NEWLINE = re.compile("\n")
_BLANK_INLINE = re.compile(r"[ \t\r]*(?:#[^\n]*)?")
_BLANK_ALL = re.compile(r"(?:[ \t\r\n]+|#[^\n]*)*")
_BARE_KEY = re.compile(r"[A-Za-z0-9_-]*")
# One-line strings end at the line's end: an unterminated one must not swallow the lines
# after it (the scanner also runs on text that does not parse).
_BASIC_STRING = re.compile(r'"((?:[^"\\\n]|\\.)*)"')
_LITERAL_STRING = re.compile(r"'([^'\n]*)'")
_SCALAR = re.compile(r"[^,\]}#\n \t\r]*")
_BARE_ASSIGN = re.compile(r"([A-Za-z0-9_-]+)[ \t]*=[ \t]*")
# A one-line string without escapes (and not the start of a multi-line string).
_PLAIN_STRING = re.compile(r'"(?!"")[^"\\\n]*"')
# `key = value` on one line, where the value is such a string or a plain scalar (not an
# array, inline table or date-time with a space), up to the end of the line.
_SIMPLE_LINE = re.compile(
    r'([A-Za-z0-9_-]+)[ \t]*=[ \t]*(?:"(?!"")[^"\\\n]*"|[^\s,\]}#"\'\[{][^,\]}#\n \t\r]*)'
    r"[ \t\r]*(#[^\n]*)?(?=\n|\Z)"
)


@dataclass
class PositionIndex:
    """Positions of the keys of one document, and whether it has comments."""

    offsets: dict[Path, int] = field(default_factory=dict)
    line_starts: list[int] = field(default_factory=lambda: [0])
    has_comments: bool = False
    first_comment: tuple[int, int] | None = None  # line and column of the first `#`

    def where(self, offset: int) -> tuple[int, int]:
        """1-based line and column of a character offset."""
        line = bisect_right(self.line_starts, offset)
        return line, offset - self.line_starts[line - 1] + 1

    @property
    def positions(self) -> dict[Path, tuple[int, int]]:
        """Every recorded key path with its line and column."""
        return {path: self.where(offset) for path, offset in self.offsets.items()}

    def locate(self, path: Path) -> tuple[int, int]:
        """The position of `path`, or of its nearest ancestor that is written down."""
        path = tuple(path)
        while path:
            if path in self.offsets:
                return self.where(self.offsets[path])
            path = path[:-1]
        return (1, 1)


class _Scanner:
    def __init__(self, text: str) -> None:
        self.text = text
        self.n = len(text)
        self.i = 0
        self.index = PositionIndex(line_starts=[0, *(m.end() for m in _NEWLINE.finditer(text))])
        self.aot_counts: dict[Path, int] = {}
        self.table: Path = ()

    def where(self, offset: int) -> tuple[int, int]:
        return self.index.where(offset)

    def mark(self, path: Path, offset: int) -> None:
        self.index.offsets.setdefault(path, offset)

    # -- low level -----------------------------------------------------------------------

    def peek(self, k: int = 0) -> str:
        j = self.i + k
        return self.text[j] if j < self.n else ""

    def skip_blank(self, newlines: bool) -> None:
        """Skip spaces, tabs, comments and (if asked) newlines."""
        start = self.i
        match = (_BLANK_ALL if newlines else _BLANK_INLINE).match(self.text, start)
        assert match is not None  # both patterns match the empty string
        self.i = match.end()
        if self.i > start and not self.index.has_comments and "#" in match.group():
            self.note_comment(start + match.group().index("#"))

    def note_comment(self, offset: int) -> None:
        if not self.index.has_comments:
            self.index.has_comments = True
            self.index.first_comment = self.where(offset)

    def read_string(self) -> str:
        text = self.text
        quote = text[self.i]
        if text.startswith(quote * 3, self.i):
            end = self.i + 3
            while True:
                end = text.find(quote * 3, end)
                if end < 0:
                    self.i = self.n
                    return ""
                if quote == '"' and _escaped(text, end):
                    end += 1
                    continue
                break
            # A multi-line string may end with up to two extra quotes.
            while text.startswith(quote, end + 3):
                end += 1
            value = text[self.i + 3 : end]
            self.i = end + 3
            return value
        match = (_BASIC_STRING if quote == '"' else _LITERAL_STRING).match(text, self.i)
        if match is None:  # unterminated: the rest of the line
            end = text.find("\n", self.i)
            end = self.n if end < 0 else end
            raw = text[self.i + 1 : end]
            self.i = end
        else:
            raw = match.group(1)
            self.i = match.end()
        if quote == '"' and "\\" in raw:
            return _unescape(raw)
        return raw

    def read_key(self) -> list[tuple[str, int]]:
        """A dotted key: its parts with the offset of each."""
        parts: list[tuple[str, int]] = []
        while True:
            self.skip_blank(newlines=False)
            start = self.i
            ch = self.peek()
            if ch in ('"', "'"):
                parts.append((self.read_string(), start))
            else:
                match = _BARE_KEY.match(self.text, start)
                assert match is not None  # matches the empty string
                parts.append((match.group(), start))
                self.i = match.end()
            self.skip_blank(newlines=False)
            if self.peek() == ".":
                self.i += 1
                continue
            return parts

    # -- structure -----------------------------------------------------------------------

    def resolve(self, keys: list[str], base: Path = ()) -> Path:
        """Turn header keys into a path, stepping into the last element of arrays of tables."""
        path: Path = base
        for key in keys:
            path = (*path, key)
            count = self.aot_counts.get(path)
            if count is not None:
                path = (*path, count - 1)
        return path

    def scan(self) -> PositionIndex:
        """Every position. Total: each step moves forward, whatever the text (it may be
        one that does not parse), so the scan always ends."""
        table: Path = ()
        while True:
            self.skip_blank(newlines=True)
            if self.i >= self.n:
                return self.index
            start = self.i
            self.statement(table)
            if self.i <= start:  # text no statement starts with: step over it
                self.i = start + 1
            table = self.table

    def statement(self, table: Path) -> None:
        """One header or key/value line; the header sets `self.table`."""
        text, simple = self.text, _SIMPLE_LINE.match
        self.table = table
        if text[self.i] == "[":
            self.table = self.header()
            return
        # Most lines are `key = "text"` or `key = 2026-09-01`: one match each.
        line = simple(text, self.i)
        if line is None:
            self.keyval(table)
            return
        self.mark((*table, line.group(1)), self.i)
        if line.group(2):
            self.note_comment(line.start(2))
        self.i = line.end()

    def header(self) -> Path:
        start = self.i
        is_array = self.peek(1) == "["
        self.i += 2 if is_array else 1
        parts = self.read_key()
        self.i += 2 if is_array else 1
        keys = [k for k, _ in parts]
        if is_array:
            parent = self.resolve(keys[:-1])
            array_path = (*parent, keys[-1])
            count = self.aot_counts.get(array_path, 0)
            self.aot_counts[array_path] = count + 1
            self.mark(array_path, start)
            path: Path = (*array_path, count)
        else:
            path = self.resolve(keys)
        self.mark(path, start)
        return path

    def keyval(self, table: Path) -> None:
        assign = _BARE_ASSIGN.match(self.text, self.i)
        if assign is not None:  # a bare, undotted key
            path: Path = (*table, assign.group(1))
            self.mark(path, self.i)
            self.i = assign.end()
            self.value(path)
            return
        parts = self.read_key()
        path = table
        for key, offset in parts:
            path = (*path, key)
            self.mark(path, offset)
        self.skip_blank(newlines=False)
        if self.peek() == "=":
            self.i += 1
        self.skip_blank(newlines=False)
        self.value(path)

    def value(self, path: Path) -> None:
        ch = self.peek()
        if ch == '"':
            plain = _PLAIN_STRING.match(self.text, self.i)
            if plain is None:
                self.read_string()
            else:
                self.i = plain.end()
        elif ch == "'":
            self.read_string()
        elif ch == "[":
            self.i += 1
            index = 0
            while True:
                self.skip_blank(newlines=True)
                if self.i >= self.n:
                    return
                if self.peek() == "]":
                    self.i += 1
                    return
                if self.peek() == ",":
                    self.i += 1
                    continue
                element = (*path, index)
                start = self.i
                self.mark(element, start)
                self.value(element)
                if self.i <= start:  # not a value: step over it
                    self.i = start + 1
                index += 1
        elif ch == "{":
            self.i += 1
            while True:
                self.skip_blank(newlines=True)  # TOML 1.1: inline tables may span lines
                if self.i >= self.n:
                    return
                if self.peek() == "}":
                    self.i += 1
                    return
                if self.peek() == ",":
                    self.i += 1
                    continue
                start = self.i
                self.keyval(path)
                if self.i <= start:  # not a key: step over it
                    self.i = start + 1
        else:
            self.skip_scalar()
            # Offset date-times contain a space: `1979-05-27 07:32:00`.
            if self.peek() == " " and self.peek(1).isdigit() and self.peek(3) == ":":
                self.i += 1
                self.skip_scalar()

    def skip_scalar(self) -> None:
        match = _SCALAR.match(self.text, self.i)
        assert match is not None  # matches the empty string
        self.i = match.end()


def _escaped(text: str, j: int) -> bool:
    backslashes = 0
    while j > 0 and text[j - 1] == "\\":
        backslashes += 1
        j -= 1
    return backslashes % 2 == 1


def _unescape(raw: str) -> str:
    # Keys are rarely escaped; let the real parser decode them exactly.
    import tomllib

    try:
        return str(tomllib.loads(f'k = "{raw}"')["k"])
    except tomllib.TOMLDecodeError:
        return raw


def index_positions(text: str) -> PositionIndex:
    """Positions of every key, header and array element of a TOML document (of as much of
    any text as reads like one: the scan is total, and always ends)."""
    scanner = _Scanner(text)
    try:
        return scanner.scan()
    except RecursionError:  # arrays nested thousands deep: what was found so far
        return scanner.index


def has_comments(text: str) -> bool:
    """Whether a document has comments (a `#` outside strings).

    Leading `#:schema` style editor directives do not count: canonical writes keep them.
    """
    return first_comment(text) is not None


def first_comment(text: str) -> tuple[int, int] | None:
    """Line and column of the first comment (not counting leading editor directives)."""
    from coachplan.files.directives import leading_directives

    directives = leading_directives(text)
    rest = text[len(directives) :]
    if "#" not in rest:
        return None
    found = index_positions(rest).first_comment
    if found is None:
        return None
    return found[0] + directives.count("\n"), found[1]
