"""The rulebook: every rule's code, name, explanation and examples, one module per family.

Only descriptions live here (see coachplan.core.registry); the functions that find the
problems are in coachplan.rules, under the same codes. `examples` holds the complete plan
that each rule's short examples are spliced into.
"""

from __future__ import annotations

from collections.abc import Iterable

from coachplan.core.registry import REGISTRY, Rule

_LOADED: list[bool] = []


def all_rules() -> dict[str, Rule]:
    """Every rule's description, in family order, loading the rulebook on first use."""
    if not _LOADED:
        from coachplan.core.rulebook import format as _format  # noqa: F401
        from coachplan.core.rulebook import kinds as _kinds  # noqa: F401
        from coachplan.core.rulebook import lifecycle as _lifecycle  # noqa: F401
        from coachplan.core.rulebook import plan as _plan  # noqa: F401
        from coachplan.core.rulebook import refs as _refs  # noqa: F401
        from coachplan.core.rulebook import smart as _smart  # noqa: F401

        ordered = sorted(REGISTRY.items(), key=lambda kv: ("FSPRK".index(kv[0][0]), kv[0]))
        REGISTRY.clear()
        REGISTRY.update(ordered)
        _LOADED.append(True)
    return REGISTRY


def unknown_selectors(selectors: Iterable[str]) -> list[str]:
    codes = all_rules()
    return [s for s in selectors if s != "ALL" and not any(c.startswith(s) for c in codes)]
