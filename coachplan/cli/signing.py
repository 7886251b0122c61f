"""`coachplan signoff`: agreement to the plan, with a digest of what was agreed; and
`--withdraw`, its inverse."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Annotated, Any

import typer

from coachplan.cli import output, prompts
from coachplan.cli.editing import (
    DryRun,
    NoInput,
    PlanArg,
    Yes,
    change,
    commit,
    confirming,
    date_option,
    interactive,
    read_plan,
    record_date,
)
from coachplan.cli.prompts import ask

if TYPE_CHECKING:
    from coachplan.core.model import Plan
    from coachplan.engine.update import Change, Current


def signoff(
    plan: PlanArg,
    role: Annotated[str | None, typer.Option("--role", help="coach, coachee or sponsor.")] = None,
    name: Annotated[
        str | None,
        typer.Option("--name", help="Who signs; default: the plan's coach, coachee or sponsor."),
    ] = None,
    day: Annotated[str | None, date_option("When it was signed")] = None,
    withdraw: Annotated[
        bool,
        typer.Option(
            "--withdraw",
            help="Take the role's agreement back: remove its latest sign-off.",
        ),
    ] = False,
    yes: Yes = False,
    dry_run: DryRun = False,
    no_input: NoInput = False,
) -> None:
    """Record agreement to the plan, with a digest of what was agreed.

    The sign-off stores `agreed = "sha256:..."`, a digest of the goals, targets, actions,
    milestones and window. When any of them changes later, `validate` reports the sign-off
    as stale (P108) and `show` says who must sign again. Earlier sign-offs are kept as
    history. Only the plan's person in the role can sign for it: a --name that is not the
    plan's coach, coachee or sponsor is refused (set the role's person first). A plan that
    still holds template <placeholders> cannot be signed. --withdraw removes the role's
    sign-off (asks first; --yes where none can ask).

    Example: coachplan signoff agent-2291 --role coachee --name "Agent 2291"
    """
    from coachplan.core.model import SignoffRole

    roles: tuple[str, ...] = SignoffRole.__args__  # type: ignore[attr-defined]
    asking = interactive(no_input)
    _path, data, _plan = read_plan(plan)
    role = ask(
        role, f"Role ({', '.join(roles)})", "--role", asking=asking, parse=_role_parser(data, roles)
    )
    if withdraw:
        if name is not None or day is not None:
            from coachplan.core.errors import UsageError

            raise UsageError("--withdraw takes no --name or --date")
        _withdraw(plan, role, yes=yes, dry_run=dry_run, asking=asking)
        return
    when = record_date(plan, day)
    if _plan is not None:  # before asking for a name: a plan with template text cannot be signed
        _refuse_placeholders(_current(_path, data, _plan), _plan)
    planned = data.get(role) if isinstance(data.get(role), str) else None
    # A --name is checked when the change is made, with the line of the plan's person.
    signer: str = (
        prompts.option(name, "--name", prompts.one_line)
        if name is not None
        else ask(
            None,
            "Name",
            "--name",
            asking=asking,
            default=planned,
            parse=_name_parser(role, planned),
        )
    )

    def build(current: Current) -> Change:
        from coachplan.core.agreement import agreement_digest
        from coachplan.core.errors import RefusedWrite
        from coachplan.files.textedit import AddTable

        if current.plan is None:
            raise RefusedWrite("a plan that does not load cannot be signed; fix it first")
        _refuse_other_person(current, current.plan, role, signer)
        _refuse_placeholders(current, current.plan)
        entry = {
            "role": role,
            "name": signer,
            "date": when,
            "agreed": agreement_digest(current.plan),
        }
        return change([AddTable((), "signoffs", entry)], f"{role} {signer} signed on {when}")

    commit(plan, build, confirm=confirming(_still_to_sign), dry_run=dry_run)


def _current(path: Any, data: dict[str, Any], plan: Plan) -> Current:
    """The plan as read before the change, for messages that point at its lines."""
    from coachplan.engine.update import Current
    from coachplan.files.loader import display_path

    return Current(data, plan, path.read_text(encoding="utf-8"), display_path(path))


def _role_parser(data: dict[str, Any], roles: tuple[str, ...]) -> prompts.Parse[str]:
    """A role of the plan: one of `roles` that the plan has a person for."""

    def has_person(role: str) -> str | None:
        if not isinstance(data.get(role), str):
            return f"the plan has no {role}"
        return None

    return prompts.checked(prompts.one_of(roles, "a role"), has_person)


def _name_parser(role: str, planned: str | None) -> prompts.Parse[str]:
    """The name of who signs: the plan's person in `role` (a sign-off by anyone else would
    not count). A name from the command line is checked later, with the file's line."""
    from coachplan.core.agreement import same_person

    def is_the_person(name: str) -> str | None:
        if planned is not None and not same_person(planned, name):
            return (
                f"{name} is not the plan's {role} ({planned}); only the {role} can sign as {role}"
            )
        return None

    return prompts.checked(prompts.one_line, is_the_person)


