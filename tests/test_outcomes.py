"""`report outcomes` and the accountability rhythm of `report coaches`: figures, privacy,
formats (golden), and goal attainment scaling.

The workspace in tests/fixtures/outcomes holds frozen closed plans: four coaching plans
(achieved twice, partly, not), an onboarding plan, two pips closed (passed, not passed), a
cancelled pip, a pip extended, a cancelled mentoring plan, a plan closed before the period
and a completed plan without a closing.
"""

from __future__ import annotations

import csv
import io
import json
import math
import shutil
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from coachplan.core.attainment import gas_score, plan_attainment, t_score
from coachplan.core.model import Plan
from coachplan.core.rulebook.examples import BASE
from coachplan.reports.accountability import FORTNIGHTLY, WEEKLY, rhythm
from coachplan.reports.outcomes import SkillChange, before_after
from tests.conftest import AS_OF, Workspace, assert_golden

FIXTURE = Path(__file__).parent / "fixtures" / "outcomes"
ROOT = Path(__file__).resolve().parent.parent
FORMATS = ("table", "json", "csv", "markdown", "html")


@pytest.fixture
def closed(tmp_path: Path) -> Workspace:
    shutil.copytree(FIXTURE, tmp_path / "closed")
    return Workspace(tmp_path / "closed")


def report(ws: Workspace, *args: str) -> dict[str, Any]:
    result = ws.run("report", "outcomes", "--as-of", AS_OF, "-f", "json", *args)
    assert result.exit_code == 0, result.stderr
    data: dict[str, Any] = json.loads(result.stdout)
    return data


