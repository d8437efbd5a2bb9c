"""A count as casualty phrases state it: qualifier, number or range, and what may not follow."""

from __future__ import annotations

import re
from functools import lru_cache

from crisiswatch.extract.numbers import NUMBER, NUMBER_TOKENS, parse_number
from crisiswatch.models import Qual

QUALIFIERS: tuple[tuple[Qual, str], ...] = (
    (
        Qual.AT_LEAST,
        r"at\s+least|a\s+minimum\s+of|no\s+fewer\s+than|no\s+less\s+than|not\s+less\s+than",
    ),
    (
        Qual.MORE_THAN,
        r"more\s+than|just\s+over|well\s+over|over|upwards\s+of|in\s+excess\s+of|above",
    ),
    (
        Qual.UP_TO,
        r"up\s+to|as\s+many\s+as|as\s+high\s+as|at\s+most|no\s+more\s+than|fewer\s+than|less\s+than"
        r"|under",
    ),
    (
        Qual.ABOUT,
        r"about|around|some|approximately|roughly|nearly|almost|close\s+to|an\s+estimated|estimated"
        r"|approx\.?|circa|reportedly",
    ),
)
"""Words before a number and the qualifier they give it, matched in this order."""

QUAL = "|".join(f"(?:{p})" for _, p in QUALIFIERS)
"""Regex source of any qualifier (lower-case)."""
_QUAL_RES = tuple((q, re.compile(rf"(?:{p})$", re.IGNORECASE)) for q, p in QUALIFIERS)
_DASH = r"(?:-|\u2013|\u2014|\bto\b|\bor\b)"
QTY = rf"(?:between\s+{NUMBER}\s+and\s+{NUMBER}|{NUMBER}(?:\s*{_DASH}\s*{NUMBER})?)"
"""Regex source of a quantity: one number or a range of two."""
_NUM_IN_QTY = re.compile(rf"(?<![\w.,]){NUMBER}(?!\w)", re.IGNORECASE)

_MONTHS = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|apr(?:il)?|june?|july?|aug(?:ust)?|sept?(?:ember)?"
    r"|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)"
)
"""Months that may follow a day ("19 February"). "March" and "may" are left out: after a
number they are verbs as often ("10,000 march on parliament", "3 may have died")."""
_MONTH_BEFORE = re.compile(rf"(?<!\d\s)(?<!\d)\b(?:{_MONTHS}|mar(?:ch)?|may)\.?\s*$", re.IGNORECASE)
"""A day of the month follows ("Feb. 19", "on March 3"): no count. After a day already
("on 3 March 12 people died") the number is one."""
PLACE_NOUNS = (
    *("cities", "towns", "provinces", "locations", "districts", "regions", "countries"),
    *("villages", "states", "vehicles", "cars", "buses", "buildings", "shops", "stores"),
    *("homes", "houses", "police stations"),
)
PLACES = "(?:" + "|".join(p.replace(" ", r"\s+") for p in PLACE_NOUNS) + ")"
"""Things counted beside people ("in 21 cities"): a count of these is no casualty figure."""
UNIT = (
    r"(?![,.]?\d)(?!\s*(?:-|\s)?(?:years?[- ]old|year|yr|%|per\s*cent|percent|pct|votes?|ballots?|seats?|"
    r"days?|hours?|minutes?|weeks?|months?|years|decades?|a\.m\.|p\.m\.|am\b|pm\b|o'clock|"
    r"km|kilomet|miles?|metres?|meters?|kg|tons?|tonnes?|dollars?|euros?|som\b|soms\b|rubles?|"
    r"roubles?|pounds?|usd|eur|billion|times|th\b|st\b|nd\b|rd\b|:\d|\.\d|/|"
    rf"{PLACES}\b|{_MONTHS}\b))"
)
"""A number followed by one of these is an age, a time, money, a share or a count of
something else."""
LEAD = r"(?<![\w$€£¥.,:/#-])"
"""Not in a word, price, time, URL or other number."""

