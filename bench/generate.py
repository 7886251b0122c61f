"""Generate N realistic coaching plans of a contact-centre network into a workspace.

    python bench/generate.py DIR --plans 10000 [--seed 0] [--problems 0.12]

Plans vary as a real network's do: every kind, most active and some draft, paused,
completed or cancelled; one to six goals; weekly or monthly measurements up to the day of
the check; check-ins by cadence with some missed; feedback, sign-offs and revisions. About
one plan in eight has a problem a person would make (a vague goal, a missing unit, a date
in quotes, a typo in a key, an unknown goal id ...), and about one in five hundred does not
parse at all. Names are pseudonymous labels (Agent 1234, Team lead T12, Floor manager F3).

The text is written in the canonical layout that `coachplan fmt` produces, by a small
emitter of its own (the project's writer is correct but slower, and a benchmark should not
depend on the code it measures). Each plan depends only on (seed, index), so any subset
can be regenerated.
"""

from __future__ import annotations

import argparse
import json
import random
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from coachplan.core.model import CADENCE_WORDS
from coachplan.core.templates import DEFAULT_WEEKS

AS_OF = date(2026, 11, 22)  # the day the plans are checked on (`--as-of`)
TEAM_SIZE = 12  # coachees per team lead
TEAMS_PER_FLOOR = 10  # team leads per floor manager

KIND_SHARE = {
    "coaching": 30,
    "onboarding": 20,
    "leadership": 12,
    "career": 12,
    "mentoring": 14,
    "pip": 12,
}
STATUS_SHARE = {"active": 62, "draft": 12, "completed": 16, "paused": 6, "cancelled": 4}
WEEKS = DEFAULT_WEEKS  # the typical length of each kind, as `coachplan new` makes them
CADENCES = CADENCE_WORDS


@dataclass(frozen=True)
class MetricIdea:
    id: str
    description: str
    unit: str
    baseline: float
    target: float
    step: float  # typical weekly change towards the target


METRICS = [
    MetricIdea("aht", "Weekly average handling time on the queue", "minutes", 9.4, 7.5, 0.2),
    MetricIdea("adherence", "Weekly schedule adherence from the WFM system", "%", 82, 92, 1),
    MetricIdea("fcr", "First-contact resolution rate", "%", 64, 75, 1),
    MetricIdea("csat", "Customer satisfaction on post-call surveys", "%", 78, 86, 1),
    MetricIdea("qa-score", "Quality-assurance score on sampled calls", "%", 81, 90, 1),
    MetricIdea("escalations", "Escalations to the team lead per week", "escalations", 14, 5, 1),
    MetricIdea("transfers", "Share of calls transferred to another queue", "%", 18, 10, 1),
    MetricIdea("calls-per-hour", "Calls handled per staffed hour", "calls/hour", 7, 9, 0.2),
    MetricIdea("conversions", "Retention offers accepted per day", "conversions/day", 3, 5, 0.2),
    MetricIdea("hold-time", "Average hold time per call", "seconds", 95, 50, 4),
]

QUALITATIVE = [
    ("confidence", "Confidence leading the team huddle", "self-assessment"),
    ("readiness", "Readiness for the team-lead role, rated by the sponsor", "sponsor's rating"),
    ("rapport", "Rapport with customers on difficult calls", "call observation"),
    ("feedback-skill", "Quality of coaching feedback given to peers", "360 feedback"),
]

SKILLS = [
    "call-control",
    "schedule-adherence",
    "de-escalation",
    "product-knowledge",
    "empathy",
    "delegation",
    "coaching-others",
    "forecasting",
    "quality-monitoring",
    "time-management",
]