def _refuse_other_person(current: Current, plan: Plan, role: str, signer: str) -> None:
    """Refuse a sign-off that would not count: by someone who is not the plan's `role`."""
    from coachplan.core.agreement import person, same_person
    from coachplan.core.errors import RefusedWrite

    holder = person(plan, role)
    if holder is None:
        raise RefusedWrite(
            f"the plan has no {role}, so nobody can sign as {role}; nothing written",
            where=current.where(),
            hint=f'add `{role} = "{signer}"` first, with `coachplan edit {current.file}`',
        )
    if not same_person(holder, signer):
        raise RefusedWrite(
            f"--name {signer!r} is not the plan's {role} ({holder}); a sign-off counts only "
            f"by the {role}; nothing written",
            where=current.where(role),
            hint=f"leave out --name to sign as {holder}; if {signer} is the {role} now, "
            f"change `{role}` first with `coachplan edit {current.file}`",
        )


def _refuse_placeholders(current: Current, plan: Plan) -> None:
    """Refuse to sign template text: list every `<placeholder>` left in the plan."""
    from coachplan.cli.options import today
    from coachplan.core.errors import RefusedWrite
    from coachplan.core.registry import RuleContext
    from coachplan.rules import all_checks

    problems = list(all_checks()["S103"](plan, RuleContext(as_of=today())))
    if not problems:
        return
    for problem in problems:
        output.info(f"  {current.where(*problem.where)}: {problem.message}")
    count = len(problems)
    raise RefusedWrite(
        f"the plan still holds {count} template placeholder{'s' if count != 1 else ''} "
        "(listed above); nothing signed",
        where=current.file,
        hint=f"replace them with what was agreed, with `coachplan goal set`, `coachplan metric "
        f"set`, `coachplan action set` or `coachplan edit {current.file}`; then sign",
    )


def _withdraw(plan: str, role: str, *, yes: bool, dry_run: bool, asking: bool) -> None:
    """Remove the role's sign-off that counts now (its latest); earlier ones stay as history,
    and the confirmation says if one of them counts in its place."""

    def build(current: Current) -> Change:
        from coachplan.core.agreement import current_signoffs
        from coachplan.core.errors import RefusedWrite
        from coachplan.files.textedit import RemoveTable

        if current.plan is None:
            raise RefusedWrite("fix the plan first: it does not load")
        held = current_signoffs(current.plan).get(role)
        if held is None:
            return change([], f"the {role} has not signed: no sign-off to withdraw")
        index, signed = held
        return change(
            [RemoveTable((), "signoffs", index)],
            f"withdrew the {role} sign-off of {signed.date} ({signed.name})",
        )

    commit(
        plan,
        build,
        confirm=confirming(_after_withdrawal(role)),
        dry_run=dry_run,
        removing=f"the {role}'s sign-off",
        yes=yes,
        asking=asking,
    )


def _after_withdrawal(role: str) -> Callable[[Plan], str]:
    """What stands after a withdrawal: an earlier sign-off of the role that counts now."""

    def detail(after: Plan) -> str:
        from coachplan.core.agreement import current_signoffs, stale_signoffs

        held = current_signoffs(after).get(role)
        if held is None:
            return _still_to_sign(after)
        stale = any(i == held[0] for i, _ in stale_signoffs(after))
        state = "stale" if stale else "it counts now"
        return (
            f"; the {role}'s earlier sign-off of {held[1].date} stays ({state}; "
            "withdraw again to remove it too)"
        )

    return detail


def _still_to_sign(after: Plan) -> str:
    from coachplan.core.agreement import current_signoffs, stale_signoffs

    needed = ["coach", "coachee"] + (["sponsor"] if after.kind == "pip" else [])
    stale = {s.role for _, s in stale_signoffs(after)}
    signed = current_signoffs(after)
    waiting = [r for r in needed if r not in signed or r in stale]
    return f"; still to sign: {', '.join(waiting)}" if waiting else "; fully agreed"


def register(app: typer.Typer) -> None:
    app.command(rich_help_panel="Recording")(signoff)
