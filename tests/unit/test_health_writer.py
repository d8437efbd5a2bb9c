"""Feed health after 304s goes in shared commits, each poll still waiting for its own row."""

from __future__ import annotations

import asyncio
import sqlite3
from collections.abc import Sequence
from pathlib import Path

import pytest

from configs import make_config
from crisiswatch.config import FeedConfig
from crisiswatch.pollers.health import HealthWriter
from crisiswatch.pollers.poller import Poller
from crisiswatch.store import FeedSuccess, Store
from crisiswatch.store.reads import feed_health
from feedserver import FeedServer, Route, entries, rss


class CountingStore(Store):
    """A real store that counts the transactions `record_successes` opened."""

    batches: list[int]

    def record_successes(
        self, successes: Sequence[tuple[str, FeedSuccess]], *, at: float | None = None
    ) -> None:
        self.batches.append(len(successes))
        super().record_successes(successes, at=at)


@pytest.mark.slow
async def test_a_round_of_304s_shares_commits_and_records_every_feed(
    feed_server: FeedServer, tmp_path: Path
) -> None:
    store = CountingStore(tmp_path / "s.db")
    store.batches = []
    names = [f"f{i}" for i in range(40)]
    for n in names:
        feed_server.routes[f"/{n}"] = Route(rss(entries(n, 2)))
    feeds = [FeedConfig(name=n, url=feed_server.url(f"/{n}")) for n in names]
    poller = Poller(make_config(feeds, per_host=8, max_connections=16), store)
    try:
        await poller.poll_once()
        assert store.batches == [], "polls with items commit with their items"
        before = {h.name: h.last_success for h in feed_health(store)}
        warm = await poller.poll_once()
    finally:
        await poller.aclose()
    assert {o.status for o in warm} == {304} and all(o.ok for o in warm)
    assert sum(store.batches) == len(names)
    assert len(store.batches) < len(names), store.batches
    for h in feed_health(store):
        assert h.ok and h.failures == 0 and h.last_status == 304
        assert h.last_success is not None and h.last_success > before[h.name]
    store.close()


async def test_a_failed_batch_fails_each_of_its_polls(store: Store) -> None:
    store.sync_feeds([("a", "http://x.invalid/a"), ("b", "http://x.invalid/b")])
    writer = HealthWriter(store)
    store.conn.execute("PRAGMA query_only = ON")
    success = FeedSuccess(304, '"e"', None, 0.0, None)
    results = await asyncio.gather(
        writer.write("a", success), writer.write("b", success), return_exceptions=True
    )
    assert all(isinstance(r, sqlite3.Error) for r in results), results
    store.conn.execute("PRAGMA query_only = OFF")
    assert await writer.write("a", success) >= 0.0, "the writer goes on after a failed batch"


async def test_a_poll_cancelled_before_its_turn_writes_nothing(store: Store) -> None:
    store.sync_feeds([("a", "http://x.invalid/a"), ("b", "http://x.invalid/b")])
    writer = HealthWriter(store)
    success = FeedSuccess(304, '"e"', None, 0.0, None)
    first = asyncio.create_task(writer.write("a", success))
    await asyncio.sleep(0)  # "a" is handed to the writing thread
    second = asyncio.create_task(writer.write("b", success))
    await asyncio.sleep(0)
    second.cancel()
    await first
    with pytest.raises(asyncio.CancelledError):
        await second
    health = {h.name: h for h in feed_health(store)}
    assert health["a"].last_status == 304
    assert health["b"].last_status is None
