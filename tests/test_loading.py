"""Bad files end in one located line and exit 2 (unreadable) or 1 (invalid), never a trace."""

from __future__ import annotations

import json

import pytest

from coachplan.core.rulebook.examples import BASE
from tests.conftest import AS_OF, Workspace


def validate_json(ws: Workspace, *paths: str) -> tuple[int, list[dict[str, object]], str]:
    result = ws.run("validate", *paths, "--format", "json", "--as-of", AS_OF)
    return result.exit_code, json.loads(result.stdout)["findings"], result.stderr


@pytest.mark.parametrize(
    ("content", "message", "where"),
    [
        (b"\xef\xbb\xbf" + BASE.encode(), "byte-order mark", ":1:1"),
        (BASE.replace("\n", "\r\n").encode(), "CRLF", ":1:"),
        (BASE.encode().replace(b"Step up", b"Step \xff up"), "not valid UTF-8", ":2:15"),
        (BASE.encode().replace(b"Step up", b"Step\x00up"), "NUL byte", ":2:14"),
        (b"", "is empty", "plan.toml"),
        (b"  \n\n", "is empty", "plan.toml"),
        (
            BASE.replace('title = "Step up to team lead"', 'title = "Step up').encode(),
            "TOML syntax error",
            ":2:",
        ),
        (BASE.replace("kind = ", "title = ").encode(), "TOML syntax error", ":3:"),
    ],
    ids=["bom", "crlf", "bad-utf8", "nul", "empty", "blank", "unterminated", "duplicate-key"],
)
def test_unreadable_file_exits_2_with_one_line(
    ws: Workspace, content: bytes, message: str, where: str
) -> None:
    (ws.plans / "plan.toml").write_bytes(content)
    code, findings, stderr = validate_json(ws)
    assert code == 2
    assert message in stderr and where in stderr
    assert stderr.count("\n") == 1 and "Traceback" not in stderr
    assert findings[0]["code"] in ("F001", "F002")


def test_directory_given_as_plan(ws: Workspace) -> None:
    (ws.plans / "odd.toml").mkdir()
    result = ws.run("show", "plans/odd.toml")
    assert result.exit_code == 2
    assert "is a directory" in result.stderr


def test_missing_file(ws: Workspace) -> None:
    result = ws.run("validate", "plans/nope.toml")
    assert result.exit_code == 2
    assert "plans/nope.toml: no such file" in result.stderr


def test_every_problem_is_reported_with_its_line(ws: Workspace) -> None:
    text = (
        BASE.replace('kind = "leadership"', 'kind = "leader"')
        .replace("due = 2026-12-15", 'due = "2026-12-15"')
        .replace('statement = "Hand', 'statment = "Hand')
    )
    ws.write("plan", text)
    code, findings, _ = validate_json(ws)
    assert code == 1
    lines = text.splitlines()
    got = {(f["code"], f["line"]) for f in findings}
    assert ("F104", lines.index('kind = "leader"') + 1) in got
    assert ("F103", lines.index('due = "2026-12-15"') + 1) in got
    assert ("F101", next(i for i, ln in enumerate(lines) if ln.startswith("statment")) + 1) in got
    by_code = {f["code"]: f for f in findings}
    assert by_code["F101"]["hint"] == "did you mean `statement`?"
    assert by_code["F104"]["hint"] == 'did you mean "leadership"?'
    assert by_code["F103"]["hint"] == "write dates without quotes: due = 2026-12-15"


def test_unknown_key_in_inline_measurement_is_located(ws: Workspace) -> None:
    text = BASE.replace(
        "{ date = 2026-09-15, value = 25 }", "{ date = 2026-09-15, value = 25, vlaue = 3 }"
    )
    ws.write("plan", text)
    _, findings, _ = validate_json(ws)
    line = next(i for i, ln in enumerate(text.splitlines()) if "vlaue" in ln) + 1
    column = text.splitlines()[line - 1].index("vlaue") + 1
    assert [(f["code"], f["line"], f["column"]) for f in findings] == [("F101", line, column)]


@pytest.mark.parametrize(
    ("old", "new", "code", "words"),
    [
        ("start = 2026-09-01", "start = 2026-09-01T09:00:00", "F103", "found the date-time"),
        ("format = 1", "format = 2", "F105", "unsupported format version"),
        ("format = 1\n", "", "F102", "missing required key `format`"),
        ("rating = 4", "rating = 9", "F104", "between 1 and 5"),
        ('id = "delegate-roster"', 'id = "Delegate Roster"', "F104", "not a valid id"),
        ('checkin_every = "fortnightly"', 'checkin_every = "sometimes"', "F104", "cadence"),
        ("baseline = 20", 'baseline = "20"', "F103", "must be a number"),
        ("baseline = 20", "baseline = true", "F103", "must be a number"),
        ('title = "Step up to team lead"', 'title = """two\nlines"""', "F104", "single line"),
        ('coach = "Team lead T1"', "coach = 7", "F103", "must be a string"),
    ],
)
def test_schema_errors(ws: Workspace, old: str, new: str, code: str, words: str) -> None:
    assert old in BASE
    ws.write("plan", BASE.replace(old, new, 1))
    exit_code, findings, _ = validate_json(ws)
    assert exit_code == 1
    assert any(f["code"] == code and words in str(f["message"]) for f in findings), findings


