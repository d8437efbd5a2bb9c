"""Which race a share belongs to, and whether it is a candidate's: by what the text says, so
that a story covering a presidential and a parliamentary vote does not merge the two lists."""

from __future__ import annotations

import re
from collections.abc import Sequence

from crisiswatch.extract.results.names import looks_like_person
from crisiswatch.extract.results.words import PARTY_WORDS

PRESIDENTIAL = "presidential"
PARLIAMENTARY = "parliamentary"

_RACE = re.compile(
    r"""\b(?:(?P<p>presidential|presidency|president-elect|(?:re-?)?elected\s+president|head\s+of\s+state)
    |(?P<l>parliamentary(?!\s+constituenc)|parliament|legislative|general\s+election|lower\s+house|sejm|
    verkhovna\s+rada|majilis|mazhilis|duma|knesset|seimas|saeima|riigikogu|national\s+assembly|
    chamber\s+of\s+deputies|senate|seats|mandates|party\s+lists?))\b""",
    re.IGNORECASE | re.VERBOSE,
)
_PERSON_BEFORE = re.compile(
    r"""(?:\bcandidates?|\b(?:President|Prime\s+Minister|Premier|incumbent|challenger|Mr|Mrs|Ms|
    Dr|Senator|Governor|Mayor)\.?)\s+(?:[\w'\u2019.-]+\s+){0,3}$""",
    re.VERBOSE,
)


_CANDIDATE_AFTER = re.compile(r",\s*(?:the\s+|a\s+)?[^,.;]{0,40}\bcandidate\b")


def race_marks(text: str) -> list[tuple[int, str]]:
    """Every place the text names a race, with the race it names."""
    return [
        (m.start(), PRESIDENTIAL if m.group("p") else PARLIAMENTARY) for m in _RACE.finditer(text)
    ]


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
