"""The `coachplan` command: typer apps joined here, errors turned into one-line messages."""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import typer

EPILOG = "Docs: README.md and docs/ in the project. Exit codes: 0 ok, 1 problems found, 2 error."


def build_app() -> typer.Typer:
    import typer

    from coachplan.cli import check, diff, editor, planning, plans, records, reports
    from coachplan.cli.group import CoachplanGroup

    app = typer.Typer(
        name="coachplan",
        cls=CoachplanGroup,
        help="Coaching plans as TOML files in git: create them, check them as SMART plans, "
        "and report on progress, check-ins and coaching accountability.",
        epilog=EPILOG,
        no_args_is_help=True,
        add_completion=True,
        pretty_exceptions_enable=False,
        context_settings={"help_option_names": ["-h", "--help"]},
    )

    @app.callback(invoke_without_command=True)
    def _root(
        version: bool = typer.Option(False, "--version", help="Print the version and exit."),
    ) -> None:
        if version:
            from coachplan import __version__

            typer.echo(f"coachplan {__version__}")
            raise typer.Exit(0)

    plans.register(app)
    check.register(app)
    diff.register(app)
    reports.register(app)
    planning.register(app)
    records.register(app)
    editor.register(app)
    return app


def _fast_version(argv: list[str]) -> bool:
    # `--version` answers before typer is imported, so scripts that probe it pay nothing.
    if argv == ["--version"]:
        from coachplan import __version__

        sys.stdout.write(f"coachplan {__version__}\n")
        return True
    return False


def main(argv: list[str] | None = None) -> None:
    """Entry point of the console script and `python -m coachplan`."""
    args = list(sys.argv[1:] if argv is None else argv)
    if _fast_version(args):
        sys.exit(0)
    build_app()(args=args, prog_name="coachplan")
