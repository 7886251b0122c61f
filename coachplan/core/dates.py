"""Date arithmetic that never overflows: a day past 9999-12-31 is never.

Any TOML date is a valid plan date, up to `date.max` (9999-12-31); a plan may end there. A due
date that would fall after it does not come, so these helpers return None instead of raising
OverflowError.
"""

from __future__ import annotations

from datetime import date, timedelta


def add_days(day: date, days: int) -> date | None:
    """`day` plus `days` (which may be negative); None past 9999-12-31 or before 0001-01-01."""
    try:
        return day + timedelta(days=days)
    except OverflowError:
        return None
