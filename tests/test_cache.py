"""The findings cache: never stale, never an error, shared safely between processes."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import coachplan
from coachplan.core.rulebook.examples import BASE
from coachplan.engine import check as check_module
from coachplan.files.cache import CACHE_DIR_NAME, FindingsStore, stores
from tests.conftest import AS_OF, Workspace

VAGUE = BASE.replace(
    "Hand ownership of the weekly roster to two senior agents",
    "Improve how the team handles rosters",
)


def _no_checking(monkeypatch: pytest.MonkeyPatch) -> None:
    """From here on, a file that is checked rather than served from the cache fails."""

    def refuse(*args: object, **kwargs: object) -> object:
        raise AssertionError("checked a file the cache should have served")

    monkeypatch.setattr(check_module, "load_bytes", refuse)
    monkeypatch.setattr(check_module, "check_path", refuse)


def _store_files(root: Path) -> list[Path]:
    return list(stores(root / CACHE_DIR_NAME))


def test_a_second_run_is_served_from_the_cache_with_the_same_output(
    ws: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    ws.write("good", BASE)
    ws.write("vague", VAGUE)
    ws.write("broken", "title = \n")
    first = ws.run("validate", "--as-of", AS_OF)
    assert first.exit_code == 2 and "S102" in first.stdout
    assert (ws.root / CACHE_DIR_NAME / ".gitignore").read_text().splitlines()[-1] == "*"
    _no_checking(monkeypatch)
    for args in ([], ["--format", "json"], ["--format", "concise"]):
        again = ws.run("validate", "--as-of", AS_OF, *args)
        fresh = ws.run("validate", "--as-of", AS_OF, *args) if not args else again
        assert again.exit_code == first.exit_code
        assert again.stderr == first.stderr
        if not args:
            assert again.stdout == first.stdout == fresh.stdout


def test_a_warm_run_in_windows_keeps_the_order_of_served_and_checked_files(
    ws: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    for n in range(7):
        ws.write(f"p{n}", VAGUE if n % 2 else BASE)
    ws.run("validate", "--as-of", AS_OF)
    ws.write("p3", BASE)  # changed since: checked again, between files served
    ws.write("p5", "title = \n")
    monkeypatch.setattr(check_module, "WARM_WINDOW", 2)
    warm = ws.run("validate", "--as-of", AS_OF)
    cold = ws.run("validate", "--as-of", AS_OF, "--no-cache")
    assert warm.exit_code == cold.exit_code == 2
    assert (warm.stdout, warm.stderr) == (cold.stdout, cold.stderr)
    shown = [line.split(":")[0] for line in warm.stdout.splitlines() if ".toml:" in line]
    assert shown == ["plans/p1.toml", "plans/p5.toml"]


def test_selection_and_severities_reuse_the_entries(
    ws: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    ws.write("vague", VAGUE)
    variants = [
        ["--select", "S"],
        ["--ignore", "S"],
        ["--select", "F,R"],
        ["--extend-select", "ALL", "--format", "json"],
    ]
    expected = [ws.run("validate", "--as-of", AS_OF, "--no-cache", *v).stdout for v in variants]
    ws.run("validate", "--as-of", AS_OF)  # fills the cache with every rule's findings
    _no_checking(monkeypatch)
    assert [ws.run("validate", "--as-of", AS_OF, *v).stdout for v in variants] == expected
    (ws.root / "coachplan.toml").write_text(
        'plans_dir = "plans"\n[rules]\nseverity = { S = "warning" }\n'
    )
    relaxed = ws.run("validate", "--as-of", AS_OF)
    assert relaxed.exit_code == 0 and "warning S102" in relaxed.stdout


def test_an_edit_keeping_size_and_mtime_is_seen(ws: Workspace) -> None:
    path = ws.write("plan", BASE)
    assert ws.run("validate", "--as-of", AS_OF).exit_code == 0
    stat = path.stat()
    # The same number of bytes, a finding more: `title` becomes empty.
    text = BASE.replace('title = "', 'title = " ', 1).replace('title = " ', 'title = "\u200b', 1)
    damaged = BASE.replace("format = 1", "format = 7", 1)
    assert len(damaged.encode()) == stat.st_size and text
    path.write_text(damaged, encoding="utf-8")
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    assert path.stat().st_mtime_ns == stat.st_mtime_ns and path.stat().st_size == stat.st_size
    result = ws.run("validate", "--as-of", AS_OF)
    assert result.exit_code == 1 and "F105" in result.stdout


def test_a_changed_setting_is_seen(ws: Workspace) -> None:
    ws.write("plan", BASE)
    assert ws.run("validate", "--as-of", AS_OF).exit_code == 0
    (ws.root / "coachplan.toml").write_text(
        'plans_dir = "plans"\n[thresholds]\nmin_statement_words = 20\n', encoding="utf-8"
    )
    stricter = ws.run("validate", "--as-of", AS_OF)
    assert "S102" in stricter.stdout and "too short" in stricter.stdout
    assert stricter.stdout != ws.run("validate", "--as-of", AS_OF, "--no-cache", "-q").stdout
    assert stricter.stdout == ws.run("validate", "--as-of", AS_OF, "--no-cache").stdout


def test_a_changed_as_of_is_seen_and_entries_of_other_days_stay(ws: Workspace) -> None:
    ws.write("plan", BASE)
    early = "2026-01-01"  # before the plan's records: they are dated in the future
    assert ws.run("validate", "--as-of", AS_OF).exit_code == 0
    before = ws.run("validate", "--as-of", early)
    assert before.stdout == ws.run("validate", "--as-of", early, "--no-cache").stdout
    assert "after 2026-01-01" in before.stdout
    assert (
        ws.run("validate", "--as-of", AS_OF).stdout
        == ws.run("validate", "--as-of", AS_OF, "--no-cache").stdout
    )


def test_a_file_whose_findings_do_not_depend_on_the_day_serves_any_day(
    ws: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    ws.write("broken", "title = \n")  # does not parse: no rule reads the day
    first = ws.run("validate", "--as-of", AS_OF)
    _no_checking(monkeypatch)
    assert ws.run("validate", "--as-of", "2030-01-01").stderr == first.stderr


def test_a_changed_source_file_of_coachplan_is_seen(tmp_path: Path, ws: Workspace) -> None:
    """A real process on a copy of the package: editing a rule's message makes every
    entry stale (an editable install keeps its version string while its code changes)."""
    ws.write("vague", VAGUE)
    copy = tmp_path / "copy"
    shutil.copytree(
        Path(coachplan.__file__).parent,
        copy / "coachplan",
        ignore=shutil.ignore_patterns("__pycache__"),
    )
    env = {**os.environ, "PYTHONPATH": str(copy), "PYTHONDONTWRITEBYTECODE": "1"}
    argv = [sys.executable, "-m", "coachplan", "validate", "--as-of", AS_OF, "-f", "concise"]

    def run() -> str:
        done = subprocess.run(argv, cwd=ws.root, env=env, capture_output=True, text=True)
        assert done.returncode == 1, done.stderr
        return done.stdout

    first = run()
    assert "is vague" in first
    rules = copy / "coachplan" / "rules" / "smart.py"
    text = rules.read_text(encoding="utf-8")
    rules.write_text(text.replace("is vague", "is VAGUE-EDITED"), encoding="utf-8")
    assert "VAGUE-EDITED" in run()
    assert len(_store_files(ws.root)) == 2  # the old namespace's store is kept beside


@pytest.mark.parametrize(
    "damage",
    [
        b"\x00\x01 not json",
        b'{"format": "something else", "version": 1, "entries": {}}',
        b"[1, 2, 3]",
        b"",
    ],
    ids=["binary", "foreign", "not-an-object", "empty"],
)
def test_a_corrupt_or_foreign_store_is_ignored(ws: Workspace, damage: bytes) -> None:
    ws.write("vague", VAGUE)
    expected = ws.run("validate", "--as-of", AS_OF, "--no-cache")
    ws.run("validate", "--as-of", AS_OF)
    (store,) = _store_files(ws.root)
    store.write_bytes(damage)
    again = ws.run("validate", "--as-of", AS_OF)
    assert (again.exit_code, again.stdout, again.stderr) == (
        expected.exit_code,
        expected.stdout,
        expected.stderr,
    )
    assert json.loads(store.read_text())["format"] == "coachplan findings cache"  # rewritten


def test_damaged_entries_are_misses_not_wrong_answers(ws: Workspace) -> None:
    ws.write("vague", VAGUE)
    expected = ws.run("validate", "--as-of", AS_OF, "--no-cache")
    ws.run("validate", "--as-of", AS_OF)
    (store,) = _store_files(ws.root)
    data = json.loads(store.read_text())
    for bad in (
        "nonsense",
        ["plans/vague.toml", False, [["S201", "x", "fatal", 1, 1, "m", ""]], None],
        ["plans/vague.toml", "no", [], None],
        ["plans/vague.toml", False, [["S201", "x", "error", "1", 1, "m", ""]], None],
        ["plans/vague.toml", False, [[1, 2]], None],
    ):
        data["entries"] = dict.fromkeys(data["entries"], bad)
        store.write_text(json.dumps(data))
        again = ws.run("validate", "--as-of", AS_OF)
        assert (again.exit_code, again.stdout) == (expected.exit_code, expected.stdout), bad


def test_an_unwritable_cache_is_never_an_error(
    ws: Workspace, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    ws.write("vague", VAGUE)
    expected = ws.run("validate", "--as-of", AS_OF, "--no-cache")
    blocker = tmp_path / "a-file"
    blocker.write_text("not a directory")
    for place in (blocker, blocker / "below"):
        monkeypatch.setenv("COACHPLAN_CACHE_DIR", str(place))
        result = ws.run("validate", "--as-of", AS_OF)
        assert (result.exit_code, result.stdout, result.stderr) == (
            expected.exit_code,
            expected.stdout,
            expected.stderr,
        )
    if os.geteuid() != 0:  # root writes anywhere
        readonly = tmp_path / "readonly"
        readonly.mkdir(mode=0o500)
        monkeypatch.setenv("COACHPLAN_CACHE_DIR", str(readonly))
        assert ws.run("validate", "--as-of", AS_OF).stdout == expected.stdout


def test_the_cache_directory_can_be_moved_or_left_alone(
    ws: Workspace, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    ws.write("plan", BASE)
    ws.run("validate", "--as-of", AS_OF, "--no-cache")
    assert not (ws.root / CACHE_DIR_NAME).exists()
    elsewhere = tmp_path / "ci-cache"
    monkeypatch.setenv("COACHPLAN_CACHE_DIR", str(elsewhere))
    ws.run("validate", "--as-of", AS_OF)
    assert not (ws.root / CACHE_DIR_NAME).exists()
    assert list(stores(elsewhere)) and (elsewhere / ".gitignore").is_file()


def test_a_directory_without_a_workspace_gets_no_cache(tmp_path: Path) -> None:
    plan = tmp_path / "plan.toml"
    plan.write_text(BASE, encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if k != "COACHPLAN_CACHE_DIR"}
    done = subprocess.run(
        [sys.executable, "-m", "coachplan", "validate", "plan.toml", "--as-of", AS_OF],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stderr
    assert not (tmp_path / CACHE_DIR_NAME).exists()


def test_concurrent_writers_keep_each_others_entries(tmp_path: Path) -> None:
    one = FindingsStore(tmp_path, "n" * 40)
    two = FindingsStore(tmp_path, "n" * 40)
    one.put("a", ["plans/a.toml", False, [], None])
    two.put("b", ["plans/b.toml", False, [], None])
    assert one.save() and two.save()
    assert set(FindingsStore(tmp_path, "n" * 40).entries) == {"a", "b"}
    # A file's new content replaces the entry of its old one; another namespace sees none.
    three = FindingsStore(tmp_path, "n" * 40)
    three.put("a2", ["plans/a.toml", False, [], None])
    assert three.save()
    assert set(FindingsStore(tmp_path, "n" * 40).entries) == {"a2", "b"}
    assert FindingsStore(tmp_path, "m" * 40).entries == {}
    assert not list(tmp_path.glob("*.tmp"))


def test_parallel_processes_share_one_cache(ws: Workspace) -> None:
    """As pre-commit runs hooks: several validate processes at once on parts of the
    workspace, each writing the cache; every answer right, every entry kept."""
    for i in range(6):
        ws.write(f"plan-{i}", VAGUE if i % 2 else BASE)
    argv = [sys.executable, "-m", "coachplan", "validate", "--as-of", AS_OF, "-f", "concise"]
    runs = [
        subprocess.Popen(
            [*argv, f"plans/plan-{i}.toml", f"plans/plan-{i + 3}.toml"],
            cwd=ws.root,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for i in range(3)
    ]
    outputs = [run.communicate() for run in runs]
    assert all(not err for _, err in outputs), outputs
    (store,) = _store_files(ws.root)
    assert len(json.loads(store.read_text())["entries"]) == 6
    fresh = ws.run("validate", "--as-of", AS_OF, "-f", "concise", "--no-cache").stdout
    assert ws.run("validate", "--as-of", AS_OF, "-f", "concise").stdout == fresh
