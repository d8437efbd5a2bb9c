"""Items into a test's store the way a poll writes them: each item's facts (facts/poll.py),
then `Store.write_poll`; what a text reports is given as its extraction, so a test decides it."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from crisiswatch.facts import WatchList, item_facts, reading
from crisiswatch.models import Extraction, ParsedItem
from crisiswatch.store import FeedSuccess, NewItem, Store


def store_items(
    store: Store,
    feed: str,
    items: Sequence[ParsedItem],
    *,
    watches: Sequence[tuple[str, Sequence[str]]] = (),
    extractions: Sequence[Extraction] | None = None,
    official: bool = False,
    success: FeedSuccess | None = None,
    now: float | None = None,
) -> list[NewItem]:
    """`watches` is (name, keywords) per watch. `extractions`, one per item, are what each
    item's text reports; without them the items wait for the catch-up (pollers/catchup.py), as
    a run from before one-trip polls left them."""
    if extractions is not None and len(extractions) != len(items):
        raise ValueError("one extraction per item")
    listed = WatchList(tuple((name, tuple(words)) for name, words in watches))
    facts = [
        item_facts(
            it,
            listed,
            None if extractions is None else reading(extractions[n], it.title, it.summary),
            official=official,
        )
        for n, it in enumerate(items)
    ]
    return store.write_poll(feed, facts, success=success, now=now)


def store_readings(store: Store, read: Iterable[tuple[NewItem, Extraction]]) -> None:
    """What each stored item's text reports, written as the catch-up writes it."""
    store.add_readings([(new, reading(ex, new.title, new.summary)) for new, ex in read])