QTY_OPENERS = (
    frozenset(alt.split("\\")[0] for _, p in QUALIFIERS for alt in p.split("|"))
    | NUMBER_TOKENS
    | {"between", "a", "several", "half"}
)
"""Words a qualified quantity ("at least 12", "a few hundred", "between 10 and 15") opens with,
besides digits: the opening words of every number-led pattern."""
QTY_REACH = 6
"""Most words from a quantity's opening word to its first number word or digit: a qualifier of
three words ("no fewer than"), "between", then "half a" before "dozen"."""
_FROM = re.compile(r"\bfrom\s*$", re.IGNORECASE)
_AGE_BEFORE = re.compile(
    r"\baged\s+(?:between\s+)?(?:\d{1,3}\s*(?:,|and|to|-)\s*)*$", re.IGNORECASE
)
"""An age follows ("two men aged 22 and 31 were shot dead"): no count of people."""
_NONE_OF_BEFORE = re.compile(
    r"\b(?:neither|none|not\s+one|not\s+a\s+single\s+one)\s+of\s+(?:the\s+|these\s+|those\s+)?$",
    re.IGNORECASE,
)
"""A count of those of whom none is meant ("neither of the two officers was hurt", "none of
the 12 marchers was detained"): no count of the kind."""
_SOME_OF_BEFORE = re.compile(
    rf"(?<![\w,.])(?P<part>{NUMBER})\s+of\s+(?:the|these|those)\s+$", re.IGNORECASE
)
"""Some of a group counted before the group ("two of the 12 officers were hurt"): where the
verb says what befell them, the figure is the part, not the group."""


def part_before(prefix: str) -> tuple[int, bool] | None:
    """The part's (value, vague) when `prefix` ends in "two of the": see `_SOME_OF_BEFORE`."""
    some = _SOME_OF_BEFORE.search(prefix)
    return None if some is None else parse_number(some.group("part"))


PREFIX_REACH = 24
"""How much of the text before a quantity `read_qty` is given."""
_MONTH_REACH = 12
"""How much of the prefix a month before a day may stand in ("on March 3")."""


@lru_cache(maxsize=256)
def qual_of(text: str | None) -> Qual | None:
    """The qualifier a qualifier phrase gives. Cached: news repeats a few dozen phrases."""
    if not text:
        return None
    for qual, rx in _QUAL_RES:
        if rx.search(text):
            return qual
    return None


@lru_cache(maxsize=4096)
def _qty_values(qty: str) -> tuple[tuple[int, bool], ...] | None:
    """(value, vague) of every number in a quantity phrase; None when one is no whole count.
    Cached: the same few quantities ("two", "dozens", "1,000") recur across items."""
    values: list[tuple[int, bool]] = []
    for m in _NUM_IN_QTY.finditer(qty):
        parsed = parse_number(m.group(0))
        if parsed is None:
            return None
        values.append(parsed)
    return tuple(values)


def read_qty(qty: str, prefix: str) -> tuple[int, int | None, bool] | None:
    """(value, high or None, vague) from a quantity phrase, ranges included; `prefix` is the
    text just before it ("rose from 12 to 15": the figure is the new one)."""
    values = _qty_values(qty)
    if not values:
        return None
    # Substring tests first: the searches scan the whole prefix, and few prefixes hold either.
    if qty[:1].isdigit() and (
        _MONTH_BEFORE.search(prefix[-_MONTH_REACH:])
        or ("aged" in prefix and _AGE_BEFORE.search(prefix))
    ):
        return None
    if " of " in prefix and _NONE_OF_BEFORE.search(prefix):
        return None
    if len(values) == 1:
        return values[0][0], None, values[0][1]
    (lo, lo_vague), (hi, hi_vague) = values[0], values[-1]
    if _FROM.search(prefix):
        return hi, None, hi_vague
    if hi < lo:
        return None
    if hi == lo:
        return lo, None, lo_vague
    return lo, hi, lo_vague or hi_vague


def qual_for(qual_text: str | None, high: int | None, vague: bool) -> Qual:
    """The qualifier a read quantity gets: a range, a vague amount's lower bound, or what the
    qualifier words say."""
    if high is not None:
        return Qual.RANGE
    return qual_of(qual_text) or (Qual.AT_LEAST if vague else Qual.EXACT)
