"""Text from a plan is data, never terminal or CI-log control (issue: hostile text).

Every class of hostile text (tests/strategies.py: control characters, Unicode format
characters, GitHub workflow-command shapes after any whitespace, XML-forbidden characters,
Markdown structure, file names that hold newlines or bytes that are not UTF-8) is drawn
many ways and put in every text field of a plan, in keys and in file names, then run
through every command and format that shows plan text. The outputs for people must show it
escaped (`coachplan.core.text.visible`); no output may start a line with `::` (even after
whitespace) or carry `##[`; XML must parse; Markdown must keep its sections.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import tempfile
import tomllib
import unicodedata
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from coachplan.core.findings import Finding, Severity
from coachplan.core.model import Plan
from coachplan.core.rulebook.examples import BASE
from coachplan.core.text import escape_character, visible
from coachplan.files.layout import dumps_plan
from coachplan.render.findings import Report, render_text
from tests.conftest import AS_OF, Workspace
from tests.strategies import (
    control_characters,
    format_characters,
    hostile_file_names,
    hostile_line,
    hostile_text,
    markdown_structure,
    workflow_commands,
    xml_forbidden,
)

EXAMPLES = int(os.environ.get("HOSTILE_EXAMPLES", "12"))
CLI = settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
UNIT = settings(max_examples=EXAMPLES * 20, deadline=None)

# What must never reach a terminal raw: the characters `visible` escapes.
HIDDEN = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\u00ad\u0600-\u0605\u061c\u06dd\u070f\u0890\u0891\u08e2"
    "\u180e\u200b-\u200f\u2028-\u202e\u2060-\u2064\u2066-\u206f\ufeff\ufff9-\ufffb"
    "\ud800-\udfff\ufffe\uffff\U000110bd\U000110cd\U00013430-\U0001343f"
    "\U0001bca0-\U0001bca3\U0001d173-\U0001d17a\U000e0001\U000e0020-\U000e007f]"
)
# The lines --format github writes itself: its annotations.
ANNOTATION = re.compile(r"::(error|warning) file=[^:]*,line=\d+,col=\d+,title=[^:]*::")


def assert_no_workflow_command(text: str, *, github: bool = False) -> None:
    """No line starts with `::` after whitespace (but github's own annotations); no `##[`."""
    assert "##[" not in text, text
    for line in text.split("\n"):
        if github and ANNOTATION.match(line):
            # The message of an annotation is data: it cannot start another command.
            continue
        assert not line.lstrip().startswith("::"), line


def assert_for_people(text: str) -> None:
    """Output for people: no control or format character raw, no workflow command."""
    found = HIDDEN.search(text)
    assert found is None, (escape_character(found[0]), text[max(0, found.start() - 60) :][:200])
    assert_no_workflow_command(text)


# -- the function itself ------------------------------------------------------------------


def test_the_escaped_characters_are_unicodes_format_and_control_characters() -> None:
    """The hard-coded table in core/text.py against this Python's Unicode database."""
    for code in range(0x110000):
        char = chr(code)
        category = unicodedata.category(char)
        expected = category in ("Cc", "Cf", "Cs", "Zl", "Zp") and char not in "\t\n"
        expected = expected or char in "\ufffe\uffff"
        escaped = visible(char) != char if char != "\n" else True
        if expected:
            assert escaped, (hex(code), category)
        elif category not in ("Cn",):  # unassigned here may be assigned in a later Unicode
            assert visible(char, multiline=True) == char, (hex(code), category)


@UNIT
@given(hostile_text)
def test_visible_text_is_inert_and_escaping_twice_changes_nothing(text: str) -> None:
    for multiline in (False, True):
        shown = visible(text, multiline=multiline)
        assert_for_people(shown)
        assert visible(shown, multiline=multiline) == shown
        if not multiline:
            assert "\n" not in shown


@UNIT
@given(st.text(st.characters(blacklist_categories=("Cc", "Cf", "Cs", "Zl", "Zp"))))
def test_ordinary_text_is_shown_as_written(text: str) -> None:
    if "::" in text or "##[" in text:
        return
    assert visible(text) == text


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        ("A \x1b]0;pwned\x07\x1b[2J", "A \\x1b]0;pwned\\x07\\x1b[2J"),
        ("x\n::error file=a,line=1::INJECTED", "x\\n::error file=a,line=1::INJECTED"),
        ("  ::add-mask::secret", "  \\x3a:add-mask::secret"),
        ("ok ##[error]x", "ok #\\x23[error]x"),
        ("bad\udcff.toml", "bad\\xff.toml"),
        ("Agent \u202e1922", "Agent \\u202e1922"),
        ("a\u200bb", "a\\u200bb"),
        ("10:30 and a::b", "10:30 and a::b"),
    ],
)
def test_examples_of_each_class(text: str, shown: str) -> None:
    assert visible(text) == shown


