"""`coachplan diff`: what changed in a plan between git revisions, in words."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from coachplan.cli import output
from coachplan.cli.completion import plan_ids
from coachplan.cli.options import choose, workspace_here

if TYPE_CHECKING:
    from coachplan.core.model import Plan
    from coachplan.files.workspace import Workspace

WORKING_TREE = "working tree"


def _plan_path(workspace: Workspace, ref: str) -> Path:
    """A plan id or path; unlike `resolve`, the file may be gone from the working tree."""
    if ref.endswith(".toml") or "/" in ref or "\\" in ref:
        return Path(ref)
    return workspace.plan_path(ref)


def _version(path: Path, rev: str | None, file: str) -> Plan | None:
    """The plan at a revision (None: the working tree); None where the file does not exist."""
    from coachplan.files.gitrevs import read_at
    from coachplan.files.loader import load_text, plan_of

    if rev is None:
        if not path.exists():
            return None
        from coachplan.files.store import read_source

        text: str | None = read_source(path).text
        label = file
    else:
        text = read_at(path, rev)
        label = f"{file}@{rev}"
    return None if text is None else plan_of(load_text(Path(label), text, file=label))


def _textconv(file: Path) -> None:
    """A readable rendering of one plan file, for git's textconv; never fails a git diff."""
    from coachplan.files.loader import load_text
    from coachplan.files.store import read_regular_file
    from coachplan.render.plan_lines import render_plan_lines

    # The same safe reader as for plans: a regular file of at most 16 MB (never a pipe or
    # a device read forever); decoded tolerantly, so that any file shows as something.
    try:
        text = read_regular_file(file).decode("utf-8", "replace")
    except OSError as exc:
        from coachplan.core.errors import UnreadablePlan

        raise UnreadablePlan(f"cannot read: {exc.strerror}", where=str(file)) from None
    loaded = load_text(Path(file), text, file=str(file))
    if loaded.plan is None:
        first = min(loaded.findings, key=lambda f: f.sort_key)
        from coachplan.core.text import visible

        output.write(
            visible(f"(not a valid plan, shown as written: line {first.line}: {first.message})")
            + "\n"
        )
        output.write(
            visible(text, multiline=True) + ("" if text.endswith("\n") or not text else "\n")
        )
        return
    output.write(render_plan_lines(loaded.plan))


def diff(
    plan: Annotated[
        str | None,
        typer.Argument(
            metavar="PLAN",
            help="A plan id or a path to a plan file.",
            show_default=False,
            autocompletion=plan_ids,
        ),
    ] = None,
    rev_a: Annotated[
        str | None,
        typer.Argument(
            metavar="REV_A", help="The older revision; default HEAD.", show_default=False
        ),
    ] = None,
    rev_b: Annotated[
        str | None,
        typer.Argument(
            metavar="REV_B",
            help="The newer revision; default the working tree.",
            show_default=False,
        ),
    ] = None,
    textconv: Annotated[
        Path | None,
        typer.Option(
            "--textconv",
            metavar="FILE",
            help="Print FILE as readable lines, for git's textconv (see docs/ci.md).",
        ),
    ] = None,
    all_plans: Annotated[
        bool,
        typer.Option(
            "--all",
            help="Every plan added, removed or changed: `diff --all REV_A [REV_B]`.",
        ),
    ] = False,
    output_format: Annotated[str, typer.Option("--format", "-f", help="text or json.")] = "text",
    exit_code: Annotated[
        bool, typer.Option("--exit-code", help="Exit 1 when the plan changed, like git diff.")
    ] = False,
) -> None:
    """Show what changed in a plan between git revisions, in words.

    Goals, targets, measurements, check-ins, sign-offs gone stale.
    No revision: HEAD against the working tree.
    One: that revision against the working tree. Two: the first against the second.
    --all REV_A [REV_B]: every plan added, removed or changed, one section each.
    --textconv FILE makes `git diff` show plans in words (see docs/ci.md).

    Example: coachplan diff agent-2291 HEAD~3
    """
    from coachplan.core.errors import UsageError

    if textconv is not None:
        if plan is not None or all_plans:
            raise UsageError("--textconv takes one file and no PLAN, --all or revisions")
        _textconv(textconv)
        return
    choose(output_format, ("text", "json"), "--format")
    if all_plans:
        # The arguments move up: `diff --all REV_A [REV_B]` names no plan.
        if rev_b is not None:
            raise UsageError(
                "--all takes at most two revisions", hint="coachplan diff --all REV_A [REV_B]"
            )
        _diff_all(plan or "HEAD", rev_a, output_format, exit_code=exit_code)
        return
    if plan is None:
        raise UsageError("missing PLAN", hint="e.g. `coachplan diff agent-2291 HEAD~1`")
    from coachplan.core.errors import PlanNotFound
    from coachplan.core.plandiff import diff_plans
    from coachplan.files.loader import display_path
    from coachplan.render.changes import render_changes_json, render_changes_text

    path = _plan_path(workspace_here(), plan)
    file = display_path(path)
    old_rev = rev_a or "HEAD"
    old = _version(path, old_rev, file)
    new = _version(path, rev_b, file)
    if old is None and new is None:
        where = f"{old_rev} or {rev_b}" if rev_b else f"{old_rev} or the working tree"
        raise PlanNotFound(f"not in {where}", where=file)
    changes = diff_plans(old, new)
    render = render_changes_json if output_format == "json" else render_changes_text
    output.write(render(file, old_rev, rev_b or WORKING_TREE, changes))
    if exit_code and changes:
        raise typer.Exit(1)


def _diff_all(old_rev: str, new_rev: str | None, output_format: str, *, exit_code: bool) -> None:
    """Every plan of the workspace that differs between two revisions, in words; a plan
    that does not load on either side is skipped and counted (the rule of every bulk
    command: exit 2 after the rest is printed)."""
    from coachplan.cli.common import Skipped, finish
    from coachplan.core.errors import CoachplanError
    from coachplan.core.plandiff import diff_plans
    from coachplan.files.gitrevs import changed_files
    from coachplan.files.loader import display_path
    from coachplan.render.changes import render_all_changes

    workspace = workspace_here()
    workspace.plan_files()  # a missing plans directory is an error, as everywhere
    failed = Skipped()
    found = []
    for path in changed_files(workspace.plans_dir, old_rev, new_rev):
        if not path.name.endswith(".toml") or path.name.startswith("."):
            continue
        file = display_path(path)
        try:
            changes = diff_plans(_version(path, old_rev, file), _version(path, new_rev, file))
        except CoachplanError as exc:
            failed.add(exc)
            continue
        found.append((file, changes))
    output.write(render_all_changes(found, old_rev, new_rev or WORKING_TREE, output_format))
    finish(failed)
    if exit_code and any(changes for _, changes in found):
        raise typer.Exit(1)


def register(app: typer.Typer) -> None:
    app.command(rich_help_panel="Checking")(diff)
