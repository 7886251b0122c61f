"""Report commands and export on a fixture workspace, with golden outputs.

The workspace in tests/fixtures/reports holds frozen copies of the example plans and a
draft, with a competency framework; every run uses AS_OF so the outputs never change.
"""

from __future__ import annotations

import csv
import io
import json
import shutil
from pathlib import Path

import pytest

from tests.conftest import AS_OF, Workspace, assert_golden

FIXTURE = Path(__file__).parent / "fixtures" / "reports"
FORMATS = ("table", "json", "csv", "markdown", "html")
REPORTS = {
    "progress": ("report", "progress"),
    "overdue": ("report", "overdue"),
    "coaches": ("report", "coaches"),
    "gaps": ("report", "gaps"),
    "gaps-by-skill": ("report", "gaps", "--by", "skill"),
}


@pytest.fixture
def team(tmp_path: Path) -> Workspace:
    shutil.copytree(FIXTURE, tmp_path / "team")
    return Workspace(tmp_path / "team")


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("name", list(REPORTS))
def test_report_golden(team: Workspace, name: str, fmt: str) -> None:
    result = team.run(*REPORTS[name], "--as-of", AS_OF, "--format", fmt)
    assert result.exit_code == 0, result.stderr
    assert result.stderr == ""
    assert_golden(f"report-{name}.{fmt}", result.stdout)


@pytest.mark.parametrize("name", list(REPORTS))
def test_json_and_csv_parse(team: Workspace, name: str) -> None:
    data = json.loads(team.run(*REPORTS[name], "--as-of", AS_OF, "-f", "json").stdout)
    assert data["report"] == name.split("-")[0]
    assert data["as_of"] == AS_OF
    rows = list(
        csv.reader(io.StringIO(team.run(*REPORTS[name], "--as-of", AS_OF, "-f", "csv").stdout))
    )
    assert len({len(r) for r in rows}) == 1  # every row has every column


CSV_COMMANDS = [
    *REPORTS.values(),
    ("report", "outcomes"),
    ("list",),
    ("agenda", "--days", "60"),
]


@pytest.mark.parametrize("command", CSV_COMMANDS, ids=" ".join)
def test_every_csv_record_ends_with_crlf(team: Workspace, command: tuple[str, ...]) -> None:
    result = team.run(*command, "--as-of", AS_OF, "-f", "csv")
    assert result.exit_code == 0, result.stderr
    records = result.stdout_bytes.split(b"\r\n")
    assert len(records) > 2 and records[-1] == b""  # RFC 4180: CRLF after each record
    assert all(b"\n" not in record for record in records)
    # And in a file written with --output.
    if command[0] == "report":
        team.run(*command, "--as-of", AS_OF, "-f", "csv", "-o", "out.csv")
        assert (team.root / "out.csv").read_bytes() == result.stdout_bytes


def test_progress_statuses(team: Workspace) -> None:
    data = json.loads(team.run("report", "progress", "--as-of", AS_OF, "-f", "json").stdout)
    plans = {p["plan_id"]: p for p in data["plans"]}
    assert plans["agent-3107-pip"]["status"] == "on track"
    assert plans["new-hire-4410-onboarding"]["status"] == "behind"
    mentoring = plans["agent-5582-mentoring"]
    statuses = {m["id"]: m["status"] for g in mentoring["goals"] for m in g["metrics"]}
    assert statuses == {
        "feedback-quality": "behind",
        "agent-perception": "on track",
        "presenting-confidence": "at risk",
    }
    aht = plans["agent-3107-pip"]["goals"][1]["metrics"][0]
    assert (aht["id"], aht["direction"], aht["latest"]) == ("aht", "down", 7.9)
    # Not measured yet: still at the baseline with 35% of the goal's time gone.
    career = plans["agent-7730-career"]["goals"][0]["metrics"][0]
    assert (career["status"], career["latest"]) == ("behind", None)
    assert career["reason"] == "no measurement yet; 0% of the way, 35% of the time gone"


def test_filters_apply_to_reports(team: Workspace) -> None:
    result = team.run(
        "report", "progress", "--as-of", AS_OF, "-f", "json", "--coach", "team lead t2"
    )
    assert [p["plan_id"] for p in json.loads(result.stdout)["plans"]] == [
        "agent-3107-pip",
        "agent-5582-mentoring",
    ]
    result = team.run("report", "gaps", "--as-of", AS_OF, "-f", "json", "--kind", "pip")
    assert {g["plan_id"] for g in json.loads(result.stdout)["gaps"]} == {"agent-3107-pip"}
    result = team.run(
        "report", "coaches", "--as-of", AS_OF, "-f", "json", "--sponsor", "HR partner H1"
    )
    assert [(c["sponsor"], c["coach"]) for c in json.loads(result.stdout)["coaches"]] == [
        ("HR partner H1", "Team lead T2")
    ]
    result = team.run("report", "overdue", "--as-of", AS_OF, "-f", "json", "--status", "draft")
    assert json.loads(result.stdout)["items"] == []


