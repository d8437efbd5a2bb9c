"""What the words around a figure say about it: another event, a subset, people in general,
more on top, a running toll."""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Sequence
from functools import lru_cache

from crisiswatch.extract.folding import VERBOSE, compile_folded, required_substrings

# Background: a figure about another event or an earlier year.
BACKGROUND = compile_folded(
    r"""\b(?:(?<!since\s)last\s+(?:year|month)|a\s+year\s+ago|years\s+ago|a\s+decade\s+ago|
    decades?\s+ago|
    in\s+(?:19|20)\d\d\b|(?:19|20)\d\d(?:'s)?\s+(?:revolution|uprising|unrest|protests?|clashes|
    riots?|violence|crackdown|events|election|coup)|since\s+(?:19|20)\d\d|previous(?:ly)?(?!\s+(?:day|night|evening|morning|afternoon)\b)|
    earlier\s+(?:unrest|uprising|revolution|protests|demonstrations|clashes|riots)|back\s+in|the\s+(?:19|20)\d\d\s|
    (?:revolutions?|uprisings?)\s+(?:of|in)\s+(?:19|20)\d\d|historic(?:al)?|
    in\s+the\s+past(?!\s+(?:few\s+|two\s+|three\s+|\d+\s+)?(?:days?|nights?|weeks?|hours?|\d))|
    (?:collapse|blast|explosion|earthquake|derailment|stampede|landslide)\s+(?:[^,.;]{0,60}?\s)?
    (?:that|which)\s)""",
    VERBOSE,
)
_CLAUSE_BREAK = re.compile(r"(?<!\d),|,(?!\d)|[;:\u2014\u2013()]|\s-\s")
_RELATIVE_BACK = compile_folded(r"^\s*(?:when|in\s+which|which\s+left|that\s+left|where)\b", 0)

SUBSET = compile_folded(
    r"\b(?:including|among\s+(?:them|whom|the\s+\w+|those\s+\w+)|of\s+whom|of\s+them|"
    r"(?:mostly|mainly))\s*(?:were\s+)?(?:\w+\s+)?$",
    0,
)
SUBSET_OF = compile_folded(
    r"""(?:^|[;:"\u201c]\s*)of\s+(?:these|those|them|the\s+(?:total\s+number\s+of\s+)?(?:[\d,]+\s+)?
    (?:[\w-]+\s+)?(?:victims|injured|wounded|dead|detainees|arrested|casualties|deaths|people))
    \s*,\s*$""",
    VERBOSE,
)
"""A part of a count given just before ("Of the 590 victims, 150 were hospitalised")."""
SUBSET_OPENING = compile_folded(
    r"""[\s"'\u201c(]*of\s+(?:these|those|them|the\s+(?:total\s+(?:number\s+of\s+)?)?(?:[\d,]+\s+)?
    (?:[\w-]+\s+)?(?:victims|injured|wounded|dead|detainees|arrested|casualties|deaths|people))
    \s*,""",
    VERBOSE,
)
"""A sentence that opens on a count given before ("Of the 590 victims, ..."): all its figures
are parts of that count."""
SUBSET_AFTER = compile_folded(
    r"""\s*of\s+(?:them|whom|those|the\s+(?:[\w-]+\s+)?(?:dead|deaths|injured|wounded|victims|
    detainees|arrested|fatalities|casualties|killed))\b""",
    VERBOSE,
)
"""A part of a count named after it ("103 of the deaths were in Almaty")."""
_GENERIC_NOUN = compile_folded(
    r"""^\s*(?:of\s+)?(?:the\s+)?(?:(?:people|persons?|others?|individuals|in\s+total)\s*)?
    (?:(?:were|was|have|had|been|are|is|reportedly|also)\s*)*$""",
    VERBOSE,
)
"""People in general, and at most the verb's helpers: "12 people were", "12 had been"."""
_ASIDE = compile_folded(r",?\s+(?:including|among\s+them|among\s+whom)\b.*", 0)
ON_TOP_BEFORE = compile_folded(r"\b(?:additionally|in\s+addition)\b[,\s]*$", 0)
"""Words before a count that put it on top of the ones before ("Additionally, seven ...")."""
BACKGROUND_STEMS = required_substrings(BACKGROUND) or ("",)
"""A part of every `BACKGROUND` match, read from the pattern: where none stands, the costly
search is skipped."""
SUBSET_STEMS = tuple(
    sorted({x for rx in (SUBSET, SUBSET_AFTER) for x in required_substrings(rx) or ("",)})
)
"""A part of every `SUBSET` and `SUBSET_AFTER` match, read from the patterns (`SUBSET_OF`
reads a short window and needs none)."""
_ADDITIVE = compile_folded(
    r"\b(?:more|another|additional|further|also|a\s+(?:second|third|fourth|fifth))\b", 0
)
"""Words that put a figure on top of an earlier one ("a second protester died" as "another")."""
_OTHERS = compile_folded(r"\b(?:others?)\b", 0)
"""Other people: on top of an earlier figure of the same kind ("nine others were also
killed"), but not when the sentence counted another kind first ("3 were killed and 20 others
injured": others than the 3 dead)."""
_TOLL_WORD = compile_folded(r"\b(?:toll|number\s+of)\b", 0)


