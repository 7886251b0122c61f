"""What changed in a plan, in the words of the plan: a pure comparison of two versions.

`diff_plans(old, new)` returns changes such as "goal added", "target 60 -> 70", "measurement
recorded", "check-in held", "sign-off stale"; `None` stands for a plan that does not exist
on that side. Git access and rendering are the business of the edges.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any, Literal, TypeVar

from coachplan.core.model import (
    Action,
    Assessment,
    Checkin,
    Closing,
    Feedback,
    Goal,
    Measurement,
    Metric,
    Plan,
    Signoff,
    Skill,
)

Kind = Literal["added", "removed", "changed", "stale"]
SYMBOL: dict[str, str] = {"added": "+", "removed": "-", "changed": "~", "stale": "!"}

T = TypeVar("T")
Dated = TypeVar("Dated", Measurement, Checkin)


@dataclass(frozen=True)
class Change:
    kind: Kind
    what: str  # plan, goal, metric, measurement, action, milestone, check-in, sign-off ...
    key: str  # the id, date or role that names the entry
    text: str  # the change in words

    def as_dict(self) -> dict[str, str]:
        return {"kind": self.kind, "what": self.what, "key": self.key, "text": self.text}

    def __str__(self) -> str:
        return f"{SYMBOL[self.kind]} {self.text}"


def show(value: Any) -> str:
    """A value as the plan file spells it, short enough for one line."""
    if value is None:
        return "(none)"
    if isinstance(value, str):
        one_line = " / ".join(part.strip() for part in value.strip().splitlines())
        return f'"{one_line}"'
    if isinstance(value, list | tuple):
        return "[" + ", ".join(show(v) for v in value) + "]"
    return str(value)


def _fields(
    what: str, key: str, label: str, old: Any, new: Any, names: Sequence[str]
) -> list[Change]:
    return [
        Change("changed", what, key, f"{label}: {name} {show(a)} -> {show(b)}")
        for name in names
        if (a := getattr(old, name)) != (b := getattr(new, name))
    ]


def _pair(
    old: Iterable[T], new: Iterable[T], key: Callable[[T], Hashable]
) -> tuple[list[T], list[T], list[tuple[T, T]]]:
    """Entries only in old, only in new, and in both (matched by key, in new's order)."""
    before = {key(item): item for item in old}
    after = {key(item): item for item in new}
    removed = [item for k, item in before.items() if k not in after]
    added = [item for k, item in after.items() if k not in before]
    both = [(before[k], item) for k, item in after.items() if k in before]
    return removed, added, both


def _entries(
    what: str,
    removed: Iterable[T],
    added: Iterable[T],
    key: Callable[[T], str],
    describe: Callable[[T], str],
    verb: str = "added",
) -> list[Change]:
    """Changes for entries removed from and added to a list, each described in words."""
    return [Change("removed", what, key(x), f"{what} removed: {describe(x)}") for x in removed] + [
        Change("added", what, key(x), f"{what} {verb}: {describe(x)}") for x in added
    ]


def _numbered(items: Sequence[T], key: Callable[[T], Hashable]) -> list[tuple[Hashable, T]]:
    """Entries keyed by `key` and their rank among equal keys (two check-ins on one day)."""
    seen: dict[Hashable, int] = {}
    out: list[tuple[Hashable, T]] = []
    for item in items:
        k = key(item)
        seen[k] = seen.get(k, 0) + 1
        out.append(((k, seen[k]), item))
    return out


def _pair_by_date(
    old: Sequence[Dated], new: Sequence[Dated]
) -> tuple[
    list[tuple[Hashable, Dated]],
    list[tuple[Hashable, Dated]],
    list[tuple[tuple[Hashable, Dated], tuple[Hashable, Dated]]],
]:
    """`_pair` for dated entries: the first on a day matches the first on that day, and so on."""
    return _pair(_numbered(old, lambda x: x.date), _numbered(new, lambda x: x.date), lambda p: p[0])


def _plan_fields(old: Plan, new: Plan) -> list[Change]:
    changes = _fields(
        "plan",
        "",
        "plan",
        old,
        new,
        ("title", "kind", "status", "coachee", "coach", "sponsor", "checkin_every", "summary"),
    )
    if (old.start, old.end) != (new.start, new.end):
        changes.append(
            Change(
                "changed",
                "plan",
                "window",
                f"plan: window {old.start} to {old.end} -> {new.start} to {new.end}",
            )
        )
    return changes


def _closing_text(closing: Closing) -> str:
    levels = ", ".join(f"{k} {v}" for k, v in closing.levels.items())
    parts = [
        closing.outcome or "cancelled",
        show(closing.summary) if closing.summary else None,
        f"reason {show(closing.reason)}" if closing.reason else None,
        f"final levels {levels}" if levels else None,
    ]
    return f"{closing.date}: " + "; ".join(p for p in parts if p)


def _closing(old: Plan, new: Plan) -> list[Change]:
    if old.closing == new.closing:
        return []
    if new.closing is None:
        assert old.closing is not None
        return [Change("removed", "closing", "", f"closing removed: {_closing_text(old.closing)}")]
    if old.closing is None:
        return [Change("added", "closing", "", f"plan closed {_closing_text(new.closing)}")]
    names = ("date", "outcome", "summary", "reason", "levels")
    return _fields("closing", "", "closing", old.closing, new.closing, names)


def _skill_text(skill: Skill) -> str:
    return f"{skill.skill}: level {skill.level}, target {skill.target}"


def _baseline(old: Plan, new: Plan) -> list[Change]:
    if old.baseline is None and new.baseline is None:
        return []
    if new.baseline is None:
        return [Change("removed", "baseline", "", "baseline removed")]
    changes: list[Change] = []
    old_skills: list[Skill] = []
    if old.baseline is None:
        changes.append(
            Change(
                "added",
                "baseline",
                str(new.baseline.date),
                f"baseline assessed {new.baseline.date} ({new.baseline.method})",
            )
        )
    else:
        changes += _fields(
            "baseline", "", "baseline", old.baseline, new.baseline, ("date", "method", "strengths")
        )
        old_skills = old.baseline.skills
    removed, added, both = _pair(old_skills, new.baseline.skills, lambda s: s.skill)
    changes += [Change("removed", "skill", s.skill, f"skill removed: {s.skill}") for s in removed]
    changes += [Change("added", "skill", s.skill, f"skill added: {_skill_text(s)}") for s in added]
    for a, b in both:
        changes += _fields("skill", b.skill, f"skill {b.skill}", a, b, ("level", "target"))
    return changes


def _metric_value(metric: Metric, value: Any) -> str:
    unit = f" {metric.unit}" if metric.unit else ""
    return f"{value}{unit}"


def _measurement_text(metric: Metric, m: Measurement) -> str:
    note = f" ({m.note})" if m.note else ""
    return f"{metric.id} = {_metric_value(metric, m.value)} on {m.date}{note}"


def _measurements(old: Metric, new: Metric) -> list[Change]:
    removed, added, both = _pair_by_date(old.measurements, new.measurements)
    changes = [
        Change("added", "measurement", new.id, f"measurement recorded: {_measurement_text(new, m)}")
        for _, m in added
    ]
    changes += [
        Change(
            "removed", "measurement", new.id, f"measurement removed: {_measurement_text(old, m)}"
        )
        for _, m in removed
    ]
    for (_, a), (_, b) in both:
        if a != b:
            changes.append(
                Change(
                    "changed",
                    "measurement",
                    new.id,
                    f"measurement {new.id} on {b.date}: {_metric_value(old, a.value)}"
                    f" -> {_metric_value(new, b.value)}"
                    + (f" ({b.note})" if b.note and b.note != a.note else ""),
                )
            )
    return changes


def _metric_text(metric: Metric) -> str:
    span = (
        f" from {_metric_value(metric, metric.baseline)} to {_metric_value(metric, metric.target)}"
    )
    return f"{metric.id}: {metric.description}{span}"


def _metrics(old: Goal | None, new: Goal) -> list[Change]:
    removed, added, both = _pair(old.metrics if old else [], new.metrics, lambda m: m.id)
    changes = [
        Change("removed", "metric", m.id, f"metric removed from goal {new.id}: {m.id}")
        for m in removed
    ]
    for m in added:
        changes.append(
            Change("added", "metric", m.id, f"metric added to goal {new.id}: {_metric_text(m)}")
        )
        changes += [
            Change("added", "measurement", m.id, f"measurement recorded: {_measurement_text(m, x)}")
            for x in m.measurements
        ]
    for a, b in both:
        changes += _fields(
            "metric",
            b.id,
            f"metric {b.id}",
            a,
            b,
            ("description", "kind", "unit", "source", "baseline", "target", "minimum"),
        )
        changes += _measurements(a, b)
    return changes


def _goal_text(goal: Goal) -> str:
    return f"{goal.id} {show(goal.statement)}" + (f" (due {goal.due})" if goal.due else "")


def _goals(old: Plan, new: Plan) -> list[Change]:
    removed, added, both = _pair(old.goals, new.goals, lambda g: g.id)
    changes = _entries("goal", removed, [], lambda g: g.id, _goal_text)
    for g in added:
        changes += _entries("goal", [], [g], lambda g: g.id, _goal_text)
        changes += _metrics(None, g)
    for a, b in both:
        changes += _fields("goal", b.id, f"goal {b.id}", a, b, ("statement", "relevant_to", "due"))
        changes += _metrics(a, b)
    return changes


def _action_text(action: Action) -> str:
    extra = [f"for goal {action.goal}"] if action.goal else []
    if action.resource:
        extra.append(f"with {action.resource}")
    if action.due:
        extra.append(f"due {action.due}")
    return f"{action.id} {show(action.description)}" + (f" ({', '.join(extra)})" if extra else "")


def _actions(old: Plan, new: Plan) -> list[Change]:
    removed, added, both = _pair(old.actions, new.actions, lambda a: a.id)
    changes = _entries("action", removed, added, lambda a: a.id, _action_text)
    for a, b in both:
        if a.status != b.status:
            done = f" on {b.done_on}" if b.status == "done" and b.done_on else ""
            changes.append(
                Change("changed", "action", b.id, f"action {b.id}: {a.status} -> {b.status}{done}")
            )
        names = ("goal", "description", "method", "resource", "due")
        changes += _fields("action", b.id, f"action {b.id}", a, b, names)
        if a.done_on != b.done_on and a.status == b.status:
            changes += _fields("action", b.id, f"action {b.id}", a, b, ("done_on",))
    return changes


def _milestones(old: Plan, new: Plan) -> list[Change]:
    removed, added, both = _pair(old.milestones, new.milestones, lambda m: m.id)
    changes = _entries(
        "milestone",
        removed,
        added,
        lambda m: m.id,
        lambda m: f"{m.id} {show(m.title)}" + (f" (due {m.due})" if m.due else ""),
    )
    for a, b in both:
        if b.done_on and not a.done_on:
            changes.append(
                Change("changed", "milestone", b.id, f"milestone {b.id} reached on {b.done_on}")
            )
        else:
            changes += _fields("milestone", b.id, f"milestone {b.id}", a, b, ("done_on",))
        changes += _fields("milestone", b.id, f"milestone {b.id}", a, b, ("title", "due", "goals"))
    return changes


def _checkin_text(c: Checkin) -> str:
    details = [f"{c.minutes} minutes" if c.minutes else "", f"rated {c.rating}" if c.rating else ""]
    shown = ", ".join(d for d in details if d)
    notes = f" {show(c.notes)}" if c.notes else ""
    return f"{c.date}" + (f" ({shown})" if shown else "") + notes


def _checkins(old: Plan, new: Plan) -> list[Change]:
    removed, added, both = _pair_by_date(old.checkins, new.checkins)
    changes = _entries(
        "check-in",
        [c for _, c in removed],
        [c for _, c in added],
        lambda c: str(c.date),
        _checkin_text,
        verb="held",
    )
    for (_, a), (_, b) in both:
        names = ("minutes", "notes", "rating", "next_steps")
        changes += _fields("check-in", str(b.date), f"check-in {b.date}", a, b, names)
    return changes


def _feedback_text(f: Feedback) -> str:
    by = f" by {f.by}" if f.by else ""
    rating = f", rated {f.rating}" if f.rating is not None else ""
    goal = f" on goal {f.goal}" if f.goal else ""
    return f"{f.date} from {f.source}{by}{goal}{rating}: {show(f.comment)}"


def _feedback(old: Plan, new: Plan) -> list[Change]:
    removed, added, _both = _pair(old.feedback, new.feedback, lambda f: f)
    return _entries(
        "feedback", removed, added, lambda f: str(f.date), _feedback_text, verb="recorded"
    )


def _assessment_text(a: Assessment) -> str:
    return f"{a.date} (" + ", ".join(f"{k} {v}" for k, v in a.levels.items()) + ")"


def _assessments(old: Plan, new: Plan) -> list[Change]:
    removed, added, _both = _pair(
        old.assessments,
        new.assessments,
        lambda a: (a.date, a.method, tuple(sorted(a.levels.items()))),
    )
    return _entries(
        "re-assessment", removed, added, lambda a: str(a.date), _assessment_text, verb="recorded"
    )


def agreed_changes(old: Plan, new: Plan) -> list[str]:
    """Which parts of what coach and coachee agree to differ: goals, targets, actions, window.

    Progress (measurements, action status, check-ins) is not a change of the agreement; the
    agreed content is defined once, in `agreement.py`, for digests and diffs alike.
    """
    from coachplan.core.agreement import agreed_content

    before, after = agreed_content(old), agreed_content(new)

    def strip_metrics(goals: list[dict[str, Any]]) -> list[dict[str, Any]]:
        return [{k: v for k, v in g.items() if k != "metrics"} for g in goals]

    def metrics(goals: list[dict[str, Any]]) -> list[Any]:
        return [g["metrics"] for g in goals]

    parts = []
    if strip_metrics(before["goals"]) != strip_metrics(after["goals"]):
        parts.append("goals")
    if metrics(before["goals"]) != metrics(after["goals"]):
        parts.append("targets")
    if before["actions"] != after["actions"]:
        parts.append("actions")
    if (before["start"], before["end"]) != (after["start"], after["end"]):
        parts.append("window")
    return parts


def _signoff_text(s: Signoff) -> str:
    return f"{s.role} {s.name} on {s.date}"


def _signoffs(old: Plan, new: Plan) -> list[Change]:
    removed, added, both = _pair(old.signoffs, new.signoffs, lambda s: (s.role, s.name))
    changes = [
        Change("removed", "sign-off", s.role, f"sign-off removed: {_signoff_text(s)}")
        for s in removed
    ]
    changes += [Change("added", "sign-off", s.role, f"signed by {_signoff_text(s)}") for s in added]
    for a, b in both:
        if (a.date, a.agreed) != (b.date, b.agreed):
            changes.append(
                Change("changed", "sign-off", b.role, f"signed again by {_signoff_text(b)}")
            )
    parts = agreed_changes(old, new)
    if parts:
        from coachplan.core.agreement import agreement_digest

        # A sign-off whose digest is not that of the new terms agreed to something else.
        digest = agreement_digest(new)
        for a, b in both:
            if b.agreed is not None and a.agreed == b.agreed and b.agreed != digest:
                changes.append(
                    Change(
                        "stale",
                        "sign-off",
                        b.role,
                        f"sign-off by {_signoff_text(b)} is stale: {_and(parts)} changed "
                        "since it was agreed",
                    )
                )
    return changes


def _revisions(old: Plan, new: Plan) -> list[Change]:
    _removed, added, _both = _pair(old.revisions, new.revisions, lambda r: r)
    return [
        Change("added", "revision", str(r.date), f"revision {r.date}: {show(r.summary)}")
        for r in added
    ]


def _and(parts: Sequence[str]) -> str:
    return parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " and " + parts[-1]


SECTIONS = (
    _plan_fields,
    _closing,
    _baseline,
    _goals,
    _actions,
    _milestones,
    _checkins,
    _feedback,
    _assessments,
    _signoffs,
    _revisions,
)


def diff_plans(old: Plan | None, new: Plan | None) -> list[Change]:
    """The changes from `old` to `new`, plan fields first, then each part of the plan."""
    if old is None and new is None:
        return []
    if old is None:
        assert new is not None
        return [
            Change(
                "added", "plan", "", f"plan created: {show(new.title)} ({new.kind}, {new.status})"
            )
        ]
    if new is None:
        return [Change("removed", "plan", "", f"plan deleted: {show(old.title)}")]
    return [change for section in SECTIONS for change in section(old, new)]
