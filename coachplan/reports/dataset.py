"""The rows of the plans dataset (`export --format sqlite`), one plan at a time.

`plan_dataset` is what a worker computes from each plan where it is loaded
(coachplan.engine.bulk.map_plans): the rows of every table of coachplan.core.dataset, with
the privacy options applied, and, for the report tables, the rows of `report progress`
and `report overdue` as those commands compute them (the same functions), and the plan's
share of its coach's row in `report coaches`. Only these small rows travel back.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from functools import cache
from typing import Any, NamedTuple

from coachplan.core import dataset as tables
from coachplan.core.model import Plan
from coachplan.core.privacy import PlanPrivacy, Privacy
from coachplan.reports.coaches import PlanShare, coaches_of, plan_share
from coachplan.reports.overdue import overdue_report
from coachplan.reports.progress import MilestoneRef, PlanProgress, plan_progress

Row = tuple[Any, ...]  # a table's values, in the order of its columns


class PlanDataset(NamedTuple):
    """One plan's rows, by table name, as exported: tuples in the order of the table's
    columns (those kept), values as the database holds them; its share of its coach's row
    in report_coaches; or why the plan cannot be exported (`problem`). A named tuple: the
    process that writes the database unpickles 10,000 of them, faster than dataclasses."""

    plan_id: str  # as exported: pseudonymized with --pseudonymize
    rows: dict[str, list[Row]]
    share: PlanShare | None = None  # without report tables, none
    problem: str | None = None


@dataclass(frozen=True)
class ReportDay:
    """The day the report tables are for, the start of report_coaches' period, and the
    check-ins' grace days."""

    as_of: date
    since: date
    grace_days: int


@dataclass(frozen=True)
class Options:
    """What an export computes: its folder of plans (for each plan's path), its privacy,
    and the day of the report tables (None: no report tables)."""

    folder: str
    privacy: Privacy = field(default_factory=Privacy)
    reports: ReportDay | None = None


def plan_dataset(plan_id: str, plan: Plan, options: Options) -> PlanDataset:
    """The dataset rows of one plan (picklable: a module-level function of its options)."""
    problem = duplicate_key(plan)
    if problem is not None:
        return PlanDataset(plan_id, {}, None, problem)
    found = plan_rows(plan_id, plan, f"{options.folder}/{plan_id}.toml")
    day = options.reports
    share = None
    if day is not None:
        found.update(report_rows(plan_id, plan, day.as_of, day.grace_days))
        share = plan_share(plan_id, plan, day.since, day.as_of, day.grace_days)
    private = options.privacy.of_plan(plan_id, plan)
    redact = options.privacy.redact
    return PlanDataset(
        private.value(tables.PLAN_ID, plan_id),
        {
            name: _private(private, name, rows)
            for name, rows in found.items()
            if rows and not (redact and TABLES_BY_NAME[name].redacted_away)
        },
        share,
    )


TABLES_BY_NAME = {t.name: t for t in (*tables.PLAN_TABLES, *tables.REPORT_TABLES)}


def _private(private: PlanPrivacy, name: str, rows: list[Row]) -> list[Row]:
    """Rows as exported: the free-text columns left out when redacting, names and plan ids
    replaced when pseudonymizing. Computed where the plan is loaded, so that the process
    writing the database only inserts them."""
    redact = private.privacy.redact
    if private.replace is None and not redact:
        return rows
    kept, changed = _shape(name, redact)
    if private.replace is None:
        return [tuple(row[i] for i in kept) for row in rows]
    value = private.value
    out = []
    for row in rows:
        values = [row[i] for i in kept]
        for n, role in changed:
            values[n] = value(role, values[n])
        out.append(tuple(values))
    return out


@cache
def _shape(name: str, redact: bool) -> tuple[tuple[int, ...], tuple[tuple[int, str], ...]]:
    """The places of a table's columns that are exported, and of those, the places and
    roles of the ones pseudonymizing changes (names, plan ids, paths and text)."""
    columns = TABLES_BY_NAME[name].columns
    kept = tuple(i for i, c in enumerate(columns) if not (redact and c.role == tables.FREE))
    changed = tuple(
        (n, columns[i].role) for n, i in enumerate(kept) if columns[i].role != tables.DATA
    )
    return kept, changed


def _iso(day: date | None) -> str | None:
    """A date as the dataset holds it: ISO text (YYYY-MM-DD)."""
    return None if day is None else day.isoformat()