GOAL_TEXT = {
    "aht": "Bring average handling time on the queue down to {target} minutes or less",
    "adherence": "Keep weekly schedule adherence at or above {target}% for four weeks running",
    "fcr": "Resolve {target}% of contacts on the first call by the end of the plan",
    "csat": "Reach {target}% satisfaction on post-call surveys for six consecutive weeks",
    "qa-score": "Score at least {target}% on sampled quality-assurance calls each fortnight",
    "escalations": "Handle disputes without escalation so at most {target} reach the lead weekly",
    "transfers": "Cut transfers to other queues to {target}% of calls with better triage",
    "calls-per-hour": "Handle {target} calls per staffed hour without lowering quality scores",
    "conversions": "Convert {target} retention offers a day on the cancellations queue",
    "hold-time": "Keep average hold time under {target} seconds by using knowledge shortcuts",
    "confidence": "Lead the Monday team huddle alone for six weeks with the agenda prepared",
    "readiness": "Run the weekly roster and two team meetings as acting team lead",
    "rapport": "Handle complaint calls using the acknowledge-ask-agree model on every call",
    "feedback-skill": "Give structured feedback to two peers a week after call reviews",
}

RELEVANT = [
    "Core agent-role standard; service level on the queue depends on it",
    "Team-lead readiness and the floor's succession plan",
    "Customer experience targets of the contact centre for this year",
    "Full productivity in the role by the end of onboarding",
    "Readiness for the senior agent role",
]

ACTIONS = [
    ("shadowing", "Shadow a senior agent on {n} live calls", "Senior agent S{s}"),
    ("training", "Complete the de-escalation workshop", "Learning team, Thursday sessions"),
    ("course", "Finish the e-learning module on the billing system", "Learning portal"),
    ("practice", "Role-play difficult calls with the team lead weekly", "Team lead huddle slot"),
    ("reading", "Read the knowledge-base guide on retention offers", "Knowledge base"),
    ("mentoring", "Monthly conversation with a mentor from another floor", "Mentor M{s}"),
]

CHECKIN_NOTES = [
    "Reviewed last week's figures and the call samples",
    "Listened to two calls together; agreed one change to try",
    "Went through the adherence report; breaks were the issue",
    "Discussed the escalation log and what could be handled alone",
    "Progress on track; agreed to keep the current approach",
    "Difficult week on the queue; adjusted the next steps",
]

FEEDBACK_COMMENTS = [
    "Clear explanations to customers; could summarise calls faster",
    "Helpful to new starters on the floor",
    "Takes ownership of difficult calls",
    "Needs to prepare before team huddles",
]


def _pick(rng: random.Random, shares: dict[str, int]) -> str:
    return rng.choices(list(shares), weights=list(shares.values()))[0]


def _round(value: float, step: float) -> float | int:
    if step >= 1:
        return round(value)
    return round(value, 1)


def _metric(rng: random.Random, idea: MetricIdea | None, start: date, last: date) -> dict[str, Any]:
    if idea is None:
        qid, description, source = rng.choice(QUALITATIVE)
        metric: dict[str, Any] = {
            "id": qid,
            "description": description,
            "kind": "qualitative",
            "source": source,
            "baseline": 2,
            "target": 4,
        }
        baseline, target, step, every = 2.0, 4.0, 0.2, 30
    else:
        jitter = rng.uniform(0.9, 1.1)
        baseline = _round(idea.baseline * jitter, idea.step)
        target = _round(idea.target * jitter, idea.step)
        if baseline == target:
            target = baseline + (idea.step if idea.target > idea.baseline else -idea.step)
        metric = {
            "id": idea.id,
            "description": idea.description,
            "unit": idea.unit,
            "baseline": baseline,
            "target": target,
        }
        step, every = idea.step, rng.choice((7, 7, 14))
    direction = 1 if target > baseline else -1
    rows = []
    value = float(baseline)
    day = start + timedelta(days=every)
    while day <= last:
        value += direction * step * rng.uniform(-0.5, 1.5)
        row: dict[str, Any] = {"date": day, "value": _round(value, step)}
        if idea is None:
            row["value"] = max(1, min(5, round(value)))
        if rng.random() < 0.08:
            row["note"] = rng.choice(CHECKIN_NOTES)
        rows.append(row)
        day += timedelta(days=every)
    if rows:
        metric["measurements"] = rows
    return metric


