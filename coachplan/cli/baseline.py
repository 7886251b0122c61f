"""`coachplan baseline`: the skill-gap analysis a plan starts from, one skill at a time.

The baseline's date and method are set when it is first written; changing them later is a
deliberate `--replace`. Once the plan is under way (no longer an unsigned draft), a skill's
level or target is changed, or a skill removed, only with a reason, recorded as a revision:
the baseline is what progress is measured against.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated, Any

import typer

from coachplan.cli import prompts
from coachplan.cli.editing import (
    DryRun,
    Force,
    NoInput,
    PlanArg,
    Reason,
    Yes,
    change,
    commit,
    date_option,
    entries,
    ids,
    interactive,
    read_plan,
    records_revisions,
    unknown,
)
from coachplan.cli.goals import set_fields
from coachplan.cli.prompts import ask

if TYPE_CHECKING:
    from coachplan.engine.update import Change, Current
    from coachplan.files.textedit import Op


def level_parser() -> prompts.Parse[int]:
    """Levels on the workspace's scale (coachplan.toml `[scale]`)."""
    from coachplan.cli.options import workspace_here

    scale = workspace_here().settings.scale
    return prompts.level_on(scale.min, scale.max)


def parse_levels(pairs: list[str], option: str = "") -> dict[str, int]:
    """`["delegation=3", ...]` (of `assess`, or `close --level`) as levels on the scale."""
    from coachplan.core.errors import UsageError

    found: dict[str, int] = {}
    level = level_parser()
    for pair in pairs:
        name, sep, value = pair.partition("=")
        if not sep or not name.strip():
            where = f"{option} " if option else ""
            raise UsageError(f"{where}{pair!r} is not SKILL=LEVEL", hint="e.g. delegation=3")
        prompts.option(name, f"skill {name.strip()!r}", prompts.one_line)
        found[name.strip()] = prompts.option(value.strip(), name.strip(), level)
    return found


def baseline_skills(data: Any) -> list[str]:
    """The names of the plan's baseline skills, from its data."""
    return ids(data.get("baseline"), "skills", "skill")


def _skill(table: Any, name: str | None) -> tuple[int, dict[str, Any]] | None:
    """The index and entry of the skill `name` in a baseline table (data), if it has one."""
    return next(((i, s) for i, s in entries(table, "skills") if s.get("skill") == name), None)


