"""One plan as a printable document: `show` and `export` as Markdown or HTML."""

from __future__ import annotations

from collections.abc import Collection
from datetime import date

from coachplan.model import Plan
from coachplan.render.document import Block, Bullets, Document, Heading, Para
from coachplan.render.gaps_report import gap_figure, gap_table
from coachplan.render.progress_report import (
    METRIC_COLUMNS,
    goal_figures,
    metric_cells,
    milestone_text,
)
from coachplan.render.reports import cadence_figure, count, percent
from coachplan.render.table import Mark, Table
from coachplan.reports.coaches import MIN_RATINGS
from coachplan.reports.gaps import plan_gaps
from coachplan.reports.overdue import action_done
from coachplan.reports.progress import plan_progress


def plan_document(
    plan_id: str,
    plan: Plan,
    as_of: date,
    *,
    grace_days: int = 2,
    scale: tuple[int, int] = (1, 5),
    framework: Collection[str] | None = None,
) -> Document:
    progress = plan_progress(plan_id, plan, as_of)
    sponsor = f", sponsor {plan.sponsor}" if plan.sponsor else ""
    cadence = f"; check-ins {plan.checkin_every}" if plan.checkin_every else ""
    blocks: list[Block] = [
        Para(
            f"{plan_id}: {plan.kind} plan, {plan.status}. {plan.coachee}, coached by "
            f"{plan.coach}{sponsor}."
        ),
        Para(
            f"Window {plan.start} to {plan.end}, {percent(progress.window_elapsed)} elapsed on "
            f"{as_of}{cadence}. Progress: {progress.status or 'no measurable metric'}."
        ),
    ]
    if plan.summary:
        blocks.append(Para(plan.summary.strip()))
    if plan.baseline:
        blocks += [
            Heading("Baseline"),
            Para(f"Assessed on {plan.baseline.date}; method: {plan.baseline.method}."),
        ]
        if plan.baseline.strengths:
            blocks.append(Bullets([f"Strength: {s}" for s in plan.baseline.strengths]))
        gaps = plan_gaps(plan_id, plan, as_of, framework)
        if gaps:
            blocks += [gap_table(gaps, framework is not None), gap_figure(plan_id, gaps, scale)]
    for goal in progress.goals:
        source = plan.goal(goal.id)
        blocks.append(Heading(f"Goal {goal.id}"))
        blocks.append(Para(goal.statement or "(no statement)"))
        relevant = source.relevant_to if source else None
        blocks.append(
            Para(
                (f"Relevant to: {relevant}. " if relevant else "")
                + f"Due {goal.due or '-'}; status {goal.status or '-'}; next milestone "
                + milestone_text(goal.next_milestone)
                + "."
            )
        )
        if goal.metrics:
            blocks.append(Table("", METRIC_COLUMNS, [metric_cells(m) for m in goal.metrics]))
            blocks += goal_figures(progress, goal, as_of)
        actions = [a for a in plan.actions if a.goal == goal.id]
        if actions:
            blocks.append(
                Table(
                    "",
                    ("Action", "Description", "Method", "Resource", "Due", "Status"),
                    [
                        [
                            a.id,
                            a.description,
                            a.method or "-",
                            a.resource or "-",
                            a.due or "-",
                            action_mark(a.status, a.done_on, a.due, as_of),
                        ]
                        for a in actions
                    ],
                )
            )
    others = [a for a in plan.actions if plan.goal(a.goal or "") is None]
    if others:
        blocks += [
            Heading("Other actions"),
            Bullets([f"{a.id}: {a.description} ({a.status})" for a in others]),
        ]
    if plan.milestones:
        blocks += [
            Heading("Milestones"),
            Table(
                "",
                ("Due", "Milestone", "Goals", "State"),
                [
                    [
                        m.due or "-",
                        m.title,
                        ", ".join(m.goals),
                        milestone_mark(m.done_on, m.due, as_of),
                    ]
                    for m in sorted(plan.milestones, key=lambda m: (m.due or date.max, m.id))
                ],
            ),
        ]
    held = sorted((c for c in plan.checkins if c.date <= as_of), key=lambda c: c.date)
    ratings = [c.rating for c in held if c.rating is not None]
    average = (
        f", average session rating {sum(ratings) / len(ratings):.1f}"
        if len(ratings) >= MIN_RATINGS
        else ""
    )
    blocks += [Heading("Check-ins"), Para(f"{count(len(held), 'check-in')} held{average}.")]
    figure = cadence_figure(plan_id, plan, as_of, grace_days)
    if figure is not None and plan.status == "active":
        blocks.append(figure)
    if held:
        blocks.append(
            Table(
                "",
                ("Date", "Notes", "Next steps"),
                [[c.date, c.notes or "", c.next_steps or ""] for c in held],
            )
        )
    if plan.feedback:
        blocks += [
            Heading("Feedback"),
            Table(
                "",
                ("Date", "Source", "By", "Rating", "Goal", "Comment"),
                [
                    [f.date, f.source, f.by or "-", f.rating or "-", f.goal or "-", f.comment]
                    for f in sorted(plan.feedback, key=lambda f: f.date)
                ],
            ),
        ]
    blocks += [
        Heading("Sign-off"),
        Bullets([f"{s.role}: {s.name}, {s.date}" for s in plan.signoffs] or ["not signed yet"]),
    ]
    if plan.revisions:
        blocks += [
            Heading("Revisions"),
            Table("", ("Date", "Why it changed"), [[r.date, r.summary] for r in plan.revisions]),
        ]
    return Document(plan.title, blocks)


def action_mark(status: str, done_on: date | None, due: date | None, as_of: date) -> Mark:
    if status == "done" and (done_on is None or done_on <= as_of):
        return Mark(f"done {done_on}" if done_on else "done", "good")
    if action_done(status, done_on, as_of):
        return Mark(status, "muted")
    if due and due < as_of:
        return Mark(f"{status}, overdue", "bad")
    return Mark(status, "")


def milestone_mark(done_on: date | None, due: date | None, as_of: date) -> Mark:
    if done_on is not None and done_on <= as_of:
        return Mark(f"reached {done_on}", "good")
    if due and due < as_of:
        return Mark("overdue", "bad")
    return Mark("open", "")
