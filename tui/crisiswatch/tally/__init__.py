"""Pure reconciliation of stored figures: casualty counters, results table and seat projection."""

from __future__ import annotations

from crisiswatch.tally.casualties import HEADLINE_RULE, Counter, casualty_counters
from crisiswatch.tally.results import PartyRow, ResultsTable, party_history, results_table
from crisiswatch.tally.seats import allocate

__all__ = [
    "HEADLINE_RULE",
    "Counter",
    "PartyRow",
    "ResultsTable",
    "allocate",
    "casualty_counters",
    "party_history",
    "results_table",
]
