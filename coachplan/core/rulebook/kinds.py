"""Kind rules: what a performance improvement plan (pip) needs beyond any plan."""

from __future__ import annotations

from coachplan.core.findings import Severity
from coachplan.core.registry import describe

PIP_GOAL = """
kind = "pip"
start = 2026-10-01
end = 2026-12-20

[[goals]]
id = "first-contact-resolution"
statement = "Resolve customer calls at first contact without a supervisor transfer"
relevant_to = "Meets the agent role's core standard"
due = 2026-12-15

[[goals.metrics]]
id = "fcr-rate"
description = "Calls resolved at first contact"
unit = "%"
baseline = 58
target = 75
"""


describe(
    "K101",
    "pip-window-too-long",
    "A performance improvement plan runs too long.",
    relaxed_in_draft=True,
    explanation="A pip is remedial: a short, fair window to reach the minimum standard. Its "
    "window is at most `thresholds.pip_max_days` days (default 90). A pip extended with "
    "`coachplan close PLAN --outcome extended --end DATE` (which records the extension as a "
    "revision) may run `thresholds.pip_extension_days` more (default 30).",
    bad='kind = "pip"\nstart = 2026-09-01\nend = 2027-02-28',
    good='kind = "pip"\nstart = 2026-10-01\nend = 2026-12-20',
)

describe(
    "K102",
    "pip-metric-without-minimum",
    "A pip metric has no minimum acceptable level.",
    relaxed_in_draft=True,
    explanation="Every metric of a pip states `minimum`: the level the coachee must reach for "
    "the plan to succeed, so that the outcome is fair and unambiguous.",
    bad=PIP_GOAL,
    good=PIP_GOAL + "minimum = 70\n",
)

describe(
    "K103",
    "pip-without-sponsor-signoff",
    "An active pip is not signed by its sponsor.",
    relaxed_in_draft=True,
    explanation="A pip needs a `sponsor` (usually the second-line manager or HR partner), and "
    "an active pip needs the sponsor's sign-off as well as the coach's and coachee's. The "
    "sign-off counts only when its `name` is the plan's `sponsor`.",
    bad=PIP_GOAL
    + """
[[signoffs]]
role = "coach"
name = "Team lead T1"
date = 2026-10-01

[[signoffs]]
role = "coachee"
name = "Agent 2291"
date = 2026-10-01
""",
    good=PIP_GOAL
    + """
[[signoffs]]
role = "coach"
name = "Team lead T1"
date = 2026-10-01

[[signoffs]]
role = "coachee"
name = "Agent 2291"
date = 2026-10-01

[[signoffs]]
role = "sponsor"
name = "Floor manager F1"
date = 2026-10-02
""",
)

describe(
    "K104",
    "pip-minimum-out-of-range",
    "A pip metric's minimum is not between baseline and target.",
    severity=Severity.WARNING,
    relaxed_in_draft=True,
    explanation="The minimum acceptable level lies between where the coachee starts and the "
    "target, or on the target.",
    bad=PIP_GOAL + "minimum = 50\n",
    good=PIP_GOAL + "minimum = 70\n",
)
