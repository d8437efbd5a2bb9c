"""The race-status and race-mark fast paths give what their plain versions give."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from crisiswatch.extract.folding import fold, folded_twin
from crisiswatch.extract.results import status
from crisiswatch.extract.results.races import race_marks, race_marks_plain

PIECES = [
    "The commission annulled the results",
    " of the parliamentary vote",
    ". ",
    "! ",
    "? ",
    "\n",
    "Protesters demanded that the vote be annulled",
    "A second round will be held",
    " in the presidential race",
    "Final results gave the Greens 12.4%",
    " preliminary results",
    "the election was cancelled",
    " Seats in the Duma",
    " and the senate",
    "x" * 150,
    " ",
    "Why?",
    "Wow!",
]
TEXTS = st.lists(st.sampled_from(PIECES), max_size=30).map("".join)


@pytest.mark.slow
@settings(max_examples=400, deadline=None)
@given(TEXTS, st.data())
def test_status_sentences_cut_as_with_every_end_looked_for(text: str, data: st.DataObject) -> None:
    """Leaving out the ends whose first character the text lacks never moves a cut."""
    positions = data.draw(st.lists(st.integers(0, max(0, len(text) - 1)), max_size=8))
    assert status._sentences(text, positions) == status._sentences(text, positions, status._ENDS)


@settings(max_examples=300, deadline=None)
@given(TEXTS, st.booleans())
def test_statuses_read_alike_with_the_caller_s_lower_case(text: str, results: bool) -> None:
    assert status.read_statuses(text, results, low=text.lower()) == status.read_statuses(
        text, results
    )


@settings(max_examples=300, deadline=None)
@given(TEXTS, TEXTS)
def test_race_marks_remembered_only_for_the_same_text(first: str, second: str) -> None:
    """The memory of the last text never answers for another one, even an equal copy."""
    for text in (first, second, first, "".join([first]), second):
        assert race_marks(text) == race_marks_plain(text)
        assert race_marks(text) == race_marks_plain(text)  # the remembered answer


def test_race_marks_find_races_named() -> None:
    text = "In the presidential race the president-elect won; the Duma holds 450 seats."
    assert [race for _, race in race_marks(text)] == [
        "presidential",
        "presidential",
        "parliamentary",
        "parliamentary",
    ]


ODD = st.sampled_from(["İ", "ı", "ſ", "\u212a", "ß", "É", "ﬁ", "FİNAL", "ANNULLED"])
FOLDY = st.lists(st.one_of(st.sampled_from(PIECES), ODD), max_size=20).map("".join)
PATTERNS = [rx for r in status.STATUS_RULES for rx in (r.pattern, r.unless) if rx is not None]


@settings(max_examples=400, deadline=None)
@given(FOLDY)
def test_folded_twins_find_what_the_patterns_find(text: str) -> None:
    """Each rule pattern run as its twin on folded text matches where the pattern matches on
    the text, odd case folds (dotless i, long s, Kelvin sign) included."""
    folded = fold(text)
    for rx in PATTERNS:
        plain = rx.search(text)
        fast = status.search(rx, text, folded)
        assert (plain and plain.span()) == (fast and fast.span()), rx.pattern[:40]


@settings(max_examples=300, deadline=None)
@given(FOLDY)
def test_rule_status_with_twins_is_rule_status_plain(text: str) -> None:
    assert status.rule_status(text) == status.rule_status(text, plain=True)


def test_every_status_pattern_has_a_folded_twin() -> None:
    """A rule written so that it cannot be folded would quietly run at the slow speed."""
    assert all(folded_twin(rx) is not None for rx in PATTERNS)


def test_folded_twin_refuses_what_lower_casing_would_change() -> None:
    assert folded_twin(re.compile(r"(?P<qty>\d+) Killed", re.IGNORECASE)) is None
    assert folded_twin(re.compile(r"\S+ killed", re.IGNORECASE)) is None
    assert folded_twin(re.compile(r"Killed")) is None  # case-sensitive: runs as written
    twin = folded_twin(re.compile(r"\bSunday's\s+vote", re.IGNORECASE))
    assert twin is not None and twin.search(fold("On SUNDAY'S vote")) is not None
