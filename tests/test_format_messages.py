"""The format checks run inside pydantic-core (core/model.py) and keep their words.

The golden file was written by the Python validators these checks replaced; every bad
value below must still give the same code, place, message and hint.
"""

from __future__ import annotations

from pathlib import Path

from coachplan.core.rulebook.examples import BASE
from coachplan.files.loader import load_text
from tests.conftest import assert_golden

CASES = [
    ("start = 2026-09-01", 'start = "2026-09-01"'),
    ("start = 2026-09-01", 'start = "soon"'),
    ("start = 2026-09-01", "start = 2026-09-01T10:00:00"),
    ("start = 2026-09-01", "start = 5"),
    ("target = 60", "target = true"),
    ("target = 60", 'target = "60"'),
    ("target = 60", "target = inf"),
    ("target = 60", "target = nan"),
    ("target = 60", 'target = "sixty"'),
    ("target = 60", "target = [1]"),
    ('checkin_every = "fortnightly"', 'checkin_every = "daily"'),
    ('checkin_every = "fortnightly"', "checkin_every = 14"),
    ('checkin_every = "fortnightly"', 'checkin_every = "0 days"'),
    ('checkin_every = "fortnightly"', 'checkin_every = "weekly\\n"'),
    ('id = "', 'id = "Bad Id'),
    ('id = "', 'id = "x\\n'),
    ('id = "', 'id = 7 # "'),
]


def test_format_findings_keep_their_words() -> None:
    lines = []
    for old, new in CASES:
        assert old in BASE, old
        loaded = load_text(Path("plans/p.toml"), BASE.replace(old, new, 1))
        assert loaded.findings, new
        for f in loaded.findings:
            lines.append(f"{new}\n  {f.code} {f.line}:{f.column} {f.message}\n  hint: {f.hint}")
    assert_golden("format-messages.txt", "\n".join(lines) + "\n")
