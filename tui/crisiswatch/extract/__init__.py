"""Text in, figures out: casualty mentions, per-text totals and election results."""

from __future__ import annotations

from crisiswatch.config import Election
from crisiswatch.extract.casualties import HINT as CASUALTY_HINT
from crisiswatch.extract.casualties import all_mentions, text_totals
from crisiswatch.extract.results import HINT as RESULTS_HINT
from crisiswatch.extract.results import read_election
from crisiswatch.extract.sentences import story_sentences
from crisiswatch.models import Extraction, Kind

__all__ = ["extract"]


def extract(text: str, election: Election | None = None) -> Extraction:
    """Everything one text reports: every figure mention, one total per kind, party shares,
    counting progress, threshold and turnout. Pure and fast: run once per new item at ingest."""
    has_casualty = CASUALTY_HINT.search(text) is not None
    has_results = RESULTS_HINT.search(text) is not None
    if not has_casualty and not has_results:
        return Extraction(totals=dict.fromkeys(Kind))
    sentences = story_sentences(text)
    mentions = all_mentions(enumerate(sentences)) if has_casualty else []
    facts = read_election(sentences, election) if has_results else None
    return Extraction(
        figures=tuple(m.figure for m in mentions if not m.background),
        totals=text_totals(mentions),
        results=facts.shares if facts else (),
        reporting_pct=facts.reporting_pct if facts else None,
        turnout_pct=facts.turnout_pct if facts else None,
        threshold_pct=facts.threshold_pct if facts else None,
    )