# -- through the commands -----------------------------------------------------------------

TEXT_FIELDS = [
    ("summary",),
    ("baseline", "method"),
    ("baseline", "strengths", 0),
    ("baseline", "skills", 0, "evidence"),
    ("goals", 0, "statement"),
    ("goals", 0, "relevant_to"),
    ("goals", 0, "metrics", 0, "unit"),
    ("goals", 0, "metrics", 0, "measurements", 0, "note"),
    ("actions", 0, "resource"),
    ("checkins", 0, "notes"),
    ("checkins", 0, "next_steps"),
    ("feedback", 0, "comment"),
    ("revisions", 0, "summary"),
]
LINE_FIELDS = [
    ("title",),
    ("coachee",),
    ("coach",),
    ("sponsor",),
    ("baseline", "skills", 0, "skill"),
    ("goals", 0, "metrics", 0, "description"),
    ("actions", 0, "description"),
    ("milestones", 0, "title"),
    ("feedback", 0, "by"),
    ("signoffs", 0, "name"),
]


def base_data() -> dict[str, Any]:
    data = tomllib.loads(BASE)
    data["summary"] = "Context"
    data["baseline"]["strengths"] = ["Calm"]
    data["goals"][0]["metrics"][0]["measurements"][0]["note"] = "first"
    data["checkins"][0]["next_steps"] = "Next"
    data["milestones"] = [{"id": "m1", "title": "Half way", "due": AS_OF, "goals": []}]
    data["feedback"] = [
        {"date": AS_OF, "source": "peer", "by": "Agent 4012", "comment": "Good", "rating": 4}
    ]
    data["revisions"] = [{"date": "2026-10-01", "summary": "Changed"}]
    data["milestones"][0]["due"] = tomllib.loads("d = 2026-12-01")["d"]
    data["feedback"][0]["date"] = tomllib.loads("d = 2026-11-01")["d"]
    data["revisions"][0]["date"] = tomllib.loads("d = 2026-10-01")["d"]
    return data


def put(data: dict[str, Any], path: tuple[str | int, ...], value: str) -> None:
    node: Any = data
    for part in path[:-1]:
        node = node[part]
    node[path[-1]] = value


def hostile_plan(texts: list[str], lines: list[str]) -> str:
    data = base_data()
    for path, text in zip(TEXT_FIELDS, texts, strict=False):
        put(data, path, text)
    for path, line in zip(LINE_FIELDS, lines, strict=False):
        put(data, path, line)
    return dumps_plan(Plan.model_validate(data))


@contextlib.contextmanager
def workspace() -> Iterator[Workspace]:
    with tempfile.TemporaryDirectory(prefix="coachplan-hostile-") as name:
        root = Path(name)
        (root / "plans").mkdir()
        (root / "coachplan.toml").write_text('plans_dir = "plans"\n', encoding="utf-8")
        yield Workspace(root)


