"""Who gave a figure: "X said", "said X", "according to X", "X put the toll at"."""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterable, Sequence
from functools import lru_cache

from crisiswatch.extract.folding import compile_folded, fold
from crisiswatch.extract.rules import stems_of
from crisiswatch.extract.words import has_stem

SPEECH_VERBS = (
    "said",
    "says",
    "say",
    "reported",
    "reports",
    "announced",
    "stated",
    "confirmed",
    "told",
    "added",
    "wrote",
    "posted",
    "tweeted",
    "alleged",
    "alleges",
    # "claimed" alone is a casualty verb too ("the unrest has claimed 14 lives")
    "claimed that",
    "claims that",
    "insisted",
    "insists",
    "described",
)
"""The verbs a speaker gives a figure with ("the ministry said", "health officials say")."""
_AFTER_VERBS = ("said", "says", "reported", "announced", "confirmed")
"""The verbs a speaker may follow ("..., said the ministry")."""
PUT_VERBS = ("put", "puts", "estimated", "estimates", "gave", "gives", "placed", "places")
"""The verbs a speaker states a count with ("the ministry put the toll at 12")."""
_COUNT_NOUNS = "number|toll|figure|count|crowd|turnout|size|tally"

_ACCORDING = re.compile(
    r"\b(?:according\s+to|citing|cited\s+by|per|claims?\s+by)\s+(?P<src>[^,.;:()\"“”]{2,80})",
    re.IGNORECASE,
)
_SAID_BEFORE = re.compile(
    r"(?:^|[,;:\"“”(\u2014\u2013]\s*)(?P<src>[A-Za-z](?:[^,;:\"“”()\u2014\u2013]|\([A-Z]{2,10}\)){1,70}?)"
    r"\s+(?:has\s+|had\s+|have\s+)?"
    rf"(?:{'|'.join(SPEECH_VERBS)})\b",
)
_SAID_OPEN = re.compile('[,;:"“”(\u2014\u2013]')
"""Where a `_SAID_BEFORE` match can open, besides the start of the sentence."""
_SAID_STOP = re.compile('[,;:"“”()\u2014\u2013]')
"""What a speaker's name in `_SAID_BEFORE` cannot hold..."""
_ABBREVIATION = re.compile(r"\([A-Z]{2,10}\)")
"""...but for an abbreviation in brackets: "the Center for Human Rights (CENIDH) reported"."""
SOURCE_HEADS = (
    *("police", "witnesses", "officials", "doctors", "medics", "paramedics", "activists"),
    *("sources?", "residents", "organi[sz]ers", "authorities", "rescuers", "hospitals?"),
    *("ministry", "spokes(?:man|woman|person)", "agency", "group", "monitor", "commission"),
    *("committee", "army", "military", "government", "opposition", "observers", "media"),
    *("television", "tv", "radio", "lawyers?", "relatives", "officers?", "official"),
)
"""The last word of a speaker named in lower case: "said police", "said the interior ministry",
"says hospital source" (a lower-case name is read only when it ends in one of these)."""
_HEADS = "|".join(SOURCE_HEADS)
_SAID_AFTER = re.compile(
    rf"\b(?:{'|'.join(_AFTER_VERBS)})\s+(?P<src>(?:the\s+)?[A-Z][^,.;:()\"“”]{{1,60}}"
    rf"|(?:(?:the|an?)\s+)?(?:[a-z][\w'\u2019-]*\s+){{0,3}}?(?:{_HEADS})"
    r"(?:\s+(?:in|on|late|early|last|this|yesterday|today|tonight|overnight)\b[^,.;:()]{0,60})?)"
    r"(?:[,.;]|$)"
)
_HEADED = re.compile(
    rf"^(?P<src>(?:the\s+)?(?:[A-Za-z][\w'\u2019-]*\s+){{0,3}}?(?:{_HEADS}|UN|U\.N\.)):\s",
    re.IGNORECASE,
)
"""A title opening with its source: "Police: 47 officers injured in riots", "Health ministry:
31 dead" (a place before the colon, "Iran: 41 killed", is no source)."""
_SPEECH_VERB = re.compile("|".join(sorted(SPEECH_VERBS, key=len, reverse=True)))
"""Every verb `_SAID_BEFORE` and `_SAID_AFTER` need (both are case-sensitive)."""
_SPEECH_STEMS = stems_of(SPEECH_VERBS)
"""A part of every `_SPEECH_VERB` match, case kept: derived from the verbs."""
_PUT_NUMBER = re.compile(
    r"(?:^|[,;:(]\s*|\b(?:while|but|whereas|and)\s+)(?P<src>[A-Za-z][^,;:\"()]{1,60}?)\s+"
    rf"(?:{'|'.join(PUT_VERBS)})\s+(?:the\s+(?:{_COUNT_NOUNS})\b|(?:it\s+)?(?:at\s+)?"
    r"(?:about|around|some|nearly|almost|up\s+to|at\s+least|more\s+than)?\s*\d)",
    re.IGNORECASE,
)
_PUT_TAIL = compile_folded(
    rf"\b(?:{'|'.join(PUT_VERBS)})\s+(?:the\s+(?:{_COUNT_NOUNS})\b|(?:it\s+)?(?:at\s+)?"
    r"(?:about|around|some|nearly|almost|up\s+to|at\s+least|more\s+than)?\s*\d)"
)
"""The end of every `_PUT_NUMBER` match, found far faster on its own."""
_PUT_STEMS = stems_of(PUT_VERBS)
"""A part of every `_PUT_TAIL` match (folded): derived from the verbs."""
_POSSESSIVE = re.compile(
    r"(?:^|[,;:(]\s*|\b(?:while|but|whereas|and)\s+)(?P<src>[A-Za-z][^,;:\"()]{1,60}?)['\u2019]s\s+"
    rf"(?:(?:latest|own|official|death|casualty|injury)\s+)?(?:{_COUNT_NOUNS}|figures?|data)\b",
    re.IGNORECASE,
)
"""ANNOTATION: "the health ministry's count stood at 12": the owner of the count gives it."""
_OWNED_COUNT = compile_folded(
    rf"['\u2019]s\s+(?:(?:latest|own|official|death|casualty|injury)\s+)?(?:{_COUNT_NOUNS}|figures?|data)\b"
)
"""The end of every `_POSSESSIVE` match (folded), found far faster on its own."""
_DASH_SOURCE = re.compile(r"\s[-\u2013\u2014]\s*(?P<src>[A-Za-z][\w .'\u2019-]{1,40}?)\s*$")
"""A headline's trailing source: "... 590 injured in unrest - ministry", "... -monitor"."""
_PRONOUN_SOURCE = re.compile(
    r"^(?:he|she|they|it|we|i|you|this|that|which|who|there|officials?\s+have|reports?"
    r"|but|and|while|whereas|although|though|yet|as)$",
    re.IGNORECASE,
)
_DAYS = (
    "monday|tuesday|wednesday|thursday|friday|saturday|sunday|january|february|march|april|"
    "may|june|july|august|september|october|november|december"
)
_SOURCE_TRIM = re.compile(
    rf"\s+(?:on(?!\s+(?!(?:{_DAYS})\b)(?-i:[A-Z]))|in|late|early|last|this|yesterday|today|"
    r"tonight|overnight|that)\b.*$",
    re.IGNORECASE,
)
"""When or where a speaker spoke, cut from its name ("police on Monday"), but not the
"on" of a name ("the Commission on Human Rights")."""
_SOURCE_LINK = re.compile(r"^(?:while|whereas|but|and|although|though|as|yet)\s+", re.IGNORECASE)
"""A clause link before a speaker ("..., while local hospitals reported 30"): not its name."""
_RELAYED_BY = re.compile(
    r"^(?:(?:the|an?)\s+)?(?:(?:latest|official|new|preliminary)\s+)?"
    r"(?:figures|data|statistics|numbers|count|tally)\s+"
    r"(?:(?:(?:released|published|compiled|provided|issued|gathered)\s+)?by|from)\s+",
    re.IGNORECASE,
)
"""The figures a speaker gave, named before the speaker ("according to figures released by
the interior ministry"): the speaker is the ministry."""
_TALLY_OF = re.compile(
    r"^(?:an?|the)\s+(?P<who>[A-Z][\w.&'\u2019-]*(?:\s+[A-Z][\w.&'\u2019-]*){0,4})\s+"
    r"(?:tally|count|estimate|tabulation)$"
)
"""A count named by who keeps it ("according to an AFP tally"): the speaker is AFP."""
_NOT_A_NAME = re.compile(
    r"^(?:according|with|by|in|on|at|from|for|of|as|after|since|said|says)\b", re.I
)
"""A "speaker" opening with a preposition is a phrase, not a name ("with some reports"), and
one opening with a speech verb is the verb of another ("..., said earlier reports")."""
_SOURCE_NOT = re.compile(r"\d|\b(?:killed|injured|died|dead|arrested|detained|were|was)\b", re.I)


