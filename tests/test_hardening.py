"""Files are what they seem, the operating system may say no, and work is bounded.

Symlinked plans in every writing command, `new` racing itself, the safe reader for every
input (textconv, git blobs), full disks and read-only directories, `init` on a file,
calendars and edits that would run for minutes, integers beyond 64 bits.
"""

from __future__ import annotations

import errno
import os
import shlex
import subprocess
import sys
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from coachplan.core.model import Plan
from coachplan.core.rulebook.examples import BASE
from coachplan.engine.update import MAX_EDIT_BYTES
from coachplan.files.loader import load_plan
from coachplan.reports.calendar import MAX_PLAN_EVENTS, plan_events
from tests.conftest import AS_OF, Workspace
from tests.readers import snapshot

ROOT = Path(__file__).resolve().parent.parent

# Every command that writes a plan, each as it would change BASE.
WRITERS = [
    ["checkin", "p", "--date", "2026-11-21", "--notes", "Talked"],
    ["measure", "p", "escalations-handled", "30", "--date", "2026-11-21"],
    ["status", "p", "paused"],
    ["feedback", "p", "--source", "peer", "--comment", "Good", "--date", "2026-11-21"],
    ["signoff", "p", "--role", "coach", "--date", "2026-11-21"],
    ["goal", "add", "p", "g2", "--statement", "Lead", "--relevant-to", "x", "--due", "2026-12-01"],
    ["action", "add", "p", "a2", "--description", "Read", "--goal", "delegate-roster"],
    ["milestone", "add", "p", "m2", "--title", "Half way", "--due", "2026-12-01"],
    ["action", "done", "p", "shadow-planning", "--date", "2026-11-21"],
]


# -- 2. files are what they seem ---------------------------------------------------------


@pytest.mark.parametrize("argv", WRITERS, ids=lambda a: " ".join(a[:2]))
def test_writing_commands_refuse_a_symlinked_plan_and_leave_link_and_target(
    ws: Workspace, argv: list[str]
) -> None:
    shared = ws.root / "shared"
    shared.mkdir()
    (shared / "p.toml").write_text(BASE, encoding="utf-8")
    (ws.plans / "p.toml").symlink_to(Path("..") / "shared" / "p.toml")
    result = ws.run(*argv, "--no-input")
    assert result.exit_code == 2, result.stderr
    assert "is a symbolic link (to ../shared/p.toml); not changed" in result.stderr
    assert (ws.plans / "p.toml").is_symlink()
    assert os.readlink(ws.plans / "p.toml") == "../shared/p.toml"
    assert (shared / "p.toml").read_text(encoding="utf-8") == BASE
    assert ws.run("show", "p", "--as-of", AS_OF).exit_code == 0  # still read through it


def test_edit_refuses_a_symlinked_plan_too(ws: Workspace, monkeypatch: pytest.MonkeyPatch) -> None:
    (ws.root / "p.toml").write_text(BASE, encoding="utf-8")
    (ws.plans / "p.toml").symlink_to(ws.root / "p.toml")
    editor = ws.root / "editor.sh"
    editor.write_text('#!/bin/sh\necho "# edited" >> "$1"\n', encoding="utf-8")
    editor.chmod(0o755)
    monkeypatch.setenv("EDITOR", str(editor))
    monkeypatch.setenv("VISUAL", str(editor))
    result = ws.run("edit", "p")
    assert result.exit_code == 2
    assert "symbolic link" in result.stderr
    assert (ws.plans / "p.toml").is_symlink()
    assert (ws.root / "p.toml").read_text(encoding="utf-8") == BASE


NEW_RACE = """
import sys
from coachplan.cli import main
main(["new", "race", "--coachee", sys.argv[1], "--coach", "Team lead T1", "--kind", "coaching",
      "--no-input"])
"""


def test_new_with_the_same_id_at_once_creates_one_whole_plan(ws: Workspace) -> None:
    env = {**os.environ, "PYTHONPATH": str(ROOT), "NO_COLOR": "1"}
    for _round in range(2):
        (ws.plans / "race.toml").unlink(missing_ok=True)
        processes = [
            subprocess.Popen(
                [sys.executable, "-c", NEW_RACE, f"Agent {n}"],
                cwd=ws.root,
                env=env,
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                text=True,
            )
            for n in range(4)
        ]
        outcomes = [(p.wait(timeout=120), p.stderr.read()) for p in processes]  # type: ignore[union-attr]
        created = [n for n, (code, err) in enumerate(outcomes) if code == 0]
        assert len(created) == 1, outcomes
        for n, (code, err) in enumerate(outcomes):
            assert "internal error" not in err
            if n not in created:
                assert code == 2 and "already exists" in err, err
        # The plan holds the coachee of the process that said it created it.
        assert load_plan(ws.plans / "race.toml").coachee == f"Agent {created[0]}"
        assert sorted(p.name for p in ws.plans.iterdir()) == ["race.toml"]


