"""The privacy options of the dataset export, for data that leaves the team.

- `--redact` leaves out every free-text field (coachplan.core.dataset.FREE_TEXT): what
  people wrote in prose about a coachee (notes, comments, next steps, summaries,
  evidence, strengths, goal statements, resources, reasons).
- `--pseudonymize` replaces each person's name (coachee, coach, sponsor, who gave
  feedback, who signed) with `person-` and the first 16 hex digits of HMAC-SHA256 of the
  name under a secret key, and each plan id (which names its coachee) with `plan-` and
  the same of the id. The same name gives the same pseudonym in every export made with
  the same key, so that analyses over time still join; without the key nobody can tell
  whose it is, or try a list of names to find out. Wherever a name or plan id of the
  workspace appears as words of its own in the text kept (a title, a description, or free
  text not redacted), it is replaced too. Free text can still name people in other ways
  (a first name, a nickname), so data that leaves the organisation should also be
  redacted.

16 hex digits are 64 bits: among n distinct names the chance that two share a pseudonym is
about n² / 2^65 (1 in 370 million for 10,000 names; 1 in 37,000 for a million).
"""

from __future__ import annotations

import hashlib
import hmac
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from coachplan.core.dataset import FREE, FREE_TEXT, PATH, PERSON, PLAN_ID, TEXT, role_of
from coachplan.core.errors import UsageError
from coachplan.core.model import TABLE_MODELS, Plan

KEY_VARIABLE = "COACHPLAN_PSEUDONYM_KEY"
MIN_KEY_BYTES = 16
DIGITS = 16


def pseudonym_key(value: str | None) -> bytes:
    """The key of `--pseudonymize`, from the value of COACHPLAN_PSEUDONYM_KEY; UsageError
    (exit 2) when it is not set or too short to keep the names secret."""
    hint = (
        f"set {KEY_VARIABLE} to a secret of at least {MIN_KEY_BYTES} characters, kept where "
        "your team keeps secrets, the same for every export that must join, e.g. "
        "python3 -c 'import secrets; print(secrets.token_urlsafe(32))'"
    )
    if not value:
        raise UsageError(f"--pseudonymize needs a key in {KEY_VARIABLE}", hint=hint)
    key = value.encode("utf-8", "surrogateescape")
    if len(key) < MIN_KEY_BYTES:
        raise UsageError(
            f"{KEY_VARIABLE} is shorter than {MIN_KEY_BYTES} characters: a short key can be "
            "guessed from a list of names",
            hint=hint,
        )
    return key


def people(plan: Plan) -> Iterator[str | None]:
    """Everyone a plan names in its person fields."""
    yield from (plan.coachee, plan.coach, plan.sponsor)
    yield from (f.by for f in plan.feedback)
    yield from (s.name for s in plan.signoffs)


def names_of(plan_id: str, plan: Plan) -> tuple[tuple[str, ...], str]:
    """A plan's names and its id: what `--pseudonymize` replaces wherever they appear
    (picklable, for a first pass over the workspace in worker processes)."""
    return tuple(sorted({n for n in people(plan) if n})), plan_id


