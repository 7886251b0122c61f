"""One safe change to a plan file: lock, read, change in place, check, write atomically.

Every editing command goes through `update_plan`:

1. take the plan's write lock (lock.py), so that concurrent commands queue up;
2. read the file as it is now and load it; a file that does not load is refused unless
   `force` (its problems are then kept, not fixed);
3. let the command describe its change on the current data (`build`), and apply it in place
   (textedit.py), which keeps every comment and blank line;
4. when the agreed content (agreement.py) changed, append a `[[revisions]]` entry (not in a
   draft nobody has signed yet: revisions start when the plan is first active or signed);
5. refuse a result that no longer loads, or that brings a new error other than advice
   (`refusals`); nothing is written;
6. re-read the file: if something that does not take the lock (an editor) changed it
   meanwhile, start over from step 2; otherwise replace it atomically (store.write_atomic),
   unless this is a dry run, which stops just before writing.

The other findings the change brought (SMART advice, what a kind of plan or an active plan
still needs, a stale sign-off) come back to be shown as warnings after the write.
"""

from __future__ import annotations

import os
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from coachplan.core.agreement import agreement_digest
from coachplan.core.errors import CoachplanError, RefusedWrite, UnreadablePlan
from coachplan.core.findings import Finding, Severity
from coachplan.core.model import Plan
from coachplan.engine.check import CheckOptions, check_loaded
from coachplan.files.loader import Loaded, display_path, load_source, load_text
from coachplan.files.lock import plan_lock
from coachplan.files.store import read_source, write_atomic
from coachplan.files.textedit import HINT as PLACE_HINT
from coachplan.files.textedit import AddTable, Op, apply

ATTEMPTS = 5
# Editing keeps every comment, so it works on the text itself; its cost grows with the
# number of tables (about 4 s of CPU for 512 KB of tiny inline tables). Real plans are a
# few kilobytes; a larger one is refused rather than left to run for minutes
# (docs/performance.md, "Limits on input"). `edit` replaces the whole text and has no limit
# but the reader's.
MAX_EDIT_BYTES = 512 * 1024
DEFAULT_REVISION = "Changed the goals, targets, actions, milestones or window"

# New error findings that do not stop a write: SMART advice (S), what a kind of plan asks
# for (K), what an active plan still needs before coaching starts (P102 baseline, P103
# sign-offs, P104 cadence, P107 goals) and a sign-off to renew after a change (P108). Each
# is fixed by a further change (or `status --force` accepts it on purpose). Any other new
# error says the change itself records something wrong (a date after today, a reference to
# nothing, a level off the scale ...) and refuses it.
ADVICE = ("S", "K", "P102", "P103", "P104", "P107", "P108")
# ... except a value off its scale, which is wrong data however early the plan is.
NOT_ADVICE = ("S207",)


@dataclass(frozen=True)
class Current:
    """The plan as it is on disk right now, under the lock."""

    data: dict[str, Any]
    plan: Plan | None  # None when the file does not load (only with force)
    text: str
    file: str = "plan.toml"  # as shown in messages

    def where(self, *path: str | int) -> str:
        """`file:line:col` of a key path in the text, for a message about an entry."""
        from coachplan.files.positions import index_positions

        line, column = index_positions(self.text).locate(path)
        return f"{self.file}:{line}:{column}"


@dataclass(frozen=True)
class Change:
    """What a command does to a plan."""

    ops: list[Op] = field(default_factory=list)
    done: str = ""  # what was done, for the confirmation line
    revision: str = DEFAULT_REVISION  # the revision summary when agreed content changes
    revise: bool = True  # False: do not append a revision (the edit has its own)
    # True: append a revision even though the agreed content stays (a baseline level).
    revision_needed: bool = False
    # A whole new text instead of ops (`edit`), and the text it was made from.
    text: str | None = None
    based_on: str | None = None


@dataclass
class Updated:
    path: Path
    file: str
    change: Change
    before: Plan | None
    after: Plan | None
    text: str
    written: bool = False
    previous: str = ""  # the text before the change
    revised: str | None = None  # the summary of the revision added, if one was
    findings: list[Finding] = field(default_factory=list)  # brought by the change
    broken: Finding | None = None  # why the written plan does not load (force only)


Build = Callable[[Current], Change]


def first_finding(loaded: Loaded) -> Finding:
    return min(loaded.findings, key=lambda f: f.sort_key)


def _located(finding: Finding) -> str:
    return f"{finding.file}:{finding.line}:{finding.column}"


def _new_findings(before: list[Finding], after: list[Finding]) -> list[Finding]:
    seen = Counter((f.code, f.message) for f in before)
    new = []
    for finding in after:
        key = (finding.code, finding.message)
        if seen[key]:
            seen[key] -= 1
        else:
            new.append(finding)
    return new


def refusals(before: list[Finding], after: list[Finding]) -> list[Finding]:
    """The new errors in `after` (checked findings) that refuse a write: not `ADVICE`."""
    return [
        finding
        for finding in _new_findings(before, after)
        if finding.severity == Severity.ERROR
        and (not finding.code.startswith(ADVICE) or finding.code.startswith(NOT_ADVICE))
    ]


def collects_revisions(plan: Plan) -> bool:
    """Whether changes to a plan are recorded as revisions: once it is no longer a draft, or
    has been signed. A draft is still being written; its history starts with agreement."""
    return plan.status != "draft" or bool(plan.signoffs)


def refused(finding: Finding) -> RefusedWrite:
    """The refusal of a write that would bring `finding`."""
    return RefusedWrite(
        f"{finding.code} {finding.message}; nothing written",
        where=_located(finding),
        hint=finding.hint or None,
    )