def test_new_that_loses_a_race_says_already_exists_and_leaves_the_winners_plan(
    ws: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The interleaving that went wrong, made certain: another `new` of the same id runs
    whole between this one's writing its text and linking it into place."""
    from coachplan.core.templates import new_plan_data
    from coachplan.engine.writing import write_new_plan

    real_link = os.link
    path = ws.plans / "race.toml"

    def other_writer_first(src: Any, dst: Any, **kwargs: Any) -> None:
        monkeypatch.setattr(os, "link", real_link)
        data = new_plan_data(
            kind="coaching",
            template="coaching",
            title="Plan of the other",
            coachee="Agent 2",
            coach="Team lead T1",
            sponsor=None,
            start=date(2026, 9, 1),
            end=date(2026, 12, 1),
            cadence="weekly",
        )
        write_new_plan(path, data)
        real_link(src, dst, **kwargs)

    monkeypatch.setattr(os, "link", other_writer_first)
    argv = "new race --coachee 'Agent 1' --coach 'Team lead T1' --kind coaching --no-input"
    result = ws.run(*shlex.split(argv))
    assert result.exit_code == 2
    assert result.stderr == "coachplan: error: plans/race.toml: already exists\n"
    assert load_plan(path).coachee == "Agent 2"
    assert sorted(p.name for p in ws.plans.iterdir()) == ["race.toml"]


def test_textconv_refuses_a_pipe_and_a_device_at_once(ws: Workspace) -> None:
    os.mkfifo(ws.root / "fifo")
    for target in (str(ws.root / "fifo"), "/dev/zero"):
        result = ws.run("diff", "--textconv", target)
        assert result.exit_code == 2
        assert "is not a regular file" in result.stderr


def test_textconv_refuses_a_file_over_the_limit(ws: Workspace) -> None:
    big = ws.root / "big.toml"
    with open(big, "wb") as handle:
        handle.truncate(17 * 2**20)  # sparse: 17 MB that take no disk
    result = ws.run("diff", "--textconv", str(big))
    assert result.exit_code == 2
    assert "larger than 16 MB" in result.stderr


def test_a_git_blob_over_the_limit_is_refused_before_it_is_read(
    ws: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", str(ws.root / "no-global-gitconfig"))
    monkeypatch.setenv("GIT_CONFIG_NOSYSTEM", "1")
    git = ["git", "-c", "user.name=T1", "-c", "user.email=t1@example.org"]
    subprocess.run([*git, "init", "-q", "-b", "main"], cwd=ws.root, check=True)
    ws.write("p", BASE)
    subprocess.run([*git, "add", "-A"], cwd=ws.root, check=True)
    subprocess.run([*git, "commit", "-qm", "p"], cwd=ws.root, check=True)
    monkeypatch.setattr("coachplan.files.gitrevs.MAX_PLAN_BYTES", len(BASE) - 1)
    result = ws.run("diff", "p", "HEAD")
    assert result.exit_code == 2
    assert "plans/p.toml: is larger than 0 MB at HEAD" in result.stderr


# -- 3. the operating system says no -------------------------------------------------------


def _no_space(*args: Any, **kwargs: Any) -> None:
    raise OSError(errno.ENOSPC, "No space left on device")


ENOSPC_RUNS = [
    ("checkin", ["checkin", "p", "--date", "2026-11-21", "--notes", "Talked"], "plans/p.toml"),
    (
        "new",
        ["new", "q", "--coachee", "Agent 1", "--coach", "Team lead T1", "--kind", "pip"],
        "plans/q.toml",
    ),
    ("schema", ["schema", "--output", "schema.json"], "schema.json"),
    ("report", ["report", "progress", "--output", "r.txt", "--as-of", AS_OF], "r.txt"),
    ("validate", ["validate", "--format", "json", "--output-file", "v.json"], "v.json"),
]


@pytest.mark.parametrize(("name", "argv", "path"), ENOSPC_RUNS, ids=[r[0] for r in ENOSPC_RUNS])
@pytest.mark.parametrize("at", ["fsync", "replace", "link", "mkstemp"])
def test_a_full_disk_is_one_line_naming_the_path_and_leaves_nothing(
    ws: Workspace, monkeypatch: pytest.MonkeyPatch, name: str, argv: list[str], path: str, at: str
) -> None:
    ws.write("p", BASE)
    before = snapshot(ws.root)
    target = {"mkstemp": "coachplan.files.store.tempfile.mkstemp"}.get(
        at, f"coachplan.files.store.os.{at}"
    )
    monkeypatch.setattr(target, _no_space)
    result = ws.run(*argv, "--no-input") if name in ("checkin", "new") else ws.run(*argv)
    if (at == "link" and name != "new") or (at == "replace" and name == "new"):
        return  # this command does not take that step
    assert result.exit_code == 2, result.stderr
    lines = result.stderr.splitlines()
    assert len(lines) == 1, lines
    assert lines[0].startswith(f"coachplan: error: {path}: cannot write: No space left on device")
    assert "internal error" not in result.stderr
    assert snapshot(ws.root) == before  # no temporary file, the old file whole


def test_a_directory_that_refuses_writes_is_one_line(
    ws: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    """What a read-only plans/ says (EACCES), simulated: root writes through chmod."""

    def refuse(*args: Any, **kwargs: Any) -> None:
        raise PermissionError(errno.EACCES, "Permission denied")

    ws.write("p", BASE)
    monkeypatch.setattr("coachplan.files.store.tempfile.mkstemp", refuse)
    result = ws.run("checkin", "p", "--date", "2026-11-21", "--notes", "x", "--no-input")
    assert result.exit_code == 2
    assert result.stderr == (
        "coachplan: error: plans/p.toml: cannot write: Permission denied; nothing written "
        "(check the permissions of the file and its directory)\n"
    )
    assert ws.read("p") == BASE


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes to a read-only directory anyway")
def test_a_read_only_plans_directory(ws: Workspace) -> None:
    ws.write("p", BASE)
    ws.plans.chmod(0o555)
    try:
        for argv in (
            ["checkin", "p", "--notes", "x"],
            ["new", "q", "--coachee", "A", "--coach", "B", "--kind", "pip"],
        ):
            result = ws.run(*argv, "--no-input")
            assert result.exit_code == 2
            assert "Permission denied" in result.stderr and "plans/" in result.stderr
    finally:
        ws.plans.chmod(0o755)
    assert ws.read("p") == BASE
    assert sorted(p.name for p in ws.plans.iterdir()) == ["p.toml"]


def test_a_plans_directory_that_is_a_file_is_one_line(ws: Workspace) -> None:
    """The part of "read-only" that root meets too: plans/ is not a directory at all."""
    ws.plans.rmdir()
    ws.plans.write_text("not a directory", encoding="utf-8")
    result = ws.run("new", "q", "--coachee", "A", "--coach", "B", "--kind", "pip", "--no-input")
    assert result.exit_code == 2
    assert "internal error" not in result.stderr
    assert result.stderr.startswith("coachplan: error: ")
    assert ws.plans.read_text(encoding="utf-8") == "not a directory"


def test_an_unexpected_os_error_is_one_line_with_the_path(
    ws: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(self: Any, **kwargs: Any) -> None:
        raise OSError(errno.EIO, "Input/output error", str(ws.plans))

    monkeypatch.setattr("coachplan.files.workspace.Workspace.plan_files", broken)
    result = ws.run("list")
    assert result.exit_code == 2
    assert result.stderr == f"coachplan: error: {ws.plans}: Input/output error\n"


def test_init_on_a_file_is_one_line_and_makes_nothing(tmp_path: Path) -> None:
    ws = Workspace(tmp_path)
    (tmp_path / "f").write_text("x", encoding="utf-8")
    for target in ("f", "f/sub"):
        result = ws.run("init", target)
        assert result.exit_code == 2
        assert result.stderr == (
            "coachplan: error: f: is a file, not a directory (choose another directory)\n"
        )
    assert sorted(p.name for p in tmp_path.iterdir()) == ["f"]


def test_a_failed_init_removes_what_it_made(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    ws = Workspace(tmp_path)
    (tmp_path / "d").mkdir()
    (tmp_path / "d" / "x").write_text("a file", encoding="utf-8")
    result = ws.run("init", "d", "--plans-dir", "x")
    assert result.exit_code == 2
    assert sorted(p.name for p in (tmp_path / "d").iterdir()) == ["x"]  # no coachplan.toml
    monkeypatch.setattr("coachplan.files.store.os.fsync", _no_space)
    result = ws.run("init", "new/team", "--schema")
    assert result.exit_code == 2
    assert "No space left on device" in result.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["d"]  # no empty new/team left


def test_an_empty_settings_file_is_an_empty_configuration(ws: Workspace) -> None:
    (ws.root / "coachplan.toml").write_bytes(b"")
    ws.write("p", BASE)
    result = ws.run("validate", "--as-of", AS_OF)
    assert (result.exit_code, result.stderr) == (0, "")


# -- 4. bounded work -----------------------------------------------------------------------


def _daily(end: str) -> str:
    return BASE.replace('checkin_every = "fortnightly"', 'checkin_every = "1 day"').replace(
        "end = 2027-02-28", f"end = {end}"
    )


def test_a_calendar_over_the_limit_is_refused_before_it_is_built(
    ws: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    ws.write("p", _daily("9999-12-31"))
    result = ws.run("export", "p", "--as-of", AS_OF, "--until", "9999-12-31")
    assert result.exit_code == 2
    assert result.stderr == (
        f"coachplan: error: p: its calendar would have more than {MAX_PLAN_EVENTS:,} events "
        "(give an earlier --until)\n"
    )
    # At the limit (made small: a real one takes seconds to write), the calendar is whole;
    # the limit of all plans together says so of the calendar.
    monkeypatch.setattr("coachplan.reports.calendar.MAX_PLAN_EVENTS", 30)
    at_limit = date.fromordinal(date.fromisoformat(AS_OF).toordinal() + 29)
    ok = ws.run("export", "p", "--as-of", AS_OF, "--until", at_limit.isoformat())
    assert ok.exit_code == 0, ok.stderr
    assert ok.stdout.count("BEGIN:VEVENT") == 30
    ws.write("q", _daily("9999-12-31"))
    monkeypatch.setattr("coachplan.reports.calendar.MAX_EVENTS", 40)
    both = ws.run("export", "--all", "--as-of", AS_OF, "--until", at_limit.isoformat())
    assert both.exit_code == 2
    assert "the calendar would have more than 40 events" in both.stderr
    assert "export fewer plans" in both.stderr


@settings(max_examples=30, deadline=None)
@given(st.integers(1, 400), st.integers(0, 3 * 365))
def test_plan_events_never_exceed_the_limit(interval: int, days: int) -> None:
    plan = Plan.model_validate(
        {
            **__import__("tomllib").loads(_daily("9999-12-31")),
            "checkin_every": f"{interval} days",
        }
    )
    as_of = date.fromisoformat(AS_OF)
    until = date.fromordinal(as_of.toordinal() + days)
    limit = 50
    try:
        events = plan_events("p", plan, as_of, until, limit)
    except Exception as exc:
        assert "more than 50 events" in str(exc)
        assert days // interval + 1 > limit
    else:
        assert len(events) <= limit


def test_editing_refuses_a_plan_over_the_size_limit(ws: Workspace) -> None:
    head = BASE[: BASE.index("[baseline]")]
    goals = ", ".join(f'{{ id = "g-{i:07}" }}' for i in range(MAX_EDIT_BYTES // 20))
    ws.write("p", head + f"goals = [{goals}]\n")
    before = ws.read("p")
    result = ws.run("checkin", "p", "--date", "2026-11-21", "--notes", "x", "--no-input")
    assert result.exit_code == 2
    assert "is larger than 512 KB; editing commands change plans up to that size" in result.stderr
    assert ws.read("p") == before


INT64 = 2**63


@settings(max_examples=20, deadline=None)
@given(st.one_of(st.integers(min_value=INT64), st.integers(max_value=-INT64 - 1)))
def test_integers_beyond_64_bits_are_refused_by_the_commands(value: int) -> None:
    import tempfile

    with tempfile.TemporaryDirectory() as name:
        ws = Workspace(Path(name))
        ws.plans.mkdir()
        (ws.root / "coachplan.toml").write_text('plans_dir = "plans"\n', encoding="utf-8")
        ws.write("p", BASE)
        result = ws.run(
            "measure", "p", "escalations-handled", "--date", "2026-11-21", "--", str(value)
        )
        assert result.exit_code == 2
        assert "is outside the range of a TOML integer" in result.stderr
        assert ws.read("p") == BASE
        ws.write("q", BASE.replace("level = 2", f"level = {value}"))
        found = ws.run("validate", "plans/q.toml", "--select", "F", "--format", "concise")
        assert "F104 [error] `baseline.skills[0].level` is outside the range" in found.stdout
