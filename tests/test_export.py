"""`coachplan export`: calendars parsed back by icalendar, stable UIDs, printable plans, and
escaping of hostile text in every format that could run or mis-read it."""

from __future__ import annotations

import csv
import io
import json
import re
import shutil
from datetime import date
from html.parser import HTMLParser
from pathlib import Path

import icalendar
import pytest

from coachplan.core.rulebook.examples import BASE, complete
from tests.conftest import AS_OF, Workspace, assert_golden
from tests.test_reports_cli import FIXTURE


@pytest.fixture
def team(tmp_path: Path) -> Workspace:
    shutil.copytree(FIXTURE, tmp_path / "team")
    return Workspace(tmp_path / "team")


def events(text: str) -> dict[str, icalendar.Event]:
    calendar = icalendar.Calendar.from_ical(text)
    return {str(e["uid"]): e for e in calendar.walk("VEVENT")}


def test_ics_of_one_plan_golden_and_parsed_back(team: Workspace) -> None:
    result = team.run("export", "agent-3107-pip", "--as-of", AS_OF)
    assert result.exit_code == 0, result.stderr
    assert_golden("export-agent-3107-pip.ics", result.stdout)
    found = events(result.stdout)
    checkins = sorted((e.decoded("dtstart"), uid) for uid, e in found.items() if "-checkin-" in uid)
    # 8 weekly check-ins held, the last on 11-20: then 11-27 ... up to the end on 12-27
    assert checkins[0] == (date(2026, 11, 27), "agent-3107-pip-checkin-9@coachplan")
    assert [d for d, _ in checkins] == [
        date(2026, 11, 27),
        date(2026, 12, 4),
        date(2026, 12, 11),
        date(2026, 12, 18),
        date(2026, 12, 25),
    ]
    milestone = found["agent-3107-pip-milestone-final-review@coachplan"]
    assert milestone.decoded("dtstart") == date(2026, 12, 24)
    assert "Final formal review" in str(milestone["summary"])
    assert "agent-3107-pip-milestone-mid-review@coachplan" not in found  # reached


def test_ics_uids_are_stable_when_a_checkin_is_held(team: Workspace) -> None:
    before = events(team.run("export", "agent-3107-pip", "--as-of", AS_OF).stdout)
    path = team.plans / "agent-3107-pip.toml"
    path.write_text(path.read_text() + '\n[[checkins]]\ndate = 2026-11-29\nnotes = "Late"\n')
    after = events(team.run("export", "agent-3107-pip", "--as-of", "2026-11-30").stdout)
    assert "agent-3107-pip-checkin-9@coachplan" not in after  # held now
    moved = after["agent-3107-pip-checkin-10@coachplan"]
    assert before["agent-3107-pip-checkin-10@coachplan"].decoded("dtstart") == date(2026, 12, 4)
    assert moved.decoded("dtstart") == date(2026, 12, 6)
    assert moved["sequence"] > before["agent-3107-pip-checkin-10@coachplan"]["sequence"]
    again = team.run("export", "agent-3107-pip", "--as-of", "2026-11-30").stdout
    assert events(again).keys() == after.keys()


def test_ics_of_all_plans_with_filters(team: Workspace) -> None:
    everything = events(team.run("export", "--all", "--as-of", AS_OF).stdout)
    plans = {uid.split("-checkin-")[0].split("-milestone-")[0] for uid in everything}
    # active plans only: the draft agent-7730-career has no events
    assert plans == {
        "agent-2291-team-lead-readiness",
        "agent-3107-pip",
        "agent-5582-mentoring",
        "new-hire-4410-onboarding",
    }
    overdue = everything["new-hire-4410-onboarding-checkin-7@coachplan"]
    assert overdue.decoded("dtstart") == date(2026, 11, 22)  # overdue: due now
    assert "Due since 2026-10-27" in str(overdue["description"])
    mine = events(team.run("export", "--all", "--coach", "Team lead T1", "--as-of", AS_OF).stdout)
    assert {uid.split("-checkin-")[0].split("-milestone-")[0] for uid in mine} == {
        "agent-2291-team-lead-readiness"
    }
    until = events(team.run("export", "--all", "--as-of", AS_OF, "--until", "2026-12-01").stdout)
    assert until and all(e.decoded("dtstart") <= date(2026, 12, 1) for e in until.values())


def test_export_output_file_is_written_whole(team: Workspace) -> None:
    target = team.root / "team.ics"
    target.write_text("old calendar")
    result = team.run("export", "--all", "--as-of", AS_OF, "--output", "team.ics")
    assert result.exit_code == 0
    assert result.stdout == ""
    assert events(target.read_text())
    assert sorted(p.name for p in team.root.iterdir() if p.is_file()) == [
        "coachplan.toml",
        "team.ics",
    ]


