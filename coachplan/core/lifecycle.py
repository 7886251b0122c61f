"""Where a plan is in its life: the status transition table, status changes recorded as
revisions, and the stretches in which a plan was running.

Every status change appends a revision whose summary starts `status OLD -> NEW` (and a pip
extended appends one starting `pip extended: end OLD -> NEW`), so that the plan file itself
tells when it was activated, paused, resumed and closed. Summaries a person writes by hand
in the same form count the same way; a plan without them (written before coachplan
recorded status changes) is taken to have had its present status all along, except that a
completed or cancelled plan ran until its closing.

Days are counted as the reports count them: a stretch from day a to day b holds b - a days.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from datetime import date

from coachplan.core.model import Closing, Plan

PLAN_OUTCOMES = ("achieved", "partly-achieved", "not-achieved")
PIP_OUTCOMES = ("passed", "not-passed")
EXTENDED = "extended"  # a pip given more time: it stays active, with a later end
CLOSED = ("completed", "cancelled")

STATUS, CLOSE, REOPEN = "status", "close", "reopen"

# The transition table: which command moves a plan from one status to another. A pair that
# is not here is refused by every command unless --force.
TRANSITIONS: dict[tuple[str, str], str] = {
    ("draft", "active"): STATUS,
    ("draft", "cancelled"): CLOSE,
    ("active", "paused"): STATUS,
    ("active", "completed"): CLOSE,
    ("active", "cancelled"): CLOSE,
    ("paused", "active"): STATUS,
    ("paused", "completed"): CLOSE,
    ("paused", "cancelled"): CLOSE,
    ("completed", "active"): REOPEN,
    ("cancelled", "active"): REOPEN,
    ("cancelled", "draft"): REOPEN,  # a plan cancelled before it was agreed
}


def outcomes_for(kind: str) -> tuple[str, ...]:
    """The outcomes a completed plan of `kind` may have."""
    return PIP_OUTCOMES if kind == "pip" else PLAN_OUTCOMES


@dataclass(frozen=True)
class Refusal:
    message: str
    hint: str


def closing_fits(status: str, closing: Closing | None) -> bool:
    """Whether a plan in `status` has the closing that status needs."""
    if closing is None:
        return False
    return (closing.outcome is not None) == (status == "completed")


def refusal(
    old: str,
    new: str,
    command: str,
    *,
    kind: str = "coaching",
    closing: Closing | None = None,
    plan: str = "PLAN",
) -> Refusal | None:
    """Why `command` may not move a plan from `old` to `new`; None when it may. Hints name
    the plan as `plan`.

    `status` may also move a plan to completed or cancelled when it already has the closing
    that status needs (written by hand).
    """
    route = TRANSITIONS.get((old, new))
    if route == command or old == new:
        return None
    if route == CLOSE and command == STATUS and closing_fits(new, closing):
        return None
    close = f'`coachplan close {plan} --outcome {"|".join(outcomes_for(kind))} --summary "..."`'
    cancel = f'`coachplan close {plan} --cancel --reason "..."`'
    reopen = f'`coachplan reopen {plan} --reason "..."`'
    if route == CLOSE and new == "completed":
        return Refusal("a completed plan needs a closing: its date, outcome and summary", close)
    if route == CLOSE:
        return Refusal("a cancelled plan needs a closing that says why", cancel)
    if route == REOPEN:
        return Refusal(f"a {old} plan becomes {new} again only by reopening it", reopen)
    if old == "draft" and new == "completed":
        return Refusal(
            "a draft cannot be completed: it was never agreed; a draft can only be cancelled",
            f"cancel it with {cancel}, or make it active first with "
            f"`coachplan status {plan} active`",
        )
    if old == "draft":
        return Refusal(
            f"a draft cannot be {new}: coaching has not started",
            f"make it active with `coachplan status {plan} active`, or cancel it with {cancel}",
        )
    if old in CLOSED:
        return Refusal(f"the plan is {old}; reopen it before it can be {new}", reopen)
    if new == "draft":
        return Refusal(
            f"an {old} plan does not go back to draft: it has been agreed",
            f"pause it with `coachplan status {plan} paused`, or cancel it with {cancel}",
        )
    return Refusal(f"a plan cannot go from {old} to {new}", "see docs/plan-format.md")


# -- status changes as revisions ---------------------------------------------------------------

_STATUS_WORD = "draft|active|paused|completed|cancelled"
_STATUS_RE = re.compile(rf"status ({_STATUS_WORD}) -> ({_STATUS_WORD})\b")
_EXTENSION_RE = re.compile(r"pip extended: end (\d{4}-\d{2}-\d{2}) -> (\d{4}-\d{2}-\d{2})\b")


def status_summary(old: str, new: str, detail: str | None = None, *, forced: bool = False) -> str:
    """The summary of the revision a status change appends: `status active -> paused`."""
    text = f"status {old} -> {new}" + (" (forced)" if forced else "")
    return f"{text}: {detail}" if detail else text


def extension_summary(old_end: date, new_end: date, reason: str | None = None) -> str:
    text = f"pip extended: end {old_end} -> {new_end}"
    return f"{text}: {reason}" if reason else text


@dataclass(frozen=True)
class StatusChange:
    date: dt.date
    old: str
    new: str


def status_changes(plan: Plan) -> list[StatusChange]:
    """The status changes the plan's revisions record, by date (file order within a day)."""
    found = []
    for revision in plan.revisions:
        match = _STATUS_RE.match(revision.summary)
        if match:
            found.append(StatusChange(revision.date, match.group(1), match.group(2)))
    return sorted(found, key=lambda change: change.date)


