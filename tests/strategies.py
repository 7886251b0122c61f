"""Hypothesis strategies for plans: valid plan data, and the damage people and tools do.

`plan_data` draws the plain data of a valid plan (as `tomllib` returns it; every value a
type the format allows). `plan_text` is its canonical text. `damaged_plan` draws the text
of a plan, then damages it the ways files get damaged: cut short, a line lost or doubled,
a value of the wrong type, a key misspelt, bytes that are not UTF-8, a NUL, a date that
does not exist, nesting, an id with `..`. Used by tests/test_roundtrip.py,
tests/test_properties.py and the long-running fuzzer (tests/fuzz/fuzz_plans.py).
"""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from hypothesis import strategies as st

from coachplan.core.model import Plan
from coachplan.files.layout import dumps_plan

ids = st.from_regex(r"[a-z0-9][a-z0-9-]{0,20}", fullmatch=True)
days = st.dates(min_value=date(2000, 1, 1), max_value=date(2099, 12, 31))
text = st.text(max_size=40)
# One-line fields (titles, names, skills) hold no control characters (Cc: C0, DEL, C1).
one_line = st.text(
    st.characters(blacklist_categories=("Cs", "Cc")),
    min_size=1,
    max_size=30,
).filter(str.strip)
numbers = st.one_of(
    st.integers(-(10**9), 10**9),
    st.floats(allow_nan=False, allow_infinity=False, width=64),
)
rating = st.integers(1, 5)


