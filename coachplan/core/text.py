"""Text from a plan, or a path, as people see it: data, never terminal or CI-log control.

Every human-readable output (terminal text, tables, documents, markdown, stderr messages,
and validate's CI formats) passes plan text and paths through `visible`, so that:

- control characters (C0 but tab and newline, DEL, C1) and Unicode format characters
  (bidi overrides and isolates, zero-width characters, the BOM, line and paragraph
  separators) are shown as backslash escapes (`\\x1b`, `\\u202e`) and cannot move the cursor,
  retitle a window, clear a screen or make one name look like another;
- a byte of a file name that is not UTF-8 (decoded by Python as a lone surrogate) is shown
  as the byte it was (`bad\\xff.toml`);
- nothing begins a line with `::`, even after whitespace, and nothing carries `##[`: the
  shapes of GitHub Actions' workflow commands, which a CI runner would otherwise execute
  from a log line (`::error file=...::`, `::add-mask::`, the legacy `##[`).

The escapes are printable ASCII, so applying `visible` twice gives what once did.
"""

from __future__ import annotations

import re

# Unicode format (Cf), line separator (Zl) and paragraph separator (Zp) characters, as of
# Unicode 15.1; tests/test_text.py checks this list against the running Python's tables.
_FORMAT = (
    "\u00ad\u0600-\u0605\u061c\u06dd\u070f\u0890\u0891\u08e2\u180e\u200b-\u200f"
    "\u2028-\u202e\u2060-\u2064\u2066-\u206f\ufeff\ufff9-\ufffb"
    "\U000110bd\U000110cd\U00013430-\U0001343f\U0001bca0-\U0001bca3"
    "\U0001d173-\U0001d17a\U000e0001\U000e0020-\U000e007f"
)
# Lone surrogates (never valid text; a non-UTF-8 byte of a file name is one) and the two
# noncharacters XML 1.0 forbids.
_NOT_TEXT = "\ud800-\udfff\ufffe\uffff"
# C0 controls but tab and newline, DEL and the C1 controls.
_CONTROLS_BUT_NEWLINE = "\x00-\x08\x0b-\x1f\x7f-\x9f"

_HIDDEN_IN_LINES = re.compile(f"[{_CONTROLS_BUT_NEWLINE}{_FORMAT}{_NOT_TEXT}]")
_HIDDEN_IN_LINE = re.compile(f"[\n{_CONTROLS_BUT_NEWLINE}{_FORMAT}{_NOT_TEXT}]")

# `::` at the start of the text or after whitespace (the runner strips leading whitespace
# before it looks for a command), and the legacy `##[` anywhere.
_WORKFLOW_COMMAND = re.compile(r"(?<!\S)::|##\[")

_NAMED = {"\n": "\\n", "\r": "\\r"}


def escape_character(char: str) -> str:
    """One character as a backslash escape: `\\x1b`, `\\u202e`, `\\U000e0041`, `\\n`."""
    if char in _NAMED:
        return _NAMED[char]
    code = ord(char)
    if 0xDC80 <= code <= 0xDCFF:  # a byte that was not UTF-8 (Python's surrogateescape)
        return f"\\x{code - 0xDC00:02x}"
    if code < 0x100:
        return f"\\x{code:02x}"
    if code < 0x10000:
        return f"\\u{code:04x}"
    return f"\\U{code:08x}"


def _neutralise_command(match: re.Match[str]) -> str:
    return "\\x3a:" if match[0] == "::" else "#\\x23["


def visible(text: str, *, multiline: bool = False) -> str:
    """`text` safe to show a person or print to a CI log; see the module's docstring.

    `multiline`: newlines stay line breaks (a paragraph a person wrote); otherwise they are
    shown as `\\n`, so that one value stays on one line.
    """
    hidden = _HIDDEN_IN_LINES if multiline else _HIDDEN_IN_LINE
    # Printable ASCII holds nothing to hide (most cells: ids, dates, numbers, words).
    if not (text.isascii() and text.isprintable()) and hidden.search(text):
        text = hidden.sub(lambda m: escape_character(m[0]), text)
    return without_workflow_commands(text)


def without_workflow_commands(text: str) -> str:
    """Only the workflow-command shapes of `visible` neutralised: for data formats (CSV)
    whose text must otherwise stay as written."""
    if ":" in text or "##[" in text:
        return _WORKFLOW_COMMAND.sub(_neutralise_command, text)
    return text


def log_safe_json(document: str) -> str:
    """A JSON document that a CI log cannot read a legacy `##[` command from; the same data
    (`#` written as the JSON escape `\u0023`). JSON strings never begin a line and keep
    newlines and control characters escaped, so nothing else is needed."""
    return document.replace("##[", "#\\u0023[")


# Every control character, tab and newline included: what a one-line field refuses.
CONTROL_CHARACTERS = "\x00-\x1f\x7f-\x9f"
_CONTROL = re.compile(f"[{CONTROL_CHARACTERS}]")


def first_control_character(text: str) -> str | None:
    """The first control character (C0, DEL or C1) in `text`, if it holds one."""
    match = _CONTROL.search(text)
    return match[0] if match else None
