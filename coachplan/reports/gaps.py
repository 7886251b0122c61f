"""`report gaps`: skill gaps from baselines, and the change that re-assessments show.

The gap of a skill is `target - level` at the baseline. Its latest level is the level the
most recent re-assessment (or a closing's final levels) on or before the day gives it (the
baseline level when none does); the change is latest minus baseline level, and what remains
is target minus latest.

`--by skill` adds the plans up per skill across the workspace: a training-needs view. When
the workspace has a competency framework (`[competencies]` in coachplan.toml), each skill is
checked against it, and a skill the framework does not know is flagged, with the closest
known name where there is one.
"""

from __future__ import annotations

import difflib
from collections import defaultdict
from collections.abc import Collection
from dataclasses import dataclass
from datetime import date

from coachplan.core.model import Plan
from coachplan.reports import PlanList, by_id


@dataclass(frozen=True)
class SkillGap:
    plan_id: str
    coachee: str
    coach: str
    skill: str
    level: int  # at the baseline
    target: int
    gap: int  # target - level
    latest: int  # level at the latest re-assessment naming the skill, else the baseline level
    assessed: date | None  # date of that re-assessment
    change: int  # latest - level
    remaining: int  # target - latest
    known: bool | None  # in the competency framework; None when the workspace has none


@dataclass(frozen=True)
class SkillNeed:
    skill: str
    plans: int
    gap: int  # sum of the baseline gaps
    remaining: int  # sum of what remains
    average_remaining: float | None  # None when no float holds it (levels past 1e308)
    improved: int  # plans in which the skill's level went up
    average_change: float | None
    known: bool | None
    suggestion: str | None  # the closest framework name of an unknown skill


def latest_levels(plan: Plan, as_of: date) -> dict[str, tuple[int, date]]:
    """Each skill's level at its latest re-assessment on or before as_of; a closing's final
    levels count as the last re-assessment, on the closing's date."""
    dated = [(a.date, a.levels) for a in plan.assessments]
    if plan.closing is not None and plan.closing.levels:
        dated.append((plan.closing.date, plan.closing.levels))
    levels: dict[str, tuple[int, date]] = {}
    for day, assessed in sorted(dated, key=lambda item: item[0]):
        if day <= as_of:
            for skill, level in assessed.items():
                levels[skill] = (level, day)
    return levels


def plan_gaps(
    plan_id: str, plan: Plan, as_of: date, framework: Collection[str] | None
) -> list[SkillGap]:
    if plan.baseline is None:
        return []
    levels = latest_levels(plan, as_of)
    rows = []
    for skill in plan.baseline.skills:
        latest, assessed = levels.get(skill.skill, (skill.level, None))
        rows.append(
            SkillGap(
                plan_id=plan_id,
                coachee=plan.coachee,
                coach=plan.coach,
                skill=skill.skill,
                level=skill.level,
                target=skill.target,
                gap=skill.gap,
                latest=latest,
                assessed=assessed,
                change=latest - skill.level,
                remaining=skill.target - latest,
                known=None if framework is None else skill.skill in framework,
            )
        )
    return rows


def gaps_report(
    plans: PlanList, as_of: date, framework: Collection[str] | None = None
) -> list[SkillGap]:
    """Every baseline skill of every plan, by plan id, in the plan's order."""
    return [
        gap
        for plan_id, plan in sorted(plans, key=by_id)
        for gap in plan_gaps(plan_id, plan, as_of, framework)
    ]


def suggest(skill: str, framework: Collection[str]) -> str | None:
    folded = {name.casefold(): name for name in framework}
    close = difflib.get_close_matches(skill.casefold(), list(folded), n=1)
    return folded[close[0]] if close else None


def mean(values: list[int]) -> float | None:
    """The mean of whole numbers; None for none, or when no float holds it."""
    try:
        return sum(values) / len(values) if values else None
    except OverflowError:
        return None


def needs_by_skill(
    gaps: list[SkillGap], framework: Collection[str] | None = None
) -> list[SkillNeed]:
    """The gaps added up per skill, largest remaining need first."""
    per_skill: dict[str, list[SkillGap]] = defaultdict(list)
    for gap in gaps:
        per_skill[gap.skill].append(gap)
    needs = []
    for skill, rows in per_skill.items():
        known = None if framework is None else skill in framework
        needs.append(
            SkillNeed(
                skill=skill,
                plans=len(rows),
                gap=sum(r.gap for r in rows),
                remaining=sum(r.remaining for r in rows),
                average_remaining=mean([r.remaining for r in rows]),
                improved=sum(r.change > 0 for r in rows),
                average_change=mean([r.change for r in rows]),
                known=known,
                suggestion=suggest(skill, framework) if framework and not known else None,
            )
        )
    return sorted(needs, key=lambda n: (-n.remaining, -n.plans, n.skill))
