"""Numbers as news writes them: digits, word numbers, dozens, vague amounts with lower bounds."""

from __future__ import annotations

import re
from dataclasses import dataclass

VAGUE_LOWER_BOUNDS: dict[str, int] = {
    "tens": 10,
    "dozens": 12,
    "scores": 20,
    "hundreds": 100,
    "thousands": 1000,
    "tens of thousands": 10_000,
    "hundreds of thousands": 100_000,
    "millions": 1_000_000,
    "several hundred": 100,
    "a few hundred": 100,
    "several thousand": 1000,
    "a few thousand": 1000,
}
"""What a vague amount counts as at least ("several thousand" reads as "thousands"). ACLED codes "dozens" as 12 and "hundreds" as 100;
the others follow the same reading (the smallest amount the word can honestly mean)."""

MAX_VALUE = 100_000_000
"""Anything larger is not a count of people; such numbers are ignored rather than trusted."""

UNIT_VALUES = {
    "zero": 0,
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "thirteen": 13,
    "fourteen": 14,
    "fifteen": 15,
    "sixteen": 16,
    "seventeen": 17,
    "eighteen": 18,
    "nineteen": 19,
    "twenty": 20,
    "thirty": 30,
    "forty": 40,
    "fifty": 50,
    "sixty": 60,
    "seventy": 70,
    "eighty": 80,
    "ninety": 90,
}
"""Every number word below a hundred that stands alone, with its value."""
_SCALES = {"hundred": 100, "thousand": 1000, "million": 1_000_000}

_ONES = "one|two|three|four|five|six|seven|eight|nine"
_TEENS = "ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen"
_TENS = "twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety"
# Every number word ends at a word boundary: "ten" is no number in "tenants", nor "one" in
# "onetime" (and so a number word always stands as a whole word, which the anchors rely on).
_SMALL = rf"(?:(?:{_TENS})(?:[- ](?:{_ONES}))?|{_TEENS}|{_ONES})\b"
_HUNDREDS = rf"(?:(?:{_SMALL}|a)\s+hundred\b(?:\s+(?:and\s+)?{_SMALL})?|{_SMALL})"
_WORDS = (
    rf"(?:{_HUNDREDS}(?:\s+(?:thousand|million)\b(?:\s+(?:and\s+)?{_HUNDREDS})?)?"
    r"|a\s+(?:thousand|million)\b)"
)
_DOZEN = r"(?:(?:a|one|two|three|four|five|half\s+a)[\s-]+dozen\b)"
_DIGITS = (
    r"(?:\d{1,3}(?:,\d{3})+(?!\d)|\d{1,3}(?:[ \u00a0\u2009\u202f]\d{3})+(?![\d.,]\d)"
    r"|\d{1,3}(?:\.\d{3})+(?![\d.,]?\d|\s*(?:thousand|million|k)\b)|\d+(?:\.\d+)?)"
    r"(?:\s*(?:thousand|million)\b|k\b)?"
)
"""Digits: "1,200"; grouped by spaces or dots as many languages write them, "1 200" (also a
no-break or thin space) and "2.000" (three digits after each dot: a count of people is whole);
"1.2 thousand", "24.5" (no count, as `parse_number` says), "5k"."""
_VAGUE = (
    r"(?:tens\s+of\s+thousands|hundreds\s+of\s+thousands|(?:several|a\s+few)\s+(?:hundred|thousand)\b"
    r"|(?:dozens|scores|hundreds|thousands|millions)\b|tens(?=\s+of\b))"
)

NUMBER = rf"(?:{_VAGUE}|{_DOZEN}|{_DIGITS}|{_WORDS})"
"""Regex source for one number expression; compose it into bigger patterns (case-insensitive)."""

NUMBER_TOKENS = frozenset(
    [
        *UNIT_VALUES,
        *_SCALES,
        "hundreds",
        "thousands",
        "millions",
        "dozen",
        "dozens",
        "scores",
        "tens",
    ]
)
"""Whole words of which every number expression without digits holds at least one ("a few
hundred", "half a dozen", "twenty-three"): where none stands, and no digit, no number does."""

_NUMBER_RE = re.compile(rf"(?<![\w.,]){NUMBER}(?![\w])", re.IGNORECASE)
_SPACE_RE = re.compile(r"[\s-]+")
_GROUPED = re.compile(r"\d{1,3}(?:(?: \d{3})+|(?:\.\d{3})+)")


@dataclass(frozen=True, slots=True)
class Number:
    """A number read from text: its value, whether it is only a lower bound, and where it stands."""

    value: int
    vague: bool
    start: int
    end: int


def parse_number(text: str) -> tuple[int, bool] | None:
    """Value of one number expression and whether it is vague; None when it is not a whole count.

    "1,200" → 1200, "1.2 thousand" → 1200, "twenty-three" → 23, "two dozen" → 24,
    "dozens" → (12, vague). A bare decimal ("24.5") is not a count of people.
    """
    s = _SPACE_RE.sub(" ", text.strip().lower())
    if not s:
        return None
    if s in VAGUE_LOWER_BOUNDS:
        return VAGUE_LOWER_BOUNDS[s], True
    if s[0].isdigit():
        return _parse_digits(s)
    if s.endswith("dozen"):
        head = s[: -len("dozen")].strip()
        mult = {"a": 1.0, "one": 1.0, "half a": 0.5}.get(head)
        if mult is None:
            mult = float(UNIT_VALUES.get(head, 0))
        value = int(12 * mult)
        return (value, False) if value else None
    return _parse_words(s)


def _parse_digits(s: str) -> tuple[int, bool] | None:
    scale = 1
    for word, factor in (("thousand", 1000), ("million", 1_000_000), ("k", 1000)):
        if s.endswith(word):
            scale = factor
            s = s[: -len(word)].strip()
            break
    s = s.replace(",", "")
    if _GROUPED.fullmatch(s):  # "1 200", "2.000": thousands grouped by space or dot
        s = s.replace(" ", "").replace(".", "")
    try:
        amount = float(s)
    except ValueError:
        return None
    value = amount * scale
    if value != int(value) or value > MAX_VALUE:
        return None
    return int(value), False


def _parse_words(s: str) -> tuple[int, bool] | None:
    total = 0
    current = 0
    seen = False
    for word in s.split(" "):
        if word == "and":
            continue
        if word == "a":
            current = 1
            continue
        if word in UNIT_VALUES:
            current += UNIT_VALUES[word]
            seen = True
        elif word == "hundred":
            current = (current or 1) * 100
            seen = True
        elif word in _SCALES:
            total += (current or 1) * _SCALES[word]
            current = 0
            seen = True
        else:
            return None
    value = total + current
    if not seen or value > MAX_VALUE:
        return None
    return value, False


def find_numbers(text: str) -> list[Number]:
    """Every number expression in `text`, left to right, with spans (for tests and tools)."""
    found: list[Number] = []
    for m in _NUMBER_RE.finditer(text):
        parsed = parse_number(m.group(0))
        if parsed is not None:
            found.append(Number(parsed[0], parsed[1], m.start(), m.end()))
    return found