SAID, VIA, PUT = "said", "via", "put"
"""How a speaker gives its figures: says them (either side), relays them ("according to"), or
puts a count at a number, which speaks only of the figures after it."""
Speaker = tuple[int, str, str]
"""(position, source, how): one speaker of a sentence."""


def speakers(sentence: str, low: str | None = None) -> list[Speaker]:
    """(position, source, how) of every "X said", "said X", "X put the number at" and
    "according to X" in a sentence; "according to" marks a channel that may relay a speaker.
    `low` is `fold(sentence)` when the caller has it already."""
    # Skip the costly scans whose own words are missing (substring tests cost far less).
    if has_stem(sentence, _SPEECH_STEMS):
        verbs = [m.start() for m in _SPEECH_VERB.finditer(sentence)]
    else:
        verbs = []
    if low is None:
        low = fold(sentence)
    put = has_stem(low, _PUT_STEMS) and _PUT_TAIL.search(low) is not None
    according = "accord" in low or "cit" in low or "per" in low or "claim" in low
    owned = ("'s " in low or "\u2019s " in low) and _OWNED_COUNT.search(low) is not None
    # A trailing "- source" closes a title, which ends in no full stop.
    tail = max(0, len(sentence) - 48)
    titled = sentence[-1:].isalpha() and _has_dash(sentence, tail)
    dash = _DASH_SOURCE.search(sentence, tail) if titled else None
    colon = sentence.find(": ", 0, 48)
    headed = _HEADED.match(sentence) if colon > 0 else None
    if not (verbs or put or according or owned or dash or headed):  # most name no speaker
        return []
    found: list[tuple[Iterable[re.Match[str]], str]] = [
        (_said_before(sentence, verbs), SAID),
        (_SAID_AFTER.finditer(sentence) if verbs else (), SAID),
        (_PUT_NUMBER.finditer(sentence) if put else (), PUT),
        (_ACCORDING.finditer(sentence) if according else (), VIA),
        (_POSSESSIVE.finditer(sentence) if owned else (), SAID),
        ([dash] if dash else (), SAID),
        ([headed] if headed else (), SAID),
    ]
    out: list[Speaker] = []
    for matches, how in found:
        for m in matches:
            src = _clean_source(m.group("src"))
            if src:
                out.append((m.start("src"), src, how))
    out.sort()
    return out


