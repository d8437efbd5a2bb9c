"""Reading the items a run from before one-trip polls stored without what they report."""

from __future__ import annotations

from crisiswatch.facts import WatchList, read_item
from crisiswatch.store import Store


def catch_up(store: Store, watches: WatchList, batch: int = 500) -> int:
    """Read every item still waiting for extraction, the way a poll reads a new item, and
    store each reading; returns how many items were read."""
    done = 0
    while pending := store.pending_extraction(batch):
        store.add_readings([(i, read_item(i.title, i.summary, watches)) for i in pending])
        done += len(pending)
    return done
