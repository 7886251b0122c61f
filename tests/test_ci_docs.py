"""docs/ci.md is right: its CI files pass the services' own schemas, its pre-commit files
pass pre-commit's checks, and its coachplan commands run."""

from __future__ import annotations

import re
import shlex
import subprocess
import sys
from pathlib import Path

import pytest

from coachplan.core.rulebook.examples import BASE
from tests.conftest import AS_OF, Workspace

ROOT = Path(__file__).parent.parent
DOCS = (ROOT / "docs" / "ci.md").read_text(encoding="utf-8")
BLOCKS = re.findall(r"<!-- check: ([a-z-]+) -->\n```yaml\n(.*?)```", DOCS, re.DOTALL)
CHECKS = {
    "github-workflow": [
        ("check_jsonschema", "--builtin-schema", "vendor.github-workflows"),
        ("check_jsonschema", "--builtin-schema", "custom.github-workflows-require-timeout"),
    ],
    "gitlab-ci": [("check_jsonschema", "--builtin-schema", "vendor.gitlab-ci")],
    "pre-commit-config": [("pre_commit", "validate-config")],
}


def test_every_kind_of_block_is_there() -> None:
    assert sorted({kind for kind, _ in BLOCKS}) == sorted(CHECKS)


@pytest.mark.parametrize(("kind", "body"), BLOCKS, ids=[kind for kind, _ in BLOCKS])
def test_ci_files_pass_their_schemas(kind: str, body: str, tmp_path: Path) -> None:
    path = tmp_path / f"{kind}.yaml"
    path.write_text(body, encoding="utf-8")
    for module, *args in CHECKS[kind]:
        result = subprocess.run(
            [sys.executable, "-m", module, *args, str(path)],
            capture_output=True,
            text=True,
            check=False,
        )
        assert result.returncode == 0, result.stdout + result.stderr


def test_hooks_manifest_passes_pre_commit() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "pre_commit", "validate-manifest", ".pre-commit-hooks.yaml"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr


COMMANDS = sorted(
    set(
        re.findall(r"coachplan (validate [^\n|>]*?)\s*(?:\n|>>|$)", "\n".join(b for _, b in BLOCKS))
    )
)


@pytest.mark.parametrize("command", COMMANDS)
def test_documented_validate_commands_run(ws: Workspace, command: str) -> None:
    ws.write("agent-2291", BASE)
    result = ws.run(*shlex.split(command), "--as-of", AS_OF)
    assert result.exit_code == 0, result.stderr


def test_documented_textconv_command_is_the_tested_one() -> None:
    assert 'git config diff.coachplan.textconv "coachplan diff --textconv"' in DOCS
    assert "plans/*.toml diff=coachplan" in DOCS


SETTINGS = re.findall(r"<!-- check: settings -->\n```toml\n(.*?)```", DOCS, re.DOTALL)
# A draft whose goal has no metric (S201): a warning, since the plan is a draft.
DRAFT = BASE.replace('status = "active"', 'status = "draft"').split("[[goals.metrics]]")[0]


def test_drafts_fail_ci_with_strict_or_the_documented_severity(ws: Workspace) -> None:
    ws.write("draft", DRAFT)
    relaxed = ws.run("validate", "--as-of", AS_OF)
    assert relaxed.exit_code == 0 and "S201" in relaxed.stdout
    assert "coachplan validate --strict" in DOCS
    assert ws.run("validate", "--strict", "--as-of", AS_OF).exit_code == 1
    (settings,) = SETTINGS
    (ws.root / "coachplan.toml").write_text('plans_dir = "plans"\n' + settings)
    failed = ws.run("validate", "--as-of", AS_OF)
    assert failed.exit_code == 1
    assert "error S201" in failed.stdout


def test_pre_commit_rev_says_what_to_put_there() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for text in (DOCS, readme):
        revs = re.findall(r"^ *rev: (.*)$", text, re.MULTILINE)
        assert revs
        for rev in revs:
            assert re.fullmatch(r"v\d+\.\d+\.\d+ +# a tag your team creates.*commit.*", rev), rev
