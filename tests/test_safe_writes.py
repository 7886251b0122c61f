"""Writes are atomic and serialised: a crash or a second writer never costs a change."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import tomllib
from pathlib import Path
from typing import Any

import pytest

from coachplan.files.lock import plan_lock
from tests.conftest import Workspace
from tests.editing_plans import COMMENTED

ROOT = Path(__file__).resolve().parent.parent


def _python(ws: Workspace, script: str, *args: str) -> subprocess.Popen[str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT), "NO_COLOR": "1"}
    return subprocess.Popen(
        [sys.executable, "-c", textwrap.dedent(script), *args],
        cwd=ws.root,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def _others(ws: Workspace) -> list[str]:
    return sorted(p.name for p in ws.plans.iterdir() if p.name != "agent-2291.toml")


@pytest.mark.parametrize("failure", [OSError("disk full"), KeyboardInterrupt()])
def test_failure_between_temp_write_and_replace_keeps_the_old_file(
    ws: Workspace, monkeypatch: pytest.MonkeyPatch, failure: BaseException
) -> None:
    ws.write("agent-2291", COMMENTED)
    seen: list[str] = []

    def fail(src: Any, dst: Any) -> None:
        seen.append(Path(src).read_text(encoding="utf-8"))  # the new text was written
        raise failure

    monkeypatch.setattr("coachplan.files.store.os.replace", fail)
    result = ws.run("checkin", "agent-2291", "--date", "2026-11-21", "--notes", "Talked")
    assert result.exit_code in (2, 130)
    assert "Traceback" not in result.stderr
    assert seen and 'notes = "Talked"' in seen[0]
    assert ws.read("agent-2291") == COMMENTED
    assert _others(ws) == []  # the temporary file is removed


KILLER = """
    import os, signal, sys
    from coachplan.cli import main

    def die(*args):
        os.kill(os.getpid(), signal.SIGKILL)

    setattr(os, sys.argv.pop(1), die)
    main(sys.argv[1:])
"""


@pytest.mark.parametrize("at", ["fsync", "replace"])
def test_process_killed_midway_leaves_the_old_file_whole(ws: Workspace, at: str) -> None:
    path = ws.write("agent-2291", COMMENTED)
    process = _python(ws, KILLER, at, "measure", "agent-2291", "escalations-handled", "30")
    process.communicate(timeout=60)
    assert process.returncode == -signal.SIGKILL
    assert path.read_text(encoding="utf-8") == COMMENTED
    # A killed process cannot clean up its temporary file; it is never taken for a plan.
    assert all(name.startswith(".agent-2291.toml.") for name in _others(ws))
    assert ws.run("validate", "--as-of", "2026-11-22").exit_code == 0


SLOW_WRITER = """
    import sys, time
    import coachplan.engine.update as update
    from coachplan.cli import main

    real = update.apply
    def slow(*args, **kwargs):
        result = real(*args, **kwargs)
        time.sleep(0.15)  # widen the window between reading and writing
        return result

    update.apply = slow
    main(sys.argv[1:])
"""


def test_concurrent_writers_keep_every_change(ws: Workspace) -> None:
    ws.write("agent-2291", COMMENTED)
    days = [f"2026-10-{day:02d}" for day in range(1, 7)]
    metric = ("measure", "agent-2291", "escalations-handled")
    processes = [
        *(_python(ws, SLOW_WRITER, *metric, str(i), "--date", d) for i, d in enumerate(days)),
        *(_python(ws, SLOW_WRITER, "checkin", "agent-2291", "--date", d) for d in days),
    ]
    for process in processes:
        _out, err = process.communicate(timeout=120)
        assert process.returncode == 0, err
    data = tomllib.loads(ws.read("agent-2291"))
    measured = {str(m["date"]) for m in data["goals"][0]["metrics"][0]["measurements"]}
    checked_in = {str(c["date"]) for c in data["checkins"]}
    assert measured >= set(days) and checked_in >= set(days)
    assert len(data["checkins"]) == 1 + len(days)
    assert "# end of plan" in ws.read("agent-2291")


def test_a_writer_that_does_not_lock_is_detected_and_the_change_redone(
    ws: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = ws.write("agent-2291", COMMENTED)
    import coachplan.engine.update as update

    real = update.apply
    calls: list[int] = []

    def meanwhile(*args: Any, **kwargs: Any) -> Any:
        result = real(*args, **kwargs)
        if not calls:  # an editor saves the file while the command is working
            path.write_text(
                COMMENTED.replace("rating = 4\n", 'rating = 4\nnext_steps = "Saved by hand"\n'),
                encoding="utf-8",
            )
        calls.append(1)
        return result

    monkeypatch.setattr(update, "apply", meanwhile)
    result = ws.run("checkin", "agent-2291", "--date", "2026-11-21", "--notes", "Talked")
    assert result.exit_code == 0, result.stderr
    text = ws.read("agent-2291")
    assert 'next_steps = "Saved by hand"' in text and 'notes = "Talked"' in text
    assert len(calls) == 2


def test_a_held_lock_makes_a_writer_wait_then_give_up(
    ws: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = ws.write("agent-2291", COMMENTED)
    monkeypatch.setattr("coachplan.files.lock.WAIT_SECONDS", 0.2)
    with plan_lock(path):
        result = ws.run("checkin", "agent-2291", "--notes", "Talked")
    assert result.exit_code == 2
    assert "another coachplan command is changing this plan" in result.stderr
    assert ws.read("agent-2291") == COMMENTED
    assert ws.run("checkin", "agent-2291", "--notes", "Talked").exit_code == 0


def test_lock_follows_a_replaced_file(tmp_path: Path) -> None:
    path = tmp_path / "plan.toml"
    path.write_text("a = 1\n")
    with plan_lock(path):
        replacement = tmp_path / "new.toml"
        replacement.write_text("a = 2\n")
        os.replace(replacement, path)
    # The old inode's lock is gone with it; the new file can be locked at once.
    with plan_lock(path, wait=0.1):
        assert path.read_text() == "a = 2\n"
