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
    explanation="Measurements record progress during the plan; one dated before `start`, or "
    "more than `thresholds.record_grace_days` (default 14) days after `end`, is usually a "
    "typo in the date. (The baseline value belongs in `baseline`.)",
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

describe(
    "R106",
    "record-before-start",
    "Something is recorded as done before the plan's window starts.",
    severity=Severity.WARNING,
    explanation="Check-ins, feedback, re-assessments, actions done and milestones reached "
    "record what happened during the plan, so none is dated before `start`. One that is "
    "usually has a typo in its date (or in `start`). Sign-offs and the baseline may come "
    "before the start; measurements are R104's.",
    bad="""
[[checkins]]
date = 2026-08-20
notes = "Reviewed the escalation log"
""",
    good="""
[[checkins]]
date = 2026-09-10
notes = "Reviewed the escalation log"
""",
)

describe(
    "R107",
    "record-before-baseline",
    "Progress is recorded before the baseline it is measured from.",
    severity=Severity.WARNING,
    explanation="The baseline is where the coachee stood when the plan began. A "
    "re-assessment, check-in, action done or milestone reached dated before "
    "`[baseline] date` cannot be progress from it: one of the dates is wrong. (Feedback may "
    "come first: it is often the input to the baseline.)",
    bad="""
[[assessments]]
date = 2026-09-02
method = "360 survey"
levels = { delegation = 3 }
""",
    good="""
[[assessments]]
date = 2026-11-01
method = "360 survey"
levels = { delegation = 3 }
""",
)

describe(
    "R108",
    "record-after-end",
    "Something is recorded as done long after the plan's window ended.",
    severity=Severity.WARNING,
    explanation="A closing check-in, last feedback or final re-assessment may come a little "
    "after `end`; one more than `thresholds.record_grace_days` (default 14) days after it "
    "usually has a typo in its date, or belongs to a new plan (or the window needs "
    "extending). Applies to check-ins, feedback, re-assessments, actions done and milestones "
    "reached; R104 applies the same grace to measurements.",
    bad="""
end = 2026-10-30

[[checkins]]
date = 2026-11-20
notes = "Closing review"
""",
    good="""
end = 2026-10-30

[[checkins]]
date = 2026-11-06
notes = "Closing review"
""",
)