def optional(strategy: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
    return st.one_of(st.none(), strategy)


def table(required: dict[str, Any], maybe: dict[str, Any]) -> st.SearchStrategy[dict[str, Any]]:
    """A dict with every required key and any subset of the optional ones."""
    return st.fixed_dictionaries(required, optional=maybe)


measurement = table({"date": days, "value": numbers}, {"note": text})
metric = table(
    {"id": ids, "description": one_line},
    {
        "kind": st.sampled_from(["quantitative", "qualitative"]),
        "unit": text,
        "source": text,
        "baseline": numbers,
        "target": numbers,
        "minimum": numbers,
        "measurements": st.lists(measurement, max_size=3),
    },
)
goal = table(
    {"id": ids},
    {"statement": text, "relevant_to": text, "due": days, "metrics": st.lists(metric, max_size=2)},
)
plan_data = table(
    {
        "format": st.just(1),
        "title": one_line,
        "kind": st.sampled_from(
            ["coaching", "mentoring", "leadership", "onboarding", "career", "pip"]
        ),
        "status": st.sampled_from(["draft", "active", "paused", "completed", "cancelled"]),
        "coachee": one_line,
        "coach": one_line,
        "start": days,
        "end": days,
    },
    {
        "sponsor": one_line,
        "checkin_every": st.sampled_from(["weekly", "fortnightly", "monthly", "10 days"]),
        "summary": st.text(max_size=200),
        "baseline": table(
            {"date": days, "method": text},
            {
                "strengths": st.lists(text, max_size=3),
                "skills": st.lists(
                    table(
                        {
                            "skill": one_line,
                            "level": st.integers(-5, 10),
                            "target": st.integers(-5, 10),
                        },
                        {"evidence": text},
                    ),
                    max_size=3,
                ),
            },
        ),
        "assessments": st.lists(
            table(
                {"date": days, "levels": st.dictionaries(one_line, st.integers(0, 9), max_size=3)},
                {"method": text},
            ),
            max_size=2,
        ),
        "goals": st.lists(goal, max_size=3),
        "actions": st.lists(
            table(
                {"id": ids, "description": one_line},
                {
                    "goal": ids,
                    "method": st.sampled_from(
                        [
                            "training",
                            "course",
                            "shadowing",
                            "mentoring",
                            "practice",
                            "reading",
                            "other",
                        ]
                    ),
                    "resource": text,
                    "due": days,
                    "status": st.sampled_from(["todo", "doing", "done", "dropped"]),
                    "done_on": days,
                },
            ),
            max_size=3,
        ),
        "milestones": st.lists(
            table(
                {"id": ids, "title": one_line},
                {"due": days, "goals": st.lists(ids, max_size=2), "done_on": days},
            ),
            max_size=2,
        ),
        "checkins": st.lists(
            table(
                {"date": days},
                {"notes": st.text(max_size=80), "rating": rating, "next_steps": text},
            ),
            max_size=3,
        ),
        "feedback": st.lists(
            table(
                {
                    "date": days,
                    "comment": text,
                    "source": st.sampled_from(
                        ["self", "peer", "manager", "direct-report", "stakeholder"]
                    ),
                },
                {"by": one_line, "rating": rating, "goal": ids},
            ),
            max_size=2,
        ),
        "signoffs": st.lists(
            table(
                {
                    "role": st.sampled_from(["coach", "coachee", "sponsor"]),
                    "name": one_line,
                    "date": days,
                },
                {},
            ),
            max_size=3,
        ),
        "revisions": st.lists(table({"date": days, "summary": text}, {}), max_size=2),
    },
)


@st.composite
def plan_text(draw: st.DrawFn) -> str:
    """The canonical text of a valid plan."""
    return dumps_plan(Plan.model_validate(draw(plan_data)))


# Values of every TOML type, to put where another type belongs.
any_value = st.sampled_from(
    [
        '"text"',
        "''",
        "7",
        "-0",
        "1e999",
        "nan",
        "true",
        "2026-02-30",
        "2026-09-01T09:00:00",
        "09:00:00",
        "[]",
        '[1, "a"]',
        "{}",
        "{ a = 1 }",
        '"""two\nlines"""',
        '"../../etc/passwd"',
        '"\\u0000"',
        "[" * 50 + "]" * 50,
    ]
)


def _lines(text: str) -> list[str]:
    return text.split("\n")


@st.composite
def damaged_plan(draw: st.DrawFn) -> bytes:
    """The text of a valid plan, damaged one to three times."""
    text = draw(plan_text())
    data = text.encode("utf-8")
    for _ in range(draw(st.integers(1, 3))):
        kind = draw(
            st.sampled_from(
                [
                    "truncate",
                    "drop-line",
                    "double-line",
                    "swap-lines",
                    "wrong-type",
                    "rename-key",
                    "insert-bytes",
                    "not-utf8",
                    "nul",
                    "bad-date",
                    "nest",
                    "dotdot-id",
                ]
            )
        )
        lines = data.split(b"\n")
        at = draw(st.integers(0, max(0, len(lines) - 1)))
        if kind == "truncate":
            data = data[: draw(st.integers(0, len(data)))]
        elif kind == "drop-line" and lines:
            del lines[at]
            data = b"\n".join(lines)
        elif kind == "double-line" and lines:
            lines.insert(at, lines[at])
            data = b"\n".join(lines)
        elif kind == "swap-lines" and len(lines) > 1:
            other = draw(st.integers(0, len(lines) - 1))
            lines[at], lines[other] = lines[other], lines[at]
            data = b"\n".join(lines)
        elif kind == "wrong-type" and b" = " in lines[at]:
            key = lines[at].split(b" = ", 1)[0]
            lines[at] = key + b" = " + draw(any_value).encode()
            data = b"\n".join(lines)
        elif kind == "rename-key" and b" = " in lines[at]:
            key, rest = lines[at].split(b" = ", 1)
            lines[at] = key[:-1] + b"x = " + rest if len(key) > 1 else b"x = " + rest
            data = b"\n".join(lines)
        elif kind == "insert-bytes":
            where = draw(st.integers(0, len(data)))
            data = data[:where] + draw(st.binary(min_size=1, max_size=8)) + data[where:]
        elif kind == "not-utf8":
            where = draw(st.integers(0, len(data)))
            data = data[:where] + b"\xff\xfe" + data[where:]
        elif kind == "nul":
            where = draw(st.integers(0, len(data)))
            data = data[:where] + b"\x00" + data[where:]
        elif kind == "bad-date":
            data = data.replace(b"-0", b"-3", 1).replace(b"-1", b"-9", 1)
        elif kind == "nest":
            depth = draw(st.integers(1, 600))
            data += b"\nx = " + b"[" * depth + b"]" * depth + b"\n"
        elif kind == "dotdot-id":
            data = data.replace(b'id = "', b'id = "../', 1)
    return data


# Hostile text: the classes of characters and shapes that must never reach a terminal or a
# CI log as control (tests/test_hostile_text.py). Each strategy draws many members of one
# class; `hostile_text` mixes them into ordinary text.

# C0 controls but tab and newline, DEL, and the C1 controls.
control_characters = st.one_of(
    st.characters(min_codepoint=0x00, max_codepoint=0x08),
    st.characters(min_codepoint=0x0B, max_codepoint=0x1F),
    st.characters(min_codepoint=0x7F, max_codepoint=0x9F),
)
# Bidi overrides and isolates, zero-width characters, the BOM, line/paragraph separators,
# and the rest of Unicode's format characters.
format_characters = st.one_of(
    st.sampled_from(
        "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
        "\u200b\u200c\u200d\u200e\u200f\u2060\ufeff\u2028\u2029\u00ad\u061c"
    ),
    st.characters(whitelist_categories=("Cf",)),
)
# Whitespace a CI runner strips before it looks for `::`.
_leading_space = st.text(st.sampled_from(" \t\u00a0\u2003\u3000"), max_size=3)
workflow_commands = st.one_of(
    st.builds(
        lambda space, name, rest: f"{space}::{name}{rest}",
        _leading_space,
        st.sampled_from(
            [
                "error",
                "warning",
                "notice",
                "debug",
                "add-mask",
                "set-output",
                "group",
                "endgroup",
                "stop-commands",
                "echo",
                "add-path",
            ]
        ),
        st.sampled_from([" file=a,line=1::INJECTED", "::secret", "::", " title=x::y"]),
    ),
    st.builds(
        lambda pre, post: f"{pre}##[{post}",
        st.text(max_size=3),
        st.sampled_from(["error]INJECTED", "group]x", "warning]", "set-env name=A]1"]),
    ),
)
# Characters XML 1.0 forbids that TOML strings can hold (as escapes).
xml_forbidden = st.one_of(
    st.characters(min_codepoint=0x00, max_codepoint=0x08),
    st.sampled_from("\x0b\x0c\x0e\x1f\ufffe\uffff"),
)
# Lines that start or break Markdown structure.
markdown_structure = st.sampled_from(
    [
        "~~~",
        "```",
        "``` python",
        "| a | b |",
        "|---|",
        "# heading",
        "## x",
        "<div>",
        "<!--",
        "> quote",
        "- item",
        "* item",
        "+ item",
        "1. item",
        "2) item",
        "***",
        "---",
        "===",
        "    indented",
        "[link](http://x)",
        "![img](x)",
        "&lt;",
        "_x_",
        "**b**",
        "~~s~~",
    ]
)
# Any text with the members of every class mixed in, line breaks included.
hostile_text = st.lists(
    st.one_of(
        st.text(max_size=6),
        control_characters,
        format_characters,
        workflow_commands,
        xml_forbidden,
        markdown_structure,
        st.just("\n"),
    ),
    min_size=1,
    max_size=8,
).map("".join)
# The same, for one-line fields: no control characters or line breaks (they are refused).
hostile_line = (
    st.lists(
        st.one_of(
            st.text(st.characters(blacklist_categories=("Cc", "Cs")), max_size=6),
            format_characters,
            workflow_commands,
            markdown_structure,
        ),
        min_size=1,
        max_size=6,
    )
    .map("".join)
    .map(lambda s: re.sub("[\x00-\x1f\x7f-\x9f]", "", s))
    .filter(str.strip)
)
# File names: workflow commands, newlines and bytes that are not UTF-8 (as Python decodes
# them: lone surrogates). Never `/` or NUL, which no file name holds.
hostile_file_names = st.one_of(
    workflow_commands.map(lambda s: s.replace("/", "_") + ".toml"),
    st.builds(
        lambda a, b: f"{a}\n{b}.toml",
        st.sampled_from(["x", "plan"]),
        workflow_commands.map(lambda s: s.replace("/", "_")),
    ),
    st.binary(min_size=1, max_size=6)
    .map(lambda b: b"bad" + b.replace(b"/", b"_").replace(b"\0", b"_") + b"\xff.toml")
    .map(lambda b: b.decode("utf-8", "surrogateescape")),
    st.lists(control_characters.filter(lambda c: c not in "\0/"), min_size=1, max_size=3).map(
        lambda cs: "p" + "".join(cs) + ".toml"
    ),
)
