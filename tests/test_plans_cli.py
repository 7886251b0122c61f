"""init, new, list, show and schema, through the CLI."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from coachplan.core.rulebook.examples import BASE
from coachplan.core.templates import TEMPLATES
from tests.conftest import AS_OF, Workspace, assert_golden

NEW = (
    "new",
    "agent-2291",
    "--coachee",
    "Agent 2291",
    "--coach",
    "Team lead T1",
    "--kind",
    "coaching",
    "--start",
    "2026-09-01",
    "--no-input",
)


def test_init_creates_workspace(tmp_path: Path) -> None:
    ws = Workspace(tmp_path)
    result = ws.run("init", "team")
    assert result.exit_code == 0
    assert (tmp_path / "team" / "coachplan.toml").is_file()
    assert (tmp_path / "team" / "plans").is_dir()
    settings = (tmp_path / "team" / "coachplan.toml").read_text()
    again = ws.run("init", "team")
    assert again.exit_code == 0 and "left unchanged" in again.stderr
    assert (tmp_path / "team" / "coachplan.toml").read_text() == settings


def test_init_refuses_plans_dir_outside(tmp_path: Path) -> None:
    assert Workspace(tmp_path).run("init", "--plans-dir", "../x").exit_code == 2


def test_commands_find_the_workspace_from_a_subdirectory(ws: Workspace) -> None:
    ws.write("plan", BASE)
    sub = Workspace(ws.root / "plans")
    result = sub.run("list", "--format", "json")
    assert [p["id"] for p in json.loads(result.stdout)] == ["plan"]


@pytest.mark.parametrize(
    "kind", ["coaching", "leadership", "onboarding", "career", "mentoring", "pip"]
)
def test_new_from_each_template_is_a_loadable_draft(ws: Workspace, kind: str) -> None:
    result = ws.run(*NEW, "--kind", kind, "--sponsor", "Floor manager F1")
    assert result.exit_code == 0, result.stderr
    assert "created plans/agent-2291.toml" in result.stderr
    text = ws.read("agent-2291")
    assert_golden(f"new-{kind}.toml", text)
    check = ws.run("validate", "--as-of", AS_OF, "--format", "json")
    findings = json.loads(check.stdout)["findings"]
    assert check.exit_code == 0
    assert findings and all(f["severity"] == "warning" for f in findings)
    assert ws.run("fmt", "--check").exit_code == 0


def test_new_blank_template_and_window(ws: Workspace) -> None:
    result = ws.run(*NEW, "--template", "blank", "--weeks", "4", "--cadence", "weekly")
    assert result.exit_code == 0
    text = ws.read("agent-2291")
    assert "[[goals]]" not in text
    assert "end = 2026-09-28" in text and 'checkin_every = "weekly"' in text


def test_new_prompts_for_what_is_missing(ws: Workspace, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("coachplan.cli.options.stdin_is_terminal", lambda: True)
    result = ws.run(
        "new", "agent-3107", "--start", "2026-09-01", input="Agent 3107\nTeam lead T2\nmentoring\n"
    )
    assert result.exit_code == 0, result.stderr
    text = ws.read("agent-3107")
    assert 'coachee = "Agent 3107"' in text and 'kind = "mentoring"' in text


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("new", "x1", "--coach", "T1", "--no-input"), "missing --coachee"),
        (("new", "../evil", "--coachee", "A", "--coach", "B"), "not a valid plan id"),
        (("new", "Agent 1", "--coachee", "A", "--coach", "B"), "not a valid plan id"),
        ((*NEW, "--kind", "therapy"), "--kind: 'therapy' is not a kind of plan (choose coaching"),
        ((*NEW, "--cadence", "hourly"), "not a cadence"),
        ((*NEW, "--end", "2026-08-01"), "is not after --start"),
        ((*NEW, "--end", "2026-12-01", "--weeks", "3"), "not both"),
        ((*NEW, "--start", "01/09/2026"), "is not a date"),
        (
            ("new", "x1", "--coachee", "A\nB", "--coach", "T1", "--kind", "pip", "--no-input"),
            "--coachee: must be one line",
        ),
        ((*NEW, "--template", "therapy"), "--template: 'therapy' is not one of"),
    ],
)
def test_new_refuses_bad_input(ws: Workspace, args: tuple[str, ...], message: str) -> None:
    result = ws.run(*args)
    assert result.exit_code == 2
    assert message in result.stderr
    assert result.stderr.count("\n") == 1
    assert list(ws.plans.iterdir()) == []
    assert not (ws.root.parent / "evil.toml").exists()


def test_new_never_overwrites(ws: Workspace) -> None:
    ws.write("agent-2291", BASE)
    result = ws.run(*NEW)
    assert result.exit_code == 2 and "already exists" in result.stderr
    assert ws.read("agent-2291") == BASE


def test_templates_cover_every_kind() -> None:
    assert set(TEMPLATES) >= {"leadership", "onboarding", "career", "mentoring", "pip"}


def test_list_formats_and_filters(ws: Workspace) -> None:
    ws.write("a", BASE)
    ws.write(
        "b",
        BASE.replace('coach = "Team lead T1"', 'coach = "Team lead T2"').replace(
            'status = "active"', 'status = "paused"'
        ),
    )
    table = ws.run("list", "--as-of", AS_OF)
    assert table.exit_code == 0
    assert_golden("list.txt", table.stdout)
    rows = json.loads(ws.run("list", "--format", "json", "--as-of", AS_OF).stdout)
    assert [r["id"] for r in rows] == ["a", "b"]
    # The last check-in held by the day; the next one due only where reminders go (active).
    assert [(r["last_checkin"], r["next_checkin"]) for r in rows] == [
        ("2026-11-20", "2026-12-04"),
        ("2026-11-20", None),
    ]
    only = json.loads(ws.run("list", "--coach", "team lead t2", "--format", "json").stdout)
    assert [r["id"] for r in only] == ["b"]
    assert (
        json.loads(ws.run("list", "--status", "active", "--format", "json").stdout)[0]["id"] == "a"
    )
    assert ws.run("list", "--status", "asleep").exit_code == 2


def test_list_skips_a_broken_plan_and_exits_2(ws: Workspace) -> None:
    ws.write("good", BASE)
    ws.write("bad", "title = ")
    result = ws.run("list", "--format", "json")
    assert result.exit_code == 2
    assert [r["id"] for r in json.loads(result.stdout)] == ["good"]
    assert "plans/bad.toml:1:" in result.stderr


def test_show_text_and_json(ws: Workspace) -> None:
    ws.write("agent-2291", BASE)
    text = ws.run("show", "agent-2291", "--as-of", AS_OF)
    assert text.exit_code == 0
    assert_golden("show.txt", text.stdout)
    data = json.loads(
        ws.run("show", "plans/agent-2291.toml", "--format", "json", "--as-of", AS_OF).stdout
    )
    assert data["id"] == "agent-2291"
    assert data["progress"]["escalations-handled"]["fraction"] == 0.125


def test_show_unknown_plan_suggests(ws: Workspace) -> None:
    ws.write("agent-2291", BASE)
    result = ws.run("show", "agent-2219")
    assert result.exit_code == 2
    assert "did you mean 'agent-2291'?" in result.stderr


def test_schema_describes_the_format(ws: Workspace) -> None:
    result = ws.run("schema")
    schema = json.loads(result.stdout)
    assert schema["$schema"].startswith("https://json-schema.org/")
    assert set(schema["required"]) >= {
        "format",
        "title",
        "kind",
        "status",
        "coachee",
        "coach",
        "start",
        "end",
    }
    assert schema["additionalProperties"] is False
    assert "description" in schema["properties"]["checkin_every"]
    out = ws.run("schema", "--output", "plan.schema.json")
    assert out.exit_code == 0
    assert json.loads((ws.root / "plan.schema.json").read_text()) == schema


def test_version_and_help(ws: Workspace) -> None:
    from coachplan import __version__

    assert ws.run("--version").stdout == f"coachplan {__version__}\n"
    for command in ("validate", "rules", "fmt", "schema", "init", "new", "list", "show"):
        result = ws.run(command, "--help")
        assert result.exit_code == 0
        assert f"\nExample:\n  coachplan {command}" in result.stdout


def test_a_kind_template_implies_the_kind(ws: Workspace) -> None:
    without_kind = [a for a in NEW if a not in ("--kind", "coaching")]
    result = ws.run(*without_kind, "--template", "pip", "--sponsor", "Floor manager F1")
    assert result.exit_code == 0, result.stderr
    text = ws.read("agent-2291")
    assert 'kind = "pip"' in text and "end = 2026-10-26" in text  # a pip's 8 weeks


def test_show_marks_a_signoff_by_someone_else(ws: Workspace) -> None:
    ws.write("plan", BASE.replace('name = "Team lead T1"', 'name = "Team lead T9"'))
    for fmt in ("text", "markdown", "html"):
        result = ws.run("show", "plan", "--format", fmt, "--as-of", AS_OF)
        assert result.exit_code == 0, result.stderr
        assert "does not count: the plan&#x27;s coach is Team lead T1" in result.stdout or (
            "does not count: the plan's coach is Team lead T1" in result.stdout
        ), fmt