def groups(data: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {g["name"]: g for g in [*data["groups"], data["all"]]}


# -- goal attainment scaling --------------------------------------------------------------------


def test_the_worked_example_three_metrics_all_at_minus_one_give_36_3() -> None:
    score = t_score([-1, -1, -1])
    assert score is not None and round(score, 1) == 36.3
    assert math.isclose(score, 50 - 30 / math.sqrt(4.8))
    assert t_score([0, 0, 0]) == 50 and t_score([]) is None
    assert "T = 36.3" in (ROOT / "docs" / "reports.md").read_text(encoding="utf-8")


def test_the_worked_example_on_a_plan() -> None:
    metrics = "".join(
        f"""
[[goals.metrics]]
id = "m{i}"
description = "Metric {i}"
unit = "%"
baseline = 20
target = 60
measurements = [{{ date = 2026-10-01, value = {value} }}]
"""
        for i, value in enumerate((25, 40, 59))
    )
    text = BASE[: BASE.index("[[goals.metrics]]")] + metrics + BASE[BASE.index("\n[[actions]]") :]
    import tomllib

    found = plan_attainment(Plan.model_validate(tomllib.loads(text)), date(2026, 11, 20))
    assert [m.score for m in found.metrics] == [-1, -1, -1]
    assert found.t_score is not None and round(found.t_score, 1) == 36.3


@pytest.mark.parametrize(
    ("progress", "score"),
    [(-0.01, -2), (0.0, -1), (0.99, -1), (1.0, 0), (1.49, 0), (1.5, 1), (1.99, 1), (2.0, 2)],
)
def test_gas_scores(progress: float, score: int) -> None:
    assert gas_score(progress) == score


# -- report outcomes ----------------------------------------------------------------------------


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("by", ["kind", "skill"])
def test_report_outcomes_golden(closed: Workspace, by: str, fmt: str) -> None:
    result = closed.run("report", "outcomes", "--as-of", AS_OF, "--by", by, "--format", fmt)
    assert result.exit_code == 0, result.stderr
    assert result.stderr == ""
    assert_golden(f"report-outcomes-{by}.{fmt}", result.stdout)


def test_report_outcomes_by_coach_golden(closed: Workspace) -> None:
    result = closed.run("report", "outcomes", "--as-of", AS_OF, "--by", "coach")
    assert_golden("report-outcomes-coach.table", result.stdout)


def test_figures_of_the_fixture(closed: Workspace) -> None:
    data = report(closed)
    kinds = groups(data)
    coaching = kinds["coaching"]
    assert coaching["outcomes"] == {"achieved": 2, "partly-achieved": 1, "not-achieved": 1}
    assert coaching["rates"] == {"achieved": 0.5, "partly-achieved": 0.25, "not-achieved": 0.25}
    # Rates are shares of the completed plans of their kind: pips apart from the others.
    every = groups(report(closed))["All plans"]
    assert every["rates"] == {"achieved": 0.6, "partly-achieved": 0.2, "not-achieved": 0.2}
    assert (coaching["metrics_at_target"], coaching["metrics_scored"]) == (3, 5)
    assert coaching["median_days"] == 81
    pip = kinds["pip"]
    assert (pip["completed"], pip["cancelled"], pip["extended"]) == (2, 1, 1)
    assert (pip["minimums_met"], pip["minimums"]) == (1, 2)
    assert data["all"]["completed"] == 7 and data["completed_without_closing"] == 1
    assert "leadership" not in kinds  # closed before the period
    earlier = report(closed, "--since", "2025-01-01")
    assert groups(earlier)["leadership"]["completed"] == 1
    narrow = report(closed, "--since", "2026-05-01", "--until", "2026-06-30")
    assert [g["name"] for g in narrow["groups"]] == ["coaching", "pip"]


def test_figures_over_fewer_than_three_plans_are_not_shown(closed: Workspace) -> None:
    kinds = groups(report(closed))
    pip, coaching = kinds["pip"], kinds["coaching"]
    assert pip["rates"] == {}
    for hidden in ("pip_median_days", "at_target", "minimums_share", "t_score"):
        assert pip[hidden] is None, hidden
    assert pip["on_cadence"] is None and pip["progress_per_hour"] is None
    assert coaching["t_score"] is not None and coaching["on_cadence"] is not None
    skills = {s["skill"]: s for s in coaching["skills"]}
    assert skills["empathy"]["plans"] == 2 and skills["empathy"]["baseline"] is None
    assert skills["call-control"]["change"] == 1.0
    assert skills["call-control"]["effect_size"] is None  # 4 plans: fewer than 5
    every = {s["skill"]: s for s in report(closed)["all"]["skills"]}
    assert every["call-control"]["plans"] == 7 and every["call-control"]["effect_size"] == 1.2247


def test_mean_ratings_need_three_ratings(closed: Workspace) -> None:
    # The onboarding group is one plan with twelve ratings: shown. One with two: not.
    assert groups(report(closed))["onboarding"]["average_rating"] == 5.0
    path = closed.plans / "new-hire-2201-onboarding.toml"
    text = path.read_text(encoding="utf-8")
    head, *checkins = text.split("\n[[checkins]]")
    kept = [c if i < 2 else c.replace("rating = 5\n", "") for i, c in enumerate(checkins)]
    path.write_text("\n[[checkins]]".join([head, *kept]), encoding="utf-8")
    onboarding = groups(report(closed))["onboarding"]
    assert (onboarding["ratings"], onboarding["average_rating"]) == (2, None)


@pytest.mark.parametrize("by", ["kind", "sponsor", "skill"])
@pytest.mark.parametrize("fmt", FORMATS)
def test_a_pip_is_named_only_by_coach(closed: Workspace, by: str, fmt: str) -> None:
    args = ("report", "outcomes", "--as-of", AS_OF, "--by")
    hidden = closed.run(*args, by, "-f", fmt).stdout
    assert "agent-2303-pip" not in hidden and "Moved to a back-office role" not in hidden
    if fmt == "csv":
        return  # figures per group and skill only: no plan is named
    assert "agent-2401-mentoring" in hidden  # other plans are listed
    named = closed.run(*args, "coach", "-f", fmt).stdout
    assert "agent-2303-pip" in named


def test_cancelled_pips_are_counted_where_not_named(closed: Workspace) -> None:
    data = report(closed)
    assert data["unnamed_cancelled_pips"] == 1
    assert [c["plan_id"] for c in data["cancelled"]] == ["agent-2401-mentoring"]
    table = closed.run("report", "outcomes", "--as-of", AS_OF).stdout
    assert "1 cancelled pip not named: pips are named only by coach (--by coach)." in table
    by_coach = report(closed, "--by", "coach")
    assert by_coach["unnamed_cancelled_pips"] == 0 and len(by_coach["cancelled"]) == 2


def test_csv_has_every_column_on_every_row(closed: Workspace) -> None:
    for by in ("kind", "skill", "coach", "sponsor"):
        text = closed.run("report", "outcomes", "--as-of", AS_OF, "--by", by, "-f", "csv").stdout
        rows = list(csv.reader(io.StringIO(text)))
        assert len({len(r) for r in rows}) == 1
        assert {r[1] for r in rows[1:]} >= {"All plans"}


def test_html_has_the_charts(closed: Workspace) -> None:
    page = closed.run("report", "outcomes", "--as-of", AS_OF, "-f", "html").stdout
    # Outcome rates; skill levels of coaching and of all plans (the pips' are two plans).
    assert page.count("<svg") == 3
    assert 'aria-label="Outcomes by kind"' in page
    assert "<script" not in page


@pytest.mark.parametrize("by", ["kind", "skill", "coach"])
def test_html_never_wraps_kinds_skills_and_figures(closed: Workspace, by: str) -> None:
    from tests.test_export import cells_of

    page = closed.run("report", "outcomes", "--as-of", AS_OF, "-f", "html", "--by", by).stdout
    cells = cells_of(page)
    assert {c for c, _, _ in cells} >= {by.capitalize(), "Reason"}
    for column, text, classes in cells:
        if column != "Coach":  # a name, free text
            assert ("text" in classes) == (column == "Reason"), (column, text)


def test_the_pips_table_is_titled_as_the_other_sections(closed: Workspace) -> None:
    from tests.terminal import Terminal

    # On a terminal with colour: a bold title with a rule under it, not a plain line.
    screen = Terminal(
        "report", "outcomes", "--as-of", AS_OF, cwd=closed.root, env={"NO_COLOR": None}
    )
    assert screen.finish() == 0
    assert "\x1b[1mGoal attainment\x1b[0m\n---------------\n" in screen.screen
    assert "\x1b[1mPips\x1b[0m\n....\n\n" in screen.screen
    for fmt, title in (("markdown", "\n### Pips\n"), ("html", "<h3>Pips</h3>")):
        page = closed.run("report", "outcomes", "--as-of", AS_OF, "-f", fmt).stdout
        assert title in page


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--until", "2026-12-01"), "--until 2026-12-01 is after --as-of 2026-11-22"),
        (("--since", "2026-11-01", "--until", "2026-10-01"), "is after --until"),
        (("--by", "team"), "--by: 'team' is not one of kind, coach, sponsor, skill"),
        (("--since", "yesterday"), "is not a date"),
    ],
)
def test_report_outcomes_refuses_bad_options(
    closed: Workspace, args: tuple[str, ...], message: str
) -> None:
    result = closed.run("report", "outcomes", "--as-of", AS_OF, *args)
    assert result.exit_code == 2 and message in result.stderr


