"""`fmt` on plans with comments: a BOM and CRLF are repaired, the comments never lost.

Following the hint of a BOM or CRLF refusal must not cost anyone their comments, and teams
that keep comments in plans can run the fmt hook with --keep-comments.
"""

from __future__ import annotations

from coachplan.core.rulebook.examples import BASE
from tests.conftest import AS_OF, Workspace
from tests.editing_plans import COMMENTED
from tests.test_fmt import SHUFFLED

WINDOWS = b"\xef\xbb\xbf" + COMMENTED.replace("\n", "\r\n").encode()
CRLF_ONLY = COMMENTED.replace("\n", "\r\n").encode()
REPAIRED = COMMENTED.encode()
REFUSAL = (
    "has comments that the canonical layout would drop; layout left unchanged (pass "
    "--keep-comments to keep such files as written, or --force to reformat and drop the "
    "comments)"
)


def test_fmt_repairs_bom_and_crlf_of_a_commented_plan_byte_for_byte(ws: Workspace) -> None:
    path = ws.plans / "agent-2291.toml"
    path.write_bytes(WINDOWS)
    result = ws.run("fmt", "plans/agent-2291.toml")
    assert path.read_bytes() == REPAIRED
    assert result.exit_code == 2  # the layout change itself is still refused
    assert result.stderr == (
        "plans/agent-2291.toml: removed the byte-order mark; converted CRLF line endings to "
        "LF; comments and layout kept\n"
        f"coachplan: error: plans/agent-2291.toml:1:1: {REFUSAL}\n"
        "0 files reformatted, 0 left unchanged, 1 repaired (BOM or line endings only), "
        "1 refused\n"
    )
    assert ws.run("validate", "--as-of", AS_OF).exit_code == 0


def test_keep_comments_repairs_and_succeeds(ws: Workspace) -> None:
    path = ws.plans / "agent-2291.toml"
    path.write_bytes(CRLF_ONLY)
    result = ws.run("fmt", "--keep-comments")
    assert result.exit_code == 0, result.stderr
    assert path.read_bytes() == REPAIRED
    assert result.stderr.endswith(
        "0 files reformatted, 0 left unchanged, 1 repaired (BOM or line endings only), "
        "1 with comments kept as written\n"
    )
    again = ws.run("fmt", "--keep-comments")
    assert again.exit_code == 0 and path.read_bytes() == REPAIRED


def test_the_hint_of_a_crlf_refusal_keeps_the_comments(ws: Workspace) -> None:
    path = ws.plans / "agent-2291.toml"
    path.write_bytes(CRLF_ONLY)
    refused = ws.run("validate", "--as-of", AS_OF, "--format", "concise")
    assert refused.exit_code == 2
    hint = f"run `coachplan fmt --keep-comments {path}`"
    assert hint in refused.stdout + refused.stderr
    assert ws.run("fmt", "--keep-comments", str(path)).exit_code == 0
    assert path.read_bytes() == REPAIRED
    assert ws.run("validate", "--as-of", AS_OF).exit_code == 0


def test_the_hint_of_a_bom_refusal_keeps_the_comments(ws: Workspace) -> None:
    path = ws.plans / "agent-2291.toml"
    path.write_bytes(b"\xef\xbb\xbf" + REPAIRED)
    refused = ws.run("validate", "--as-of", AS_OF, "--format", "concise")
    assert f"run `coachplan fmt --keep-comments {path}`" in refused.stdout + refused.stderr


def test_check_reports_a_repair_without_writing(ws: Workspace) -> None:
    path = ws.plans / "agent-2291.toml"
    path.write_bytes(WINDOWS)
    check = ws.run("fmt", "--check", "--keep-comments")
    assert check.exit_code == 1 and path.read_bytes() == WINDOWS
    assert (
        "would repair plans/agent-2291.toml: removed the byte-order mark; converted CRLF "
        "line endings to LF\n" in check.stderr
    )
    path.write_bytes(REPAIRED)
    assert ws.run("fmt", "--check", "--keep-comments").exit_code == 0


def test_the_refusal_names_the_line_and_column_of_the_first_comment(ws: Workspace) -> None:
    text = BASE.replace("target = 60\n", "target = 60  # agreed in September\n")
    ws.write("agent-2291", text)
    line = text[: text.index("target = 60")].count("\n") + 1
    result = ws.run("fmt")
    assert result.exit_code == 2 and ws.read("agent-2291") == text
    assert f"coachplan: error: plans/agent-2291.toml:{line}:14: {REFUSAL}\n" in result.stderr
    check = ws.run("fmt", "--check")
    assert check.exit_code == 1
    assert f"(it has comments from plans/agent-2291.toml:{line}:14," in check.stderr


def test_schema_directives_are_not_the_first_comment(ws: Workspace) -> None:
    text = "#:schema ./plan.schema.json\n" + BASE.replace("rating = 4\n", "rating = 4 # ok\n")
    ws.write("agent-2291", text)
    line = text[: text.index("rating = 4")].count("\n") + 1
    assert f"plans/agent-2291.toml:{line}:12: has comments" in ws.run("fmt").stderr


def test_keep_comments_still_formats_plans_without_comments(ws: Workspace) -> None:
    ws.write("commented", COMMENTED)
    ws.write("shuffled", SHUFFLED)
    result = ws.run("fmt", "--keep-comments")
    assert result.exit_code == 0, result.stderr
    assert ws.read("commented") == COMMENTED
    assert ws.read("shuffled") != SHUFFLED
    assert ws.run("fmt", "--check", "--keep-comments").exit_code == 0


def test_force_and_keep_comments_exclude_each_other(ws: Workspace) -> None:
    ws.write("commented", COMMENTED)
    result = ws.run("fmt", "--force", "--keep-comments")
    assert result.exit_code == 2 and "not both" in result.stderr
    assert ws.read("commented") == COMMENTED


def _documented_fmt_hook() -> list[str]:
    """The fmt hook's command as docs/ci.md configures it: the manifest's entry + args."""
    import re
    from pathlib import Path

    import yaml

    root = Path(__file__).parent.parent
    manifest = yaml.safe_load((root / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    entry = next(h["entry"] for h in manifest if h["id"] == "coachplan-fmt")
    docs = (root / "docs" / "ci.md").read_text(encoding="utf-8")
    block = re.findall(r"<!-- check: pre-commit-config -->\n```yaml\n(.*?)```", docs, re.S)[0]
    hooks = yaml.safe_load(block)["repos"][0]["hooks"]
    args = next(h.get("args", []) for h in hooks if h["id"] == "coachplan-fmt")
    return [*entry.split()[1:], *args]


def test_the_documented_fmt_hook_passes_on_plans_with_comments(ws: Workspace) -> None:
    ws.write("agent-2291", COMMENTED)
    (ws.plans / "windows.toml").write_bytes(WINDOWS)
    ws.write("shuffled", SHUFFLED)
    files = ["plans/agent-2291.toml", "plans/windows.toml", "plans/shuffled.toml"]
    first = ws.run(*_documented_fmt_hook(), *files)
    assert first.exit_code == 0, first.stderr
    assert ws.read("agent-2291") == COMMENTED
    assert (ws.plans / "windows.toml").read_bytes() == REPAIRED
    assert ws.run("fmt", "--check", "plans/shuffled.toml").exit_code == 0
    second = ws.run(*_documented_fmt_hook(), *files)
    assert second.exit_code == 0 and ws.read("agent-2291") == COMMENTED
