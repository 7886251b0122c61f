"""Large inputs are checked in worker processes: the same results, in the same order."""

from __future__ import annotations

import functools
from datetime import date

import pytest

from bench.generate import plan_text
from coachplan.cli.plans import list_row
from coachplan.core.errors import CoachplanError
from coachplan.engine.bulk import map_plans
from coachplan.engine.check import CheckOptions, check_paths
from coachplan.files.parallel import jobs_for
from tests.conftest import AS_OF, Workspace

AS_OF_DATE = date.fromisoformat(AS_OF)


def _fill(ws: Workspace, count: int) -> None:
    for index in range(count):
        plan_id, text = plan_text(index, seed=3, problems=0.5)
        ws.write(plan_id, text)
    ws.write("broken", "title = ")


def test_check_paths_in_workers_matches_one_process(ws: Workspace) -> None:
    _fill(ws, 40)
    files = sorted(ws.plans.glob("*.toml"))
    options = CheckOptions(as_of=AS_OF_DATE, root=ws.root)
    serial = list(check_paths(files, options, jobs=1))
    parallel = list(check_paths(files, options, jobs=2))
    assert [r.file for r in parallel] == [r.file for r in serial]
    assert [r.findings for r in parallel] == [r.findings for r in serial]
    assert any(r.findings for r in serial) and any(r.unreadable for r in serial)
    # Results are summaries: no plan, and text only where there is something to show.
    assert all(r.plan is None for r in parallel)
    assert all((r.source is not None) == bool(r.findings) for r in parallel)


def test_map_plans_in_workers_matches_one_process(ws: Workspace) -> None:
    _fill(ws, 30)
    files = sorted(ws.plans.glob("*.toml"))

    def outcome(item: tuple[object, object]) -> object:
        return str(item[1]) if isinstance(item[1], CoachplanError) else item[1]

    row = functools.partial(list_row, as_of=AS_OF_DATE, grace_days=2)
    serial = [outcome(i) for i in map_plans(files, row, jobs=1)]
    parallel = [outcome(i) for i in map_plans(files, row, jobs=2)]
    assert parallel == serial
    assert any(isinstance(o, str) for o in serial) and any(isinstance(o, tuple) for o in serial)


@pytest.mark.parametrize(
    "command",
    [
        ("validate", "--as-of", AS_OF),
        ("list", "--format", "json"),
        ("report", "overdue", "--as-of", AS_OF, "--format", "html"),
        ("report", "coaches", "--as-of", AS_OF, "--format", "html"),
        ("export", "--all", "--as-of", AS_OF),
    ],
)
def test_commands_print_the_same_with_workers(
    ws: Workspace, monkeypatch: pytest.MonkeyPatch, command: tuple[str, ...]
) -> None:
    _fill(ws, 30)
    monkeypatch.setenv("COACHPLAN_JOBS", "1")
    serial = ws.run(*command)
    monkeypatch.setenv("COACHPLAN_JOBS", "2")
    parallel = ws.run(*command)
    assert (parallel.exit_code, parallel.stdout, parallel.stderr) == (
        serial.exit_code,
        serial.stdout,
        serial.stderr,
    )
    assert serial.exit_code == 2  # the broken file


def test_jobs(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("COACHPLAN_JOBS", raising=False)
    assert jobs_for(10) == 1  # a pool is not worth starting
    assert jobs_for(10, jobs=4) == 4
    assert jobs_for(3, jobs=8) == 3
    monkeypatch.setenv("COACHPLAN_JOBS", "1")
    assert jobs_for(100_000) == 1
    monkeypatch.setenv("COACHPLAN_JOBS", "nonsense")
    assert jobs_for(0) == 1
