"""Output written as it is produced: the same bytes as the whole-report renderers."""

from __future__ import annotations

import json
from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from coachplan.core.findings import Finding, Severity
from coachplan.core.rulebook.examples import BASE
from coachplan.render.findings import Report, Tally, summary_line
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


@pytest.mark.parametrize("output_format", ["table", "markdown", "html"])
def test_progress_documents_written_by_section_are_the_whole_document(
    ws: Workspace, output_format: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    from coachplan.cli import output
    from coachplan.files.loader import load_plan
    from coachplan.render.document import render_document
    from coachplan.render.progress_report import head, plan_blocks
    from coachplan.reports.progress import plan_progress

    for plan_id in ("b", "a", "a-b"):
        ws.write(plan_id, BASE)
    monkeypatch.setenv("COACHPLAN_WIDTH", "60")  # sections fitted to a terminal too
    args = ("report", "progress", "--as-of", AS_OF, "-f", output_format)
    held = ws.run(*args)
    monkeypatch.setattr(output.Spool, "IN_MEMORY", 10)  # sections spill to a file
    spilled = ws.run(*args)
    assert held.exit_code == spilled.exit_code == 0
    assert held.stdout == spilled.stdout

    day = date.fromisoformat(AS_OF)
    rows = [plan_progress(i, load_plan(ws.plans / f"{i}.toml"), day) for i in ("a", "a-b", "b")]
    document = head([r.status for r in rows], day)
    blocks = [*document.blocks]
    for row in rows:
        blocks += plan_blocks(row, day, charts=output_format == "html")
    whole = render_document(
        type(document)(document.title, blocks),
        output_format,
        terminal=output_format == "table",
        color=False,
        width=60,
    )
    assert held.stdout == whole


def test_a_streamed_validate_counts_what_the_whole_report_counts(ws: Workspace) -> None:
    """Text, concise and github keep counts, not every finding: the closing line and the
    exit code are what the whole report gives (json keeps every finding)."""
    ws.write("a", BASE.replace('cadence = "weekly"', 'cadence = "daily"'))
    ws.write("b", BASE)
    ws.write("c", BASE.replace("[[goals]]", "[[goal]]", 1))
    whole = ws.run("validate", "--format", "json", "--as-of", AS_OF)
    document = json.loads(whole.stdout)
    counted = document["summary"]
    with_findings = len({f["file"] for f in document["findings"]})
    for output_format in ("text", "concise"):
        streamed = ws.run("validate", "--format", output_format, "--as-of", AS_OF)
        assert streamed.exit_code == whole.exit_code == 1
        closing = streamed.stdout.strip().splitlines()[-1]
        assert closing.startswith(f"Found {counted['errors']} error")
        assert closing.endswith(f"in {with_findings} of 3 plans.")


@given(st.lists(st.lists(st.sampled_from(list(Severity)), max_size=3), max_size=6))
def test_a_tally_counts_as_the_report_does(files: list[list[Severity]]) -> None:
    findings = [
        [Finding("X001", "x", severity, f"f{n}", 1, 1, "m") for severity in severities]
        for n, severities in enumerate(files)
    ]
    tally = Tally()
    for found in findings:
        tally.add(found)
    report = Report(
        findings=[f for found in findings for f in found],
        files=[f"f{n}" for n in range(len(files))],
        sources={},
    )
    assert tally == Tally.of(report)
    assert summary_line(tally) == summary_line(report)