def plan_rows(plan_id: str, plan: Plan, path: str) -> dict[str, list[Row]]:
    """The rows of the plan tables, by table name, before the privacy options: tuples in
    the order of each table's columns (coachplan.core.dataset), dates as ISO text. (Tuples,
    not dicts: an export builds half a million of them.)"""
    p = plan_id
    baseline = plan.baseline
    closing = plan.closing
    plans = [
        (
            p,
            path,
            plan.title,
            plan.kind,
            plan.status,
            plan.coachee,
            plan.coach,
            plan.sponsor,
            plan.start.isoformat(),
            plan.end.isoformat(),
            plan.checkin_every,
            plan.cadence_days,
            plan.summary,
            baseline.date.isoformat() if baseline else None,
            baseline.method if baseline else None,
        )
    ]
    closings = []
    closing_levels = []
    if closing is not None:
        closings.append(
            (p, closing.date.isoformat(), closing.outcome, closing.summary, closing.reason)
        )
        closing_levels = [(p, skill, level) for skill, level in closing.levels.items()]
    strengths = []
    skills = []
    if baseline is not None:
        strengths = [(p, seq, text) for seq, text in enumerate(baseline.strengths, 1)]
        skills = [
            (p, s.skill, seq, s.level, s.target, s.gap, s.evidence)
            for seq, s in enumerate(baseline.skills, 1)
        ]
    assessments = []
    levels = []
    for seq, a in enumerate(plan.assessments, 1):
        assessments.append((p, seq, a.date.isoformat(), a.method))
        levels += [(p, seq, skill, level) for skill, level in a.levels.items()]
    goals = []
    metrics = []
    measurements = []
    for seq, g in enumerate(plan.goals, 1):
        goals.append((p, g.id, seq, g.statement, g.relevant_to, _iso(g.due)))
        for m_seq, m in enumerate(g.metrics, 1):
            metrics.append(
                (
                    p,
                    m.id,
                    g.id,
                    m_seq,
                    m.description,
                    m.kind,
                    m.unit,
                    m.source,
                    m.baseline,
                    m.target,
                    m.minimum,
                )
            )
            measurements += [
                (p, m.id, v_seq, v.date.isoformat(), v.value, v.note)
                for v_seq, v in enumerate(m.measurements, 1)
            ]
    milestones = []
    milestone_goals = []
    for seq, ms in enumerate(plan.milestones, 1):
        milestones.append((p, ms.id, seq, ms.title, _iso(ms.due), _iso(ms.done_on)))
        milestone_goals += [(p, ms.id, g_seq, goal) for g_seq, goal in enumerate(ms.goals, 1)]
    return {
        tables.PLANS.name: plans,
        tables.CLOSINGS.name: closings,
        tables.CLOSING_LEVELS.name: closing_levels,
        tables.BASELINE_STRENGTHS.name: strengths,
        tables.BASELINE_SKILLS.name: skills,
        tables.ASSESSMENTS.name: assessments,
        tables.ASSESSMENT_LEVELS.name: levels,
        tables.GOALS.name: goals,
        tables.METRICS.name: metrics,
        tables.MEASUREMENTS.name: measurements,
        tables.ACTIONS.name: [
            (
                p,
                a.id,
                seq,
                a.goal,
                a.description,
                a.method,
                a.resource,
                _iso(a.due),
                a.status,
                _iso(a.done_on),
            )
            for seq, a in enumerate(plan.actions, 1)
        ],
        tables.MILESTONES.name: milestones,
        tables.MILESTONE_GOALS.name: milestone_goals,
        tables.CHECKINS.name: [
            (p, seq, c.date.isoformat(), c.minutes, c.rating, c.notes, c.next_steps)
            for seq, c in enumerate(plan.checkins, 1)
        ],
        tables.FEEDBACK.name: [
            (p, seq, f.date.isoformat(), f.source, f.by, f.rating, f.comment, f.goal)
            for seq, f in enumerate(plan.feedback, 1)
        ],
        tables.SIGNOFFS.name: [
            (p, seq, s.role, s.name, s.date.isoformat(), s.agreed)
            for seq, s in enumerate(plan.signoffs, 1)
        ],
        tables.REVISIONS.name: [
            (p, seq, r.date.isoformat(), r.summary) for seq, r in enumerate(plan.revisions, 1)
        ],
    }


