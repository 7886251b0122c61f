"""How a plan ended, for `show` (text, json) and the printable plan (markdown, html): the
closing with its outcome, summary or reason, final levels and goal attainment."""

from __future__ import annotations

from datetime import date
from typing import Any

from coachplan.core.attainment import Attainment, plan_attainment
from coachplan.core.model import Closing, Plan
from coachplan.render.document import Block, Heading, Para
from coachplan.render.reports import percent
from coachplan.render.table import Table, number


def attainment_words(found: Attainment) -> str:
    """`3 of 4 measured metrics at target, T-score 54.2` (the GAS T-score)."""
    scored = len(found.scored)
    if not scored:
        return "no metric measured by then"
    words = f"{found.reached} of {scored} measured metrics at target"
    if found.with_minimum:
        words += f", {found.minimum_met} of {found.with_minimum} minimums met"
    if found.left_out:
        words += f" ({found.left_out} not scored)"
    score = found.t_score
    return words + (f", T-score {score:.1f}" if score is not None else "")


def headline(plan: Plan, closing: Closing) -> str:
    """`Completed on 2026-09-23: achieved` or `Cancelled on 2026-10-02`."""
    if plan.status == "cancelled" or closing.outcome is None:
        return f"{plan.status.capitalize()} on {closing.date}"
    return f"{plan.status.capitalize()} on {closing.date}: {closing.outcome}"


def final_levels(plan: Plan, closing: Closing) -> list[str]:
    """`call-control 2 -> 4 (target 4)` for each final level."""
    start = {s.skill: s for s in plan.baseline.skills} if plan.baseline else {}
    found = []
    for name, level in closing.levels.items():
        skill = start.get(name)
        found.append(
            f"{name} {skill.level} -> {level} (target {skill.target})"
            if skill
            else f"{name} {level}"
        )
    return found


def closing_lines(plan: Plan, as_of: date) -> list[str]:
    """The closing in `show`: a blank line and the section, or nothing for an open plan."""
    closing = plan.closing
    if closing is None:
        return []
    later = f" (dated after {as_of})" if closing.date > as_of else ""
    out = ["", f"Closing: {headline(plan, closing).lower()}{later}"]
    for label, text in (("summary", closing.summary), ("reason", closing.reason)):
        if text:
            lines = text.strip().splitlines() or [""]
            out.append(f"  {label}: {lines[0]}".rstrip())
            out += [f"    {line}".rstrip() for line in lines[1:]]
    if closing.outcome is not None:
        out.append(f"  goal attainment: {attainment_words(plan_attainment(plan, closing.date))}")
    if closing.levels:
        out.append(f"  final levels: {', '.join(final_levels(plan, closing))}")
    return out


def closing_blocks(plan: Plan) -> list[Block]:
    """The closing in the printable plan: a section with the goal attainment per metric."""
    closing = plan.closing
    if closing is None:
        return []
    blocks: list[Block] = [Heading("Closing"), Para(headline(plan, closing) + ".")]
    if closing.summary:
        blocks.append(Para(closing.summary.strip()))
    if closing.reason:
        blocks.append(Para(f"Reason: {closing.reason.strip()}"))
    if closing.outcome is not None:
        found = plan_attainment(plan, closing.date)
        blocks.append(Para(f"Goal attainment on {closing.date}: {attainment_words(found)}."))
        metrics = {m.id: m for _, m in plan.metrics()}
        rows = [
            [
                m.id,
                f"{number(metrics[m.id].baseline)} → {number(metrics[m.id].target)}",
                number(m.latest),
                percent(m.progress),
                "-" if m.score is None else f"{m.score:+d}",
            ]
            for m in found.metrics
        ]
        if rows:
            blocks.append(
                Table("", ("Metric", "Baseline → target", "At closing", "Progress", "GAS"), rows)
            )
    if closing.levels:
        blocks.append(Para(f"Final levels: {', '.join(final_levels(plan, closing))}."))
    return blocks


def closing_json(plan: Plan) -> dict[str, Any] | None:
    """The goal attainment of a closed plan, for `show --format json`."""
    closing = plan.closing
    if closing is None or closing.outcome is None:
        return None
    found = plan_attainment(plan, closing.date)
    score = found.t_score
    return {
        "date": closing.date.isoformat(),
        "metrics_scored": len(found.scored),
        "metrics_at_target": found.reached,
        "metrics_not_scored": found.left_out,
        "minimums": found.with_minimum,
        "minimums_met": found.minimum_met,
        "t_score": None if score is None else round(score, 1),
        "scores": {m.id: m.score for m in found.scored},
    }
