"""One plan as a printable document: `show` and `export` as Markdown or HTML.

Like `show`, the whole plan: everything a person wrote in it, with progress on the as-of
day. The helpers at the end (sign-off states, action and milestone states) serve the text
of `show` too.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from datetime import date

from coachplan.core.agreement import counts, current_signoffs, person, stale_signoffs
from coachplan.core.model import Action, Checkin, Goal, Plan, Signoff
from coachplan.render.closing import closing_blocks
from coachplan.render.document import Block, Bullets, Document, Heading, Para
from coachplan.render.gaps_report import gap_figure, gap_table
from coachplan.render.progress_report import (
    METRIC_COLUMNS,
    goal_figures,
    metric_cells,
    milestone_text,
)
from coachplan.render.reports import cadence_figure, count, percent
from coachplan.render.table import Mark, Table, number
from coachplan.reports.coaches import protected_average
from coachplan.reports.gaps import plan_gaps
from coachplan.reports.overdue import action_done, milestone_reached
from coachplan.reports.progress import plan_progress
from coachplan.reports.schedule import cadence_of, checkin_state, gets_reminders


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
    blocks += closing_blocks(plan)
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
        evidence = [[s.skill, s.evidence] for s in plan.baseline.skills if s.evidence]
        if evidence:
            blocks.append(Table("", ("Skill", "Evidence"), evidence, text=("Evidence",)))
    if plan.assessments:
        blocks += [
            Heading("Re-assessments"),
            Table(
                "",
                ("Date", "Levels", "Method"),
                [
                    [
                        dated(a.date, as_of),
                        ", ".join(f"{k} {v}" for k, v in a.levels.items()) or "-",
                        a.method or "-",
                    ]
                    for a in sorted(plan.assessments, key=lambda a: a.date)
                ],
                text=("Method",),
            ),
        ]
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
        if source is not None and source.metrics:
            blocks.append(Table("", METRIC_COLUMNS, [metric_cells(m) for m in goal.metrics]))
            blocks += metric_details(source, as_of)
            blocks += goal_figures(progress, goal, as_of)
        actions = [a for a in plan.actions if a.goal == goal.id]
        if actions:
            blocks.append(action_table(actions, as_of))
    others = [a for a in plan.actions if plan.goal(a.goal or "") is None]
    if others:
        blocks += [Heading("Other actions"), action_table(others, as_of, with_goal=True)]
    if plan.milestones:
        blocks += [
            Heading("Milestones"),
            Table(
                "",
                ("Due", "ID", "Milestone", "Goals", "State"),
                [
                    [
                        m.due or "-",
                        m.id,
                        m.title,
                        ", ".join(m.goals) or "-",
                        milestone_mark(m.done_on, m.due, as_of),
                    ]
                    for m in sorted(plan.milestones, key=lambda m: (m.due or date.max, m.id))
                ],
                text=("Milestone",),
            ),
        ]
    held = [c for c in plan.checkins if c.date <= as_of]
    average = average_rating(held)
    rated = f", average session rating {average:.1f}" if average is not None else ""
    minutes = sum(c.minutes or 0 for c in held)
    recorded = f", {minutes} minutes recorded" if minutes else ""
    blocks += [
        Heading("Check-ins"),
        Para(f"{count(len(held), 'check-in')} held{recorded}{rated}."),
    ]
    figure = cadence_figure(plan_id, cadence_of(plan), as_of, grace_days)
    if figure is not None and plan.status == "active":
        blocks.append(figure)
    if plan.checkins:
        timed = any(c.minutes for c in plan.checkins)  # a Minutes column only if any has one
        blocks.append(
            Table(
                "",
                ("Date", *(["Minutes"] if timed else []), "Rating", "Notes", "Next steps"),
                [
                    [
                        dated(c.date, as_of),
                        *([c.minutes or "-"] if timed else []),
                        c.rating or "-",
                        c.notes or "-",
                        c.next_steps or "-",
                    ]
                    for c in sorted(plan.checkins, key=lambda c: c.date)
                ],
                text=("Notes", "Next steps"),
            )
        )
    if plan.feedback:
        blocks += [
            Heading("Feedback"),
            Table(
                "",
                ("Date", "Source", "By", "Rating", "Goal", "Comment"),
                [
                    [
                        dated(f.date, as_of),
                        f.source,
                        f.by or "-",
                        f.rating or "-",
                        f.goal or "-",
                        f.comment,
                    ]
                    for f in sorted(plan.feedback, key=lambda f: f.date)
                ],
                text=("By", "Comment"),
            ),
        ]
    blocks.append(Heading("Sign-off"))
    if plan.signoffs:
        blocks.append(
            Table(
                "",
                ("Role", "Name", "Date", "State"),
                [[s.role, s.name, s.date, state] for s, state in signoff_marks(plan)],
                text=("Name",),
            )
        )
    else:
        blocks.append(Para("Not signed yet."))
    stale = stale_signoffs(plan)
    if stale:
        who = ", ".join(f"{s.role} {s.name}" for _, s in stale)
        blocks.append(Para(f"Must sign again ({STALE_REASON}): {who}."))
    if plan.revisions:
        blocks += [
            Heading("Revisions"),
            Table(
                "",
                ("Date", "Why it changed"),
                [[dated(r.date, as_of), r.summary] for r in plan.revisions],
                text=("Why it changed",),
            ),
        ]
    return Document(plan.title, blocks)


def metric_details(goal: Goal, as_of: date) -> list[Block]:
    """What each metric measures, and every measurement with its note."""
    details = []
    for m in goal.metrics:
        unit = f" {m.unit}" if m.unit else ""
        parts = [
            f"{m.id}: {m.description}",
            f"{m.kind}, evidence from {m.source}" if m.source else None,
            m.kind if m.kind == "qualitative" and not m.source else None,
            f"minimum {number(m.minimum)}{unit}" if m.minimum is not None else None,
        ]
        details.append("; ".join(p for p in parts if p))
    rows = [
        [
            m.id,
            dated(x.date, as_of),
            number(x.value) + (f" {m.unit}" if m.unit else ""),
            x.note or "",
        ]
        for m in goal.metrics
        for x in sorted(m.measurements, key=lambda x: x.date)
    ]
    blocks: list[Block] = [Bullets(details)]
    if rows:
        blocks.append(Table("", ("Metric", "Measured", "Value", "Note"), rows, text=("Note",)))
    return blocks


def action_table(actions: Sequence[Action], as_of: date, *, with_goal: bool = False) -> Table:
    columns = ("Action", "Description", "Method", "Resource", "Due", "Status")
    free = ("Description", "Resource")
    rows = [
        [
            a.id,
            a.description,
            a.method or "-",
            a.resource or "-",
            a.due or "-",
            action_mark(a.status, a.done_on, a.due, as_of),
        ]
        for a in actions
    ]
    if not with_goal:
        return Table("", columns, rows, text=free)
    return Table(
        "",
        ("Goal", *columns),
        [[a.goal or "-", *row] for a, row in zip(actions, rows, strict=True)],
        text=free,
    )


STALE_REASON = "goals, targets, actions or window changed since"


def later_note(day: date, as_of: date) -> str | None:
    """How a record dated after the as-of day is marked; progress does not count it yet."""
    return f"dated after {as_of}" if day > as_of else None


def next_checkin_text(plan: Plan, as_of: date, grace_days: int) -> str:
    """When the next check-in is due, by the schedule of `report overdue` and the calendar."""
    state = checkin_state(plan, as_of, grace_days)
    if state is None:
        return "none (no cadence set)"
    if not gets_reminders(plan):
        return f"none while the plan is {plan.status}"
    due = state.next_due
    if due is None or due > plan.end:
        return f"none before the plan ends on {plan.end}"
    if state.overdue:
        return f"overdue since {due} ({count(state.days_overdue, 'day')}, {state.missed} missed)"
    if due < as_of:
        late = (as_of - due).days
        return (
            f"due since {due} ({count(late, 'day')}, within the {count(grace_days, 'grace day')})"
        )
    return f"{due}" + (" (today)" if due == as_of else "")


def dated(day: date, as_of: date) -> date | Mark:
    note = later_note(day, as_of)
    return Mark(f"{day} ({note})", "muted") if note else day


def average_rating(checkins: Sequence[Checkin]) -> float | None:
    """The mean session rating, with at least MIN_RATINGS ratings (as `report coaches`)."""
    return protected_average([c.rating for c in checkins if c.rating is not None])


def signoff_marks(plan: Plan) -> list[tuple[Signoff, Mark]]:
    """Every sign-off with its state: current; stale (the agreed content changed since it
    was signed); superseded by a later sign-off of the same role; or not counted, when it is
    not by the plan's person in that role."""
    latest = current_signoffs(plan)
    stale = {index for index, _ in stale_signoffs(plan)}
    marks = []
    for index, signoff in enumerate(plan.signoffs):
        if not counts(plan, signoff):
            holder = person(plan, signoff.role)
            expected = (
                f"the plan's {signoff.role} is {holder}"
                if holder
                else (f"the plan has no {signoff.role}")
            )
            marks.append((signoff, Mark(f"does not count: {expected}", "bad")))
            continue
        held_index, held = latest[signoff.role]
        if held_index != index:
            mark = Mark(f"superseded by the sign-off of {held.date}", "muted")
        elif index in stale:
            mark = Mark("stale: must sign again", "bad")
        elif signoff.agreed is not None:
            mark = Mark("current, agreed content unchanged", "good")
        else:
            mark = Mark("current", "good")
        marks.append((signoff, mark))
    return marks


def action_mark(status: str, done_on: date | None, due: date | None, as_of: date) -> Mark:
    if status == "done" and (done_on is None or done_on <= as_of):
        return Mark(f"done {done_on}" if done_on else "done", "good")
    if action_done(status, done_on, as_of):
        return Mark(status, "muted")
    if due and due < as_of:
        return Mark(f"{status}, overdue", "bad")
    return Mark(status, "")


def milestone_mark(done_on: date | None, due: date | None, as_of: date) -> Mark:
    if milestone_reached(done_on, as_of):
        return Mark(f"reached {done_on}", "good")
    if due and due < as_of:
        return Mark("overdue", "bad")
    return Mark("open", "")
