"""Text in, figures out: casualty mentions, per-text totals and election results."""

from __future__ import annotations

from crisiswatch.config import Election
from crisiswatch.extract.anchors import find_anchors
from crisiswatch.extract.mentions import KINDS, all_mentions
from crisiswatch.extract.results import read_election
from crisiswatch.extract.sentences import sentences_around_each, title_end
from crisiswatch.extract.totals import drop_headline_repeats, text_totals
from crisiswatch.models import Extraction

__all__ = ["extract"]

_PERCENT_MARKS = ("%", "percent", "per cent", "pct")


def _find_all(low: str, mark: str) -> list[int]:
    out: list[int] = []
    pos = low.find(mark)
    while pos >= 0:
        out.append(pos)
        pos = low.find(mark, pos + 1)
    return out


def extract(text: str, election: Election | None = None) -> Extraction:
    """Everything one text reports: every figure mention, one total per kind, party shares,
    counting progress, threshold and turnout. Pure and fast: run once per new item at ingest."""
    anchors = find_anchors(text)
    if not anchors.positions:  # no digit, number, zero or person word: nothing to read
        return Extraction(totals=dict.fromkeys(KINDS))
    # A share is a number with a per cent mark: both must stand somewhere in the text.
    low = text.lower() if anchors.has_digit else ""
    # Most texts hold no mark at all: plain substring tests settle that before any list is
    # built (a bare "per" would not: it stands in "person", "disperse", "paper").
    results_at = (
        [i for mark in _PERCENT_MARKS for i in _find_all(low, mark)]
        if any(map(low.__contains__, _PERCENT_MARKS))
        else []
    )
    # Only sentences holding an anchor or a per cent mark are cut from the text and read.
    casualty_sentences, result_sentences = sentences_around_each(
        text, (anchors.positions, results_at)
    )
    mentions = drop_headline_repeats(
        all_mentions(((s.start, s) for s in casualty_sentences), title_end(text))
    )
    facts = read_election(result_sentences, election) if results_at else None
    return Extraction(
        figures=tuple(m.figure for m in mentions if not m.background),
        totals=text_totals(mentions),
        results=facts.shares if facts else (),
        reporting_pct=facts.reporting_pct if facts else None,
        turnout_pct=facts.turnout_pct if facts else None,
        threshold_pct=facts.threshold_pct if facts else None,
    )
