"""What a results rule is: a value with a name, what it gives, its trigger words, its pattern and
the sentences it must keep reading, so that one table drives the reader, its prefilter and tests."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum

from crisiswatch.extract.numbers import UNIT_VALUES


class Gives(StrEnum):
    """What a rule reads. `NOTHING` marks a percentage that is no result (a poll, an earlier
    election, a run-off rule): it stops the rules below it from reading that percentage."""

    SHARE = "share"
    REPORTING = "reporting_pct"
    TURNOUT = "turnout_pct"
    THRESHOLD = "threshold_pct"
    NOTHING = "nothing"


class At(StrEnum):
    """Where a rule's pattern is tried."""

    BEFORE = "before"
    """Searched in the words before a percentage (since the previous one), anchored at its end."""
    AFTER = "after"
    """Matched on the words right after a percentage."""
    SENTENCE = "sentence"
    """Searched in the whole sentence: a `NOTHING` rule there vetoes every share in it; a fact
    rule gives its own figure through `value` (no per-cent mark needed); a share rule finds the
    header of a plain-text table whose rows follow it."""
    GAP = "gap"
    """Share shape: full-matched on the gap between a party's name and its percentage."""
    REVERSE = "reverse"
    """Share shape: matched right after the percentage; the party's name follows it."""
    PAIR = "pair"
    """Share shape: full-matched on the words between two percentages ("55% to 45%"); the
    second is the share of the rival of the first one's owner."""
    RESPECTIVE = "respective"
    """Share shape: matched right after the last of a list of percentages ("31.2 and 22.4
    percent, respectively"); the names listed before the first own them in order."""


@dataclass(frozen=True, slots=True)
class Example:
    """A sentence of our own a rule must read, and the figure it must give (with the party for
    a share rule); `want=None` is a sentence the rule must leave alone."""

    text: str
    want: float | None
    party: str | None = None


PERCENT_MARKS = ("%", "percent", "per cent", "pct")
"""What a percentage is written with. The reader's prefilter is built from the rules' triggers,
and every rule that reads a percentage has these as its triggers."""


@dataclass(frozen=True, slots=True)
class Rule:
    """One way reports state a share or a fact about the count."""

    name: str
    gives: Gives
    at: At
    pattern: re.Pattern[str]
    examples: tuple[Example, ...]
    triggers: tuple[str, ...] = PERCENT_MARKS
    """Lower-case substrings, one of which must stand in a text for the rule to fire there."""
    context: tuple[str, ...] = ()
    """When set, the text must also hold one of these (it is about a vote) for the triggers to
    count: rules without a per-cent mark would otherwise cut sentences from every story."""
    needs: re.Pattern[str] | None = None
    """The sentence must also hold this (e.g. a counting word beside "98% of polling stations")."""
    then: re.Pattern[str] | None = None
    """For a `BEFORE` rule: the words after the percentage must match this too ("a count of
    59% of cells" is no count of the vote)."""
    overrides: bool = False
    """A figure this rule gives replaces one read before it (the count "of all precincts" beats
    a partial one stated first)."""
    unless_after: re.Pattern[str] | None = None
    """For a share shape: it does not hold where the words after the percentage match this
    ("In Bishkek, 24.5% of voters" is no share of Bishkek's)."""
    complement: bool = False
    """For a `BEFORE`/`AFTER` fact rule: the percentage states what is left, so the fact is
    100 less it ("60% of the votes still to be counted" = 40% counted)."""
    value: Callable[[re.Match[str]], float | None] | None = None
    """For `At.SENTENCE` fact rules: the figure a match gives."""
    requires: tuple[str, ...] = ()
    """For `At.SENTENCE` fact rules: lower-case substrings one of which every match of the
    pattern holds (its digits, its opening word): a sentence without any is not searched."""
    unless_before: re.Pattern[str] | None = None
    """For `At.SENTENCE` fact rules: the match does not hold where this stands anywhere before
    it in the sentence ("final results *will* be out"). A separate search, not a tempered
    token in the pattern: that one tried every word at every character of a long sentence."""

    def __post_init__(self) -> None:
        if not self.examples:
            raise ValueError(f"rule {self.name!r} has no example")
        if (
            self.at is At.SENTENCE
            and self.gives not in (Gives.NOTHING, Gives.SHARE)
            and not self.value
        ):
            raise ValueError(f"sentence rule {self.name!r} gives no value")


_WORD_PCT = {w: v for w, v in UNIT_VALUES.items() if 1 <= v <= 12 or v in (15, 20, 30, 40, 50)}
"""The number words a percentage is written with ("the five per cent barrier")."""

_MARK = r"(?:\s*%|[\s-]*(?:per[\s-]*cent|percent|pct)\b)"
_BARE = r"\d{1,2}(?:[.,]\d{1,2})?"
_NOT_FROM = "".join(
    rf"(?<!{word}\s{whole}{part})"
    for word in ("from", "by")
    for whole in (r"\d", r"\d\d")
    for part in ("", r"[.,]\d", r"[.,]\d\d")
)
"""Not right after "from" or "by": "rose from 40.5 to 45 percent" and "grew by 5 to 45
percent" are changes, and 40.5 and 5 no shares (a look-behind per width the number can have,
as `re` needs them fixed)."""
PERCENT = re.compile(
    r"(?:(?P<num>\d(?<![\w.,\u2013-]\d)\d{0,2}(?:\.\s?\d{1,3}|\.\d+|,\d{1,2}(?!\d))?)"
    rf"|(?<![\w-])(?P<word>{'|'.join(_WORD_PCT)}))"
    rf"(?:{_MARK}|(?<=\d){_NOT_FROM}"
    rf"(?=\s+(?:to|against|versus|vs\.?)\s+{_BARE}{_MARK}"
    rf"|(?:\s*,\s*{_BARE})*,?\s+and\s+{_BARE}{_MARK}[^.;%]{{0,40}}?\brespectively\b))",
    re.IGNORECASE,
)
"""A percentage not inside a longer number nor ending a range ("22-23%"): "24.5%", "24,5 %",
"55.3percent", "46. 5 %", "a 7-percent threshold", "the five per cent barrier", and the first
of a pair or a list that shares the last one's mark ("beat Moreau 55 to 45 percent", "won 31.2
and 22.4 percent respectively"; not "from 40 to 45 percent", a change). It opens with the digit
(the look-behind comes after it) so that `re` can skip ahead to digits instead of trying every
position."""


def percent_value(m: re.Match[str]) -> float | None:
    """The value of a `PERCENT` match on the 0-100 scale, or None outside it."""
    word = m.group("word")
    if word is not None:
        return float(_WORD_PCT[word.lower()])
    value = float(m.group("num").replace(" ", "").replace(",", "."))
    return value if 0 < value <= 100 else None
