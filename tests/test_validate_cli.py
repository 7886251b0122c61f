"""`coachplan validate`: exit codes, selection, and every output format (golden files)."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET

import pytest

from coachplan.core.rulebook.examples import BASE, complete
from tests.conftest import AS_OF, Workspace, assert_golden

PROBLEMS = complete("""
[[goals]]
id = "delegate-roster"
statement = "Improve delegation"
due = 2027-06-30
""")
DRAFT = complete("""
status = "draft"

[[goals]]
id = "delegate-roster"
statement = "Hand ownership of the weekly roster to two senior agents"
relevant_to = "Team-lead readiness"
due = 2026-12-15
""")


@pytest.fixture
def mixed(ws: Workspace) -> Workspace:
    ws.write("clean", BASE)
    ws.write("problems", PROBLEMS)
    ws.write("draft", DRAFT)
    return ws


@pytest.mark.parametrize("fmt", ["text", "concise", "json", "github", "junit", "sarif", "gitlab"])
def test_output_formats_golden(mixed: Workspace, fmt: str) -> None:
    result = mixed.run("validate", "--format", fmt, "--as-of", AS_OF)
    assert result.exit_code == 1
    assert_golden(f"validate.{fmt}", result.stdout)


def test_exit_zero_when_clean(ws: Workspace) -> None:
    ws.write("clean", BASE)
    result = ws.run("validate", "--as-of", AS_OF)
    assert result.exit_code == 0
    assert result.stdout == "All checks passed: 1 plan.\n"


def test_warnings_fail_only_with_strict(ws: Workspace) -> None:
    ws.write("draft", DRAFT)
    assert ws.run("validate", "--as-of", AS_OF).exit_code == 0
    assert ws.run("validate", "--strict", "--as-of", AS_OF).exit_code == 1


def test_exit_zero_flag(mixed: Workspace) -> None:
    assert mixed.run("validate", "--exit-zero", "--as-of", AS_OF).exit_code == 0


def test_select_and_ignore(mixed: Workspace) -> None:
    def codes(*args: str) -> set[str]:
        result = mixed.run("validate", "--format", "json", "--as-of", AS_OF, *args)
        return {f["code"] for f in json.loads(result.stdout)["findings"]}

    everything = codes()
    assert {"S102", "S201", "S401", "S502"} <= everything
    assert codes("--select", "S2") == {c for c in everything if c.startswith("S2")}
    assert codes("--ignore", "S102,S201") == everything - {"S102", "S201"}
    assert codes("--select", "S4", "--extend-select", "S5") == {"S401", "S502"}


def test_settings_select_ignore_and_severity(mixed: Workspace) -> None:
    (mixed.root / "coachplan.toml").write_text(
        '[rules]\nignore = ["S3"]\nseverity = { S102 = "warning" }\n'
        'per_path_ignores = { "plans/problems.toml" = ["S5"] }\n'
    )
    result = mixed.run("validate", "--format", "json", "--as-of", AS_OF)
    findings = json.loads(result.stdout)["findings"]
    codes = {f["code"] for f in findings}
    assert not any(c.startswith(("S3", "S5")) for c in codes)
    assert {f["severity"] for f in findings if f["code"] == "S102"} == {"warning"}


def test_unknown_rule_code_is_a_usage_error(mixed: Workspace) -> None:
    result = mixed.run("validate", "--select", "Z999")
    assert result.exit_code == 2
    assert result.stderr == (
        "coachplan: error: unknown rule code 'Z999' (`coachplan rules` lists the codes)\n"
    )


def test_unknown_rule_code_in_settings(mixed: Workspace) -> None:
    (mixed.root / "coachplan.toml").write_text('[rules]\nignore = ["S999"]\n')
    assert mixed.run("validate").exit_code == 2


def test_unknown_setting_is_located(mixed: Workspace) -> None:
    (mixed.root / "coachplan.toml").write_text('plans_dir = "plans"\nplan_dir = "x"\n')
    result = mixed.run("validate")
    assert result.exit_code == 2
    assert "coachplan.toml:2:1: unknown setting `plan_dir` (did you mean `plans_dir`?)" in (
        result.stderr
    )


@pytest.mark.parametrize(
    ("settings", "message"),
    [
        ("[thresholds]\ngrace_day = 3\n", "`thresholds.grace_day` (did you mean `grace_days`?)"),
        ("[rules]\nextend_selct = []\n", "`rules.extend_selct` (did you mean `extend_select`?)"),
        (
            '[competencies.delegation]\ndescriptin = "x"\n',
            "`competencies.delegation.descriptin` (did you mean `description`?)",
        ),
        ('shema = "plan.schema.json"\n', "`shema` (did you mean `schema`?)"),
        ("colour = 1\n", "`colour` (see docs/configuration.md)"),
    ],
)
def test_unknown_settings_suggest_the_closest(ws: Workspace, settings: str, message: str) -> None:
    (ws.root / "coachplan.toml").write_text(settings)
    result = ws.run("validate")
    assert result.exit_code == 2
    assert result.stderr.endswith(f"unknown setting {message}\n")


def test_bad_format_and_bad_date(mixed: Workspace) -> None:
    assert mixed.run("validate", "--format", "yaml").exit_code == 2
    result = mixed.run("validate", "--as-of", "2026-13-01")
    assert result.exit_code == 2
    assert "--as-of: '2026-13-01' is not a date" in result.stderr


def test_unknown_option_is_one_line(mixed: Workspace) -> None:
    result = mixed.run("validate", "--frmat", "json")
    assert result.exit_code == 2
    assert result.stderr.count("\n") == 1
    assert "--frmat" in result.stderr


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (("validate", "--frmat", "json"), "coachplan: error: no such option: --frmat"),
        (("show",), "coachplan: error: missing argument 'PLAN' (see `coachplan show --help`)"),
        (("list", "extra"), "coachplan: error: got unexpected extra argument"),
        (
            ("agenda", "--days", "0"),
            "coachplan: error: invalid value for '--days': '0' is not a whole number from 1 "
            "to 366 (see `coachplan agenda --help`)",
        ),
    ],
)
def test_command_line_mistakes_read_as_coachplans_own_errors(
    mixed: Workspace, args: tuple[str, ...], expected: str
) -> None:
    result = mixed.run(*args)
    assert result.exit_code == 2
    assert result.stderr.startswith(expected), result.stderr
    assert ". (see" not in result.stderr and "Input should" not in result.stderr


def test_paths_ids_and_directories(mixed: Workspace) -> None:
    def files(*args: str) -> list[str]:
        result = mixed.run("validate", "--format", "json", "--as-of", AS_OF, *args)
        return sorted({f["file"] for f in json.loads(result.stdout)["findings"]})

    assert files("problems") == ["plans/problems.toml"]
    assert files("plans/draft.toml") == ["plans/draft.toml"]
    assert files("plans") == ["plans/draft.toml", "plans/problems.toml"]
    assert files(".") == ["plans/draft.toml", "plans/problems.toml"]


def test_output_file_and_statistics(mixed: Workspace) -> None:
    result = mixed.run("validate", "--format", "sarif", "-o", "out.sarif", "--as-of", AS_OF)
    assert result.exit_code == 1 and result.stdout == ""
    sarif = json.loads((mixed.root / "out.sarif").read_text())
    assert sarif["version"] == "2.1.0"
    stats = mixed.run("validate", "--statistics", "--as-of", AS_OF)
    assert "S102  goal-statement-vague" in stats.stdout


def test_github_annotations_escape_properties(ws: Workspace) -> None:
    (ws.plans / "a,b.toml").write_text(BASE.replace("format = 1", "format = 2"))
    out = ws.run("validate", "--format", "github").stdout
    assert out.startswith("::error file=plans/a%2Cb.toml,line=1,col=1,title=F105 ")


def test_junit_is_well_formed(mixed: Workspace) -> None:
    out = mixed.run("validate", "--format", "junit", "--as-of", AS_OF).stdout
    root = ET.fromstring(out)
    cases = root.findall(".//testcase")
    assert len(cases) == 3
    # The draft's warnings fail only with --strict (tests/test_junit.py has the rest).
    assert sum(1 for c in cases if c.find("failure") is not None) == 1
    strict = mixed.run("validate", "--format", "junit", "--strict", "--as-of", AS_OF).stdout
    assert len(ET.fromstring(strict).findall(".//failure")) == 2


def test_quiet(mixed: Workspace) -> None:
    result = mixed.run("validate", "-q", "--as-of", AS_OF)
    assert result.exit_code == 1 and result.stdout == ""


def test_rules_command(ws: Workspace) -> None:
    listing = ws.run("rules")
    assert listing.exit_code == 0
    assert_golden("rules.txt", listing.stdout)
    one = ws.run("rules", "S201")
    assert one.exit_code == 0
    assert_golden("rules-S201.txt", one.stdout)
    assert ws.run("rules", "goal-without-metric").stdout == one.stdout
    data = json.loads(ws.run("rules", "--format", "json").stdout)
    assert {r["code"] for r in data} >= {"F101", "S201", "P101", "R101", "K101"}
    missing = ws.run("rules", "S2O1")
    assert missing.exit_code == 2 and "did you mean S201?" in missing.stderr


def test_no_plans_is_a_warning_not_a_failure(ws: Workspace) -> None:
    result = ws.run("validate")
    assert result.exit_code == 0
    assert result.stderr == "coachplan: warning: no plan files found (looked in plans)\n"
