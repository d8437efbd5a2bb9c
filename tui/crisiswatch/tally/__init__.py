"""Pure reconciliation of stored figures: casualty counters, results table and seat projection."""

from __future__ import annotations

from crisiswatch.tally.casualties import HEADLINE_RULE, Counter, casualty_counters
from crisiswatch.tally.results import PartyRow, ResultsTable, party_history, results_table
from crisiswatch.tally.seats import allocate
from crisiswatch.tally.watching import keyword_match

__all__ = [
    "HEADLINE_RULE",
    "Counter",
    "PartyRow",
    "ResultsTable",
    "allocate",
    "casualty_counters",
    "keyword_match",
    "party_history",
    "results_table",
]