def _in_file(exc: CoachplanError, file: str) -> CoachplanError:
    """A refusal from a change that says nothing about where: it is about `file`."""
    if exc.where is None:
        exc.where = file
    if exc.hint == PLACE_HINT:
        exc.hint = (
            f"make the change by hand with `coachplan edit {file}`; or, if the file has no "
            f"comments to keep, run `coachplan fmt {file}` and try again"
        )
    return exc


def _new_text(text: str, data: dict[str, Any] | None, change: Change, file: str) -> str:
    """The file's text after `change`."""
    if change.text is not None:
        if change.based_on is not None and change.based_on != text:
            raise RefusedWrite(
                "changed on disk while it was being edited; not replaced", where=file
            )
        return change.text
    if change.ops and data is not None:
        return apply(text, data, change.ops)[0]
    return text


def refuse_symlink(path: Path, file: str) -> None:
    """Plans that are symbolic links are read, never changed: replacing the file would turn
    the link into a copy, and writing where it points would change a file outside the plans
    directory that other links or people may rely on (docs/editing.md)."""
    if path.is_symlink():
        target = os.readlink(path)
        raise RefusedWrite(
            f"is a symbolic link (to {target}); not changed",
            where=file,
            hint="change the file it points to, or replace the link with a copy of it",
        )


def update_plan(
    path: Path,
    build: Build,
    *,
    options: CheckOptions,
    today: date,
    reason: str | None = None,
    force: bool = False,
    allow_broken: bool = False,
    whole_text: bool = False,
    file: str | None = None,
    dry_run: bool = False,
) -> Updated:
    """Apply the change `build` describes to the plan file at `path`, safely.

    `force` lets a command change a plan that does not load now; a change that makes a
    loading plan fail to load is still refused. `allow_broken` writes even that (`edit
    --force`). `whole_text` says the change replaces the whole text (`edit`), so the file
    may be anything now, even not TOML. `reason` is the summary of the revision a change of
    agreed content adds. `dry_run` does everything but write: the result's `text` is what
    would be written.
    """
    file = file or display_path(path)
    force = force or whole_text
    refuse_symlink(path, file)
    with plan_lock(path):
        for _ in range(ATTEMPTS):
            updated = _attempt(
                path, build, options, today, reason, force, allow_broken, whole_text, file, dry_run
            )
            if updated is not None:
                return updated
    raise RefusedWrite(
        "the file kept changing while being written; nothing written",
        where=file,
        hint="try again when it is no longer being edited",
    )


def _attempt(
    path: Path,
    build: Build,
    options: CheckOptions,
    today: date,
    reason: str | None,
    force: bool,
    allow_broken: bool,
    whole_text: bool,
    file: str,
    dry_run: bool,
) -> Updated | None:
    source = read_source(path)
    if not whole_text and len(source.text.encode("utf-8")) > MAX_EDIT_BYTES:
        raise RefusedWrite(
            f"is larger than {MAX_EDIT_BYTES // 1024} KB; editing commands change plans up "
            "to that size",
            where=file,
            hint=f"edit it by hand (`coachplan edit {file}`), or split it into several plans",
        )
    before = check_loaded(load_source(source, file=file), path, options)
    if (before.unreadable or before.data is None) and not whole_text:
        first = first_finding(before)
        raise UnreadablePlan(first.message, where=_located(first), hint=first.hint or None)
    if before.plan is None and not (force or allow_broken):
        first = first_finding(before)
        raise RefusedWrite(
            f"{first.message}; not changed",
            where=_located(first),
            hint=f"fix it first (`coachplan edit {file}`), or pass --force to change it anyway",
        )
    try:
        change = build(Current(before.data or {}, before.plan, source.text, file))
        text = _new_text(source.text, before.data, change, file)
    except CoachplanError as exc:
        raise _in_file(exc, file) from None
    updated = Updated(path, file, change, before.plan, None, text, previous=source.text)
    if text == source.text:
        updated.after = before.plan
        return updated
    after = load_text(path, text, file=file)
    if (
        change.revise
        and before.plan is not None
        and after.plan is not None
        and after.data is not None
        and (collects_revisions(before.plan) or collects_revisions(after.plan))
        and (
            change.revision_needed or agreement_digest(before.plan) != agreement_digest(after.plan)
        )
    ):
        updated.revised = reason or change.revision
        entry = {"date": today, "summary": updated.revised}
        try:
            text, _ = apply(text, after.data, [AddTable((), "revisions", entry)])
        except CoachplanError as exc:
            raise _in_file(exc, file) from None
        after = load_text(path, text, file=file)
    if after.plan is None:
        first = first_finding(after)
        if before.plan is not None and not allow_broken:
            raise RefusedWrite(
                f"{first.message}; nothing written",
                where=_located(first),
                hint=first.hint or "the plan would no longer load",
            )
        updated.broken = first
    checked = check_loaded(after, path, options)
    if before.plan is not None and not allow_broken:
        refusing = refusals(before.findings, checked.findings)
        if refusing:
            raise refused(refusing[0])
    refuse_symlink(path, file)  # it may have become one since it was read
    if path.read_bytes() != source.text.encode("utf-8"):
        return None  # changed by a writer that does not lock: start over
    if not dry_run:
        try:
            write_atomic(path, text)
        except RefusedWrite as exc:  # the system said no: said of the file as the user named it
            exc.where = file
            raise
    updated.text, updated.after, updated.written = text, after.plan, not dry_run
    updated.findings = _new_findings(before.findings, checked.findings)
    return updated
