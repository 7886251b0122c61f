"""The changes between two versions of a plan, as text and json."""

from __future__ import annotations

import json
from collections.abc import Sequence

from coachplan.core.plandiff import Change
from coachplan.core.text import log_safe_json, visible


def render_changes_text(file: str, old: str, new: str, changes: Sequence[Change]) -> str:
    lines = [visible(f"{file}: {old} -> {new}")]
    lines += [f"  {visible(str(change))}" for change in changes]
    if not changes:
        lines.append("  no changes to the plan's content")
    return "\n".join(lines) + "\n"


def render_changes_json(file: str, old: str, new: str, changes: Sequence[Change]) -> str:
    document = {"file": file, "from": old, "to": new, "changes": [c.as_dict() for c in changes]}
    return log_safe_json(json.dumps(document, indent=2, ensure_ascii=False) + "\n")
