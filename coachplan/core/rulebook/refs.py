"""Reference rules: ids are unique, references resolve, dates fall where they can."""

from __future__ import annotations

from coachplan.core.findings import Severity
from coachplan.core.registry import describe

describe(
    "R101",
    "unknown-goal",
    "A reference to a goal id that the plan does not have.",
    explanation="Actions (`goal`), milestones (`goals`) and feedback (`goal`) refer to goals "
    "by id; each must name a goal of the plan.",
    bad="""
[[actions]]
id = "shadow-planning"
goal = "delegate-rota"
description = "Shadow the floor manager in two roster-planning sessions"
resource = "Floor manager"
""",
    good="""
[[actions]]
id = "shadow-planning"
goal = "delegate-roster"
description = "Shadow the floor manager in two roster-planning sessions"
resource = "Floor manager"
""",
)

describe(
    "R102",
    "unknown-skill",
    "A re-assessment names a skill the baseline does not have.",
    explanation="`[[assessments]]` levels, and the final `levels` of a `[closing]`, refer to "
    "skills of `[[baseline.skills]]` by name, so that before and after can be compared.",
    bad="""
[[assessments]]
date = 2026-11-01
method = "360 survey"
levels = { delegating = 3 }
""",
    good="""
[[assessments]]
date = 2026-11-01
method = "360 survey"
levels = { delegation = 3 }
""",
)

describe(
    "R103",
    "duplicate-id",
    "Two entries share an id.",
    explanation="Goal, metric, action and milestone ids are unique within the plan (a metric "
    "id across all goals), and so are baseline skill names.",
    bad="""
[[actions]]
id = "shadow-planning"
goal = "delegate-roster"
description = "Shadow the floor manager"
resource = "Floor manager"

[[actions]]
id = "shadow-planning"
goal = "delegate-roster"
description = "Shadow a senior agent"
resource = "Senior agent"
""",
    good="""
[[actions]]
id = "shadow-planning"
goal = "delegate-roster"
description = "Shadow the floor manager"
resource = "Floor manager"

[[actions]]
id = "shadow-agent"
goal = "delegate-roster"
description = "Shadow a senior agent"
resource = "Senior agent"
""",
)

describe(
    "R104",
    "measurement-outside-window",
    "A measurement is dated outside the plan's window.",
    severity=Severity.WARNING,
    explanation="Measurements record progress during the plan; one dated before `start` or "
    "after `end` is usually a typo in the date. (The baseline value belongs in `baseline`.)",
    bad="""
[[goals]]
id = "delegate-roster"
statement = "Hand ownership of the weekly roster to two senior agents"
relevant_to = "Team-lead readiness"
due = 2026-12-15

[[goals.metrics]]
id = "escalations-handled"
description = "Share of escalations resolved without the coachee"
unit = "%"
baseline = 20
target = 60
measurements = [
  { date = 2025-09-15, value = 25 },
]
""",
    good="""
[[goals]]
id = "delegate-roster"
statement = "Hand ownership of the weekly roster to two senior agents"
relevant_to = "Team-lead readiness"
due = 2026-12-15

[[goals.metrics]]
id = "escalations-handled"
description = "Share of escalations resolved without the coachee"
unit = "%"
baseline = 20
target = 60
measurements = [
  { date = 2026-09-15, value = 25 },
]
""",
)

describe(
    "R105",
    "dated-in-future",
    "Something is recorded as done after today (or --as-of).",
    explanation="Measurements, check-ins, feedback, assessments, sign-offs, done dates and "
    "a plan's closing record what happened, so none is later than the date of the check "
    "(`--as-of`, default today). A future date is usually a typo.",
    bad="""
[[checkins]]
date = 2027-11-20
notes = "Reviewed the escalation log"
""",
    good="""
[[checkins]]
date = 2026-11-20
notes = "Reviewed the escalation log"
""",
)
