"""Checking commands for people, CI and pre-commit: validate, rules, fmt, schema."""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Optional

import typer

from coachplan.cli import output
from coachplan.cli.completion import rule_codes
from coachplan.cli.options import choose, parse_date, split_codes, workspace_here
from coachplan.render.findings import FORMATS as VALIDATE_FORMATS

if TYPE_CHECKING:
    from collections.abc import Callable, Sequence

    from coachplan.engine.reformat import Reformatted
    from coachplan.files.cache import FindingsStore
    from coachplan.files.workspace import Workspace


PlanPaths = Annotated[
    list[Path] | None,
    typer.Argument(
        help="Plan files, directories or plan ids; default: the workspace's plans.",
        show_default=False,
    ),
]

AsOf = Annotated[
    Optional[str],  # noqa: UP045 - typer needs Optional here
    typer.Option(
        "--as-of", metavar="DATE", help="Check as on this date (YYYY-MM-DD); default today."
    ),
]


def plan_paths(workspace: Workspace, paths: list[Path]) -> Sequence[Path]:
    """The plan files named: files as given, directories' *.toml, default the workspace's."""
    from coachplan.core.errors import PlanNotFound, UsageError
    from coachplan.core.settings import SETTINGS_FILE

    if not paths:
        return workspace.plan_files()
    found: list[Path] = []
    for path in paths:
        if path.is_dir() and path.suffix != ".toml":
            if (path / SETTINGS_FILE).is_file():
                from coachplan.files.workspace import open_workspace

                found.extend(open_workspace(path).plan_files())
            else:
                found.extend(
                    sorted(
                        p for p in path.glob("*.toml") if p.is_file() and p.name != SETTINGS_FILE
                    )
                )
        elif path.exists():
            found.append(path)
        elif not path.suffix and "/" not in str(path):
            try:  # a plan id
                found.append(workspace.resolve(str(path)))
            except PlanNotFound:
                raise UsageError(f"no such file or plan: {path}") from None
        else:
            raise PlanNotFound("no such file", where=str(path))
    seen: set[Path] = set()
    unique = []
    for path in found:
        key = path.resolve()
        if key not in seen:
            seen.add(key)
            unique.append(path)
    return unique


def _by_workspace(
    workspace: Workspace, files: Sequence[Path]
) -> list[tuple[Workspace, Sequence[Path]]]:
    """Files grouped by the workspace whose coachplan.toml applies to them, in order.

    A file below another coachplan.toml (pre-commit and CI run from the repository root)
    is checked with that workspace's settings; a file in no workspace with this one's.
    """
    from coachplan.files.workspace import FilesIn, find_root, open_workspace

    groups: dict[Path, tuple[Workspace, list[Path]]] = {}
    roots: dict[str, Path] = {}  # each folder is resolved once, not once per file in it

    def owner_of(folder: str) -> tuple[Workspace, list[Path]]:
        root = roots.get(folder)
        if root is None:
            parent = Path(folder or ".").resolve()
            root = roots[folder] = find_root(parent) or workspace.root.resolve()
        if root not in groups:
            owner = workspace if root == workspace.root.resolve() else open_workspace(root)
            groups[root] = (owner, [])
        return groups[root]

    if isinstance(files, FilesIn):  # one folder: one workspace, and the files stay names
        return [(owner_of(os.fspath(files.directory))[0], files)] if files else []
    last_folder: str | None = None
    bucket: list[Path] = []
    for path in files:
        folder = os.path.dirname(path)
        if folder != last_folder:  # files come a folder at a time: look up its group once
            last_folder, bucket = folder, owner_of(folder)[1]
        bucket.append(path)
    return list(groups.values())


def _findings_store(owner: Workspace) -> FindingsStore | None:
    """The findings cache of a workspace; None where there is none to use (no
    coachplan.toml and no COACHPLAN_CACHE_DIR)."""
    from coachplan.engine.findings_cache import namespace
    from coachplan.files.cache import FindingsStore, cache_directory

    directory = cache_directory(owner.root if owner.settings_file is not None else None)
    if directory is None:
        return None
    settings = owner.settings
    return FindingsStore(directory, namespace(settings.thresholds, settings.scale))


# Formats whose paths machines resolve against the checkout: relative to the repository
# root, so that a run from `plans/` names the files as a run from the root does.
MACHINE_PATHS = ("github", "junit", "sarif", "gitlab")


def _repository_root(workspace: Workspace) -> Path:
    """Where machine formats' paths start: git's top level, else the workspace's root."""
    from coachplan.files.gitrevs import repository_root

    return repository_root(Path.cwd()) or workspace.root.resolve()


