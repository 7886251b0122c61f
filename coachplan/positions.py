"""Where each key of a TOML document stands: key path -> (line, column).

tomllib returns values without positions, so findings would have no line to point at.
This scanner walks the text of a document that already parsed, following only its
structure (headers, keys, arrays, inline tables, strings and comments), and records the
1-based line and column of every key, table header and array element. It runs only for
files that have something to report, so the common, clean case never pays for it.
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass, field

Path = tuple[str | int, ...]

_BARE = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_")
_VALUE_END = frozenset(",]}#\n \t\r")


@dataclass
class PositionIndex:
    """Positions of the keys of one document, and whether it has comments."""

    positions: dict[Path, tuple[int, int]] = field(default_factory=dict)
    has_comments: bool = False
    first_comment: tuple[int, int] | None = None  # line and column of the first `#`

    def locate(self, path: Path) -> tuple[int, int]:
        """The position of `path`, or of its nearest ancestor that is written down."""
        path = tuple(path)
        while path:
            if path in self.positions:
                return self.positions[path]
            path = path[:-1]
        return (1, 1)


class _Scanner:
    def __init__(self, text: str) -> None:
        self.text = text
        self.n = len(text)
        self.i = 0
        self.line_starts = [0]
        for k, ch in enumerate(text):
            if ch == "\n":
                self.line_starts.append(k + 1)
        self.index = PositionIndex()
        self.aot_counts: dict[Path, int] = {}

    def where(self, offset: int) -> tuple[int, int]:
        line = bisect_right(self.line_starts, offset)
        return line, offset - self.line_starts[line - 1] + 1

    def mark(self, path: Path, offset: int) -> None:
        self.index.positions.setdefault(path, self.where(offset))

    # -- low level -----------------------------------------------------------------------

    def peek(self, k: int = 0) -> str:
        j = self.i + k
        return self.text[j] if j < self.n else ""

    def skip_blank(self, newlines: bool) -> None:
        """Skip spaces, tabs, comments and (if asked) newlines."""
        text, n = self.text, self.n
        while self.i < n:
            ch = text[self.i]
            if ch in " \t\r" or (newlines and ch == "\n"):
                self.i += 1
            elif ch == "#":
                if not self.index.has_comments:
                    self.index.has_comments = True
                    self.index.first_comment = self.where(self.i)
                end = text.find("\n", self.i)
                self.i = n if end < 0 else end
            else:
                return

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
        j = self.i + 1
        while j < self.n:
            ch = text[j]
            if ch == quote and not (quote == '"' and _escaped(text, j)):
                break
            j += 1
        raw = text[self.i + 1 : j]
        self.i = j + 1
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
                j = self.i
                while j < self.n and self.text[j] in _BARE:
                    j += 1
                parts.append((self.text[self.i : j], start))
                self.i = j
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
        table: Path = ()
        while True:
            self.skip_blank(newlines=True)
            if self.i >= self.n:
                return self.index
            if self.peek() == "[":
                table = self.header()
            else:
                self.keyval(table)

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
        if ch in ('"', "'"):
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
                self.mark(element, self.i)
                self.value(element)
                index += 1
        elif ch == "{":
            self.i += 1
            while True:
                self.skip_blank(newlines=False)
                if self.i >= self.n:
                    return
                if self.peek() == "}":
                    self.i += 1
                    return
                if self.peek() == ",":
                    self.i += 1
                    continue
                self.keyval(path)
        else:
            while self.i < self.n and self.text[self.i] not in _VALUE_END:
                self.i += 1
            # Offset date-times contain a space: `1979-05-27 07:32:00`.
            if self.peek() == " " and self.peek(1).isdigit() and self.peek(3) == ":":
                self.i += 1
                while self.i < self.n and self.text[self.i] not in _VALUE_END:
                    self.i += 1


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
    """Positions of every key, header and array element of a TOML document."""
    return _Scanner(text).scan()


def has_comments(text: str) -> bool:
    """Whether a document has comments (a `#` outside strings).

    Leading `#:schema` style editor directives do not count: canonical writes keep them.
    """
    return first_comment(text) is not None


def first_comment(text: str) -> tuple[int, int] | None:
    """Line and column of the first comment (not counting leading editor directives)."""
    from coachplan.directives import leading_directives

    directives = leading_directives(text)
    rest = text[len(directives) :]
    if "#" not in rest:
        return None
    found = index_positions(rest).first_comment
    if found is None:
        return None
    return found[0] + directives.count("\n"), found[1]
