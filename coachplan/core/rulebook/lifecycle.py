"""Lifecycle rules: how a plan ends (its closing and outcome) and when it was paused.

Plan rules P109-P114 and kind rules K105-K106; their bodies are in coachplan.rules.lifecycle.
"""

from __future__ import annotations

from coachplan.core.findings import Severity
from coachplan.core.registry import describe

_CLOSING = """
[closing]
date = 2026-11-20
outcome = "{outcome}"
summary = "Roster handed over; escalations down to 45% of the queue"
"""

describe(
    "P109",
    "ended-without-closing",
    "A completed or cancelled plan has no closing.",
    severity=Severity.WARNING,
    explanation="A plan that ended says how: `[closing]` with its `date`, and for a completed "
    "plan its `outcome` and a `summary`, for a cancelled one the `reason`. `coachplan close` "
    "writes it (it also adds the closing to a plan that is completed already). A warning, so "
    "that plans completed before coachplan had closings still pass; `report outcomes` leaves "
    "them out.",
    bad='status = "completed"',
    good='status = "completed"\n' + _CLOSING.format(outcome="partly-achieved"),
)

describe(
    "P110",
    "closing-outside-window",
    "A plan's closing is dated outside its window.",
    explanation="A plan is closed during its window, or at most `thresholds.record_grace_days` "
    "days (default 14) after its end, for a final session or the paperwork. A closing long "
    "after the end says the plan ran on without a new end; one before the start is a mistake "
    "(except a cancellation: a plan may be cancelled before it starts). `coachplan close` "
    "dates a late closing on the plan's end unless `--date` says otherwise; to go on "
    "coaching, move the end first.",
    bad='status = "completed"\nend = 2026-10-30\n' + _CLOSING.format(outcome="partly-achieved"),
    good='status = "completed"\nend = 2026-11-16\n' + _CLOSING.format(outcome="partly-achieved"),
)

describe(
    "P111",
    "achieved-without-target",
    "A plan closed as achieved while none of its metrics reached its target.",
    severity=Severity.WARNING,
    explanation="`achieved` means the goals were met. When the plan has metrics with a "
    "baseline and a target and none of them reached its target by the closing date (by "
    "the measurements recorded up to then), the outcome is more likely `partly-achieved`; "
    "or the final measurements are missing.",
    bad='status = "completed"\n' + _CLOSING.format(outcome="achieved"),
    good='status = "completed"\n' + _CLOSING.format(outcome="partly-achieved"),
)

describe(
    "P112",
    "checkin-while-paused",
    "A check-in is dated while the plan was paused.",
    severity=Severity.WARNING,
    explanation="`coachplan status PLAN paused` and `status PLAN active` record each change as "
    'a revision ("status active -> paused"), so the plan tells when it was on hold. A '
    "check-in dated after the day it was paused and before the day it was resumed is either "
    "misdated or a sign that coaching went on: resume the plan instead. Paused plans get no "
    "reminders: nothing overdue, no calendar events.",
    bad="""
status = "paused"

[[revisions]]
date = 2026-11-06
summary = "status active -> paused: coachee on leave until December"
""",
    good="""
status = "paused"

[[revisions]]
date = 2026-11-21
summary = "status active -> paused: coachee on leave until January"
""",
)

describe(
    "P113",
    "closing-status-mismatch",
    "A plan's closing does not match its status.",
    severity=Severity.WARNING,
    explanation="Only a completed or cancelled plan has a `[closing]`; a completed plan's "
    "closing has an `outcome`, a cancelled plan's has none (it has a `reason`). "
    "`coachplan reopen` removes the closing when it reopens a plan (keeping it in the "
    "revision it adds).",
    bad='status = "active"\n' + _CLOSING.format(outcome="partly-achieved"),
    good='status = "completed"\n' + _CLOSING.format(outcome="partly-achieved"),
)

describe(
    "P114",
    "cancelled-without-reason",
    "A cancelled plan's closing does not say why.",
    severity=Severity.WARNING,
    explanation="A cancellation is part of the record of a coaching programme: the closing "
    "of a cancelled plan has a `reason` (the coachee moved teams, left the company, the plan "
    "was replaced by another). `coachplan close PLAN --cancel --reason ...` writes it.",
    bad="""
status = "cancelled"

[closing]
date = 2026-11-20
""",
    good="""
status = "cancelled"

[closing]
date = 2026-11-20
reason = "Agent 2291 moved to the billing team"
""",
)

describe(
    "K105",
    "outcome-not-for-kind",
    "A closing's outcome is not one of its kind of plan.",
    explanation="A pip is `passed` or `not-passed` (an extended pip stays active, with a "
    "later end); every other kind of plan is `achieved`, `partly-achieved` or `not-achieved`.",
    bad='status = "completed"\n' + _CLOSING.format(outcome="passed"),
    good='status = "completed"\n' + _CLOSING.format(outcome="partly-achieved"),
)

_PIP = """
kind = "pip"
status = "completed"
start = 2026-09-01
end = 2026-11-20

[[goals]]
id = "first-contact-resolution"
statement = "Resolve customer calls at first contact without a supervisor transfer"
relevant_to = "Meets the agent role's core standard"
due = 2026-11-13

[[goals.metrics]]
id = "fcr-rate"
description = "Calls resolved at first contact"
unit = "%"
baseline = 58
target = 75
minimum = 70
measurements = [
  { date = 2026-10-16, value = 66 },
  { date = 2026-11-13, value = {value} },
]

[closing]
date = 2026-11-20
outcome = "passed"
summary = "First-contact resolution at the standard for the last month"
"""

describe(
    "K106",
    "pip-passed-below-minimum",
    "A pip closed as passed while a metric is below its minimum.",
    severity=Severity.WARNING,
    explanation="A pip passes when every metric has reached its minimum acceptable level: "
    "by the last measurement on or before the closing date, no metric may be below it.",
    bad=_PIP.replace("{value}", "68"),
    good=_PIP.replace("{value}", "72"),
)
