"""Who gave a figure: one key per source, however the text names it, and a name to show.

A figure's source is whoever the text says gave it ("the health ministry", "police", "the UN
human rights office"); without an attribution it is the outlet that carried it. Two feeds
quoting the ministry carry one report of the ministry's, so "the health ministry", "Health
Ministry", "the Ministry of Health" and "health officials" must be one key. Outlets and
attributions share one key space on purpose: "according to AKI Press" names the feed AKIpress.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

KNOWN: tuple[tuple[str, str, str], ...] = (
    # (key, label shown, pattern searched in the attribution); the first match wins, so the
    # more specific bodies come before the general ones.
    (
        "un-rights",
        "UN human rights office",
        r"(?:(?-i:\bUN)|\bunited nations) (?:human )?rights (?:office|chief|commissioner)"
        r"|\bohchr\b|\bhigh commissioner for human rights\b",
    ),
    ("un", "United Nations", r"(?-i:\bUN\b)|\bu\.n\.|\bunited nations\b"),
    (
        "health-ministry",
        "health ministry",
        r"\bhealth (?:ministry|minister|officials|authorities|department)\b"
        r"|\bministry of (?:public )?health\b|\bminister of health\b",
    ),
    (
        "interior-ministry",
        "interior ministry",
        r"\binterior (?:ministry|minister)\b|\bministry of (?:the )?interior\b"
        r"|\bministry of internal affairs\b",
    ),
    (
        "security-service",
        "security service",
        r"\bsecurity services?\b|\bstate committee for national security\b|\bgknb\b",
    ),
    ("election-commission", "election commission", r"\belection commission\b|(?-i:\bCEC\b)"),
    ("red-cross", "Red Cross / Red Crescent", r"\bred (?:cross|crescent)\b|\bicrc\b"),
    ("amnesty", "Amnesty International", r"\bamnesty\b"),
    ("hrw", "Human Rights Watch", r"\bhuman rights watch\b|\bhrw\b"),
    (
        "aapp",
        "Assistance Association for Political Prisoners",
        r"\bassistance association for political prisoners\b|\baapp\b",
    ),
    ("rights-group", "a rights group", r"\brights (?:group|groups|monitor|monitors|activists)\b"),
    ("police", "police", r"\bpolice\b"),
    ("military", "the military", r"\b(?:military|army|junta)\b"),
    ("doctors", "doctors", r"\b(?:doctors|medics|hospital|hospitals)\b"),
)
"""Bodies recognised whatever the text calls them; anything else keys on its own words."""

HEARSAY = re.compile(
    r"^(?:reports?|media|local media|media reports|witnesses|residents|sources|observers)\b",
    re.IGNORECASE,
)
"""Attributions that name nobody: the outlet that carried them stays the source."""

_PATTERNS = tuple((key, label, re.compile(p, re.IGNORECASE)) for key, label, p in KNOWN)
_VIA = re.compile(r"\s+(?:via|according to|citing|quoted by|cited by)\s+.*$", re.IGNORECASE)
_ARTICLE = re.compile(r"^(?:the|a|an)\s+", re.IGNORECASE)
_NOT_KEY = re.compile(r"[^0-9a-z]+")


@dataclass(frozen=True, slots=True, order=True)
class Source:
    """Who gave a figure: `key` compares, `label` is shown."""

    key: str
    label: str


@lru_cache(maxsize=1024)
def outlet(feed: str) -> Source:
    """The feed as a source, for figures the text attributes to nobody."""
    return Source(_compact(feed) or feed, feed)


@lru_cache(maxsize=1024)
def attributed(attribution: str) -> Source | None:
    """The source an attribution names, or None when it names nobody ("reports from Bishkek")."""
    text = " ".join(attribution.split()).strip(" '\"“”")
    if not text or HEARSAY.match(_ARTICLE.sub("", text)):
        return None
    for key, label, pattern in _PATTERNS:
        if pattern.search(text):
            return Source(key, label)
    own = _ARTICLE.sub("", _VIA.sub("", text))
    key = _compact(own)
    return Source(key, own) if key else None


def source_of(attribution: str | None, feed: str) -> Source:
    """The attribution's source when it names one, else the feed's."""
    return (attributed(attribution) if attribution else None) or outlet(feed)


def _compact(name: str) -> str:
    """Case, spaces and punctuation dropped: "AKI Press" and "AKIpress" are one key."""
    return _NOT_KEY.sub("", name.casefold())
