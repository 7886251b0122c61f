"""Time coachplan on a network-sized workspace, against parsing alone and check-jsonschema.

    python bench/run.py --plans 10000            # generate, measure, print the figures
    python bench/run.py --plans 10000 --markdown # the same, as the table in docs/performance.md

Every figure is a real subprocess, started and timed from here: wall time from start to
exit, CPU time and peak resident memory from wait4 (the largest process of the tree), and
the peak memory of the whole process tree, workers included, sampled every 50 ms from
/proc as the sum of each process's proportional set size (pages shared between the parent
and its forked workers count once, split between them). Large-workspace commands run
`--repeat` times, interleaved with the baselines so that all see the same machine load,
and the best run is compared; the start-up figures are the median of `--startup-runs`
runs.

To measure another command, add a line to COMMANDS (or BASELINES); a command this
version of coachplan does not have is skipped, so the table can name commands before
they exist.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

from bench.generate import AS_OF, generate, summary  # noqa: E402

DAY = AS_OF.isoformat()


@dataclass(frozen=True)
class Command:
    """One thing to measure. `{coachplan}`, `{python}`, `{plans}`, `{schema}`, `{files}`
    and `{one}` in `argv` are filled in; `needs` is a program that must be installed."""

    name: str
    argv: tuple[str, ...]
    target: str = ""  # "tomllib/2": at most half the tomllib time; "jsonschema/4"; "ms:80"
    needs: str = ""
    max_runs: int = 0  # 0: --repeat runs


COMMANDS = [
    Command("coachplan validate", ("{coachplan}", "validate", "--as-of", DAY), "tomllib/2"),
    Command(
        "coachplan list --format json", ("{coachplan}", "list", "--format", "json"), "tomllib/2"
    ),
    Command(
        "coachplan report progress",
        ("{coachplan}", "report", "progress", "--as-of", DAY, "--format", "json"),
        "tomllib/2",
    ),
    Command(
        "coachplan report overdue",
        ("{coachplan}", "report", "overdue", "--as-of", DAY, "--format", "json"),
        "tomllib/2",
    ),
    Command(
        "coachplan report coaches",
        ("{coachplan}", "report", "coaches", "--as-of", DAY, "--format", "json"),
        "tomllib/2",
    ),
    Command(
        "coachplan report gaps",
        ("{coachplan}", "report", "gaps", "--as-of", DAY, "--format", "json"),
        "tomllib/2",
    ),
    Command(
        "coachplan report outcomes",
        ("{coachplan}", "report", "outcomes", "--as-of", DAY, "--by", "coach", "--format", "json"),
        "tomllib/2",
    ),
    Command(
        "coachplan export --all",
        ("{coachplan}", "export", "--all", "--as-of", DAY, "--format", "ics"),
        "tomllib/2",
    ),
    # The dataset exports (docs/analytics.md): without the report tables within 1.5 x of
    # `list`; with them, within the time of `list` and the three reports they hold.
    Command(
        "coachplan export --format jsonl",
        ("{coachplan}", "export", "--format", "jsonl", "--output", "{out}/plans.jsonl"),
        "list*1.5",
    ),
    Command(
        "coachplan export --format sqlite --no-reports",
        ("{coachplan}", "export", "--format", "sqlite", "--no-reports", "-o", "{out}/plans.db"),
        "list*1.5",
    ),
    Command(
        "coachplan export --format sqlite",
        ("{coachplan}", "export", "--format", "sqlite", "--as-of", DAY, "-o", "{out}/reports.db"),
        "list+reports",
    ),
]
# What the dataset export with its report tables does: list the plans, and the reports.
REPORTS_IN_THE_DATASET = (
    "coachplan list --format json",
    "coachplan report progress",
    "coachplan report overdue",
    "coachplan report coaches",
)

BASELINES = [
    Command(
        "stdlib tomllib, parse only", ("{python}", str(HERE / "baselines.py"), "tomllib", "{plans}")
    ),
    Command(
        "compiled tomli, parse only", ("{python}", str(HERE / "baselines.py"), "tomli", "{plans}")
    ),
    Command(
        "check-jsonschema (our schema)",
        ("check-jsonschema", "--schemafile", "{schema}", "{files}"),
        needs="check-jsonschema",
        max_runs=1,  # slow, and far from the targets either way
    ),
]

STARTUP = [
    Command("coachplan --version", ("{coachplan}", "--version"), "ms:80"),
    Command("coachplan --help", ("{coachplan}", "--help"), "ms:80"),
    Command(
        "coachplan validate ONE-PLAN",
        ("{coachplan}", "validate", "{one}", "--as-of", DAY),
        "ms:250",
    ),
]

MEMORY_LIMIT_MB = 200


@dataclass
class Run:
    wall: float
    cpu: float
    max_rss_mb: float  # the largest single process (wait4)
    tree_rss_mb: float  # the whole process tree (PSS), sampled
    exit_code: int


@dataclass
class Result:
    command: Command
    runs: list[Run] = field(default_factory=list)
    skipped: str = ""

    @property
    def best(self) -> Run:
        return min(self.runs, key=lambda r: r.wall)

    @property
    def median_wall(self) -> float:
        return statistics.median(r.wall for r in self.runs)


def _children(pid: int) -> list[int]:
    found = []
    try:
        for task in os.listdir(f"/proc/{pid}/task"):
            with open(f"/proc/{pid}/task/{task}/children") as handle:
                found.extend(int(c) for c in handle.read().split())
    except OSError:
        pass
    return found


def _memory(pid: int, page: int) -> int:
    """A process's proportional set size (its own pages, plus its share of pages it shares
    with forked workers), or its resident set size where the kernel does not tell PSS."""
    try:
        with open(f"/proc/{pid}/smaps_rollup") as handle:
            for line in handle:
                if line.startswith("Pss:"):
                    return int(line.split()[1]) * 1024
    except OSError:
        pass
    with open(f"/proc/{pid}/statm") as handle:
        return int(handle.read().split()[1]) * page


def _tree_memory(pid: int, page: int) -> int:
    total, todo = 0, [pid]
    while todo:
        current = todo.pop()
        try:
            total += _memory(current, page)
        except (OSError, IndexError, ValueError):
            continue
        todo.extend(_children(current))
    return total


def measure(argv: Sequence[str], cwd: Path) -> Run:
    """Run one command to its end; its wall and CPU time and peak memory."""
    page = os.sysconf("SC_PAGE_SIZE")
    peak = [0]
    started = time.perf_counter()
    process = subprocess.Popen(
        list(argv),
        cwd=cwd,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    done = threading.Event()

    def sample() -> None:
        while not done.is_set():
            peak[0] = max(peak[0], _tree_memory(process.pid, page))
            done.wait(0.05)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    _, status, usage = os.wait4(process.pid, 0)
    wall = time.perf_counter() - started
    done.set()
    sampler.join()
    process.returncode = os.waitstatus_to_exitcode(status)
    return Run(
        wall=wall,
        cpu=usage.ru_utime + usage.ru_stime,
        max_rss_mb=usage.ru_maxrss / 1024,  # kilobytes on Linux
        tree_rss_mb=max(peak[0], usage.ru_maxrss * 1024) / 2**20,
        exit_code=process.returncode,
    )


def _available(command: Command, coachplan: str, cwd: Path) -> str:
    """Why a command cannot be measured here ('' if it can)."""
    if command.needs and _program(command.needs) is None:
        return f"{command.needs} is not installed (pip install -e '.[bench]')"
    if command.argv[0] == "{coachplan}":
        words = [w for w in command.argv[1:3] if not w.startswith(("-", "{"))]
        probe = subprocess.run(
            [coachplan, *words, "--help"], cwd=cwd, capture_output=True, check=False
        )
        if probe.returncode != 0:
            return "not a command of this version"
    return ""


def _program(name: str) -> str | None:
    """A program of this Python's environment, else of the PATH."""
    return shutil.which(name, path=str(Path(sys.executable).parent)) or shutil.which(name)


