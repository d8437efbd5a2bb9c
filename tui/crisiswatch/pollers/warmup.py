"""Whether a round of polls needs the parsing worker from its start, or only if a body comes.

Starting the worker early lets its start-up (an interpreter, the extractor's patterns) overlap
the first fetches of a cold round. A round where every feed holds validators mostly gets 304s,
which need no worker at all: there, starting one only spends the other core (and the exit's
wait for it) on nothing, a quarter to half of a warm `poll --once` on a busy machine
(benchmarks/README.md, "Stop 9"). The pool starts on its first use in any case.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Mapping

from crisiswatch.config import FeedConfig
from crisiswatch.store import FeedState, Store


def expects_bodies(feeds: Iterable[FeedConfig], states: Mapping[str, FeedState]) -> bool:
    """True when some feed has no validator stored, so its answer cannot be a 304."""
    for feed in feeds:
        state = states.get(feed.name)
        if state is None or not (state.etag or state.last_modified):
            return True
    return False


def worker_wanted(feeds: Iterable[FeedConfig], store: Store) -> bool:
    """`expects_bodies` for the store's states; a store that cannot say is assumed cold (the
    poll itself then reports the store's error)."""
    try:
        return expects_bodies(feeds, store.feed_states())
    except sqlite3.Error:
        return True
