"""The position scanner is total: it ends on any text, and only points inside it."""

from __future__ import annotations

import signal
from collections.abc import Iterator
from contextlib import contextmanager

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from coachplan.files.positions import index_positions
from tests.strategies import damaged_plan

TOKENS = ["a", "b-c", "=", " ", '"', "'", '"""', "'''", "{", "}", "[", "]", "[[", "]]"]
TOKENS += [",", "\n", "\r", "\t", ".", "#", "1", "2026-09-01", "\\", "\\u00e9", "é", "\x00"]
texts = st.one_of(
    st.lists(st.sampled_from(TOKENS), max_size=60).map("".join),
    st.text(max_size=200),
)


@contextmanager
def deadline(seconds: int) -> Iterator[None]:
    def stop(*_: object) -> None:
        raise TimeoutError("the scanner did not end")

    previous = signal.signal(signal.SIGALRM, stop)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


def check(text: str) -> None:
    with deadline(5):
        index = index_positions(text)
    assert all(0 <= offset <= len(text) for offset in index.offsets.values())
    for path in index.offsets:
        line, column = index.locate(path)
        assert 1 <= line <= text.count("\n") + 1 and column >= 1


@pytest.mark.parametrize(
    "text",
    [
        'a = { date = 2026-09-01, note = "abc }\nb = "x"\n',
        "a = { date = 2026-09-01, note = 'abc }\nb = 'x'\n",
        ",'\"\\\\",
        " ,aaa\r\ta.{#a\\}1-\t}",
        "a = [,,, = ]",
        "[a\n[[b",
        "a = " + "[" * 5000,
        '"""',
        'x = """abc',
    ],
)
def test_damaged_text_that_once_hung_the_scanner(text: str) -> None:
    check(text)


def test_an_unterminated_string_ends_at_its_line() -> None:
    index = index_positions('a = { note = "abc }\nb = 1\n')
    assert index.locate(("a", "note")) == (1, 7)
    assert index.locate(("a", "b")) == (2, 1)  # TOML 1.1: the table goes on


def test_inline_tables_over_several_lines() -> None:
    index = index_positions('a = {\n  b = 1,\n  c = "x",\n}\nd = 2\n')
    assert [index.locate(p) for p in [("a", "b"), ("a", "c"), ("d",)]] == [(2, 3), (3, 3), (5, 1)]


@settings(max_examples=300, deadline=None, suppress_health_check=list(HealthCheck))
@given(texts)
def test_the_scanner_ends_on_any_text(text: str) -> None:
    check(text)


@settings(max_examples=60, deadline=None, suppress_health_check=list(HealthCheck))
@given(damaged_plan())
def test_the_scanner_ends_on_damaged_plans(data: bytes) -> None:
    check(data.decode("utf-8", "replace"))
