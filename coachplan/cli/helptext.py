"""The `--help` of every command and group, as plain text that fits the terminal.

The same layout as the top-level help (cli/roothelp.py): a usage line that reads
`coachplan goal add [OPTIONS] PLAN ID`, the description with its paragraphs re-wrapped to
the width, the arguments and options with a placeholder for the value each takes (`DATE`,
`NAME`, nothing for a flag), a group's commands, and the examples last, each a command line
wrapped with `\\` where it does not fit. No rich, no markup: `--help` must start fast
(docs/performance.md), and a docstring's line breaks must not break a sentence.
"""

from __future__ import annotations

import inspect
import re
import textwrap
from collections.abc import Iterator
from typing import Any

from coachplan.cli.roothelp import rows, summary, width

INDENT = "  "
EXAMPLE = re.compile(r"^Examples?:\s*", re.IGNORECASE)
# A word of a command line: quoted parts stay whole.
SHELL_WORD = re.compile(r"""(?:[^\s"']+|"[^"]*"|'[^']*')+""")
PLACEHOLDERS = {str: "TEXT", int: "N", float: "NUMBER", bool: None}
# What the value of an option is called when its definition does not say (a metavar):
# the same word for the same option in every command.
BY_OPTION = {
    "--format": "FORMAT",
    "--output": "FILE",
    "--output-file": "FILE",
    "--plans-dir": "DIR",
    "--coach": "NAME",
    "--coachee": "NAME",
    "--sponsor": "NAME",
    "--name": "NAME",
    "--by": "NAME",
    "--kind": "KIND",
    "--status": "STATUS",
    "--template": "TEMPLATE",
    "--cadence": "CADENCE",
    "--select": "CODES",
    "--extend-select": "CODES",
    "--ignore": "CODES",
    "--goal": "GOAL",
    "--skill": "SKILL",
    "--role": "ROLE",
    "--source": "SOURCE",
    "--level": "LEVEL",
    "--rating": "RATING",
}


def _placeholder(param: Any) -> str | None:
    """What an option's value is called: its metavar, else the word for its name or its
    type; None for a flag."""
    if getattr(param, "metavar", None):
        return str(param.metavar)
    if getattr(param, "is_flag", False) or getattr(param, "count", False):
        return None
    for name in param.opts:
        if name in BY_OPTION:
            return BY_OPTION[name]
    annotation = getattr(getattr(param, "type_descriptor", None), "annotation", None)
    args = getattr(annotation, "__args__", None)
    if args and getattr(annotation, "__origin__", None) is list:
        annotation = args[0]
    if annotation in PLACEHOLDERS:
        return PLACEHOLDERS[annotation]
    if isinstance(annotation, type) and annotation.__name__.endswith("Path"):
        return "PATH"
    kind = getattr(getattr(param, "type", None), "name", None)  # click's types
    return str(kind).upper() if kind else "VALUE"


def _argument_name(param: Any) -> str:
    name = str(getattr(param, "metavar", None) or param.name or "").strip("[]{}.")
    return name.upper() if name.islower() else name


def usage(command: Any, ctx: Any) -> str:
    pieces = [ctx.command_path]
    if getattr(command, "options_metavar", None):
        pieces.append(command.options_metavar)
    for param in command.get_params(ctx):
        if getattr(param, "param_type_name", "") != "argument" or getattr(param, "hidden", False):
            continue
        name = _argument_name(param)
        many = "..." if param.nargs != 1 else ""
        pieces.append(f"{name}{many}" if param.required else f"[{name}]{many}")
    if hasattr(command, "commands"):
        pieces.append(getattr(command, "subcommand_metavar", None) or "COMMAND [ARGS]...")
    return " ".join(pieces)


def _default(param: Any) -> str | None:
    default = getattr(param, "default", None)
    if not getattr(param, "show_default", False) or callable(default):
        return None
    if default is None or default is False or default in ("", (), []):
        return None
    if getattr(param, "is_flag", False):
        return None
    return str(default)


