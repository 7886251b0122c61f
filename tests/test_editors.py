"""Editors: the JSON Schema checked by a real check-jsonschema, and `#:schema` lines that
`init`, `new`, `fmt` and every canonical write keep."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from coachplan.core.rulebook.examples import BASE, complete
from coachplan.core.schema import plan_schema_text
from coachplan.files.directives import leading_directives, schema_directive, without_directives
from coachplan.files.layout import dumps_plan
from coachplan.files.positions import has_comments
from tests.conftest import AS_OF, Workspace

EXAMPLES = sorted((Path(__file__).parent.parent / "plans").glob("*.toml"))
DIRECTIVE = "#:schema ../plan.schema.json\n"


def check_jsonschema(schema: Path, *files: Path) -> dict[str, list[str]]:
    """Run the real check-jsonschema; the schema errors of each file (none: it passed)."""
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "check_jsonschema",
            "--schemafile",
            str(schema),
            "--output-format",
            "json",
            "--color",
            "never",
            *map(str, files),
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode in (0, 1), result.stderr
    report = json.loads(result.stdout)
    assert report.get("parse_errors", []) == [], report
    errors: dict[str, list[str]] = {str(f): [] for f in files}
    for error in report.get("errors", []):
        errors[error["filename"]].append(f"{error['path']}: {error['message']}")
    return errors


@pytest.fixture(scope="module")
def schema_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("schema") / "plan.schema.json"
    path.write_text(plan_schema_text(), encoding="utf-8")
    return path


def test_schema_command_writes_the_schema(ws: Workspace) -> None:
    result = ws.run("schema", "--output", "plan.schema.json")
    assert result.exit_code == 0
    assert (ws.root / "plan.schema.json").read_text() == plan_schema_text()
    assert ws.run("schema").stdout == plan_schema_text()
    schema = json.loads(plan_schema_text())
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert "null" not in plan_schema_text()  # TOML has no null: optional keys are left out


def test_every_example_plan_passes_check_jsonschema(schema_file: Path) -> None:
    assert EXAMPLES
    errors = check_jsonschema(schema_file, *EXAMPLES)
    assert errors == {str(path): [] for path in EXAMPLES}


# Plans both validators must reject: what a JSON Schema can see in TOML data.
BAD = {
    "wrong-type": "title = 5",
    "wrong-type-nested": '[[checkins]]\ndate = 2026-10-02\nrating = "5"',
    "list-for-string": 'coach = ["Team lead T1"]',
    "number-as-string": (
        '[[goals]]\nid = "g"\nstatement = "Hand the roster to two senior agents"\n\n'
        '[[goals.metrics]]\nid = "m"\ndescription = "Share"\nunit = "%"\n'
        'baseline = "20"\ntarget = 60'
    ),
    "bool-for-number": (
        '[[goals]]\nid = "g"\n\n[[goals.metrics]]\nid = "m"\ndescription = "Share"\n'
        "baseline = true\ntarget = 60"
    ),
    "unknown-top-key": 'colour = "blue"',
    "unknown-nested-key": (
        '[[signoffs]]\nrole = "coach"\nname = "Team lead T1"\ndate = 2026-09-04\nsigned = true'
    ),
    "missing-key": "# no coachee",
    "missing-nested-key": '[[checkins]]\nnotes = "no date"',
    "bad-kind": 'kind = "therapy"',
    "bad-status": 'status = "done"',
    "bad-method": '[[actions]]\nid = "a"\ndescription = "Read"\nmethod = "osmosis"',
    "bad-role": '[[signoffs]]\nrole = "manager"\nname = "Team lead T1"\ndate = 2026-09-04',
    "bad-feedback-source": '[[feedback]]\ndate = 2026-10-01\nsource = "friend"\ncomment = "ok"',
    "bad-goal-id": '[[goals]]\nid = "Delegate Roster"',
    "bad-milestone-goal-ref-id": '[[milestones]]\nid = "m1"\ntitle = "First"\ngoals = ["../x"]',
    "id-too-long": '[[goals]]\nid = "' + "g" * 65 + '"',
    "rating-out-of-range": "[[checkins]]\ndate = 2026-10-02\nrating = 6",
    "blank-title": 'title = "   "',
    "multi-line-title": 'title = """\nStep up\nto team lead"""',
    "bad-cadence": 'checkin_every = "sometimes"',
    "date-time-for-date": "start = 2026-09-01T09:00:00",
    "time-for-date": "start = 09:00:00",
    "format-2": "format = 2",
}

# What a JSON Schema cannot see: TOML dates reach it as strings (check-jsonschema turns
# them into ISO text, as JSON has no date), and JSON Schema counts 3.0 as an integer.
SCHEMA_CANNOT_TELL = {
    "date-as-string": 'start = "2026-09-01"',
    "float-for-integer": (
        '[baseline]\ndate = 2026-09-03\nmethod = "360"\n\n'
        '[[baseline.skills]]\nskill = "delegation"\nlevel = 2.0\ntarget = 4'
    ),
}


def _coachplan_format_findings(ws: Workspace, plan_id: str) -> set[str]:
    result = ws.run("validate", "--select", "F", "--format", "json", "--as-of", AS_OF, plan_id)
    return {f["code"] for f in json.loads(result.stdout)["findings"]}


def test_validators_agree_on_bad_plans(ws: Workspace, schema_file: Path) -> None:
    paths = {name: ws.write(name, complete(snippet)) for name, snippet in BAD.items()}
    paths["good"] = ws.write("good", BASE)
    schema_errors = check_jsonschema(schema_file, *paths.values())
    for name, path in paths.items():
        ours = _coachplan_format_findings(ws, name)
        theirs = schema_errors[str(path)]
        if name == "good":
            assert ours == set() and theirs == []
        else:
            assert ours, f"coachplan accepts {name}"
            assert theirs, f"check-jsonschema accepts {name}"


def test_what_the_schema_cannot_tell(ws: Workspace, schema_file: Path) -> None:
    # Documented in docs/editors.md; if a schema change catches these, move them to BAD.
    paths = {name: ws.write(name, complete(s)) for name, s in SCHEMA_CANNOT_TELL.items()}
    schema_errors = check_jsonschema(schema_file, *paths.values())
    for name, path in paths.items():
        assert _coachplan_format_findings(ws, name) == {"F103"}
        assert schema_errors[str(path)] == []


# -- #:schema lines ------------------------------------------------------------------------


def test_init_schema_and_new_write_the_directive(tmp_path: Path) -> None:
    ws = Workspace(tmp_path)
    result = ws.run("init", ".", "--schema")
    assert result.exit_code == 0, result.stderr
    assert (tmp_path / "plan.schema.json").read_text() == plan_schema_text()
    assert 'schema = "plan.schema.json"' in (tmp_path / "coachplan.toml").read_text()
    made = ws.run(
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
    assert made.exit_code == 0, made.stderr
    text = ws.read("agent-2291")
    assert text.startswith(DIRECTIVE + "format = 1\n")
    assert ws.run("fmt", "--check").exit_code == 0
    assert ws.run("validate", "--select", "F").exit_code == 0
    assert (
        ws.run(
            "new",
            "agent-2",
            "--coachee",
            "A",
            "--coach",
            "B",
            "--kind",
            "coaching",
            "--no-schema",
            "--no-input",
        ).exit_code
        == 0
    )
    assert ws.read("agent-2").startswith("format = 1\n")


def test_init_without_schema_leaves_a_hint(tmp_path: Path) -> None:
    ws = Workspace(tmp_path)
    assert ws.run("init").exit_code == 0
    assert '# schema = "plan.schema.json"' in (tmp_path / "coachplan.toml").read_text()
    assert (
        ws.run(
            "new", "agent-1", "--coachee", "A", "--coach", "B", "--kind", "coaching", "--no-input"
        ).exit_code
        == 0
    )
    assert ws.read("agent-1").startswith("format = 1\n")


def test_init_schema_in_an_existing_workspace(ws: Workspace) -> None:
    result = ws.run("init", "--schema")
    assert result.exit_code == 0
    assert (ws.root / "plan.schema.json").is_file()
    assert 'add `schema = "plan.schema.json"`' in result.stderr


@pytest.mark.parametrize(
    ("option", "first_line"),
    [
        (
            "https://example.org/coachplan/plan.schema.json",
            "#:schema https://example.org/coachplan/plan.schema.json\n",
        ),
        ("schemas/plan.json", "#:schema ../schemas/plan.json\n"),
    ],
)
def test_new_schema_option(ws: Workspace, option: str, first_line: str) -> None:
    result = ws.run(
        "new",
        "agent-1",
        "--coachee",
        "A",
        "--coach",
        "B",
        "--kind",
        "coaching",
        "--schema",
        option,
        "--no-input",
    )
    assert result.exit_code == 0
    assert ws.read("agent-1").startswith(first_line + "format = 1\n")
    if "://" not in option:
        assert f"{option} does not exist yet" in result.stderr


def test_new_schema_relative_to_where_it_runs(ws: Workspace) -> None:
    (ws.root / "plan.schema.json").write_text(plan_schema_text())
    result = Workspace(ws.plans).run(
        "new",
        "agent-1",
        "--coachee",
        "A",
        "--coach",
        "B",
        "--kind",
        "coaching",
        "--schema",
        "../plan.schema.json",
        "--no-input",
    )
    assert result.exit_code == 0 and result.stderr.count("does not exist") == 0
    assert ws.read("agent-1").startswith(DIRECTIVE)


def test_fmt_keeps_the_directive(ws: Workspace) -> None:
    messy = DIRECTIVE + BASE.replace(
        'title = "Step up to team lead"', "title   =   'Step up to team lead'"
    )
    ws.write("plan", messy)
    assert ws.run("fmt", "--check").exit_code == 1
    result = ws.run("fmt")
    assert result.exit_code == 0, result.stderr
    text = ws.read("plan")
    assert text.startswith(DIRECTIVE + "format = 1\n")
    assert 'title = "Step up to team lead"' in text
    assert ws.run("fmt", "--check").exit_code == 0


def test_fmt_still_refuses_other_comments(ws: Workspace) -> None:
    ws.write("plan", DIRECTIVE + BASE.replace("kind =", "# the kind\nkind ="))
    result = ws.run("fmt")
    assert result.exit_code == 2
    assert "has comments" in result.stderr
    assert ws.read("plan").startswith(DIRECTIVE)


def test_directive_below_the_top_is_a_comment(ws: Workspace) -> None:
    ws.write("plan", BASE.replace("kind =", DIRECTIVE + "kind ="))
    assert ws.run("fmt").exit_code == 2


def test_canonical_write_keeps_directives() -> None:
    from coachplan.core.model import Plan
    from coachplan.files.store import SourceText, parse_toml

    data = parse_toml(SourceText(Path("x.toml"), BASE))
    plan = Plan.model_validate(data)
    before = DIRECTIVE + '#:tombi toml-version = "v1.0.0"\n' + BASE
    after = dumps_plan(plan, directives_from=before)
    assert after == DIRECTIVE + '#:tombi toml-version = "v1.0.0"\n' + dumps_plan(plan)
    assert not has_comments(before)
    assert has_comments(before + "# note\n")


directive = st.text(
    alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="\n\r"), max_size=30
).map(lambda s: "#:" + s + "\n")


@given(st.lists(directive, max_size=3), st.text(max_size=40))
def test_leading_directives_split_exactly(lines: list[str], body: str) -> None:
    head = "".join(lines)
    if body.startswith("#:"):
        body = " " + body
    assert leading_directives(head + body) == head
    assert without_directives(head + body) == body


def test_schema_directive_line() -> None:
    assert schema_directive("./plan.schema.json") == "#:schema ./plan.schema.json\n"
