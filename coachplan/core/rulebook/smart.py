"""SMART rules: every goal Specific, Measurable, Achievable, Relevant and Time-bound."""

from __future__ import annotations

from coachplan.core.findings import Severity
from coachplan.core.registry import describe
from coachplan.core.rulebook.examples import BASE_GOAL

GOOD_GOAL = BASE_GOAL


describe(
    "S101",
    "goal-statement-missing",
    "A goal has no statement.",
    smart="Specific",
    relaxed_in_draft=True,
    explanation="The statement says concretely what will be accomplished; without it the "
    "goal is only an id.",
    bad="""
[[goals]]
id = "delegate-roster"
relevant_to = "Team-lead readiness"
due = 2026-12-15
""",
    good=GOOD_GOAL,
)

describe(
    "S102",
    "goal-statement-vague",
    "A goal statement is too short or vague to be specific.",
    smart="Specific",
    relaxed_in_draft=True,
    explanation="A specific statement names what will be done and by whom or for what: "
    '"Hand ownership of the weekly roster to two senior agents", not "improve delegation". '
    "A statement is vague when it has fewer words than `thresholds.min_statement_words` "
    "(default 5), or when it leans on a vague word (improve, better, communication ...) and "
    "has neither a number nor eight words.",
    bad="""
[[goals]]
id = "communication"
statement = "Improve communication"
relevant_to = "Team-lead readiness"
due = 2026-12-15
""",
    good=GOOD_GOAL,
)

describe(
    "S201",
    "goal-without-metric",
    "A goal has no metric.",
    smart="Measurable",
    relaxed_in_draft=True,
    explanation="Each goal needs at least one `[[goals.metrics]]` entry with a baseline and a "
    "target, so that progress can be measured.",
    bad="""
[[goals]]
id = "delegate-roster"
statement = "Hand ownership of the weekly roster to two senior agents"
relevant_to = "Team-lead readiness"
due = 2026-12-15
""",
    good=GOOD_GOAL,
)

describe(
    "S202",
    "metric-without-baseline-or-target",
    "A metric lacks a baseline or a target.",
    smart="Measurable",
    relaxed_in_draft=True,
    explanation="Progress is measured from the baseline towards the target; both are needed.",
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
target = 60
""",
    good=GOOD_GOAL,
)

describe(
    "S203",
    "metric-without-unit",
    "A quantitative metric has no unit.",
    smart="Measurable",
    relaxed_in_draft=True,
    explanation="A number means little without its unit: %, calls/day, escalations, minutes. "
    'A metric judged by people rather than counted is `kind = "qualitative"` with a `source`.',
    bad="""
[[goals]]
id = "delegate-roster"
statement = "Hand ownership of the weekly roster to two senior agents"
relevant_to = "Team-lead readiness"
due = 2026-12-15

[[goals.metrics]]
id = "escalations-handled"
description = "Share of escalations resolved without the coachee"
baseline = 20
target = 60
""",
    good=GOOD_GOAL,
)

describe(
    "S204",
    "metric-without-source",
    "A qualitative metric does not say where evidence comes from.",
    smart="Measurable",
    relaxed_in_draft=True,
    explanation="A qualitative metric is a 1-5 rating; `source` says who or what gives it "
    "(360 feedback, observation, customer survey), so that it is measured the same way "
    "each time.",
    bad="""
[[goals]]
id = "presenting"
statement = "Present the quarterly results to the leadership team unaided"
relevant_to = "Visibility for the senior analyst role"
due = 2026-12-15

[[goals.metrics]]
id = "presentation-confidence"
description = "Confidence when presenting"
kind = "qualitative"
baseline = 2
target = 4
""",
    good="""
[[goals]]
id = "presenting"
statement = "Present the quarterly results to the leadership team unaided"
relevant_to = "Visibility for the senior analyst role"
due = 2026-12-15

[[goals.metrics]]
id = "presentation-confidence"
description = "Confidence when presenting"
kind = "qualitative"
source = "360 feedback from the leadership team"
baseline = 2
target = 4
""",
)

describe(
    "S205",
    "target-equals-baseline",
    "A metric's target equals its baseline.",
    smart="Measurable",
    relaxed_in_draft=True,
    explanation="The target must differ from the baseline; the direction of improvement (up "
    "or down) follows from the two.",
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
target = 20
""",
    good=GOOD_GOAL,
)

describe(
    "S206",
    "goal-only-qualitative",
    "A goal is measured only by ratings.",
    smart="Measurable",
    relaxed_in_draft=True,
    severity=Severity.WARNING,
    explanation="Outside mentoring plans, a goal should have at least one quantitative "
    "metric: something counted, not only rated. Mentoring plans may rely on qualitative "
    "metrics alone.",
    bad="""
[[goals]]
id = "presenting"
statement = "Present the quarterly results to the leadership team unaided"
relevant_to = "Visibility for the senior analyst role"
due = 2026-12-15

[[goals.metrics]]
id = "presentation-confidence"
description = "Confidence when presenting"
kind = "qualitative"
source = "360 feedback from the leadership team"
baseline = 2
target = 4
""",
    good="""
kind = "mentoring"

[[goals]]
id = "presenting"
statement = "Present the quarterly results to the leadership team unaided"
relevant_to = "Visibility for the senior analyst role"
due = 2026-12-15

[[goals.metrics]]
id = "presentation-confidence"
description = "Confidence when presenting"
kind = "qualitative"
source = "360 feedback from the leadership team"
baseline = 2
target = 4
""",
)

