"""`coachplan show` prints the whole plan: everything a person wrote, in every format.

The check is generic: every text, number and date in the plan file must appear in the
output of `show` (text, markdown and html) and so of `export --format markdown|html`.
"""

from __future__ import annotations

import html
import shutil
import tomllib
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from coachplan.core.agreement import agreement_digest
from coachplan.files.loader import load_plan
from coachplan.render.table import md_escape, number
from tests.conftest import AS_OF, Workspace, assert_golden

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = sorted((ROOT / "plans").glob("*.toml"))

# A plan with more of everything than show used to print: six check-ins with ratings and
# next steps, six feedback entries, three revisions, sign-offs current, stale and
# superseded, records dated after the as-of day, multi-line notes.
FULL = """format = 1
title = "Handle billing calls end to end"
kind = "coaching"
status = "active"
coachee = "Agent 9001"
coach = "Team lead T4"
sponsor = "Floor manager F3"
start = 2026-09-01
end = 2027-01-29
checkin_every = "fortnightly"
summary = \"\"\"Wants to move to the billing queue.
Second line of the summary.\"\"\"

[baseline]
date = 2026-09-02
method = "Call listening"
strengths = ["Patient with upset callers", "Knows the refund tool"]

[[baseline.skills]]
skill = "call-control"
level = 2
target = 4
evidence = "Calls drift past ten minutes"

[[assessments]]
date = 2026-10-20
method = "Second call listening"
levels = { call-control = 3, empathy = 4 }

[[assessments]]
date = 2026-12-20
levels = { call-control = 4 }

[[goals]]
id = "shorter-calls"
statement = "Bring average handling time down to eight minutes"
relevant_to = "Queue service level"
due = 2027-01-15

[[goals.metrics]]
id = "aht"
description = "Average handling time"
unit = "minutes"
baseline = 11.25
target = 8
minimum = 9.5
measurements = [
  { date = 2026-09-20, value = 10.75, note = "after the first shadowing" },
  { date = 2026-10-20, value = 9.875 },
  { date = 2026-12-01, value = 8.5, note = "measured after the as-of day" },
]

[[goals.metrics]]
id = "caller-feedback"
description = "Tone of the calls in QA review"
kind = "qualitative"
source = "QA analyst review of five calls"
baseline = 2
target = 4
measurements = [{ date = 2026-10-30, value = 3 }]

[[actions]]
id = "shadow-senior"
goal = "shorter-calls"
description = "Shadow a senior agent on the billing queue"
method = "shadowing"
resource = "Senior agent A7"
due = 2026-09-30
status = "done"
done_on = 2026-09-25

[[actions]]
id = "call-structure"
goal = "shorter-calls"
description = "Practise the four-step call structure"
method = "practice"
resource = "Call structure card"
due = 2026-11-01
status = "doing"

[[actions]]
id = "old-course"
description = "Refund tool refresher"
method = "course"
resource = "Learning portal"
due = 2026-10-10
status = "dropped"

[[milestones]]
id = "nine-minutes"
title = "Nine minutes for two weeks running"
due = 2026-11-30
goals = ["shorter-calls"]

[[milestones]]
id = "first-review"
title = "First review with the sponsor"
due = 2026-10-15
done_on = 2026-10-14

[[checkins]]
date = 2026-09-04
notes = "Agreed the plan"
rating = 3
next_steps = "Book the shadowing"

[[checkins]]
date = 2026-09-18
notes = "Shadowing booked"
rating = 4
next_steps = "Read the call structure card"

[[checkins]]
date = 2026-10-02
notes = \"\"\"Listened to three calls.
Second call ran long on the refund step.\"\"\"
rating = 4
next_steps = "Practise the refund step"

[[checkins]]
date = 2026-10-16
notes = "Refund step faster"
rating = 5
next_steps = "Try the structure on every call"

[[checkins]]
date = 2026-10-30
notes = "QA review of five calls"
rating = 2
next_steps = "Slow down the greeting"

[[checkins]]
date = 2026-11-13
notes = "Nine minutes this week"
rating = 5
next_steps = "Keep it for two weeks"

[[checkins]]
date = 2026-12-04
notes = "Planned after the as-of day"

[[feedback]]
date = 2026-09-03
source = "self"
by = "Agent 9001"
rating = 2
comment = "I lose the thread on refund calls"
goal = "shorter-calls"

[[feedback]]
date = 2026-09-10
source = "peer"
by = "Agent 4471"
comment = "Always willing to help"

[[feedback]]
date = 2026-10-01
source = "manager"
by = "Team lead T4"
rating = 3
comment = "Greeting is long"

[[feedback]]
date = 2026-10-22
source = "stakeholder"
by = "QA analyst Q5"
rating = 4
comment = "Clearer structure in October"

[[feedback]]
date = 2026-11-05
source = "direct-report"
comment = "Helpful on the floor"

[[feedback]]
date = 2026-11-12
source = "peer"
by = "Agent 3090"
rating = 5
comment = "Took my escalation calmly"

[[signoffs]]
role = "coach"
name = "Team lead T4"
date = 2026-09-01

[[signoffs]]
role = "coach"
name = "Team lead T4"
date = 2026-09-04
agreed = "CURRENT"

[[signoffs]]
role = "coachee"
name = "Agent 9001"
date = 2026-09-04
agreed = "sha256:0000000000000000000000000000000000000000000000000000000000000000"

[[signoffs]]
role = "sponsor"
name = "Floor manager F3"
date = 2026-09-05

[[revisions]]
date = 2026-09-20
summary = "Added the qualitative metric"

[[revisions]]
date = 2026-10-05
summary = "Moved the call-structure action"

[[revisions]]
date = 2026-10-21
summary = \"\"\"Dropped the refund course.
The tool changed in October.\"\"\"
"""