def test_a_calendar_with_no_event_is_not_written(team: Workspace) -> None:
    # RFC 5545: a calendar holds at least one component. None: say why, write nothing.
    draft = team.run("export", "agent-7730-career", "--as-of", AS_OF)
    assert (draft.exit_code, draft.stdout) == (0, "")
    assert draft.stderr == (
        "nothing to export: agent-7730-career is a draft: only active plans have check-ins "
        "and milestones to come\n"
    )
    none = team.run("export", "--all", "--coach", "Nobody", "--as-of", AS_OF)
    assert (none.exit_code, none.stdout) == (0, "")
    assert none.stderr.startswith("nothing to export: no plan is selected")
    soon = team.run("export", "--all", "--as-of", AS_OF, "--until", AS_OF, "--kind", "mentoring")
    assert soon.stderr == (
        "nothing to export: the plan selected (agent-5582-mentoring) has no check-in or "
        f"milestone due from {AS_OF} to {AS_OF}\n"
    )
    target = team.root / "team.ics"
    target.write_text("the calendar of last week")
    kept = team.run("export", "--all", "--status", "draft", "--as-of", AS_OF, "-o", "team.ics")
    assert kept.exit_code == 0
    assert kept.stderr.endswith("; nothing written\n")
    assert target.read_text() == "the calendar of last week"


def test_a_cancelled_plan_still_sends_its_cancellations(ws: Workspace) -> None:
    # The exception to "nothing to export": a plan that ran and was cancelled sends its
    # events marked cancelled, so that calendars which imported them drop them.
    ws.write("agent-2291", BASE)
    closed = ws.run("close", "agent-2291", "--cancel", "--reason", "Moved teams", "--date", AS_OF)
    assert closed.exit_code == 0, closed.stderr
    result = ws.run("export", "agent-2291", "--as-of", AS_OF)
    assert (result.exit_code, result.stderr) == (0, "")
    calendar = icalendar.Calendar.from_ical(result.stdout)
    statuses = {str(event["status"]) for event in calendar.walk("VEVENT")}
    assert statuses == {"CANCELLED"}


def test_export_printable_plan_golden(team: Workspace) -> None:
    result = team.run("export", "agent-3107-pip", "-f", "html", "--as-of", AS_OF)
    assert result.exit_code == 0
    assert_golden("export-agent-3107-pip.html", result.stdout)


class Cells(HTMLParser):
    """Every cell of a page's tables: its column's heading, its text and its classes."""

    def __init__(self) -> None:
        super().__init__()
        self.cells: list[tuple[str, str, set[str]]] = []
        self._heads: list[str] = []
        self._at: tuple[str, set[str]] | None = None  # the cell being read
        self._text = ""
        self._column = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "table":
            self._heads = []
        elif tag == "tr":
            self._column = 0
        elif tag in ("th", "td"):
            self._at, self._text = (tag, set((dict(attrs).get("class") or "").split())), ""

    def handle_data(self, data: str) -> None:
        self._text += data

    def handle_endtag(self, tag: str) -> None:
        if tag == "th":
            self._heads.append(self._text)
        elif tag == "td" and self._at is not None:
            self.cells.append((self._heads[self._column], self._text, self._at[1]))
            self._column += 1
        if tag in ("th", "td"):
            self._at = None


def cells_of(page: str) -> list[tuple[str, str, set[str]]]:
    parser = Cells()
    parser.feed(page)
    return parser.cells


# Columns of ids, dates, numbers and codes, and columns of free text, in HTML pages.
NEVER_SPLIT = {"Goal", "Metric", "Action", "ID", "Plan", "Skill", "Date", "Due", "Measured"}
NEVER_SPLIT |= {"Value", "Baseline → target", "Latest", "Progress", "Status", "Role", "Held"}
NEVER_SPLIT |= {"Item", "Days over", "Expected", "On cadence", "Sponsor 1:1"}
FREE_TEXT = {"Description", "Resource", "Milestone", "Notes", "Next steps", "Note", "Evidence"}
FREE_TEXT |= {"Comment", "Why it changed", "Details", "Coach", "Name"}


@pytest.mark.parametrize(
    "command",
    [
        ("show", "agent-3107-pip"),
        ("export", "agent-2291-team-lead-readiness"),
        ("report", "progress"),
        ("report", "overdue"),
        ("report", "coaches"),
        ("agenda",),
    ],
)
def test_html_keeps_ids_dates_and_numbers_on_one_line(
    team: Workspace, command: tuple[str, ...]
) -> None:
    page = team.run(*command, "-f", "html", "--as-of", AS_OF).stdout
    assert "td { white-space: nowrap; }" in page
    assert "td.text { white-space: pre-line; }" in page  # free text wraps, keeping its lines
    cells = cells_of(page)
    assert cells
    for column, text, classes in cells:
        if column in NEVER_SPLIT:
            assert "text" not in classes, (column, text)
        if column in FREE_TEXT:
            assert "text" in classes, (column, text)
    assert {c for c, _, _ in cells} & NEVER_SPLIT