def baseline(
    plan: PlanArg,
    skill: Annotated[str | None, typer.Option("--skill", help="Skill or competency name.")] = None,
    level: Annotated[
        str | None, typer.Option("--level", metavar="N", help="Current level on the scale.")
    ] = None,
    target: Annotated[
        str | None, typer.Option("--target", metavar="N", help="Target level on the scale.")
    ] = None,
    evidence: Annotated[
        str | None, typer.Option("--evidence", help="What the current level is based on.")
    ] = None,
    day: Annotated[
        str | None, date_option("When the baseline was assessed (the first time, or --replace)")
    ] = None,
    method: Annotated[
        str | None,
        typer.Option(
            "--method",
            help="How: interview, 360 survey, performance data ... (the first time, or --replace).",
        ),
    ] = None,
    replace: Annotated[
        bool,
        typer.Option("--replace", help="Change the date or method of an existing baseline."),
    ] = False,
    remove_skill: Annotated[
        str | None,
        typer.Option("--remove-skill", metavar="SKILL", help="Remove this skill instead."),
    ] = None,
    reason: Reason = None,
    yes: Yes = False,
    dry_run: DryRun = False,
    force: Force = False,
    no_input: NoInput = False,
) -> None:
    """Record a skill's baseline level and target (the skill-gap analysis).

    Adds the skill, or changes that one skill and nothing else. The first call creates the
    baseline table with its --method and --date; changing them later needs --replace. Once
    the plan is active (or signed), changing a level or target, or removing a skill with
    --remove-skill, needs --reason and records a revision.

    Example: coachplan baseline agent-2291 --skill delegation --level 2 --target 4
    --evidence "Handles every roster change personally" --method "360 survey"
    """
    from coachplan.core.errors import UsageError

    asking = interactive(no_input)
    _path, data, _plan = read_plan(plan)
    table = data.get("baseline") if isinstance(data.get("baseline"), dict) else None
    if remove_skill is not None:
        given = {
            "--skill": skill,
            "--level": level,
            "--target": target,
            "--evidence": evidence,
            "--date": day,
            "--method": method,
        }
        extra = [name for name, value in given.items() if value is not None]
        if extra or replace:
            raise UsageError(f"--remove-skill takes no {', '.join(extra) or '--replace'}")
        summary = _reason(data, reason, asking, f"removing baseline skill {remove_skill}")
        _remove(plan, remove_skill, summary, yes=yes, dry_run=dry_run, force=force, asking=asking)
        return
    if table is not None and not replace and (day is not None or method is not None):
        given_now = " and ".join(o for o, v in (("--date", day), ("--method", method)) if v)
        raise UsageError(
            f"the baseline's date and method were set when it was first written "
            f"({table.get('date')}, {table.get('method')}); {given_now} would change them",
            hint="pass --replace to change them",
        )
    if replace and table is None:
        raise UsageError("there is no baseline to replace yet", hint="leave out --replace")
    if replace and day is None and method is None:
        raise UsageError(
            "--replace changes the baseline's date or method", hint="give --date or --method"
        )
    if table is None:
        method = ask(method, "Method (interview, 360 survey ...)", "--method", asking=asking)
    when = None if day is None else prompts.option(day, "--date", prompts.a_date)
    old = None
    if skill is not None or not replace:
        skill = ask(skill, "Skill", "--skill", asking=asking, parse=prompts.one_line)
        held = _skill(table, skill)
        old = held[1] if held else None
    level_of = level_parser()
    adding = skill is not None and old is None
    now = ask(
        level, "Current level", "--level", asking=asking and adding, parse=level_of, required=adding
    )
    aim = ask(
        target,
        "Target level",
        "--target",
        asking=asking and adding,
        parse=level_of,
        required=adding,
    )
    if adding:
        evidence = ask(evidence, "Evidence", "--evidence", asking=asking, required=False)
    moved = old is not None and any(
        value is not None and old.get(key) != value
        for key, value in (("level", now), ("target", aim))
    )
    summary = reason
    if moved:
        summary = _reason(data, reason, asking, f"changing the baseline of {skill}")
    values = {"level": now, "target": aim, "evidence": evidence}

    def build(current: Current) -> Change:
        from coachplan.cli.options import today
        from coachplan.files.textedit import AddTable, SetValue, without_none

        baseline_now = current.data.get("baseline")
        if not isinstance(baseline_now, dict):
            entry = {
                "date": when or today(),
                "method": method,
                "skills": [without_none({"skill": skill, **values})],
            }
            return change(
                [AddTable((), "baseline", entry, array=False)],
                f"baseline of {entry['date']} ({method}) recorded with {skill}: level {now}, "
                f"target {aim}",
            )
        ops: list[Op] = []
        said: list[str] = []
        if replace:
            dated = set_fields(
                ("baseline",), baseline_now, {"date": when, "method": method}, "baseline"
            )
            ops += dated.ops
            said.append(dated.done)
        if skill is not None:
            found = _skill(baseline_now, skill)
            if found is None:
                ops.append(
                    AddTable(("baseline",), "skills", without_none({"skill": skill, **values}))
                )
                said.append(f"baseline skill {skill} added: level {now}, target {aim}")
            else:
                index, held = found
                updated = set_fields(
                    ("baseline", "skills", index), held, values, f"baseline skill {skill}"
                )
                ops += updated.ops
                said.append(updated.done)
        revised = any(isinstance(op, SetValue) and op.key in ("level", "target") for op in ops)
        return change(
            ops,
            "; ".join(said),
            summary or "Changed the baseline",
            revision_needed=revised,
        )

    commit(plan, build, force=force, reason=summary, dry_run=dry_run)


def _reason(data: dict[str, Any], reason: str | None, asking: bool, doing: str) -> str | None:
    """The reason for a change to the baseline of a plan under way: --reason, or asked on a
    terminal (there is no default: the reason is the point); None for a draft."""
    from coachplan.core.errors import UsageError

    if reason is not None or not records_revisions(data):
        return reason
    if asking:
        answer: str | None = prompts.prompt(
            f"Why? {doing[0].upper()}{doing[1:]} (recorded in the plan's revisions)", prompts.text
        )
        return answer
    raise UsageError(
        f"{doing} of a plan under way needs --reason",
        hint="say why; it is recorded as a revision, since progress is measured from the baseline",
    )


def _remove(
    plan: str,
    name: str,
    reason: str | None,
    *,
    yes: bool,
    dry_run: bool,
    force: bool,
    asking: bool,
) -> None:
    def build(current: Current) -> Change:
        from coachplan.core.errors import RefusedWrite
        from coachplan.files.textedit import RemoveTable

        table = current.data.get("baseline")
        found = _skill(table, name)
        if found is None:
            held = [str(s.get("skill")) for _, s in entries(table, "skills")]
            raise unknown("baseline skill", name, held)
        index = found[0]
        assessed = [
            str(a.get("date"))
            for _, a in entries(current.data, "assessments")
            if name in (a.get("levels") or {})
        ]
        if assessed:
            raise RefusedWrite(
                f"skill {name} is re-assessed on {', '.join(assessed)}; nothing written",
                where=current.where("baseline", "skills", index),
                hint=f"remove those re-assessments first (`coachplan assess {current.file} "
                f"--remove DATE`), or edit them with `coachplan edit {current.file}`",
            )
        return change(
            [RemoveTable(("baseline",), "skills", index)],
            f"removed baseline skill {name}",
            reason or f"Removed baseline skill {name}",
            revision_needed=True,
        )

    commit(
        plan,
        build,
        force=force,
        reason=reason,
        dry_run=dry_run,
        removing=f"baseline skill {name}",
        yes=yes,
        asking=asking,
    )


def register(app: typer.Typer) -> None:
    app.command(rich_help_panel="Recording")(baseline)
