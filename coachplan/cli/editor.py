"""`coachplan edit`: change a plan in $VISUAL or $EDITOR, keeping it only if it loads."""

from __future__ import annotations

import os
import shlex
import subprocess
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, TypeVar

import typer

from coachplan.cli import output, prompts
from coachplan.cli.editing import NoInput, PlanArg, Reason, commit, interactive

T = TypeVar("T")

if TYPE_CHECKING:
    from coachplan.core.findings import Finding
    from coachplan.engine.update import Change, Current


def editor_command() -> list[str]:
    """$VISUAL, else $EDITOR, else the system's basic editor."""
    editor = os.environ.get("VISUAL") or os.environ.get("EDITOR")
    if not editor:
        editor = "notepad" if sys.platform == "win32" else "vi"
    return shlex.split(editor, posix=sys.platform != "win32")


def run_editor(path: Path) -> None:
    from coachplan.core.errors import RefusedWrite, UsageError

    command = editor_command()
    try:
        status = subprocess.run([*command, str(path)], check=False).returncode
    except OSError as exc:
        raise UsageError(
            f"cannot run the editor {command[0]!r}: {exc.strerror}",
            hint="set $VISUAL or $EDITOR, e.g. EDITOR=nano",
        ) from None
    if status != 0:
        raise RefusedWrite(f"the editor exited with status {status}; the plan is unchanged")


def _describe(finding: Finding, code: bool = False) -> str:
    label = f"{finding.code} " if code else ""
    hint = f" ({finding.hint})" if finding.hint else ""
    return f"{finding.file}:{finding.line}:{finding.column}: {label}{finding.message}{hint}"


def _problems(path: Path, copy: Path, file: str, original: str) -> tuple[str | None, list[str]]:
    """The edited text, and why it cannot be kept: it does not load, or it brings an error
    that refuses a write (update.refusals); nothing when it can."""
    from coachplan.cli.editing import check_options
    from coachplan.core.errors import UnreadablePlan
    from coachplan.engine.check import check_loaded
    from coachplan.engine.update import refusals
    from coachplan.files.loader import load_text
    from coachplan.files.store import read_source

    try:
        text = read_source(copy).text
    except UnreadablePlan as exc:
        return None, [f"{file}: {exc.message}" + (f" ({exc.hint})" if exc.hint else "")]
    loaded = load_text(path, text, file=file)
    if loaded.plan is None:
        return text, [_describe(f) for f in sorted(loaded.findings, key=lambda f: f.sort_key)]
    options = check_options()
    before = check_loaded(load_text(path, original, file=file), path, options)
    if before.plan is None:
        return text, []  # nothing to compare with: the edit repairs a broken plan
    after = check_loaded(loaded, path, options)
    return text, [_describe(f, code=True) for f in refusals(before.findings, after.findings)]


def _keep(copy: Path, stem: str) -> Path:
    """A copy of the edited text that outlives the temporary directory."""
    fd, name = tempfile.mkstemp(prefix=f"coachplan-{stem}-", suffix=".toml")
    with os.fdopen(fd, "wb") as handle:
        handle.write(copy.read_bytes())
    return Path(name)


def _revised(before: str, after: str) -> tuple[bool, bool, bool]:
    """Whether the agreed content changed, whether the edit added a revision itself, and
    whether the plan records revisions (not while an unsigned draft)."""
    from coachplan.core.agreement import agreement_digest
    from coachplan.engine.update import collects_revisions
    from coachplan.files.loader import load_text

    old = load_text(Path("plan.toml"), before)
    new = load_text(Path("plan.toml"), after)
    if old.plan is None or new.plan is None:
        return False, False, False
    changed = agreement_digest(old.plan) != agreement_digest(new.plan)
    collects = collects_revisions(old.plan) or collects_revisions(new.plan)
    return changed, len(new.plan.revisions) > len(old.plan.revisions), collects


def _ask_kept(copy: Path, stem: str, question: Callable[[], T]) -> T:
    """The answer to `question`; if the user stops there (Ctrl-C, end of input), the edited
    text is kept in a file that outlives the temporary directory, and the message says where."""
    try:
        return question()
    except prompts.Stopped as exc:
        exc.hint = f"your edited text is in {_keep(copy, stem)}"
        raise


def edit(
    plan: PlanArg,
    force: Annotated[
        bool,
        typer.Option(
            "--force",
            help="Keep the edited text even if the plan no longer loads or has a new error.",
        ),
    ] = False,
    reason: Reason = None,
    no_input: NoInput = False,
) -> None:
    """Open a plan in $VISUAL or $EDITOR; on save, keep it only if it still loads.

    You edit a temporary copy; the plan file stays untouched until the edited text loads
    and brings no new error other than advice (a date after today or a reference to
    nothing is an error; SMART advice or a sign-off to renew is a warning after saving).
    If it does not, the problems are listed and, on a terminal, you can edit again; when
    you stop, the edited text is kept in a temporary file and the plan is unchanged (exit
    2), unless --force. A change to the goals, targets, actions, milestones or window adds a
    revision (--reason, or asked) unless you added one yourself.

    Example: coachplan edit agent-2291 --reason "Moved the roster goal to January"
    """
    from coachplan.cli.options import workspace_here
    from coachplan.core.errors import RefusedWrite
    from coachplan.engine.update import refuse_symlink
    from coachplan.files.loader import display_path
    from coachplan.files.store import read_source

    path = workspace_here().resolve(plan)
    file = display_path(path)
    refuse_symlink(path, file)  # before the editor opens: no edit is lost to the refusal
    original = read_source(path).text
    asking = interactive(no_input)
    with tempfile.TemporaryDirectory(prefix="coachplan-edit-") as tmp:
        copy = Path(tmp) / path.name
        copy.write_text(original, encoding="utf-8", newline="\n")
        while True:
            run_editor(copy)
            text, problems = _problems(path, copy, file, original)
            if text == original:
                output.info(f"{file}: no changes")
                return
            if not problems:
                break
            for problem in problems[:10]:
                output.info(f"  {problem}")
            if asking and _ask_kept(
                copy,
                path.stem,
                lambda: prompts.confirm("The plan cannot be kept as it is. Edit again?", True),
            ):
                continue
            if force and text is not None:
                break
            kept = _keep(copy, path.stem)
            raise RefusedWrite(
                f"the edited plan has {len(problems)} problem"
                f"{'s' if len(problems) != 1 else ''} (listed above); {file} is unchanged",
                hint=f"your edited text is in {kept}",
            )
        assert text is not None
        changed, by_hand, collects = _revised(original, text)
        summary = reason
        if changed and not by_hand and summary is None and asking and collects:
            summary = _ask_kept(
                copy,
                path.stem,
                lambda: prompts.prompt(
                    "Reason for the change (recorded in the plan's revisions)",
                    prompts.text,
                    default="Edited by hand",
                ),
            )
        edited = text

        def build(current: Current) -> Change:
            from coachplan.engine.update import Change

            return Change(
                text=edited,
                based_on=original,
                done="saved the edited plan",
                revision="Edited the goals, targets, actions, milestones or window by hand",
                revise=not by_hand,
            )

        try:
            commit(plan, build, allow_broken=force, whole_text=True, reason=summary)
        except RefusedWrite as exc:
            kept = _keep(copy, path.stem)
            exc.hint = f"your edited text is in {kept}"
            raise


def register(app: typer.Typer) -> None:
    app.command(rich_help_panel="Editing")(edit)