def test_an_empty_period(closed: Workspace) -> None:
    result = closed.run("report", "outcomes", "--as-of", AS_OF, "--since", "2026-11-01")
    assert result.exit_code == 0
    assert "0 plans completed and 0 cancelled from 2026-11-01 to 2026-11-22" in result.stdout


def test_before_after_effect_size_needs_five_plans_and_a_spread() -> None:
    same = [SkillChange("x", 2, 3)] * 5
    assert before_after("x", same).effect_size is None  # no spread
    varied = [SkillChange("x", 2, after) for after in (3, 3, 4, 2, 4)]
    found = before_after("x", varied)
    assert (found.plans, found.baseline, found.latest, found.change) == (5, 2.0, 3.2, 1.2)
    assert found.effect_size is not None and round(found.effect_size, 2) == 1.43
    assert before_after("x", varied[:4]).effect_size is None
    assert before_after("x", [SkillChange("x", 2, None)] * 3).plans == 0


# -- the accountability rhythm of report coaches -----------------------------------------------


@pytest.mark.parametrize(
    ("kept", "expected", "behind", "answer", "reason"),
    [
        (4, 4, (), FORTNIGHTLY, "held 4 of 4 expected check-ins, 100%, and no coachee's"),
        (4, 5, (), FORTNIGHTLY, "held 4 of 5 expected check-ins, 80%, and"),
        (3, 4, (), WEEKLY, "held 3 of 4 expected check-ins, 75%, below 80%"),
        (4, 4, ("p1",), WEEKLY, "plan behind: p1"),
        (0, 2, ("p1", "p2"), WEEKLY, "held 0 of 2 expected check-ins, 0%, below 80%; plans"),
        (0, 0, (), FORTNIGHTLY, "no check-in was expected in the period"),
    ],
)
def test_rhythm(
    kept: int, expected: int, behind: tuple[str, ...], answer: str, reason: str
) -> None:
    found = rhythm(plans=2, kept=kept, expected=expected, behind=behind, weekly_below=0.8)
    assert found.rhythm == answer and found.reason.startswith(reason)


