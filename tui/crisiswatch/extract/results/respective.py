"""Shares listed after the names they belong to, in the same order ("A and B won 31.2 and 22.4
percent respectively"): each name of the list owns the share in its place."""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache

from crisiswatch.extract.results.names import (
    CAP,
    NAME_PARTICLES,
    Name,
    canonical_name,
    span_in,
    tidy,
)
from crisiswatch.extract.results.rules import Rule

_JOINED = re.compile(r"\s*(?:,\s*(?:and\s+)?|and\s+)", re.IGNORECASE)
"""What stands between two shares of one list: a comma, an "and" or both."""
_PARTICLES = "|".join(p for p in NAME_PARTICLES if p not in ("to", "a"))
_NAME = rf"({CAP}(?:(?:\s+(?:{_PARTICLES})\s+|\s+|\s*-\s*){CAP}){{0,5}})"
"""One name of a list: capitalised words, with the small words names hold, but no "and" (nor
"to" or "a", which stand between the names of a list as often as inside one)."""
_MAX_LISTED = 6


@lru_cache(maxsize=_MAX_LISTED)
def _list_of(k: int) -> re.Pattern[str]:
    """`k` names listed as news lists them: "A, B and C", "A and the B", "A, B, and C"."""
    middle = rf"\s*,\s*(?:the\s+)?{_NAME}" * (k - 2)
    return re.compile(rf"{_NAME}{middle},?\s+and\s+(?:the\s+)?{_NAME}")


def respective_owners(
    text: str,
    marks: Sequence[re.Match[str]],
    rules: Sequence[Rule],
    known: Sequence[re.Match[str]],
    canonical: dict[str, str],
) -> dict[int, Name]:
    """The owner of each share (by where it starts) that a `rules` pattern ("respectively")
    follows as the last of a list, when as many names are listed before the list's first.
    Called only for a sentence that holds "respectively" (a substring test by the caller)."""
    if not rules:
        return {}
    for rule in rules:
        for i, last in enumerate(marks):
            if rule.pattern.match(text, last.end()) is None:
                continue
            first = i
            while first > 0 and _JOINED.fullmatch(
                text, marks[first - 1].end(), marks[first].start()
            ):
                first -= 1
            listed = marks[first : i + 1]
            if not 2 <= len(listed) <= _MAX_LISTED:
                continue
            lo = marks[first - 1].end() if first > 0 else 0
            names = _listed_names(text, lo, listed[0].start(), len(listed), known, canonical)
            if names is not None:
                return {m.start(): name for m, name in zip(listed, names, strict=True)}
    return {}


def _listed_names(
    text: str,
    lo: int,
    hi: int,
    k: int,
    known: Sequence[re.Match[str]],
    canonical: dict[str, str],
) -> list[Name] | None:
    """The last list of `k` names in `text[lo:hi]`, each tidied, or None."""
    lists = list(_list_of(k).finditer(text, lo, hi))
    if not lists:
        return None
    found = lists[-1]  # the list nearest the shares
    names: list[Name] = []
    for g in range(1, k + 1):
        start, end = found.span(g)
        watched = next((p for p in known if p.end() == end and p.start() >= start), None)
        if watched is not None:
            names.append(Name(canonical_name(canonical, watched.group(0)), True, *watched.span()))
            continue
        name = tidy(text[start:end], False)
        if not name:
            return None
        begin, stop = span_in(text[start:end], name)
        names.append(Name(name, False, start + begin, start + stop))
    return names
