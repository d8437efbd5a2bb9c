"""Text in, figures out: casualty mentions, per-text totals and election results."""

from __future__ import annotations

from crisiswatch.config import Election
from crisiswatch.extract.casualties import all_mentions, hint_positions, text_totals
from crisiswatch.extract.results import read_election
from crisiswatch.extract.sentences import sentence_spans, sentences_at
from crisiswatch.models import Extraction, Kind

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
    low = text.lower()
    casualty_at = hint_positions(low)
    results_at = [i for mark in _PERCENT_MARKS for i in _find_all(low, mark)]
    if not casualty_at and not results_at:
        return Extraction(totals=dict.fromkeys(Kind))
    # Only sentences holding a hint are read; the rest of the text costs one scan.
    starts = sentence_spans(text)
    mentions = all_mentions((s.start, s) for s in sentences_at(text, casualty_at, starts))
    facts = read_election(sentences_at(text, results_at, starts), election) if results_at else None
    return Extraction(
        figures=tuple(m.figure for m in mentions if not m.background),
        totals=text_totals(mentions),
        results=facts.shares if facts else (),
        reporting_pct=facts.reporting_pct if facts else None,
        turnout_pct=facts.turnout_pct if facts else None,
        threshold_pct=facts.threshold_pct if facts else None,
    )
