"""Counts that restate the figure before them in words of their own ("… police put the number
at 150", "… bringing the total to 40"): they take that figure's kind."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from crisiswatch.extract.coordination import Adder
from crisiswatch.extract.folding import VERBOSE, compile_folded
from crisiswatch.extract.quantities import LEAD, QTY, QUAL
from crisiswatch.extract.words import Words, matches_at
from crisiswatch.models import Kind

if TYPE_CHECKING:
    from crisiswatch.extract.mentions import Mention

_PUT_VERBS = ("put", "puts", "putting", "placed", "places", "placing", "estimated", "estimates")
_GAVE_VERBS = ("gave", "gives", "giving")
_RESTATED = compile_folded(
    rf"""\b(?:{"|".join(_PUT_VERBS + _GAVE_VERBS)})\s+
    (?:the|their|its|that)\s+(?:number|figure|toll|count|tally)\s+(?:at|as(?:\s+high\s+as)?)\s+
    (?:(?P<qual>{QUAL})\s+)?{LEAD}(?P<qty>{QTY})""",
    VERBOSE,
)
"""A second source's count of what the sentence already counted: "around 50 people have been
killed, while official figures put the number at 20": the kind is the figure's before it."""
_ELIDED_VERBS = (
    "say",
    "says",
    "said",
    "claim",
    "claims",
    "claimed",
    "insist",
    "insists",
    "insisted",
)
_ELIDED = compile_folded(
    rf"""\b(?:{"|".join(_ELIDED_VERBS)})\s+(?:that\s+)?(?:(?P<qual>{QUAL})\s+)?
    {LEAD}(?P<qty>{QTY})(?:\s+(?:were|was|had|have|did)\b(?=\s*(?:[,.;:]|$)|\s+and\b)
    |(?=\s*\.?$))""",
    VERBOSE,
)
"""A second source's count with the verb left out: "the ministry said 61 were killed;
organisers say more than 130 were", "opposition says 7 killed; government says 2" (at the
sentence's end): the kind is the figure's before it."""
_TOTALLED_VERBS = ("bringing", "brings", "brought", "raising", "taking", "pushing", "lifting")
_TOTALLED = compile_folded(
    rf"""\b(?:{"|".join(_TOTALLED_VERBS)})\s+(?:the|its|their)\s+(?:overall\s+|total\s+)?
    (?:total|tally|number|count)\s+(?:\w+\s+){{0,2}}?to\s+(?:(?P<qual>{QUAL})\s+)?{LEAD}
    (?P<qty>{QTY})""",
    VERBOSE,
)
"""A running total of what the sentence counted: "six were killed, bringing the total to 40"."""
_TOTALLED_TO = compile_folded(
    rf"""\b(?:{"|".join(_TOTALLED_VERBS)})\s+to\s+(?:(?P<qual>{QUAL})\s+)?{LEAD}(?P<qty>{QTY})
    \s+the\s+(?:overall\s+|total\s+)?(?:total|tally|number|count|toll)\b""",
    VERBOSE,
)
"""The same, the count before its noun: "two were killed, bringing to 14 the number of dead"."""
_FIGURE_NOUNS = ("figure", "number", "count", "tally")
_FIGURE_WAS = compile_folded(
    rf"""\b(?:{"|".join(_FIGURE_NOUNS)})\s+(?:was|is|stood\s+at|stands\s+at|could\s+be|
    may\s+be|might\s+be)\s+(?:as\s+high\s+as\s+|closer\s+to\s+)?(?:(?P<qual>{QUAL})\s+)?
    {LEAD}(?P<qty>{QTY})""",
    VERBOSE,
)
"""A second count of what came before, in words of its own: "the ministry said 5 were killed;
a rights group said the real figure was at least 9"."""
RESTATED_FORMS: tuple[tuple[re.Pattern[str], frozenset[str], bool], ...] = (
    (_RESTATED, frozenset(_PUT_VERBS + _GAVE_VERBS), False),
    (_FIGURE_WAS, frozenset(_FIGURE_NOUNS), False),
    (_ELIDED, frozenset(_ELIDED_VERBS), False),
    (_TOTALLED, frozenset(_TOTALLED_VERBS), True),
    (_TOTALLED_TO, frozenset(_TOTALLED_VERBS), True),
)
"""Counts that take the kind of the figure before them: each pattern, the verbs it opens with
(a match starts at one, so it is tried only there) and whether it gives a running total."""
RESTATED_OPENERS = frozenset().union(*(openers for _, openers, _ in RESTATED_FORMS))


def read_restated(
    folded: str,
    found: list[tuple[int, Mention]],
    add: Adder,
    words: Words,
    prior: Kind | None = None,
) -> None:
    """Counts whose kind is the figure's before them in the sentence (`RESTATED_FORMS`), or
    with none before them there, the `prior` sentence's last figure's."""
    if RESTATED_OPENERS.isdisjoint(words.present):
        return
    for rx, openers, toll in RESTATED_FORMS:
        for m in matches_at(rx, folded, words.at(openers)):
            before = [f for p, f in found if p < m.start()]
            kind = before[-1].figure.kind if before else prior
            if kind is not None:
                add(
                    kind, m, m.start("qty"), m.end("qty"), True, "", rule="restated", toll_rule=toll
                )
