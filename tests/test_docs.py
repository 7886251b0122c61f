"""The documentation says what the code does: every command, option format and rule."""

from __future__ import annotations

from pathlib import Path

from tests.conftest import Workspace

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")


def all_commands() -> list[str]:
    import typer

    from coachplan.cli import build_app

    group = typer.main.get_command(build_app())
    names: list[str] = []
    for name, command in group.commands.items():  # type: ignore[attr-defined]
        subcommands = getattr(command, "commands", None)
        if subcommands:
            names.extend(f"{name} {sub}" for sub in subcommands)
        else:
            names.append(name)
    return names


def test_every_command_is_in_the_readme() -> None:
    missing = [c for c in all_commands() if f"coachplan {c}" not in README]
    assert not missing, f"README does not show: {missing}"


def test_every_command_has_an_example_in_its_help(ws: Workspace) -> None:
    for command in all_commands():
        result = ws.run(*command.split(), "--help")
        assert result.exit_code == 0, command
        # The example is of the command itself, on lines of its own, last.
        examples = result.stdout.partition("\nExample:\n")[2]
        assert examples.startswith(f"  coachplan {command}"), command


def test_rules_reference_is_up_to_date(ws: Workspace) -> None:
    generated = ws.run("rules", "--format", "markdown").stdout
    assert (ROOT / "docs" / "rules.md").read_text(encoding="utf-8") == generated, (
        "run: coachplan rules --format markdown > docs/rules.md"
    )


def test_readme_quick_start_matches_ci() -> None:
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    test_command = next(line for line in README.splitlines() if "pytest" in line)
    assert test_command in ci.splitlines()


def test_the_columns_a_narrow_terminal_leaves_out_are_documented_in_order() -> None:
    import re

    from coachplan.cli.plans import LIST_DROPPED
    from coachplan.render import agenda_report, coaches_report, overdue_report, progress_report

    text = " ".join((ROOT / "docs" / "reports.md").read_text(encoding="utf-8").split())
    said = text.split("then the table leaves columns out, in an order each table declares:")[1]
    said = said.split("`--wide` keeps them all")[0]

    def documented(command: str) -> list[str]:
        part = said.split(f"`{command}` ", 1)[1].split(";", 1)[0]
        return re.findall(r"\*([^*]+)\*", part)

    assert documented("list") == list(LIST_DROPPED)
    assert documented("report overdue") == list(overdue_report.DROPPED)
    assert documented("report progress") == list(progress_report.DROPPED)
    assert documented("report coaches") == list(coaches_report.DROPPED)
    assert documented("agenda") == list(agenda_report.DROPPED)
