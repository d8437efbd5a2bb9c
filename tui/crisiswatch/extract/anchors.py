"""Where in a whole text a figure could stand, found in one cheap pass before any pattern runs."""

from __future__ import annotations

from dataclasses import dataclass

from crisiswatch.extract.casualty_patterns import ELIDED_WORDS, PERSON_WORDS, ZERO_OPENERS
from crisiswatch.extract.numbers import NUMBER_TOKENS

ZERO_TOKENS = ZERO_OPENERS
"""Words that open an explicit zero ("no arrests were made", "nobody was hurt"): the openers
of the zero rules."""

PERSON_TOKENS = PERSON_WORDS
"""The people an implicit single counts ("police shot a protester"): one word of each person
in the casualty rules ("police officer" → "officer", "passer-by" → "passer")."""

ELIDED_TOKENS = ELIDED_WORDS
"""A single whose person the sentence before named ("One protester was killed. Another was
wounded.", "A third died later."): the words of the elided singles, which stand without a
person or a number."""

_ANCHOR_TOKENS = frozenset(
    w.encode() for w in NUMBER_TOKENS | ZERO_TOKENS | PERSON_TOKENS | ELIDED_TOKENS
)
_DIGIT = ord("0")
# Letters lower-cased, every digit read as "0", everything else a space: splitting the result
# gives whole words, and b" word " finds one as a whole word. Bytes make both run at C speed.
_FLATTEN = bytes(
    c + 32 if 65 <= c <= 90 else c if 97 <= c <= 122 else _DIGIT if 48 <= c <= 57 else 32
    for c in range(256)
)


@dataclass(frozen=True, slots=True)
class Anchors:
    """Positions (ascending) of every digit run and anchor word in a text, and whether any
    digit stands in it (no digit, no percentage)."""

    positions: list[int]
    has_digit: bool


def find_anchors(text: str) -> Anchors:
    """Every place a casualty or crowd figure could start from: a digit, a number word, a
    zero word, a person word or an elided single's word ("another", "a third"). Only the
    sentences holding one are read further.

    Non-ASCII characters become "?" (one byte each, so offsets stay those of `text`) and then
    spaces: anchors are ASCII words, and a word next to such a character still counts.
    """
    flat = text.encode("ascii", "replace").translate(_FLATTEN)
    positions: list[int] = []
    words = _ANCHOR_TOKENS.intersection(flat.split())
    if words:
        padded = b" " + flat + b" "
        for word in words:
            needle = b" " + word + b" "
            at = padded.find(needle)
            while at >= 0:
                positions.append(at)  # the word starts at `at` in `flat` (one space of padding)
                at = padded.find(needle, at + 1)
    at = flat.find(b"0")
    has_digit = at >= 0
    while at >= 0:
        positions.append(at)
        space = flat.find(b" ", at)
        at = -1 if space < 0 else flat.find(b"0", space)
    positions.sort()
    return Anchors(positions, has_digit)
