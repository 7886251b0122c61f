"""The `coachplan` command: typer apps joined here, errors turned into one-line messages."""

from __future__ import annotations

import os
import sys
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import typer

from coachplan.cli.roothelp import DESCRIPTION, EPILOG


def build_app(only: str | None = None) -> typer.Typer:
    """The app; with `only` (a module of coachplan.cli, e.g. "check"), just that module's
    commands: turning every command's signature into options takes typer 30 ms, so `main`
    builds only what the command line asks for (cli/roothelp.py HOMES says where)."""
    import importlib

    import typer

    from coachplan.cli import fastparams
    from coachplan.cli.group import CoachplanGroup

    fastparams.install()

    app = typer.Typer(
        name="coachplan",
        cls=CoachplanGroup,
        help=DESCRIPTION,
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

    for name in (
        "plans",
        "check",
        "diff",
        "agenda",
        "reports",
        "planning",
        "records",
        "baseline",
        "signing",
        "editor",
        "goals",
        "metrics",
        "steps",
        "closing",
    ):
        if only is None or name == only:
            importlib.import_module(f"coachplan.cli.{name}").register(app)
    return app


def _fast_answer(argv: list[str]) -> int | None:
    """`--version` and the top-level help answer before typer is imported (it alone takes
    longer than a start-up should); the exit code, or None for everything else."""
    if argv == ["--version"]:
        from coachplan import __version__

        sys.stdout.write(f"coachplan {__version__}\n")
        return 0
    if argv in ([], ["--help"], ["-h"]) and "_COACHPLAN_COMPLETE" not in os.environ:
        # (With that variable set, the shell is asking typer for completions.)
        from coachplan.cli.roothelp import render

        sys.stdout.write(render())
        return 2 if not argv else 0  # as typer does: no command is a usage error
    return None


def main(argv: list[str] | None = None) -> None:
    """Entry point of the console script and `python -m coachplan`."""
    args = list(sys.argv[1:] if argv is None else argv)
    # coachplan uses no pydantic plugins; looking for them scans every installed package.
    os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")
    answered = _fast_answer(args)
    if answered is not None:
        sys.exit(answered)
    only = None
    if args and "_COACHPLAN_COMPLETE" not in os.environ:
        from coachplan.cli.roothelp import HOMES

        only = HOMES.get(args[0])
    build_app(only)(args=args, prog_name="coachplan")
