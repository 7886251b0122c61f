"""`coachplan edit`: $EDITOR on a copy; the plan changes only when the edited text loads."""

from __future__ import annotations

import re
import sys
import tomllib
from datetime import date
from pathlib import Path

import pytest

from tests.conftest import Workspace
from tests.editing_plans import COMMENTED, line_changes

# The "editor": a script that applies the n-th replacement of EDITS to the file it is given
# (n counts the editor's runs), so a test can play a person editing, saving, editing again.
EDITOR = """\
import json, pathlib, sys
here = pathlib.Path(__file__).parent
edits = json.loads((here / "edits.json").read_text())
runs = here / "runs"
n = int(runs.read_text()) if runs.exists() else 0
runs.write_text(str(n + 1))
old, new, status = edits[min(n, len(edits) - 1)]
target = pathlib.Path(sys.argv[1])
text = target.read_text()
target.write_text(text.replace(old, new) if old else new)
also = here / "also.txt"
if also.exists():  # someone else changes the real plan meanwhile
    plan, content = also.read_text().split("\\n", 1)
    pathlib.Path(plan).write_text(content)
sys.exit(status)
"""


@pytest.fixture
def editor(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "editor"
    folder.mkdir()
    (folder / "editor.py").write_text(EDITOR)
    monkeypatch.delenv("VISUAL", raising=False)
    monkeypatch.setenv("EDITOR", f"{sys.executable} {folder / 'editor.py'}")
    return folder


def edits(folder: Path, *steps: tuple[str, str] | tuple[str, str, int]) -> None:
    import json

    (folder / "edits.json").write_text(json.dumps([[*s, 0][:3] for s in steps]))


def runs(folder: Path) -> int:
    return int((folder / "runs").read_text())


NEW_TARGET = ("target = 60", "target = 70")


def test_saved_edit_is_kept_with_comments_and_a_revision(ws: Workspace, editor: Path) -> None:
    ws.write("agent-2291", COMMENTED)
    edits(editor, NEW_TARGET)
    result = ws.run("edit", "agent-2291", "--reason", "Raised the target after October")
    assert result.exit_code == 0, result.stderr
    text = ws.read("agent-2291")
    removed, added = line_changes(COMMENTED, text)
    assert removed == ["target = 60\n"]
    assert added[0] == "target = 70\n"
    assert text.endswith(
        f"\n[[revisions]]\ndate = {date.today()}\n"
        'summary = "Raised the target after October"\n\n# end of plan\n'
    )
    assert "recorded a revision" in result.stderr


def test_edit_with_its_own_revision_adds_none(ws: Workspace, editor: Path) -> None:
    ws.write("agent-2291", COMMENTED)
    own = '\n[[revisions]]\ndate = 2026-11-20\nsummary = "Raised the target"\n'
    edited = COMMENTED.replace("target = 60", "target = 70") + own
    edits(editor, ("", edited))
    result = ws.run("edit", "agent-2291")
    assert result.exit_code == 0, result.stderr
    assert ws.read("agent-2291") == edited
    assert "recorded a revision" not in result.stderr


def test_progress_only_edit_adds_no_revision(ws: Workspace, editor: Path) -> None:
    ws.write("agent-2291", COMMENTED)
    edits(editor, ("rating = 4", "rating = 5"))
    assert ws.run("edit", "agent-2291").exit_code == 0
    assert ws.read("agent-2291") == COMMENTED.replace("rating = 4", "rating = 5")


def test_unchanged_edit(ws: Workspace, editor: Path) -> None:
    ws.write("agent-2291", COMMENTED)
    edits(editor, ("", COMMENTED))
    result = ws.run("edit", "agent-2291")
    assert result.exit_code == 0 and "no changes" in result.stderr
    assert ws.read("agent-2291") == COMMENTED


def test_broken_edit_is_refused_and_kept_aside(ws: Workspace, editor: Path) -> None:
    ws.write("agent-2291", COMMENTED)
    edits(editor, ('kind = "leadership"', 'kind = "leadership'))
    result = ws.run("edit", "agent-2291")
    assert result.exit_code == 2
    assert ws.read("agent-2291") == COMMENTED
    assert "plans/agent-2291.toml:4:" in result.stderr and "TOML syntax error" in result.stderr
    kept = re.search(r"your edited text is in (\S+?)\)", result.stderr)
    assert kept is not None
    assert 'kind = "leadership\n' in Path(kept.group(1)).read_text()
    Path(kept.group(1)).unlink()


def test_invalid_plan_edit_is_refused(ws: Workspace, editor: Path) -> None:
    ws.write("agent-2291", COMMENTED)
    edits(editor, ('status = "active"', 'status = "finished"'))
    result = ws.run("edit", "agent-2291")
    assert result.exit_code == 2 and ws.read("agent-2291") == COMMENTED
    assert "plans/agent-2291.toml:5:1:" in result.stderr
    assert "finished" in result.stderr


def test_force_keeps_a_broken_result(ws: Workspace, editor: Path) -> None:
    ws.write("agent-2291", COMMENTED)
    edits(editor, ('status = "active"', 'status = "finished"'))
    result = ws.run("edit", "agent-2291", "--force")
    assert result.exit_code == 0
    assert 'status = "finished"' in ws.read("agent-2291")
    assert "still does not load" in result.stderr


def test_on_a_terminal_errors_offer_to_edit_again(
    ws: Workspace, editor: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("coachplan.cli.options.stdin_is_terminal", lambda: True)
    ws.write("agent-2291", COMMENTED)
    edits(editor, ("target = 60", "target = sixty"), ("target = sixty", "target = 65"))
    result = ws.run("edit", "agent-2291", input="y\nAgreed a lower bar\n")
    assert result.exit_code == 0, result.stderr
    assert runs(editor) == 2
    assert "Edit again?" in result.stdout
    data = tomllib.loads(ws.read("agent-2291"))
    assert data["goals"][0]["metrics"][0]["target"] == 65
    assert data["revisions"][-1]["summary"] == "Agreed a lower bar"


def test_on_a_terminal_declining_keeps_the_original(
    ws: Workspace, editor: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("coachplan.cli.options.stdin_is_terminal", lambda: True)
    ws.write("agent-2291", COMMENTED)
    edits(editor, ("target = 60", "target = sixty"))
    result = ws.run("edit", "agent-2291", input="n\n")
    assert result.exit_code == 2 and runs(editor) == 1
    assert ws.read("agent-2291") == COMMENTED


def test_editor_failure_changes_nothing(ws: Workspace, editor: Path) -> None:
    ws.write("agent-2291", COMMENTED)
    edits(editor, ("target = 60", "target = 70", 3))
    result = ws.run("edit", "agent-2291")
    assert result.exit_code == 2 and "exited with status 3" in result.stderr
    assert ws.read("agent-2291") == COMMENTED


def test_missing_editor(ws: Workspace, monkeypatch: pytest.MonkeyPatch) -> None:
    ws.write("agent-2291", COMMENTED)
    monkeypatch.delenv("VISUAL", raising=False)
    monkeypatch.setenv("EDITOR", "no-such-editor-anywhere")
    result = ws.run("edit", "agent-2291")
    assert result.exit_code == 2 and "cannot run the editor" in result.stderr
    assert "EDITOR" in result.stderr


def test_plan_changed_on_disk_while_editing(ws: Workspace, editor: Path) -> None:
    path = ws.write("agent-2291", COMMENTED)
    edits(editor, NEW_TARGET)
    meanwhile = COMMENTED.replace("rating = 4", "rating = 5")
    (editor / "also.txt").write_text(f"{path}\n{meanwhile}")
    result = ws.run("edit", "agent-2291")
    assert result.exit_code == 2
    assert "changed on disk while it was being edited" in result.stderr
    assert ws.read("agent-2291") == meanwhile  # the other change survives
    kept = re.search(r"your edited text is in (\S+?)\)", result.stderr)
    assert kept is not None and "target = 70" in Path(kept.group(1)).read_text()
    Path(kept.group(1)).unlink()


@pytest.mark.parametrize(
    "broken",
    [
        COMMENTED.replace(
            'checkin_every = "fortnightly"', 'checkin_every = "fortnightly"\nmood = 1'
        ),
        COMMENTED.replace('title = "Step up to team lead"', 'title = "Step up'),
    ],
    ids=["unknown-key", "toml-syntax"],
)
def test_edit_repairs_a_plan_that_does_not_load(ws: Workspace, editor: Path, broken: str) -> None:
    ws.write("agent-2291", broken)
    assert ws.run("checkin", "agent-2291", "--notes", "x").exit_code == 2
    edits(editor, ("", COMMENTED))
    result = ws.run("edit", "agent-2291")
    assert result.exit_code == 0, result.stderr
    assert ws.read("agent-2291") == COMMENTED


def test_an_edit_that_brings_a_new_error_is_refused_and_kept_aside(
    ws: Workspace, editor: Path
) -> None:
    ws.write("agent-2291", COMMENTED)
    edits(editor, ("date = 2026-11-20", "date = 2099-11-20"))
    result = ws.run("edit", "agent-2291")
    assert result.exit_code == 2 and ws.read("agent-2291") == COMMENTED
    line = COMMENTED[: COMMENTED.index("date = 2026-11-20")].count("\n") + 1
    assert f"  plans/agent-2291.toml:{line}:1: R105 check-in is dated 2099-11-20" in result.stderr
    assert "the edited plan has 1 problem (listed above)" in result.stderr
    kept = re.search(r"your edited text is in (\S+?)\)", result.stderr)
    assert kept is not None and "date = 2099-11-20" in Path(kept.group(1)).read_text()
    Path(kept.group(1)).unlink()


def test_on_a_terminal_a_new_error_offers_to_edit_again(
    ws: Workspace, editor: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("coachplan.cli.options.stdin_is_terminal", lambda: True)
    ws.write("agent-2291", COMMENTED)
    edits(editor, ("date = 2026-11-20", "date = 2099-11-20"), ("2099-11-20", "2026-11-19"))
    result = ws.run("edit", "agent-2291", input="y\n")
    assert result.exit_code == 0, result.stderr
    assert runs(editor) == 2 and "Edit again?" in result.stdout
    assert ws.read("agent-2291") == COMMENTED.replace("date = 2026-11-20", "date = 2026-11-19")


def test_force_keeps_an_edit_with_a_new_error_and_warns(ws: Workspace, editor: Path) -> None:
    ws.write("agent-2291", COMMENTED)
    edits(editor, ("date = 2026-11-20", "date = 2099-11-20"))
    result = ws.run("edit", "agent-2291", "--force")
    assert result.exit_code == 0, result.stderr
    assert "date = 2099-11-20" in ws.read("agent-2291")
    assert "warning: plans/agent-2291.toml:" in result.stderr and "R105" in result.stderr
