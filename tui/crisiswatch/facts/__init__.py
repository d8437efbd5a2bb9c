"""From a parsed feed to what the store writes, without a database (facts/poll.py): the layer
between the extractor, which it calls, and the store, which imports its types."""

from crisiswatch.facts.poll import (
    FigureRow,
    ItemFacts,
    PollFacts,
    Reading,
    ShareRow,
    StatusRow,
    WatchList,
    ballot,
    extraction,
    item_facts,
    poll_facts,
    read_item,
    reading,
)
from crisiswatch.facts.spans import item_text

__all__ = [
    "FigureRow",
    "ItemFacts",
    "PollFacts",
    "Reading",
    "ShareRow",
    "StatusRow",
    "WatchList",
    "ballot",
    "extraction",
    "item_facts",
    "item_text",
    "poll_facts",
    "read_item",
    "reading",
]
