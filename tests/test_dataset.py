"""`export --format sqlite` and `--format jsonl`: the plans as data, queried with sqlite3.

Every plan rebuilt from its rows is the plan; the report tables hold, row for row, what
`report progress|overdue|coaches --format json` say on the same day; keys and foreign keys
hold; the privacy options leave out and replace what they say. DuckDB reads the same
files in tests/test_dataset_duckdb.py.
"""

from __future__ import annotations

import json
import re
import shutil
import sqlite3
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings

from coachplan.core import dataset as tables
from coachplan.core.model import TABLE_MODELS, Plan
from coachplan.files.loader import load_plan
from coachplan.reports.dataset import duplicate_key, plan_rows
from tests.conftest import AS_OF, Workspace
from tests.strategies import plan_data

ROOT = Path(__file__).parent.parent
EXAMPLES = ROOT / "plans"
KEY = "a-team-secret-of-32-characters!!"


@pytest.fixture
def examples(tmp_path: Path) -> Workspace:
    """A workspace holding the example plans of the repository."""
    ws = Workspace(tmp_path / "team")
    shutil.copytree(EXAMPLES, ws.plans)
    (ws.root / "coachplan.toml").write_text('plans_dir = "plans"\n')
    return ws


def export(ws: Workspace, *args: str, name: str = "plans.db") -> sqlite3.Connection:
    result = ws.run("export", "--format", "sqlite", "-o", name, "--as-of", AS_OF, *args)
    assert result.exit_code == 0, result.stderr
    assert result.stderr.startswith(f"wrote {name}: ")
    connection = sqlite3.connect(ws.root / name)
    connection.row_factory = sqlite3.Row
    return connection


def rows(db: sqlite3.Connection, sql: str, *params: object) -> list[dict[str, Any]]:
    return [dict(r) for r in db.execute(sql, params)]


def loaded(ws: Workspace) -> dict[str, Plan]:
    return {p.stem: load_plan(p) for p in sorted(ws.plans.glob("*.toml"))}