# Commands whose output is for people, and the machine formats of the same commands.
WHEN = ["--as-of", AS_OF]
FOR_PEOPLE = [
    ["show", "p", *WHEN],
    ["show", "p", "--format", "markdown", *WHEN],
    ["show", "p", "--format", "html", *WHEN],
    ["list"],
    ["list", "--format", "markdown"],
    ["list", "--format", "html"],
    ["report", "progress", *WHEN],
    ["report", "progress", "--format", "markdown", *WHEN],
    ["report", "overdue", *WHEN],
    ["report", "coaches", *WHEN],
    ["report", "gaps", "--by", "skill", *WHEN],
    ["export", "p", "--format", "markdown", *WHEN],
    ["export", "p", "--format", "html", *WHEN],
    ["validate", "--strict", *WHEN],
    ["validate", "--strict", "--format", "concise", *WHEN],
    ["diff", "--textconv", "plans/p.toml"],
]
FOR_MACHINES = [
    ["show", "p", "--format", "json", *WHEN],
    ["list", "--format", "csv"],
    ["list", "--format", "json"],
    ["report", "progress", "--format", "json", *WHEN],
    ["validate", "--strict", "--format", "json", *WHEN],
    ["validate", "--strict", "--format", "sarif", *WHEN],
    ["validate", "--strict", "--format", "gitlab", *WHEN],
]


@CLI
@given(
    st.lists(hostile_text, min_size=len(TEXT_FIELDS), max_size=len(TEXT_FIELDS)),
    st.lists(hostile_line, min_size=len(LINE_FIELDS), max_size=len(LINE_FIELDS)),
)
def test_plan_text_is_shown_inert_by_every_command(texts: list[str], lines: list[str]) -> None:
    with workspace() as ws:
        ws.write("p", hostile_plan(texts, lines))
        for argv in FOR_PEOPLE:
            result = ws.run(*argv)
            assert result.exit_code in (0, 1), (argv, result.stderr)
            assert_for_people(result.stdout)
            assert_for_people(result.stderr)
        for argv in FOR_MACHINES:
            result = ws.run(*argv)
            assert result.exit_code in (0, 1), (argv, result.stderr)
            assert_no_workflow_command(result.stdout)
            assert_for_people(result.stderr)
            if "json" in argv or "sarif" in argv or "gitlab" in argv:
                json.loads(result.stdout)
        github = ws.run("validate", "--strict", "--format", "github", "--as-of", AS_OF)
        assert_no_workflow_command(github.stdout, github=True)
        assert "\x1b" not in github.stdout
        junit = ws.run("validate", "--strict", "--format", "junit", "--as-of", AS_OF)
        ET.fromstring(junit.stdout.encode())
        assert_no_workflow_command(junit.stdout)


def _headings(markdown: str) -> list[str]:
    from markdown_it import MarkdownIt

    tokens = MarkdownIt("commonmark").enable("table").parse(markdown)
    # Every block of the document: its headings in order, and how many tables and lists.
    return [t.tag for t in tokens if t.type in ("heading_open", "table_open", "bullet_list_open")]


@CLI
@given(
    st.lists(
        st.lists(markdown_structure, min_size=1, max_size=4).map("\n".join),
        min_size=len(TEXT_FIELDS),
        max_size=len(TEXT_FIELDS),
    )
)
def test_markdown_keeps_its_sections_whatever_the_plan_says(texts: list[str]) -> None:
    with workspace() as ws:
        ws.write("clean", hostile_plan(["plain"] * len(TEXT_FIELDS), []))
        ws.write("p", hostile_plan(texts, [t.replace("\n", " ") for t in texts]))
        for argv in (
            ["show", "{}", "--format", "markdown"],
            ["report", "progress", "-f", "markdown"],
        ):
            clean = ws.run(*[a.format("clean") for a in argv], "--as-of", AS_OF).stdout
            hostile = ws.run(*[a.format("p") for a in argv], "--as-of", AS_OF).stdout
            if argv[0] == "show":
                assert _headings(hostile) == _headings(clean)
            else:  # one table of both plans: still one table
                assert _headings(hostile).count("table") == _headings(clean).count("table")


def test_a_statement_holding_a_fence_does_not_swallow_the_sections_after_it(ws: Workspace) -> None:
    ws.write("p", hostile_plan(["~~~\n# Not a heading\n```", "| a | b |\n<b>x</b>"], []))
    ws.write("clean", hostile_plan(["x", "y"], []))
    shown = ws.run("show", "p", "--format", "markdown", "--as-of", AS_OF).stdout
    clean = ws.run("show", "clean", "--format", "markdown", "--as-of", AS_OF).stdout
    assert _headings(shown) == _headings(clean)


