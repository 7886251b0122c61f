"""Plan rules: the window, and what an active plan needs before coaching starts."""

from __future__ import annotations

from coachplan.core.findings import Severity
from coachplan.core.registry import describe

describe(
    "P101",
    "end-before-start",
    "The plan ends before it starts.",
    explanation="`end` must be after `start`.",
    bad="start = 2026-09-01\nend = 2026-08-01",
    good="start = 2026-09-01\nend = 2027-02-28",
)

describe(
    "P102",
    "active-without-baseline",
    "An active plan has no baseline assessment.",
    explanation="Before coaching starts, a baseline assessment records where the coachee "
    "stands: `[baseline]` with a date, a method and the skills with level and target.",
    bad='status = "active"\n# no [baseline]',
    good='status = "active"',
)

describe(
    "P103",
    "active-without-signoff",
    "An active plan is not signed by coach and coachee.",
    explanation="An active plan is agreed: both coach and coachee have a `[[signoffs]]` "
    "entry. A sign-off counts only when its `name` is the plan's `coach` or `coachee` "
    "(ignoring case and surrounding spaces): someone else signing as coach does not make "
    "the plan agreed. (A pip also needs its sponsor: rule K103.)",
    bad="""
[[signoffs]]
role = "coach"
name = "Team lead T1"
date = 2026-09-04

[[signoffs]]
role = "coachee"
name = "Team lead T1"
date = 2026-09-04
""",
    good="""
[[signoffs]]
role = "coach"
name = "Team lead T1"
date = 2026-09-04

[[signoffs]]
role = "coachee"
name = "Agent 2291"
date = 2026-09-04
""",
)

describe(
    "P104",
    "active-without-cadence",
    "An active plan has no check-in cadence.",
    explanation='`checkin_every` (weekly, fortnightly, monthly or "<N> days") says how '
    "often coach and coachee meet; the overdue report counts missed check-ins from it.",
    bad='status = "active"\n# no checkin_every',
    good='checkin_every = "fortnightly"',
)

describe(
    "P105",
    "level-off-scale",
    "A skill level is outside the workspace's scale.",
    explanation="Skill levels and targets in `[baseline]`, `[[assessments]]` and a "
    "`[closing]`'s final levels use the workspace scale (`scale` in coachplan.toml, default "
    "1 to 5).",
    bad="""
[baseline]
date = 2026-09-03
method = "interview"

[[baseline.skills]]
skill = "delegation"
level = 2
target = 7
""",
    good="""
[baseline]
date = 2026-09-03
method = "interview"

[[baseline.skills]]
skill = "delegation"
level = 2
target = 4
""",
)

describe(
    "P106",
    "action-status-mismatch",
    "An action's status and done date disagree.",
    severity=Severity.WARNING,
    explanation='An action with `status = "done"` records `done_on`; an action with '
    "`done_on` has status done.",
    bad="""
[[actions]]
id = "shadow-planning"
goal = "delegate-roster"
description = "Shadow the floor manager in two roster-planning sessions"
resource = "Floor manager"
status = "done"
""",
    good="""
[[actions]]
id = "shadow-planning"
goal = "delegate-roster"
description = "Shadow the floor manager in two roster-planning sessions"
resource = "Floor manager"
status = "done"
done_on = 2026-10-14
""",
)

describe(
    "P107",
    "active-without-goals",
    "An active plan has no goals.",
    explanation="A plan is coaching towards goals; an active plan has at least one.",
    bad='status = "active"\n# no [[goals]]',
    good="""
[[goals]]
id = "delegate-roster"
statement = "Hand ownership of the weekly roster to two senior agents"
""",
)


# The agreed digest of the examples' base plan, so that P108's examples carry a real one.
# Written out rather than computed: computing it builds the plan models, which every start
# of coachplan would then pay for. tests/test_rules.py checks it against the base plan.
EXAMPLE_DIGEST = "sha256:516ade5b928c5fab777a084a43f732398294c4c636ece688aab1b2d0374eb10c"


_SIGNED = """
[[signoffs]]
role = "coach"
name = "Team lead T1"
date = 2026-09-04
agreed = "{digest}"

[[signoffs]]
role = "coachee"
name = "Agent 2291"
date = 2026-09-04
agreed = "{digest}"
"""
_SIGNED_BASE = _SIGNED.format(digest=EXAMPLE_DIGEST)


describe(
    "P108",
    "stale-signoff",
    "A sign-off agreed to goals, targets, actions, milestones or a window that have changed.",
    relaxed_in_draft=True,
    explanation="`coachplan signoff` records in `agreed` a digest of what was agreed: the "
    "goals, the metrics and their targets, the action steps, the milestones and the window. "
    "When any of these changes afterwards, the sign-off no longer covers the plan and the "
    "person must sign again. Measurements, check-ins, feedback and marking actions done or "
    "milestones reached do not change what was agreed. Only the latest sign-off of each "
    "role by the plan's person in that role counts. One without `agreed` cannot be checked, "
    "except against an extension: a sign-off dated before a pip was last extended "
    '(a revision "pip extended: end ... -> ...") does not cover its new end.',
    bad="end = 2027-03-31\n" + _SIGNED_BASE,
    good=_SIGNED_BASE,
)
