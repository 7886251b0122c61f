"""`coachplan fmt`: one canonical layout, idempotent, and nothing a person wrote is lost."""

from __future__ import annotations

from coachplan.core.rulebook.examples import BASE
from tests.conftest import Workspace, assert_golden

SHUFFLED = """\
title = "Step up to team lead"
format = 1
status = "active"
kind = "leadership"
coach = "Team lead T1"
coachee = "Agent 2291"
end = 2027-02-28
start = 2026-09-01
checkin_every = "fortnightly"

[[goals]]
due = 2026-12-15
id = "delegate-roster"
statement = "Hand ownership of the weekly roster to two senior agents"
relevant_to = "Team-lead readiness"
metrics = [{ id = "escalations", description = "Escalations a week", unit = "escalations", baseline = 14, target = 4, measurements = [{ value = 12, date = 2026-09-15, note = "first week with the new rota; two agents trained" }] }]

[[signoffs]]
name = "Team lead T1"
role = "coach"
date = 2026-09-04
"""


def test_canonical_layout_golden(ws: Workspace) -> None:
    ws.write("shuffled", SHUFFLED)
    result = ws.run("fmt")
    assert result.exit_code == 0
    assert "1 file reformatted" in result.stderr
    assert_golden("fmt-shuffled.toml", ws.read("shuffled"))


def test_fmt_is_idempotent_and_check_passes_after(ws: Workspace) -> None:
    ws.write("shuffled", SHUFFLED)
    assert ws.run("fmt", "--check").exit_code == 1
    ws.run("fmt")
    once = ws.read("shuffled")
    assert ws.run("fmt").exit_code == 0
    assert ws.read("shuffled") == once
    assert ws.run("fmt", "--check").exit_code == 0


def test_base_plan_is_canonical(ws: Workspace) -> None:
    ws.write("plan", BASE)
    result = ws.run("fmt", "--check")
    assert result.exit_code == 0, result.stderr


def test_check_and_diff_change_nothing(ws: Workspace) -> None:
    ws.write("shuffled", SHUFFLED)
    check = ws.run("fmt", "--check")
    assert check.exit_code == 1
    assert "would reformat plans/shuffled.toml" in check.stderr
    diff = ws.run("fmt", "--diff")
    assert diff.exit_code == 1
    assert diff.stdout.startswith("--- a/plans/shuffled.toml\n+++ b/plans/shuffled.toml\n")
    assert ws.read("shuffled") == SHUFFLED


def test_comments_are_never_dropped_without_force(ws: Workspace) -> None:
    text = "# agreed in the September review\n" + SHUFFLED
    ws.write("commented", text)
    result = ws.run("fmt")
    assert result.exit_code == 2
    assert "has comments" in result.stderr
    assert ws.read("commented") == text
    assert "has comments" in ws.run("fmt", "--check").stderr
    forced = ws.run("fmt", "--force")
    assert forced.exit_code == 0
    assert "#" not in ws.read("commented")


def test_hash_inside_strings_is_not_a_comment(ws: Workspace) -> None:
    text = SHUFFLED.replace("Team-lead readiness", "Team-lead readiness (#2 priority)")
    ws.write("hash", text)
    assert ws.run("fmt").exit_code == 0


def test_bom_and_crlf_are_repaired(ws: Workspace) -> None:
    (ws.plans / "windows.toml").write_bytes(b"\xef\xbb\xbf" + BASE.replace("\n", "\r\n").encode())
    assert ws.run("validate", "plans/windows.toml").exit_code == 2
    assert ws.run("fmt").exit_code == 0
    assert (ws.plans / "windows.toml").read_bytes() == BASE.encode()


def test_invalid_plan_is_not_touched(ws: Workspace) -> None:
    text = BASE.replace("format = 1", "format = 2")
    ws.write("future", text)
    result = ws.run("fmt")
    assert result.exit_code == 2
    assert "plans/future.toml:1:1: unsupported format version" in result.stderr
    assert ws.read("future") == text


def test_file_mode_is_kept(ws: Workspace) -> None:
    path = ws.write("shuffled", SHUFFLED)
    path.chmod(0o600)
    ws.run("fmt")
    assert path.stat().st_mode & 0o777 == 0o600
    assert not [p.name for p in ws.plans.iterdir() if p.name.startswith(".")]