# -- validate: keys, source lines and file names ------------------------------------------

VALIDATE_FORMATS = ["text", "concise", "github", "junit", "json", "sarif", "gitlab"]


def check_validate_output(fmt: str, stdout: str) -> None:
    if fmt in ("text", "concise"):
        assert_for_people(stdout)
    elif fmt == "github":
        assert_no_workflow_command(stdout, github=True)
        assert not HIDDEN.search(stdout)
    elif fmt == "junit":
        ET.fromstring(stdout.encode())
        assert_no_workflow_command(stdout)
        assert not HIDDEN.search(stdout)
    else:
        json.loads(stdout)
        assert_no_workflow_command(stdout)


def toml_string(text: str) -> str:
    return json.dumps(text)  # a JSON string is a TOML basic string (\uXXXX escapes)


@CLI
@given(hostile_text, hostile_text)
def test_validate_shows_hostile_keys_and_source_lines_inert(key: str, raw: str) -> None:
    """A key holding anything (F101 names it, F104 for a skill), and a raw line of
    anything (F001 echoes the line) in every format."""
    with workspace() as ws:
        ws.write(
            "keys",
            BASE
            + f"\n[[assessments]]\ndate = 2026-10-01\nlevels = {{ {toml_string(key)} = 3 }}\n"
            + f"\n[extra]\n{toml_string(key)} = 1\n",
        )
        (ws.plans / "raw.toml").write_bytes(
            b'format = 1\ntitle = "' + raw.encode("utf-8", "surrogatepass") + b'"\n'
        )
        for fmt in VALIDATE_FORMATS:
            result = ws.run("validate", "--format", fmt, "--as-of", AS_OF)
            assert result.exit_code in (1, 2), (fmt, result.stderr)
            check_validate_output(fmt, result.stdout)
            assert_for_people(result.stderr)


@CLI
@given(hostile_file_names)
def test_validate_shows_hostile_file_names_inert_in_every_format(name: str) -> None:
    with workspace() as ws:
        try:
            (ws.plans / name).write_text(BASE.replace("format = 1", "format = 1\nx = 1"))
        except OSError:  # a name this file system refuses
            return
        for fmt in VALIDATE_FORMATS:
            result = ws.run("validate", "--format", fmt, "--as-of", AS_OF)
            assert result.exit_code == 1, (fmt, result.stderr)
            assert "internal error" not in result.stderr
            check_validate_output(fmt, result.stdout)
            assert_for_people(result.stderr)