def _option_row(param: Any) -> tuple[str, str]:
    names = sorted(param.opts, key=lambda o: (o.startswith("--"), o))
    name = ", ".join(names)
    if param.secondary_opts:
        name += " / " + ", ".join(param.secondary_opts)
    placeholder = _placeholder(param)
    if placeholder:
        name += f" {placeholder}"
    notes = [" ".join((getattr(param, "help", None) or "").split())]
    low, high = getattr(param, "min", None), getattr(param, "max", None)
    if low is not None and high is not None:
        notes.append(f"[{low} to {high}]")
    default = _default(param)
    if default is not None:
        notes.append(f"[default: {default}]")
    if param.required:
        notes.append("[required]")
    return name, "  ".join(n for n in notes if n)


def _paragraphs(text: str) -> tuple[list[str], list[str]]:
    """The description's paragraphs, each on one line, and the example command lines."""
    text = inspect.cleandoc(text or "").partition("\f")[0]
    described: list[str] = []
    examples: list[str] = []
    for paragraph in re.split(r"\n\s*\n", text):
        if not paragraph.strip():
            continue
        if EXAMPLE.match(paragraph):
            lines = EXAMPLE.sub("", paragraph).splitlines()
            for line in lines:
                if line.strip().startswith("coachplan ") or not examples:
                    examples.append(line.strip())
                else:
                    examples[-1] += " " + line.strip()
        else:
            described.append(" ".join(paragraph.split()))
    return described, examples


def _units(command_line: str) -> Iterator[str]:
    """The words of a command line, an option kept with its value."""
    words = SHELL_WORD.findall(command_line)
    i = 0
    while i < len(words):
        word = words[i]
        if word.startswith("-") and i + 1 < len(words) and not words[i + 1].startswith("-"):
            yield f"{word} {words[i + 1]}"
            i += 2
        else:
            yield word
            i += 1


def example_lines(command_line: str, columns: int) -> list[str]:
    """A command line in lines of at most `columns`, continued with ` \\`."""
    more = INDENT + "    "
    lines: list[str] = []
    indent, current = INDENT, ""
    for unit in _units(command_line):
        pieces = [unit]
        if len(more) + len(unit) + 2 > columns and " " in unit:
            pieces = unit.split(" ", 1)  # the option on one line, its value on the next
        for piece in pieces:
            if current and len(indent) + len(current) + 1 + len(piece) + 2 > columns:
                lines.append(f"{indent}{current} \\")
                indent, current = more, ""
            current = f"{current} {piece}" if current else piece
    lines.append(indent + current)
    return lines


def render(command: Any, ctx: Any, columns: int | None = None) -> str:
    """The help of `command` (a click command or group) in context `ctx`."""
    columns = columns or width()
    described, examples = _paragraphs(getattr(command, "help", None) or "")
    out = textwrap.wrap(
        "Usage: " + usage(command, ctx),
        columns,
        subsequent_indent=" " * (len("Usage: ") + 4),
        break_on_hyphens=False,
    )
    for paragraph in described:
        out.append("")
        out += textwrap.wrap(
            paragraph, columns, initial_indent=INDENT, subsequent_indent=INDENT
        ) or [""]
    params = [p for p in command.get_params(ctx) if not getattr(p, "hidden", False)]
    arguments = [
        (_argument_name(p), " ".join((getattr(p, "help", None) or "").split()))
        for p in params
        if getattr(p, "param_type_name", "") == "argument"
    ]
    options = [_option_row(p) for p in params if getattr(p, "param_type_name", "") == "option"]
    for title, entries in (("Arguments", arguments), ("Options", options)):
        if entries:
            left = min(max(len(name) for name, _ in entries) + 4, 28)
            out += ["", f"{title}:", *rows(entries, columns, left)]
    subcommands = getattr(command, "commands", None)
    if subcommands:
        entries = [
            (name, summary(sub.help))
            for name, sub in subcommands.items()
            if not getattr(sub, "hidden", False)
        ]
        left = max(len(name) for name, _ in entries) + 4
        out += ["", "Commands:", *rows(entries, columns, left)]
    if examples:
        out += ["", "Example:" if len(examples) == 1 else "Examples:"]
        for example in examples:
            out += example_lines(example, columns)
    return "\n".join(out) + "\n"
