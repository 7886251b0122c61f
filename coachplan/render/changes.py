"""The changes between two versions of a plan, as text and json."""

from __future__ import annotations

import json
from collections import Counter
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


def render_all_changes(
    plans: Sequence[tuple[str, Sequence[Change]]], old: str, new: str, output_format: str
) -> str:
    """The changes of every plan that differs between two revisions (`diff --all`): a
    section per plan and a closing count, or one json document."""
    if output_format == "json":
        document = {
            "from": old,
            "to": new,
            "plans": [
                {"file": file, "changes": [c.as_dict() for c in changes]} for file, changes in plans
            ],
        }
        return log_safe_json(json.dumps(document, indent=2, ensure_ascii=False) + "\n")
    sections = [render_changes_text(file, old, new, changes) for file, changes in plans]
    return "\n".join([*sections, visible(closing_count(plans, old, new)) + "\n"])


def closing_count(plans: Sequence[tuple[str, Sequence[Change]]], old: str, new: str) -> str:
    if not plans:
        return f"No plan differs from {old} to {new}."
    kinds = Counter(_plan_change(changes) for _, changes in plans)
    parts = [f"{kinds[k]} {k}" for k in ("added", "removed", "changed") if kinds[k]]
    if kinds["layout"]:
        parts.append(f"{kinds['layout']} changed in layout or comments only")
    noun = "plan differs" if len(plans) == 1 else "plans differ"
    return f"{len(plans)} {noun} from {old} to {new}: " + ", ".join(parts) + "."


def _plan_change(changes: Sequence[Change]) -> str:
    """Whether the changes of a plan add it, remove it, change it, or none of these (its
    file changed, not what it says)."""
    if not changes:
        return "layout"
    if len(changes) == 1 and changes[0].what == "plan" and changes[0].kind != "changed":
        return changes[0].kind
    return "changed"