def _has_dash(sentence: str, tail: int) -> bool:
    return (
        sentence.find("-", tail) >= 0
        or sentence.find("\u2013", tail) >= 0
        or sentence.find("\u2014", tail) >= 0
    )


def _said_before(sentence: str, verbs: Sequence[int]) -> list[re.Match[str]]:
    """`_SAID_BEFORE.finditer(sentence)`, tried only where a speech verb follows before the
    next punctuation the speaker's name cannot hold: each try scans up to 70 characters."""
    if not verbs:
        return []
    opens = [0, *(m.start() for m in _SAID_OPEN.finditer(sentence, 1))]
    stops = [m.start() for m in _SAID_STOP.finditer(sentence)]
    if "(" in sentence:
        inside = {i for m in _ABBREVIATION.finditer(sentence) for i in (m.start(), m.end() - 1)}
        stops = [i for i in stops if i not in inside]
    out: list[re.Match[str]] = []
    end = 0
    for at in opens:
        if at < end:
            continue
        # Both lists ascend: the first stop and the first verb after `at`.
        i = bisect_right(stops, at)
        stop = stops[i] if i < len(stops) else len(sentence)
        j = bisect_right(verbs, at)
        if j == len(verbs) or verbs[j] >= stop:
            continue
        m = _SAID_BEFORE.match(sentence, at)
        if m is not None:
            out.append(m)
            end = m.end()
    return out


def attribution(sentence: str, pos: int = 0) -> str | None:
    """Who the sentence says gave the figure at `pos`: "the health ministry", "AKI Press", or
    "the health ministry via AKI Press".

    A speaker named before the figure ("According to police, 3,000 gathered; organisers said
    10,000 rallied") gives it, the nearest one winning, so two sources in one sentence stay
    apart. Otherwise the speakers after it do, a speaker relayed by a channel read as both,
    but not one who puts a count at a number ("30 died, though some estimates put the figure
    as high as 50": the estimates are of the 50).
    """
    return attribute(speakers(sentence), pos)


def attribute(speakers: Sequence[Speaker], pos: int, at: Sequence[int] | None = None) -> str | None:
    """`attribution` from the sentence's speakers, found once per sentence; `at` are their
    positions (one look-up per figure instead of a scan of them all)."""
    if not speakers:
        return None
    if at is None:
        at = [sp[0] for sp in speakers]
    i = bisect_right(at, pos)
    if i:
        return speakers[i - 1][1]
    said = next((name for _, name, how in speakers if how == SAID), None)
    via = next((name for _, name, how in speakers if how == VIA), None)
    if said and via and said.lower() != via.lower():
        return f"{said} via {via}"
    return said or via


@lru_cache(maxsize=1024)
def _clean_source(src: str) -> str | None:
    """The speaker's name, tidied, or None. Cached: the same sources recur across items."""
    src = _SOURCE_TRIM.sub("", _RELAYED_BY.sub("", _SOURCE_LINK.sub("", src.strip())))
    src = src.strip(" '\"“”")
    words = src.split()
    src = " ".join(words)  # a name wrapped across lines reads as one
    if not words or len(words) > 7 or _PRONOUN_SOURCE.match(src) or _SOURCE_NOT.search(src):
        return None
    if _NOT_A_NAME.match(src):
        return None
    tally = _TALLY_OF.match(src)
    return tally.group("who") if tally is not None else src
