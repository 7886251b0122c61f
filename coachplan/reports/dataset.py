"""The rows of the plans dataset (`export --format sqlite`), one plan at a time.

`plan_dataset` is what a worker computes from each plan where it is loaded
(coachplan.engine.bulk.map_plans): the rows of every table of coachplan.core.dataset, with
the privacy options applied, and, for the report tables, the rows of `report progress`
and `report overdue` as those commands compute them (the same functions), and the plan's
share of its coach's row in `report coaches`. Only these small rows travel back.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date
from functools import cache
from operator import itemgetter
from typing import Any, NamedTuple

from coachplan.core import dataset as tables
from coachplan.core.dataset import Table
from coachplan.core.model import Plan
from coachplan.core.privacy import PlanPrivacy, Privacy
from coachplan.reports.coaches import CoachRow, PlanShare, coaches_of, plan_share
from coachplan.reports.overdue import overdue_report
from coachplan.reports.progress import MilestoneRef, PlanProgress, plan_progress

Row = dict[str, Any]


class PlanDataset(NamedTuple):
    """One plan's rows, by table name, as exported: tuples in the order of the table's
    columns (those kept), values as the database holds them; its share of its coach's row
    in report_coaches; or why the plan cannot be exported (`problem`). A named tuple: the
    process that writes the database unpickles 10,000 of them, faster than dataclasses."""

    plan_id: str  # as exported: pseudonymized with --pseudonymize
    rows: dict[str, list[tuple[Any, ...]]]
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
    found = plan_rows(plan_id, plan, f"{options.folder}/{plan_id}.toml")
    problem = duplicate_key(found)
    if problem is not None:
        return PlanDataset(plan_id, {}, None, problem)
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


def _private(private: PlanPrivacy, name: str, rows: list[Row]) -> list[tuple[Any, ...]]:
    """Rows as tuples of the table's columns (those kept), with the privacy options
    applied: computed where the plan is loaded, so that the process writing the database
    only inserts them."""
    columns = TABLES_BY_NAME[name].kept(redact=private.privacy.redact).columns
    if private.replace is None:
        values = _getter(name, private.privacy.redact)
        return [values(row) for row in rows]
    return [tuple(private.value(c.role, row[c.name]) for c in columns) for row in rows]


@cache
def _getter(name: str, redact: bool) -> Callable[[Row], tuple[Any, ...]]:
    """A row's values in the order of its table's columns (those kept)."""
    names = TABLES_BY_NAME[name].kept(redact=redact).names
    if len(names) == 1:
        return lambda row: (row[names[0]],)
    return itemgetter(*names)


def _iso(day: date | None) -> str | None:
    """A date as the dataset holds it: ISO text (YYYY-MM-DD)."""
    return None if day is None else day.isoformat()


def plan_rows(plan_id: str, plan: Plan, path: str) -> dict[str, list[Row]]:
    """The rows of the plan tables, by table name, before the privacy options."""
    rows: dict[str, list[Row]] = {t.name: [] for t in tables.PLAN_TABLES}

    def add(table: Table, **values: Any) -> None:
        rows[table.name].append({"plan_id": plan_id, **values})

    baseline = plan.baseline
    add(
        tables.PLANS,
        path=path,
        title=plan.title,
        kind=plan.kind,
        status=plan.status,
        coachee=plan.coachee,
        coach=plan.coach,
        sponsor=plan.sponsor,
        start_date=plan.start.isoformat(),
        end_date=plan.end.isoformat(),
        checkin_every=plan.checkin_every,
        checkin_days=plan.cadence_days,
        summary=plan.summary,
        baseline_date=baseline.date.isoformat() if baseline else None,
        baseline_method=baseline.method if baseline else None,
    )
    closing = plan.closing
    if closing is not None:
        add(
            tables.CLOSINGS,
            date=closing.date.isoformat(),
            outcome=closing.outcome,
            summary=closing.summary,
            reason=closing.reason,
        )
        for name, level in closing.levels.items():
            add(tables.CLOSING_LEVELS, skill=name, level=level)
    if baseline is not None:
        for seq, strength in enumerate(baseline.strengths, 1):
            add(tables.BASELINE_STRENGTHS, seq=seq, strength=strength)
        for seq, skill in enumerate(baseline.skills, 1):
            add(
                tables.BASELINE_SKILLS,
                skill=skill.skill,
                seq=seq,
                level=skill.level,
                target=skill.target,
                gap=skill.gap,
                evidence=skill.evidence,
            )
    for seq, assessment in enumerate(plan.assessments, 1):
        add(
            tables.ASSESSMENTS,
            assessment_seq=seq,
            date=assessment.date.isoformat(),
            method=assessment.method,
        )
        for skill_name, level in assessment.levels.items():
            add(tables.ASSESSMENT_LEVELS, assessment_seq=seq, skill=skill_name, level=level)
    for seq, g in enumerate(plan.goals, 1):
        add(
            tables.GOALS,
            goal_id=g.id,
            seq=seq,
            statement=g.statement,
            relevant_to=g.relevant_to,
            due=_iso(g.due),
        )
        for m_seq, m in enumerate(g.metrics, 1):
            add(
                tables.METRICS,
                metric_id=m.id,
                goal_id=g.id,
                seq=m_seq,
                description=m.description,
                kind=m.kind,
                unit=m.unit,
                source=m.source,
                baseline=m.baseline,
                target=m.target,
                minimum=m.minimum,
            )
            for v_seq, v in enumerate(m.measurements, 1):
                add(
                    tables.MEASUREMENTS,
                    metric_id=m.id,
                    seq=v_seq,
                    date=v.date.isoformat(),
                    value=v.value,
                    note=v.note,
                )
    for seq, action in enumerate(plan.actions, 1):
        add(
            tables.ACTIONS,
            action_id=action.id,
            seq=seq,
            goal_id=action.goal,
            description=action.description,
            method=action.method,
            resource=action.resource,
            due=_iso(action.due),
            status=action.status,
            done_on=_iso(action.done_on),
        )
    for seq, ms in enumerate(plan.milestones, 1):
        add(
            tables.MILESTONES,
            milestone_id=ms.id,
            seq=seq,
            title=ms.title,
            due=_iso(ms.due),
            done_on=_iso(ms.done_on),
        )
        for g_seq, goal_id in enumerate(ms.goals, 1):
            add(tables.MILESTONE_GOALS, milestone_id=ms.id, seq=g_seq, goal_id=goal_id)
    for seq, c in enumerate(plan.checkins, 1):
        add(
            tables.CHECKINS,
            seq=seq,
            date=c.date.isoformat(),
            minutes=c.minutes,
            rating=c.rating,
            notes=c.notes,
            next_steps=c.next_steps,
        )
    for seq, f in enumerate(plan.feedback, 1):
        add(
            tables.FEEDBACK,
            seq=seq,
            date=f.date.isoformat(),
            source=f.source,
            given_by=f.by,
            rating=f.rating,
            comment=f.comment,
            goal_id=f.goal,
        )
    for seq, signoff in enumerate(plan.signoffs, 1):
        add(
            tables.SIGNOFFS,
            seq=seq,
            role=signoff.role,
            name=signoff.name,
            date=signoff.date.isoformat(),
            agreed=signoff.agreed,
        )
    for seq, r in enumerate(plan.revisions, 1):
        add(tables.REVISIONS, seq=seq, date=r.date.isoformat(), summary=r.summary)
    return rows


# The tables keyed by ids people choose, with what the ids name: two entries with one id
# (rule R103) cannot both have a row.
_CHOSEN_KEYS = {
    "goals": "goal",
    "metrics": "metric",
    "actions": "action",
    "milestones": "milestone",
    "baseline_skills": "baseline skill",
}


def duplicate_key(rows: dict[str, list[Row]]) -> str | None:
    """Why a plan's rows cannot be keyed: the first id its entries share (R103)."""
    for name, what in _CHOSEN_KEYS.items():
        key = TABLES_BY_NAME[name].key
        seen: set[tuple[Any, ...]] = set()
        for row in rows.get(name, []):
            values = tuple(row[k] for k in key)
            if values in seen:
                return (
                    f"two entries share the {what} id `{values[-1]}` (R103): the dataset "
                    "keys them by id; give each its own"
                )
            seen.add(values)
    return None


