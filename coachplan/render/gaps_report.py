"""`report gaps` in every format: per plan, or per skill as a training-needs view."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from datetime import date
from itertools import groupby

from coachplan.render.document import Block, Document, Figure, Heading, Para
from coachplan.render.reports import ReportView, count, signed
from coachplan.render.svg import gap_bars
from coachplan.render.table import Mark, Table
from coachplan.reports.gaps import SkillGap, SkillNeed


def known_mark(known: bool | None, suggestion: str | None = None) -> Mark:
    if known is None:
        return Mark("-", "muted")
    if known:
        return Mark("yes", "good")
    return Mark("unknown" + (f" (did you mean {suggestion}?)" if suggestion else ""), "bad")


def framework_note(framework: Collection[str] | None, unknown: Sequence[str]) -> str:
    if framework is None:
        return (
            "No competency framework is set; add [competencies] to coachplan.toml to check "
            "skill names against it."
        )
    if not unknown:
        return f"Every skill is in the competency framework ({count(len(framework), 'skill')})."
    return (
        f"{count(len(unknown), 'skill')} not in the competency framework "
        f"({count(len(framework), 'skill')}): {', '.join(unknown)}."
    )


def gap_table(gaps: Sequence[SkillGap], with_framework: bool) -> Table:
    columns = ["Skill", "Baseline", "Target", "Gap", "Latest", "Change", "Remaining", "Assessed"]
    rows = []
    for g in gaps:
        cells: list[object] = [
            g.skill,
            g.level,
            g.target,
            g.gap,
            g.latest,
            signed(g.change),
            Mark(str(g.remaining), "good") if g.remaining <= 0 else g.remaining,
            g.assessed or "-",
        ]
        if with_framework:
            cells.append(known_mark(g.known))
        rows.append(cells)
    return Table(
        "",
        columns + (["In framework"] if with_framework else []),
        rows,
        drop=("In framework", "Assessed", "Gap", "Change"),
    )


def gap_figure(plan_id: str, gaps: Sequence[SkillGap], scale: tuple[int, int]) -> Figure:
    return Figure(
        gap_bars(
            f"Skill levels of {plan_id}",
            [(g.skill, g.level, g.latest, g.target) for g in gaps],
            scale_min=scale[0],
            scale_max=scale[1],
        ),
        f"{plan_id}: grey is the baseline level, blue the latest, the dark mark the target",
    )


def by_plan_view(
    gaps: Sequence[SkillGap],
    as_of: date,
    framework: Collection[str] | None,
    scale: tuple[int, int],
) -> ReportView:
    def document() -> Document:
        unknown = sorted({g.skill for g in gaps if g.known is False})
        blocks: list[Block] = [
            Para(
                "Gap is target minus the baseline level; change is the latest re-assessed level "
                "minus the baseline level; remaining is target minus the latest level."
            ),
            Para(framework_note(framework, unknown)),
        ]
        for plan_id, group in groupby(gaps, key=lambda g: g.plan_id):
            mine = list(group)
            blocks.append(Heading(f"{plan_id}: {mine[0].coachee} (coach {mine[0].coach})"))
            blocks.append(gap_table(mine, framework is not None))
            blocks.append(gap_figure(plan_id, mine, scale))
        return Document(f"Skill gaps on {as_of}", blocks)

    def flat() -> Table:
        return Table(
            "Skill gaps",
            (
                "Plan",
                "Coachee",
                "Coach",
                "Skill",
                "Baseline",
                "Target",
                "Gap",
                "Latest",
                "Assessed",
                "Change",
                "Remaining",
                "In framework",
            ),
            [
                [
                    g.plan_id,
                    g.coachee,
                    g.coach,
                    g.skill,
                    g.level,
                    g.target,
                    g.gap,
                    g.latest,
                    g.assessed,
                    g.change,
                    g.remaining,
                    g.known,
                ]
                for g in gaps
            ],
        )

    # Built only for the formats that show them: a chart per plan is costly, json needs none.
    return ReportView(
        make_document=document,
        make_flat=flat,
        data={"report": "gaps", "by": "plan", "as_of": as_of, "gaps": list(gaps)},
    )


def by_skill_view(
    needs: Sequence[SkillNeed], as_of: date, framework: Collection[str] | None
) -> ReportView:
    unknown = [n.skill for n in needs if n.known is False]
    columns = (
        "Skill",
        "Plans",
        "Baseline gap",
        "Remaining",
        "Avg remaining",
        "Improved in",
        "Avg change",
        "In framework",
    )
    rows = [
        [
            n.skill,
            n.plans,
            n.gap,
            n.remaining,
            "-" if n.average_remaining is None else f"{n.average_remaining:.1f}",
            count(n.improved, "plan"),
            "-" if n.average_change is None else f"{n.average_change:+.1f}",
            known_mark(n.known, n.suggestion),
        ]
        for n in needs
    ]
    blocks: list[Block] = [
        Para(
            "Training needs: every plan's baseline skills added up per skill, the largest "
            "remaining gap first."
        ),
        Para(framework_note(framework, unknown)),
        Table(
            "",
            columns,
            rows,
            drop=("Avg change", "Avg remaining", "Baseline gap", "Improved in", "In framework"),
            text=("In framework",),
        ),
    ]
    flat = Table(
        "Training needs",
        (
            "Skill",
            "Plans",
            "Baseline gap",
            "Remaining",
            "Average remaining",
            "Improved in",
            "Average change",
            "In framework",
            "Suggestion",
        ),
        [
            [
                n.skill,
                n.plans,
                n.gap,
                n.remaining,
                None if n.average_remaining is None else round(n.average_remaining, 2),
                n.improved,
                None if n.average_change is None else round(n.average_change, 2),
                n.known,
                n.suggestion,
            ]
            for n in needs
        ],
    )
    return ReportView.of(
        document=Document(f"Training needs by skill on {as_of}", blocks),
        flat=flat,
        data={"report": "gaps", "by": "skill", "as_of": as_of, "skills": list(needs)},
    )
