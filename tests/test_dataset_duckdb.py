"""The exported dataset as analysts open it: DuckDB reads the SQLite file (through its
sqlite extension, from the duckdb-extension-sqlite-scanner package) and the JSON lines,
and the queries of docs/analytics.md give, in sqlite3 and in DuckDB alike, what the plans
say."""

from __future__ import annotations

import json
import os
import re
import sqlite3
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any

import duckdb
import duckdb_extension_sqlite_scanner
import pytest

from tests.conftest import AS_OF, Workspace
from tests.test_dataset import examples, loaded  # noqa: F401 - the fixture

DOCS = (Path(__file__).parent.parent / "docs" / "analytics.md").read_text(encoding="utf-8")
QUERIES = dict(re.findall(r"<!-- query: ([a-z-]+) -->\n```sql\n(.*?)```", DOCS, re.DOTALL))
EXTENSION = (
    Path(duckdb_extension_sqlite_scanner.__file__).parent
    / "extensions"
    / f"v{duckdb.__version__}"
    / "sqlite_scanner.duckdb_extension"
)


@pytest.fixture
def exported(examples: Workspace) -> Workspace:  # noqa: F811
    for fmt, name in (("sqlite", "plans.db"), ("jsonl", "plans.jsonl")):
        result = examples.run("export", "-f", fmt, "-o", name, "--as-of", AS_OF)
        assert result.exit_code == 0, result.stderr
    return examples


def duck(ws: Workspace) -> duckdb.DuckDBPyConnection:
    connection = duckdb.connect()
    connection.load_extension(str(EXTENSION))
    connection.execute(f"ATTACH '{ws.root / 'plans.db'}' AS coaching (TYPE sqlite)")
    connection.execute("USE coaching")
    return connection


def in_sqlite(ws: Workspace, sql: str) -> list[tuple[Any, ...]]:
    return sqlite3.connect(ws.root / "plans.db").execute(sql).fetchall()


def in_duckdb(ws: Workspace, sql: str) -> list[tuple[Any, ...]]:
    return duck(ws).execute(sql).fetchall()


def test_the_docs_have_the_three_queries() -> None:
    assert sorted(QUERIES) == [
        "checkins-per-coach-per-month",
        "largest-skill-gaps",
        "progress-by-kind",
    ]


def test_duckdb_reads_the_tables_and_their_types(exported: Workspace) -> None:
    connection = duck(exported)
    plans = loaded(exported)
    assert connection.execute("SELECT count(*) FROM plans").fetchone() == (len(plans),)
    columns = {row[0]: row[1] for row in connection.execute("DESCRIBE checkins").fetchall()}
    assert columns["date"] == "DATE" and columns["rating"] == "BIGINT"
    earliest = connection.execute("SELECT min(start_date) FROM plans").fetchone()
    assert earliest == (min(p.start for p in plans.values()),)
    joined = connection.execute(
        "SELECT count(*) FROM measurements v JOIN metrics m USING (plan_id, metric_id) "
        "JOIN goals g USING (plan_id, goal_id) JOIN plans p USING (plan_id)"
    ).fetchone()
    assert joined == (sum(len(m.measurements) for p in plans.values() for _, m in p.metrics()),)


def test_checkins_per_coach_per_month(exported: Workspace) -> None:
    expected: Counter[tuple[str, str]] = Counter()
    for plan in loaded(exported).values():
        for checkin in plan.checkins:
            expected[(plan.coach, checkin.date.isoformat()[:7])] += 1
    sql = QUERIES["checkins-per-coach-per-month"]
    want = sorted((coach, month, n) for (coach, month), n in expected.items())
    assert in_sqlite(exported, sql) == want
    assert in_duckdb(exported, sql) == want


def test_progress_by_kind(exported: Workspace) -> None:
    data = json.loads(exported.run("report", "progress", "--as-of", AS_OF, "-f", "json").stdout)
    progress: dict[str, list[float]] = defaultdict(list)
    behind: Counter[str] = Counter()
    for plan in data["plans"]:
        for goal in plan["goals"]:
            for metric in goal["metrics"]:
                if metric["progress"] is not None:
                    progress[plan["kind"]].append(metric["progress"])
                    behind[plan["kind"]] += metric["status"] == "behind"
    sql = QUERIES["progress-by-kind"]
    for found in (in_sqlite(exported, sql), in_duckdb(exported, sql)):
        assert {kind: (n, b) for kind, n, _, b in found} == {
            kind: (len(values), behind[kind]) for kind, values in progress.items()
        }
        for kind, _, average, _ in found:
            values = progress[kind]
            assert average == pytest.approx(sum(values) / len(values), abs=0.006)
        assert [row[2] for row in found] == sorted(row[2] for row in found)


def test_largest_skill_gaps(exported: Workspace) -> None:
    gaps: dict[str, list[int]] = defaultdict(list)
    for plan in loaded(exported).values():
        if plan.baseline is None:
            continue
        assessed = sorted(enumerate(plan.assessments), key=lambda a: (a[1].date, a[0]))
        for skill in plan.baseline.skills:
            level = skill.level
            for _, assessment in assessed:
                level = assessment.levels.get(skill.skill, level)
            gaps[skill.skill].append(skill.target - level)
    want = sorted(
        ((skill, len(g), sum(g), round(sum(g) / len(g), 1)) for skill, g in gaps.items()),
        key=lambda row: (-row[2], row[0]),
    )[:10]
    sql = QUERIES["largest-skill-gaps"]
    assert in_sqlite(exported, sql) == want
    assert [(s, n, int(total), avg) for s, n, total, avg in in_duckdb(exported, sql)] == want


def test_duckdb_reads_the_json_lines(exported: Workspace) -> None:
    connection = duckdb.connect()
    source = f"read_json_auto('{exported.root / 'plans.jsonl'}')"
    plans = loaded(exported)
    coaches = connection.execute(
        f"SELECT coach, count(*) FROM {source} GROUP BY coach ORDER BY coach"
    ).fetchall()
    assert coaches == sorted(Counter(p.coach for p in plans.values()).items())
    checkins = connection.execute(
        f"SELECT plan_id, c.date, c.rating FROM (SELECT plan_id, unnest(checkins) AS c "
        f"FROM {source}) ORDER BY plan_id"
    ).fetchall()
    assert sorted(checkins, key=lambda row: (row[0], str(row[1]))) == sorted(
        ((plan_id, c.date, c.rating) for plan_id, plan in plans.items() for c in plan.checkins),
        key=lambda row: (row[0], str(row[1])),
    )


def test_the_sqlite_extension_is_the_packaged_one() -> None:
    # The test extra pins duckdb and the extension package to one version: the
    # extension loads only into the DuckDB it was built for.
    assert EXTENSION.is_file(), os.listdir(EXTENSION.parent.parent)