def test_overdue_counts_missed_checkins_and_fails_on_request(team: Workspace) -> None:
    result = team.run("report", "overdue", "--as-of", AS_OF, "-f", "json")
    assert result.exit_code == 0
    items = json.loads(result.stdout)["items"]
    checkin = next(i for i in items if i["kind"] == "check-in")
    # weekly, last held 2026-10-20: due 10-27, 11-03, 11-10 and 11-17 all passed by > 2 days
    assert (checkin["plan_id"], checkin["missed"], checkin["due"]) == (
        "new-hire-4410-onboarding",
        4,
        "2026-10-27",
    )
    assert all(i["plan_id"] != "agent-7730-career" for i in items)  # drafts owe nothing
    failing = team.run("report", "overdue", "--as-of", AS_OF, "--fail-on-overdue")
    assert failing.exit_code == 1
    assert "Team lead T3" in failing.stdout


def test_fail_on_overdue_passes_when_nothing_is_overdue(team: Workspace) -> None:
    result = team.run(
        "report", "overdue", "--as-of", AS_OF, "--fail-on-overdue", "--coach", "Team lead T1"
    )
    assert result.exit_code == 0
    assert "Nothing overdue on 2026-11-22." in result.stdout


def test_coaches_hides_averages_of_few_ratings_and_recognises(team: Workspace) -> None:
    data = json.loads(team.run("report", "coaches", "--as-of", AS_OF, "-f", "json").stdout)
    rows = {(c["sponsor"], c["coach"]): c for c in data["coaches"]}
    t1 = rows[("Floor manager F1", "Team lead T1")]
    assert (t1["ratings"], t1["average_rating"]) == (2, None)
    t2 = rows[("Floor manager F2", "Team lead T2")]
    assert (t2["held"], t2["expected"], t2["average_rating"]) == (4, 4, 4.5)
    t3 = rows[("Floor manager F1", "Team lead T3")]
    assert (t3["on_cadence"], t3["overdue_checkins"], t3["recognised"]) == (0.0, 4, False)
    assert t1["recognised"] and t2["recognised"]
    text = team.run("report", "coaches", "--as-of", AS_OF).stdout
    assert "Recognition: Team lead T1 held every expected check-in" in text
    assert "Recognition: Team lead T3" not in text


def test_coaches_since(team: Workspace) -> None:
    data = json.loads(
        team.run(
            "report", "coaches", "--as-of", AS_OF, "--since", "2026-09-01", "-f", "json"
        ).stdout
    )
    t1 = next(c for c in data["coaches"] if c["coach"] == "Team lead T1")
    assert (t1["held"], t1["expected"], t1["average_rating"]) == (6, 6, 4.5)
    bad = team.run("report", "coaches", "--as-of", AS_OF, "--since", "2026-12-01")
    assert bad.exit_code == 2
    assert bad.stderr == ("coachplan: error: --since 2026-12-01 is not before --as-of 2026-11-22\n")


def test_gaps_by_skill_flags_unknown_skills(team: Workspace) -> None:
    data = json.loads(
        team.run("report", "gaps", "--by", "skill", "--as-of", AS_OF, "-f", "json").stdout
    )
    skills = {s["skill"]: s for s in data["skills"]}
    assert skills["workforce-planning"]["plans"] == 2
    assert skills["workforce-planning"]["known"] is False
    assert skills["workforce-planning"]["suggestion"] == "workforce-management"
    assert skills["systems-navigation"]["known"] is False
    assert skills["delegation"]["known"] is True
    assert data["skills"][0]["remaining"] >= data["skills"][-1]["remaining"]


def test_gaps_without_framework(team: Workspace) -> None:
    (team.root / "coachplan.toml").write_text('plans_dir = "plans"\n')
    result = team.run("report", "gaps", "--by", "skill", "--as-of", AS_OF)
    assert "No competency framework is set" in result.stdout
    data = json.loads(team.run("report", "gaps", "--as-of", AS_OF, "-f", "json").stdout)
    assert {g["known"] for g in data["gaps"]} == {None}


def test_gaps_show_before_and_after(team: Workspace) -> None:
    data = json.loads(team.run("report", "gaps", "--as-of", AS_OF, "-f", "json").stdout)
    delegation = next(g for g in data["gaps"] if g["skill"] == "delegation")
    assert (delegation["level"], delegation["latest"], delegation["change"]) == (2, 3, 1)
    assert delegation["assessed"] == "2026-11-12"
    before = json.loads(team.run("report", "gaps", "--as-of", "2026-11-01", "-f", "json").stdout)
    delegation = next(g for g in before["gaps"] if g["skill"] == "delegation")
    assert (delegation["latest"], delegation["change"], delegation["assessed"]) == (2, 0, None)


@pytest.mark.parametrize("fmt", ["markdown", "html", "json"])
def test_show_formats_golden(team: Workspace, fmt: str) -> None:
    result = team.run("show", "agent-2291-team-lead-readiness", "--as-of", AS_OF, "-f", fmt)
    assert result.exit_code == 0, result.stderr
    assert_golden(f"show.{fmt}", result.stdout)