HOSTILE = complete("""
title = "Lead <script>alert(\\"x\\")</script> & 'co'"
coachee = "Agent \\"Q\\" <b>9001</b>"
coach = "=HYPERLINK(\\"http://evil.example\\",\\"x\\")"
sponsor = "@SUM(1+1)"
summary = "</p><img src=x onerror=alert(1)> [link](javascript:alert(1))"

[baseline]
date = 2026-09-03
method = "<em>interview</em>"

[[baseline.skills]]
skill = "<b>delegation</b>"
level = 2
target = 4

[[goals]]
id = "delegate-roster"
statement = "Hand <i>ownership</i> of the roster to \\"two\\" agents"
relevant_to = "<style>body{display:none}</style>"
due = 2026-12-15

[[goals.metrics]]
id = "escalations-handled"
description = "Share of </svg><script>alert(2)</script> escalations"
unit = "<%>"
baseline = 20
target = 60
measurements = [
  { date = 2026-09-15, value = 25 },
  { date = 2026-10-15, value = 35 },
]

[[milestones]]
id = "first-handover"
title = "+cmd|' /C calc'!A0"
due = 2026-11-01
goals = ["delegate-roster"]

[[checkins]]
date = 2026-11-20
notes = "-2+3 <script>"
""")


@pytest.fixture
def hostile(ws: Workspace) -> Workspace:
    ws.write("hostile", HOSTILE)
    (ws.root / "coachplan.toml").write_text(
        'plans_dir = "plans"\n[competencies."<script>"]\ndescription = "x"\n'
    )
    return ws


TITLE = "Lead &lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#x27;co&#x27;"
COACHEE = "Agent &quot;Q&quot; &lt;b&gt;9001&lt;/b&gt;"
HTML_COMMANDS = {
    ("report", "progress"): TITLE,
    ("report", "overdue"): COACHEE,
    ("report", "coaches"): "=HYPERLINK(&quot;http://evil.example&quot;,&quot;x&quot;)",
    ("report", "gaps"): "&lt;b&gt;delegation&lt;/b&gt;",
    ("report", "gaps", "--by", "skill"): "&lt;b&gt;delegation&lt;/b&gt;",
    ("show", "hostile"): TITLE,
    ("export", "hostile"): TITLE,
}


@pytest.mark.parametrize(("command", "escaped"), list(HTML_COMMANDS.items()))
def test_html_escapes_user_text_and_fetches_nothing(
    hostile: Workspace, command: tuple[str, ...], escaped: str
) -> None:
    result = hostile.run(*command, "--format", "html", "--as-of", AS_OF)
    assert result.exit_code == 0, result.stderr
    page = result.stdout
    assert "<script" not in page.lower()
    assert "<img" not in page and "<b>" not in page and "<i>" not in page
    assert "<style>body" not in page
    assert page.count("<style>") == 1  # only the page's own stylesheet
    assert not re.search(r"<[a-z][^>]*\s(src|href)\s*=", page)  # nothing fetched or linked
    assert "@import" not in page and "url(" not in page
    assert escaped in page


def test_svg_labels_are_escaped(hostile: Workspace) -> None:
    page = hostile.run("report", "progress", "-f", "html", "--as-of", AS_OF).stdout
    labels = re.findall(r'aria-label="([^"]*)"', page)
    assert any("&lt;/svg&gt;&lt;script&gt;" in label for label in labels)
    assert page.count("<svg") == page.count("</svg>")


@pytest.mark.parametrize(
    "command", [("report", "progress"), ("report", "overdue"), ("report", "coaches")]
)
def test_csv_neutralises_formulas(hostile: Workspace, command: tuple[str, ...]) -> None:
    text = hostile.run(*command, "--format", "csv", "--as-of", AS_OF).stdout
    cells = [c for row in csv.reader(io.StringIO(text)) for c in row]
    assert cells
    assert not [c for c in cells if c[:1] in ("=", "+", "@") or re.match(r"-[^0-9]", c)]
    assert '\'=HYPERLINK("http://evil.example","x")' in cells
    if command[1] != "progress":
        assert any(c.startswith("'+cmd") for c in cells) or command[1] == "coaches"


@pytest.mark.parametrize("command", [("report", "progress"), ("show", "hostile")])
def test_markdown_keeps_user_text_literal(hostile: Workspace, command: tuple[str, ...]) -> None:
    text = hostile.run(*command, "--format", "markdown", "--as-of", AS_OF).stdout
    assert not re.search(r"(?<!\\)<", text)  # every < escaped
    assert "\\<script\\>" in text
    assert "[link](javascript" not in text
    if command[0] == "show":
        assert "\\[link\\](javascript" in text  # the summary, no longer a link


def test_json_keeps_text_as_it_is(hostile: Workspace) -> None:
    data = json.loads(hostile.run("show", "hostile", "-f", "json", "--as-of", AS_OF).stdout)
    assert data["title"] == "Lead <script>alert(\"x\")</script> & 'co'"