def _expand(command: Command, values: dict[str, str], files: list[str]) -> list[str]:
    argv: list[str] = []
    for word in command.argv:
        if word == "{files}":
            argv.extend(files)
        else:
            argv.append(word.format(**values))
    if command.needs:
        argv[0] = _program(command.needs) or argv[0]
    return argv


def _workspace(args: argparse.Namespace) -> Path:
    if args.workspace:
        root = Path(args.workspace)
        plans = root / "plans"
        if plans.is_dir() and len(list(plans.glob("*.toml"))) == args.plans:
            return root
        shutil.rmtree(root, ignore_errors=True)
    else:
        root = Path(tempfile.mkdtemp(prefix="coachplan-bench-"))
    generate(root, args.plans, seed=args.seed)
    return root


def _compile_bytecode() -> None:
    # A normal install compiles the package's bytecode; an editable one under
    # PYTHONDONTWRITEBYTECODE never does, and every start-up would compile from source.
    import coachplan

    subprocess.run(
        [sys.executable, "-m", "compileall", "-q", str(Path(coachplan.__file__).parent)],
        check=False,
        capture_output=True,
    )


def run(args: argparse.Namespace) -> tuple[list[Result], list[Result], dict[str, str]]:
    root = _workspace(args)
    plans_dir = root / "plans"
    files = sorted(p.name for p in plans_dir.glob("*.toml"))
    coachplan = _program("coachplan") or "coachplan"
    _compile_bytecode()
    schema = root / "plan.schema.json"
    subprocess.run([coachplan, "schema", "--output", str(schema)], check=True, capture_output=True)
    values = {
        "coachplan": coachplan,
        "python": sys.executable,
        "plans": str(plans_dir),
        "schema": str(schema),
        "one": f"plans/{files[0]}",
        "out": str(root),
    }
    facts = {
        "workspace": f"{summary(sorted(plans_dir.glob('*.toml')))} in {root}",
        "machine": f"{os.cpu_count()} cores, Python {sys.version.split()[0]}",
        "load average at start": " ".join(f"{x:.2f}" for x in os.getloadavg()),
    }
    scale = [Result(c) for c in [*COMMANDS, *BASELINES] if not args.only or c.name in args.only]
    for result in scale:
        result.skipped = _available(result.command, coachplan, root)
    relative_files = [f"plans/{name}" for name in files]
    for repeat in range(args.repeat):
        for result in scale:
            limit = result.command.max_runs or args.repeat
            if result.skipped or repeat >= limit:
                continue
            argv = _expand(result.command, values, relative_files)
            result.runs.append(measure(argv, root))
            if not args.quiet:
                best = result.runs[-1]
                print(f"  {result.command.name}: {best.wall:.2f} s", file=sys.stderr)
    startup = [Result(c) for c in STARTUP if not args.only or c.name in args.only]
    for result in startup:
        argv = _expand(result.command, values, relative_files)
        measure(argv, root)  # warm the file cache
        result.runs = [measure(argv, root) for _ in range(args.startup_runs)]
    facts["load average at end"] = " ".join(f"{x:.2f}" for x in os.getloadavg())
    if not args.workspace and not args.keep:
        shutil.rmtree(root, ignore_errors=True)
    return scale, startup, facts