# The words between or around a figure and its verb are short and few ("people", "the death
# toll rose to"): cached, the patterns below run once per distinct phrase.
@lru_cache(maxsize=1024)
def generic_gap(gap: str) -> bool:
    """The words between a number and its verb count people in general ("12 people", "12
    people, including two children,")."""
    return _GENERIC_NOUN.match(_ASIDE.sub(" ", gap)) is not None


@lru_cache(maxsize=1024)
def extra_marks(extra: str) -> tuple[bool, bool, bool]:
    """Whether the words around a figure make it additive ("two more"), count other people
    ("20 others") and state a running toll."""
    return (
        _ADDITIVE.search(extra) is not None,
        _OTHERS.search(extra) is not None,
        _TOLL_WORD.search(extra) is not None,
    )


def clause_breaks(sentence: str) -> list[int]:
    return [0, *(m.end() for m in _CLAUSE_BREAK.finditer(sentence)), len(sentence) + 1]


BACKGROUND_REACH = 80
"""How far after a figure a marker in its clause still speaks of it: "killed 10,000 people in
2010" is another event, "29 were killed as the country marked the anniversary of the 2011
uprising" is not."""


def clause_background(sentence: str, i: int, breaks: Sequence[int]) -> tuple[list[int], bool]:
    """For clause `i` of a sentence holding a marker: where markers stand in the clause, and
    whether the clause is another event's whatever its figure (a sentence-opening "In 2010,",
    or a "when ..." clause after a marked one). Found once per clause."""
    lo, hi = breaks[i], breaks[i + 1]
    markers = [m.start() for m in BACKGROUND.finditer(sentence, lo, hi)]
    clause = sentence[lo:hi]
    other = i > 0 and bool(
        (
            BACKGROUND.search(sentence[breaks[0] : breaks[1]])
            and (breaks[1] < 40 or _RELATIVE_BACK.match(clause))
        )
        or (_RELATIVE_BACK.match(clause) and BACKGROUND.search(sentence[breaks[i - 1] : lo]))
    )
    return markers, other


def is_background(sentence: str, pos: int, breaks: Sequence[int] | None = None) -> bool:
    """A figure belongs to another event when a background marker is in its clause before it
    or just after it, in a sentence-opening clause ("In 2010, ..."), or before a "when ..."
    clause it stands in. Callers first check that the sentence holds a marker at all; `breaks`
    are its `clause_breaks`, when already known."""
    if breaks is None:
        breaks = clause_breaks(sentence)
    i = bisect_right(breaks, pos) - 1  # the clause holding `pos`: one look-up, not a scan
    if not 0 <= i < len(breaks) - 1:
        return False
    markers, other = clause_background(sentence, i, breaks)
    return other or (bool(markers) and markers[0] < pos + BACKGROUND_REACH)


_SINCE = compile_folded(
    r"""\bsince\s+(?:the\s+(?:start|beginning|outbreak|coup|uprising|unrest|protests?|crisis|
    election|vote|crackdown)|(?:early\s+|late\s+|mid-?)?(?:january|february|march|april|may|june|
    july|august|september|october|november|december)|\d|(?:protests|demonstrations|unrest|the)\s|
    last\s+(?:year|month|summer|winter|spring|autumn))""",
    VERBOSE,
)


def is_cumulative(clause: str) -> bool:
    """A clause counting since long before ("since March", "since the coup", "since
    protests began", "since last month"): its figure is a running toll of a whole wave, not the
    event's."""
    return _SINCE.search(clause) is not None
