"""What parsing alone costs: every plan file read and parsed, nothing else.

    python bench/baselines.py tomllib|tomli PLANS_DIR

The benchmark runs this as its own process, so the figure includes Python's start-up,
as every coachplan figure does.
"""

from __future__ import annotations

import sys
from pathlib import Path


def main() -> None:
    which, directory = sys.argv[1], Path(sys.argv[2])
    if which == "tomllib":
        import tomllib as parser
    else:
        import tomli as parser  # type: ignore[no-redef]
    errors = 0
    for path in sorted(directory.glob("*.toml")):
        try:
            parser.loads(path.read_bytes().decode("utf-8"))
        except (parser.TOMLDecodeError, UnicodeDecodeError):
            errors += 1
    sys.exit(1 if errors else 0)


if __name__ == "__main__":
    main()
