"""Whole-word, case-insensitive keyword matching that decides which items count toward a watch."""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache

_FOLD_TO_ASCII = ("\u0130", "\u0131", "\u017f", "\u212a")
"""The only non-ASCII characters that a case-insensitive pattern matches to an ASCII letter
(İ, ı, ſ and the Kelvin sign); U+0130 is also the only one whose `lower()` is two characters."""


@lru_cache(maxsize=256)
def _pattern(keywords: tuple[str, ...]) -> re.Pattern[str]:
    # Longest first so "Mekenim Kyrgyzstan" wins over "Kyrgyzstan" when both could match.
    alts = "|".join(re.escape(k) for k in sorted(keywords, key=len, reverse=True))
    return re.compile(rf"(?<!\w)(?:{alts})(?!\w)", re.IGNORECASE)


@lru_cache(maxsize=256)
def _matcher(keywords: tuple[str, ...]) -> tuple[re.Pattern[str], tuple[str, ...] | None]:
    """The pattern, and the keywords lower-cased when all are ASCII (then `lower()` folds them
    exactly as the pattern does): one cache look-up per item and watch."""
    if not all(k.isascii() for k in keywords):
        return _pattern(keywords), None
    return _pattern(keywords), tuple(k.lower() for k in keywords)


def keyword_match(text: str, keywords: Sequence[str]) -> bool:
    """True when a keyword stands in `text` as a whole word ("Kyrgyz" is not in "Kyrgyzstan").

    The pattern opens with a lookbehind, so the regex engine tries it at every position of the
    text, and most items of most watches hold no keyword (benchmarks/README.md, "Figures behind
    the code"). Where plain substring tests are exact (ASCII keywords, none of the characters the pattern
    folds to ASCII in the text), they decide the misses and tell the pattern where to start.
    """
    if not keywords:
        return False
    pattern, lowered = _matcher(tuple(keywords))
    if lowered is None or any(c in text for c in _FOLD_TO_ASCII):
        return pattern.search(text) is not None
    low = text.lower()  # as long as `text`: U+0130 is not in it
    first = -1
    for k in lowered:
        at = low.find(k)
        if at >= 0 and (first < 0 or at < first):
            first = at
    if first < 0:
        return False
    # No keyword starts before `first`; the lookbehind still sees the character before it.
    return pattern.search(text, first) is not None