@dataclass(frozen=True)
class Extension:
    date: dt.date
    old_end: dt.date
    new_end: dt.date


def extensions(plan: Plan) -> list[Extension]:
    """The extensions of a pip that its revisions record, by date."""
    found = []
    for revision in plan.revisions:
        match = _EXTENSION_RE.match(revision.summary)
        if match:
            try:
                old_end, new_end = (date.fromisoformat(match.group(i)) for i in (1, 2))
            except ValueError:  # 2026-02-30 in a hand-written summary: not an extension
                continue
            found.append(Extension(revision.date, old_end, new_end))
    return sorted(found, key=lambda extension: extension.date)


def status_before_close(plan: Plan) -> str | None:
    """The status the plan had before it was last completed or cancelled, if recorded."""
    closes = [c for c in status_changes(plan) if c.new in CLOSED]
    return closes[-1].old if closes else None


def reopened_status(plan: Plan) -> str:
    """What `reopen` makes of a closed plan: a plan cancelled as a draft goes back to draft,
    any other becomes active."""
    return "draft" if status_before_close(plan) == "draft" else "active"


def _stretches(changes: list[StatusChange], status: str) -> list[tuple[date, date | None]]:
    """From the recorded changes, the stretches in `status`: (first day, day it ended)."""
    if not changes:
        return []
    found: list[tuple[date, date | None]] = []
    current, since = changes[0].old, date.min
    for change in changes:
        if current == status:
            found.append((since, change.date))
        current, since = change.new, change.date
    if current == status:
        found.append((since, None))
    return found


def paused_stretches(plan: Plan) -> list[tuple[date, date | None]]:
    """When the plan was paused, as its revisions record: (paused on, resumed or closed on;
    None while it is still paused)."""
    return [(a, b) for a, b in _stretches(status_changes(plan), "paused") if a != date.min]


def was_active(plan: Plan) -> bool:
    """Whether the plan ever ran: it was active at some time (a plan cancelled as a draft
    never was). Without recorded changes: it is active, paused or completed, or has
    check-ins."""
    changes = status_changes(plan)
    if changes:
        return any(c.new == "active" or c.old in ("active", "paused") for c in changes)
    return plan.status in ("active", "paused", "completed") or bool(plan.checkins)


def ended_on(plan: Plan) -> date:
    """The last day of the plan's window, or its closing date when it closed earlier."""
    if plan.status in CLOSED and plan.closing is not None:
        return min(plan.end, plan.closing.date)
    return plan.end


def running(plan: Plan) -> list[tuple[date, date]]:
    """The stretches in which the plan was active, unbounded by its window."""
    changes = status_changes(plan)
    if changes:
        spans = [(a, b or date.max) for a, b in _stretches(changes, "active")]
    elif plan.status == "active" or (plan.status in CLOSED and was_active(plan)):
        spans = [(date.min, date.max)]
    else:
        spans = []
    if plan.status in CLOSED and plan.closing is not None:
        closed = plan.closing.date
        spans = [(a, min(b, closed)) for a, b in spans if a < closed]
    return spans


def running_spans(plan: Plan, since: date, until: date) -> list[tuple[date, date]]:
    """The stretches from `since` to `until` in which the plan was running: inside its
    window, active (not yet activated, paused, or closed do not count)."""
    low, high = max(since, plan.start), min(until, plan.end)
    spans = [(max(a, low), min(b, high)) for a, b in running(plan)]
    return [(a, b) for a, b in spans if a < b]


def active_in_period(plan: Plan, since: date, until: date) -> bool:
    """A plan that is not a draft, ran at some time, and whose window up to its closing
    overlaps the period from `since` to `until`."""
    return (
        plan.status != "draft"
        and was_active(plan)
        and plan.start <= until
        and ended_on(plan) >= since
    )


def resumed_on(plan: Plan, as_of: date) -> date | None:
    """The last day on or before `as_of` on which the plan became active (was activated or
    resumed), as its revisions record."""
    days = [c.date for c in status_changes(plan) if c.new == "active" and c.date <= as_of]
    return days[-1] if days else None


def outcome_of(plan: Plan) -> str | None:
    """A plan's outcome in one word: its closing's, or `extended` for a pip given more time
    and still open; None for other plans."""
    if plan.closing is not None and plan.closing.outcome is not None:
        return plan.closing.outcome
    if plan.kind == "pip" and plan.status not in CLOSED and extensions(plan):
        return EXTENDED
    return None
