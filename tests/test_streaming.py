"""Output written as it is produced: the same bytes as the whole-report renderers."""

from __future__ import annotations

import json
from datetime import date

import pytest

from coachplan.core.rulebook.examples import BASE
from coachplan.render.reports import iter_data, jsonable
from coachplan.render.table import Table, iter_csv, iter_json, render_csv
from tests.conftest import AS_OF, Workspace


@pytest.mark.parametrize(
    "data",
    [
        {},
        {"report": "x", "items": []},
        {"a": 1, "b": [{"c": [1, 2], "d": {}}, {"e": "é\n"}], "f": {"g": [date(2026, 1, 1)]}},
    ],
)
def test_streamed_json_is_json_dumps_byte_for_byte(data: dict[str, object]) -> None:
    expected = json.dumps(jsonable(data), indent=2, ensure_ascii=False) + "\n"
    assert "".join(iter_data(data)) == expected
    assert "".join(iter_data({k: iter(v) if isinstance(v, list) else v for k, v in data.items()}))


def test_streamed_tables_are_the_whole_tables() -> None:
    table = Table("T", ("A b", "C"), [(1, date(2026, 1, 1)), ("=x", None), ("y", 2.5)])
    rows = [dict(zip(("a_b", "c"), r, strict=True)) for r in [(1, "2026-01-01"), ("=x", None)]]
    assert json.loads("".join(iter_json(table)))[:2] == rows
    assert "".join(iter_csv(table)) == render_csv(table)
    assert "".join(iter_json(Table("T", ("A",), []))) == "[]\n"


def test_reports_list_plans_by_id_whatever_the_file_names_sort(ws: Workspace) -> None:
    # `a-b.toml` sorts before `a.toml`; the plan id `a` before `a-b`.
    ws.write("a-b", BASE)
    ws.write("a", BASE)
    ws.write("broken", "title = \n")
    table = ws.run("report", "progress", "--as-of", AS_OF, "-f", "markdown")
    streamed = ws.run("report", "progress", "--as-of", AS_OF, "-f", "json")
    assert streamed.exit_code == table.exit_code == 2  # the broken plan, after the rest
    assert [p["plan_id"] for p in json.loads(streamed.stdout)["plans"]] == ["a", "a-b"]
    assert table.stdout.index("a-b") > table.stdout.index("## a")
    assert streamed.stderr.count("skipped") == 1
    out = ws.root / "progress.csv"
    written = ws.run("report", "progress", "--as-of", AS_OF, "-f", "csv", "-o", str(out))
    lines = out.read_text().splitlines()
    assert written.exit_code == 2 and lines[1].startswith("a,") and lines[-1].startswith("a-b,")