def plain(value: Any) -> Any:
    """Data as SQLite and JSON give it back: dates as text, tuples as lists."""
    if isinstance(value, dict):
        return {k: plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [plain(v) for v in value]
    if isinstance(value, date):
        return value.isoformat()
    return value


# -- every plan, rebuilt from its rows, is the plan ---------------------------------------------


def rebuild(get: Any, plan_id: str) -> dict[str, Any]:
    """A plan's data from the dataset's rows: `get(table, **keys)` gives a table's rows of
    the plan (in `seq` order), with columns by name."""

    def of(table: str, **keys: object) -> list[dict[str, Any]]:
        return get(table, plan_id=plan_id, **keys)

    (p,) = of("plans")
    closing = of("closings")
    baseline = None
    if p["baseline_date"] is not None:
        baseline = {
            "date": p["baseline_date"],
            "method": p["baseline_method"],
            "strengths": [r["strength"] for r in of("baseline_strengths")],
            "skills": [
                {k: r[k] for k in ("skill", "level", "target", "evidence")}
                for r in of("baseline_skills")
            ],
        }
    return {
        "format": 1,
        "title": p["title"],
        "kind": p["kind"],
        "status": p["status"],
        "coachee": p["coachee"],
        "coach": p["coach"],
        "sponsor": p["sponsor"],
        "start": p["start_date"],
        "end": p["end_date"],
        "checkin_every": p["checkin_every"],
        "summary": p["summary"],
        "closing": {
            **{k: closing[0][k] for k in ("date", "outcome", "summary", "reason")},
            "levels": {r["skill"]: r["level"] for r in of("closing_levels")},
        }
        if closing
        else None,
        "baseline": baseline,
        "assessments": [
            {
                "date": a["date"],
                "method": a["method"],
                "levels": {
                    r["skill"]: r["level"]
                    for r in of("assessment_levels", assessment_seq=a["assessment_seq"])
                },
            }
            for a in of("assessments")
        ],
        "goals": [
            {
                "id": g["goal_id"],
                "statement": g["statement"],
                "relevant_to": g["relevant_to"],
                "due": g["due"],
                "metrics": [
                    {
                        "id": m["metric_id"],
                        **{
                            k: m[k]
                            for k in (
                                "description",
                                "kind",
                                "unit",
                                "source",
                                "baseline",
                                "target",
                                "minimum",
                            )
                        },
                        "measurements": [
                            {k: v[k] for k in ("date", "value", "note")}
                            for v in of("measurements", metric_id=m["metric_id"])
                        ],
                    }
                    for m in of("metrics", goal_id=g["goal_id"])
                ],
            }
            for g in of("goals")
        ],
        "actions": [
            {
                "id": a["action_id"],
                "goal": a["goal_id"],
                **{
                    k: a[k]
                    for k in ("description", "method", "resource", "due", "status", "done_on")
                },
            }
            for a in of("actions")
        ],
        "milestones": [
            {
                "id": m["milestone_id"],
                "title": m["title"],
                "due": m["due"],
                "goals": [
                    r["goal_id"] for r in of("milestone_goals", milestone_id=m["milestone_id"])
                ],
                "done_on": m["done_on"],
            }
            for m in of("milestones")
        ],
        "checkins": [
            {k: c[k] for k in ("date", "minutes", "notes", "rating", "next_steps")}
            for c in of("checkins")
        ],
        "feedback": [
            {
                **{k: f[k] for k in ("date", "source", "rating", "comment")},
                "by": f["given_by"],
                "goal": f["goal_id"],
            }
            for f in of("feedback")
        ],
        "signoffs": [{k: s[k] for k in ("role", "name", "date", "agreed")} for s in of("signoffs")],
        "revisions": [{k: r[k] for k in ("date", "summary")} for r in of("revisions")],
    }


def from_database(db: sqlite3.Connection) -> Any:
    def get(table: str, **keys: object) -> list[dict[str, Any]]:
        where = " AND ".join(f'"{k}" = ?' for k in keys)
        order = ' ORDER BY "seq"' if "seq" in tables_by_name()[table].names else ""
        return rows(db, f'SELECT * FROM "{table}" WHERE {where}{order}', *keys.values())

    return get


def tables_by_name() -> dict[str, tables.Table]:
    return {t.name: t for t in (*tables.PLAN_TABLES, *tables.REPORT_TABLES, tables.META)}


def test_every_plan_rebuilt_from_the_database_is_the_plan(examples: Workspace) -> None:
    db = export(examples)
    plans = loaded(examples)
    assert sorted(r["plan_id"] for r in rows(db, "SELECT plan_id FROM plans")) == sorted(plans)
    get = from_database(db)
    for plan_id, plan in plans.items():
        assert rebuild(get, plan_id) == plain(plan.model_dump()), plan_id
    # The examples hold closings, levels, minutes, assessments and feedback: all covered.
    for table in ("closings", "closing_levels", "assessment_levels", "feedback", "signoffs"):
        assert rows(db, f"SELECT count(*) AS n FROM {table}")[0]["n"] > 0, table
    assert rows(db, "SELECT count(*) AS n FROM checkins WHERE minutes IS NOT NULL")[0]["n"] > 0


@settings(max_examples=60, deadline=None)
@given(data=plan_data)
def test_rows_rebuild_any_plan_whose_ids_are_unique(data: dict[str, Any]) -> None:
    plan = Plan.model_validate(data)
    if duplicate_key(plan) is not None:
        ids = [g.id for g in plan.goals]
        metric_ids = [m.id for _, m in plan.metrics()]
        skills = [s.skill for s in plan.baseline.skills] if plan.baseline else []
        actions = [a.id for a in plan.actions]
        milestones = [m.id for m in plan.milestones]
        assert any(len(set(x)) < len(x) for x in (ids, metric_ids, skills, actions, milestones))
        return

    found = {
        name: [dict(zip(tables_by_name()[name].names, row, strict=True)) for row in table_rows]
        for name, table_rows in plan_rows("agent-1", plan, "plans/agent-1.toml").items()
    }

    def get(table: str, **keys: object) -> list[dict[str, Any]]:
        return [r for r in found[table] if all(r[k] == v for k, v in keys.items())]

    assert rebuild(get, "agent-1") == plain(plan.model_dump())


def test_keys_and_foreign_keys_hold(examples: Workspace) -> None:
    db = export(examples)
    assert db.execute("PRAGMA foreign_key_check").fetchall() == []
    for table in tables.PLAN_TABLES + tables.REPORT_TABLES:
        declared = [r["name"] for r in rows(db, f'PRAGMA table_info("{table.name}")')]
        assert tuple(declared) == table.names
        keys = [r for r in rows(db, f'PRAGMA table_info("{table.name}")') if r["pk"]]
        assert tuple(r["name"] for r in sorted(keys, key=lambda r: r["pk"])) == table.key
    db.execute("PRAGMA foreign_keys = ON")
    with pytest.raises(sqlite3.IntegrityError, match="FOREIGN KEY"):
        db.execute("INSERT INTO goals (plan_id, goal_id, seq) VALUES ('no-such-plan', 'g', 1)")
    (plan_id, goal_id) = db.execute("SELECT plan_id, goal_id FROM goals").fetchone()
    with pytest.raises(sqlite3.IntegrityError, match="UNIQUE"):
        db.execute("INSERT INTO goals (plan_id, goal_id, seq) VALUES (?, ?, 9)", (plan_id, goal_id))


def test_counts_and_joins_agree_with_the_plans(examples: Workspace) -> None:
    db = export(examples)
    plans = loaded(examples)
    per_coach = rows(
        db,
        "SELECT p.coach, count(*) AS n FROM checkins c JOIN plans p USING (plan_id) "
        "GROUP BY p.coach ORDER BY p.coach",
    )
    expected: dict[str, int] = {}
    for plan in plans.values():
        expected[plan.coach] = expected.get(plan.coach, 0) + len(plan.checkins)
    assert {r["coach"]: r["n"] for r in per_coach} == {c: n for c, n in expected.items() if n}
    measured = rows(
        db,
        "SELECT g.plan_id, g.goal_id, count(v.seq) AS n FROM goals g "
        "LEFT JOIN metrics m USING (plan_id, goal_id) "
        "LEFT JOIN measurements v USING (plan_id, metric_id) GROUP BY g.plan_id, g.goal_id",
    )
    assert {(r["plan_id"], r["goal_id"]): r["n"] for r in measured} == {
        (plan_id, g.id): sum(len(m.measurements) for m in g.metrics)
        for plan_id, plan in plans.items()
        for g in plan.goals
    }
    gaps = rows(db, "SELECT plan_id, skill, gap FROM baseline_skills")
    assert all(isinstance(r["gap"], int) for r in gaps) and gaps
    # Numbers are numbers, dates ISO text.
    (value,) = db.execute("SELECT typeof(value) FROM measurements LIMIT 1").fetchone()
    assert value in ("integer", "real")
    dates = [r[0] for r in db.execute("SELECT date FROM checkins")]
    assert all(re.fullmatch(r"\d{4}-\d\d-\d\d", d) for d in dates)


def test_meta_says_what_the_export_is(examples: Workspace) -> None:
    from coachplan import __version__

    meta = {r["key"]: r["value"] for r in rows(export(examples), "SELECT * FROM meta")}
    assert meta == {
        "dataset_version": "1",
        "coachplan_version": __version__,
        "plan_format_version": "1",
        "as_of": AS_OF,
        "since": "2026-10-25",
        "grace_days": "2",
        "weekly_below": "0.8",
        "report_tables": "true",
        "redacted": "false",
        "pseudonymized": "false",
        "plans": str(len(list(EXAMPLES.glob("*.toml")))),
        "skipped": "0",
    }


def test_filters_choose_the_plans(examples: Workspace) -> None:
    db = export(examples, "--coach", "Team lead T1", "--all")
    coaches = {r["coach"] for r in rows(db, "SELECT coach FROM plans")}
    assert coaches == {"Team lead T1"}
    assert {r["plan_id"] for r in rows(db, "SELECT DISTINCT plan_id FROM checkins")} <= {
        r["plan_id"] for r in rows(db, "SELECT plan_id FROM plans")
    }


# -- the report tables, row for row ----------------------------------------------------------


def report(ws: Workspace, name: str, *args: str) -> dict[str, Any]:
    result = ws.run("report", name, "--as-of", AS_OF, "-f", "json", *args)
    assert result.exit_code == 0, result.stderr
    data: dict[str, Any] = json.loads(result.stdout)
    return data


def rounded(row: dict[str, Any]) -> dict[str, Any]:
    """A row as report json writes it: floats to 4 places."""
    return {k: round(v, 4) if isinstance(v, float) else v for k, v in row.items()}


def milestone(ref: dict[str, Any] | None) -> dict[str, Any]:
    return {f"next_milestone_{k}": (ref or {}).get(k) for k in ("id", "title", "due")}


@pytest.fixture(params=["examples", "reports-fixture"])
def any_team(request: pytest.FixtureRequest, tmp_path: Path) -> Workspace:
    if request.param == "examples":
        return request.getfixturevalue("examples")  # type: ignore[no-any-return]
    shutil.copytree(ROOT / "tests" / "fixtures" / "reports", tmp_path / "fixture")
    return Workspace(tmp_path / "fixture")


def test_report_progress_row_for_row(any_team: Workspace) -> None:
    db = export(any_team)
    data = report(any_team, "progress")
    plan_keys = ("plan_id", "title", "coachee", "coach", "sponsor", "kind", "plan_status")
    assert [rounded(r) for r in rows(db, "SELECT * FROM report_progress ORDER BY plan_id")] == [
        {
            **{k: p[k] for k in plan_keys},
            "start_date": p["start"],
            "end_date": p["end"],
            "window_elapsed": p["window_elapsed"],
            "status": p["status"],
            **milestone(p["next_milestone"]),
        }
        for p in data["plans"]
    ]
    goals = rows(
        db,
        "SELECT r.* FROM report_progress_goals r JOIN goals g USING (plan_id, goal_id) "
        "ORDER BY r.plan_id, g.seq",
    )
    assert [rounded(r) for r in goals] == [
        {
            "plan_id": p["plan_id"],
            "goal_id": g["id"],
            **{k: g[k] for k in ("statement", "due", "expected", "status")},
            **milestone(g["next_milestone"]),
        }
        for p in data["plans"]
        for g in p["goals"]
    ]
    metrics = rows(
        db,
        "SELECT r.* FROM report_progress_metrics r JOIN goals g USING (plan_id, goal_id) "
        "JOIN metrics m USING (plan_id, metric_id) ORDER BY r.plan_id, g.seq, m.seq",
    )
    assert [rounded(r) for r in metrics] == [
        {
            "plan_id": p["plan_id"],
            "metric_id": m["id"],
            "goal_id": g["id"],
            **{k: v for k, v in m.items() if k not in ("id", "series")},
            "meets_minimum": None if m["meets_minimum"] is None else int(m["meets_minimum"]),
        }
        for p in data["plans"]
        for g in p["goals"]
        for m in g["metrics"]
    ]
    assert metrics, "the examples have metrics"


def test_report_overdue_row_for_row(any_team: Workspace) -> None:
    db = export(any_team)
    data = report(any_team, "overdue")
    found = rows(db, "SELECT * FROM report_overdue")
    by_report_order = sorted(
        found,
        key=lambda r: (
            r["coach"].casefold(),
            r["plan_id"],
            ("check-in", "milestone", "action").index(r["kind"]),
            r["due"],
            r["item_id"] or "",
        ),
    )
    assert [{k: v for k, v in r.items() if k != "item_seq"} for r in by_report_order] == [
        {
            **{k: v for k, v in item.items() if k != "last"},
            "last_checkin": item["last"],
            "title": item["title"],
        }
        for item in data["items"]
    ]
    # item_seq numbers each plan's items in the report's order.
    for r in found:
        mine = [i for i in data["items"] if i["plan_id"] == r["plan_id"]]
        assert mine[r["item_seq"] - 1]["due"] == r["due"]


def test_report_coaches_row_for_row(any_team: Workspace) -> None:
    db = export(any_team)
    # Every coach, those with no plan active in the period too (a table is filtered later).
    data = report(any_team, "coaches", "--all-coaches")
    assert data["since"] == "2026-10-25"  # the export's default period is the report's
    found = rows(db, "SELECT * FROM report_coaches ORDER BY row_no")
    assert [rounded(r) for r in found] == [
        {
            "row_no": row_no,
            **{k: v for k, v in coach.items() if k != "plans_behind"},
            "recognised": int(coach["recognised"]),
        }
        for row_no, coach in enumerate(data["coaches"], 1)
    ]
    behind = rows(db, "SELECT row_no, plan_id FROM report_coaches_behind ORDER BY 1, 2")
    assert [(r["row_no"], r["plan_id"]) for r in behind] == [
        (row_no, plan_id)
        for row_no, coach in enumerate(data["coaches"], 1)
        for plan_id in sorted(coach["plans_behind"])
    ]
    assert found


def test_report_coaches_for_another_period(any_team: Workspace) -> None:
    db = export(any_team, "--since", "2026-09-01")
    data = report(any_team, "coaches", "--since", "2026-09-01", "--all-coaches")
    assert [r["held"] for r in rows(db, "SELECT held FROM report_coaches ORDER BY row_no")] == [
        c["held"] for c in data["coaches"]
    ]
    meta = dict(db.execute("SELECT key, value FROM meta").fetchall())
    assert meta["since"] == "2026-09-01"


def test_no_report_tables(examples: Workspace) -> None:
    db = export(examples, "--no-reports")
    names = {r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    assert names == {t.name for t in tables.PLAN_TABLES} | {"meta"}
    meta = dict(db.execute("SELECT key, value FROM meta").fetchall())
    assert meta["report_tables"] == "false" and meta["since"] is None
    assert meta["weekly_below"] is None


# -- privacy ---------------------------------------------------------------------------------


def free_texts(plans: dict[str, Plan]) -> set[str]:
    """Every free-text value of the plans, long enough not to occur by chance."""
    found: set[str] = set()

    def walk(node: Any, path: str) -> None:
        if isinstance(node, dict):
            for key, value in node.items():
                walk(value, f"{path}.{key}" if path else key)
        elif isinstance(node, list):
            for value in node:
                walk(value, path)
        elif isinstance(node, str) and path in tables.FREE_TEXT and len(node) > 12:
            found.add(node)

    for plan in plans.values():
        walk(plan.model_dump(), "")
    return found


def names_of(plans: dict[str, Plan]) -> set[str]:
    from coachplan.core.privacy import people

    return {n for plan in plans.values() for n in people(plan) if n}


def holds_text(annotation: Any) -> bool:
    """Whether a field's type is (or holds) a string."""
    from typing import get_args

    return annotation is str or any(holds_text(a) for a in get_args(annotation))


# Text fields that are ids, codes or keys: neither prose nor names.
IDS = {
    "goals.id",
    "goals.metrics.id",
    "actions.id",
    "actions.goal",
    "milestones.id",
    "milestones.goals",
    "feedback.goal",
    "baseline.skills.skill",
    "assessments.levels",
    "closing.levels",
}


def test_every_text_field_of_the_format_is_classified() -> None:
    from typing import Literal, get_origin

    text_fields = {
        f"{path}.{name}".strip(".")
        for path, model in TABLE_MODELS.items()
        for name, info in model.model_fields.items()
        if holds_text(info.annotation) and get_origin(info.annotation) is not Literal
    }
    classified = tables.FREE_TEXT | tables.PERSONS | tables.KEPT_TEXT
    assert text_fields - IDS - classified == set()
    assert classified - text_fields == set()
    assert not (tables.FREE_TEXT & tables.PERSONS)
    assert not (tables.FREE_TEXT & tables.KEPT_TEXT)


def test_redact_leaves_out_every_free_text(examples: Workspace) -> None:
    db = export(examples, "--redact")
    dumped = "\n".join(db.iterdump())
    plans = loaded(examples)
    texts = free_texts(plans) - names_of(plans)  # a resource may be a sponsor, say
    assert texts and not [t for t in texts if t in dumped]
    names = {r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    assert "baseline_strengths" not in names  # nothing but free text
    columns = {r["name"] for r in rows(db, "PRAGMA table_info(checkins)")}
    assert columns == {"plan_id", "seq", "date", "minutes", "rating"}
    meta = dict(db.execute("SELECT key, value FROM meta").fetchall())
    assert meta["redacted"] == "true"
    # What is kept still joins.
    assert rows(db, "SELECT count(*) AS n FROM metrics JOIN goals USING (plan_id, goal_id)")


def test_pseudonyms_replace_every_name_and_join_across_exports(
    examples: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COACHPLAN_PSEUDONYM_KEY", KEY)
    db = export(examples, "--pseudonymize")
    dumped = "\n".join(db.iterdump())
    plans = loaded(examples)
    assert not [n for n in names_of(plans) if n in dumped]
    assert not [p for p in plans if p in dumped]  # plan ids name their coachee too
    people = rows(db, "SELECT plan_id, coachee, coach, sponsor, path FROM plans")
    for r in people:
        assert re.fullmatch(r"plan-[0-9a-f]{16}", r["plan_id"])
        assert re.fullmatch(r"person-[0-9a-f]{16}", r["coachee"])
        assert r["path"] is None
    # The same key gives the same pseudonyms: a later export joins the earlier one.
    again = export(examples, "--pseudonymize", "--redact", name="later.db")
    assert rows(again, "SELECT plan_id, coachee, coach FROM plans ORDER BY plan_id") == rows(
        db, "SELECT plan_id, coachee, coach FROM plans ORDER BY plan_id"
    )
    # Within an export, the report tables carry the same pseudonyms.
    assert rows(
        db,
        "SELECT count(*) AS n FROM report_progress r JOIN plans p USING (plan_id) "
        "WHERE r.coach = p.coach AND r.coachee = p.coachee",
    )[0]["n"] == len(plans)
    monkeypatch.setenv("COACHPLAN_PSEUDONYM_KEY", KEY[::-1])
    other = export(examples, "--pseudonymize", name="other.db")
    assert not set(r["coach"] for r in rows(other, "SELECT coach FROM plans")) & {
        r["coach"] for r in people
    }


@pytest.mark.parametrize(
    ("key", "message"),
    [
        (None, "--pseudonymize needs a key in COACHPLAN_PSEUDONYM_KEY"),
        ("", "--pseudonymize needs a key in COACHPLAN_PSEUDONYM_KEY"),
        ("short", "COACHPLAN_PSEUDONYM_KEY is shorter than 16 characters"),
    ],
)
@pytest.mark.parametrize("fmt", ["sqlite", "jsonl"])
def test_pseudonymize_without_a_key_is_one_line(
    examples: Workspace, monkeypatch: pytest.MonkeyPatch, key: str | None, message: str, fmt: str
) -> None:
    if key is None:
        monkeypatch.delenv("COACHPLAN_PSEUDONYM_KEY", raising=False)
    else:
        monkeypatch.setenv("COACHPLAN_PSEUDONYM_KEY", key)
    result = examples.run("export", "-f", fmt, "-o", "out", "--pseudonymize")
    assert result.exit_code == 2
    assert result.stderr.count("\n") == 1
    assert result.stderr.startswith(f"coachplan: error: {message}")
    assert not (examples.root / "out").exists()


# -- JSON lines ------------------------------------------------------------------------------


def jsonl(ws: Workspace, *args: str) -> list[dict[str, Any]]:
    result = ws.run("export", "--format", "jsonl", *args)
    assert result.exit_code == 0, result.stderr
    assert result.stdout.endswith("\n")
    return [json.loads(line) for line in result.stdout.splitlines()]


def test_jsonl_is_one_plan_a_line_with_its_path(examples: Workspace) -> None:
    lines = jsonl(examples)
    plans = loaded(examples)
    assert [line["plan_id"] for line in lines] == sorted(plans)
    for line in lines:
        plan_id, path = line.pop("plan_id"), line.pop("path")
        assert path == f"plans/{plan_id}.toml"
        assert line == plain(plans[plan_id].model_dump())
    assert len({tuple(line) for line in lines}) == 1  # every line has every key


def test_jsonl_to_a_file_and_with_privacy(
    examples: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COACHPLAN_PSEUDONYM_KEY", KEY)
    result = examples.run(
        "export", "-f", "jsonl", "-o", "plans.jsonl", "--redact", "--pseudonymize"
    )
    assert result.exit_code == 0 and result.stdout == ""
    text = (examples.root / "plans.jsonl").read_text()
    plans = loaded(examples)
    assert not [t for t in free_texts(plans) | names_of(plans) | set(plans) if t in text]
    first = json.loads(text.splitlines()[0])
    assert first["path"] is None and "summary" not in first
    assert "notes" not in first["checkins"][0] and "date" in first["checkins"][0]
    # The pseudonyms are those of the database export.
    db = export(examples, "--pseudonymize")
    assert {json.loads(line)["coach"] for line in text.splitlines()} == {
        r["coach"] for r in rows(db, "SELECT coach FROM plans")
    }


# -- plans that do not load, atomic writes, usage ---------------------------------------------


def test_plans_that_do_not_load_are_skipped_and_counted(examples: Workspace) -> None:
    (examples.plans / "broken.toml").write_text('title = "no end\n')
    twice = (EXAMPLES / "agent-2291-team-lead-readiness.toml").read_text()
    twice += '\n[[goals]]\nid = "delegate-escalations"\n'
    (examples.plans / "agent-9999-twice.toml").write_text(twice)
    result = examples.run("export", "-f", "sqlite", "-o", "out.sqlite", "--as-of", AS_OF)
    assert result.exit_code == 2
    assert result.stderr.splitlines()[-1] == (
        "coachplan: error: 2 plans skipped: they do not load; `coachplan validate` lists why"
    )
    # JSON lines have no keys: a plan whose ids repeat is data like any other.
    lines = examples.run("export", "-f", "jsonl", "-o", "out.jsonl", "--as-of", AS_OF)
    assert lines.exit_code == 2
    assert lines.stderr.splitlines()[-1].startswith(
        "coachplan: error: 1 plan skipped: it does not load: plans/broken.toml:1:"
    )
    db = sqlite3.connect(examples.root / "out.sqlite")
    ids = {r[0] for r in db.execute("SELECT plan_id FROM plans")}
    assert "broken" not in ids and "agent-9999-twice" not in ids
    assert len(ids) == len(list(EXAMPLES.glob("*.toml")))
    assert dict(db.execute("SELECT key, value FROM meta").fetchall())["skipped"] == "2"
    assert len((examples.root / "out.jsonl").read_text().splitlines()) == len(ids) + 1
    (examples.plans / "broken.toml").unlink()
    one = examples.run("export", "-f", "sqlite", "-o", "out.sqlite", "--as-of", AS_OF)
    assert one.stderr.splitlines()[-1] == (
        "coachplan: error: 1 plan skipped: it does not load: plans/agent-9999-twice.toml: "
        "two entries share the goal id `delegate-escalations` (R103): the dataset keys them "
        "by id; give each its own"
    )


def test_a_failed_export_leaves_the_old_file(
    examples: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    from coachplan.files import database

    target = examples.root / "plans.db"
    target.write_bytes(b"last week's export")

    def fail(self: database.Database) -> None:
        raise sqlite3.OperationalError("database or disk is full")

    monkeypatch.setattr(database.Database, "flush", fail)
    result = examples.run("export", "-f", "sqlite", "-o", "plans.db", "--as-of", AS_OF)
    assert result.exit_code == 2
    assert result.stderr == (
        "coachplan: error: plans.db: cannot write the database: database or disk is full\n"
    )
    assert target.read_bytes() == b"last week's export"
    assert sorted(p.name for p in examples.root.iterdir()) == [
        "coachplan.toml",
        "plans",
        "plans.db",
    ]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("-f", "sqlite"), "--format sqlite writes a database file: give --output FILE"),
        (("agent-3107-pip", "-f", "sqlite", "-o", "x.db"), "exports every plan the filters"),
        (("agent-3107-pip", "--redact"), "--redact goes with --format sqlite or jsonl, not ics"),
        (("--all", "-f", "jsonl", "--since", AS_OF), "--since goes with --format sqlite"),
        (("--all", "-f", "jsonl", "--no-reports"), "--no-reports goes with --format sqlite"),
        (("-f", "sqlite", "-o", "x.db", "--since", "2026-12-01"), "is not before --as-of"),
        (("-f", "sqlite", "-o", "missing/x.db"), "missing: directory does not exist"),
    ],
)
def test_usage_errors(examples: Workspace, args: tuple[str, ...], message: str) -> None:
    result = examples.run("export", *args, "--as-of", AS_OF)
    assert result.exit_code == 2
    assert message in result.stderr
    assert result.stderr.count("\n") == 1


def test_the_database_is_the_same_from_any_directory(examples: Workspace) -> None:
    export(examples, name="root.db")
    inside = examples.run(
        "export", "-f", "sqlite", "-o", "../inside.db", "--as-of", AS_OF, cwd=examples.plans
    )
    assert inside.exit_code == 0, inside.stderr
    root = sqlite3.connect(examples.root / "root.db")
    other = sqlite3.connect(examples.root / "inside.db")
    for table in tables.PLAN_TABLES:
        query = f'SELECT * FROM "{table.name}" ORDER BY 1, 2'
        assert root.execute(query).fetchall() == other.execute(query).fetchall(), table.name


def test_docs_describe_every_table_and_column() -> None:
    docs = (ROOT / "docs" / "analytics.md").read_text(encoding="utf-8")
    for table in (*tables.PLAN_TABLES, *tables.REPORT_TABLES, tables.META):
        assert f"| `{table.name}` |" in docs or table is tables.META, table.name
        listed = re.search(rf"^- `{table.name}`.*?(?=^- |^$|^`)", docs, re.MULTILINE | re.DOTALL)
        mentioned = listed[0] if listed else docs
        for column in table.names:
            assert f"`{column}`" in mentioned, f"{table.name}.{column}"
        for column in table.columns:
            if column.role == tables.FREE:
                said = f"`{table.name}`" if table.redacted_away else f"`{table.name}.{column.name}`"
                assert said in docs.split("**`--redact` leaves out free text**")[1], said


def test_docs_name_every_foreign_key() -> None:
    docs = (ROOT / "docs" / "analytics.md").read_text(encoding="utf-8")
    for table in (*tables.PLAN_TABLES, *tables.REPORT_TABLES):
        (row,) = [line for line in docs.splitlines() if line.startswith(f"| `{table.name}` |")]
        for _, target, _ in table.references:
            assert f"`{target}`" in row.split("|")[4], (table.name, target)
