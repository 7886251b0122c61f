"""Measure coachplan on network-sized workspaces against the targets of docs/performance.md.

    python bench/run.py                                  # 1,000, 10,000 and 50,000 plans
    python bench/run.py --plans 1000,10000 --markdown    # sizes of your choice, as Markdown
    python bench/run.py --markdown --json bench.json     # the tables of docs/performance.md

For each size, a workspace is generated (bench/generate.py) and every command runs as a
real subprocess in it: wall time from start to exit, CPU time (user and system, workers
included) and peak resident memory of the largest process from wait4 (each command is
started by bench/launch.py, so that this process's own size is not counted in the
command's peak), and the peak memory of the whole process tree, workers included,
sampled every 50 ms from /proc as the sum of each process's proportional set size (pages a
forked worker shares with its parent count once). Large-workspace commands run `--repeat`
times, interleaved with the baselines so that all see the same machine load, and the best
run is compared; the start-up figures are the median of `--startup-runs` runs.

The figures that matter are ratios within one run, against parsing the same files with the
stdlib tomllib alone (bench/baselines.py), with CPU time beside wall time: on a shared
machine wall times swing with the load, CPU times far less. The last table lists every
target with its figure, ratio and verdict.

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
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

from bench.generate import AS_OF, generate, summary  # noqa: E402

DAY = AS_OF.isoformat()
SIZES = (1_000, 10_000, 50_000)


@dataclass(frozen=True)
class Command:
    """One thing to measure. `{coachplan}`, `{python}`, `{plans}`, `{schema}`, `{files}`,
    `{one}` and `{one_id}` in `argv` are filled in; `needs` is a program that must be
    installed; `env` is added to the environment (`{cache}`: a cache directory of the run);
    `prepare` runs the command once, unmeasured, before the first measured run."""

    name: str
    argv: tuple[str, ...]
    # "validate", "warm", "report", "dataset", "dataset+reports" or "" (a baseline): which
    # targets apply
    kind: str = ""
    needs: str = ""
    max_runs: int = 0  # 0: --repeat runs
    env: tuple[tuple[str, str], ...] = ()
    prepare: bool = False


def _report(name: str, *argv: str) -> Command:
    return Command(name, ("{coachplan}", *argv), "report")


COMMANDS = [
    Command(
        "validate, cold, 2 workers",
        ("{coachplan}", "validate", "--as-of", DAY, "--no-cache"),
        "validate",
    ),
    Command(
        "validate, cold, 1 process",
        ("{coachplan}", "validate", "--as-of", DAY, "--no-cache"),
        "validate",
        env=(("COACHPLAN_JOBS", "1"),),
    ),
    Command(
        "validate, warm cache",
        ("{coachplan}", "validate", "--as-of", DAY),
        "warm",
        env=(("COACHPLAN_CACHE_DIR", "{cache}"),),
        prepare=True,
    ),
    _report("list --format json", "list", "--format", "json"),
    _report("report progress", "report", "progress", "--as-of", DAY, "--format", "json"),
    # The document formats: each plan's section waits in a spool until the summary on top.
    _report("report progress, table", "report", "progress", "--as-of", DAY),
    _report("report overdue", "report", "overdue", "--as-of", DAY, "--format", "json"),
    _report("report coaches", "report", "coaches", "--as-of", DAY, "--format", "json"),
    _report("report gaps", "report", "gaps", "--as-of", DAY, "--format", "json"),
    _report(
        "report outcomes", "report", "outcomes", "--as-of", DAY, "--by", "coach", "--format", "json"
    ),
    _report("export --all", "export", "--all", "--as-of", DAY, "--format", "ics"),
    # The dataset exports (docs/analytics.md): without the report tables within 1.5 x of
    # `list`, with them within `list` and the three reports they hold, in flat memory.
    Command(
        "export --format jsonl",
        ("{coachplan}", "export", "--format", "jsonl", "-o", "{out}/plans.jsonl"),
        "dataset",
    ),
    Command(
        "export --format sqlite --no-reports",
        ("{coachplan}", "export", "--format", "sqlite", "--no-reports", "-o", "{out}/plans.db"),
        "dataset",
    ),
    Command(
        "export --format sqlite",
        ("{coachplan}", "export", "--format", "sqlite", "--as-of", DAY, "-o", "{out}/reports.db"),
        "dataset+reports",
    ),
]
# What the dataset export with its report tables does, by the names above: list the
# plans, and the three reports it holds.
IN_THE_DATASET = ("list --format json", "report progress", "report overdue", "report coaches")
DATASET_VERSUS_LIST = 1.5

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
        max_runs=1,  # slow, and far from coachplan either way
    ),
]

# Whole processes, the median of --startup-runs runs each, on the smallest workspace.
STARTUP = [
    (Command("coachplan --version", ("{coachplan}", "--version")), 80),
    (Command("coachplan --help", ("{coachplan}", "--help")), 80),
    (
        Command(
            "validate ONE-PLAN, cold",
            ("{coachplan}", "validate", "{one}", "--as-of", DAY, "--no-cache"),
        ),
        120,
    ),
    (
        Command(
            "validate ONE-PLAN, warm cache",
            ("{coachplan}", "validate", "{one}", "--as-of", DAY),
            env=(("COACHPLAN_CACHE_DIR", "{cache}"),),
        ),
        120,
    ),
    (Command("show ONE-PLAN", ("{coachplan}", "show", "{one_id}", "--as-of", DAY)), 120),
]
HELP_LIMIT_MS = 120

# The targets (docs/performance.md), as ratios to the stdlib tomllib parse of the same files.
VALIDATE_CPU = 0.45  # cold validate, CPU, either way
VALIDATE_WALL_WORKERS = 0.3  # cold validate with two workers, wall, on a quiet machine
VALIDATE_WALL_ONE = 0.5  # cold validate in one process, wall
WARM = 0.06  # validate with nothing changed (CPU)
REPORT_CPU = 0.6  # list and every report (CPU)
# validate's and the dataset exports' largest process at the largest size, at most this
# times the smallest
FLAT = 1.25
# The ratio and memory targets are for network-sized workspaces: below this many plans,
# Python's start-up is most of every figure, and the table shows them without verdicts.
RATIO_FROM = 10_000


def memory_limit(plans: int) -> float:
    """MB the largest process of a report may take: 120 up to 10,000 plans, 200 beyond."""
    return 120.0 if plans <= 10_000 else 200.0


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
    def best_cpu(self) -> float:
        return min(r.cpu for r in self.runs)

    @property
    def median_wall(self) -> float:
        return statistics.median(r.wall for r in self.runs)

    @property
    def peak_rss(self) -> float:
        return max(r.max_rss_mb for r in self.runs)

    @property
    def peak_tree(self) -> float:
        return max(r.tree_rss_mb for r in self.runs)


@dataclass
class Size:
    plans: int
    facts: dict[str, str]
    results: list[Result]


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


LAUNCH = Path(__file__).with_name("launch.py")


def measure(argv: Sequence[str], cwd: Path, env: dict[str, str] | None = None) -> Run:
    """Run one command to its end; its wall and CPU time and peak memory.

    The command is started by bench/launch.py, a small process of its own: started from
    this one, the kernel would count this process's memory (the workspace's file list,
    every figure so far) in the command's peak (see launch.py)."""
    page = os.sysconf("SC_PAGE_SIZE")
    peak = [0]
    with tempfile.TemporaryDirectory(prefix="coachplan-bench-") as scratch:
        result = Path(scratch) / "run"
        process = subprocess.Popen(
            [sys.executable, "-S", "-E", str(LAUNCH), str(result), *argv],
            cwd=cwd,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            env=env,
        )
        done = threading.Event()

        def sample() -> None:  # the command's tree, not the launcher
            while not done.is_set():
                tree = sum(_tree_memory(child, page) for child in _children(process.pid))
                peak[0] = max(peak[0], tree)
                done.wait(0.05)

        sampler = threading.Thread(target=sample, daemon=True)
        sampler.start()
        process.wait()
        done.set()
        sampler.join()
        wall, cpu, max_rss_kb, exit_code = result.read_text().split()
    return Run(
        wall=float(wall),
        cpu=float(cpu),
        max_rss_mb=int(max_rss_kb) / 1024,  # kilobytes on Linux
        tree_rss_mb=max(peak[0], int(max_rss_kb) * 1024) / 2**20,
        exit_code=int(exit_code),
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


def _environment(command: Command, values: dict[str, str]) -> dict[str, str]:
    return {**os.environ, **{k: v.format(**values) for k, v in command.env}}


def _workspace(base: Path, plans: int, seed: int) -> Path:
    """A workspace of `plans` generated plans under `base`, reused if already there."""
    root = base / f"plans-{plans}"
    directory = root / "plans"
    if not (directory.is_dir() and len(list(directory.glob("*.toml"))) == plans):
        shutil.rmtree(root, ignore_errors=True)
        generate(root, plans, seed=seed)
    shutil.rmtree(root / ".coachplan_cache", ignore_errors=True)
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


def _values(root: Path, coachplan: str, files: list[str]) -> dict[str, str]:
    import tomllib

    cache = root / "bench-cache"
    shutil.rmtree(cache, ignore_errors=True)
    one = files[0]
    for name in files:  # the first plan that parses: one-plan figures of a readable plan
        try:
            tomllib.loads((root / "plans" / name).read_text(encoding="utf-8"))
        except (tomllib.TOMLDecodeError, UnicodeDecodeError):
            continue
        one = name
        break
    return {
        "coachplan": coachplan,
        "python": sys.executable,
        "plans": str(root / "plans"),
        "schema": str(root / "plan.schema.json"),
        "one": f"plans/{one}",
        "one_id": Path(one).stem,
        "cache": str(cache),
        "out": str(root),
    }


def measure_size(args: argparse.Namespace, base: Path, plans: int, coachplan: str) -> Size:
    root = _workspace(base, plans, args.seed)
    files = sorted(p.name for p in (root / "plans").glob("*.toml"))
    values = _values(root, coachplan, files)
    subprocess.run(
        [coachplan, "schema", "--output", values["schema"]], check=True, capture_output=True
    )
    facts = {
        "workspace": f"{summary(sorted((root / 'plans').glob('*.toml')))}",
        "load average at start": " ".join(f"{x:.2f}" for x in os.getloadavg()),
    }
    chosen = [c for c in [*COMMANDS, *BASELINES] if not args.only or c.name in args.only]
    results = [Result(c) for c in chosen]
    for result in results:
        result.skipped = _available(result.command, coachplan, root)
    relative = [f"plans/{name}" for name in files]
    for result in results:
        if result.command.prepare and not result.skipped:
            command = result.command
            measure(_expand(command, values, relative), root, _environment(command, values))
    for repeat in range(args.repeat):
        for result in results:
            limit = result.command.max_runs or args.repeat
            if result.skipped or repeat >= limit:
                continue
            command = result.command
            argv = _expand(command, values, relative)
            result.runs.append(measure(argv, root, _environment(command, values)))
            if not args.quiet:
                run = result.runs[-1]
                print(
                    f"  {plans}: {command.name}: {run.wall:.2f} s wall, {run.cpu:.2f} s CPU",
                    file=sys.stderr,
                )
    facts["load average at end"] = " ".join(f"{x:.2f}" for x in os.getloadavg())
    return Size(plans, facts, results)


def _help_commands() -> list[tuple[str, ...]]:
    """Every command and subcommand, as the words before `--help`."""
    from coachplan.cli.roothelp import COMMANDS as TOP

    words: list[tuple[str, ...]] = [(name,) for _, name, _ in TOP]
    probe = subprocess.run(
        [_program("coachplan") or "coachplan", "report", "--help"],
        capture_output=True,
        text=True,
        check=False,
    )
    for name in ("progress", "overdue", "coaches", "gaps", "outcomes"):
        if name in probe.stdout:
            words.append(("report", name))
    return words


def measure_startup(
    args: argparse.Namespace, base: Path, plans: int, coachplan: str
) -> tuple[list[tuple[Result, int]], list[Result]]:
    root = base / f"plans-{plans}"
    files = sorted(p.name for p in (root / "plans").glob("*.toml"))
    values = _values(root, coachplan, files)
    startup = []
    for command, limit in STARTUP:
        if args.only and command.name not in args.only:
            continue
        argv = _expand(command, values, [])
        env = _environment(command, values)
        measure(argv, root, env)  # warm the file cache (and the findings cache)
        result = Result(command, [measure(argv, root, env) for _ in range(args.startup_runs)])
        startup.append((result, limit))
    helps = []
    if not args.only:
        for words in _help_commands():
            command = Command(f"{' '.join(words)} --help", ("{coachplan}", *words, "--help"))
            argv = _expand(command, values, [])
            measure(argv, root)
            helps.append(Result(command, [measure(argv, root) for _ in range(args.help_runs)]))
    return startup, helps


def _by_name(results: list[Result], name: str) -> Result | None:
    return next((r for r in results if r.command.name == name and r.runs), None)


@dataclass(frozen=True)
class Verdict:
    target: str
    plans: str
    figure: str
    ratio: str
    limit: str
    met: bool | None  # None: not applicable on this run (e.g. no baseline)

    @property
    def word(self) -> str:
        return {True: "met", False: "MISSED", None: "-"}[self.met]


def _ratio_verdicts(size: Size) -> list[Verdict]:
    """The targets of one size that compare with tomllib, and memory."""
    tomllib = _by_name(size.results, "stdlib tomllib, parse only")
    out: list[Verdict] = []
    n = f"{size.plans:,}"
    for result in size.results:
        kind, name = result.command.kind, result.command.name
        if not result.runs or not kind:
            continue
        cpu, wall = result.best_cpu, result.best.wall
        base_cpu = tomllib.best_cpu if tomllib else None
        base_wall = tomllib.best.wall if tomllib else None

        def versus(value: float, base: float | None, limit: float, what: str, label: str) -> None:
            if base is None:
                return
            ratio = value / base
            out.append(
                Verdict(
                    label,
                    n,
                    f"{value:.2f} s {what} (tomllib {base:.2f} s)",
                    f"{ratio:.2f}",
                    f"<= {limit}",
                    ratio <= limit,
                )
            )

        if kind == "validate" and "2 workers" in name:
            versus(wall, base_wall, VALIDATE_WALL_WORKERS, "wall", f"{name}: wall")
        elif kind == "validate":  # the CPU target is one process's: workers add their own
            versus(cpu, base_cpu, VALIDATE_CPU, "CPU", f"{name}: CPU")
            versus(wall, base_wall, VALIDATE_WALL_ONE, "wall", f"{name}: wall")
        elif kind == "warm":
            versus(cpu, base_cpu, WARM, "CPU", f"{name}: CPU")
            versus(wall, base_wall, WARM, "wall", f"{name}: wall")
        elif kind.startswith("dataset"):
            out.extend(_dataset_verdicts(size, result))
        if kind == "report" or kind.startswith("dataset"):
            if kind == "report":
                versus(cpu, base_cpu, REPORT_CPU, "CPU", f"{name}: CPU")
            limit = memory_limit(size.plans)
            out.append(
                Verdict(
                    f"{name}: largest process",
                    n,
                    f"{result.peak_rss:.0f} MB",
                    "",
                    f"<= {limit:.0f} MB",
                    result.peak_rss <= limit,
                )
            )
            out.append(
                Verdict(
                    f"{name}: process tree",
                    n,
                    f"{result.peak_tree:.0f} MB",
                    "",
                    f"<= {2 * limit:.0f} MB",
                    result.peak_tree <= 2 * limit,
                )
            )
    return out


def _dataset_verdicts(size: Size, result: Result) -> list[Verdict]:
    """A dataset export against `list` (without report tables), or against `list` and the
    three reports it holds (with them): wall and CPU, in one run."""
    if result.command.kind == "dataset":
        parts = [_by_name(size.results, "list --format json")]
        limit, against = DATASET_VERSUS_LIST, "list"
    else:
        parts = [_by_name(size.results, name) for name in IN_THE_DATASET]
        limit, against = 1.0, "list + progress + overdue + coaches"
    found = [part for part in parts if part is not None]
    if len(found) < len(parts):
        return []
    out = []
    for what, value, base in (
        ("wall", result.best.wall, sum(p.best.wall for p in found)),
        ("CPU", result.best_cpu, sum(p.best_cpu for p in found)),
    ):
        ratio = value / base
        out.append(
            Verdict(
                f"{result.command.name}: {what}",
                f"{size.plans:,}",
                f"{value:.2f} s {what} ({against} {base:.2f} s)",
                f"{ratio:.2f}",
                f"<= {limit} x {against}",
                ratio <= limit,
            )
        )
    return out


def _flat(sizes: list[Size], name: str) -> list[Verdict]:
    """Whether the largest process of a command stays flat from the smallest size to the
    largest (at most FLAT times)."""
    measured = [(s.plans, r) for s in sizes if (r := _by_name(s.results, name)) is not None]
    if len(measured) < 2:
        return []
    (small, first), (large, last) = measured[0], measured[-1]
    ratio = last.peak_rss / first.peak_rss
    return [
        Verdict(
            f"{name.split(',')[0]}: memory flat (largest process)",
            f"{small:,} -> {large:,}",
            f"{first.peak_rss:.0f} -> {last.peak_rss:.0f} MB",
            f"{ratio:.2f}",
            f"<= {FLAT}",
            ratio <= FLAT,
        )
    ]


def verdicts(
    sizes: list[Size], startup: list[tuple[Result, int]], helps: list[Result]
) -> list[Verdict]:
    """Every target of docs/performance.md with its figure, ratio and whether it is met."""
    out: list[Verdict] = []
    for size in sizes:
        if size.plans >= RATIO_FROM:
            out += _ratio_verdicts(size)
    for name in ("validate, cold, 2 workers", *(c.name for c in COMMANDS if "dataset" in c.kind)):
        out += _flat(sizes, name)
    for result, limit in startup:
        median = result.median_wall * 1000
        out.append(
            Verdict(
                f"{result.command.name}: median wall",
                "1 plan",
                f"{median:.0f} ms (CPU {result.best_cpu * 1000:.0f} ms)",
                "",
                f"<= {limit} ms",
                median <= limit,
            )
        )
    if helps:
        slowest = max(helps, key=lambda r: r.median_wall)
        median = slowest.median_wall * 1000
        out.append(
            Verdict(
                f"every subcommand's --help ({len(helps)}): slowest median wall",
                "-",
                f"{median:.0f} ms ({slowest.command.name}; fastest "
                f"{min(r.median_wall for r in helps) * 1000:.0f} ms)",
                "",
                f"<= {HELP_LIMIT_MS} ms",
                median <= HELP_LIMIT_MS,
            )
        )
    return out


def _table(header: Sequence[str], rows: list[Sequence[str]], markdown: bool) -> str:
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


def figures_table(size: Size, markdown: bool) -> str:
    tomllib = _by_name(size.results, "stdlib tomllib, parse only")
    header = (
        "what",
        "wall s (best)",
        "wall s (median)",
        "CPU s (best)",
        "CPU / tomllib",
        "wall / tomllib",
        "peak MB (largest process)",
        "peak MB (tree PSS)",
        "exit",
    )
    rows: list[Sequence[str]] = []
    for result in size.results:
        if result.skipped or not result.runs:
            rows.append((result.command.name, *["-"] * 7, f"skipped: {result.skipped}"))
            continue
        best = result.best
        cpu_ratio = wall_ratio = "-"
        if tomllib is not None:
            cpu_ratio = f"{result.best_cpu / tomllib.best_cpu:.2f}"
            wall_ratio = f"{best.wall / tomllib.best.wall:.2f}"
        rows.append(
            (
                result.command.name,
                f"{best.wall:.3f}",
                f"{result.median_wall:.3f}",
                f"{result.best_cpu:.2f}",
                cpu_ratio,
                wall_ratio,
                f"{result.peak_rss:.0f}",
                f"{result.peak_tree:.0f}",
                str(best.exit_code),
            )
        )
    return _table(header, rows, markdown)


def startup_table(startup: list[tuple[Result, int]], helps: list[Result], markdown: bool) -> str:
    header = ("what", "median wall ms", "best wall ms", "best CPU ms", "exit")
    rows = [
        (
            r.command.name,
            f"{r.median_wall * 1000:.0f}",
            f"{r.best.wall * 1000:.0f}",
            f"{r.best_cpu * 1000:.0f}",
            str(r.best.exit_code),
        )
        for r in [*(r for r, _ in startup), *helps]
    ]
    return _table(header, rows, markdown)


def verdict_table(found: list[Verdict], markdown: bool) -> str:
    header = ("target", "plans", "measured", "ratio", "limit", "verdict")
    rows = [(v.target, v.plans, v.figure, v.ratio, v.limit, v.word) for v in found]
    return _table(header, rows, markdown)


def report(
    sizes: list[Size],
    startup: list[tuple[Result, int]],
    helps: list[Result],
    facts: dict[str, str],
    markdown: bool,
) -> str:
    heading = "### " if markdown else ""
    out = [f"{key}: {value}" for key, value in facts.items()]
    for size in sizes:
        out += ["", f"{heading}{size.plans:,} plans"]
        out += [f"{key}: {value}" for key, value in size.facts.items()]
        out += ["", figures_table(size, markdown)]
    if startup or helps:
        out += [f"{heading}Start-up (whole processes)", "", startup_table(startup, helps, markdown)]
    out += [f"{heading}Targets", "", verdict_table(verdicts(sizes, startup, helps), markdown)]
    return "\n".join(out)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--plans",
        default=",".join(str(n) for n in SIZES),
        help="workspace sizes, comma-separated (default: 1000,10000,50000)",
    )
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument(
        "--repeat", type=int, default=3, help="runs of each large-workspace command"
    )
    parser.add_argument(
        "--startup-runs", type=int, default=15, help="runs of each start-up command"
    )
    parser.add_argument("--help-runs", type=int, default=5, help="runs of each --help")
    parser.add_argument(
        "--workspace", help="generate into (and reuse) workspaces in this directory"
    )
    parser.add_argument("--keep", action="store_true", help="keep the generated workspaces")
    parser.add_argument("--only", action="append", help="measure only this (repeatable)")
    parser.add_argument("--markdown", action="store_true", help="print Markdown tables")
    parser.add_argument("--json", metavar="FILE", help="also write every run to FILE")
    parser.add_argument("--quiet", action="store_true", help="no progress on stderr")
    args = parser.parse_args(argv)
    plans = sorted({int(n) for n in str(args.plans).replace("_", "").split(",") if n.strip()})
    base = Path(args.workspace) if args.workspace else Path(tempfile.mkdtemp(prefix="coachplan-"))
    coachplan = _program("coachplan") or "coachplan"
    _compile_bytecode()
    facts = {
        "machine": f"{os.cpu_count()} cores, Python {sys.version.split()[0]}",
        "load average at start": " ".join(f"{x:.2f}" for x in os.getloadavg()),
    }
    try:
        sizes = [measure_size(args, base, n, coachplan) for n in plans]
        startup, helps = measure_startup(args, base, plans[0], coachplan)
    finally:
        if not args.workspace and not args.keep:
            shutil.rmtree(base, ignore_errors=True)
    facts["load average at end"] = " ".join(f"{x:.2f}" for x in os.getloadavg())
    print(report(sizes, startup, helps, facts, args.markdown), end="")
    found = verdicts(sizes, startup, helps)
    if args.json:
        Path(args.json).write_text(
            json.dumps(
                {
                    "facts": facts,
                    "sizes": [
                        {
                            "plans": size.plans,
                            "facts": size.facts,
                            "results": [
                                {
                                    "name": r.command.name,
                                    "skipped": r.skipped,
                                    "runs": [vars(run) for run in r.runs],
                                }
                                for r in size.results
                            ],
                        }
                        for size in sizes
                    ],
                    "startup": [
                        {"name": r.command.name, "runs": [vars(run) for run in r.runs]}
                        for r in [*(r for r, _ in startup), *helps]
                    ],
                    "targets": [vars(v) | {"verdict": v.word} for v in found],
                },
                indent=2,
            )
            + "\n",
            encoding="utf-8",
        )
    return 1 if any(v.met is False for v in found) else 0


if __name__ == "__main__":
    sys.exit(main())
