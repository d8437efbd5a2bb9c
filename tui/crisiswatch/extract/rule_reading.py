"""Every casualty rule's pattern tried, shape by shape, only where it can open."""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Callable

from crisiswatch.extract.casualty_patterns import (
    AGED_MARK,
    PATTERNS,
    PERSON_WORDS,
    ZERO_OPENERS,
    Compiled,
)
from crisiswatch.extract.context import generic_gap
from crisiswatch.extract.coordination import Adder
from crisiswatch.extract.rules import Shape
from crisiswatch.extract.words import Words, matches_at
from crisiswatch.models import Kind

_ASIDE_REACH = 110
"""How far after a count's opening the word of an aside in its gap may stand: the gap's two
words and the aside's opening word, with a long qualified quantity before them."""


def read_rules(
    folded: str,
    words: Words,
    numeric: bool,
    add: Adder,
    coordinate: Callable[[Kind, re.Match[str], bool], None],
) -> None:
    """Try every casualty rule's pattern, shape by shape, where it can open."""
    for c in PATTERNS[Shape.ZERO]:
        for m in matches_at(c.rx, folded, words.at(ZERO_OPENERS)):
            r = c.rule_of(m)
            if r is not None:
                add(r.kind, m, m.start(), m.end(), False, "", fixed=0, rule=r.name)
    if numeric:
        qty_starts = words.qty_starts
        read: set[int] = set()  # where a count was read already: no aside variant there
        for c in PATTERNS[Shape.COUNT_FIRST]:
            starts = qty_starts
            if c.needs:  # the aside variant: only where an aside's word follows closely
                at = words.at(c.needs)
                if not at:
                    continue
                starts = [
                    p for p in starts if p not in read and _any_within(at, p, p + _ASIDE_REACH)
                ]
            for m in matches_at(c.rx, folded, starts):
                read.add(m.start())
                gap = m.group("gap")
                _add_count(c, m, generic_gap(gap), gap, add, coordinate)
        for c in PATTERNS[Shape.COUNT_AFTER]:
            assert c.openers is not None
            for m in matches_at(c.rx, folded, words.at(c.openers)):
                trig = m.group(0)[: m.start("qty") - m.start()]
                _add_count(c, m, True, trig, add, coordinate)
    person = words.has_any(PERSON_WORDS) or AGED_MARK in folded  # a single names its person
    for c in PATTERNS[Shape.PERSON_FIRST]:  # ... or is the one of the clause before
        assert c.openers is not None
        if (c.person and not person) or (c.needs and not words.has_any(c.needs)):
            continue
        for m in matches_at(c.rx, folded, words.at(c.openers)):
            r = c.rule_of(m)
            if r is None:
                continue
            ok = add(r.kind, m, m.start(), m.end(), False, m.group(0), fixed=1, rule=r.name)
            coordinate(r.kind, m, ok)
    if person:
        for c in PATTERNS[Shape.PERSON_AFTER]:
            assert c.openers is not None
            for m in matches_at(c.rx, folded, words.at(c.openers)):
                r = c.rule_of(m)
                if r is None:
                    continue
                add(r.kind, m, m.start(), m.end(), False, m.group(0), fixed=1, rule=r.name)


def _add_count(
    c: Compiled,
    m: re.Match[str],
    generic: bool,
    extra: str,
    add: Adder,
    coordinate: Callable[[Kind, re.Match[str], bool], None],
) -> None:
    """The count a rule's match states, added with the parts listed beside it."""
    r = c.rule_of(m)
    if r is None:
        return
    ok = add(
        r.kind,
        m,
        m.start("qty"),
        m.end("qty"),
        generic,
        extra,
        rule=r.name,
        toll_rule=r.toll,
        part=r.part,
    )
    coordinate(r.kind, m, ok)


def _any_within(at: list[int], lo: int, hi: int) -> bool:
    i = bisect_left(at, lo)
    return i < len(at) and at[i] < hi
