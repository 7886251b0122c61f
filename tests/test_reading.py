"""The per-file steps every bulk command takes, written for speed, give what their plain
forms gave: a file's bytes, how a plan is named, and which workspace a file belongs to."""

from __future__ import annotations

import os
import shlex
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from coachplan.cli.check import _by_workspace
from coachplan.core.errors import UnreadablePlan
from coachplan.core.fields import ID_RE
from coachplan.engine.check import plan_ref
from coachplan.files.store import read_bytes, read_regular_file
from coachplan.files.workspace import open_workspace


def _plan_ref_with_paths(path: Path, file: str, plans_dir: Path | None) -> str:
    """plan_ref as Paths compare: the reference the text comparison must agree with."""
    if plans_dir is not None and ID_RE.fullmatch(path.stem):
        parent = path.parent if path.is_absolute() else Path(os.path.abspath(path.parent))
        if parent == plans_dir:
            return path.stem
    return shlex.quote(file)


PARTS = st.sampled_from(["plans", "p", ".", "..", "", "agent-1", "x.y"])
NAMES = st.sampled_from(
    ["agent-1.toml", "a.b.toml", ".toml", "x.", "..", "Agent.toml", "agent-1", "a..", "-x.toml"]
)


@given(
    parts=st.lists(PARTS, max_size=4),
    name=NAMES,
    absolute=st.booleans(),
    plans=st.sampled_from(["plans", "p/plans", ""]),
)
def test_a_plan_is_named_as_paths_would_name_it(
    parts: list[str], name: str, absolute: bool, plans: str
) -> None:
    text = "/".join([*parts, name])
    path = Path(("/" + text) if absolute else text)
    plans_dir = Path(os.path.abspath(plans)) if plans else Path("/")
    for directory in (plans_dir, None):
        assert plan_ref(path, "shown", directory) == _plan_ref_with_paths(path, "shown", directory)


def test_a_plan_in_the_plans_directory_is_named_by_its_id(tmp_path: Path) -> None:
    plans = tmp_path / "plans"
    assert plan_ref(plans / "agent-7.toml", "x", plans) == "agent-7"
    assert plan_ref(tmp_path / "agent-7.toml", "agent 7.toml", plans) == "'agent 7.toml'"


@given(data=st.binary(max_size=5000))
def test_a_file_is_read_whole(tmp_path_factory: pytest.TempPathFactory, data: bytes) -> None:
    path = tmp_path_factory.mktemp("read") / "plan.toml"
    path.write_bytes(data)
    assert read_regular_file(path) == data


def test_a_file_that_grew_since_its_size_was_taken_is_read_to_its_end(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "plan.toml"
    path.write_bytes(b"x" * 10_000)
    real = os.fstat

    def smaller(descriptor: int) -> os.stat_result:
        info = real(descriptor)
        return os.stat_result((info.st_mode, *info[1:6], 10, *info[7:]))

    monkeypatch.setattr(os, "fstat", smaller)
    assert read_regular_file(path) == b"x" * 10_000


def test_a_file_over_the_limit_is_refused_even_when_it_grew(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("coachplan.files.store.MAX_PLAN_BYTES", 100)
    path = tmp_path / "plan.toml"
    path.write_bytes(b"x" * 100)
    assert read_regular_file(path) == b"x" * 100
    path.write_bytes(b"x" * 101)
    with pytest.raises(UnreadablePlan, match="larger than"):
        read_regular_file(path)


def test_a_directory_and_a_pipe_are_refused_without_waiting(tmp_path: Path) -> None:
    (tmp_path / "dir.toml").mkdir()
    with pytest.raises(UnreadablePlan, match="is a directory"):
        read_bytes(tmp_path / "dir.toml")
    os.mkfifo(tmp_path / "pipe.toml")
    with pytest.raises(UnreadablePlan, match="not a regular file"):
        read_bytes(tmp_path / "pipe.toml")


def test_files_keep_their_order_when_folders_take_turns(tmp_path: Path) -> None:
    (tmp_path / "coachplan.toml").write_text("")
    for folder in ("a", "b"):
        (tmp_path / folder).mkdir()
    (tmp_path / "b" / "nested").mkdir()
    (tmp_path / "b" / "nested" / "coachplan.toml").write_text("")
    workspace = open_workspace(tmp_path)
    files = [
        tmp_path / "a" / "1.toml",
        tmp_path / "b" / "nested" / "1.toml",
        tmp_path / "b" / "2.toml",
        tmp_path / "a" / "3.toml",
        tmp_path / "b" / "nested" / "4.toml",
    ]
    groups = _by_workspace(workspace, files)
    assert [[path.relative_to(tmp_path).as_posix() for path in paths] for _, paths in groups] == [
        ["a/1.toml", "b/2.toml", "a/3.toml"],
        ["b/nested/1.toml", "b/nested/4.toml"],
    ]
    assert groups[1][0].root.resolve() == (tmp_path / "b" / "nested").resolve()


def test_the_plans_directory_lists_names_and_gives_paths(tmp_path: Path) -> None:
    (tmp_path / "coachplan.toml").write_text("")
    (tmp_path / "plans").mkdir()
    for name in ("b.toml", "a-b.toml", "a.toml", ".hidden.toml", "notes.md"):
        (tmp_path / "plans" / name).write_text("")
    files = open_workspace(tmp_path).plan_files()
    expected = [tmp_path / "plans" / name for name in ("a-b.toml", "a.toml", "b.toml")]
    assert list(files) == expected
    assert len(files) == 3
    assert files[1] == expected[1] and files[-1] == expected[-1]
    assert files[1:] == expected[1:]
    assert _by_workspace(open_workspace(tmp_path), files)[0][1] is files
