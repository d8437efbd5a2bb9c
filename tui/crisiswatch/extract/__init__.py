"""Text in, figures out: casualty mentions, per-text totals and election results."""

from __future__ import annotations

from crisiswatch.config import Election
from crisiswatch.extract.anchors import find_anchors
from crisiswatch.extract.casualties import KINDS, all_mentions, text_totals
from crisiswatch.extract.results import read_election, trigger_positions
from crisiswatch.extract.results.status import read_statuses
from crisiswatch.extract.sentences import sentences_around_each
from crisiswatch.models import Extraction

__all__ = ["extract"]


def extract(text: str, election: Election | None = None) -> Extraction:
    """Everything one text reports: every figure mention, one total per kind, party shares,
    counting progress, threshold and turnout. Pure and fast: run once per new item at ingest."""
    anchors = find_anchors(text)
    if not anchors.positions:  # no digit, number, zero or person word: nothing to read
        return Extraction(totals=dict.fromkeys(KINDS), statuses=read_statuses(text, False))
    # A share is a number with a per cent mark, counting progress a number beside polling
    # stations: without a digit there is nothing to read. The triggers come from the results
    # rules' table; most texts hold none, which plain substring tests settle.
    results_at = trigger_positions(text.lower()) if anchors.has_digit else []
    # Only sentences holding an anchor or a results trigger are cut from the text and read.
    casualty_sentences, result_sentences = sentences_around_each(
        text, (anchors.positions, results_at)
    )
    mentions = all_mentions((s.start, s) for s in casualty_sentences)
    facts = read_election(text, result_sentences, election) if results_at else None
    return Extraction(
        figures=tuple(m.figure for m in mentions if not m.background),
        totals=text_totals(mentions),
        results=facts.shares if facts else (),
        reporting_pct=facts.reporting_pct if facts else None,
        turnout_pct=facts.turnout_pct if facts else None,
        threshold_pct=facts.threshold_pct if facts else None,
        statuses=read_statuses(text, bool(results_at)),
    )
