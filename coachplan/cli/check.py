"""Checking commands for people, CI and pre-commit: validate, rules, fmt, schema."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Optional

import typer

from coachplan.cli import output
from coachplan.cli.completion import rule_codes
from coachplan.cli.options import choose, parse_date, split_codes, workspace_here
from coachplan.render.findings import FORMATS as VALIDATE_FORMATS

if TYPE_CHECKING:
    from coachplan.workspace import Workspace


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


def plan_paths(workspace: Workspace, paths: list[Path]) -> list[Path]:
    """The plan files named: files as given, directories' *.toml, default the workspace's."""
    from coachplan.errors import PlanNotFound, UsageError
    from coachplan.workspace import SETTINGS_FILE

    if not paths:
        return workspace.plan_files()
    found: list[Path] = []
    for path in paths:
        if path.is_dir() and path.suffix != ".toml":
            if (path / SETTINGS_FILE).is_file():
                from coachplan.workspace import open_workspace

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


def _by_workspace(workspace: Workspace, files: list[Path]) -> list[tuple[Workspace, list[Path]]]:
    """Files grouped by the workspace whose coachplan.toml applies to them, in order.

    A file below another coachplan.toml (pre-commit and CI run from the repository root)
    is checked with that workspace's settings; a file in no workspace with this one's.
    """
    from coachplan.workspace import find_root, open_workspace

    groups: dict[Path, tuple[Workspace, list[Path]]] = {}
    roots: dict[Path, Path] = {}
    for path in files:
        parent = path.parent.resolve()
        if parent not in roots:
            roots[parent] = find_root(parent) or workspace.root.resolve()
        root = roots[parent]
        if root not in groups:
            owner = workspace if root == workspace.root.resolve() else open_workspace(root)
            groups[root] = (owner, [])
        groups[root][1].append(path)
    return list(groups.values())


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
) -> None:
    """Check plans against the format and the SMART, plan, reference and kind rules.

    Exit 0 when no error is found (with --strict: no warning either), 1 when problems are
    found, 2 when a file cannot be read or the command line is wrong.

    Example: coachplan validate plans/ --format github --strict
    """
    from coachplan.check import CheckOptions, Selection, check_paths
    from coachplan.render.findings import RENDERERS, Report, render_statistics

    choose(output_format, VALIDATE_FORMATS, "--format")
    if statistics and output_format not in ("text", "concise", "json"):
        from coachplan.errors import UsageError

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
        )

    options_for(workspace)  # a bad code on the command line is an error even with no plans
    results = []
    for owner, owned in _by_workspace(workspace, files):
        results += check_paths(owned, options_for(owner))
    findings = [f for r in results for f in r.findings]
    unreadable = [r for r in results if r.unreadable]
    report = Report(
        findings=findings,
        files=[r.file for r in results],
        sources={r.file: r.source.text for r in results if r.source is not None},
        unreadable=len(unreadable),
    )
    color = output_file is None and output.use_color(__import__("sys").stdout)
    if statistics:
        text = render_statistics(report, output_format)
    else:
        text = RENDERERS[output_format](report, color=color)
    if output_file is not None:
        from coachplan.store import write_atomic

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
    failing = report.errors + (report.warnings if strict else 0)
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
    from coachplan.render.rules import (
        render_rule,
        render_rules_json,
        render_rules_markdown,
        render_rules_text,
    )
    from coachplan.rules import all_rules

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

            from coachplan.errors import UsageError

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
        output.write(render_rules_text(chosen))
    else:
        output.write(render_rule(chosen[0]))


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
) -> None:
    """Rewrite plans in the one canonical, diff-friendly layout.

    Files with comments are left alone (exit 2) unless --force: the canonical layout has no
    place for them. A BOM or CRLF line endings are removed.

    Example: coachplan fmt --check
    """
    import difflib

    from coachplan.reformat import format_file

    workspace = workspace_here()
    files = plan_paths(workspace, paths or [])
    changed = refused = unchanged = 0
    for path in files:
        outcome = format_file(path)
        if outcome.error:
            output.error(outcome.error)
            refused += 1
            continue
        if not outcome.changed:
            unchanged += 1
            continue
        if outcome.comments and not force and not (check or diff):
            output.error(
                f"{outcome.file}: has comments that the canonical layout would "
                "drop; left unchanged (pass --force to reformat anyway)"
            )
            refused += 1
            continue
        changed += 1
        if diff:
            output.write(
                "".join(
                    difflib.unified_diff(
                        outcome.before.splitlines(keepends=True),
                        outcome.after.splitlines(keepends=True),
                        fromfile=f"a/{outcome.file}",
                        tofile=f"b/{outcome.file}",
                    )
                )
            )
        if check:
            note = " (it has comments, which reformatting would drop)" if outcome.comments else ""
            output.info(f"would reformat {outcome.file}{note}")
        elif not diff:
            from coachplan.lock import plan_lock
            from coachplan.store import write_atomic

            # Under the plan's lock, from the text as it is now: an editing command that
            # wrote in the meantime must not be undone.
            with plan_lock(path):
                fresh = format_file(path)
                if fresh.changed and not fresh.error and (force or not fresh.comments):
                    write_atomic(path, fresh.after)
            output.info(f"reformatted {outcome.file}")
    verb = "would be reformatted" if (check or diff) else "reformatted"
    parts = [f"{changed} file{'s' if changed != 1 else ''} {verb}", f"{unchanged} left unchanged"]
    if refused:
        parts.append(f"{refused} refused")
    output.info(", ".join(parts))
    if refused:
        raise typer.Exit(2)
    if changed and (check or diff):
        raise typer.Exit(1)


def schema(
    output_file: Annotated[
        Path | None,
        typer.Option("--output", "-o", help="Write the schema to this file instead of stdout."),
    ] = None,
) -> None:
    """Print the JSON Schema of the plan format, for editors and other validators.

    Example: coachplan schema --output plan.schema.json
    """
    from coachplan.schema import plan_schema_text

    text = plan_schema_text()
    if output_file is None:
        output.write(text)
    else:
        from coachplan.store import write_atomic

        write_atomic(output_file, text)
        output.info(f"wrote {output_file}")


def register(app: typer.Typer) -> None:
    app.command(rich_help_panel="Checking")(validate)
    app.command(rich_help_panel="Checking")(rules)
    app.command(rich_help_panel="Checking")(fmt)
    app.command(rich_help_panel="Checking")(schema)