def test_a_file_name_that_is_not_utf8_is_escaped_for_people_and_percent_encoded_in_sarif(
    ws: Workspace,
) -> None:
    name = os.fsdecode(b"bad\xff.toml")
    (ws.plans / name).write_text(BASE)
    text = ws.run("validate", "--as-of", AS_OF)
    assert "plans/bad\\xff.toml:1:1" in text.stdout
    sarif = json.loads(ws.run("validate", "--format", "sarif", "--as-of", AS_OF).stdout)
    uri = sarif["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]
    assert uri["uri"] == "plans/bad%FF.toml"
    gitlab = json.loads(ws.run("validate", "--format", "gitlab", "--as-of", AS_OF).stdout)
    assert gitlab[0]["location"]["path"] == "plans/bad\\xff.toml"


def test_validate_echoes_a_source_line_with_its_escape_sequence_escaped(ws: Workspace) -> None:
    (ws.plans / "p.toml").write_bytes(b'format = 1\ntitle = "A \x1b]0;pwned\x07\x1b[2J"\n')
    result = ws.run("validate", "plans/p.toml")
    assert "\x1b" not in result.stdout
    assert 'title = "A \\x1b]0;pwned\\x07\\x1b[2J"' in result.stdout
    # The caret stays under the column the finding names, escapes and all.
    lines = result.stdout.splitlines()
    source = next(i for i, line in enumerate(lines) if "title =" in line)
    assert lines[source + 1].index("^") == lines[source].index("\\x1b")


def test_text_output_splits_each_file_once_however_many_findings() -> None:
    """Linear in findings x file size: the source of a file is split into lines once."""
    calls = []

    class Source(str):
        def splitlines(self, keepends: bool = False) -> list[str]:  # type: ignore[override]
            calls.append(1)
            return super().splitlines(keepends)

    findings = [
        Finding("F101", "unknown-key", Severity.ERROR, "plans/p.toml", i + 1, 1, "m")
        for i in range(200)
    ]
    text = Source("x = 1\n" * 200)
    render_text(Report(findings, ["plans/p.toml"], {"plans/p.toml": text}))
    assert len(calls) == 1


# -- one-line fields refuse control characters --------------------------------------------

ONE_LINE_OPTIONS = ["--coachee", "--coach", "--sponsor", "--title"]


@CLI
@given(control_characters, st.sampled_from(ONE_LINE_OPTIONS))
def test_new_refuses_a_control_character_in_a_name_or_title(char: str, option: str) -> None:
    with workspace() as ws:
        args = {"--coachee": "Agent 1", "--coach": "Team lead T1"}
        args[option] = f"A{char}B"
        argv = [a for kv in args.items() for a in kv]
        result = ws.run("new", "x", *argv, "--kind", "coaching", "--no-input")
        assert result.exit_code == 2
        assert "control character" in result.stderr or "one line" in result.stderr
        assert f"coachplan: error: {option}" in result.stderr
        assert not (ws.plans / "x.toml").exists()
        assert_for_people(result.stderr)


@CLI
@given(control_characters)
def test_signoff_and_feedback_refuse_a_control_character_in_a_name(char: str) -> None:
    with workspace() as ws:
        ws.write("p", BASE)
        for argv in (
            [
                "signoff",
                "p",
                "--role",
                "coach",
                "--name",
                f"Team{char}lead",
                "--date",
                "2026-11-01",
            ],
            [
                "feedback",
                "p",
                "--source",
                "peer",
                "--by",
                f"A{char}b",  # inside: a line break a shell adds at the end is forgiven
                "--comment",
                "c",
                "--date",
                "2026-11-01",
            ],
            # Inside too: a trailing line break is forgiven here as in names.
            ["action", "add", "p", "a2", "--description", f"d{char}d", "--goal", "delegate-roster"],
            ["milestone", "add", "p", "m2", "--title", f"t{char}t", "--due", "2026-12-01"],
        ):
            result = ws.run(*argv, "--no-input")
            assert result.exit_code == 2, (argv, result.stderr)
            assert "control character" in result.stderr or "one line" in result.stderr
            assert_for_people(result.stderr)
        assert ws.read("p") == BASE


@CLI
@given(control_characters, st.sampled_from(LINE_FIELDS))
def test_validate_reports_a_control_character_in_a_one_line_field(
    char: str, path: tuple[str | int, ...]
) -> None:
    data = base_data()
    with workspace() as ws:
        put(data, path, "MARKER")
        plan = dumps_plan(Plan.model_validate(data))
        # Put the character in as a TOML escape (raw, it would be a syntax error).
        plan = plan.replace('"MARKER"', json.dumps(f"A{char}B"))
        ws.write("p", plan)
        result = ws.run("validate", "plans/p.toml", "--select", "F", "--format", "concise")
        assert result.exit_code == 1
        if char == "\r":  # a line break: the one-line rule says so first
            assert f"F104 [error] `{_key(path)}` must be a single line" in result.stdout
        else:
            assert f"F104 [error] `{_key(path)}` holds the control character" in result.stdout
            assert escape_character(char) in result.stdout


def _key(path: tuple[str | int, ...]) -> str:
    from coachplan.core.validation import key_path

    return key_path(path)


@given(st.one_of(format_characters, workflow_commands, xml_forbidden))
@UNIT
def test_format_characters_and_command_shapes_in_names_are_allowed_and_shown_escaped(
    text: str,
) -> None:
    if any(unicodedata.category(c) == "Cc" for c in text) or not text.strip():
        return
    data = base_data()
    data["coachee"] = f"Agent {text}"
    plan = Plan.model_validate(data)
    assert plan.coachee == f"Agent {text}"