def plan_data(index: int, seed: int = 0) -> dict[str, Any]:
    """The data of plan number `index`: a clean plan, as `tomllib` would return it."""
    rng = random.Random(seed * 1_000_003 + index)
    kind = _pick(rng, KIND_SHARE)
    status = _pick(rng, STATUS_SHARE)
    weeks = WEEKS[kind] + rng.choice((0, 0, 0, 2, 4)) * (kind != "pip")
    if status == "completed":
        start = AS_OF - timedelta(days=rng.randint(weeks * 7 + 7, weeks * 7 + 200))
    elif status == "draft":
        start = AS_OF + timedelta(days=rng.randint(-10, 30))
    else:
        start = AS_OF - timedelta(days=rng.randint(7, weeks * 7 - 7))
    end = start + timedelta(weeks=weeks) - timedelta(days=1)
    last = min(end, AS_OF)
    team = index // TEAM_SIZE + 1
    floor = team // TEAMS_PER_FLOOR + 1
    coachee = f"Agent {index + 1000}"
    coach = f"Team lead T{team}"
    sponsor = f"Floor manager F{floor}"
    cadence = "weekly" if kind == "pip" else rng.choice(("weekly", "fortnightly", "monthly"))
    data: dict[str, Any] = {
        "format": 1,
        "title": f"{kind.capitalize()} plan for {coachee}",
        "kind": kind,
        "status": status,
        "coachee": coachee,
        "coach": coach,
    }
    if kind == "pip" or rng.random() < 0.7:
        data["sponsor"] = sponsor
    data.update(start=start, end=end, checkin_every=cadence)
    if rng.random() < 0.6:
        data["summary"] = (
            f"{coachee} asked for support after the quarterly review. "
            + rng.choice(CHECKIN_NOTES)
            + "."
        )
    skills = rng.sample(SKILLS, rng.randint(1, 4))
    if status != "draft" or rng.random() < 0.3:
        data["baseline"] = {
            "date": start + timedelta(days=rng.randint(0, 3)),
            "method": rng.choice(("360 survey and structured interview", "Performance data")),
            "strengths": rng.sample(FEEDBACK_COMMENTS, rng.randint(0, 2)),
            "skills": [
                {
                    "skill": skill,
                    "level": (level := rng.randint(1, 3)),
                    "target": min(5, level + rng.randint(1, 2)),
                    "evidence": rng.choice(CHECKIN_NOTES),
                }
                for skill in skills
            ],
        }
        if not data["baseline"]["strengths"]:
            del data["baseline"]["strengths"]
        if weeks >= 20 and (AS_OF - start).days > 90:
            day = start + timedelta(days=90)
            data["assessments"] = [
                {
                    "date": day,
                    "method": "Follow-up interview",
                    "levels": {s: rng.randint(2, 4) for s in skills},
                }
            ]
    goal_count = 2 if kind == "pip" else rng.choice((1, 2, 2, 3, 3, 4))
    ideas = rng.sample(METRICS, goal_count)
    goals, actions, milestones = [], [], []
    for g, idea in enumerate(ideas):
        qualitative = kind in ("mentoring", "career") and g == 0 and rng.random() < 0.3
        metrics = [_metric(rng, None if qualitative else idea, start, last)]
        if rng.random() < 0.3:
            other = rng.choice([m for m in METRICS if m.id != idea.id])
            metrics.append(_metric(rng, other, start, last))
        if kind == "pip":
            for m in metrics:
                m["minimum"] = _round((m["baseline"] + m["target"]) / 2, 0.1)
        # metric ids are unique within the plan
        seen: set[str] = set()
        for m in metrics:
            while m["id"] in seen:
                m["id"] += "-2"
            seen.add(m["id"])
        goal_id = f"goal-{g + 1}-{metrics[0]['id']}"
        statement = GOAL_TEXT[metrics[0]["id"]].format(target=metrics[0]["target"])
        for m in metrics:
            m["id"] = f"{m['id']}-g{g + 1}"
        goals.append(
            {
                "id": goal_id,
                "statement": statement,
                "relevant_to": rng.choice(RELEVANT),
                "due": end - timedelta(days=rng.randint(0, 14)),
                "metrics": metrics,
            }
        )
        for a in range(rng.randint(1, 2)):
            method, text, resource = rng.choice(ACTIONS)
            due = start + timedelta(days=rng.randint(7, max(8, (end - start).days - 7)))
            action: dict[str, Any] = {
                "id": f"{goal_id}-step-{a + 1}",
                "goal": goal_id,
                "description": text.format(n=rng.randint(2, 6)),
                "method": method,
                "resource": resource.format(s=rng.randint(1, 40)),
                "due": due,
            }
            if due < AS_OF - timedelta(days=7) and rng.random() < 0.8:
                action["status"] = "done"
                action["done_on"] = min(due, AS_OF)
            elif due < AS_OF + timedelta(days=14):
                action["status"] = "doing"
            actions.append(action)
        if rng.random() < 0.5:
            due = start + (end - start) // 2
            milestone: dict[str, Any] = {
                "id": f"{goal_id}-halfway",
                "title": "Halfway review of the figures",
                "due": due,
                "goals": [goal_id],
            }
            if due < AS_OF and rng.random() < 0.8:
                milestone["done_on"] = due
            milestones.append(milestone)
    data["goals"] = goals
    if actions:
        data["actions"] = actions
    if milestones:
        data["milestones"] = milestones
    if status != "draft":
        checkins = []
        day = start + timedelta(days=CADENCES[cadence])
        while day <= last:
            if rng.random() < 0.9:
                checkin: dict[str, Any] = {"date": day, "notes": rng.choice(CHECKIN_NOTES)}
                if rng.random() < 0.6:
                    checkin["rating"] = rng.randint(3, 5)
                if rng.random() < 0.3:
                    checkin["next_steps"] = "Try the new opening script on the next shift"
                checkins.append(checkin)
            day += timedelta(days=CADENCES[cadence])
        if checkins:
            data["checkins"] = checkins
        feedback = [
            {
                "date": start + timedelta(days=rng.randint(1, max(1, (last - start).days))),
                "source": rng.choice(("peer", "manager", "self", "stakeholder")),
                "rating": rng.randint(2, 5),
                "comment": rng.choice(FEEDBACK_COMMENTS),
            }
            for _ in range(rng.choice((0, 0, 1, 2, 3)))
        ]
        if feedback:
            data["feedback"] = feedback
        signed = start + timedelta(days=rng.randint(0, 3))
        data["signoffs"] = [
            {"role": "coach", "name": coach, "date": signed},
            {"role": "coachee", "name": coachee, "date": signed},
        ]
        if kind == "pip":
            data["signoffs"].append({"role": "sponsor", "name": sponsor, "date": signed})
        if rng.random() < 0.2:
            data["revisions"] = [
                {
                    "date": start + timedelta(days=min(30, (last - start).days)),
                    "summary": "Moved a goal's due date after two weeks of leave",
                }
            ]
    _lifecycle(data, random.Random(seed * 7_777_777 + index))
    return data