def test_rhythm_of_a_coach_without_plans() -> None:
    found = rhythm(plans=0, kept=0, expected=0, behind=(), weekly_below=0.8)
    assert (found.rhythm, found.reason) == (
        FORTNIGHTLY,
        "no plan active in the period; the default rhythm",
    )


def test_report_coaches_recommends_a_rhythm_in_every_format(closed: Workspace) -> None:
    args = ("report", "coaches", "--as-of", AS_OF, "--since", "2026-07-01")
    table = closed.run(*args).stdout
    assert "- Team lead T3: weekly one-on-ones with the sponsor (held 11 of 15 expected" in table
    assert "No plan active in the period: Team lead T2 (--all-coaches shows the row)." in table
    for fmt in ("json", "csv", "markdown", "html"):
        assert (
            "held 11 of 15 expected check-ins, 73%, below 80%"
            in closed.run(*args, "-f", fmt).stdout
        )
    data = json.loads(closed.run(*args, "-f", "json").stdout)
    assert data["without_active_plans"] == [
        {"sponsor": "Floor manager F2", "coach": "Team lead T2"}
    ]
    every = json.loads(closed.run(*args, "-f", "json", "--all-coaches").stdout)
    assert len(every["coaches"]) == len(data["coaches"]) + 1
    assert every["without_active_plans"] == []
    (closed.root / "coachplan.toml").write_text(
        'plans_dir = "plans"\n[thresholds]\nweekly_below = 0.7\n', encoding="utf-8"
    )
    relaxed = json.loads(closed.run(*args, "-f", "json").stdout)
    t3 = next(c for c in relaxed["coaches"] if c["coach"] == "Team lead T3")
    assert t3["rhythm"] == FORTNIGHTLY


def test_a_plan_closed_in_the_period_is_active_in_it_until_its_closing(closed: Workspace) -> None:
    args = ("report", "coaches", "--as-of", AS_OF, "-f", "json", "--all-coaches")
    data = json.loads(closed.run(*args, "--since", "2026-04-01").stdout)
    t1 = next(c for c in data["coaches"] if c["coach"] == "Team lead T1")
    # agent-2101 (closed 04-24), 2102, 2103 and 2104; not agent-2501 (closed 2025)
    assert t1["active_plans"] == 4


