"""One exception base with an exit code; the CLI turns it into a one-line message."""

from __future__ import annotations

from enum import IntEnum


class ExitCode(IntEnum):
    OK = 0
    PROBLEMS = 1  # a check found problems
    USAGE = 2  # bad usage, unreadable input, a refused write


class CoachplanError(Exception):
    """An error the user can fix; printed as one line, never as a traceback."""

    exit_code: ExitCode = ExitCode.USAGE

    def __init__(self, message: str, *, where: str | None = None, hint: str | None = None):
        super().__init__(message)
        self.message = message
        self.where = where
        self.hint = hint

    def __str__(self) -> str:
        text = f"{self.where}: {self.message}" if self.where else self.message
        if self.hint:
            text += f" ({self.hint})"
        return text


class UsageError(CoachplanError):
    """The command line asked for something impossible."""


class PlanNotFound(CoachplanError):
    """No plan with that id or path."""


class UnreadablePlan(CoachplanError):
    """The file cannot be read as UTF-8 TOML (encoding, syntax, empty, a directory)."""


class InvalidPlan(CoachplanError):
    """The file is TOML but not a valid plan; `findings` says every reason."""

    def __init__(
        self,
        message: str,
        *,
        where: str | None = None,
        hint: str | None = None,
        findings: list[object] | None = None,
    ):
        super().__init__(message, where=where, hint=hint)
        self.findings = findings or []


class RefusedWrite(CoachplanError):
    """Writing would lose what a person wrote, or leave a plan that does not load."""


class SettingsError(CoachplanError):
    """coachplan.toml is unreadable or names unknown settings or rules."""
