"""Output that fits the terminal: tables, show, agenda and help at 60, 80, 100 and 140
columns, with and without colour, and through a real pseudo-terminal.

In process, `COACHPLAN_WIDTH` lays the output out for a terminal of that width (CliRunner's
stdout is no terminal); the pty tests show that a real terminal's width is what counts.
"""

from __future__ import annotations

import itertools
import re
import shutil
import sys
from pathlib import Path

import pytest
import typer
from hypothesis import given, settings
from hypothesis import strategies as st

from coachplan.cli import build_app
from coachplan.render.table import Mark, Table, render_fitted, render_plain
from tests.conftest import AS_OF, Workspace, assert_golden
from tests.terminal import Terminal

FIXTURE = Path(__file__).parent / "fixtures" / "reports"
WIDTHS = (60, 80, 100, 140)
ANSI = re.compile(r"\x1b\[[0-9;]*m")
OUTPUTS = {
    "list": ("list",),
    "progress": ("report", "progress"),
    "overdue": ("report", "overdue"),
    "coaches": ("report", "coaches"),
    "gaps": ("report", "gaps"),
    "gaps-by-skill": ("report", "gaps", "--by", "skill"),
    "agenda": ("agenda", "--days", "14"),
    "show": ("show", "agent-2291-team-lead-readiness"),
}


@pytest.fixture
def team(tmp_path: Path) -> Workspace:
    shutil.copytree(FIXTURE, tmp_path / "team")
    return Workspace(tmp_path / "team")


def too_long(text: str, width: int) -> list[str]:
    from rich.cells import cell_len

    return [line for line in text.splitlines() if cell_len(ANSI.sub("", line)) > width]


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("name", list(OUTPUTS))
def test_terminal_golden(
    team: Workspace, monkeypatch: pytest.MonkeyPatch, name: str, width: int
) -> None:
    monkeypatch.setenv("COACHPLAN_WIDTH", str(width))
    result = team.run(*OUTPUTS[name], "--as-of", AS_OF)
    assert result.exit_code == 0, result.stderr
    assert not too_long(result.stdout, width), too_long(result.stdout, width)
    assert_golden(f"terminal/{name}-{width}.txt", result.stdout)


@pytest.mark.parametrize("width", WIDTHS)
def test_the_rules_list_fits_too(
    ws: Workspace, monkeypatch: pytest.MonkeyPatch, width: int
) -> None:
    monkeypatch.setenv("COACHPLAN_WIDTH", str(width))
    text = ws.run("rules").stdout
    assert not too_long(text, width), too_long(text, width)
    assert "  S201  goal-without-metric" in text


@pytest.mark.parametrize("name", list(OUTPUTS))
def test_colour_changes_nothing_but_colour(
    team: Workspace, monkeypatch: pytest.MonkeyPatch, name: str
) -> None:
    monkeypatch.setenv("COACHPLAN_WIDTH", "80")
    plain = team.run(*OUTPUTS[name], "--as-of", AS_OF).stdout
    monkeypatch.delenv("NO_COLOR")
    monkeypatch.setenv("FORCE_COLOR", "1")
    coloured = team.run(*OUTPUTS[name], "--as-of", AS_OF).stdout
    assert ANSI.sub("", coloured) == plain
    if name != "show":
        assert "\x1b[1m" in coloured  # bold headings and headers


@pytest.mark.parametrize("name", [n for n in OUTPUTS if n != "show"])
def test_piped_output_keeps_every_column_and_the_whole_text(team: Workspace, name: str) -> None:
    piped = team.run(*OUTPUTS[name], "--as-of", AS_OF).stdout
    assert "…" not in piped
    if name == "overdue":
        assert "Take calls on the main floor next to a buddy agent for two weeks" in piped


