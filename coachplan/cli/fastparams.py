"""Command-line values converted without pydantic where the conversion is plain.

typer (0.20 and later) converts every parameter's value through a pydantic TypeAdapter,
built when the parameter is first used: importing pydantic and building a dozen adapters
is most of a `--help` and a third of a one-file `validate` (docs/performance.md). coachplan's
options are strings, paths, whole numbers, flags and lists of those, which need no such
machinery. `install` makes typer convert those directly; anything else, and any value the
plain conversion does not accept, goes to typer's own conversion, so that every error
message stays typer's. If typer's internals are not what this expects, nothing changes.
"""

from __future__ import annotations

import types
import typing
from pathlib import Path
from typing import Any


def _plain(annotation: Any) -> tuple[type, bool] | None:
    """(the type, whether it is a list of it) for the annotations converted here."""
    origin = typing.get_origin(annotation)
    if origin in (typing.Union, types.UnionType):
        members = [a for a in typing.get_args(annotation) if a is not type(None)]
        if len(members) != 1:
            return None
        return _plain(members[0])
    if origin is list:
        (item,) = typing.get_args(annotation) or (None,)
        found = _plain(item)
        return (found[0], True) if found is not None and not found[1] else None
    if annotation in (str, int, bool, Path):
        return annotation, False
    return None


def install() -> None:
    try:
        from typer import _coercion, core
    except ImportError:  # pragma: no cover - another typer: its own conversion stands
        return
    parameter: Any = getattr(core, "_TyperParameter", None)
    base: Any = getattr(_coercion, "RuntimeParam", None)
    build: Any = getattr(_coercion, "build_runtime_param", None)
    if parameter is None or base is None or build is None or hasattr(parameter, "_coachplan"):
        return

    class Plain(base):  # type: ignore[misc]
        """A str, Path, int or bool value (or a list of them), as click gives it."""

        def _coerce_value(self, value: Any, param: Any, ctx: Any) -> Any:
            kind, many = _plain(self.annotation) or (None, False)
            try:
                if many:
                    return [_convert(kind, item, self.parameter_info) for item in value]
                return _convert(kind, value, self.parameter_info)
            except (TypeError, ValueError):
                # typer's own conversion: what it accepts beyond int() (`5.0`) stays accepted.
                descriptor = param.type_descriptor
                try:
                    return build(descriptor)._coerce_value(value, param=param, ctx=ctx)
                except _bad_parameter() as exc:
                    if kind is not int or many:
                        raise
                    # A whole number said in a person's words, not the validator's.
                    words = number_words(value, self.parameter_info)
                    raise type(exc)(words, ctx=ctx, param=param) from None

    def get_runtime_param(self: Any) -> Any:
        if self._runtime_param is None:
            descriptor = self.type_descriptor
            info = descriptor.parameter_info
            simple = (
                descriptor.file_annotation is None
                and getattr(info, "parser", None) is None
                and getattr(info, "click_type", None) is None
                and not getattr(info, "resolve_path", False)
                and getattr(info, "path_type", None) is None
                and not getattr(info, "allow_dash", False)
                and _plain(descriptor.annotation) is not None
            )
            if simple:
                self._runtime_param = Plain(parameter_info=info, annotation=descriptor.annotation)
            else:
                self._runtime_param = build(descriptor)
        return self._runtime_param

    parameter.get_runtime_param = get_runtime_param
    parameter._coachplan = True


def _bad_parameter() -> type[Any]:
    try:  # typer >= 0.24 vendors click
        from typer._click.exceptions import BadParameter
    except ImportError:  # pragma: no cover - older typer depends on click itself
        from click.exceptions import BadParameter  # type: ignore[import-not-found,no-redef,assignment,unused-ignore]
    return BadParameter


def number_words(value: Any, info: Any) -> str:
    """What is wrong with a value given for a whole-number option, and what to give."""
    low, high = getattr(info, "min", None), getattr(info, "max", None)
    if low is not None and high is not None:
        wanted = f"a whole number from {low} to {high}"
    elif low is not None:
        wanted = f"a whole number of at least {low}"
    elif high is not None:
        wanted = f"a whole number of at most {high}"
    else:
        wanted = "a whole number"
    return f"{str(value)!r} is not {wanted}"


def _convert(kind: type | None, value: Any, info: Any) -> Any:
    if kind is str and isinstance(value, str):
        return value
    if kind is Path and isinstance(value, str | Path):
        return Path(value)
    if kind is bool and isinstance(value, bool):
        return value
    if kind is int and isinstance(value, int | str) and not isinstance(value, bool):
        number = int(value)
        low, high = getattr(info, "min", None), getattr(info, "max", None)
        if getattr(info, "clamp", False) or (low is not None and number < low):
            raise ValueError("out of range")
        if high is not None and number > high:
            raise ValueError("out of range")
        return number
    raise TypeError(f"not a plain {kind}")
