"""The words of a folded sentence and where each starts: the only places a pattern may start."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from itertools import accumulate

from crisiswatch.extract.numbers import NUMBER_TOKENS
from crisiswatch.extract.quantities import QTY_OPENERS, QTY_REACH

_WORD_SPLIT = re.compile(r"(\w+)")
_DIGIT = re.compile(r"\d")


class Words:
    """The words of one `fold`ed sentence and where each starts. Every pattern opens a word,
    so a pattern is tried only where a word it can open with stands, instead of at every
    character: the main saving of the reader."""

    __slots__ = ("_qty", "has_number", "present", "starts", "words")

    def __init__(self, folded: str) -> None:
        # One regex pass, the rest at C speed: the split holds gap, word, gap, ..., gap, so the
        # words stand at odd indexes and each starts where the running length of the pieces
        # before it ends (no match object, no `m.start()` call per word).
        pieces = _WORD_SPLIT.split(folded)
        self.words: list[str] = pieces[1::2]
        self.starts: list[int] = list(accumulate(map(len, pieces)))[:-1:2]
        self.present = frozenset(self.words)
        self.has_number = (
            not NUMBER_TOKENS.isdisjoint(self.present) or _DIGIT.search(folded) is not None
        )
        self._qty: list[int] | None = None

    @property
    def qty_starts(self) -> list[int]:
        """Where a quantity, qualifier included, may open (found on first use: a sentence
        that no pattern reads never needs them)."""
        if self._qty is None:
            numbers = [
                i for i, w in enumerate(self.words) if w in NUMBER_TOKENS or w[0].isdecimal()
            ]
            self._qty = self._qty_starts(numbers) if numbers else []
        return self._qty

    def _qty_starts(self, numbers: list[int]) -> list[int]:
        """Where a quantity, qualifier included, may open: a few words before a number."""
        words = self.words
        out: list[int] = []
        done = -1  # words up to here are checked: windows of nearby numbers overlap
        for j in numbers:
            for i in range(max(done + 1, j - QTY_REACH), j + 1):
                w = words[i]
                if w in QTY_OPENERS or w[0].isdecimal():
                    out.append(self.starts[i])
            done = j
        return out

    def at(self, openers: frozenset[str]) -> list[int]:
        """Start offsets, ascending, of every word in `openers`."""
        if openers.isdisjoint(self.present):
            return []
        return [p for p, w in zip(self.starts, self.words, strict=True) if w in openers]

    def has_any(self, words: frozenset[str]) -> bool:
        return not words.isdisjoint(self.present)


def matches_at(
    rx: re.Pattern[str], text: str, starts: Iterable[int], endpos: int | None = None
) -> Iterator[re.Match[str]]:
    """What `rx.finditer(text)` yields when a match can only start at one of `starts`
    (ascending): tried there alone, left to right, never inside an earlier match."""
    end = 0
    for pos in starts:
        if pos < end:
            continue
        m = rx.match(text, pos) if endpos is None else rx.match(text, pos, endpos)
        if m is not None:
            end = m.end()
            yield m


def has_stem(low: str, stems: Iterable[str]) -> bool:
    """Whether any of `stems` stands in `low` (plain substring tests, run at C speed)."""
    return any(map(low.__contains__, stems))


def find_all(low: str, mark: str) -> list[int]:
    """Every offset at which `mark` starts in `low`, overlapping ones included."""
    out: list[int] = []
    pos = low.find(mark)
    while pos >= 0:
        out.append(pos)
        pos = low.find(mark, pos + 1)
    return out
