"""Text in, figures out: casualty mentions, per-text totals and election results."""

from __future__ import annotations

from dataclasses import replace

from crisiswatch.config import Election
from crisiswatch.extract.anchors import find_anchors
from crisiswatch.extract.mentions import KINDS, Mention, all_mentions
from crisiswatch.extract.results import read_election, trigger_positions
from crisiswatch.extract.results.status import read_statuses
from crisiswatch.extract.scope import figure_scope
from crisiswatch.extract.sentences import Sentence, sentences_around_each, title_end
from crisiswatch.extract.totals import drop_headline_repeats, text_totals
from crisiswatch.models import Extraction, Figure, Scope

__all__ = ["extract"]


def extract(text: str, election: Election | None = None) -> Extraction:
    """Everything one text reports: every figure mention, one total per kind, party shares,
    counting progress, threshold and turnout. Pure and fast: run once per new item at ingest."""
    text = _plain_spaces(text)
    anchors = find_anchors(text)
    if not anchors.positions:  # no number, zero, person or "another" word: nothing to read
        return Extraction(totals=dict.fromkeys(KINDS), statuses=read_statuses(text, False))
    # A share is a number with a per cent mark, counting progress a number beside polling
    # stations: without a digit there is nothing to read. The triggers come from the results
    # rules' table; most texts hold none, which plain substring tests settle.
    low = text.lower()
    results_at = trigger_positions(low) if anchors.has_digit else []
    # Only sentences holding an anchor or a results trigger are cut from the text and read.
    casualty_sentences, result_sentences = sentences_around_each(
        text, (anchors.positions, results_at)
    )
    by_start = {s.start: s for s in casualty_sentences}
    mentions = drop_headline_repeats(all_mentions(by_start.items(), title_end(text)))
    facts = read_election(text, result_sentences, election) if results_at else None
    return Extraction(
        figures=tuple(_scoped(m, by_start[m.sentence_index]) for m in mentions if not m.background),
        totals=text_totals(mentions),
        results=facts.shares if facts else (),
        reporting_pct=facts.reporting_pct if facts else None,
        turnout_pct=facts.turnout_pct if facts else None,
        threshold_pct=facts.threshold_pct if facts else None,
        statuses=read_statuses(text, bool(results_at), low=low),
    )


_ODD_SPACES = ("\u00a0", "\u2007", "\u2009", "\u202f")
"""No-break and thin spaces (an HTML page's "&nbsp;", French "31,2 %"): read as plain spaces,
one character for one, so every offset still points into the text as given."""


def _plain_spaces(text: str) -> str:
    for odd in _ODD_SPACES:
        if odd in text:  # a substring test per kind: most texts hold none
            text = text.replace(odd, " ")
    return text


def _scoped(mention: Mention, sentence: Sentence) -> Figure:
    """The figure with its scope: a running toll of the crisis or one incident's count, as the
    tally needs to know (extract/scope.py reads the cue words around it)."""
    figure = mention.figure
    if mention.toll or mention.cumulative:
        scope = Scope.RUNNING
    else:
        scope = figure_scope(
            sentence.text, figure.start - sentence.start, figure.end - sentence.start
        )
    return figure if scope is figure.scope else replace(figure, scope=scope)