def _by_name(results: list[Result], name: str) -> Result | None:
    return next((r for r in results if r.command.name == name and r.runs), None)


def verdict(result: Result, scale: list[Result]) -> str:
    """The target of a result and whether it is met."""
    target = result.command.target
    if not target or not result.runs:
        return ""
    best = result.best
    notes = []
    if target.startswith("ms:"):
        limit = float(target[3:]) / 1000
        wall = result.median_wall
        notes.append(f"{'met' if wall <= limit else 'MISSED'}: median <= {limit * 1000:.0f} ms")
    else:
        tomllib = _by_name(scale, "stdlib tomllib, parse only")
        listing = _by_name(scale, "coachplan list --format json")
        if target == "tomllib/2" and tomllib is not None:
            ratio = best.wall / tomllib.best.wall
            notes.append(f"{'met' if ratio <= 0.5 else 'MISSED'}: {ratio:.2f} x tomllib (<= 0.5)")
        if target == "list*1.5" and listing is not None:
            ratio = best.wall / listing.best.wall
            notes.append(f"{'met' if ratio <= 1.5 else 'MISSED'}: {ratio:.2f} x list (<= 1.5)")
        if target == "list+reports":
            parts = [_by_name(scale, name) for name in REPORTS_IN_THE_DATASET]
            if all(parts):
                total = sum(part.best.wall for part in parts if part)
                notes.append(
                    f"{'met' if best.wall <= total else 'MISSED'}: {best.wall / total:.2f} x "
                    "list and the three reports together (<= 1)"
                )
        if result.command.name == "coachplan validate":
            other = _by_name(scale, "check-jsonschema (our schema)")
            if other is not None:
                speedup = other.best.wall / best.wall
                notes.append(
                    f"{'met' if speedup >= 4 else 'MISSED'}: {speedup:.1f} x faster than "
                    "check-jsonschema (>= 4)"
                )
        memory = max(r.tree_rss_mb for r in result.runs)
        notes.append(
            f"{'met' if memory < MEMORY_LIMIT_MB else 'MISSED'}: memory < {MEMORY_LIMIT_MB} MB"
        )
    return "; ".join(notes)


