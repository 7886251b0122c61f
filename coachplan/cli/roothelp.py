"""`coachplan --help` without importing typer: the commands as a table, rendered as text.

Importing typer and building the app takes longer than the whole 80 ms a start-up may
take (docs/performance.md), so the top-level help is printed from this table. The typer
app prints the same text (cli/group.py), and tests/test_startup.py checks that the table
lists exactly the commands the app has, with their help: a new command fails that test
until it has its line here.
"""

from __future__ import annotations

import os
import sys

USAGE = "Usage: coachplan [OPTIONS] COMMAND [ARGS]..."
DESCRIPTION = (
    "Coaching plans as TOML files in git: create them, check them as SMART plans, "
    "and report on progress, check-ins and coaching accountability."
)
EPILOG = "Docs: README.md and docs/ in the project. Exit codes: 0 ok, 1 problems found, 2 error."

OPTIONS = [
    ("--version", "Print the version and exit."),
    ("--install-completion", "Install completion for the current shell."),
    (
        "--show-completion",
        "Show completion for the current shell, to copy it or customize the installation.",
    ),
    ("-h, --help", "Show this message and exit."),
]

# (panel, command, first paragraph of its help), in the order the app registers them.
COMMANDS = [
    ("Plans", "init", "Create coachplan.toml and a plans directory."),
    ("Plans", "new", "Write a new draft plan, plans/ID.toml, from a template."),
    (
        "Plans",
        "list",
        "List the plans: id, coachee, coach, kind, status, outcome, window and check-ins.",
    ),
    ("Plans", "show", "Show one plan, readable, with each metric's progress and trend."),
    (
        "Checking",
        "validate",
        "Check plans against the format and the SMART, plan, reference and kind rules.",
    ),
    ("Checking", "rules", "List the rules, or explain one with a failing and a passing example."),
    ("Checking", "fmt", "Rewrite plans in the one canonical, diff-friendly layout."),
    (
        "Checking",
        "schema",
        "Print the JSON Schema of the plan format, for editors and other validators.",
    ),
    ("Checking", "diff", "Show what changed in a plan between git revisions, in words."),
    (
        "Reports",
        "agenda",
        "What is coming up: check-ins due by cadence, milestones and actions coming due, day "
        "by day, after everything already due.",
    ),
    (
        "Reports",
        "export",
        "Export a calendar (ics) of the next check-ins and milestones, one plan as json, "
        "Markdown or a printable HTML page, or every plan as data (sqlite, jsonl).",
    ),
    ("Editing", "status", "Move a plan through draft, active, paused, completed and cancelled."),
    ("Recording", "measure", "Record a measurement of a metric, and see its progress."),
    (
        "Recording",
        "checkin",
        "Log a one-on-one that was held; the rating is the coachee's rating of the session.",
    ),
    ("Recording", "feedback", "Record 360-degree or other feedback."),
    (
        "Recording",
        "assess",
        "Record a re-assessment of baseline skills, to compare before and after.",
    ),
    (
        "Recording",
        "baseline",
        "Record a skill's baseline level and target (the skill-gap analysis).",
    ),
    ("Recording", "signoff", "Record agreement to the plan, with a digest of what was agreed."),
    (
        "Editing",
        "edit",
        "Open a plan in $VISUAL or $EDITOR; on save, keep it only if it still loads.",
    ),
    (
        "Editing",
        "close",
        "Close a plan: completed with an outcome, cancelled with a reason, or a pip extended.",
    ),
    (
        "Editing",
        "reopen",
        "Reopen a completed or cancelled plan: it becomes active again (a plan cancelled as a "
        "draft goes back to draft) and its closing is taken out, kept in the revision.",
    ),
    (
        "Reports",
        "report",
        "Reports on progress, overdue check-ins, coach accountability, skill gaps and outcomes.",
    ),
    ("Editing", "goal", "Add, change, rename and remove a plan's goals."),
    ("Editing", "metric", "Add, change, rename and remove the metrics of a plan's goals."),
    ("Editing", "action", "Add action steps, mark them done, change, reopen and remove them."),
    (
        "Editing",
        "milestone",
        "Add milestones, mark them reached, change, reopen and remove them.",
    ),
]

# The module of coachplan.cli that registers each command, so that running one builds
# only that module's commands (tests/test_startup.py checks it against the app).
HOMES = {
    "init": "plans",
    "new": "plans",
    "list": "plans",
    "show": "plans",
    "validate": "check",
    "rules": "check",
    "fmt": "check",
    "schema": "check",
    "diff": "diff",
    "agenda": "agenda",
    "export": "reports",
    "report": "reports",
    "status": "planning",
    "goal": "goals",
    "metric": "metrics",
    "action": "steps",
    "milestone": "steps",
    "measure": "records",
    "checkin": "records",
    "feedback": "records",
    "baseline": "baseline",
    "assess": "records",
    "signoff": "signing",
    "edit": "editor",
    "close": "closing",
    "reopen": "closing",
}


def summary(help_text: str | None) -> str:
    """The first paragraph of a command's help, on one line."""
    return " ".join((help_text or "").split("\n\n")[0].split())


def width() -> int:
    """The terminal's width (COACHPLAN_WIDTH, then COLUMNS, win), at most 100 columns: help
    is prose, and longer lines are hard to read."""
    from coachplan.cli.output import WIDTH_VARIABLE, width_setting

    for variable in (WIDTH_VARIABLE, "COLUMNS"):
        columns = width_setting(variable)
        if columns is not None:
            return max(min(columns, 100), 40)
    try:
        return min(os.get_terminal_size(sys.stdout.fileno()).columns, 100)
    except (OSError, ValueError, AttributeError):
        return 80


def rows(entries: list[tuple[str, str]], columns: int, left: int) -> list[str]:
    """Names and their help in two columns, the help starting at column `left`, wrapped to
    `columns`; a name too long for the first column has its help on the lines below."""
    import textwrap

    lines = []
    for name, text in entries:
        wrapped = textwrap.wrap(text, max(20, columns - left)) or [""]
        if len(name) + 2 > left - 2:
            lines.append(f"  {name}")
            lines.extend(" " * left + line for line in wrapped if line)
            continue
        lines.append(f"  {name.ljust(left - 2)}{wrapped[0]}".rstrip())
        lines.extend(" " * left + more for more in wrapped[1:])
    return lines


def render(columns: int | None = None) -> str:
    import textwrap

    columns = columns or width()
    lines = [USAGE, ""]
    lines += textwrap.wrap(DESCRIPTION, columns - 2, initial_indent="  ", subsequent_indent="  ")
    left = max(len(name) for name, _ in OPTIONS) + 4
    lines += ["", "Options:", *rows(OPTIONS, columns, left)]
    panels: dict[str, list[tuple[str, str]]] = {}
    for panel, name, text in COMMANDS:
        panels.setdefault(panel, []).append((name, text))
    left = max(len(name) for _, name, _ in COMMANDS) + 4
    for panel, entries in panels.items():
        lines += ["", f"{panel}:", *rows(entries, columns, left)]
    lines += [""]
    lines += textwrap.wrap(EPILOG, columns - 2, initial_indent="  ", subsequent_indent="  ")
    return "\n".join(lines) + "\n"
