"""Rule configuration in coachplan.toml: selection, severities, per-path ignores,
thresholds, the command line over the file, and located errors."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from pydantic import BaseModel

from coachplan.core.rulebook.examples import BASE, complete
from coachplan.core.settings import Settings
from tests.conftest import AS_OF, Workspace

DOCS = Path(__file__).parent.parent / "docs" / "configuration.md"

# Findings S102 (vague), S201 (no metric), S401 (no relevance), S502 (due outside window).
PROBLEMS = complete("""
[[goals]]
id = "delegate-roster"
statement = "Improve delegation"
due = 2027-06-30
""")


@pytest.fixture
def problems(ws: Workspace) -> Workspace:
    ws.write("problems", PROBLEMS)
    return ws


def configure(ws: Workspace, text: str) -> None:
    (ws.root / "coachplan.toml").write_text(text, encoding="utf-8")


def codes(ws: Workspace, *args: str) -> set[str]:
    result = ws.run("validate", "--format", "json", "--as-of", AS_OF, *args)
    assert result.exit_code in (0, 1), result.stderr
    return {f["code"] for f in json.loads(result.stdout)["findings"]}


EVERYTHING = {"S102", "S201", "S401", "S502"}


def test_baseline_findings(problems: Workspace) -> None:
    assert codes(problems) >= {"S102", "S201", "S401", "S502"}


@pytest.mark.parametrize(
    ("settings", "args", "expected"),
    [
        # The file alone.
        ('[rules]\nselect = ["S1", "S2"]\n', (), {"S102", "S201"}),
        ('[rules]\nignore = ["S1"]\n', (), {"S201", "S401", "S502"}),
        ('[rules]\nselect = ["S1"]\nextend-select = ["S4"]\n', (), {"S102", "S401"}),
        ('[rules]\nselect = ["S1"]\nextend_select = ["S4"]\n', (), {"S102", "S401"}),
        # The most specific selector wins, whatever list it is in.
        ('[rules]\nselect = ["S"]\nignore = ["S1", "S2", "S3", "S5"]\n', (), {"S401"}),
        ('[rules]\nignore = ["S"]\nextend-select = ["S201"]\n', (), {"S201"}),
        # --select on the command line starts over: the file's ignore no longer applies.
        ('[rules]\nignore = ["S1"]\n', ("--select", "S102"), {"S102"}),
        ('[rules]\nselect = ["S4"]\n', ("--select", "S1,S2"), {"S102", "S201"}),
        # --extend-select adds to the file's selection, even what the file ignores.
        ('[rules]\nselect = ["S4"]\n', ("--extend-select", "S5"), {"S401", "S502"}),
        (
            '[rules]\nignore = ["S2"]\n',
            ("--select", "S2,S4", "--extend-select", "S201"),
            {"S201", "S401"},
        ),
        (
            '[rules]\nselect = ["S4"]\nignore = ["S5"]\n',
            ("--extend-select", "S5"),
            {"S401", "S502"},
        ),
        # --ignore removes from the file's selection.
        ('[rules]\nselect = ["S1", "S4"]\n', ("--ignore", "S102"), {"S401"}),
        ('[rules]\nextend-select = ["S102"]\n', ("--ignore", "S1"), EVERYTHING - {"S102"}),
    ],
)
def test_selection(
    problems: Workspace, settings: str, args: tuple[str, ...], expected: set[str]
) -> None:
    configure(problems, settings)
    found = codes(problems, *args)
    assert found & EVERYTHING == expected


def test_severity_override_from_file_and_most_specific_prefix(problems: Workspace) -> None:
    configure(problems, '[rules]\nseverity = { S = "warning", S401 = "error" }\n')
    result = problems.run("validate", "--format", "json", "--as-of", AS_OF)
    severities = {f["code"]: f["severity"] for f in json.loads(result.stdout)["findings"]}
    assert severities["S102"] == "warning"
    assert severities["S401"] == "error"
    assert result.exit_code == 1
    configure(problems, '[rules]\nseverity = { S = "warning" }\n')
    assert problems.run("validate", "--as-of", AS_OF).exit_code == 0
    assert problems.run("validate", "--strict", "--as-of", AS_OF).exit_code == 1


@pytest.mark.parametrize("key", ["per_path_ignores", "per-path-ignores"])
def test_per_path_ignores_are_relative_to_the_workspace(problems: Workspace, key: str) -> None:
    problems.write("other", PROBLEMS)
    configure(problems, f'[rules]\n{key} = {{ "plans/prob*.toml" = ["S1", "S2"] }}\n')
    result = problems.run("validate", "--format", "json", "--as-of", AS_OF)
    by_file: dict[str, set[str]] = {}
    for f in json.loads(result.stdout)["findings"]:
        by_file.setdefault(f["file"], set()).add(f["code"])
    assert not by_file["plans/problems.toml"] & {"S102", "S201"}
    assert {"S102", "S201"} <= by_file["plans/other.toml"]
    # From a subdirectory, the pattern still matches: it is relative to coachplan.toml.
    sub = problems.plans
    result = Workspace(sub).run("validate", "--format", "json", "--as-of", AS_OF, "problems.toml")
    assert not {f["code"] for f in json.loads(result.stdout)["findings"]} & {"S102", "S201"}


@pytest.mark.parametrize(
    ("settings", "where", "code"),
    [
        ('[rules]\nselect = ["S1", "Q7"]\n', "2:17", "'Q7' in `rules.select`"),
        ('[rules]\nignore = [\n  "S1",\n  "S999",\n]\n', "4:3", "'S999' in `rules.ignore`"),
        ('[rules]\nextend-select = ["X"]\n', "2:18", "'X' in `rules.extend-select`"),
        (
            '[rules]\nseverity = { S102 = "warning", Z9 = "error" }\n',
            "2:32",
            "'Z9' in `rules.severity`",
        ),
        ('[rules.severity]\nS102 = "warning"\nZ9 = "error"\n', "3:1", "'Z9' in `rules.severity`"),
        (
            '# comment\n[rules.per_path_ignores]\n"plans/*.toml" = ["S1", "s201"]\n',
            "3:25",
            "'s201' in `rules.per_path_ignores`",
        ),
    ],
)
def test_unknown_rule_code_in_settings_names_file_and_line(
    problems: Workspace, settings: str, where: str, code: str
) -> None:
    configure(problems, settings)
    for command in (("validate",), ("list",)):
        result = problems.run(*command)
        assert result.exit_code == 2
        assert result.stderr.count("\n") == 1
        path = problems.root.resolve() / "coachplan.toml"
        assert result.stderr.startswith(
            f"coachplan: error: {path}:{where}: unknown rule code {code}"
        )


def test_unknown_rule_code_suggests_a_close_one(problems: Workspace) -> None:
    configure(problems, '[rules]\nignore = ["s201"]\n')
    assert "(did you mean S201?)" in problems.run("validate").stderr


def test_unknown_rule_code_on_the_command_line(problems: Workspace) -> None:
    result = problems.run("validate", "--extend-select", "S9")
    assert result.exit_code == 2
    assert "unknown rule code 'S9'" in result.stderr


@pytest.mark.parametrize(
    ("settings", "message"),
    [
        (
            "[thresholds]\nmax_goals = 0\n",
            "2:1: `thresholds.max_goals`: Input should be greater than or equal to 1",
        ),
        (
            "[thresholds]\npip_max_days = -5\n",
            "2:1: `thresholds.pip_max_days`: Input should be greater than or equal to 1",
        ),
        (
            "[thresholds]\ngrace_days = -1\n",
            "2:1: `thresholds.grace_days`: Input should be greater than or equal to 0",
        ),
        (
            '[thresholds]\nvague_words = "better"\n',
            "2:1: `thresholds.vague_words`: Input should be a valid list",
        ),
        ("[scale]\nmin = 3\nmax = 3\n", "1:1: `scale`: min (3) must be below max (3)"),
        (
            '[rules]\nseverity = { S102 = "fatal" }\n',
            "2:14: `rules.severity.S102`: Input should be 'error' or 'warning'",
        ),
        ("[thresholds]\nmax_gaols = 3\n", "2:1: unknown setting `thresholds.max_gaols`"),
    ],
)
def test_bad_settings_are_located(problems: Workspace, settings: str, message: str) -> None:
    configure(problems, settings)
    result = problems.run("validate")
    assert result.exit_code == 2
    assert f"coachplan.toml:{message}" in result.stderr


def test_threshold_max_goals(ws: Workspace) -> None:
    ws.write("plan", BASE)
    assert "S302" not in codes(ws)
    configure(ws, "[thresholds]\nmax_goals = 1\n")
    two_goals = BASE + (
        '\n[[goals]]\nid = "second"\n'
        'statement = "Run the Monday stand-up without notes for six weeks"\n'
    )
    ws.write("plan", two_goals)
    assert "S302" in codes(ws)


def test_threshold_vague_words_and_statement_length(ws: Workspace) -> None:
    statement = "Hand ownership of the weekly roster to two senior agents"
    ws.write("plan", BASE)
    assert "S102" not in codes(ws)
    configure(ws, "[thresholds]\nmin_statement_words = 12\n")
    assert "S102" in codes(ws)
    configure(ws, '[thresholds]\nvague_words = ["ownership"]\n')
    ws.write("plan", BASE.replace(statement, "Take ownership of the roster"))
    assert "S102" in codes(ws)
    configure(ws, "[thresholds]\nvague_words = []\n")
    assert "S102" not in codes(ws)


def test_threshold_pip_max_days(ws: Workspace) -> None:
    pip = BASE.replace('kind = "leadership"', 'kind = "pip"').replace(
        "end = 2027-02-28", "end = 2026-12-15"
    )
    ws.write("pip", pip)
    assert "K101" in codes(ws)  # 105 days > 90
    configure(ws, "[thresholds]\npip_max_days = 120\n")
    assert "K101" not in codes(ws)


def _fields(model: type[BaseModel], prefix: str = "") -> list[str]:
    names = []
    for name, info in model.model_fields.items():
        key = info.alias or name
        names.append(prefix + key)
        annotation = info.annotation
        if isinstance(annotation, type) and issubclass(annotation, BaseModel):
            names.extend(_fields(annotation, f"{prefix}{key}."))
    return names


def test_every_setting_is_documented() -> None:
    docs = DOCS.read_text(encoding="utf-8")
    documented = set(re.findall(r"^#+ `\[?([a-z_.-]+)\]?`", docs, flags=re.MULTILINE))
    documented |= set(re.findall(r"^\| `([a-z_.-]+)` \|", docs, flags=re.MULTILINE))
    missing = [name for name in _fields(Settings) if name not in documented]
    assert not missing, f"settings missing from docs/configuration.md: {missing}"


def test_documented_example_is_a_valid_configuration(ws: Workspace) -> None:
    docs = DOCS.read_text(encoding="utf-8")
    example = re.search(r"```toml\n(# coachplan.toml, every setting\n.*?)```", docs, re.DOTALL)
    assert example, "docs/configuration.md has the full example"
    configure(ws, example.group(1))
    ws.write("plan", BASE)
    result = ws.run("validate", "--as-of", AS_OF)
    assert result.exit_code == 0, result.stderr


def test_each_file_is_checked_with_its_own_workspace(tmp_path: Path) -> None:
    # pre-commit and CI run from the repository root; a team's coachplan.toml lives below it.
    team = tmp_path / "team"
    (team / "plans").mkdir(parents=True)
    (team / "coachplan.toml").write_text('[rules]\nignore = ["S1"]\n')
    (team / "plans" / "problems.toml").write_text(PROBLEMS)
    (tmp_path / "plans").mkdir()
    (tmp_path / "plans" / "problems.toml").write_text(PROBLEMS)
    root = Workspace(tmp_path)
    result = root.run(
        "validate",
        "-f",
        "json",
        "--as-of",
        AS_OF,
        "team/plans/problems.toml",
        "plans/problems.toml",
    )
    by_file: dict[str, set[str]] = {}
    for f in json.loads(result.stdout)["findings"]:
        by_file.setdefault(f["file"], set()).add(f["code"])
    assert "S102" not in by_file["team/plans/problems.toml"]
    assert "S102" in by_file["plans/problems.toml"]
    assert root.run("validate", "--select", "Z9").exit_code == 2  # checked even with no plans
