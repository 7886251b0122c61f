"""Format rules: the file is UTF-8 TOML and has the keys and types of format version 1.

These findings come from loading, not from a check function: TOML syntax and encoding
errors from the parser, the rest translated from the models' validation errors
(coachplan.core.validation).
"""

from __future__ import annotations

from coachplan.core.registry import Rule, register

register(
    Rule(
        code="F001",
        name="toml-syntax",
        summary="The file is not valid TOML.",
        explanation="A plan is a TOML 1.0 document. The parser stops at the first syntax "
        "error; the line and column say where. `validate` exits 2 for such a file.",
        bad='title = "Step up to team lead',
        good='title = "Step up to team lead"',
    )
)
register(
    Rule(
        code="F002",
        name="unreadable-file",
        summary="The file is not LF-only UTF-8 text.",
        explanation="Plans are UTF-8 without a byte-order mark, with LF line endings, and not "
        "empty. A BOM or CRLF line endings make noisy diffs; "
        "`coachplan fmt --keep-comments FILE` removes them. "
        "`validate` exits 2 for such a file.",
        bad="(a file saved as UTF-16, or with a BOM, or with CRLF line endings)",
        good="(the same file saved as UTF-8 with LF line endings)",
    )
)
register(
    Rule(
        code="F101",
        name="unknown-key",
        summary="A key that format 1 does not have.",
        explanation="Every key of a plan is defined by the format; an unknown key is usually a "
        "typo, and the tool would lose it on a rewrite. The hint names the closest known key.",
        bad="""
[[goals]]
id = "delegate-roster"
statment = "Hand ownership of the weekly roster to two senior agents"
""",
        good="""
[[goals]]
id = "delegate-roster"
statement = "Hand ownership of the weekly roster to two senior agents"
""",
    )
)
register(
    Rule(
        code="F102",
        name="missing-key",
        summary="A required key is missing.",
        explanation="Every plan has format, title, kind, status, coachee, coach, start and end; "
        "goals, metrics, actions and milestones have an id; other tables have their own required "
        "keys (see docs/plan-format.md).",
        bad="""
[[goals]]
statement = "Hand ownership of the weekly roster to two senior agents"
""",
        good="""
[[goals]]
id = "delegate-roster"
statement = "Hand ownership of the weekly roster to two senior agents"
""",
    )
)
register(
    Rule(
        code="F103",
        name="wrong-type",
        summary="A value of the wrong type.",
        explanation="Dates are TOML dates without quotes (`due = 2026-12-15`); numbers are "
        "numbers; lists are lists.",
        bad='start = "2026-09-01"',
        good="start = 2026-09-01",
    )
)
register(
    Rule(
        code="F104",
        name="invalid-value",
        summary="A value outside the allowed set or range.",
        explanation="Kinds, statuses, methods, roles and sources come from fixed lists; ids are "
        "lowercase letters, digits and '-'; ratings are 1 to 5; cadences are weekly, "
        'fortnightly, monthly or "<N> days"; titles, names and skills are one line of text '
        "without control characters (no escape sequences, no tabs).",
        bad='kind = "leader"',
        good='kind = "leadership"',
    )
)
register(
    Rule(
        code="F105",
        name="unsupported-version",
        summary="A format version this coachplan does not read.",
        explanation="`format = 1` is the only version so far. A plan written by a newer "
        "coachplan needs that version to be read.",
        bad="format = 2",
        good="format = 1",
    )
)
register(
    Rule(
        code="F106",
        name="invalid-plan-id",
        summary="The file name is not a valid plan id.",
        explanation="The file stem is the plan's id: lowercase letters, digits and '-', starting "
        "with a letter or digit, at most 64 characters. Rename the file.",
        bad="(plans/Agent 2291.toml)",
        good="(plans/agent-2291.toml)",
    )
)
