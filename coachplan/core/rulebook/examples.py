"""A complete, clean plan that rule examples are spliced into.

A rule's example is a short snippet. `complete` puts it into BASE: the snippet's top-level
keys replace BASE's, and its tables replace BASE's tables of the same name, so each example
shows only what matters while the tests still check a whole plan file.
"""

from __future__ import annotations

import re

EXAMPLE_AS_OF = "2026-11-22"

BASE = """\
format = 1
title = "Step up to team lead"
kind = "leadership"
status = "active"
coachee = "Agent 2291"
coach = "Team lead T1"
sponsor = "Floor manager F1"
start = 2026-09-01
end = 2027-02-28
checkin_every = "fortnightly"

[baseline]
date = 2026-09-03
method = "360 survey and structured interview"

[[baseline.skills]]
skill = "delegation"
level = 2
target = 4
evidence = "Handles every roster change personally"

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
  { date = 2026-09-15, value = 25 },
]

[[actions]]
id = "shadow-planning"
goal = "delegate-roster"
description = "Shadow the floor manager in two roster-planning sessions"
method = "shadowing"
resource = "Floor manager, Tuesday planning slot"
due = 2026-10-20

[[checkins]]
date = 2026-11-20
notes = "Reviewed the escalation log"
rating = 4

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
"""

# BASE's goal and its metric, without measurements: the good example of the goal rules.
BASE_GOAL = "\n" + BASE[BASE.index("[[goals]]") : BASE.index("measurements = [")]

_HEADER = re.compile(r"^\[\[?\s*([A-Za-z0-9_-]+)")
_KEY = re.compile(r"^([A-Za-z0-9_-]+)\s*=")
# `# no checkin_every` or `# no [baseline]` in a snippet removes that key or table.
_REMOVE = re.compile(r"^# no \[*([A-Za-z0-9_-]+)")


def _split(text: str) -> tuple[list[str], list[tuple[str, list[str]]]]:
    top: list[str] = []
    blocks: list[tuple[str, list[str]]] = []
    for line in text.splitlines(keepends=True):
        header = _HEADER.match(line)
        if header:
            blocks.append((header.group(1), [line]))
        elif blocks:
            blocks[-1][1].append(line)
        else:
            top.append(line)
    return top, blocks


def complete(snippet: str) -> str:
    """The whole plan text: BASE with the snippet's keys and tables in place of its own."""
    base_top, base_blocks = _split(BASE)
    top, blocks = _split(snippet)
    new_keys: dict[str, str] = {}
    others: list[str] = []
    removed = {m.group(1) for line in snippet.splitlines() if (m := _REMOVE.match(line))}
    for line in top:
        key = _KEY.match(line)
        if _REMOVE.match(line):
            continue
        if key:
            new_keys[key.group(1)] = line if line.endswith("\n") else line + "\n"
        elif line.strip():
            others.append(line)
    result: list[str] = []
    for line in base_top:
        key = _KEY.match(line)
        if key and key.group(1) in removed:
            continue
        # A replaced key keeps its place, so the example reads like a real file.
        result.append(new_keys.pop(key.group(1)) if key and key.group(1) in new_keys else line)
    while result and not result[-1].strip():
        result.pop()
    result.extend([*new_keys.values(), *others, "\n"])
    replaced_tables = {name for name, _ in blocks} | removed
    for name, lines in base_blocks:
        if name not in replaced_tables:
            result.extend(lines)
    for _, lines in blocks:
        lines = [line for line in lines if not _REMOVE.match(line)]
        if result and result[-1].strip():
            result.append("\n")
        result.extend(lines)
    return "".join(result)