def validate(
    paths: PlanPaths = None,
    output_format: Annotated[
        str,
        typer.Option(
            "--format",
            "-f",
            help="text, concise, json, github (Actions annotations), junit, sarif (code "
            "scanning) or gitlab (Code Quality).",
        ),
    ] = "text",
    select: Annotated[
        list[str] | None,
        typer.Option(
            "--select",
            help="Only these rule codes or prefixes (comma-separated).",
            autocompletion=rule_codes,
        ),
    ] = None,
    extend_select: Annotated[
        list[str] | None,
        typer.Option(
            "--extend-select",
            help="Add these codes to the selection.",
            autocompletion=rule_codes,
        ),
    ] = None,
    ignore: Annotated[
        list[str] | None,
        typer.Option(
            "--ignore",
            help="Skip these rule codes or prefixes (comma-separated).",
            autocompletion=rule_codes,
        ),
    ] = None,
    strict: Annotated[bool, typer.Option("--strict", help="Warnings fail the check too.")] = False,
    exit_zero: Annotated[
        bool, typer.Option("--exit-zero", help="Exit 0 even when problems are found.")
    ] = False,
    statistics: Annotated[
        bool,
        typer.Option(
            "--statistics",
            help="Print a count per rule instead of each finding (as text, or json with "
            "--format json).",
        ),
    ] = False,
    output_file: Annotated[
        Path | None,
        typer.Option(
            "--output-file", "-o", help="Write the report to this file instead of stdout."
        ),
    ] = None,
    quiet: Annotated[
        bool, typer.Option("--quiet", "-q", help="Print nothing; the exit code tells.")
    ] = False,
    as_of: AsOf = None,
    no_cache: Annotated[
        bool,
        typer.Option(
            "--no-cache",
            help="Check every file afresh; neither read nor write the findings cache "
            "(.coachplan_cache/, or COACHPLAN_CACHE_DIR).",
        ),
    ] = False,
) -> None:
    """Check plans against the format and the SMART, plan, reference and kind rules.

    Exit 0 when no error is found (with --strict: no warning either), 1 when problems are
    found, 2 when a file cannot be read or the command line is wrong. Findings of unchanged
    files come from the findings cache (docs/performance.md).

    Example: coachplan validate plans/ --format github --strict
    """
    from coachplan.cli.common import tracked
    from coachplan.engine.check import CheckOptions, Selection, each_checked
    from coachplan.render.findings import (
        BLOCKS,
        RENDERERS,
        Report,
        Tally,
        closing,
        render_statistics,
    )

    choose(output_format, VALIDATE_FORMATS, "--format")
    if statistics and output_format not in ("text", "concise", "json"):
        from coachplan.core.errors import UsageError

        raise UsageError(
            f"--statistics prints text or json, not {output_format}",
            hint="drop --statistics, or use --format text or json",
        )
    workspace = workspace_here()
    day = parse_date(as_of, "--as-of")
    files = plan_paths(workspace, paths or [])
    if not files:
        looked = ", ".join(map(str, paths or [])) or workspace.settings.plans_dir
        output.warning(f"no plan files found (looked in {looked})")

    def options_for(owner: Workspace) -> CheckOptions:
        settings = owner.settings
        selection = Selection.build(
            settings.rules,
            select=split_codes(select),
            extend_select=split_codes(extend_select),
            ignore=split_codes(ignore),
        )
        return CheckOptions(
            as_of=day,
            selection=selection,
            thresholds=settings.thresholds,
            scale=settings.scale,
            root=owner.root,
            plans_dir=owner.plans_dir,
        )

    options_for(workspace)  # a bad code on the command line is an error even with no plans
    color = output_file is None and output.use_color(sys.stdout)
    # Text, concise and github output is written file by file as results come in, so
    # that memory stays flat however many plans there are; the others need them all.
    block = None if statistics else BLOCKS.get(output_format)
    written: list[str] = []  # streamed output bound for --output-file
    # A streamed format keeps counts for its closing line; the others every result.
    tally = Tally()
    findings = []
    names: list[str] = []
    sources: dict[str, str] = {}
    unreadable = []
    # Machine formats name each file from the repository root (docs/ci.md).
    from coachplan.files.gitrevs import repository_path

    root = _repository_root(workspace) if output_format in MACHINE_PATHS else None
    located: dict[str, str] = {}
    for owner, owned in _by_workspace(workspace, files):
        store = None if no_cache else _findings_store(owner)
        results = each_checked(owned, options_for(owner), store=store)
        if block is None or output_file is not None or quiet:
            # A bar while nothing else shows progress; streamed output shows its own.
            results = tracked(results, len(owned), "Checking plans")
        for result in results:
            if result.unreadable:
                unreadable.append(result)
            text = result.source.text if result.source is not None else ""
            if block is None:
                names.append(result.file)
                if root is not None:
                    located[result.file] = repository_path(result.file, root)
                findings += result.findings
                if result.source is not None and output_format == "text":
                    sources[result.file] = text
                continue
            tally.add(result.findings)
            if result.findings and (output_file is not None or not quiet):
                where = {}
                if root is not None:  # github: this file's path from the repository root
                    where = {"paths": {result.file: repository_path(result.file, root)}}
                chunk = block(result.findings, text, color=color, **where)
                if output_file is not None:
                    written.append(chunk)
                elif not quiet:
                    output.write(chunk)
        if store is not None:
            store.save()
    report = Report(
        findings=findings,
        files=names,
        sources=sources,
        unreadable_files=frozenset(r.file for r in unreadable),
        strict=strict,
        repository_paths=located,
    )
    if statistics:
        text = render_statistics(report, output_format)
    elif block is not None:
        text = "".join(written) + closing(output_format, tally)
    else:
        text = RENDERERS[output_format](report, color=color)
    if output_file is not None:
        from coachplan.files.store import write_atomic

        write_atomic(output_file, text)
    elif not quiet:
        output.write(text)
    for result in unreadable:
        first = result.findings[0]
        output.error(
            f"{first.file}:{first.line}:{first.column}: {first.message}"
            + (f" ({first.hint})" if first.hint else "")
        )
    if unreadable:
        raise typer.Exit(2)
    counted = tally if block is not None else report
    failing = counted.errors + (counted.warnings if strict else 0)
    if failing and not exit_zero:
        raise typer.Exit(1)