describe(
    "S207",
    "rating-off-scale",
    "A qualitative metric's baseline or target is not a 1-5 rating.",
    smart="Measurable",
    relaxed_in_draft=True,
    explanation="Qualitative metrics are ratings on the 1-5 scale; baseline, target, minimum "
    "and measurements must be on it.",
    bad="""
[[goals]]
id = "presenting"
statement = "Present the quarterly results to the leadership team unaided"
relevant_to = "Visibility for the senior analyst role"
due = 2026-12-15

[[goals.metrics]]
id = "presentation-confidence"
description = "Confidence when presenting"
kind = "qualitative"
source = "360 feedback from the leadership team"
baseline = 2
target = 8
""",
    good="""
[[goals]]
id = "presenting"
statement = "Present the quarterly results to the leadership team unaided"
relevant_to = "Visibility for the senior analyst role"
due = 2026-12-15

[[goals.metrics]]
id = "presentation-confidence"
description = "Confidence when presenting"
kind = "qualitative"
source = "360 feedback from the leadership team"
baseline = 2
target = 4
""",
)

describe(
    "S301",
    "goal-without-resourced-action",
    "No action step with a resource serves a goal.",
    smart="Achievable",
    relaxed_in_draft=True,
    explanation="A goal is achievable when the plan says how: at least one action step for "
    "the goal that names a resource (a person, a course, a book, time set aside).",
    bad="""
[[actions]]
id = "shadow-planning"
goal = "delegate-roster"
description = "Shadow the floor manager in two roster-planning sessions"
method = "shadowing"
due = 2026-10-20
""",
    good="""
[[actions]]
id = "shadow-planning"
goal = "delegate-roster"
description = "Shadow the floor manager in two roster-planning sessions"
method = "shadowing"
resource = "Floor manager, Tuesday planning slot"
due = 2026-10-20
""",
)

describe(
    "S302",
    "too-many-goals",
    "More goals than one plan can carry.",
    smart="Achievable",
    relaxed_in_draft=True,
    explanation="Focus makes a plan achievable. More goals than `thresholds.max_goals` "
    "(default 5) spread the coachee too thin; split the plan or defer some goals.",
    bad="""
[[goals]]
id = "goal-1"
[[goals]]
id = "goal-2"
[[goals]]
id = "goal-3"
[[goals]]
id = "goal-4"
[[goals]]
id = "goal-5"
[[goals]]
id = "goal-6"
""",
    good=GOOD_GOAL,
)

describe(
    "S401",
    "goal-without-relevance",
    "A goal does not say what it is relevant to.",
    smart="Relevant",
    relaxed_in_draft=True,
    explanation="`relevant_to` names the role, career or organisational outcome the goal "
    "serves, so that coach, coachee and sponsor agree why it matters.",
    bad="""
[[goals]]
id = "delegate-roster"
statement = "Hand ownership of the weekly roster to two senior agents"
due = 2026-12-15
""",
    good=GOOD_GOAL,
)

describe(
    "S501",
    "goal-without-due",
    "A goal has no due date.",
    smart="Time-bound",
    relaxed_in_draft=True,
    explanation="Every goal has a `due` date inside the plan's window.",
    bad="""
[[goals]]
id = "delegate-roster"
statement = "Hand ownership of the weekly roster to two senior agents"
relevant_to = "Team-lead readiness"
""",
    good=GOOD_GOAL,
)

describe(
    "S502",
    "goal-due-outside-window",
    "A goal is due outside the plan's window.",
    smart="Time-bound",
    relaxed_in_draft=True,
    explanation="A goal's `due` date falls between the plan's `start` and `end`.",
    bad="""
[[goals]]
id = "delegate-roster"
statement = "Hand ownership of the weekly roster to two senior agents"
relevant_to = "Team-lead readiness"
due = 2027-06-30
""",
    good=GOOD_GOAL,
)

describe(
    "S103",
    "template-placeholder",
    "Template text in <angle brackets> is still in the plan.",
    smart="Specific",
    relaxed_in_draft=True,
    explanation="`coachplan new --template` writes typical goals with <placeholders> to fill "
    "in. Replace each with the real task, person or measure before the plan goes active.",
    bad="""
[[actions]]
id = "shadow-planning"
goal = "delegate-roster"
description = "Shadow the floor manager in two roster-planning sessions"
resource = "<an experienced team lead>"
""",
    good="""
[[actions]]
id = "shadow-planning"
goal = "delegate-roster"
description = "Shadow the floor manager in two roster-planning sessions"
resource = "Floor manager, Tuesday planning slot"
""",
)