def test_wide_keeps_every_column(team: Workspace, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COACHPLAN_WIDTH", "140")
    narrow = team.run("list", "--as-of", AS_OF).stdout
    wide = team.run("list", "--as-of", AS_OF, "--wide").stdout
    assert "Last check-in" not in narrow and "Last check-in" in wide
    assert not too_long(wide, 140)
    monkeypatch.setenv("COACHPLAN_WIDTH", "80")
    stacked = team.run("list", "--as-of", AS_OF, "--wide").stdout  # too many for 80: stacked
    assert "  Last check-in: 2026-11-13\n" in stacked
    assert not too_long(stacked, 80)


def test_files_and_machine_formats_ignore_the_terminal(
    team: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    overdue = ("report", "overdue", "--as-of", AS_OF)
    piped = {f: team.run(*overdue, "-f", f).stdout for f in ("table", "json", "csv", "markdown")}
    monkeypatch.setenv("COACHPLAN_WIDTH", "60")
    for fmt, text in piped.items():
        if fmt != "table":
            assert team.run(*overdue, "-f", fmt).stdout == text, fmt
    assert team.run(*overdue, "-o", "out.txt").exit_code == 0
    assert (team.root / "out.txt").read_text(encoding="utf-8") == piped["table"]


# --- The layout of one table -----------------------------------------------------------

TABLE = Table(
    "",
    ("ID", "Due", "Days", "Details", "Owner"),
    [
        ["agent-2291-team-lead-readiness", "2026-11-27", 12, "A long sentence " * 5, "Team lead"],
        ["agent-3107", "2026-12-04", 3, "Short", Mark("Team lead T2", "good")],
    ],
    drop=("Owner", "Days"),
    text=("Details",),
)


def test_text_is_cut_first_then_columns_go_in_the_declared_order() -> None:
    assert render_fitted(TABLE, 200) == render_plain(TABLE)  # room for all: the pipe layout
    at_100 = render_fitted(TABLE, 100).splitlines()
    assert at_100[0].split() == ["ID", "Due", "Days", "Details", "Owner"]
    assert "…" in at_100[2] and max(len(line) for line in at_100) == 100
    at_70 = render_fitted(TABLE, 70).splitlines()  # Details at its least: Owner goes
    assert at_70[0].split() == ["ID", "Due", "Days", "Details"]
    assert at_70[2] == "agent-2291-team-lead-readiness  2026-11-27  12    A long sentence A l…"
    assert render_fitted(TABLE, 60).startswith("agent-2291-team-lead-readiness\n")  # stacked


def test_stacked_when_even_the_kept_columns_do_not_fit() -> None:
    long_id = "x" * 40 + "-" + "y" * 23  # a 64-character plan id
    table = Table(
        "", ("ID", "Due", "Details"), [[long_id, "2026-11-27", "Short"]], text=("Details",)
    )
    stacked = render_fitted(table, 60)
    assert stacked == (f"{'x' * 40}-\n{'y' * 23}\n  Due:     2026-11-27\n  Details: Short\n")
    assert render_fitted(TABLE, 40).startswith(
        "agent-2291-team-lead-readiness\n  Due:     2026-11-27\n"
    )


def test_ids_dates_and_bars_are_never_split_at_any_width(
    team: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    ids = {p.stem for p in team.plans.glob("*.toml")}
    for width in range(60, 141, 10):
        monkeypatch.setenv("COACHPLAN_WIDTH", str(width))
        for args in OUTPUTS.values():
            text = team.run(*args, "--as-of", AS_OF).stdout
            assert not too_long(text, width), (args, width)
            for line in text.splitlines():
                for token in re.findall(r"(?<![\w-])(?:agent|new-hire)-\d[a-z0-9-]*", line):
                    assert token in ids, (args, width, line)
                assert not re.search(r"\b\d{4}-\d{0,2}$|^-?\d{1,2}\b-", line), (args, width, line)
                for bar in re.findall(r"(?<![▁-▇])[█░]+(?![▁-▇])", line):
                    assert len(bar) in (10, 20) or "░" not in bar, (args, width, line)


# --- Help ------------------------------------------------------------------------------


def every_command() -> list[list[str]]:
    group = typer.main.get_command(build_app())
    found: list[list[str]] = [[]]
    for name, command in group.commands.items():  # type: ignore[attr-defined]
        found.append([name])
        found += [[name, sub] for sub in getattr(command, "commands", {})]
    return found


@pytest.mark.parametrize("width", WIDTHS)
def test_no_help_line_is_wider_than_the_terminal(
    ws: Workspace, monkeypatch: pytest.MonkeyPatch, width: int
) -> None:
    monkeypatch.setenv("COLUMNS", str(width))
    for command in every_command():
        text = ws.run(*command, "--help").stdout
        assert not too_long(text, width), (command, too_long(text, width))


def test_help_reads_as_prose_with_placeholders_not_types(
    ws: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    import coachplan.cli.helptext

    for command in every_command()[1:]:
        text = ws.run(*command, "--help").stdout
        where = " ".join(command)
        assert not re.search(r"<(bool|str|int|float|path|Path|list\[\w+\])>", text), where
        usage = text.splitlines()[0]
        assert "{" not in usage and "[[" not in usage, (where, usage)
    # With room for it, every paragraph of a description is one line: the line breaks of
    # a docstring never break a sentence (textwrap fills the lines at any width).
    monkeypatch.setattr(coachplan.cli.helptext, "width", lambda: 10_000)
    for command in every_command()[1:]:
        lines = ws.run(*command, "--help").stdout.splitlines()
        end = next(i for i, line in enumerate(lines) if line.endswith(":") and line[0] != " ")
        described = lines[1:end]
        pairs = itertools.pairwise(described)
        assert all(bool(line) != bool(after) for line, after in pairs), (command, described)


@pytest.mark.parametrize("group", ["report", "goal", "metric", "action", "milestone"])
def test_a_group_without_its_command_prints_its_help_once(ws: Workspace, group: str) -> None:
    result = ws.run(group)
    assert result.exit_code == 2
    assert result.stdout.count("Usage:") == 1
    assert result.stdout == ws.run(group, "--help").stdout


def test_example_ids_fit_the_command(ws: Workspace) -> None:
    examples = {
        ("goal", "add"): "e.g. delegate-roster",
        ("metric", "add"): "e.g. roster-share",
        ("action", "add"): "e.g. shadow-lead",
        ("milestone", "add"): "e.g. first-handover",
    }
    for command, example in examples.items():
        assert example in ws.run(*command, "--help").stdout, command


# --- A real terminal ------------------------------------------------------------------


def run_in_pty(args: list[str], cwd: Path, columns: int, env: dict[str, str | None]) -> str:
    """`coachplan ARGS` on a pseudo-terminal `columns` wide, with no COLUMNS to go by (the
    window's size is what counts): what it shows."""
    term = Terminal(*args, cwd=cwd, columns=columns, env={"COLUMNS": None, **env})
    assert term.finish() == 0, term.screen
    return term.screen


def test_a_real_terminal_is_fitted_to_its_width(team: Workspace) -> None:
    shown = run_in_pty(["list", "--as-of", AS_OF], team.root, 60, {"NO_COLOR": "1"})
    assert shown == (Path(__file__).parent / "golden" / "terminal" / "list-60.txt").read_text()
    coloured = run_in_pty(
        ["report", "overdue", "--as-of", AS_OF],
        team.root,
        100,
        {"TERM": "xterm-256color", "NO_COLOR": None},
    )
    assert "\x1b[" in coloured
    assert (
        ANSI.sub("", coloured)
        == (Path(__file__).parent / "golden" / "terminal" / "overdue-100.txt").read_text()
    )
    helped = run_in_pty(["goal", "add", "--help"], team.root, 60, {"NO_COLOR": "1"})
    assert helped.startswith("Usage: coachplan goal add [OPTIONS] PLAN GOAL\n")
    assert not too_long(helped, 60)


# --- Progress on long work ---------------------------------------------------------------


class _Terminal:
    """A stderr that says it is a terminal, and keeps what is written to it."""

    def __init__(self, tty: bool) -> None:
        import io

        self.buffer = io.StringIO()
        self.tty = tty

    def isatty(self) -> bool:
        return self.tty

    def write(self, text: str) -> int:
        return self.buffer.write(text)

    def flush(self) -> None:
        pass

    def fileno(self) -> int:
        raise OSError("not a real file")


def _slow(count: int):  # type: ignore[no-untyped-def]
    import time

    for i in range(count):
        time.sleep(0.01)
        yield i


@pytest.mark.parametrize(
    ("tty", "after", "drawn"), [(True, 0.0, True), (True, 60.0, False), (False, 0.0, False)]
)
def test_a_progress_bar_only_for_long_work_on_a_terminal_and_gone_when_done(
    monkeypatch: pytest.MonkeyPatch, tty: bool, after: float, drawn: bool
) -> None:
    from coachplan.cli import common

    stderr = _Terminal(tty)
    monkeypatch.setattr(sys, "stderr", stderr)
    monkeypatch.setenv("TERM", "xterm-256color")
    monkeypatch.setattr(common, "PROGRESS_AFTER", after)
    assert list(common.tracked(_slow(6), 6, "Checking plans")) == list(range(6))
    shown = stderr.buffer.getvalue()
    assert ("Checking plans" in shown) is drawn
    if drawn:
        assert "6/6" in shown or "5/6" in shown
        assert shown.endswith("\x1b[1A\x1b[2K")  # transient: the line is erased at the end
    else:
        assert shown == ""


def test_bulk_commands_show_no_progress_on_a_pipe(team: Workspace) -> None:
    result = team.run("validate", "--as-of", AS_OF)
    assert "Checking plans" not in result.stderr and result.stderr == ""


# --- Any table, any width ---------------------------------------------------------------


WORD = st.text(alphabet="abcdefxyz-0123456789日本é", min_size=1, max_size=12)
TEXT = st.lists(WORD, min_size=0, max_size=12).map(" ".join)


@st.composite
def tables(draw: st.DrawFn) -> Table:
    count = draw(st.integers(1, 7))
    columns = [f"Column {i}" for i in range(count)]
    text = draw(st.sets(st.sampled_from(columns)))
    rows = draw(
        st.lists(
            st.lists(st.one_of(WORD, TEXT), min_size=count, max_size=count), min_size=1, max_size=5
        )
    )
    drop = draw(st.permutations(columns).map(lambda p: p[: len(p) // 2]))
    return Table("", columns, rows, drop=drop, text=sorted(text))


@settings(max_examples=200, deadline=None)
@given(tables(), st.integers(20, 160), st.booleans())
def test_any_table_fits_and_keeps_its_atoms_whole(table: Table, width: int, wide: bool) -> None:
    from rich.cells import cell_len

    from coachplan.render.table import cell, fit

    shown = render_fitted(table, width, wide=wide)
    assert all(cell_len(line) <= width for line in shown.splitlines()), shown
    layout = fit(table, width, wide=wide)
    if layout is not None:  # a table: every column kept or declared droppable
        lines = shown.splitlines()
        for i, column in enumerate(table.columns):
            if i not in layout:
                assert column in table.drop and not wide
                continue
            for row, line in zip(table.rows, lines[2:], strict=True):
                value = cell(row[i])
                if column in table.text and cell_len(value) > layout[i]:
                    assert "…" in line  # free text cut, and said so
                else:
                    assert value in line, (column, value, line)  # an atom whole
    else:  # stacked: every word of every cell is there (unless wider than a line)
        words = set(shown.split())
        for row in table.rows:
            for value in row:
                for word in cell(value).split():
                    assert word in words or cell_len(word) > width // 2, (word, shown)


# --- What `show` says about the next check-in ------------------------------------------


@pytest.mark.parametrize(
    ("change", "as_of", "said"),
    [
        ((), "2026-11-22", "Next check-in: 2026-12-04"),
        ((), "2026-12-04", "Next check-in: 2026-12-04 (today)"),
        ((), "2026-12-06", "Next check-in: due since 2026-12-04 (2 days, within the 2 grace days)"),
        ((), "2026-12-19", "Next check-in: overdue since 2026-12-04 (15 days, 1 missed)"),
        (
            ('status = "active"', 'status = "paused"'),
            AS_OF,
            "Next check-in: none while the plan is paused",
        ),
        (('checkin_every = "fortnightly"\n', ""), AS_OF, "Next check-in: none (no cadence set)"),
        (
            ("end = 2027-02-28", "end = 2026-11-30"),
            AS_OF,
            "Next check-in: none before the plan ends on 2026-11-30",
        ),
    ],
)
def test_show_says_when_the_next_checkin_is_due(
    ws: Workspace, base_plan: str, change: tuple[str, str], as_of: str, said: str
) -> None:
    text = base_plan.replace(*change) if change else base_plan
    ws.write("plan", text)
    result = ws.run("show", "plan", "--as-of", as_of)
    assert result.exit_code == 0, result.stderr
    assert said + "\n" in result.stdout
