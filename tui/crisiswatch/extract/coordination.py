"""Parts of a list that share one verb: "five protesters and three officers were killed",
"police detained 30 people in Bishkek and 12 in Osh", "20 were killed, plus one gendarme"."""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Callable

from crisiswatch.extract.casualty_patterns import (
    AGES,
    CASUALTY_WORD,
    GAPWORD,
    PATTERNS,
    PERSON,
)
from crisiswatch.extract.folding import compile_folded
from crisiswatch.extract.quantities import LEAD, QTY, QUAL, UNIT
from crisiswatch.extract.rules import Shape
from crisiswatch.extract.words import Words, matches_at
from crisiswatch.models import Kind

Adder = Callable[..., bool]
"""`add(kind, match, qty_start, qty_end, generic, extra, coordinated=True)`: keeps a part."""

_COORD_BEFORE = compile_folded(
    rf"""{LEAD}(?:(?P<qual>{QUAL})\s+)?(?P<qty>{QTY}){UNIT}(?:\s+{GAPWORD}){{1,3}}{AGES}?
    \s*(?:,\s*(?:and\s+|plus\s+)?|\s+(?:and|plus)\s+)$"""
)
"""An earlier part of the list, its ages set off in it ("two men, aged 22 and 31, and ...")."""
_ONE_BEFORE = compile_folded(
    rf"""\b(?P<qty>an?)\s+(?:[a-z][\w'-]*\s+)?{PERSON}{AGES}?
    \s*(?:,\s*(?:and\s+)?|\s+and\s+)$"""
)
"""An earlier part that is one person: "a man and a woman were killed", "a man and 12 others
were injured"."""
_ONE_OPENERS = frozenset(["a", "an"])
"""What `_ONE_BEFORE` opens with."""
_PART_LEAD_IN = (
    rf"(?:\s+(?:in|at|on|near|from)\s+[a-z][\w'-]*(?:\s+[a-z][\w'-]*)?|\s+{GAPWORD}){{0,4}}"
)
"""What may stand between a figure's phrase and the "," or "and" of its next part: a place
("in bishkek": the place name's capital is gone on folded text, so any word stands for it)."""
_PART_END = r"(?:\s+(?:in|at|on|near)\s+[a-z]|\s*[,.;]|\s*$)"
"""What ends a later part: its own place, a clause's end or the sentence's."""
_COORD_AFTER = compile_folded(
    rf"""{_PART_LEAD_IN}
    \s*(?:,\s*(?:and\s+|plus\s+)?|\s+(?:and|plus)\s+)(?:(?:another|a\s+further|an\s+additional)\s+)?
    (?:(?P<qual>{QUAL})\s+)?{LEAD}(?P<qty>{QTY}){UNIT}
    (?=(?:\s+(?:more|other|others|people|{PERSON}(?:s|es)?|policemen|
    servicemen|children|men|women|youths|persons))?{_PART_END})"""
)
_COORD_ANOTHER = compile_folded(
    rf"""{_PART_LEAD_IN}
    \s*(?:,\s*(?:and\s+)?|\s+and\s+)(?P<qty>another)(?:\s+{PERSON})?(?={_PART_END})"""
)
"""One more of the same, with no number: "a protester was killed on Monday and another on
Tuesday"."""
_COORD_ONE_AFTER = compile_folded(
    rf"""{_PART_LEAD_IN}
    \s*(?:,\s*(?:and\s+)?|\s+and\s+)(?P<qty>an?)\s+(?:[a-z][\w'-]*\s+)?{PERSON}(?={_PART_END})"""
)
"""One more person listed after the count: "claimed the lives of three marchers and a
policeman"."""
_KIN = compile_folded(r"\s(?:his|her|their)\s+$")
"""Whose the later part is: "a woman and her two children were killed" lists both."""
_COORD_REACH = 300
"""How far after a figure its coordinated part's "," or "and" may stand."""


