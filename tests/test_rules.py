"""Every rule fails on its documented failing example and passes its passing example."""

from __future__ import annotations

import pytest

from coachplan.core.rulebook import all_rules
from coachplan.core.rulebook.examples import BASE, complete
from tests.conftest import AS_OF, Workspace

# These examples describe files that cannot be spliced as text; tested in test_loading.py.
PROSE_EXAMPLES = {"F002", "F106"}
RULES = [code for code in all_rules() if code not in PROSE_EXAMPLES]


def codes(ws: Workspace, text: str) -> set[str]:
    ws.write("example", text)
    result = ws.run("validate", "plans/example.toml", "--format", "json", "--as-of", AS_OF)
    import json

    assert result.exit_code in (0, 1, 2), result.stderr
    return {f["code"] for f in json.loads(result.stdout)["findings"]}


def test_base_plan_is_clean(ws: Workspace) -> None:
    assert codes(ws, BASE) == set()


@pytest.mark.parametrize("code", RULES)
def test_failing_example_fails(ws: Workspace, code: str) -> None:
    assert code in codes(ws, complete(all_rules()[code].bad))


@pytest.mark.parametrize("code", RULES)
def test_passing_example_passes(ws: Workspace, code: str) -> None:
    assert code not in codes(ws, complete(all_rules()[code].good))


def test_every_rule_is_documented_with_examples() -> None:
    for code, rule in all_rules().items():
        assert rule.bad.strip() and rule.good.strip(), code
        assert rule.explanation and rule.summary, code


def test_every_described_rule_has_a_body_and_every_body_a_description() -> None:
    from coachplan.rules import all_checks

    described = {code for code in all_rules() if not code.startswith("F")}
    assert set(all_checks()) == described


def test_smart_findings_are_warnings_in_drafts(ws: Workspace) -> None:
    snippet = 'status = "draft"\n\n[[goals]]\nid = "delegate-roster"\n'
    ws.write("draft", complete(snippet))
    result = ws.run("validate", "--format", "json", "--as-of", AS_OF)
    import json

    findings = json.loads(result.stdout)["findings"]
    smart = [f for f in findings if f["code"].startswith("S")]
    assert smart and all(f["severity"] == "warning" for f in smart)
    assert result.exit_code == 0
    assert ws.run("validate", "--strict", "--as-of", AS_OF).exit_code == 1


def test_same_findings_are_errors_when_active(ws: Workspace) -> None:
    ws.write("active", complete('[[goals]]\nid = "delegate-roster"\n'))
    result = ws.run("validate", "--format", "json", "--as-of", AS_OF)
    import json

    severities = {f["code"]: f["severity"] for f in json.loads(result.stdout)["findings"]}
    assert severities["S201"] == "error"
    assert result.exit_code == 1


def test_measurement_after_as_of_is_reported_only_then(ws: Workspace) -> None:
    ws.write("plan", BASE)
    assert ws.run("validate", "--as-of", "2026-11-19").exit_code == 1  # check-in on 11-20
    assert ws.run("validate", "--as-of", "2026-11-20").exit_code == 0


def test_thresholds_from_settings(ws: Workspace) -> None:
    pip = complete(all_rules()["K101"].good)
    ws.write("pip", pip)
    assert "K101" not in codes(ws, pip)
    (ws.root / "coachplan.toml").write_text("[thresholds]\npip_max_days = 30\n")
    assert "K101" in codes(ws, pip)


def test_the_example_digest_is_the_base_plans() -> None:
    """P108's examples carry the digest of the examples' base plan, written out so that
    start-up does not build the models; when the base plan changes, update it."""
    import tomllib

    from coachplan.core.agreement import agreement_digest
    from coachplan.core.model import Plan
    from coachplan.core.rulebook.examples import BASE
    from coachplan.core.rulebook.plan import EXAMPLE_DIGEST

    assert agreement_digest(Plan.model_validate(tomllib.loads(BASE))) == EXAMPLE_DIGEST
