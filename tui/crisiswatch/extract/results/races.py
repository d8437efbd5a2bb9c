"""Which race a share belongs to, and whether it is a candidate's: by what the text says, so
that a story covering a presidential and a parliamentary vote does not merge the two lists."""

from __future__ import annotations

import re
from collections.abc import Sequence

from crisiswatch.extract.results.names import looks_like_person
from crisiswatch.extract.results.words import PARTY_WORDS

PRESIDENTIAL = "presidential"
PARLIAMENTARY = "parliamentary"

_RACE_WORDS: tuple[tuple[str, str], ...] = (
    *(
        (w, PRESIDENTIAL)
        for w in (
            "presidential",
            "presidency",
            "president-elect",
            "elected president",
            "head of state",
        )
    ),
    *(
        (w, PARLIAMENTARY)
        for w in (
            "parliament",
            "legislative",
            "general election",
            "lower house",
            "sejm",
            "verkhovna rada",
            "majilis",
            "mazhilis",
            "duma",
            "knesset",
            "seimas",
            "saeima",
            "riigikogu",
            "national assembly",
            "chamber of deputies",
            "senate",
            "seats",
            "mandates",
            "party list",
        )
    ),
)
"""Words that name a race ("parliament" stands in "parliamentary" too). Found with plain
substring search: one alternation over the whole text cost more than the rest of the reading."""
_NOT_A_RACE = ("parliamentary constituenc",)
"""The units a count is made in, not the race ("116 of 150 parliamentary constituencies")."""
_PERSON_BEFORE = re.compile(
    r"""(?:\bcandidates?|\b(?:President|Prime\s+Minister|Premier|incumbent|challenger|Mr|Mrs|Ms|
    Dr|Senator|Governor|Mayor)\.?),?\s+(?:[\w'\u2019.-]+\s+){0,3}$""",
    re.VERBOSE,
)


_CANDIDATE_AFTER = re.compile(r",\s*(?:the\s+|a\s+)?[^,.;]{0,40}\bcandidate\b")


_LAST: tuple[str, tuple[tuple[int, str], ...]] = ("", ())
"""The last text read and its marks: the status and the share readers both ask for the same
text's marks (24 substring scans of the whole text each time)."""


def race_marks(text: str) -> tuple[tuple[int, str], ...]:
    """Every place the text names a race, with the race it names, in text order. Read once
    per text: a second call for the same string (the same object) gives the first answer."""
    global _LAST
    last = _LAST  # one read of one tuple: safe when threads share the module
    if last[0] is text:
        return last[1]
    marks = race_marks_plain(text)
    _LAST = (text, marks)
    return marks


def race_marks_plain(text: str) -> tuple[tuple[int, str], ...]:
    """`race_marks` without its memory of the last text: what it is tested against."""
    low = text.lower()
    marks: list[tuple[int, str]] = []
    for word, race in _RACE_WORDS:
        at = low.find(word)
        while at >= 0:
            if (at == 0 or not low[at - 1].isalnum()) and not low.startswith(_NOT_A_RACE, at):
                marks.append((at, race))
            at = low.find(word, at + len(word))
    marks.sort()
    return tuple(marks)


def race_at(marks: Sequence[tuple[int, str]], pos: int, lo: int, hi: int) -> str | None:
    """The race a share at `pos` (in the sentence `lo:hi`) belongs to: the nearest mark in its
    sentence, else the last one before it, else the only race the text names, else None."""
    inside = [(abs(at - pos), race) for at, race in marks if lo <= at < hi]
    if inside:
        return min(inside)[1]
    before = [race for at, race in marks if at < lo]
    if before:
        return before[-1]
    races = {race for _, race in marks}
    return races.pop() if len(races) == 1 else None


def is_candidate(text: str, name: str, start: int, race: str | None) -> bool:
    """A person standing for office rather than a party: not named like a party, and either in
    a presidential race or called a candidate (or given a title) right before the name."""
    words = {w.lower().strip("\u2019'") for w in name.split()}
    if words & PARTY_WORDS or (name.isupper() and len(name) <= 8):
        return False
    if race == PRESIDENTIAL or _CANDIDATE_AFTER.match(text, start + len(name)):
        return True
    return _PERSON_BEFORE.search(text, max(0, start - 60), start) is not None and looks_like_person(
        name
    )
