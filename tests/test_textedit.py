"""In-place edits keep every line they do not touch, for any content (hypothesis)."""

from __future__ import annotations

import tomllib
from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from coachplan.core.errors import RefusedWrite
from coachplan.core.rulebook.examples import BASE
from coachplan.files.textedit import (
    AddTable,
    AppendItem,
    RemoveItem,
    RemoveKey,
    RemoveTable,
    SetItem,
    SetValue,
    apply,
)
from tests.editing_plans import COMMENTED, line_changes

texts = st.text(
    st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"), min_size=1
)
numbers = st.one_of(
    st.integers(-(10**9), 10**9), st.floats(allow_nan=False, allow_infinity=False, width=32)
)


@settings(max_examples=60, deadline=None)
@given(notes=texts, rating=st.integers(1, 5))
def test_new_entry_adds_lines_only(notes: str, rating: int) -> None:
    entry = {"date": date(2026, 11, 21), "notes": notes, "rating": rating}
    data = tomllib.loads(COMMENTED)
    text, expected = apply(COMMENTED, data, [AddTable((), "checkins", entry)])
    assert tomllib.loads(text) == expected
    assert expected["checkins"][-1] == entry
    removed, _ = line_changes(COMMENTED, text)
    assert removed == []


@settings(max_examples=60, deadline=None)
@given(value=numbers, note=st.one_of(st.none(), texts))
def test_appended_measurement_adds_lines_only(value: float, note: str | None) -> None:
    item = {"date": date(2026, 11, 21), "value": value, **({"note": note} if note else {})}
    op = AppendItem(("goals", 0, "metrics", 0), "measurements", item)
    text, expected = apply(COMMENTED, tomllib.loads(COMMENTED), [op])
    assert tomllib.loads(text) == expected
    removed, _ = line_changes(COMMENTED, text)
    assert removed == []


def test_new_key_goes_in_canonical_order() -> None:
    text, _ = apply(BASE, tomllib.loads(BASE), [SetValue(("actions", 0), "status", "doing")])
    assert 'due = 2026-10-20\nstatus = "doing"\n' in text


def test_first_array_item_creates_the_canonical_array() -> None:
    source = BASE.replace("measurements = [\n  { date = 2026-09-15, value = 25 },\n]\n", "")
    op = AppendItem(
        ("goals", 0, "metrics", 0), "measurements", {"date": date(2026, 10, 1), "value": 3}
    )
    text, _ = apply(source, tomllib.loads(source), [op])
    assert text == BASE.replace("2026-09-15, value = 25", "2026-10-01, value = 3")


def test_single_line_array_stays_on_one_line() -> None:
    source = BASE.replace(
        "measurements = [\n  { date = 2026-09-15, value = 25 },\n]",
        "measurements = [{ date = 2026-09-15, value = 25 }]  # so far",
    )
    op = AppendItem(
        ("goals", 0, "metrics", 0), "measurements", {"date": date(2026, 10, 1), "value": 3}
    )
    text, _ = apply(source, tomllib.loads(source), [op])
    _removed, added = line_changes(source, text)
    assert added == [
        "measurements = [{ date = 2026-09-15, value = 25 }, "
        "{ date = 2026-10-01, value = 3 }]  # so far\n"
    ]


def test_file_without_final_newline() -> None:
    source = BASE.rstrip("\n")
    text, _ = apply(
        source,
        tomllib.loads(source),
        [AddTable((), "revisions", {"date": date(2026, 11, 1), "summary": "x"})],
    )
    assert text.startswith(source + "\n\n[[revisions]]\n")


def test_an_edit_that_would_change_other_data_is_refused() -> None:
    # Check-ins written as an inline array cannot take a [[checkins]] entry: the spliced
    # text would not parse, so the edit is refused instead of written.
    source = BASE.replace(
        '[[checkins]]\ndate = 2026-11-20\nnotes = "Reviewed the escalation log"\nrating = 4\n',
        "",
    ).replace(
        'checkin_every = "fortnightly"\n',
        'checkin_every = "fortnightly"\ncheckins = [{ date = 2026-11-20 }]\n',
    )
    data = tomllib.loads(source)
    with pytest.raises(RefusedWrite, match="without disturbing"):
        apply(source, data, [AddTable((), "checkins", {"date": date(2026, 11, 21)})])


