"""The workspace: coachplan.toml settings, the plans directory, and finding plans in it."""

from __future__ import annotations

import difflib
import os
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, get_args, get_origin, overload

from pydantic import BaseModel, ValidationError
from pydantic.fields import FieldInfo

from coachplan.core.errors import PlanNotFound, SettingsError
from coachplan.core.settings import SETTINGS_FILE, Settings
from coachplan.files.store import check_plan_id


@dataclass(frozen=True)
class Workspace:
    root: Path
    settings: Settings = field(default_factory=Settings)
    settings_file: Path | None = None

    @property
    def plans_dir(self) -> Path:
        return self.root / self.settings.plans_dir

    def plan_files(self, *, required: bool = True) -> FilesIn:
        """Every `*.toml` in the plans directory (a directory so named is kept, so that
        reading it says what is wrong). A missing plans directory is an error when
        `required`: a typo in `plans_dir` must not let CI pass on zero plans."""
        if not self.plans_dir.is_dir():
            if not required:
                return FilesIn(self.plans_dir, [])
            from coachplan.files.loader import display_path

            raise PlanNotFound(
                f"no plans directory {display_path(self.plans_dir)}/",
                hint="run `coachplan init`, or set `plans_dir` in coachplan.toml",
            )
        # scandir lists names without a stat call each (glob's `*` skips dot files too);
        # sorted by name, as the Paths sort.
        with os.scandir(self.plans_dir) as entries:
            names = sorted(
                e.name for e in entries if e.name.endswith(".toml") and not e.name.startswith(".")
            )
        return FilesIn(self.plans_dir, names)

    def plan_path(self, plan_id: str) -> Path:
        return self.plans_dir / f"{check_plan_id(plan_id)}.toml"

    def resolve(self, ref: str) -> Path:
        """A plan id (`agent-2291`) or a path to a plan file."""
        as_path = Path(ref)
        if ref.endswith(".toml") or "/" in ref or "\\" in ref:
            if as_path.exists():  # a directory is refused, with a reason, when read
                return as_path
            raise PlanNotFound("no such plan file", where=ref)
        path = self.plan_path(ref)
        if path.is_file():
            return path
        known = [p.stem for p in self.plan_files(required=False)]
        close = difflib.get_close_matches(ref, known, n=1)
        hint = f"did you mean {close[0]!r}?" if close else "`coachplan list` shows the plans"
        raise PlanNotFound(f"no plan {ref!r} in {self.plans_dir}", hint=hint)


class FilesIn(Sequence[Path]):
    """Files of one directory, in order, as Paths made when they are asked for: a bulk
    command holds 50,000 names, not 50,000 Paths (a name is a sixth of the memory)."""

    def __init__(self, directory: Path, names: Sequence[str]) -> None:
        self.directory = directory
        self.names = names

    def __len__(self) -> int:
        return len(self.names)

    @overload
    def __getitem__(self, index: int) -> Path: ...

    @overload
    def __getitem__(self, index: slice) -> list[Path]: ...

    def __getitem__(self, index: int | slice) -> Path | list[Path]:
        if isinstance(index, slice):
            return [self.directory / name for name in self.names[index]]
        return self.directory / self.names[index]

    def __iter__(self) -> Iterator[Path]:
        directory = self.directory
        for name in self.names:
            yield directory / name


def find_root(start: Path) -> Path | None:
    """The nearest directory at or above `start` holding coachplan.toml."""
    start = start.resolve()
    for directory in (start, *start.parents):
        if (directory / SETTINGS_FILE).is_file():
            return directory
    return None


def load_settings(path: Path) -> Settings:
    from coachplan.files.store import SourceText, parse_toml, read_source

    try:
        source: SourceText = read_source(path, empty_ok=True)  # empty: all defaults
        data: dict[str, Any] = parse_toml(source)
    except SettingsError:
        raise
    except Exception as exc:  # UnreadablePlan and friends, reworded for settings
        raise SettingsError(str(exc)) from None
    try:
        settings = Settings.model_validate(data)
    except ValidationError as exc:
        from coachplan.files.positions import index_positions

        error = exc.errors()[0]
        loc = tuple(error["loc"])
        line, column = index_positions(source.text).locate(loc)
        key = ".".join(str(p) for p in loc) or "(top level)"
        hint = "see docs/configuration.md"
        if error["type"] == "extra_forbidden":
            message = f"unknown setting `{key}`"
            close = _close_setting(loc)
            if close:
                hint = f"did you mean `{close}`?"
        elif error["type"] == "missing":
            message = f"missing setting `{key}`"
        else:
            message = f"`{key}`: {error['msg']}"
        raise SettingsError(message, where=f"{path}:{line}:{column}", hint=hint) from None
    _check_rule_codes(path, source.text, data.get("rules", {}))
    _check_plans_dir(path, source.text, settings.plans_dir)
    return settings


