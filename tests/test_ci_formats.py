"""Machine formats of `validate` as CI services read them: SARIF, GitLab Code Quality,
statistics and report files."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from coachplan.core.rulebook import all_rules
from coachplan.core.rulebook.examples import BASE, complete
from tests.conftest import AS_OF, Workspace

PROBLEMS = complete("""
[[goals]]
id = "delegate-roster"
statement = "Improve delegation"
due = 2027-06-30

[[goals]]
id = "coach-agents"
statement = "Improve coaching"
due = 2027-06-30
""")


def run_json(ws: Workspace, *args: str) -> object:
    result = ws.run("validate", "--as-of", AS_OF, *args)
    assert result.exit_code == 1, result.stderr
    return json.loads(result.stdout)


def test_sarif_rules_and_results_agree(ws: Workspace) -> None:
    ws.write("problems", PROBLEMS)
    sarif = run_json(ws, "--format", "sarif")
    assert isinstance(sarif, dict)
    assert sarif["version"] == "2.1.0"
    (run,) = sarif["runs"]
    assert run["columnKind"] == "unicodeCodePoints"
    assert run["invocations"] == [{"executionSuccessful": True}]
    rules = run["tool"]["driver"]["rules"]
    registry = all_rules()
    for rule in rules:
        known = registry[rule["id"]]
        assert rule["name"] == known.name
        assert rule["shortDescription"]["text"] == known.summary
        assert rule["fullDescription"]["text"] == known.explanation
        assert rule["help"]["text"].startswith(known.explanation)
        assert known.bad in rule["help"]["markdown"]
        assert known.good in rule["help"]["markdown"]
        assert rule["defaultConfiguration"]["level"] in ("error", "warning")
    assert len({r["id"] for r in rules}) == len(rules)
    results = run["results"]
    assert {r["ruleId"] for r in results} == {r["id"] for r in rules}
    for result in results:
        assert rules[result["ruleIndex"]]["id"] == result["ruleId"]
        assert result["level"] in ("error", "warning")
        assert result["message"]["text"]
        (location,) = result["locations"]
        physical = location["physicalLocation"]
        assert physical["artifactLocation"] == {
            "uri": "plans/problems.toml",
            "uriBaseId": "%SRCROOT%",
        }
        region = physical["region"]
        assert region["startLine"] >= 1 and region["startColumn"] >= 1
        assert len(result["partialFingerprints"]["coachplanFinding/v1"]) == 64


def test_sarif_uris_are_uri_references(
    ws: Workspace, tmp_path_factory: pytest.TempPathFactory
) -> None:
    (ws.plans / "a b.toml").write_text(BASE.replace("format = 1", "format = 2"))
    outside = tmp_path_factory.mktemp("elsewhere") / "plan.toml"
    outside.write_text(BASE.replace("format = 1", "format = 2"))
    sarif = run_json(ws, "--format", "sarif", "plans/a b.toml", str(outside))
    assert isinstance(sarif, dict)
    uris = [
        r["locations"][0]["physicalLocation"]["artifactLocation"]
        for r in sarif["runs"][0]["results"]
    ]
    assert {"uri": "plans/a%20b.toml", "uriBaseId": "%SRCROOT%"} in uris
    assert {"uri": outside.as_uri()} in uris


def test_sarif_region_column_counts_characters(ws: Workspace) -> None:
    row = '  { date = 2026-09-15, value = 25, note = "\U0001f642 ok", colour = 1 },'
    ws.write("plan", BASE.replace("  { date = 2026-09-15, value = 25 },", row))
    sarif = run_json(ws, "--format", "sarif")
    assert isinstance(sarif, dict)
    (result,) = sarif["runs"][0]["results"]
    assert result["ruleId"] == "F101"
    line = BASE.splitlines().index("  { date = 2026-09-15, value = 25 },") + 1
    # The emoji is one code point (two UTF-16 units): the column counts it once.
    assert result["locations"][0]["physicalLocation"]["region"] == {
        "startLine": line,
        "startColumn": row.index("colour") + 1,
    }


def fingerprints(ws: Workspace, fmt: str) -> list[str]:
    document = run_json(ws, "--format", fmt)
    if fmt == "gitlab":
        assert isinstance(document, list)
        return [issue["fingerprint"] for issue in document]
    assert isinstance(document, dict)
    return [r["partialFingerprints"]["coachplanFinding/v1"] for r in document["runs"][0]["results"]]


@pytest.mark.parametrize("fmt", ["gitlab", "sarif"])
def test_fingerprints_are_unique_and_survive_line_shifts(ws: Workspace, fmt: str) -> None:
    ws.write("problems", PROBLEMS)
    before = fingerprints(ws, fmt)
    assert len(set(before)) == len(before)  # two S201s on two goals stay apart
    shifted = PROBLEMS.replace(
        'checkin_every = "fortnightly"\n',
        'checkin_every = "fortnightly"\nsummary = """\nContext\nover lines\n"""\n',
    )
    ws.write("problems", shifted)
    assert sorted(fingerprints(ws, fmt)) == sorted(before)


def test_identical_findings_get_distinct_fingerprints(ws: Workspace) -> None:
    from coachplan.core.findings import Finding, Severity
    from coachplan.render.findings import fingerprints as compute

    one = Finding("S201", "goal-without-metric", Severity.ERROR, "plans/a.toml", 3, 1, "m")
    twin = Finding("S201", "goal-without-metric", Severity.ERROR, "plans/a.toml", 9, 1, "m")
    other_file = Finding("S201", "goal-without-metric", Severity.ERROR, "plans/b.toml", 3, 1, "m")
    prints = compute([one, twin, other_file])
    assert len(set(prints)) == 3
    assert compute([one]) == prints[:1]


def test_gitlab_code_quality_fields(ws: Workspace) -> None:
    ws.write("problems", PROBLEMS)
    draft = BASE.replace('status = "active"', 'status = "draft"').replace(
        'statement = "Hand ownership of the weekly roster to two senior agents"',
        'statement = "Improve delegation"',
    )
    ws.write("draft", draft)
    issues = run_json(ws, "--format", "gitlab")
    assert isinstance(issues, list) and issues
    for issue in issues:
        assert set(issue) == {"check_name", "description", "severity", "fingerprint", "location"}
        assert issue["check_name"] in all_rules()
        assert issue["description"].startswith(issue["check_name"] + " ")
        assert issue["location"]["path"] in ("plans/problems.toml", "plans/draft.toml")
        assert isinstance(issue["location"]["lines"]["begin"], int)
    severities = {(i["location"]["path"], i["severity"]) for i in issues}
    assert ("plans/draft.toml", "minor") in severities  # a warning
    assert ("plans/problems.toml", "major") in severities  # an error


def test_gitlab_report_is_an_empty_list_when_clean(ws: Workspace) -> None:
    ws.write("clean", BASE)
    result = ws.run("validate", "--format", "gitlab", "--as-of", AS_OF)
    assert result.exit_code == 0
    assert json.loads(result.stdout) == []


def test_output_file_gets_the_report_and_stdout_stays_empty(ws: Workspace) -> None:
    ws.write("problems", PROBLEMS)
    result = ws.run(
        "validate", "-f", "gitlab", "--output-file", "gl-code-quality.json", "--as-of", AS_OF
    )
    assert result.exit_code == 1
    assert result.stdout == ""
    saved = json.loads((ws.root / "gl-code-quality.json").read_text())
    assert saved == run_json(ws, "-f", "gitlab")
    # --exit-zero: the report is still written, the job still passes.
    assert ws.run("validate", "-f", "sarif", "-o", "out.sarif", "--exit-zero").exit_code == 0
    assert json.loads((ws.root / "out.sarif").read_text())["runs"][0]["results"]


def test_output_file_in_a_missing_directory_is_refused(ws: Workspace) -> None:
    ws.write("clean", BASE)
    result = ws.run("validate", "-o", "reports/out.txt", "--as-of", AS_OF)
    assert result.exit_code == 2
    assert result.stderr.startswith("coachplan: error: reports: directory does not exist")
    assert not (ws.root / "reports").exists()


def test_statistics_text_and_json(ws: Workspace) -> None:
    ws.write("problems", PROBLEMS)
    text = ws.run("validate", "--statistics", "--as-of", AS_OF)
    assert text.exit_code == 1
    lines = text.stdout.splitlines()
    assert lines[0] == "2  S102  goal-statement-vague"
    assert "2  S201  goal-without-metric" in lines
    assert lines[-1].startswith("Found ")
    data = json.loads(ws.run("validate", "--statistics", "-f", "json", "--as-of", AS_OF).stdout)
    counts = {row["code"]: row["count"] for row in data}
    assert counts["S102"] == 2 and counts["S201"] == 2
    assert data == sorted(data, key=lambda row: (-row["count"], row["code"]))


def test_statistics_refuses_formats_it_cannot_print(ws: Workspace) -> None:
    ws.write("problems", PROBLEMS)
    result = ws.run("validate", "--statistics", "-f", "sarif")
    assert result.exit_code == 2
    assert "--statistics prints text or json, not sarif" in result.stderr


def test_statistics_to_a_file(ws: Workspace) -> None:
    ws.write("problems", PROBLEMS)
    result = ws.run("validate", "--statistics", "-o", "stats.txt", "--as-of", AS_OF)
    assert result.exit_code == 1 and result.stdout == ""
    assert "S201  goal-without-metric" in Path(ws.root / "stats.txt").read_text()


@pytest.mark.parametrize("code", sorted(all_rules()))
def test_sarif_help_closes_every_code_block(code: str) -> None:
    from markdown_it import MarkdownIt

    from coachplan.render.findings import _rule_help_markdown

    rule = all_rules()[code]
    tokens = MarkdownIt().parse(_rule_help_markdown(code))
    blocks = [t for t in tokens if t.type == "fence"]
    assert [b.content for b in blocks] == [
        rule.bad.strip("\n") + "\n",
        rule.good.strip("\n") + "\n",
    ]
    # What follows the examples is text, not more of the last example.
    assert tokens[-1].type == "paragraph_close"
    assert tokens[-2].content.startswith("Silence it with `--ignore")


def test_sarif_execution_is_unsuccessful_when_a_file_cannot_be_read(ws: Workspace) -> None:
    ws.write("problems", PROBLEMS)
    found = json.loads(ws.run("validate", "-f", "sarif", "--as-of", AS_OF).stdout)
    assert found["runs"][0]["invocations"] == [{"executionSuccessful": True}]
    ws.write("broken", 'title = "Step up to team lead\n')
    result = ws.run("validate", "-f", "sarif", "--as-of", AS_OF)
    assert result.exit_code == 2
    (run,) = json.loads(result.stdout)["runs"]
    assert run["invocations"] == [{"executionSuccessful": False}]
    assert "F001" in {r["ruleId"] for r in run["results"]}


def machine_paths(ws: Workspace, fmt: str, *args: str, cwd: Path | None = None) -> set[str]:
    """The files a report in `fmt` names, run from `cwd`."""
    result = ws.run("validate", "-f", fmt, "--as-of", AS_OF, *args, cwd=cwd)
    assert result.exit_code == 1, result.stderr
    if fmt == "github":
        return {line.split("file=")[1].split(",")[0] for line in result.stdout.splitlines()}
    if fmt == "junit":
        import xml.etree.ElementTree as ET

        cases = ET.fromstring(result.stdout).iter("testcase")
        return {case.attrib["file"] for case in cases if len(case)}
    document = json.loads(result.stdout)
    if fmt == "gitlab":
        return {issue["location"]["path"] for issue in document}
    return {
        r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
        for r in document["runs"][0]["results"]
    }


MACHINE_FORMATS = ["sarif", "gitlab", "github", "junit"]


@pytest.mark.parametrize("fmt", MACHINE_FORMATS)
def test_paths_are_from_the_workspace_root_outside_git(ws: Workspace, fmt: str) -> None:
    ws.write("problems", PROBLEMS)
    assert machine_paths(ws, fmt) == {"plans/problems.toml"}
    assert machine_paths(ws, fmt, cwd=ws.plans) == {"plans/problems.toml"}
    assert machine_paths(ws, fmt, "problems.toml", cwd=ws.plans) == {"plans/problems.toml"}
    assert machine_paths(ws, fmt, ".", cwd=ws.plans) == {"plans/problems.toml"}


@pytest.mark.parametrize("fmt", MACHINE_FORMATS)
def test_paths_are_from_the_repository_root(
    ws: Workspace, fmt: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    import subprocess

    monkeypatch.setenv("GIT_CONFIG_GLOBAL", str(ws.root / "no-global-gitconfig"))
    monkeypatch.setenv("GIT_CONFIG_NOSYSTEM", "1")
    subprocess.run(["git", "init", "-q"], cwd=ws.root, check=True)
    coaching = ws.root / "coaching"
    (coaching / "plans").mkdir(parents=True)
    (coaching / "coachplan.toml").write_text('plans_dir = "plans"\n')
    (coaching / "plans" / "problems.toml").write_text(PROBLEMS)
    expected = {"coaching/plans/problems.toml"}
    assert machine_paths(ws, fmt, cwd=coaching) == expected
    assert machine_paths(ws, fmt, cwd=coaching / "plans") == expected
    assert machine_paths(ws, fmt, "coaching/plans/problems.toml") == expected