def test_invalid_date_is_a_syntax_error(ws: Workspace) -> None:
    ws.write("plan", BASE.replace("start = 2026-09-01", "start = 2026-02-30"))
    exit_code, _findings, stderr = validate_json(ws)
    assert exit_code == 2
    assert "plans/plan.toml:8:9: TOML syntax error: invalid date" in stderr


def test_invalid_file_name(ws: Workspace) -> None:
    (ws.plans / "Agent 2291.toml").write_text(BASE)
    exit_code, findings, _ = validate_json(ws)
    assert exit_code == 1
    assert [f["code"] for f in findings] == ["F106"]


def test_one_bad_file_does_not_hide_the_others(ws: Workspace) -> None:
    ws.write("good", BASE)
    ws.write("broken", "title = ")
    ws.write("invalid", BASE.replace("format = 1", "format = 3"))
    exit_code, findings, stderr = validate_json(ws)
    assert exit_code == 2
    assert sorted({str(f["file"]) for f in findings}) == ["plans/broken.toml", "plans/invalid.toml"]
    assert stderr.startswith("coachplan: error: plans/broken.toml:1:")


def test_commands_that_need_a_plan_refuse_an_invalid_one(ws: Workspace) -> None:
    ws.write("plan", BASE.replace('kind = "leadership"', 'kind = "leader"'))
    result = ws.run("show", "plan")
    assert result.exit_code == 2
    assert result.stderr.startswith("coachplan: error: plans/plan.toml:3:1: `kind` must be")


def test_directory_named_like_a_plan_is_refused_everywhere(ws: Workspace) -> None:
    ws.write("good", BASE)
    (ws.plans / "odd.toml").mkdir()
    for args in (
        ("validate",),
        ("validate", "plans/odd.toml"),
        ("fmt", "plans/odd.toml"),
        ("fmt", "--check"),
    ):
        result = ws.run(*args)
        assert result.exit_code == 2, args
        assert "plans/odd.toml:1:1: is a directory, not a plan file" in result.stderr, args


def test_missing_plans_directory_fails(ws: Workspace) -> None:
    (ws.root / "coachplan.toml").write_text('plans_dir = "plan"\n')
    for args in (
        ("validate",),
        ("list",),
        ("report", "overdue", "--fail-on-overdue"),
        ("fmt", "--check"),
    ):
        result = ws.run(*args)
        assert result.exit_code == 2, args
        assert result.stderr == (
            "coachplan: error: no plans directory plan/ (run `coachplan "
            "init`, or set `plans_dir` in coachplan.toml)\n"
        ), args


@pytest.mark.parametrize("bad_id", ["abc\n", "x\n"])
def test_ids_with_a_trailing_newline_are_refused(ws: Workspace, bad_id: str) -> None:
    result = ws.run(
        "new", bad_id, "--coachee", "A", "--coach", "B", "--kind", "coaching", "--no-input"
    )
    assert result.exit_code == 2
    assert list(ws.plans.iterdir()) == []
    ws.write("plan", BASE.replace('id = "delegate-roster"', 'id = "delegate-roster\\n"'))
    _, findings, _ = validate_json(ws)
    assert any(f["code"] == "F104" and "not a valid id" in str(f["message"]) for f in findings)


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ('status = "active"', 'status = "finished"'),
        ('method = "shadowing"', 'method = "yoga"'),
        ("[[goals]]", "goals = 5\n[[goalz]]"),
        ("baseline = 20", 'baseline = "x"'),
        ("rating = 4", "rating = 2.5"),
        ("level = 2", 'level = "two"'),
        ('checkin_every = "fortnightly"', 'checkin_every = ["weekly"]'),
        ('coach = "Team lead T1"', 'coach = { name = "T1" }'),
    ],
)
def test_every_format_finding_has_a_hint(ws: Workspace, old: str, new: str) -> None:
    assert old in BASE
    ws.write("plan", BASE.replace(old, new, 1))
    _, findings, stderr = validate_json(ws)
    assert findings, stderr
    assert all(f["hint"] for f in findings), findings
