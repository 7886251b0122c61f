"""Long-running fuzzing of every command that reads plans, with damaged plan files.

    python -m tests.fuzz.fuzz_plans --minutes 30          # from the project root
    python -m tests.fuzz.fuzz_plans --minutes 5 --reader validate --reader fmt

Runs the property of tests/test_properties.py (a damaged plan through a command: exit 0,
1 or 2, no traceback, a one-line error, nothing changed that the command should not
write) in rounds of fresh random examples until the time is up, and the same for loading
in-process. An input that fails is saved as tests/corpus/found-<digest>.toml, so that the
corpus tests run it from then on, and the round stops with hypothesis's report.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import sys
import time
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

CORPUS = Path(__file__).resolve().parent.parent / "corpus"


def _keep(content: bytes) -> Path:
    path = CORPUS / f"found-{hashlib.sha256(content).hexdigest()[:12]}.toml"
    path.write_bytes(content)
    return path


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--minutes", type=float, default=10.0, help="how long to search")
    parser.add_argument("--round", type=int, default=200, help="examples per round")
    parser.add_argument("--reader", action="append", help="only these commands (by name)")
    args = parser.parse_args()
    os.environ.update(COLUMNS="80", NO_COLOR="1", TERM="dumb")
    os.environ.pop("FORCE_COLOR", None)

    from tests.readers import READERS, check_run
    from tests.strategies import damaged_plan
    from tests.test_properties import _workspace

    readers = [r for r in READERS if not args.reader or r.name in args.reader]
    if not readers:
        parser.error(f"no such reader; known: {', '.join(r.name for r in READERS)}")

    @settings(
        max_examples=args.round,
        deadline=None,
        database=None,
        suppress_health_check=list(HealthCheck),
    )
    @given(damaged_plan(), st.sampled_from(readers))
    def one_round(content: bytes, reader: object) -> None:
        with _workspace() as (ws, top):
            (ws.plans / "plan.toml").write_bytes(content)
            try:
                check_run(reader, "plans/plan.toml", top, ws)  # type: ignore[arg-type]
            except BaseException:
                print(f"failing input kept as {_keep(content)}", file=sys.stderr)
                raise

    deadline = time.monotonic() + args.minutes * 60
    rounds = 0
    while time.monotonic() < deadline:
        one_round()
        rounds += 1
        print(f"round {rounds}: {rounds * args.round} examples, no failure", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