def report_rows(plan_id: str, plan: Plan, as_of: date, grace_days: int) -> dict[str, list[Row]]:
    """The plan's rows of the report tables, from the report commands' own functions."""
    progress = plan_progress(plan_id, plan, as_of)
    found = progress_rows(progress)
    found[tables.REPORT_OVERDUE.name] = [
        {
            "plan_id": item.plan_id,
            "item_seq": seq,
            "coach": item.coach,
            "sponsor": item.sponsor,
            "coachee": item.coachee,
            "kind": item.kind,
            "item_id": item.item_id,
            "title": item.title,
            "due": item.due.isoformat(),
            "days_overdue": item.days_overdue,
            "missed": item.missed,
            "last_checkin": _iso(item.last),
        }
        for seq, item in enumerate(overdue_report([(plan_id, plan)], as_of, grace_days), 1)
    ]
    return found


def _milestone(ref: MilestoneRef | None) -> Row:
    return {
        "next_milestone_id": ref.id if ref else None,
        "next_milestone_title": ref.title if ref else None,
        "next_milestone_due": _iso(ref.due) if ref else None,
    }


def progress_rows(p: PlanProgress) -> dict[str, list[Row]]:
    """A plan's `report progress` as rows: the plan, its goals, their metrics."""
    plan_row = {
        "plan_id": p.plan_id,
        "title": p.title,
        "coachee": p.coachee,
        "coach": p.coach,
        "sponsor": p.sponsor,
        "kind": p.kind,
        "plan_status": p.plan_status,
        "start_date": p.start.isoformat(),
        "end_date": p.end.isoformat(),
        "window_elapsed": p.window_elapsed,
        "status": p.status,
        **_milestone(p.next_milestone),
    }
    goals = []
    metrics = []
    for g in p.goals:
        goals.append(
            {
                "plan_id": p.plan_id,
                "goal_id": g.id,
                "statement": g.statement,
                "due": _iso(g.due),
                "expected": g.expected,
                "status": g.status,
                **_milestone(g.next_milestone),
            }
        )
        metrics += [
            {
                "plan_id": p.plan_id,
                "metric_id": m.id,
                "goal_id": g.id,
                "description": m.description,
                "unit": m.unit,
                "baseline": m.baseline,
                "target": m.target,
                "minimum": m.minimum,
                "direction": m.direction,
                "latest": m.latest,
                "latest_date": _iso(m.latest_date),
                "progress": m.progress,
                "expected": m.expected,
                "status": m.status,
                "reason": m.reason,
                "trend": m.trend,
                "meets_minimum": None if m.meets_minimum is None else int(m.meets_minimum),
            }
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
) -> dict[str, list[tuple[Any, ...]]]:
    """report_coaches and report_coaches_behind: the rows `report coaches` computes from the
    plans' shares (`coaches_of`), numbered in its order, with the privacy options."""
    rows: list[Row] = []
    behind: list[Row] = []
    for row_no, row in enumerate(coaches_of(shares, weekly_below), 1):
        rows.append({"row_no": row_no, **_coach_values(row)})
        behind += [{"row_no": row_no, "plan_id": plan_id} for plan_id in row.plans_behind]
    private = PlanPrivacy(privacy, privacy.replacer() if privacy.pseudonymize else None)
    return {
        table.name: [
            tuple(private.value(c.role, row[c.name]) for c in table.columns) for row in found
        ]
        for table, found in ((tables.REPORT_COACHES, rows), (tables.REPORT_COACHES_BEHIND, behind))
    }


def _coach_values(row: CoachRow) -> Row:
    values = {name: getattr(row, name) for name in tables.REPORT_COACHES.names if name != "row_no"}
    values["recognised"] = int(row.recognised)
    return values