def table(scale: list[Result], startup: list[Result], markdown: bool) -> str:
    header = (
        "what",
        "wall s (best)",
        "wall s (median)",
        "CPU s",
        "peak MB (tree PSS)",
        "peak MB (largest RSS)",
        "exit",
        "target",
    )
    rows: list[tuple[str, ...]] = []
    for result in [*scale, *startup]:
        if result.skipped:
            rows.append(
                (result.command.name, "-", "-", "-", "-", "-", "-", f"skipped: {result.skipped}")
            )
            continue
        best = result.best
        rows.append(
            (
                result.command.name,
                f"{best.wall:.3f}",
                f"{result.median_wall:.3f}",
                f"{best.cpu:.2f}",
                f"{max(r.tree_rss_mb for r in result.runs):.0f}",
                f"{max(r.max_rss_mb for r in result.runs):.0f}",
                str(best.exit_code),
                verdict(result, scale),
            )
        )
    if markdown:
        lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
        lines += ["| " + " | ".join(row) + " |" for row in rows]
        return "\n".join(lines) + "\n"
    widths = [max(len(row[i]) for row in [header, *rows]) for i in range(len(header))]
    lines = [
        "  ".join(cell.ljust(widths[i]) for i, cell in enumerate(row)).rstrip()
        for row in [header, *rows]
    ]
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--plans", type=int, default=10_000, help="plans in the workspace")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument(
        "--repeat", type=int, default=3, help="runs of each large-workspace command"
    )
    parser.add_argument(
        "--startup-runs", type=int, default=15, help="runs of each start-up command"
    )
    parser.add_argument("--workspace", help="generate into (and reuse) this directory")
    parser.add_argument("--keep", action="store_true", help="keep the temporary workspace")
    parser.add_argument("--only", action="append", help="measure only this (repeatable)")
    parser.add_argument("--markdown", action="store_true", help="print a Markdown table")
    parser.add_argument("--json", metavar="FILE", help="also write every run to FILE")
    parser.add_argument("--quiet", action="store_true", help="no progress on stderr")
    args = parser.parse_args(argv)
    scale, startup, facts = run(args)
    for key, value in facts.items():
        print(f"{key}: {value}")
    print()
    print(table(scale, startup, args.markdown), end="")
    if args.json:
        Path(args.json).write_text(
            json.dumps(
                {
                    "facts": facts,
                    "results": [
                        {
                            "name": r.command.name,
                            "skipped": r.skipped,
                            "runs": [vars(run) for run in r.runs],
                            "target": verdict(r, scale),
                        }
                        for r in [*scale, *startup]
                    ],
                },
                indent=2,
            )
            + "\n",
            encoding="utf-8",
        )
    missed = any("MISSED" in verdict(r, scale) for r in [*scale, *startup])
    return 1 if missed else 0


if __name__ == "__main__":
    sys.exit(main())