def test_inline_table_cannot_take_a_new_table() -> None:
    source = BASE.replace(
        '[baseline]\ndate = 2026-09-03\nmethod = "360 survey and structured interview"\n',
        'baseline = { date = 2026-09-03, method = "360 survey" }\n',
    ).replace(
        '[[baseline.skills]]\nskill = "delegation"\nlevel = 2\ntarget = 4\n'
        'evidence = "Handles every roster change personally"\n',
        "",
    )
    data = tomllib.loads(source)
    with pytest.raises(RefusedWrite, match="not written as a \\[table\\]"):
        apply(
            source,
            data,
            [AddTable(("baseline",), "skills", {"skill": "x", "level": 1, "target": 2})],
        )


@settings(max_examples=30, deadline=None)
@given(notes=texts, rating=st.integers(1, 5))
def test_removing_an_added_entry_gives_the_text_back(notes: str, rating: int) -> None:
    entry = {"date": date(2026, 11, 21), "notes": notes, "rating": rating}
    data = tomllib.loads(COMMENTED)
    text, added = apply(COMMENTED, data, [AddTable((), "checkins", entry)])
    back, expected = apply(text, added, [RemoveTable((), "checkins", 1)])
    assert back == COMMENTED and expected == data


@settings(max_examples=30, deadline=None)
@given(value=numbers, note=st.one_of(st.none(), texts))
def test_removing_an_appended_item_gives_the_text_back(value: float, note: str | None) -> None:
    item = {"date": date(2026, 11, 21), "value": value, **({"note": note} if note else {})}
    where = ("goals", 0, "metrics", 0)
    text, added = apply(
        COMMENTED, tomllib.loads(COMMENTED), [AppendItem(where, "measurements", item)]
    )
    back, _ = apply(text, added, [RemoveItem(where, "measurements", 1)])
    assert back == COMMENTED


def test_removing_an_entry_takes_its_own_lines_and_comments_only() -> None:
    text, _ = apply(COMMENTED, tomllib.loads(COMMENTED), [RemoveTable((), "actions", 0)])
    removed, added = line_changes(COMMENTED, text)
    assert added == []
    assert "# booked for the first two Tuesdays\n" in removed  # inside the entry: it goes
    assert "# ---------------------------------------------------------------- actions\n" in text
    assert "# One-on-ones, newest last.\n" in text


def test_removing_a_goal_takes_its_metrics_with_it() -> None:
    data = tomllib.loads(COMMENTED)
    ops = [
        RemoveTable((), "actions", 0),
        RemoveTable((), "milestones", 0),
        RemoveTable((), "goals", 0),
    ]
    text, expected = apply(COMMENTED, data, ops)
    assert "[[goals.metrics]]" not in text and "goals" not in expected
    assert tomllib.loads(text) == expected


def test_emptying_an_array_with_comments_keeps_the_comments() -> None:
    where = ("goals", 0, "metrics", 0)
    text, _ = apply(COMMENTED, tomllib.loads(COMMENTED), [RemoveItem(where, "measurements", 0)])
    assert "  # October reading to come\n]" in text
    assert tomllib.loads(text)["goals"][0]["metrics"][0]["measurements"] == []
    emptied, _ = apply(BASE, tomllib.loads(BASE), [RemoveItem(where, "measurements", 0)])
    assert "measurements" not in emptied  # without comments the empty array goes


def test_an_inline_entry_cannot_be_removed_in_place() -> None:
    source = BASE.replace(
        '[[checkins]]\ndate = 2026-11-20\nnotes = "Reviewed the escalation log"\nrating = 4\n', ""
    ).replace(
        'checkin_every = "fortnightly"\n',
        'checkin_every = "fortnightly"\ncheckins = [{ date = 2026-11-20 }]\n',
    )
    with pytest.raises(RefusedWrite, match="not written as a \\[\\[table\\]\\]"):
        apply(source, tomllib.loads(source), [RemoveTable((), "checkins", 0)])


def test_setting_an_item_and_removing_a_key_keep_the_line_comments() -> None:
    source = COMMENTED.replace(
        'goals = ["delegate-roster"]', 'goals = ["delegate-roster"]  # the one'
    )
    ops = [SetItem(("milestones", 0), "goals", 0, "own-roster"), RemoveKey(("actions", 0), "due")]
    text, _ = apply(source, tomllib.loads(source), ops)
    assert 'goals = ["own-roster"]  # the one\n' in text and "due = 2026-10-20" not in text
