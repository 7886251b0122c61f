"""Prompts that never lose an answer, and the parsing they share with options.

One parser per kind of value (a date, a number, a rating, one of a list ...) checks both a
value typed on the command line and an answer typed at a prompt. On the command line a bad
value is an error that names its option; at a prompt it is explained, without naming an
option the user never typed, and asked again. Ctrl-C or end of input at a prompt stops the
command: exit 2, nothing written.
"""

from __future__ import annotations

import difflib
from collections.abc import Callable, Sequence
from datetime import date
from typing import Any, TypeVar

import typer

from coachplan.core.errors import CoachplanError, UsageError

T = TypeVar("T")
Parse = Callable[[str], T]


class Invalid(ValueError):
    """A value that is not acceptable: `message` says why, in words that name no option."""

    def __init__(self, message: str, hint: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint


class Stopped(CoachplanError):
    """Ctrl-C or end of input at a prompt: the command ends and writes nothing."""


# -- parsers: text -> value, or Invalid --------------------------------------------------------


def text(value: str) -> str:
    """Any one line with something on it."""
    if not value.strip():
        raise Invalid("an answer is needed")
    return value.strip()


def one_line(value: str) -> str:
    """A name, a title, a skill: one line of plain text, without a line break, an escape
    sequence or another control character (the format's one-line fields refuse them)."""
    from coachplan.core.text import escape_character, first_control_character

    if "\n" in value.strip() or "\r" in value.strip():
        raise Invalid("must be one line", "put details in the summary or notes")
    # Python's strip() also takes \x1c-\x1f and \x85 for space: only the line break a
    # shell adds at the end is forgiven.
    char = first_control_character(value.rstrip("\r\n"))
    if char is not None:
        raise Invalid(
            f"holds the control character {escape_character(char)}",
            "names and titles are plain text: type it again without the pasted escape "
            "sequence or tab",
        )
    return text(value)


def a_date(value: str) -> date:
    from coachplan.cli.options import today

    if value.strip() == "today":
        return today()
    try:
        return date.fromisoformat(value.strip())
    except ValueError:
        raise Invalid(f"{value!r} is not a date", "use YYYY-MM-DD, e.g. 2026-11-22") from None


def a_number(value: str) -> int | float:
    stripped = value.strip()
    try:
        whole = int(stripped)
    except ValueError:
        pass
    else:
        # TOML 1.0: integers are 64-bit; a larger one is not TOML other tools can read.
        from coachplan.core.fields import INT64_MAX, INT64_MIN

        if not INT64_MIN <= whole <= INT64_MAX:
            raise Invalid(
                f"{stripped[:40]!r} is outside the range of a TOML integer",
                f"TOML integers are 64-bit: {INT64_MIN} to {INT64_MAX}",
            )
        return whole
    try:
        number = float(stripped)
    except ValueError:
        number = float("nan")
    if number != number or number in (float("inf"), float("-inf")):
        raise Invalid(f"{value!r} is not a number", "e.g. 42 or 3.5")
    return number


def a_rating(value: str) -> int:
    if value.strip() not in {"1", "2", "3", "4", "5"}:
        raise Invalid(f"{value!r} is not a rating", "give a whole number from 1 to 5")
    return int(value)


def an_id(value: str) -> str:
    from coachplan.core.model import ID_RE

    if not ID_RE.fullmatch(value.strip()):
        raise Invalid(
            f"{value!r} is not a valid id",
            "use lowercase letters, digits and '-', e.g. delegate-roster",
        )
    return value.strip()


def one_of(choices: Sequence[str], what: str = "") -> Parse[str]:
    """A parser that accepts one of `choices` (and suggests the closest for a typo); `what`
    names them in a refusal: "a kind"."""

    def parse(value: str) -> str:
        if value.strip() in choices:
            return value.strip()
        close = difflib.get_close_matches(value.strip(), list(choices), n=1)
        listed = ", ".join(choices[:-1]) + f" or {choices[-1]}" if len(choices) > 1 else choices[0]
        hint = f"did you mean {close[0]!r}?" if close else f"choose {listed}"
        raise Invalid(f"{value!r} is not {what or 'one of the choices'}", hint)

    return parse


def known(what: str, choices: Sequence[str]) -> Parse[str]:
    """A parser for a reference to something the plan has: a goal, a metric ..."""

    def parse(value: str) -> str:
        if value.strip() in choices:
            return value.strip()
        hint = reference_hint(what, value.strip(), choices)
        raise Invalid(f"no {what} {value.strip()!r} in the plan", hint)

    return parse


def reference_hint(what: str, value: str, choices: Sequence[str]) -> str:
    """What to say of `value`, which names no `what` of the plan: the closest of `choices`,
    else all of them."""
    close = difflib.get_close_matches(value, list(choices), n=1)
    if close:
        return f"did you mean {close[0]!r}?"
    if choices:
        return f"the plan has: {', '.join(choices)}"
    return f"the plan has no {what}s yet"


def level_on(low: int, high: int) -> Parse[int]:
    def parse(value: str) -> int:
        try:
            level = int(value.strip())
        except ValueError:
            raise Invalid(
                f"{value!r} is not a whole number", f"give a level from {low} to {high}"
            ) from None
        if not low <= level <= high:
            raise Invalid(
                f"level {level} is outside the scale {low}-{high}",
                "the scale is set in coachplan.toml",
            )
        return level

    return parse


def checked(parse: Parse[T], test: Callable[[T], str | None]) -> Parse[T]:
    """`parse`, then `test`, which returns why the value is not acceptable (or None)."""

    def parse_and_test(value: str) -> T:
        result = parse(value)
        why = test(result)
        if why:
            raise Invalid(why)
        return result

    return parse_and_test


# -- options and prompts ----------------------------------------------------------------------


def option(value: str, name: str, parse: Parse[T]) -> T:
    """A command-line value, parsed; a bad one is an error naming its option."""
    try:
        return parse(value)
    except Invalid as exc:
        raise UsageError(f"{name}: {exc.message}", hint=exc.hint) from None


def optional(value: str | None, name: str, parse: Parse[T]) -> T | None:
    """A command-line value that may be left out: None, or parsed as `option` parses it."""
    return None if value is None else option(value, name, parse)


def removable(value: str | None, name: str, parse: Parse[T]) -> T | str | None:
    """A new value for an optional field: None when left out, "" (remove the field) when
    blank, else parsed as `option` parses it."""
    if value is None:
        return None
    return "" if not value.strip() else option(value, name, parse)


def missing(name: str, what: str = "VALUE") -> UsageError:
    return UsageError(
        f"missing {name}", hint=f"pass {name} {what}, or run on a terminal to be asked"
    )


def say(message: str) -> None:
    typer.echo(message, err=True)


def prompt(
    question: str,
    parse: Parse[T],
    *,
    default: str | None = None,
    required: bool = True,
) -> T | None:
    """Ask until the answer parses. Enter takes `default`; without one, Enter skips an
    optional answer (None) and asks again for a required one."""
    shown = question if required else f"{question} (Enter to skip)"
    while True:
        answer = _answer(shown, default or "", show_default=bool(default), suffix=": ").strip()
        if not answer:
            if not required:
                return None
            say("  an answer is needed (Ctrl-C stops)")
            continue
        try:
            return parse(answer)
        except Invalid as exc:
            said = exc.message + (f": {exc.hint}" if exc.hint else "")
            say(f"  {said}" + ("" if said.endswith("?") else "; try again"))


def ask(
    value: str | None,
    question: str,
    name: str,
    *,
    asking: bool,
    parse: Parse[Any] = text,
    default: str | None = None,
    required: bool = True,
) -> Any:
    """The value of option `name` (parsed), else the answer to a prompt on a terminal, else
    the default, else (when `required`) an error that says what is missing."""
    if value is not None:
        return option(value, name, parse)
    if asking:
        return prompt(question, parse, default=default, required=required)
    if default is not None:
        return option(default, name, parse)
    if not required:
        return None
    raise missing(name)


def confirm(question: str, default: bool = False) -> bool:
    """Yes or no, asked until answered; Enter takes `default`."""
    while True:
        answer = _answer(f"{question} {'[Y/n]' if default else '[y/N]'}", "", suffix=" ")
        word = answer.strip().lower()
        if not word:
            return default
        if word in ("y", "yes"):
            return True
        if word in ("n", "no"):
            return False
        say(f"  {answer.strip()!r}: answer y or n; try again")


def _answer(question: str, default: str, *, suffix: str, show_default: bool = False) -> str:
    """One line typed at a prompt; Ctrl-C or end of input stops the command."""
    try:
        answer: str = typer.prompt(
            question, default=default, show_default=show_default, prompt_suffix=suffix
        )
    except typer.Abort:
        say("")
        raise Stopped("stopped at the prompt; nothing written") from None
    return answer


def pick(question: str, choices: Sequence[str]) -> int:
    """One of numbered `choices` (shown first), by its number: its 0-based index."""
    for number, choice in enumerate(choices, 1):
        say(f"  {number}. {choice}")

    def parse(value: str) -> int:
        if value.isdigit() and 1 <= int(value) <= len(choices):
            return int(value) - 1
        raise Invalid(f"{value!r} is not one of the numbers 1 to {len(choices)}")

    chosen: int = prompt(f"{question} (1-{len(choices)})", parse)  # type: ignore[assignment]
    return chosen
