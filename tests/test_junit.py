"""`validate --format junit` as test-report views read it: valid against the Jenkins
junit-10 schema (tests/schemas/junit-10.xsd), counted the same by junitparser, one outcome
per test case, and failing exactly where the exit code does."""

from __future__ import annotations

from pathlib import Path

import pytest
import xmlschema
from junitparser import Error, Failure, JUnitXml

from coachplan.core.rulebook.examples import BASE
from tests.conftest import AS_OF, Workspace
from tests.test_validate_cli import DRAFT, PROBLEMS

SCHEMA = xmlschema.XMLSchema(Path(__file__).parent / "schemas" / "junit-10.xsd")


@pytest.fixture
def every_outcome(ws: Workspace) -> Workspace:
    ws.write("clean", BASE)
    ws.write("problems", PROBLEMS)  # four errors
    ws.write("draft", DRAFT)  # a warning
    ws.write("broken", 'title = "Step up to team lead\n')  # TOML syntax: exit 2
    (ws.plans / "bom.toml").write_bytes(b"\xef\xbb\xbf" + BASE.encode())  # unreadable: exit 2
    return ws


def junit(ws: Workspace, *args: str) -> tuple[int, str]:
    result = ws.run("validate", "--format", "junit", "--as-of", AS_OF, *args)
    return result.exit_code, result.stdout


def outcomes(xml: str) -> dict[str, list[str]]:
    """Each test case's name with the tags of its failures and errors."""
    document = JUnitXml.fromstring(xml)
    return {
        case.name: [
            type(entry).__name__ for entry in case.result if isinstance(entry, Failure | Error)
        ]
        for suite in document
        for case in suite
    }


@pytest.mark.parametrize("strict", [False, True], ids=["default", "strict"])
def test_valid_against_the_jenkins_schema(every_outcome: Workspace, strict: bool) -> None:
    _, xml = junit(every_outcome, *(["--strict"] if strict else []))
    SCHEMA.validate(xml)


@pytest.mark.parametrize("strict", [False, True], ids=["default", "strict"])
def test_counts_agree_with_junitparser(every_outcome: Workspace, strict: bool) -> None:
    _, xml = junit(every_outcome, *(["--strict"] if strict else []))
    written = JUnitXml.fromstring(xml)
    said = [(suite.tests, suite.failures, suite.errors) for suite in written]
    totals = (written.tests, written.failures, written.errors)
    recount = JUnitXml.fromstring(xml)
    recount.update_statistics()
    assert [(s.tests, s.failures, s.errors) for s in recount] == said
    assert (recount.tests, recount.failures, recount.errors) == totals


def test_one_outcome_per_test_case_and_errors_for_unreadable_files(
    every_outcome: Workspace,
) -> None:
    code, xml = junit(every_outcome)
    assert code == 2
    assert outcomes(xml) == {
        "plans/bom.toml": ["Error"],
        "plans/broken.toml": ["Error"],
        "plans/clean.toml": [],
        "plans/draft.toml": [],
        "plans/problems.toml": ["Failure"],
    }
    (suite,) = JUnitXml.fromstring(xml)
    assert (suite.tests, suite.failures, suite.errors) == (5, 1, 2)
    problems = next(case for case in suite if case.name == "plans/problems.toml")
    (failure,) = problems.result
    # The one failure lists all four findings, each with its location.
    assert failure.text.count("plans/problems.toml:") == 4
    assert failure.type == "S201,S401,S102,S502"
    assert failure.message.endswith("(and 3 more problems)")


def test_warnings_fail_only_with_strict(ws: Workspace) -> None:
    ws.write("draft", DRAFT)
    code, xml = junit(ws)
    assert code == 0
    (suite,) = JUnitXml.fromstring(xml)
    assert (suite.failures, suite.errors) == (0, 0)
    (case,) = suite
    assert not case.result
    assert "S201 [warning]" in case.system_out
    strict_code, strict_xml = junit(ws, "--strict")
    assert strict_code == 1
    (strict_suite,) = JUnitXml.fromstring(strict_xml)
    assert strict_suite.failures == 1
    (strict_case,) = strict_suite
    assert [type(entry) for entry in strict_case.result] == [Failure]
    assert strict_case.system_out is None


def test_a_clean_run_reports_no_failure(ws: Workspace) -> None:
    ws.write("clean", BASE)
    code, xml = junit(ws)
    assert code == 0
    SCHEMA.validate(xml)
    (suite,) = JUnitXml.fromstring(xml)
    assert (suite.tests, suite.failures, suite.errors) == (1, 0, 0)
