"""The rule bodies: each rule a plain function `(plan, context) -> problems`.

One module per family (smart, plan, refs, kinds), and lifecycle for how plans end and
pause (P109-P114, K105-K106); each function is registered by the `check` decorator
(rules.base) under the code its description has in coachplan.core.rulebook. Format rules
(F) have no body here: their findings come from loading the file.

This package imports only coachplan.core.
"""

from __future__ import annotations

from coachplan.rules.base import CHECKS, Check

_LOADED: list[bool] = []


def all_checks() -> dict[str, Check]:
    """Every rule's check function, by code, loading the family modules on first use."""
    if not _LOADED:
        from coachplan.rules import kinds as _kinds  # noqa: F401
        from coachplan.rules import lifecycle as _lifecycle  # noqa: F401
        from coachplan.rules import plan as _plan  # noqa: F401
        from coachplan.rules import refs as _refs  # noqa: F401
        from coachplan.rules import smart as _smart  # noqa: F401

        _LOADED.append(True)
    return CHECKS
