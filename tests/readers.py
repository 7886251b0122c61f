"""Every command that reads plans, as the reliability tests run it on one plan file.

To cover a new command, add one line to READERS: how to call it on a plan (given as a path
relative to the workspace, e.g. `plans/x.toml`, or as an id), and whether rewriting that
file is the command's job. The corpus and property tests run every reader on every input.
"""

from __future__ import annotations

import os
import re
import stat
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from coachplan.files.cache import CACHE_DIR_NAME
from coachplan.files.loader import load_plan
from tests.conftest import AS_OF, Workspace


@dataclass(frozen=True)
class Reader:
    name: str
    argv: Callable[[str], list[str]]
    writes: bool = False  # rewriting the plan file is this command's job (fmt)
    # Who reads stdout: "people" (plan text shown escaped: no control or format character
    # raw), "machines" (data kept as written), "github" (workflow commands of its own).
    # In every case no line starts with `::` (after whitespace) and none holds `##[`.
    output: str = "people"


READERS = [
    Reader("validate", lambda plan: ["validate", plan, "--as-of", AS_OF]),
    Reader(
        "validate json",
        lambda plan: ["validate", plan, "--format", "json", "--as-of", AS_OF],
        output="machines",
    ),
    Reader(
        "validate sarif",
        lambda plan: ["validate", plan, "--format", "sarif", "--as-of", AS_OF],
        output="machines",
    ),
    Reader(
        "validate github",
        lambda plan: ["validate", plan, "--format", "github", "--as-of", AS_OF],
        output="github",
    ),
    Reader(
        "validate junit", lambda plan: ["validate", plan, "--format", "junit", "--as-of", AS_OF]
    ),
    Reader("validate workspace", lambda plan: ["validate", "--strict", "--as-of", AS_OF]),
    Reader("fmt", lambda plan: ["fmt", plan], writes=True),
    Reader("fmt --check", lambda plan: ["fmt", "--check", plan]),
    Reader("fmt --diff", lambda plan: ["fmt", "--diff", plan]),
    Reader("show", lambda plan: ["show", plan, "--as-of", AS_OF]),
    Reader(
        "show json",
        lambda plan: ["show", plan, "--format", "json", "--as-of", AS_OF],
        output="machines",
    ),
    Reader("show html", lambda plan: ["show", plan, "--format", "html", "--as-of", AS_OF]),
    Reader("list", lambda plan: ["list"]),
    Reader("list csv", lambda plan: ["list", "--format", "csv"], output="machines"),
    Reader("report progress", lambda plan: ["report", "progress", "--as-of", AS_OF]),
    Reader("report overdue", lambda plan: ["report", "overdue", "--as-of", AS_OF]),
    Reader("report coaches", lambda plan: ["report", "coaches", "--as-of", AS_OF]),
    Reader("report gaps", lambda plan: ["report", "gaps", "--by", "skill", "--as-of", AS_OF]),
    Reader(
        "report outcomes",
        lambda plan: [
            "report",
            "outcomes",
            "--by",
            "skill",
            "--since",
            "2000-01-01",
            "--as-of",
            AS_OF,
        ],
    ),
    Reader("export ics", lambda plan: ["export", plan, "--as-of", AS_OF], output="calendar"),
    Reader("export --all", lambda plan: ["export", "--all", "--as-of", AS_OF], output="calendar"),
    Reader(
        "export markdown", lambda plan: ["export", plan, "--format", "markdown", "--as-of", AS_OF]
    ),
    Reader("diff --textconv", lambda plan: ["diff", "--textconv", plan]),
]

# Editing commands read the plan before they change it: on bad input they must refuse.
READERS += [
    Reader(
        "checkin",
        lambda plan: ["checkin", plan, "--date", AS_OF, "--notes", "Reviewed", "--no-input"],
        writes=True,
    ),
    Reader("status", lambda plan: ["status", plan, "paused"], writes=True),
    Reader(
        "measure",
        lambda plan: ["measure", plan, "escalations-handled", "30", "--date", AS_OF],
        writes=True,
    ),
    Reader(
        "close",
        lambda plan: ["close", plan, "--cancel", "--reason", "Moved teams", "--no-input"],
        writes=True,
    ),
    Reader("reopen", lambda plan: ["reopen", plan, "--reason", "Back", "--no-input"], writes=True),
]

