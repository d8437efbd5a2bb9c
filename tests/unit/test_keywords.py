"""Watch keywords: the substring shortcut must decide exactly what the whole-word pattern does."""

from __future__ import annotations

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from crisiswatch.keywords import _pattern, keyword_match

# Pieces that sit where the shortcut must agree with the pattern: case, word boundaries,
# hyphens, non-ASCII letters next to a keyword, and the four characters the pattern folds to
# ASCII (İ, ı, ſ, the Kelvin sign), one of which also changes length under `lower()`.
PIECES = [
    "Kyrgyz",
    "kyrgyz",
    "KYRGYZ",
    "stan",
    "Bishkek",
    "Ala-Too",
    "ala",
    "-",
    " ",
    "\n",
    "_",
    "é",
    "ß",
    "Σ",
    "Бишкек",
    "\u0130",
    "\u0131",
    "\u017f",
    "\u212a",
    "k",
    "s",
    "i",
    "I",
    "’",
    "1",
]
KEYWORDS = ["Kyrgyz", "Kyrgyzstan", "Bishkek", "Ala-Too", "kis", "Бишкек", "\u212ayrgyz", "ıI"]

texts = st.lists(st.sampled_from(PIECES), max_size=12).map("".join)
keyword_lists = st.lists(st.sampled_from(KEYWORDS), min_size=1, max_size=3)


@pytest.mark.slow
@settings(max_examples=3000, deadline=None)
@given(texts, keyword_lists)
@example("KYRGYZ", ["Kyrgyz"])
@example("\u212aYRGYZ", ["Kyrgyz"])  # the Kelvin sign matches "k" in the pattern
@example("\u0130Kyrgyz", ["Kyrgyz"])
@example("aKyrgyz Kyrgyz", ["Kyrgyz"])  # the first find fails the lookbehind, the next does not
@example("Kyrgyzstan", ["Kyrgyz"])
def test_the_shortcut_decides_as_the_pattern_does(text: str, keywords: list[str]) -> None:
    assert keyword_match(text, keywords) == (_pattern(tuple(keywords)).search(text) is not None)


def test_whole_words_in_any_case() -> None:
    assert keyword_match("Protests in BISHKEK on Monday", ["Bishkek"])
    assert keyword_match("Clashes near Ala-Too square", ["ala-too"])
    assert not keyword_match("Kyrgyzstan votes", ["Kyrgyz"])
    assert not keyword_match("No keyword here", ["Bishkek", "Japarov"])
    assert not keyword_match("anything", [])