def rules(
    code: Annotated[
        str | None,
        typer.Argument(
            help="A rule code such as S201, or a name such as goal-without-metric.",
            show_default=False,
            autocompletion=rule_codes,
        ),
    ] = None,
    output_format: Annotated[
        str, typer.Option("--format", "-f", help="text, json or markdown.")
    ] = "text",
) -> None:
    """List the rules, or explain one with a failing and a passing example.

    Example: coachplan rules S201
    """
    from coachplan.core.rulebook import all_rules
    from coachplan.render.rules import (
        render_rule,
        render_rules_json,
        render_rules_markdown,
        render_rules_text,
    )

    choose(output_format, ("text", "json", "markdown"), "--format")
    registry = all_rules()
    if code is None:
        chosen = list(registry.values())
    else:
        wanted = code.strip()
        found = registry.get(wanted.upper()) or next(
            (r for r in registry.values() if r.name == wanted.lower()), None
        )
        if found is None:
            import difflib

            from coachplan.core.errors import UsageError

            names = [*registry, *(r.name for r in registry.values())]
            close = difflib.get_close_matches(wanted, names, n=1)
            raise UsageError(
                f"no rule {code!r}",
                hint=f"did you mean {close[0]}?" if close else "`coachplan rules` lists them",
            )
        chosen = [found]
    if output_format == "json":
        output.write(render_rules_json(chosen))
    elif output_format == "markdown":
        output.write(render_rules_markdown(chosen))
    elif code is None:
        output.write(render_rules_text(chosen, output.layout_width(sys.stdout)))
    else:
        output.write(render_rule(chosen[0], output.layout_width(sys.stdout)))