# Commands that take no plan, run once per test run to show they are unaffected.
STANDALONE = [["schema"], ["rules"], ["--version"]]

ALLOWED_EXIT_CODES = (0, 1, 2)


# What must never reach a terminal raw (coachplan.core.text.visible escapes it).
HIDDEN = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\u00ad\u061c\u180e\u200b-\u200f\u2028-\u202e"
    "\u2060-\u2064\u2066-\u206f\ufeff\ud800-\udfff\ufffe\uffff]"
)
# The lines --format github writes itself: its annotations.
ANNOTATION = re.compile(r"::(error|warning) file=[^:]*,line=\d+,col=\d+,title=[^:]*::")


def assert_inert(reader: Reader, stdout: str, stderr: str) -> None:
    """Plan text reached no terminal or CI log as control: no line starts with `::`
    (after whitespace) and none holds `##[`; output for people and every message on stderr
    show control and format characters escaped."""
    for stream, text in (("stdout", stdout), ("stderr", stderr)):
        if reader.output == "calendar" and stream == "stdout":
            continue  # iCalendar folds long lines anywhere (docs/ci.md)
        assert "##[" not in text, (reader.name, stream, text[-2000:])
        for line in text.split("\n"):
            if reader.output == "github" and stream == "stdout" and ANNOTATION.match(line):
                continue
            assert not line.lstrip().startswith("::"), (reader.name, stream, line)
        if stream == "stderr" or reader.output == "people":
            found = HIDDEN.search(text)
            assert found is None, (reader.name, stream, text[max(0, found.start() - 80) :][:300])


def snapshot(root: Path) -> dict[str, tuple[str, bytes]]:
    """Every entry under root: what it is, and its bytes (or a link's target). The
    findings cache (validate's own, not for git) does not count."""
    found: dict[str, tuple[str, bytes]] = {}
    for path in sorted(root.rglob("*")):
        if CACHE_DIR_NAME in path.relative_to(root).parts:
            continue
        mode = path.lstat().st_mode
        name = path.relative_to(root).as_posix()
        if stat.S_ISLNK(mode):
            found[name] = ("link", os.readlink(path).encode())
        elif stat.S_ISREG(mode):
            found[name] = ("file", path.read_bytes())
        else:
            found[name] = ("other", b"")
    return found


def check_run(reader: Reader, plan: str, root: Path, ws: Workspace) -> None:
    """Run `reader` on `plan` in `ws`: an allowed exit code, no traceback, a one-line error,
    and nothing under `root` changed but what the command was pointed at (if it writes)."""
    before = snapshot(root)
    result = ws.run(*reader.argv(plan))
    output = result.stdout + result.stderr
    assert result.exit_code in ALLOWED_EXIT_CODES, (reader.name, result.exit_code, output[-2000:])
    assert "Traceback" not in output, (reader.name, output[-2000:])
    assert "internal error" not in result.stderr, (reader.name, result.stderr[-2000:])
    assert_inert(reader, result.stdout, result.stderr)
    if result.exit_code == 2:
        assert "coachplan: error: " in result.stderr, (reader.name, result.stderr[-2000:])
    after = snapshot(root)
    changed = {k for k in before.keys() | after.keys() if before.get(k) != after.get(k)}
    if reader.writes and changed:
        # Only what the command was pointed at (the plan, or the plans in a directory),
        # each rewritten whole into a plan that loads.
        target = (ws.root / plan).resolve()
        for name in changed:
            written = root / name
            assert target in (written.resolve(), written.resolve().parent), (reader.name, name)
            load_plan(written)
    else:
        assert not changed, (reader.name, changed)