@pytest.mark.parametrize("fmt", ["markdown", "html", "json"])
def test_export_plan_matches_show(team: Workspace, fmt: str) -> None:
    shown = team.run("show", "agent-3107-pip", "--as-of", AS_OF, "-f", fmt).stdout
    exported = team.run("export", "agent-3107-pip", "--as-of", AS_OF, "-f", fmt)
    assert exported.exit_code == 0
    assert exported.stdout == shown


def test_report_output_file(team: Workspace) -> None:
    result = team.run("report", "progress", "--as-of", AS_OF, "-f", "html", "-o", "progress.html")
    assert result.exit_code == 0
    assert result.stdout == ""
    assert result.stderr == "wrote progress.html\n"
    assert (team.root / "progress.html").read_text().startswith("<!DOCTYPE html>")
    assert not [p for p in team.root.iterdir() if p.name.endswith(".tmp")]


def test_report_output_into_missing_directory_is_refused(team: Workspace) -> None:
    result = team.run("report", "gaps", "--as-of", AS_OF, "-o", "no/such/dir/gaps.txt")
    assert result.exit_code == 2
    assert result.stderr.startswith("coachplan: error: no/such/dir: directory does not exist")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("report", "progress", "--format", "pdf"), "--format: 'pdf' is not one of"),
        (("report", "gaps", "--by", "team"), "--by: 'team' is not one of plan, skill"),
        (("report", "overdue", "--as-of", "22/11/2026"), "--as-of: '22/11/2026' is not a date"),
        (("report", "coaches", "--kind", "sales"), "--kind: 'sales' is not one of"),
        (("export",), "give a PLAN or --all"),
        (("export", "agent-3107-pip", "--all"), "give a PLAN or --all, not both"),
        (("export", "--all", "--format", "html"), "--all exports a calendar"),
        (("export", "agent-3107-pip", "--format", "pdf"), "--format: 'pdf' is not one of"),
        (("export", "agent-3017-pip"), "no plan 'agent-3017-pip'"),
        (("show", "agent-3107-pip", "--format", "csv"), "--format: 'csv' is not one of"),
    ],
)
def test_usage_errors(team: Workspace, args: tuple[str, ...], message: str) -> None:
    result = team.run(*args)
    assert result.exit_code == 2
    assert result.stdout == ""
    assert message in result.stderr
    assert result.stderr.count("\n") == 1
    assert "Traceback" not in result.stderr


def test_unreadable_plan_is_skipped_with_exit_2(team: Workspace) -> None:
    team.write("broken", "format = 1\ntitle = \n")
    result = team.run("report", "progress", "--as-of", AS_OF, "-f", "json")
    assert result.exit_code == 2
    assert result.stderr.startswith("coachplan: error: 1 plan skipped: it does not load: ")
    assert "broken.toml:2:" in result.stderr and result.stderr.count("\n") == 1
    assert len(json.loads(result.stdout)["plans"]) == 5


BULK = [
    ("list",),
    ("agenda",),
    ("export", "--all"),
    *REPORTS.values(),
]


@pytest.mark.parametrize("command", BULK, ids=" ".join)
def test_plans_that_do_not_load_are_one_line_with_their_count(
    team: Workspace, command: tuple[str, ...]
) -> None:
    for name in ("broken-1", "broken-2", "broken-3"):
        team.write(name, "format = 1\ntitle = \n")
    result = team.run(*command, "--as-of", AS_OF)
    assert result.exit_code == 2
    assert result.stderr == (
        "coachplan: error: 3 plans skipped: they do not load; `coachplan validate` lists why\n"
    )
    assert result.stdout.strip()  # what could be read is reported


def test_report_group_help(team: Workspace) -> None:
    result = team.run("report", "--help")
    assert result.exit_code == 0
    for name in ("progress", "overdue", "coaches", "gaps"):
        assert name in result.stdout
        example = "\nExample:\n  coachplan report " + name
        assert example in team.run("report", name, "--help").stdout
    assert "\nExample:\n  coachplan export" in team.run("export", "--help").stdout


def test_terminal_output_has_one_layout_with_and_without_colour(team: Workspace) -> None:
    import re
    from datetime import date

    from coachplan.files.loader import load_plan
    from coachplan.render.overdue_report import view
    from coachplan.render.reports import render_view
    from coachplan.reports.overdue import overdue_report

    plans = [(p.stem, load_plan(p)) for p in sorted(team.plans.glob("*.toml"))]
    day = date.fromisoformat(AS_OF)
    report = view(overdue_report(plans, day, 2), {}, day, 2)
    coloured = render_view(report, "table", terminal=True, color=True, width=100)
    plain = render_view(report, "table", terminal=True, color=False, width=100)
    assert "\x1b[" in coloured and "\x1b[" not in plain
    assert re.sub(r"\x1b\[[0-9;]*m", "", coloured) == plain
    assert "Team lead T3" in plain
    assert "\x1b[" not in render_view(report, "table", terminal=False, color=False)
