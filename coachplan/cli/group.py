"""The root command group: every error becomes one line on stderr and an exit code.

Done here rather than around `app()` so that tests through typer's CliRunner see exactly
what a user sees.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence
from typing import Any

import typer
from typer.core import TyperGroup

from coachplan.cli import output
from coachplan.core.errors import CoachplanError, ExitCode

try:  # typer >= 0.24 vendors click
    from typer import _click as click
    from typer._click import exceptions as _exceptions  # noqa: F401 - loads the submodule
except ImportError:  # pragma: no cover - older typer depends on click itself
    import click  # type: ignore[no-redef,import-not-found,unused-ignore]


def _plain_help(command: click.Command) -> None:
    """Have `command` and its subcommands print their help with cli/helptext.py."""

    def format_help(ctx: click.Context, formatter: click.HelpFormatter) -> None:
        from coachplan.cli.helptext import render

        formatter.write(render(command, ctx))

    # Set on each command object rather than by a class of our own, so that commands that
    # any module adds, in any typer group, get it without asking.
    setattr(command, "format_help", format_help)  # noqa: B010
    for sub in getattr(command, "commands", {}).values():
        _plain_help(sub)


class CoachplanGroup(TyperGroup):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for command in self.commands.values():
            _plain_help(command)

    def format_help(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        if ctx.parent is None:  # the top level: the same text the fast path prints
            from coachplan.cli.roothelp import render

            formatter.write(render())
            return
        super().format_help(ctx, formatter)

    def main(  # type: ignore[override]
        self,
        args: Sequence[str] | None = None,
        prog_name: str | None = None,
        complete_var: str | None = None,
        standalone_mode: bool = True,
        **extra: Any,
    ) -> Any:
        try:
            result = super().main(
                args=args,
                prog_name=prog_name,
                complete_var=complete_var,
                standalone_mode=False,
                **extra,
            )
        except CoachplanError as exc:
            output.error(str(exc))
            code = int(exc.exit_code)
        except typer.Exit as exc:
            code = int(exc.exit_code)
        except typer.Abort:  # Ctrl-C or end of input at a prompt: stopped, nothing written
            output.error("stopped at the prompt; nothing written")
            code = int(ExitCode.USAGE)
        except click.exceptions.NoArgsIsHelpError as exc:
            # A group without its subcommand (`coachplan report`): its help, once.
            output.write(exc.format_message().rstrip("\n") + "\n")
            code = int(ExitCode.USAGE)
        except click.exceptions.UsageError as exc:
            where = f" (see `{exc.ctx.command_path} --help`)" if exc.ctx else ""
            output.error(f"{_as_a_clause(exc.format_message())}{where}")
            code = int(ExitCode.USAGE)
        except click.exceptions.ClickException as exc:
            output.error(exc.format_message())
            code = int(ExitCode.USAGE)
        except KeyboardInterrupt:
            output.error("interrupted")
            code = 130
        except BrokenPipeError:
            # The reader went away (`coachplan list | head`): nothing worth a message.
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, sys.stdout.fileno())
            code = 0
        except OSError as exc:
            # The system said no where no command expected it (a full disk, a read-only
            # or vanished directory): what, where and why, in one line.
            if os.environ.get("COACHPLAN_DEBUG"):
                raise
            where = f"{exc.filename}: " if exc.filename is not None else ""
            output.error(f"{where}{exc.strerror or type(exc).__name__}")
            code = int(ExitCode.USAGE)
        except Exception as exc:  # a bug: still one line, with a way to see more
            if os.environ.get("COACHPLAN_DEBUG"):
                raise
            output.error(
                f"internal error: {type(exc).__name__}: {exc} "
                "(set COACHPLAN_DEBUG=1 for the traceback, and please report it)"
            )
            code = int(ExitCode.USAGE)
        else:
            code = int(result) if isinstance(result, int) else 0
        if standalone_mode:
            sys.exit(code)
        return code


def _as_a_clause(message: str) -> str:
    """click's sentence ("No such option: -o.") worded as coachplan's own errors are: a
    clause after `coachplan: error:`, lower case, no full stop."""
    message = message.strip().rstrip(".")
    return message[:1].lower() + message[1:]
