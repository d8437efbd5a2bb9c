"""Whole-word, case-insensitive keyword matching that decides which items count toward a watch."""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache


@lru_cache(maxsize=256)
def _pattern(keywords: tuple[str, ...]) -> re.Pattern[str]:
    # Longest first so "Mekenim Kyrgyzstan" wins over "Kyrgyzstan" when both could match.
    alts = "|".join(re.escape(k) for k in sorted(keywords, key=len, reverse=True))
    return re.compile(rf"(?<!\w)(?:{alts})(?!\w)", re.IGNORECASE)


def keyword_match(text: str, keywords: Sequence[str]) -> bool:
    """True when a keyword stands in `text` as a whole word ("Kyrgyz" is not in "Kyrgyzstan")."""
    if not keywords:
        return False
    return _pattern(tuple(keywords)).search(text) is not None