def test_metrics_never_measured_are_left_out_and_counted(closed: Workspace) -> None:
    path = closed.plans / "agent-2104-coaching.toml"
    text = path.read_text(encoding="utf-8")
    start = text.index("measurements = [")
    path.write_text(text[:start] + text[text.index("]\n", start) + 2 :], encoding="utf-8")
    coaching = groups(report(closed))["coaching"]
    assert (coaching["metrics_scored"], coaching["metrics_not_scored"]) == (4, 1)
    assert coaching["plans_scored"] == 3  # agent-2104 has no measured metric left
    table = closed.run("report", "outcomes", "--as-of", AS_OF).stdout
    assert "Left out of the scores: 1 metric of completed plans never measured" in table


@pytest.mark.parametrize("width", [60, 80, 100])
@pytest.mark.parametrize("by", ["kind", "coach"])
def test_report_outcomes_fits_the_terminal(
    closed: Workspace, monkeypatch: pytest.MonkeyPatch, by: str, width: int
) -> None:
    from rich.cells import cell_len

    monkeypatch.setenv("COACHPLAN_WIDTH", str(width))
    result = closed.run("report", "outcomes", "--as-of", AS_OF, "--by", by)
    assert result.exit_code == 0, result.stderr
    assert all(cell_len(line) <= width for line in result.stdout.splitlines())
    assert_golden(f"terminal/outcomes-{by}-{width}.txt", result.stdout)


@pytest.mark.parametrize(
    ("baseline", "target", "values"),
    [("20", "60", ["1e308", "-1e308"]), ("0", "1e-320", ["25"]), ("-1e308", "1e308", ["1e308"])],
)
def test_extreme_numbers_in_closed_plans(
    ws: Workspace, baseline: str, target: str, values: list[str]
) -> None:
    from tests.test_extremes import strict_json, with_metric

    closing = '\n[closing]\ndate = 2026-11-20\noutcome = "partly-achieved"\n'
    text = with_metric(baseline, target, values).replace(
        'status = "active"', 'status = "completed"'
    )
    for i in range(3):  # three plans: the means over plans are worked out too
        ws.write(f"p{i}", text + closing)
    for fmt in FORMATS:
        result = ws.run("report", "outcomes", "--as-of", AS_OF, "-f", fmt)
        assert (result.exit_code, result.stderr) == (0, ""), fmt
        if fmt == "json":
            strict_json(result.stdout)
    shown = ws.run("show", "p0", "--as-of", AS_OF, "-f", "json")
    assert shown.exit_code == 0
    strict_json(shown.stdout)


def test_end_to_end_on_a_generated_workspace(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from bench.generate import generate

    monkeypatch.setattr("coachplan.cli.options.today", lambda: date.fromisoformat(AS_OF))
    generate(tmp_path, 120, seed=5, problems=0)
    ws = Workspace(tmp_path)
    for by in ("kind", "coach", "sponsor", "skill"):
        result = ws.run("report", "outcomes", "--as-of", AS_OF, "--by", by, "-f", "json")
        assert result.exit_code in (0, 2), result.stderr  # 2: a generated file that does not parse
        data = json.loads(result.stdout)
        assert data["all"]["completed"] > 5 and data["all"]["cancelled"] > 0
        assert data["completed_without_closing"] == 0
    coaches = json.loads(ws.run("report", "coaches", "--as-of", AS_OF, "-f", "json").stdout)
    assert {c["rhythm"] for c in coaches["coaches"]} <= {"weekly", "fortnightly"}
    assert all(c["rhythm_reason"] for c in coaches["coaches"])
    listed = json.loads(ws.run("list", "--status", "active", "-f", "json").stdout)
    plan_id = listed[0]["id"]
    closed = ws.run("close", plan_id, "--cancel", "--reason", "Moved teams", "--no-input")
    assert closed.exit_code == 0, closed.stderr
    again = ws.run("reopen", plan_id, "--reason", "Back on the team", "--no-input")
    assert again.exit_code == 0, again.stderr