def duplicate_key(plan: Plan) -> str | None:
    """Why a plan's rows cannot be keyed: the first id its entries share (rule R103), of
    goals, metrics (across goals), actions, milestones or baseline skills."""
    baseline = plan.baseline.skills if plan.baseline else []
    for what, ids in (
        ("goal", [g.id for g in plan.goals]),
        ("metric", [m.id for _, m in plan.metrics()]),
        ("action", [a.id for a in plan.actions]),
        ("milestone", [m.id for m in plan.milestones]),
        ("baseline skill", [s.skill for s in baseline]),
    ):
        seen: set[str] = set()
        for ident in ids:
            if ident in seen:
                return (
                    f"two entries share the {what} id `{ident}` (R103): the dataset keys "
                    "them by id; give each its own"
                )
            seen.add(ident)
    return None


def report_rows(plan_id: str, plan: Plan, as_of: date, grace_days: int) -> dict[str, list[Row]]:
    """The plan's rows of the report tables, from the report commands' own functions."""
    found = progress_rows(plan_progress(plan_id, plan, as_of))
    found[tables.REPORT_OVERDUE.name] = [
        (
            i.plan_id,
            seq,
            i.coach,
            i.sponsor,
            i.coachee,
            i.kind,
            i.item_id,
            i.title,
            i.due.isoformat(),
            i.days_overdue,
            i.missed,
            _iso(i.last),
        )
        for seq, i in enumerate(overdue_report([(plan_id, plan)], as_of, grace_days), 1)
    ]
    return found


def _milestone(ref: MilestoneRef | None) -> Row:
    """A next milestone's id, title and due date."""
    return (ref.id, ref.title, _iso(ref.due)) if ref else (None, None, None)


def progress_rows(p: PlanProgress) -> dict[str, list[Row]]:
    """A plan's `report progress` as rows: the plan, its goals, their metrics."""
    plan_row = (
        p.plan_id,
        p.title,
        p.coachee,
        p.coach,
        p.sponsor,
        p.kind,
        p.plan_status,
        p.start.isoformat(),
        p.end.isoformat(),
        p.window_elapsed,
        p.status,
        *_milestone(p.next_milestone),
    )
    goals = []
    metrics = []
    for g in p.goals:
        goals.append(
            (
                p.plan_id,
                g.id,
                g.statement,
                _iso(g.due),
                g.expected,
                g.status,
                *_milestone(g.next_milestone),
            )
        )
        metrics += [
            (
                p.plan_id,
                m.id,
                g.id,
                m.description,
                m.unit,
                m.baseline,
                m.target,
                m.minimum,
                m.direction,
                m.latest,
                _iso(m.latest_date),
                m.progress,
                m.expected,
                m.status,
                m.reason,
                m.trend,
                None if m.meets_minimum is None else int(m.meets_minimum),
            )
            for m in g.metrics
        ]
    return {
        tables.REPORT_PROGRESS.name: [plan_row],
        tables.REPORT_PROGRESS_GOALS.name: goals,
        tables.REPORT_PROGRESS_METRICS.name: metrics,
    }


def meta_rows(values: Iterable[tuple[str, object]]) -> list[tuple[str, str | None]]:
    """The meta table's rows: each value as text (None stays NULL)."""
    return [(key, None if value is None else _meta_text(value)) for key, value in values]


def _meta_text(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def coach_rows(
    shares: Iterable[PlanShare], weekly_below: float, privacy: Privacy
) -> dict[str, list[Row]]:
    """report_coaches and report_coaches_behind: the rows `report coaches` computes from the
    plans' shares (`coaches_of`), numbered in its order, with the privacy options."""
    rows: list[Row] = []
    behind: list[Row] = []
    names = tables.REPORT_COACHES.names[1:]  # after row_no, the report's own fields
    for row_no, row in enumerate(coaches_of(shares, weekly_below), 1):
        values = [int(v) if isinstance(v, bool) else v for v in (getattr(row, n) for n in names)]
        rows.append((row_no, *values))
        behind += [(row_no, plan_id) for plan_id in row.plans_behind]
    private = PlanPrivacy(privacy, privacy.replacer() if privacy.pseudonymize else None)
    return {
        tables.REPORT_COACHES.name: _private(private, tables.REPORT_COACHES.name, rows),
        tables.REPORT_COACHES_BEHIND.name: _private(
            private, tables.REPORT_COACHES_BEHIND.name, behind
        ),
    }
