"""The one table of results rules, in the order they are tried: the reader, its prefilter and
the rule tests are all built from `RULES`. Each rule's examples are sentences of our own with
the figure the rule must give; the rules themselves live by job in `facts`, `shapes` and
`counts`."""

from __future__ import annotations

from crisiswatch.extract.results.counts import COUNTS
from crisiswatch.extract.results.facts import COUNTING, FACTS
from crisiswatch.extract.results.rules import Rule
from crisiswatch.extract.results.shapes import SHARES

__all__ = ["COUNTING", "COUNTS", "FACTS", "RULES", "SHARES"]

RULES: tuple[Rule, ...] = (*FACTS, *SHARES, *COUNTS)
"""Fact rules first (the first that fires decides what a percentage is), then share shapes,
then counts without a mark (read only when no percentage stated the count)."""