OUTCOME_SHARE = {"achieved": 55, "partly-achieved": 30, "not-achieved": 15}
PIP_OUTCOME_SHARE = {"passed": 60, "not-passed": 40}
CANCEL_REASONS = [
    "Moved to another team",
    "Left the company",
    "Replaced by a plan for the new role",
    "Long-term leave",
]
CLOSING_SUMMARIES = [
    "Targets reached and held for the last month",
    "Most targets reached; quality still below the standard",
    "Handling time improved, not to target; agreed to keep the weekly reviews",
]


def _outcome(data: dict[str, Any], rng: random.Random) -> str:
    """An outcome that fits the measurements, as a coach would choose it: a pip passes only
    with every minimum met, a plan is achieved only with a metric at its target."""
    metrics = [m for g in data["goals"] for m in g["metrics"] if m.get("measurements")]

    def reached(m: dict[str, Any], key: str) -> bool:
        last, aim = m["measurements"][-1]["value"], m[key]
        return bool(last >= aim if m["target"] >= m["baseline"] else last <= aim)

    if data["kind"] == "pip":
        met = all(reached(m, "minimum") for m in metrics if "minimum" in m)
        return _pick(rng, PIP_OUTCOME_SHARE) if met else "not-passed"
    outcome = _pick(rng, OUTCOME_SHARE)
    if outcome == "achieved" and not any(reached(m, "target") for m in metrics):
        return "partly-achieved"
    return outcome


