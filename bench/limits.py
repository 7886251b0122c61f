"""Time coachplan on hostile inputs: the figures of docs/performance.md, "Limits on input".

    python bench/limits.py                       # this checkout
    python bench/limits.py --tree ../other --validate-only   # another checkout, the same way

Each figure is a real subprocess (wall and CPU time, from wait4), the best of `--repeat`:

- validate on one plan of 8,000 findings (180 KB): text and concise against json, which
  never had to split the source per finding;
- export of a daily plan `--until 9999-12-31` (refused), and of a calendar at the limit;
- checkin on plans of tiny inline tables, 128 to 500 KB (linear), and over the limit
  (refused at once).

Compare the ratios of one run, not figures of different runs: the machine is shared.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from datetime import date, timedelta
from pathlib import Path

HERE = Path(__file__).resolve().parent


def plan_head() -> str:
    sys.path.insert(0, str(HERE.parent))
    from coachplan.core.rulebook.examples import BASE

    return BASE


def many_findings(count: int) -> str:
    """A plan with `count` unknown keys (one F101 finding each), about 180 KB for 8,000."""
    base = plan_head()
    head = base[: base.index("[baseline]")]
    return head + "".join(f'unknown_{i:05} = "value"\n' for i in range(count))


def inline_goals(size: int) -> str:
    """A plan of `size` bytes or a little more, most of it tiny inline goal tables."""
    base = plan_head()
    head = base[: base.index("[baseline]")]
    count = max(1, (size - len(head)) // 22)
    return head + "goals = [" + ", ".join(f'{{ id = "g-{i:07}" }}' for i in range(count)) + "]\n"


def daily(end: str) -> str:
    base = plan_head()
    return base.replace('checkin_every = "fortnightly"', 'checkin_every = "1 day"').replace(
        "end = 2027-02-28", f"end = {end}"
    )


def run(tree: Path, root: Path, args: Sequence[str], repeat: int) -> tuple[float, float, int]:
    """Best wall and CPU seconds of `coachplan ARGS` in `root`, and its exit code."""
    env = {**os.environ, "PYTHONPATH": str(tree), "NO_COLOR": "1"}
    best = (float("inf"), float("inf"), 0)
    for _ in range(repeat):
        start = time.perf_counter()
        process = subprocess.Popen(
            [sys.executable, "-m", "coachplan", *args],
            cwd=root,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        _, status, usage = os.wait4(process.pid, 0)
        wall = time.perf_counter() - start
        cpu = usage.ru_utime + usage.ru_stime
        best = min(best, (wall, cpu, os.waitstatus_to_exitcode(status)))
    return best


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tree", type=Path, default=HERE.parent, help="coachplan checkout")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--findings", type=int, default=8000)
    parser.add_argument(
        "--validate-only",
        action="store_true",
        help="only the validate figures (for a checkout without the limits, where the "
        "others run for minutes)",
    )
    options = parser.parse_args()
    tree = options.tree.resolve()
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        (root / "coachplan.toml").write_text('plans_dir = "plans"\n', encoding="utf-8")
        plans = root / "plans"
        plans.mkdir()
        text = many_findings(options.findings)
        (plans / "findings.toml").write_text(text, encoding="utf-8")
        print(f"coachplan from {tree}")
        print(f"{'what':<52} {'wall s':>8} {'cpu s':>8} {'exit':>5}")

        def show(label: str, args: Sequence[str], repeat: int = options.repeat) -> None:
            wall, cpu, code = run(tree, root, args, repeat)
            print(f"{label:<52} {wall:>8.2f} {cpu:>8.2f} {code:>5}")

        size = len(text.encode()) // 1024
        for fmt in ("json", "text", "concise"):
            show(
                f"validate {options.findings} findings, {size} KB, {fmt}",
                ["validate", "plans/findings.toml", "--select", "F", "--format", fmt],
            )
        if options.validate_only:
            return
        (plans / "daily.toml").write_text(daily("9999-12-31"), encoding="utf-8")
        show(
            "export daily plan --until 9999-12-31",
            ["export", "daily", "--as-of", "2026-11-22", "--until", "9999-12-31"],
            repeat=1,
        )
        # Daily check-ins up to the limit of one plan, 5,000 events.
        until = date(2026, 11, 22) + timedelta(days=4_999)
        show(
            "export daily plan, 5,000 events (the limit)",
            ["export", "daily", "--as-of", "2026-11-22", "--until", until.isoformat()],
            repeat=1,
        )
        (plans / "daily.toml").unlink()
        for kib in (128, 256, 500, 600, 14 * 1024):
            (plans / "big.toml").write_text(inline_goals(kib * 1024), encoding="utf-8")
            show(
                f"checkin, {kib} KB of inline goals",
                ["checkin", "big", "--date", "2026-10-01", "--notes", "x"],
                repeat=1,
            )


if __name__ == "__main__":
    main()
