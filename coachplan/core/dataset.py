"""The tables of the plans dataset (`coachplan export --format sqlite`), as data.

Normalized tables with their keys: `plans` and one table per list in the plan format, each
row keyed by its plan id and, below it, the id of what it belongs to (a goal's metrics by
`goal_id`) or its place in the file (`seq`, from 1, for records without ids such as
check-ins). The report tables hold the rows of `report progress`, `report overdue` and
`report coaches` for the export's as-of day. docs/analytics.md describes every table.

Which fields are free text (left out by `--redact`) and which name people (replaced by
`--pseudonymize`) is said once, here, by their place in the plan format (`FREE_TEXT`,
`PERSONS`), for the SQLite tables and the JSON lines alike.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

# The version of the dataset's layout (tables and columns), in its meta table: raised when
# a table or a column changes meaning or goes away (adding one does not).
DATASET_VERSION = 1

# Fields people write prose in, by their path in the plan format (a table of
# coachplan.core.model.TABLE_MODELS, then the key): `--redact` leaves them out.
FREE_TEXT = frozenset(
    {
        "summary",
        "baseline.strengths",
        "baseline.skills.evidence",
        "goals.statement",
        "goals.relevant_to",
        "goals.metrics.measurements.note",
        "actions.resource",
        "checkins.notes",
        "checkins.next_steps",
        "feedback.comment",
        "revisions.summary",
        "closing.summary",
        "closing.reason",
    }
)
# Fields that name a person: `--pseudonymize` replaces them with a keyed hash.
PERSONS = frozenset({"coachee", "coach", "sponsor", "feedback.by", "signoffs.name"})
# The other text fields, kept by `--redact`: titles, descriptions and labels that say what
# is measured or done, which analyses group by. `--pseudonymize` replaces the plan's names
# where they appear in them. (tests/test_dataset.py checks that every text field of the
# format is in one of the three.)
KEPT_TEXT = frozenset(
    {
        "title",
        "checkin_every",
        "baseline.method",
        "assessments.method",
        "goals.metrics.description",
        "goals.metrics.unit",
        "goals.metrics.source",
        "actions.description",
        "milestones.title",
        "signoffs.agreed",
    }
)

# What a column holds, for the privacy options: a plan id, a person's name, free text, the
# plan's path, other text (names in it are replaced), or data (numbers, dates, ids, codes).
PLAN_ID, PERSON, FREE, PATH, TEXT, DATA = "plan id", "person", "free", "path", "text", "data"


@dataclass(frozen=True)
class Column:
    name: str
    type: str  # the declared SQLite type: TEXT, INTEGER, NUMERIC, REAL, DATE or BOOLEAN
    role: str = DATA
    required: bool = False  # NOT NULL

    def sql(self) -> str:
        return f'"{self.name}" {self.type}' + (" NOT NULL" if self.required else "")


@dataclass(frozen=True)
class Table:
    name: str
    about: str  # one line: what a row is (a comment in the database's schema)
    columns: tuple[Column, ...]
    key: tuple[str, ...]
    # (columns, table, its columns): each a foreign key
    references: tuple[tuple[tuple[str, ...], str, tuple[str, ...]], ...] = ()

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(c.name for c in self.columns)

    def kept(self, *, redact: bool) -> Table:
        """The table as the export writes it: without its free-text columns when
        redacting (a table of nothing but free text is left out: see `redacted_away`)."""
        return _kept(self, redact) if redact else self

    @property
    def redacted_away(self) -> bool:
        """Whether `--redact` leaves nothing of it but keys: then it is left out whole."""
        kept = [c for c in self.columns if c.name not in self.key]
        return bool(kept) and all(c.role == FREE for c in kept)

    def create(self) -> str:
        """The CREATE TABLE statement; SQLite keeps its text, so `.schema` and Datasette
        show the comment that says what a row is."""
        lines = [c.sql() for c in self.columns]
        lines.append("PRIMARY KEY (" + ", ".join(f'"{k}"' for k in self.key) + ")")
        for mine, table, theirs in self.references:
            lines.append(
                "FOREIGN KEY ("
                + ", ".join(f'"{c}"' for c in mine)
                + f') REFERENCES "{table}" ('
                + ", ".join(f'"{c}"' for c in theirs)
                + ")"
            )
        # Not WITHOUT ROWID, though it would be smaller and faster to write: DuckDB's
        # sqlite extension reads a table by its rowids.
        return f'CREATE TABLE "{self.name}" ( -- {self.about}\n  ' + ",\n  ".join(lines) + "\n)"


@cache
def _kept(table: Table, redact: bool) -> Table:
    return Table(
        table.name,
        table.about,
        tuple(c for c in table.columns if not (redact and c.role == FREE)),
        table.key,
        table.references,
    )


def role_of(path: str) -> str:
    """The role of the plan field at `path` (`goals.statement`)."""
    if path in FREE_TEXT:
        return FREE
    if path in PERSONS:
        return PERSON
    if path in KEPT_TEXT:
        return TEXT
    return DATA


def _col(name: str, kind: str, source: str | None = None, *, required: bool = False) -> Column:
    """A column; `source` is the plan field it holds, whose role it takes."""
    return Column(name, kind, role_of(source) if source else DATA, required)


PLAN = Column("plan_id", "TEXT", PLAN_ID, required=True)
# Every table below a plan refers to it by `plan_id` alone too: Datasette links one-column
# foreign keys (not those of several columns) to the row they name.
OF_PLAN = ((("plan_id",), "plans", ("plan_id",)),)


def _seq() -> Column:
    """The place of a record in its list in the plan file, from 1."""
    return Column("seq", "INTEGER", required=True)


def _date(name: str = "date", *, required: bool = False) -> Column:
    return Column(name, "DATE", required=required)


PLANS = Table(
    "plans",
    "one row per plan: who, what kind, the window, the cadence, the baseline's date",
    (
        PLAN,
        Column("path", "TEXT", PATH),
        _col("title", "TEXT", "title", required=True),
        _col("kind", "TEXT", required=True),
        _col("status", "TEXT", required=True),
        _col("coachee", "TEXT", "coachee", required=True),
        _col("coach", "TEXT", "coach", required=True),
        _col("sponsor", "TEXT", "sponsor"),
        _date("start_date", required=True),
        _date("end_date", required=True),
        _col("checkin_every", "TEXT", "checkin_every"),
        _col("checkin_days", "INTEGER"),
        _col("summary", "TEXT", "summary"),
        _date("baseline_date"),
        _col("baseline_method", "TEXT", "baseline.method"),
    ),
    ("plan_id",),
)
CLOSINGS = Table(
    "closings",
    "how a completed or cancelled plan ended: one row per closed plan",
    (
        PLAN,
        _date(required=True),
        _col("outcome", "TEXT"),
        _col("summary", "TEXT", "closing.summary"),
        _col("reason", "TEXT", "closing.reason"),
    ),
    ("plan_id",),
    OF_PLAN,
)
CLOSING_LEVELS = Table(
    "closing_levels",
    "the final assessed level of each skill, given when the plan was closed",
    (PLAN, _col("skill", "TEXT", required=True), _col("level", "INTEGER", required=True)),
    ("plan_id", "skill"),
    ((("plan_id",), "closings", ("plan_id",)), *OF_PLAN),
)
BASELINE_STRENGTHS = Table(
    "baseline_strengths",
    "the strengths the baseline assessment names, in their order",
    (PLAN, _seq(), _col("strength", "TEXT", "baseline.strengths", required=True)),
    ("plan_id", "seq"),
    OF_PLAN,
)
BASELINE_SKILLS = Table(
    "baseline_skills",
    "each skill of the baseline: level, target and gap (target minus level)",
    (
        PLAN,
        _col("skill", "TEXT", required=True),
        _seq(),
        _col("level", "INTEGER", required=True),
        _col("target", "INTEGER", required=True),
        _col("gap", "INTEGER", required=True),
        _col("evidence", "TEXT", "baseline.skills.evidence"),
    ),
    ("plan_id", "skill"),
    OF_PLAN,
)
ASSESSMENTS = Table(
    "assessments",
    "each re-assessment of the plan's skills: when and how",
    (
        PLAN,
        Column("assessment_seq", "INTEGER", required=True),
        _date(required=True),
        _col("method", "TEXT", "assessments.method"),
    ),
    ("plan_id", "assessment_seq"),
    OF_PLAN,
)
ASSESSMENT_LEVELS = Table(
    "assessment_levels",
    "the level each re-assessment gave each skill",
    (
        PLAN,
        Column("assessment_seq", "INTEGER", required=True),
        _col("skill", "TEXT", required=True),
        _col("level", "INTEGER", required=True),
    ),
    ("plan_id", "assessment_seq", "skill"),
    (*OF_PLAN, (("plan_id", "assessment_seq"), "assessments", ("plan_id", "assessment_seq"))),
)
GOALS = Table(
    "goals",
    "the plan's SMART goals",
    (
        PLAN,
        _col("goal_id", "TEXT", required=True),
        _seq(),
        _col("statement", "TEXT", "goals.statement"),
        _col("relevant_to", "TEXT", "goals.relevant_to"),
        _date("due"),
    ),
    ("plan_id", "goal_id"),
    OF_PLAN,
)
METRICS = Table(
    "metrics",
    "each goal's metrics: baseline, target and, for a pip, the minimum",
    (
        PLAN,
        _col("metric_id", "TEXT", required=True),
        _col("goal_id", "TEXT", required=True),
        _seq(),
        _col("description", "TEXT", "goals.metrics.description", required=True),
        _col("kind", "TEXT", required=True),
        _col("unit", "TEXT", "goals.metrics.unit"),
        _col("source", "TEXT", "goals.metrics.source"),
        _col("baseline", "NUMERIC"),
        _col("target", "NUMERIC"),
        _col("minimum", "NUMERIC"),
    ),
    ("plan_id", "metric_id"),
    (*OF_PLAN, (("plan_id", "goal_id"), "goals", ("plan_id", "goal_id"))),
)
MEASUREMENTS = Table(
    "measurements",
    "every measured value of a metric",
    (
        PLAN,
        _col("metric_id", "TEXT", required=True),
        _seq(),
        _date(required=True),
        _col("value", "NUMERIC", required=True),
        _col("note", "TEXT", "goals.metrics.measurements.note"),
    ),
    ("plan_id", "metric_id", "seq"),
    (*OF_PLAN, (("plan_id", "metric_id"), "metrics", ("plan_id", "metric_id"))),
)
ACTIONS = Table(
    "actions",
    "the action steps, with the goal each serves",
    (
        PLAN,
        _col("action_id", "TEXT", required=True),
        _seq(),
        _col("goal_id", "TEXT"),
        _col("description", "TEXT", "actions.description", required=True),
        _col("method", "TEXT"),
        _col("resource", "TEXT", "actions.resource"),
        _date("due"),
        _col("status", "TEXT", required=True),
        _date("done_on"),
    ),
    ("plan_id", "action_id"),
    OF_PLAN,
)
MILESTONES = Table(
    "milestones",
    "the milestones, due and reached",
    (
        PLAN,
        _col("milestone_id", "TEXT", required=True),
        _seq(),
        _col("title", "TEXT", "milestones.title", required=True),
        _date("due"),
        _date("done_on"),
    ),
    ("plan_id", "milestone_id"),
    OF_PLAN,
)
MILESTONE_GOALS = Table(
    "milestone_goals",
    "the goals each milestone marks",
    (
        PLAN,
        _col("milestone_id", "TEXT", required=True),
        _seq(),
        _col("goal_id", "TEXT", required=True),
    ),
    ("plan_id", "milestone_id", "seq"),
    (*OF_PLAN, (("plan_id", "milestone_id"), "milestones", ("plan_id", "milestone_id"))),
)
CHECKINS = Table(
    "checkins",
    "the one-on-ones held: date, length, the coachee's rating",
    (
        PLAN,
        _seq(),
        _date(required=True),
        _col("minutes", "INTEGER"),
        _col("rating", "INTEGER"),
        _col("notes", "TEXT", "checkins.notes"),
        _col("next_steps", "TEXT", "checkins.next_steps"),
    ),
    ("plan_id", "seq"),
    OF_PLAN,
)
FEEDBACK = Table(
    "feedback",
    "360-degree feedback: from whom (source and name), rating, the goal it concerns",
    (
        PLAN,
        _seq(),
        _date(required=True),
        _col("source", "TEXT", required=True),
        _col("given_by", "TEXT", "feedback.by"),
        _col("rating", "INTEGER"),
        _col("comment", "TEXT", "feedback.comment", required=True),
        _col("goal_id", "TEXT"),
    ),
    ("plan_id", "seq"),
    OF_PLAN,
)
SIGNOFFS = Table(
    "signoffs",
    "the sign-offs: role, name, date and the digest of what was agreed",
    (
        PLAN,
        _seq(),
        _col("role", "TEXT", required=True),
        _col("name", "TEXT", "signoffs.name", required=True),
        _date(required=True),
        _col("agreed", "TEXT", "signoffs.agreed"),
    ),
    ("plan_id", "seq"),
    OF_PLAN,
)
REVISIONS = Table(
    "revisions",
    "the dated record of why the plan changed (status changes included)",
    (PLAN, _seq(), _date(required=True), _col("summary", "TEXT", "revisions.summary")),
    ("plan_id", "seq"),
    OF_PLAN,
)

# In the order they are created and filled: each after the tables it refers to.
PLAN_TABLES = (
    PLANS,
    CLOSINGS,
    CLOSING_LEVELS,
    BASELINE_STRENGTHS,
    BASELINE_SKILLS,
    ASSESSMENTS,
    ASSESSMENT_LEVELS,
    GOALS,
    METRICS,
    MEASUREMENTS,
    ACTIONS,
    MILESTONES,
    MILESTONE_GOALS,
    CHECKINS,
    FEEDBACK,
    SIGNOFFS,
    REVISIONS,
)

META = Table(
    "meta",
    "about the export: dataset version, coachplan version, as-of day, options",
    (Column("key", "TEXT", required=True), Column("value", "TEXT")),
    ("key",),
)


def _next_milestone() -> tuple[Column, ...]:
    """A plan's or goal's next milestone in `report progress`."""
    return (
        Column("next_milestone_id", "TEXT"),
        Column("next_milestone_title", "TEXT", TEXT),
        Column("next_milestone_due", "DATE"),
    )


REPORT_PROGRESS = Table(
    "report_progress",
    "`report progress` on the as-of day: one row per plan",
    (
        PLAN,
        _col("title", "TEXT", "title", required=True),
        _col("coachee", "TEXT", "coachee", required=True),
        _col("coach", "TEXT", "coach", required=True),
        _col("sponsor", "TEXT", "sponsor"),
        _col("kind", "TEXT", required=True),
        _col("plan_status", "TEXT", required=True),
        _date("start_date", required=True),
        _date("end_date", required=True),
        _col("window_elapsed", "REAL", required=True),
        _col("status", "TEXT"),
        *_next_milestone(),
    ),
    ("plan_id",),
    OF_PLAN,
)
REPORT_PROGRESS_GOALS = Table(
    "report_progress_goals",
    "`report progress`: one row per goal",
    (
        PLAN,
        _col("goal_id", "TEXT", required=True),
        _col("statement", "TEXT", "goals.statement"),
        _date("due"),
        _col("expected", "REAL", required=True),
        _col("status", "TEXT"),
        *_next_milestone(),
    ),
    ("plan_id", "goal_id"),
    (
        *OF_PLAN,
        (("plan_id",), "report_progress", ("plan_id",)),
        (("plan_id", "goal_id"), "goals", ("plan_id", "goal_id")),
    ),
)
REPORT_PROGRESS_METRICS = Table(
    "report_progress_metrics",
    "`report progress`: one row per metric, its progress and status",
    (
        PLAN,
        _col("metric_id", "TEXT", required=True),
        _col("goal_id", "TEXT", required=True),
        _col("description", "TEXT", "goals.metrics.description", required=True),
        _col("unit", "TEXT", "goals.metrics.unit"),
        _col("baseline", "NUMERIC"),
        _col("target", "NUMERIC"),
        _col("minimum", "NUMERIC"),
        _col("direction", "TEXT"),
        _col("latest", "NUMERIC"),
        _date("latest_date"),
        _col("progress", "REAL"),
        _col("expected", "REAL", required=True),
        _col("status", "TEXT"),
        Column("reason", "TEXT", TEXT, required=True),
        _col("trend", "TEXT"),
        _col("meets_minimum", "BOOLEAN"),
    ),
    ("plan_id", "metric_id"),
    (
        *OF_PLAN,
        (("plan_id", "goal_id"), "report_progress_goals", ("plan_id", "goal_id")),
        (("plan_id", "metric_id"), "metrics", ("plan_id", "metric_id")),
    ),
)
REPORT_OVERDUE = Table(
    "report_overdue",
    "`report overdue` on the as-of day: check-ins, milestones and actions overdue",
    (
        PLAN,
        Column("item_seq", "INTEGER", required=True),
        _col("coach", "TEXT", "coach", required=True),
        _col("sponsor", "TEXT", "sponsor"),
        _col("coachee", "TEXT", "coachee", required=True),
        _col("kind", "TEXT", required=True),
        _col("item_id", "TEXT"),
        Column("title", "TEXT", TEXT, required=True),
        _date("due", required=True),
        _col("days_overdue", "INTEGER", required=True),
        _col("missed", "INTEGER"),
        _date("last_checkin"),
    ),
    ("plan_id", "item_seq"),
    OF_PLAN,
)

REPORT_COACHES = Table(
    "report_coaches",
    "`report coaches` for the period ending on the as-of day: one row per sponsor and coach",
    (
        Column("row_no", "INTEGER", required=True),
        _col("sponsor", "TEXT", "sponsor"),
        _col("coach", "TEXT", "coach", required=True),
        _col("plans", "INTEGER", required=True),
        _col("active_plans", "INTEGER", required=True),
        _col("held", "INTEGER", required=True),
        _col("expected", "INTEGER", required=True),
        _col("on_cadence", "REAL"),
        _col("ratings", "INTEGER", required=True),
        _col("average_rating", "REAL"),
        _col("overdue_checkins", "INTEGER", required=True),
        _col("overdue_items", "INTEGER", required=True),
        _col("metrics_improved", "INTEGER", required=True),
        _col("metrics_worsened", "INTEGER", required=True),
        _col("metrics", "INTEGER", required=True),
        _col("recognised", "BOOLEAN", required=True),
        _col("rhythm", "TEXT", required=True),
        Column("rhythm_reason", "TEXT", TEXT, required=True),
    ),
    ("row_no",),
)
REPORT_COACHES_BEHIND = Table(
    "report_coaches_behind",
    "`report coaches`: the plans of each row's coach that are behind on the as-of day",
    (Column("row_no", "INTEGER", required=True), PLAN),
    ("row_no", "plan_id"),
    ((("row_no",), "report_coaches", ("row_no",)), *OF_PLAN),
)

REPORT_TABLES = (
    REPORT_PROGRESS,
    REPORT_PROGRESS_GOALS,
    REPORT_PROGRESS_METRICS,
    REPORT_OVERDUE,
    REPORT_COACHES,
    REPORT_COACHES_BEHIND,
)
