"""Property tests: any text extracts without error, with values in bounds and valid spans."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from crisiswatch.config import Election, Party
from crisiswatch.extract import extract
from crisiswatch.extract.numbers import MAX_VALUE
from crisiswatch.extract.sentences import split_sentences
from crisiswatch.models import Kind, Qual

BALLOT = Election(seats=120, threshold=7.0, parties=(Party("Birimdik"), Party("Kyrgyzstan")))

WORDS = [
    "at",
    "least",
    "one",
    "twenty-three",
    "dozens",
    "of",
    "people",
    "were",
    "killed",
    "injured",
    "detained",
    "died",
    "and",
    "590",
    "1,200",
    "over",
    "about",
    "between",
    "to",
    "-",
    "%",
    "percent",
    "Birimdik",
    "Kyrgyzstan",
    # Spellings `re` matches case-insensitively but `str.lower` does not map to the watch's.
    "Bırımdık",
    "BİRİMDİK",
    "KYRGYZſTAN",
    "won",
    "with",
    "turnout",
    "threshold",
    "no",
    "arrests",
    "crowd",
    "gathered",
    "thousands",
    "protesters",
    ".",
    ",",
    "\n",
    "Advertisement",
    "RELATED",
    "Oct.",
    "(UPI)",
    "--",
    "a",
    "protester",
    "20-year-old",
    "$5",
    "2020",
    "last",
    "year",
]
phrases = st.lists(st.sampled_from(WORDS), max_size=60).map(" ".join)


def check(text: str) -> None:
    for election in (None, BALLOT):
        ex = extract(text, election)
        assert set(ex.totals) == set(Kind)
        for f in ex.figures:
            assert 0 <= f.start <= f.end <= len(text)
            assert 0 <= f.value <= MAX_VALUE
            assert (f.high is not None) == (f.qual is Qual.RANGE)
            assert f.high is None or f.high > f.value
            assert f.sentence and f.sentence in text
        for t in ex.totals.values():
            if t is not None:
                assert t.value >= 0 and (t.high is None or t.high >= t.value)
        for r in ex.results:
            assert 0 < r.pct <= 100 and 0 <= r.start <= r.end <= len(text)
        for pct in (ex.reporting_pct, ex.turnout_pct, ex.threshold_pct):
            assert pct is None or 0 < pct <= 100


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=400))
def test_any_text(text: str) -> None:
    check(text)


@pytest.mark.slow
@settings(max_examples=500, deadline=None)
@given(phrases)
def test_news_like_word_salad(text: str) -> None:
    check(text)


@given(st.text(max_size=300))
def test_sentence_spans_are_exact(text: str) -> None:
    for s in split_sentences(text):
        assert text[s.start : s.end] == s.text