def _lifecycle(data: dict[str, Any], rng: random.Random) -> None:
    """How the plan got where it is: check-in minutes, status changes as revisions, the
    closing of a completed or cancelled plan, a pip extended. A random source of its own, so
    that everything else is as it was before plans had closings."""
    status, start, end = data["status"], data["start"], data["end"]
    checkins = data.get("checkins", [])
    for i, checkin in enumerate(checkins):
        if rng.random() < 0.7:
            minutes = rng.choice((20, 30, 30, 45, 60))
            checkins[i] = {"date": checkin["date"], "minutes": minutes} | checkin
    if status == "draft":
        return
    signed = data["signoffs"][0]["date"]
    revisions = [{"date": signed, "summary": "status draft -> active"}]
    revisions += data.get("revisions", [])
    last = min(end, AS_OF)
    held = [c["date"] for c in checkins]
    closing: dict[str, Any] | None = None
    if status == "completed":
        closed = min(AS_OF, end + timedelta(days=rng.randint(0, 3)))
        outcome = _outcome(data, rng)
        closing = {"date": closed, "outcome": outcome, "summary": rng.choice(CLOSING_SUMMARIES)}
        skills = data.get("baseline", {}).get("skills", [])
        if skills and rng.random() < 0.5:
            closing["levels"] = {s["skill"]: min(5, s["level"] + rng.randint(0, 2)) for s in skills}
        summary = f"status active -> completed: closed as {outcome}"
        revisions.append({"date": closed, "summary": summary})
    elif status == "cancelled":
        reason = rng.choice(CANCEL_REASONS)
        closing = {"date": max([last, *held]), "reason": reason}
        summary = f"status active -> cancelled: {reason}"
        revisions.append({"date": closing["date"], "summary": summary})
    elif status == "paused":
        paused = max([start + timedelta(days=1), *held])
        revisions.append({"date": paused, "summary": "status active -> paused: on leave"})
    elif data["kind"] == "pip" and rng.random() < 0.15:
        extended = min(AS_OF, start + timedelta(days=rng.randint(14, 40)))
        old_end = end - timedelta(days=14)
        revisions.append(
            {"date": extended, "summary": f"pip extended: end {old_end} -> {end}: sick leave"}
        )
        data["signoffs"] += [dict(s, date=extended) for s in data["signoffs"]]
    data["revisions"] = sorted(revisions, key=lambda r: r["date"])
    if closing is not None:
        ordered = {}
        for key, value in data.items():  # the closing after the top-level keys
            if key == "baseline" or (key == "goals" and "closing" not in ordered):
                ordered.setdefault("closing", closing)
            ordered[key] = value
        ordered.setdefault("closing", closing)
        data.clear()
        data.update(ordered)


# -- problems people make -------------------------------------------------------------------


def _vague(data: dict[str, Any], rng: random.Random) -> None:
    data["goals"][0]["statement"] = "Improve communication"


def _no_unit(data: dict[str, Any], rng: random.Random) -> None:
    metric = data["goals"][0]["metrics"][0]
    metric.pop("unit", None)
    metric.pop("kind", None)
    metric.pop("source", None)


def _unknown_goal(data: dict[str, Any], rng: random.Random) -> None:
    if data.get("actions"):
        data["actions"][0]["goal"] = "goal-that-was-renamed"


def _outside_window(data: dict[str, Any], rng: random.Random) -> None:
    metric = data["goals"][0]["metrics"][0]
    metric.setdefault("measurements", []).insert(
        0, {"date": data["start"] - timedelta(days=20), "value": metric["baseline"]}
    )


def _missing_signoff(data: dict[str, Any], rng: random.Random) -> None:
    data["status"] = "active"
    data.pop("signoffs", None)


def _string_date(data: dict[str, Any], rng: random.Random) -> None:
    data["goals"][-1]["due"] = data["goals"][-1]["due"].isoformat()


def _typo_key(data: dict[str, Any], rng: random.Random) -> None:
    goal = data["goals"][0]
    goal["relevent_to"] = goal.pop("relevant_to")


def _wrong_type(data: dict[str, Any], rng: random.Random) -> None:
    if "baseline" in data:
        skill = data["baseline"]["skills"][0]
        skill["level"] = str(skill["level"])
    else:
        data["coach"] = 7


