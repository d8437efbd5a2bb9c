"""Whether a figure is the crisis's running toll or one incident's count, read from its sentence.

Tolls grow and a later one replaces an earlier one; counts of different incidents add up. The
tally needs to know which it has, and the words around the number usually say so: "the death
toll rose to 103", "since Monday", "in total" against "14 detained over looting", "in an air
strike". The cues are data (below); the cue nearest the number decides, a running cue winning a
tie, and a sentence with neither cue says nothing (UNKNOWN).
"""

from __future__ import annotations

import re

from crisiswatch.models import Scope

RUNNING_CUES: tuple[str, ...] = (
    r"death toll",
    r"toll",
    r"in total",
    r"a total of",
    r"the total",
    r"total number",
    r"in all",
    r"overall",
    r"altogether",
    r"cumulative",
    r"so far",
    r"to date",
    r"tally",
    r"count",
    r"stood at",
    r"stands at",
    r"now stands",
    r"since (?:monday|tuesday|wednesday|thursday|friday|saturday|sunday|the|last|early|late"
    r"|january|february|march|april|may|june|july|august|september|october|november|december"
    r"|\d)",
    r"(?:rose|rises|risen|rising|climbed|climbs|jumped|jumps|increased|raises|raised"
    r"|reached|reaches|bringing)",
)
"""Words that make a figure the crisis's toll so far (matched as whole words, any case)."""

INCIDENT_CUES: tuple[str, ...] = (
    r"(?:over|for) (?:the )?[a-z]+ing",
    r"accused of",
    r"suspected of",
    r"on suspicion of",
    r"on charges of",
    r"charged with",
    r"in (?:a|an|one|another) (?:\w+ ){0,3}?(?:attack|strike|airstrike|blast|bombing|explosion"
    r"|raid|shooting|ambush|clash|stampede|crash|fire|incident|operation)",
    r"in a separate",
    r"at a (?:\w+ ){0,2}?(?:checkpoint|protest|rally|march|market|wedding|funeral)",
)
"""Words that make a figure one incident's count ("detained over looting", "in an air strike")."""

CUES_PLAIN = re.compile(
    # Two groups, not one a cue: the engine tries one alternation instead of forty groups,
    # on text lower-cased once (IGNORECASE costs more than the fold).
    rf"(?P<r>\b(?:{'|'.join(RUNNING_CUES)})\b)|(?P<i>\b(?:{'|'.join(INCIDENT_CUES)})\b)"
)
"""Every cue, as written."""
_CUES = re.compile(
    rf"(?=[a-z])\b(?:(?P<r>(?:{'|'.join(RUNNING_CUES)})\b)|(?P<i>(?:{'|'.join(INCIDENT_CUES)})\b))"
)
"""`CUES_PLAIN` with what every match opens with said first: each cue opens with a lower-case
ASCII letter at the start of a word, so the engine passes over every other position (most of
them inside words) before it tries either group."""


CUE_REACH = 120
"""Characters either side of a figure where its cue may stand."""


def figure_scope(sentence: str, start: int, end: int, cues: re.Pattern[str] = _CUES) -> Scope:
    """The scope of the figure at `sentence[start:end]` (offsets within the sentence): the
    kind of the cue nearest to that phrase, in characters; a cue inside it is at distance 0.
    `cues`: `CUES_PLAIN` to read with the cues as written (what the fast form is tested
    against)."""
    best: tuple[int, int, Scope] | None = None
    # Only the words around the figure can be its cue; scanning them alone keeps the cost per
    # figure flat however long the sentence is.
    lo, hi = max(0, start - CUE_REACH), min(len(sentence), end + CUE_REACH)
    window = sentence[lo:hi]
    low = window.lower()
    for m in cues.finditer(low if len(low) == len(window) else window):
        m_start, m_end = lo + m.start(), lo + m.end()
        gap = start - m_end if m_end <= start else max(0, m_start - end)
        scope = Scope.RUNNING if m.lastgroup == "r" else Scope.INCIDENT
        key = (gap, 0 if scope is Scope.RUNNING else 1, scope)
        if best is None or key[:2] < best[:2]:
            best = key
    return best[2] if best is not None else Scope.UNKNOWN
