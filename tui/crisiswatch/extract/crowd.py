"""Crowd sizes: "thousands gathered", "a crowd of 5,000", "a 10,000-strong rally".

Each pattern is built from the word lists below, so the words a pattern may open with, and
the stems a sentence must hold to be read for crowds at all, come from the same lists.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from crisiswatch.extract.casualty_patterns import CASUALTY_WORD
from crisiswatch.extract.casualty_rules import CROWD_NOUNS
from crisiswatch.extract.folding import compile_folded
from crisiswatch.extract.quantities import LEAD, QTY, QUAL, UNIT
from crisiswatch.extract.rules import expand, stems_of
from crisiswatch.extract.words import Words, has_stem, matches_at


def _alts(phrases: tuple[str, ...]) -> str:
    out = sorted({p for ph in phrases for p in expand(ph)}, key=lambda p: (-len(p), p))
    return "(?:" + "|".join(r"\s+".join(map(re.escape, p.split(" "))) for p in out) + ")"


def _openers(phrases: tuple[str, ...]) -> frozenset[str]:
    return frozenset(p.split(" ")[0] for ph in phrases for p in expand(ph))


CROWD_OF = ("crowd", "crowds", "rally", "rallies", "gathering", "demonstration", "march", "protest")
CROWD_ESTIMATE = (
    "{estimated|estimates|estimate|put|puts|numbered}",
    "put the size of",
)
CROWD_SECOND = ("estimated", "estimates", "put", "puts", "counted", "numbered")
_ESTIMATED = ("crowd", "rally", "turnout", "protest")
"""What `_CROWD_ESTIMATE` says was estimated ("put the crowd at")."""
CROWD_DRAW = ("drew", "drawing", "draws", "attracted", "attracting", "brought out", "brought")
BARE_VERBS = (
    "gathered",
    "rallied",
    "marched",
    "protested",
    "demonstrated",
    "took to the streets",
    "turned out",
    "came out",
    "poured",
    "massed",
    "assembled",
    "converged",
    "took part",
)
"""What may follow a bare count for it to be a crowd ("5,000 marched")."""
CROWD_VERBS = (
    *BARE_VERBS,
    "gather",
    "rally",
    "rallying",
    "march",
    "marching",
    "protesting",
    "demonstrating",
    "filled",
    "flooded",
    "joined",
    "attended",
    "packed",
    "thronged",
    "stormed",
    "blocked",
    "surrounded",
    "gathering",
    "chanting",
    "calling for",
    "demanding",
    "waving",
)
"""What must follow a counted crowd noun ("5,000 students marched") in its clause."""
_STRONG = "-strong"

_QQ = rf"(?:(?P<qual>{QUAL})\s+)?{LEAD}(?P<qty>{QTY}){UNIT}"
_HEAD_QQ = rf"{LEAD}(?:(?P<qual>{QUAL})\s+)?(?P<qty>{QTY}){UNIT}"
_CROWD_VERB = compile_folded(rf"\b{_alts(CROWD_VERBS)}\b")
_CROWD_NOUN_FORM = compile_folded(
    rf"""{_HEAD_QQ}
    (?:\s+of)?(?:\s+(?:the|their|angry|young|local|opposition|anti-government|pro-government|
    government|other|more|[a-z][\w'\u2019-]*)){{0,3}}\s+(?:{CROWD_NOUNS})\b"""
)
_CROWD_BARE = compile_folded(
    rf"""{_HEAD_QQ}(?:\s+(?:had|have|also|then|reportedly))?\s+(?={_alts(BARE_VERBS)}\b)"""
)
_CROWD_OF = compile_folded(
    rf"""\b{_alts(CROWD_OF)}\s+
    (?:(?:estimated|put|numbering|numbered|which\s+numbered|of\s+what\s+appeared\s+to\s+be)\s+(?:at\s+)?)?
    (?:of\s+)?{_QQ}"""
)
_CROWD_ESTIMATE = compile_folded(
    rf"""\b{_alts(CROWD_ESTIMATE)}\s+the\s+{_alts(_ESTIMATED)}(?:\s+size)?\s+(?:at\s+)?{_QQ}"""
)
_CROWD_STRONG = compile_folded(
    rf"{LEAD}(?:(?P<qual>{QUAL})\s+)?(?P<qty>{QTY}){_STRONG}\s+(?:crowd|rally|march|protest)", 0
)
_CROWD_SECOND = compile_folded(
    rf"""\b{_alts(CROWD_SECOND)}\s+(?:it\s+)?(?:at\s+)?{_QQ}(?=\s*(?:[,.;)]|$))"""
)
"""A second estimate of a crowd already counted in the sentence ("organisers put the crowd at
25,000; police estimated about 8,000")."""
_CROWD_DRAW = compile_folded(
    rf"""\b{_alts(CROWD_DRAW)}\s+(?:(?:a\s+crowd\s+of|crowds\s+of)\s+)?{_QQ}"""
)

WORD_LED = (
    (_CROWD_OF, _openers(CROWD_OF)),
    (_CROWD_ESTIMATE, _openers(CROWD_ESTIMATE)),
    (_CROWD_DRAW, _openers(CROWD_DRAW)),
)
"""The crowd patterns that open with a word of their own, with those words."""
SECOND = (_CROWD_SECOND, _openers(CROWD_SECOND))
"""The second-estimate pattern, tried only in a sentence that counted a crowd already."""
QTY_LED = (_CROWD_STRONG, _CROWD_BARE)
"""The crowd patterns that open where a quantity does."""
_ORDER: tuple[tuple[re.Pattern[str], frozenset[str] | None], ...] = (
    WORD_LED[0],
    WORD_LED[1],
    (_CROWD_STRONG, None),
    WORD_LED[2],
    (_CROWD_BARE, None),
)
"""The order the patterns are tried in (an earlier match keeps its words)."""
CROWD_WORDS = (
    _openers(CROWD_OF)
    | _openers(CROWD_ESTIMATE)
    | _openers(CROWD_DRAW)
    | _openers(CROWD_VERBS)
    | _openers(CROWD_SECOND)
)
"""Where none of these words stands (and no "-strong"), no crowd pattern can match: each
opens with one of its openers, or needs a gathering verb after its number."""
CROWD_STEMS = (
    *stems_of(
        [
            *CROWD_OF,
            *_ESTIMATED,
            *(p for ph in (*CROWD_DRAW, *CROWD_VERBS) for p in expand(ph)),
        ]
    ),
    _STRONG,
)
"""Substrings every sentence a crowd pattern can read holds: a whole phrase of its own
("took to the streets", "came out"), not just its first word."""
CROWD_REACH = 160
"""`_crowd_verb_follows` reads this far: in a longer sentence its window can cut a word short
("marchers" → "march"), so whole words no longer prove a verb absent."""


def may_hold_crowd(words: Words, folded: str) -> bool:
    """False only when no crowd pattern can match `folded` (the sentence `words` are of): a
    cheap test that spares the crowd stem scan in most casualty sentences."""
    return (
        not CROWD_WORDS.isdisjoint(words.present) or _STRONG in folded or len(folded) > CROWD_REACH
    )


def crowd_matches(folded: str, words: Words) -> Iterator[re.Match[str]]:
    """Every crowd-size match of a folded sentence, pattern by pattern (`may_hold_crowd` first)."""
    if not has_stem(folded, CROWD_STEMS):
        return
    counted = False
    for rx, openers in _ORDER:
        for m in matches_at(rx, folded, words.qty_starts if openers is None else words.at(openers)):
            counted = True
            yield m
    for m in matches_at(_CROWD_NOUN_FORM, folded, words.qty_starts):
        if _crowd_verb_follows(folded, m.end()):
            counted = True
            yield m
    if counted:
        yield from matches_at(SECOND[0], folded, words.at(SECOND[1]))


def _crowd_verb_follows(text: str, pos: int) -> bool:
    """A crowd noun counts as a crowd only when a gathering verb follows in the same clause,
    with no casualty word between (so "hundreds of protesters were detained" is no crowd)."""
    window = text[pos : pos + CROWD_REACH]
    semi = window.find(";")
    if semi >= 0:
        window = window[:semi]
    v = _CROWD_VERB.search(window)
    if v is None:
        return False
    return CASUALTY_WORD.search(window, 0, v.start()) is None