def coordinated_before(text: str, m: re.Match[str], kind: Kind, add: Adder, words: Words) -> int:
    """ "five protesters and three police officers were killed": the first part shares the verb."""
    end = m.start()
    kin = _KIN.search(text, max(0, end - 12), end)  # "a woman and her two children"
    if kin is not None:
        end = kin.start() + 1  # the space after "and" kept
    added = 0
    starts = words.qty_starts
    for _ in range(4):
        lo = max(0, end - 90)
        # Every match ends in ",", "and" or "plus" and then space: where the text before `end`
        # does not, no quantity before it need be tried.
        if not text[lo:end].rstrip().endswith((",", "and", "plus")):
            break
        near = starts[bisect_left(starts, lo) : bisect_left(starts, end)]
        c = next(matches_at(_COORD_BEFORE, text, near, end), None)
        if c is None or CASUALTY_WORD.search(c.group(0)) or _counted_by_trigger(text, c, words):
            break
        added += add(kind, c, c.start("qty"), c.end("qty"), False, c.group(0), coordinated=True)
        end = c.start()
    lo = max(0, end - 60)
    if text[lo:end].rstrip().endswith((",", "and")):
        near = [p for p in words.at(_ONE_OPENERS) if lo <= p < end]
        one = next(matches_at(_ONE_BEFORE, text, near, end), None)
        if one is not None and not _counted_by_trigger(text, one, words):
            qs, qe = one.start("qty"), one.end("qty")
            added += add(kind, one, qs, qe, False, one.group(0), fixed=1, coordinated=True)
    return added


_TRIGGER_REACH = 60
"""How far before a count a trigger that reads it ("arrested 312 people") may open."""


def _counted_by_trigger(text: str, part: re.Match[str], words: Words) -> bool:
    """Whether a trigger before the part reads its count as its own ("police arrested 312
    people and 47 officers were injured": the 312 are the arrests, no part of the injured)."""
    qty = part.start("qty")
    for c in PATTERNS[Shape.COUNT_AFTER]:
        assert c.openers is not None
        at = [p for p in words.at(c.openers) if qty - _TRIGGER_REACH <= p < qty]
        if any(m.start("qty") == qty for m in matches_at(c.rx, text, at)):
            return True
    if part.group("qty")[0] in "aA":  # "police arrested a man, and two women were hurt"
        for c in PATTERNS[Shape.PERSON_AFTER]:
            assert c.openers is not None
            at = [p for p in words.at(c.openers) if qty - _TRIGGER_REACH <= p < qty]
            if any(m.end() > qty for m in matches_at(c.rx, text, at)):
                return True
    return False


def coordinated_after(text: str, m: re.Match[str], kind: Kind, add: Adder, words: Words) -> int:
    """ "police detained 30 people in Bishkek and 12 in Osh": the later part shares the verb."""
    pos = m.end()
    added = 0
    for _ in range(4):
        if not words.qty_starts or words.qty_starts[-1] < pos:
            break  # no quantity opens further on, so no later part
        last = min(words.qty_starts[-1], pos + _COORD_REACH)
        if (
            text.find(",", pos, last) < 0
            and text.find("and", pos, last) < 0
            and text.find("plus", pos, last) < 0
        ):
            break  # the later part opens with ",", "and" or "plus" before its quantity
        c = _COORD_AFTER.match(text, pos)
        if c is None or CASUALTY_WORD.search(c.group(0)):
            break
        added += add(kind, c, c.start("qty"), c.end("qty"), False, c.group(0), coordinated=True)
        pos = c.end()
    # One more person: every match of the first holds "another", of the second "a" soon after.
    if text.find("another", pos) >= 0:
        one: re.Pattern[str] | None = _COORD_ANOTHER
    else:
        one = _COORD_ONE_AFTER if text.find(" a", pos, pos + 40) >= 0 else None
    c = one.match(text, pos) if one is not None else None
    if c is not None and not CASUALTY_WORD.search(c.group(0)):
        qs, qe = c.start("qty"), c.end("qty")
        added += add(kind, c, qs, qe, False, c.group(0), fixed=1, coordinated=True)
    return added
