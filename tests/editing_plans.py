"""Plans for the editing tests: one written by hand, full of comments, and line diffs."""

from __future__ import annotations

import difflib

# A plan as a manager writes it by hand: comments above, beside and between tables, inside
# arrays, blank lines where they like, keys in their own order.
COMMENTED = """\
# Coaching plan for Agent 2291 -- agreed in the discovery session.
format = 1
title = "Step up to team lead"  # working title
kind = "leadership"
status = "active"   # signed on 4 September
coachee = "Agent 2291"
coach = "Team lead T1"
sponsor = "Floor manager F1"

start = 2026-09-01
end = 2027-02-28
checkin_every = "fortnightly"

# Where the coachee stands at the start.
[baseline]
date = 2026-09-03
method = "360 survey and structured interview"

[[baseline.skills]]
skill = "delegation"
level = 2   # from the 360 survey
target = 4
evidence = "Handles every roster change personally"

# ---------------------------------------------------------------- goals
[[goals]]
id = "delegate-roster"
statement = "Hand ownership of the weekly roster to two senior agents"
relevant_to = "Team-lead readiness; fewer escalations to the floor manager"
due = 2026-12-15

[[goals.metrics]]
id = "escalations-handled"
description = "Share of escalations resolved without the coachee"
unit = "%"
baseline = 20
target = 60
measurements = [
  { date = 2026-09-15, value = 25 },  # first reading
  # October reading to come
]

# ---------------------------------------------------------------- actions
[[actions]]
id = "shadow-planning"
goal = "delegate-roster"
description = "Shadow the floor manager in two roster-planning sessions"
method = "shadowing"
resource = "Floor manager, Tuesday planning slot"
due = 2026-10-20
# booked for the first two Tuesdays

[[milestones]]
id = "first-handover"
title = "First roster published by a senior agent"
due = 2026-10-31
goals = ["delegate-roster"]

# One-on-ones, newest last.
[[checkins]]
date = 2026-11-20
notes = "Reviewed the escalation log"
rating = 4

# Agreement: all three signed in the discovery session.
[[signoffs]]
role = "coach"
name = "Team lead T1"
date = 2026-09-04

[[signoffs]]
role = "coachee"
name = "Agent 2291"
date = 2026-09-04

[[signoffs]]
role = "sponsor"
name = "Floor manager F1"
date = 2026-09-05

# end of plan
"""


def line_changes(old: str, new: str) -> tuple[list[str], list[str]]:
    """The lines removed from `old` and the lines added in `new`."""
    removed: list[str] = []
    added: list[str] = []
    matcher = difflib.SequenceMatcher(
        None, old.splitlines(keepends=True), new.splitlines(keepends=True), autojunk=False
    )
    a, b = matcher.a, matcher.b
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag in ("replace", "delete"):
            removed.extend(a[i1:i2])
        if tag in ("replace", "insert"):
            added.extend(b[j1:j2])
    return removed, added