def _rating_off_scale(data: dict[str, Any], rng: random.Random) -> None:
    data.setdefault("checkins", []).append(
        {"date": data["start"], "notes": "Kick-off", "rating": 7}
    )


PROBLEMS: list[Callable[[dict[str, Any], random.Random], None]] = [
    _vague,
    _no_unit,
    _unknown_goal,
    _outside_window,
    _missing_signoff,
    _string_date,
    _typo_key,
    _wrong_type,
    _rating_off_scale,
]

SYNTAX_ERRORS = [
    ("truncated", lambda text: text[: len(text) // 2].rsplit('"', 1)[0] + '"unterminated\n'),
    ("invalid-date", lambda text: text.replace("start = ", "start = 2026-02-30\nstarted = ", 1)),
]


# -- the emitter ------------------------------------------------------------------------------


def _scalar(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return repr(value)
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, dict):
        return "{ " + ", ".join(f"{k} = {_scalar(v)}" for k, v in value.items()) + " }"
    items = [_scalar(v) for v in value]
    one_line = "[" + ", ".join(items) + "]"
    if len(one_line) <= 100:
        return one_line
    return "[\n" + "".join(f"  {item},\n" for item in items) + "]"


def _table(data: dict[str, Any], header: str, out: list[str]) -> None:
    nested = []
    for key, value in data.items():
        if key == "measurements":
            rows = "".join(f"  {_scalar(row)},\n" for row in value)
            out.append(f"measurements = [\n{rows}]\n")
        elif key != "levels" and (
            isinstance(value, dict)
            or (isinstance(value, list) and value and isinstance(value[0], dict))
        ):
            nested.append((key, value))
        else:
            out.append(f"{key} = {_scalar(value)}\n")
    for key, value in nested:
        name = f"{header}.{key}" if header else key
        if isinstance(value, dict):
            out.append(f"\n[{name}]\n")
            _table(value, name, out)
        else:
            for element in value:
                out.append(f"\n[[{name}]]\n")
                _table(element, name, out)


def dumps(data: dict[str, Any]) -> str:
    out: list[str] = []
    _table(data, "", out)
    return "".join(out)


def plan_text(index: int, seed: int = 0, problems: float = 0.12) -> tuple[str, str]:
    """(plan id, file text) of plan number `index`; some have problems, a few do not parse."""
    data = plan_data(index, seed)
    rng = random.Random(seed * 7_919 + index)
    plan_id = f"agent-{index + 1000:05d}-{data['kind']}"
    if rng.random() < problems:
        for problem in rng.sample(PROBLEMS, rng.choice((1, 1, 2))):
            problem(data, rng)
    text = dumps(data)
    if rng.random() < 0.002:
        _name, damage = rng.choice(SYNTAX_ERRORS)
        text = damage(text)
    return plan_id, text


SETTINGS = 'plans_dir = "plans"\n'


def generate(directory: Path, count: int, *, seed: int = 0, problems: float = 0.12) -> Path:
    """Write a workspace of `count` plans into `directory`; return its plans directory."""
    plans = directory / "plans"
    plans.mkdir(parents=True, exist_ok=True)
    (directory / "coachplan.toml").write_text(SETTINGS, encoding="utf-8")
    for index in range(count):
        plan_id, text = plan_text(index, seed, problems)
        (plans / f"{plan_id}.toml").write_text(text, encoding="utf-8")
    return plans


def summary(paths: Iterable[Path]) -> str:
    sizes = [p.stat().st_size for p in paths]
    if not sizes:
        return "no plans"
    sizes.sort()
    return (
        f"{len(sizes)} plans, {sum(sizes) / 1e6:.1f} MB, median {sizes[len(sizes) // 2]} bytes, "
        f"largest {sizes[-1]} bytes"
    )


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("directory", type=Path, help="workspace to create (or add to)")
    parser.add_argument("--plans", type=int, default=10_000, help="how many plans")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument(
        "--problems", type=float, default=0.12, help="share of plans with a problem"
    )
    args = parser.parse_args(argv)
    plans = generate(args.directory, args.plans, seed=args.seed, problems=args.problems)
    print(summary(sorted(plans.glob("*.toml"))))


if __name__ == "__main__":
    main()