def _close_setting(loc: tuple[Any, ...]) -> str | None:
    """The known setting closest to the unknown one at `loc`, among the keys of its table
    as the file spells them (aliases included): `plans_dir` for `plan_dir`."""
    model: type[BaseModel] = Settings
    parts = [str(part) for part in loc[:-1]]
    while parts:
        info = _setting_fields(model).get(parts.pop(0))
        kind = info.annotation if info is not None else None
        if get_origin(kind) is dict:  # a table of named entries (competencies)
            kind = get_args(kind)[1]
            if parts:
                parts.pop(0)
        if not (isinstance(kind, type) and issubclass(kind, BaseModel)):
            return None
        model = kind
    close = difflib.get_close_matches(str(loc[-1]), list(_setting_fields(model)), n=1)
    return close[0] if close else None


def _setting_fields(model: type[BaseModel]) -> dict[str, FieldInfo]:
    """A settings table's fields by every name the file may give them."""
    named: dict[str, FieldInfo] = {}
    for name, info in model.model_fields.items():
        named[info.alias or name] = info
        for alias in getattr(info.validation_alias, "choices", None) or ():
            if isinstance(alias, str):
                named[alias] = info
    return named


def _check_plans_dir(path: Path, text: str, plans_dir: str) -> None:
    """Refuse a plans_dir outside the workspace (absolute, or reaching up with `..`)."""
    plans = Path(plans_dir)
    if plans.is_absolute() or ".." in plans.parts:
        from coachplan.files.positions import index_positions

        line, column = index_positions(text).locate(("plans_dir",))
        raise SettingsError(
            f"plans_dir {plans_dir!r} must be a directory inside the workspace",
            where=f"{path}:{line}:{column}",
            hint='give a path relative to the directory of coachplan.toml, e.g. "plans"',
        )


def _rule_codes(rules: dict[str, Any]) -> list[tuple[tuple[str | int, ...], str]]:
    """Every rule code named in `[rules]`, with its key path as written."""
    named: list[tuple[tuple[str | int, ...], str]] = []
    for key, value in rules.items():
        if isinstance(value, list):
            named.extend((("rules", key, i), code) for i, code in enumerate(value))
        elif key == "severity":
            named.extend((("rules", key, code), code) for code in value)
        else:  # per-path ignores: glob -> codes
            for pattern, codes in value.items():
                named.extend((("rules", key, pattern, i), c) for i, c in enumerate(codes))
    return named


def _check_rule_codes(path: Path, text: str, rules: dict[str, Any]) -> None:
    """Refuse a rule code that no rule has, pointing at where the file names it."""
    named = _rule_codes(rules)
    if not named:
        return
    from coachplan.core.rulebook import all_rules, unknown_selectors

    unknown = set(unknown_selectors(code for _, code in named))
    for where, code in named:
        if code in unknown:
            from coachplan.files.positions import index_positions

            line, column = index_positions(text).locate(where)
            close = difflib.get_close_matches(code.upper(), list(all_rules()), n=1)
            hint = f"did you mean {close[0]}?" if close else "`coachplan rules` lists the codes"
            raise SettingsError(
                f"unknown rule code {code!r} in `{'.'.join(str(p) for p in where[:2])}`",
                where=f"{path}:{line}:{column}",
                hint=hint,
            )


def open_workspace(start: Path | None = None) -> Workspace:
    start = start or Path.cwd()
    root = find_root(start)
    if root is None:
        return Workspace(root=start)
    settings_file = root / SETTINGS_FILE
    settings = load_settings(settings_file)
    return Workspace(root=root, settings=settings, settings_file=settings_file)
