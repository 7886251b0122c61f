"""Bad input through every command that reads plans: exit 0, 1 or 2, one-line errors, no
traceback, and the file left as it was unless rewriting it is the command's job.

The inputs are the files in tests/corpus/ (see its README.md) and the cases below that are
too big to keep in git or are not plain files (symlinks, a pipe). The commands are the
table in tests/readers.py.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import pytest

from coachplan.core.rulebook.examples import BASE
from tests.conftest import Workspace
from tests.readers import READERS, STANDALONE, Reader, check_run, snapshot

CORPUS = Path(__file__).parent / "corpus"
STATIC = sorted(p.name for p in CORPUS.glob("*.toml"))
# A valid plan that is not in the canonical layout (two keys swapped), so fmt would change it.
SHUFFLED = BASE.replace(
    'title = "Step up to team lead"\nkind = "leadership"',
    'kind = "leadership"\ntitle = "Step up to team lead"',
)


def _deep_arrays(depth: int) -> bytes:
    return (BASE + f"\nextra = {'[' * depth}1{']' * depth}\n").encode()


def _deep_tables(depth: int) -> bytes:
    return (BASE + f"\n[{'.'.join(['t'] * depth)}]\nx = 1\n").encode()


def _many_measurements(count: int) -> bytes:
    rows = "".join(f"  {{ date = 2026-10-01, value = {i} }},\n" for i in range(count))
    return BASE.replace("  { date = 2026-09-15, value = 25 },\n", rows).encode()


def _many_goals(count: int) -> bytes:
    block = BASE[BASE.index("[[goals]]") : BASE.index("[[actions]]")]
    goals = "".join(
        block.replace("delegate-roster", f"goal-{i}").replace("escalations-handled", f"m-{i}")
        for i in range(count)
    )
    return BASE.replace(block, goals).encode()


GENERATED: dict[str, Callable[[], bytes]] = {
    "huge-string": lambda: BASE.replace("Step up to team lead", "x" * 2_000_000).encode(),
    "huge-string-with-escapes": lambda: BASE.replace(
        "Reviewed the escalation log", "\\u00e9\\n" * 200_000
    ).encode(),
    "huge-key": lambda: BASE.replace("format = 1", f"{'k' * 500_000} = 1\nformat = 1").encode(),
    "too-large": lambda: b"# padding\n" * 1_800_000 + BASE.encode(),
    "many-measurements": lambda: _many_measurements(20_000),
    "many-goals": lambda: _many_goals(300),
    "deep-arrays-below-limit": lambda: _deep_arrays(399),
    "deep-arrays-above-limit": lambda: _deep_arrays(5_000),
    "deep-inline-tables": lambda: (BASE + "\nx = " + "{a=" * 399 + "1" + "}" * 399 + "\n").encode(),
    "deep-table-headers": lambda: _deep_tables(900),
    "deep-table-headers-above-limit": lambda: _deep_tables(5_000),
    "no-final-newline": lambda: BASE.rstrip("\n").encode(),
}


@pytest.fixture
def scene(tmp_path: Path) -> tuple[Workspace, Path]:
    """A workspace in tmp_path/ws with one good plan, and a directory beside it."""
    root = tmp_path / "ws"
    (root / "plans").mkdir(parents=True)
    (root / "coachplan.toml").write_text('plans_dir = "plans"\n', encoding="utf-8")
    (root / "plans" / "good.toml").write_text(BASE, encoding="utf-8")
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "plan.toml").write_text(SHUFFLED, encoding="utf-8")
    return Workspace(root), tmp_path


@pytest.mark.parametrize("reader", READERS, ids=lambda r: r.name)
@pytest.mark.parametrize("name", STATIC)
def test_corpus_file(scene: tuple[Workspace, Path], name: str, reader: Reader) -> None:
    ws, top = scene
    (ws.plans / "case.toml").write_bytes((CORPUS / name).read_bytes())
    check_run(reader, "plans/case.toml", top, ws)


@pytest.mark.parametrize("reader", READERS, ids=lambda r: r.name)
@pytest.mark.parametrize("name", sorted(GENERATED))
def test_generated_input(scene: tuple[Workspace, Path], name: str, reader: Reader) -> None:
    ws, top = scene
    (ws.plans / "case.toml").write_bytes(GENERATED[name]())
    check_run(reader, "plans/case.toml", top, ws)


SPECIAL_FILES: dict[str, Callable[[Path, Path], None]] = {
    "symlink-out-of-plans": lambda case, out: case.symlink_to(out / "plan.toml"),
    "symlink-to-directory": lambda case, out: case.symlink_to(out),
    "dangling-symlink": lambda case, out: case.symlink_to(out / "missing.toml"),
    "symlink-loop": lambda case, out: case.symlink_to(case),
    "named-pipe": lambda case, out: os.mkfifo(case),
    "directory": lambda case, out: case.mkdir(),
    "unreadable": lambda case, out: (case.write_text(BASE), case.chmod(0)),
}


@pytest.mark.parametrize("reader", READERS, ids=lambda r: r.name)
@pytest.mark.parametrize("name", sorted(SPECIAL_FILES))
def test_special_file(scene: tuple[Workspace, Path], name: str, reader: Reader) -> None:
    ws, top = scene
    SPECIAL_FILES[name](ws.plans / "case.toml", top / "outside")
    try:
        check_run(reader, "plans/case.toml", top, ws)
    finally:
        if name == "unreadable":
            (ws.plans / "case.toml").chmod(0o644)


def test_symlinked_plan_is_read_but_never_rewritten(scene: tuple[Workspace, Path]) -> None:
    ws, top = scene
    (ws.plans / "case.toml").symlink_to(top / "outside" / "plan.toml")
    assert ws.run("validate", "plans/case.toml", "--select", "F").exit_code == 0
    result = ws.run("fmt", "plans/case.toml")
    assert result.exit_code == 2
    assert "symbolic link" in result.stderr
    assert (ws.plans / "case.toml").is_symlink()
    assert (top / "outside" / "plan.toml").read_text(encoding="utf-8") == SHUFFLED


@pytest.mark.parametrize("reader", READERS, ids=lambda r: r.name)
@pytest.mark.parametrize("plan", ["../x", "../x.toml", "../outside/plan", "..", "-"])
def test_plan_outside_the_workspace_on_the_command_line(
    scene: tuple[Workspace, Path], reader: Reader, plan: str
) -> None:
    ws, top = scene
    (top / "x").write_text(SHUFFLED, encoding="utf-8")
    (top / "x.toml").write_text(SHUFFLED, encoding="utf-8")
    check_run(reader, plan, top, ws)


@pytest.mark.parametrize("plan_id", ["../x", "..", "x/../../y", "A B", "", "-x", "a" * 65])
def test_new_refuses_an_id_that_is_not_a_plain_name(
    scene: tuple[Workspace, Path], plan_id: str
) -> None:
    ws, top = scene
    before = snapshot(top)
    result = ws.run(
        "new",
        plan_id,
        "--coachee",
        "Agent 1",
        "--coach",
        "Team lead T1",
        "--kind",
        "coaching",
        "--no-input",
    )
    assert result.exit_code == 2
    assert "coachplan: error: " in result.stderr
    assert snapshot(top) == before


@pytest.mark.parametrize("argv", STANDALONE, ids=" ".join)
def test_commands_without_plans_ignore_bad_ones(
    scene: tuple[Workspace, Path], argv: list[str]
) -> None:
    ws, _ = scene
    for name in STATIC:
        (ws.plans / name).write_bytes((CORPUS / name).read_bytes())
    result = ws.run(*argv)
    assert result.exit_code == 0, result.stderr


def test_whole_corpus_in_one_workspace(scene: tuple[Workspace, Path]) -> None:
    """All the bad files at once: every one reported, each on one line, in file order."""
    ws, _ = scene
    for name in STATIC:
        (ws.plans / name).write_bytes((CORPUS / name).read_bytes())
    result = ws.run("validate", "--format", "concise")
    assert result.exit_code == 2
    reported = {line.split(":", 1)[0] for line in result.stdout.splitlines() if ":" in line}
    odd_but_valid = {"tiny-numbers.toml", "xml-forbidden-in-text.toml"}
    assert reported == {f"plans/{name}" for name in STATIC if name not in odd_but_valid}
    errors = [line for line in result.stderr.splitlines() if line]
    assert all(line.startswith("coachplan: error: plans/") for line in errors), errors
    assert errors == sorted(errors)