def fmt(
    paths: PlanPaths = None,
    check: Annotated[
        bool,
        typer.Option("--check", help="Change nothing; exit 1 if any file would be reformatted."),
    ] = False,
    diff: Annotated[
        bool,
        typer.Option("--diff", help="Change nothing; print a unified diff of what would change."),
    ] = False,
    force: Annotated[
        bool,
        typer.Option("--force", help="Reformat even files with comments (the comments are lost)."),
    ] = False,
    keep_comments: Annotated[
        bool,
        typer.Option(
            "--keep-comments",
            help="Keep files with comments as written (only a BOM and CRLF are repaired) "
            "instead of refusing them.",
        ),
    ] = False,
) -> None:
    """Rewrite plans in the one canonical, diff-friendly layout.

    Files with comments keep their layout: the canonical layout has no place for comments.
    Their BOM and CRLF line endings are still repaired (nothing else changes), and they
    are refused (exit 2) unless --keep-comments (leave them as written, exit 0) or
    --force (reformat them; the comments are lost).

    Example: coachplan fmt --check
    """
    from coachplan.core.errors import UsageError
    from coachplan.engine.reformat import format_file

    if force and keep_comments:
        raise UsageError("give --force or --keep-comments, not both")
    writing = not (check or diff)
    workspace = workspace_here()
    files = plan_paths(workspace, paths or [])
    changed = repaired = refused = unchanged = kept = 0
    for path in files:
        outcome = format_file(path)
        if outcome.error:
            output.error(outcome.error)
            refused += 1
            continue
        if not outcome.changed:
            unchanged += 1
            continue
        if path.is_symlink() and writing:
            # Rewriting would replace the link by a file, or write where the link points.
            output.error(
                f"{outcome.file}: is a symbolic link; left unchanged (reformat the file "
                "it points to)"
            )
            refused += 1
            continue
        if outcome.comments and not force:
            line, column = outcome.comment_at
            where = f"{outcome.file}:{line}:{column}"
            if outcome.repairs and (writing or keep_comments):
                # Only the BOM and line endings change: the comments and layout stay.
                repaired += 1
                _show_diff(diff, outcome.file, outcome.before, outcome.repaired)
                if writing:
                    _write_fresh(path, lambda f: f.repaired if f.repairs else None)
                    output.info(f"{outcome.file}: {outcome.repairs}; comments and layout kept")
                elif check:
                    output.info(f"would repair {outcome.file}: {outcome.repairs}")
            if keep_comments:
                kept += 1
            elif writing:
                output.error(
                    f"{where}: has comments that the canonical layout would drop; layout left "
                    "unchanged (pass --keep-comments to keep such files as written, or "
                    "--force to reformat and drop the comments)"
                )
                refused += 1
            else:
                changed += 1
                _show_diff(diff, outcome.file, outcome.before, outcome.after)
                if check:
                    output.info(
                        f"would reformat {outcome.file} (it has comments from {where}, "
                        "which reformatting would drop)"
                    )
            continue
        changed += 1
        _show_diff(diff, outcome.file, outcome.before, outcome.after)
        if check:
            output.info(f"would reformat {outcome.file}")
        elif writing:
            # From the text as it is now: an editing command that wrote in the meantime
            # must not be undone.
            _write_fresh(path, lambda f: f.after if force or not f.comments else None)
            output.info(f"reformatted {outcome.file}")
    would = "" if writing else "would be "
    parts = [
        f"{changed} file{'s' if changed != 1 else ''} {would}reformatted",
        f"{unchanged} left unchanged",
    ]
    if repaired:
        parts.append(f"{repaired} {would}repaired (BOM or line endings only)")
    if kept:
        parts.append(f"{kept} with comments kept as written")
    if refused:
        parts.append(f"{refused} refused")
    output.info(", ".join(parts))
    if refused:
        raise typer.Exit(2)
    if (changed or repaired) and not writing:
        raise typer.Exit(1)


def _show_diff(diff: bool, file: str, before: str, after: str) -> None:
    from coachplan.render.textdiff import unified_diff

    if diff:
        output.write(unified_diff(file, before, after))


def _write_fresh(path: Path, new_text: Callable[[Reformatted], str | None]) -> None:
    """Write what `new_text` makes of the file as it is now, under the plan's lock."""
    from coachplan.engine.reformat import format_file
    from coachplan.files.lock import plan_lock
    from coachplan.files.store import write_atomic

    with plan_lock(path):
        fresh = format_file(path)
        text = None if fresh.error else new_text(fresh)
        if text is not None and text != fresh.before:
            write_atomic(path, text)


def schema(
    output_file: Annotated[
        Path | None,
        typer.Option("--output", "-o", help="Write the schema to this file instead of stdout."),
    ] = None,
) -> None:
    """Print the JSON Schema of the plan format, for editors and other validators.

    Example: coachplan schema --output plan.schema.json
    """
    from coachplan.core.schema import plan_schema_text

    text = plan_schema_text()
    if output_file is None:
        output.write(text)
    else:
        from coachplan.files.store import write_atomic

        write_atomic(output_file, text)
        output.info(f"wrote {output_file}")


def register(app: typer.Typer) -> None:
    app.command(rich_help_panel="Checking")(validate)
    app.command(rich_help_panel="Checking")(rules)
    app.command(rich_help_panel="Checking")(fmt)
    app.command(rich_help_panel="Checking")(schema)