SKIPPED = {"format", "agreed"}  # the version, and the digest (shown as current or stale)


def written(value: Any, key: str = "") -> Iterator[str]:
    """Every text line, number and date a person wrote in a plan, as it should be shown."""
    if key in SKIPPED or (key == "kind" and value == "quantitative"):
        return
    if isinstance(value, dict):
        for k, v in value.items():
            yield from ([k] if key == "levels" else [])
            yield from written(v, k)
    elif isinstance(value, list):
        for item in value:
            yield from written(item, key)
    elif isinstance(value, str):
        yield from (line.strip() for line in value.splitlines() if line.strip())
    elif isinstance(value, date):
        yield value.isoformat()
    elif isinstance(value, int | float):
        yield number(value)


@pytest.fixture
def full(ws: Workspace) -> Workspace:
    path = ws.write("full", FULL)
    ws.write("full", FULL.replace("CURRENT", agreement_digest(load_plan(path))))
    return ws


SHOWN_AS = {
    "text": lambda line: line,
    "markdown": md_escape,
    "html": lambda line: html.escape(line),
}


def assert_everything_shown(ws: Workspace, plan_id: str, command: str, fmt: str) -> str:
    data = tomllib.loads(ws.read(plan_id))
    args = [command, plan_id, "--as-of", AS_OF] + ([] if fmt == "text" else ["-f", fmt])
    result = ws.run(*args)
    assert result.exit_code == 0, result.stderr
    missing = [x for x in written(data) if SHOWN_AS[fmt](x) not in result.stdout]
    assert not missing, f"{command} -f {fmt} does not show: {missing}"
    return result.stdout


@pytest.mark.parametrize("fmt", list(SHOWN_AS))
def test_show_prints_everything_a_person_wrote(full: Workspace, fmt: str) -> None:
    assert_everything_shown(full, "full", "show", fmt)


@pytest.mark.parametrize("fmt", ["markdown", "html"])
def test_printable_plan_has_everything(full: Workspace, fmt: str) -> None:
    assert_everything_shown(full, "full", "export", fmt)


@pytest.mark.parametrize("example", EXAMPLES, ids=lambda p: p.stem)
@pytest.mark.parametrize("fmt", list(SHOWN_AS))
def test_example_plans_are_shown_whole(ws: Workspace, example: Path, fmt: str) -> None:
    shutil.copy(example, ws.plans)
    assert_everything_shown(ws, example.stem, "show", fmt)


def test_show_text_layout_of_records(full: Workspace) -> None:
    text = full.run("show", "full", "--as-of", AS_OF).stdout
    assert_golden("show-full.txt", text)
    # Every check-in with its rating, notes and next steps, in date order.
    assert text.count("rating ") >= 6 + 4  # check-ins and rated feedback
    assert (
        "  2026-10-02  rating 4/5\n"
        "    Listened to three calls.\n"
        "    Second call ran long on the refund step.\n"
        "    next steps: Practise the refund step\n"
    ) in text
    assert "  2026-12-04  dated after 2026-11-22\n    Planned after the as-of day\n" in text
    assert "Check-ins: 6 held, average rating 3.8" in text
    assert "    2026-12-01  8.5  measured after the as-of day; dated after 2026-11-22" in text
    assert "    minimum 9.5 minutes: not met" in text  # 9.875 on the day
    assert "    qualitative, evidence from QA analyst review of five calls" in text
    # Sign-offs: which one counts, and which must be given again.
    assert "  coach Team lead T4 on 2026-09-01 (superseded by the sign-off of 2026-09-04)" in text
    assert "  coach Team lead T4 on 2026-09-04 (current, agreed content unchanged)" in text
    assert "  coachee Agent 9001 on 2026-09-04 (stale: must sign again" in text
    assert "  sponsor Floor manager F3 on 2026-09-05 (current)" in text
    assert "  must sign again (goals, targets, actions or window changed since): coachee" in text
    assert "Revisions: 3\n" in text
    # An action without a goal, with its state.
    assert "Other actions\n  [-] old-course: Refund tool refresher\n      dropped;" in text


def test_printable_plan_states(full: Workspace) -> None:
    page = full.run("show", "full", "--as-of", AS_OF, "-f", "markdown").stdout
    assert "| coachee | Agent 9001 | 2026-09-04 | stale: must sign again" in page
    assert "| 2026-12-04 (dated after 2026-11-22) | - | Planned after the as-of day | - |" in page
    assert "| 2026-10-02 | 4 | Listened to three calls. Second call ran long" in page
    assert "Wants to move to the billing queue.  \nSecond line of the summary.\n" in page
    assert "| 2026-10-20 | call-control 3, empathy 4 | Second call listening |" in page


def test_markdown_paragraph_lines_stay_text() -> None:
    from coachplan.render.document import Document, Para, to_markdown

    page = to_markdown(Document("t", [Para("Intro\n1. not a list\n===\n# not a heading")]))
    assert "Intro  \n1\\. not a list  \n\\===  \n\\# not a heading\n" in page
