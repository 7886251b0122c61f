"""Every change has an inverse: after a change and its inverse the plan is what it was.

Each pair runs on the hand-written plan full of comments: afterwards the file loads,
validates with no finding it did not have, keeps every comment, and is byte for byte the
original, except for the revisions that changes to agreed content append. The same pairs
on a canonical plan leave it canonical.
"""

from __future__ import annotations

import json
import re
import shlex
import tomllib
from datetime import date

import pytest

from tests.conftest import AS_OF, Workspace
from tests.editing_plans import COMMENTED

# (a change, its inverse); P is the plan. Inverses that remove ask first, so they say --yes.
PAIRS: list[tuple[str, str]] = [
    (
        "goal add P coach-peers --statement 'Run two call-listening sessions a week' "
        "--relevant-to 'Coaching habit' --due 2027-01-29",
        "goal remove P coach-peers --yes",
    ),
    (
        "goal set P delegate-roster --due 2027-01-15 --statement 'Hand the roster over'",
        "goal set P delegate-roster --due 2026-12-15 "
        "--statement 'Hand ownership of the weekly roster to two senior agents'",
    ),
    ("goal rename P delegate-roster own-roster", "goal rename P own-roster delegate-roster"),
    (
        "metric add P delegate-roster roster-share --description 'Rosters published' --unit % "
        "--baseline 0 --target 50",
        "metric remove P roster-share --yes",
    ),
    (
        "metric set P escalations-handled --target 70 --minimum 30",
        "metric set P escalations-handled --target 60 --minimum ''",
    ),
    (
        "metric rename P escalations-handled escalations-delegated",
        "metric rename P escalations-delegated escalations-handled",
    ),
    (
        "action add P read-guide --description 'Read the delegation guide' --resource Handbook",
        "action remove P read-guide --yes",
    ),
    ("action done P shadow-planning --date 2026-10-14", "action reopen P shadow-planning"),
    ("action set P shadow-planning --status dropped", "action reopen P shadow-planning"),
    (
        "action set P shadow-planning --resource '' --due '' --method reading",
        "action set P shadow-planning --resource 'Floor manager, Tuesday planning slot' "
        "--due 2026-10-20 --method shadowing",
    ),
    (
        "milestone add P second-handover --title 'Second roster handed over' --due 2026-12-10 "
        "--goal delegate-roster",
        "milestone remove P second-handover --yes",
    ),
    ("milestone done P first-handover --date 2026-10-30", "milestone reopen P first-handover"),
    (
        "milestone set P first-handover --due 2026-11-14",
        "milestone set P first-handover --due 2026-10-31",
    ),
    (
        "measure P escalations-handled 30 --date 2026-11-21",
        "measure P escalations-handled --remove 2026-11-21 --yes",
    ),
    ("checkin P --date 2026-11-21 --notes Talked --rating 4", "checkin P --remove 2026-11-21 -y"),
    (
        "feedback P --source peer --comment Useful --goal delegate-roster --date 2026-11-21",
        "feedback P --remove 2026-11-21 --yes",
    ),
    ("assess P delegation=3 --date 2026-11-21", "assess P --remove 2026-11-21 --yes"),
    (
        "baseline P --skill feedback --level 2 --target 4",
        "baseline P --remove-skill feedback --yes --reason 'Not part of this plan'",
    ),
    ("signoff P --role coach --date 2026-11-21", "signoff P --role coach --withdraw --yes"),
]

REVISION = re.compile(r"\n\[\[revisions\]\]\ndate = [0-9-]+\nsummary = \"[^\"]*\"\n")


@pytest.fixture(autouse=True)
def pinned_today(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("coachplan.cli.options.today", lambda: date.fromisoformat(AS_OF))


def run(ws: Workspace, args: str) -> None:
    result = ws.run(*["agent-2291" if a == "P" else a for a in shlex.split(args)])
    assert result.exit_code == 0, f"{args}: {result.stderr}"
    assert "Traceback" not in result.stderr


def findings(ws: Workspace) -> list[tuple[str, str]]:
    result = ws.run("validate", "--format", "json", "--as-of", AS_OF)
    assert result.exit_code in (0, 1), result.stderr
    return sorted((f["code"], f["message"]) for f in json.loads(result.stdout)["findings"])


def comments(text: str) -> list[str]:
    return [line[line.index("#") :] for line in text.splitlines() if "#" in line]


@pytest.mark.parametrize(("change", "inverse"), PAIRS, ids=[p[0][:40] for p in PAIRS])
def test_change_then_inverse_gives_the_plan_back(ws: Workspace, change: str, inverse: str) -> None:
    ws.write("agent-2291", COMMENTED)
    before = findings(ws)
    run(ws, change)
    assert ws.read("agent-2291") != COMMENTED
    run(ws, inverse)
    text = ws.read("agent-2291")
    tomllib.loads(text)
    assert findings(ws) == before
    assert comments(text) == comments(COMMENTED)
    assert REVISION.sub("", text.replace("\n# end of plan\n", "\n")) == REVISION.sub(
        "", COMMENTED.replace("\n# end of plan\n", "\n")
    )


@pytest.mark.parametrize(("change", "inverse"), PAIRS, ids=[p[0][:40] for p in PAIRS])
def test_change_then_inverse_stays_canonical(ws: Workspace, change: str, inverse: str) -> None:
    ws.write("agent-2291", COMMENTED)
    run(ws, "fmt --force")
    assert "#" not in ws.read("agent-2291")
    run(ws, change)
    run(ws, inverse)
    check = ws.run("fmt", "--check")
    assert check.exit_code == 0, check.stderr