@dataclass(frozen=True)
class Privacy:
    """What an export leaves out (`redact`), the key it pseudonymizes with (`key`), and
    the names and plan ids it replaces where they appear in text."""

    redact: bool = False
    key: bytes | None = None
    names: frozenset[str] = field(default_factory=frozenset)
    plan_ids: frozenset[str] = field(default_factory=frozenset)

    @property
    def pseudonymize(self) -> bool:
        return self.key is not None

    def _digest(self, kind: bytes, text: str) -> str:
        assert self.key is not None
        message = kind + b"\0" + text.encode("utf-8", "surrogateescape")
        return hmac.new(self.key, message, hashlib.sha256).hexdigest()[:DIGITS]

    def person(self, name: str) -> str:
        return "person-" + self._digest(b"person", name) if self.key else name

    def plan_id(self, plan_id: str) -> str:
        return "plan-" + self._digest(b"plan", plan_id) if self.key else plan_id

    def of_plan(self, plan_id: str, plan: Plan) -> PlanPrivacy:
        """The options applied to one plan's rows and data."""
        if not self.pseudonymize:
            return PlanPrivacy(self, None)
        shared = self.replacer()
        own = {n for n in people(plan) if n} | {plan_id}
        missing = {n for n in own if n not in shared.replacements}
        if not missing:
            return PlanPrivacy(self, shared)
        # A plan the first pass did not see (written meanwhile): its own names as well.
        extra = {n: self.plan_id(n) if n == plan_id else self.person(n) for n in missing}
        return PlanPrivacy(self, Replacer(shared.replacements | extra))

    def replacer(self) -> Replacer:
        """What replaces the workspace's names and plan ids in text; built once per process
        (a worker builds it for its first plan, not for every one)."""
        assert self.key is not None
        marker = (self.key, hash((self.names, self.plan_ids)))
        shared = _REPLACERS.get(marker)
        if shared is None:
            _REPLACERS.clear()
            shared = _REPLACERS[marker] = Replacer(
                {n: self.person(n) for n in self.names}
                | {p: self.plan_id(p) for p in self.plan_ids}
            )
        return shared


_REPLACERS: dict[tuple[bytes, int], Replacer] = {}


# Text as words (letters, digits, `_` and `-`: plan ids are words) and what is between them.
_PIECES = re.compile(r"[\w-]+|[^\w-]+")


class Replacer:
    """Replaces known names in text where they stand as whole words ("Agent 22" is never
    the start of "Agent 2291"; the longest name wins where two start alike). The names
    are a tree of their words, so that thousands of them cost a dictionary lookup per
    word of text."""

    def __init__(self, replacements: dict[str, str]) -> None:
        self.replacements = replacements
        self.tree: dict[str, Any] = {}
        for name in replacements:
            node = self.tree
            for piece in _PIECES.findall(name):
                node = node.setdefault(piece, {})
            node[""] = name  # no piece is empty: "" marks the end of a name

    def __call__(self, text: str) -> str:
        pieces = _PIECES.findall(text)
        out: list[str] = []
        i = 0
        while i < len(pieces):
            node, j, found, after = self.tree, i, None, i
            while j < len(pieces) and pieces[j] in node:
                node = node[pieces[j]]
                j += 1
                if "" in node:
                    found, after = node[""], j
            if found is None:
                out.append(pieces[i])
                i += 1
            else:
                out.append(self.replacements[found])
                i = after
        return "".join(out)


@dataclass(frozen=True)
class PlanPrivacy:
    privacy: Privacy
    replace: Replacer | None  # None: nothing to replace (not pseudonymizing)

    def value(self, role: str, value: Any) -> Any:
        """A value of a column or field with this role, as the export writes it."""
        if value is None or self.replace is None:
            return value
        if role == PLAN_ID:
            return self.privacy.plan_id(value)
        if role == PERSON:
            return self.privacy.person(value)
        if role == PATH:
            return None  # a path names the plan
        if role in (FREE, TEXT):
            if isinstance(value, list):
                return [self.replace(v) for v in value]
            return self.replace(value)
        return value

    def data(self, node: dict[str, Any], table: str = "") -> dict[str, Any]:
        """A plan's data (or a table of it, at its path in the format) as exported."""
        out: dict[str, Any] = {}
        for key, value in node.items():
            path = f"{table}.{key}" if table else key
            if path in TABLE_MODELS and isinstance(value, dict):
                out[key] = self.data(value, path)
            elif path in TABLE_MODELS and isinstance(value, list):
                out[key] = [self.data(v, path) for v in value]
            elif path in FREE_TEXT and self.privacy.redact:
                continue
            else:
                out[key] = self.value(role_of(path), value)
        return out


def known(found: Iterable[tuple[tuple[str, ...], str]]) -> tuple[frozenset[str], frozenset[str]]:
    """The names and plan ids of a first pass (`names_of` of every plan)."""
    names: set[str] = set()
    plan_ids: set[str] = set()
    for plan_names, plan_id in found:
        names.update(plan_names)
        plan_ids.add(plan_id)
    return frozenset(names), frozenset(plan_ids)
