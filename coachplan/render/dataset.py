"""Plans as JSON lines (`export --format jsonl`): one object per plan, one line each."""

from __future__ import annotations

import json
from datetime import date

from coachplan.core.dataset import PATH, PLAN_ID
from coachplan.core.model import Plan
from coachplan.core.privacy import Privacy
from coachplan.core.text import log_safe_json


def plan_line(plan_id: str, plan: Plan, *, folder: str, privacy: Privacy) -> str:
    """A plan as one line of JSON: its id, its path (from the repository root) and every
    key of the format, null or empty where the plan has none, so that every line has the
    same keys (what a loader infers a schema from). Dates are YYYY-MM-DD."""
    private = privacy.of_plan(plan_id, plan)
    dumped = plan.model_dump()
    data = {
        "plan_id": private.value(PLAN_ID, plan_id),
        "path": private.value(PATH, f"{folder}/{plan_id}.toml"),
        **(private.data(dumped) if privacy.redact or privacy.pseudonymize else dumped),
    }
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"), default=_iso_date)
    return log_safe_json(text) + "\n"


def _iso_date(value: object) -> str:
    if isinstance(value, date):
        return value.isoformat()
    raise TypeError(f"{type(value).__name__} is not JSON")
