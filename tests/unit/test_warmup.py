"""The parsing worker starts at once for a round that will get bodies, and only on the first
body for a round where every feed holds validators."""

from __future__ import annotations

import pytest

from configs import make_config
from crisiswatch.config import FeedConfig
from crisiswatch.pollers.cpu import CpuPool
from crisiswatch.pollers.poller import Poller
from crisiswatch.pollers.warmup import expects_bodies, worker_wanted
from crisiswatch.store import FeedState, Store
from feedserver import FeedServer, Route, entries, rss


def _feeds(server: FeedServer, n: int) -> list[FeedConfig]:
    return [FeedConfig(name=f"f{i}", url=server.url(f"/f{i}")) for i in range(n)]


def test_a_feed_without_validators_expects_a_body() -> None:
    feeds = [FeedConfig(name="a", url="http://127.0.0.1:1/a")]
    assert expects_bodies(feeds, {})
    assert expects_bodies(feeds, {"a": FeedState(None, None, 0, None)})
    assert not expects_bodies(feeds, {"a": FeedState('"x"', None, 0, None)})
    assert not expects_bodies(feeds, {"a": FeedState(None, "Tue, 06 Oct 2020", 0, None)})


@pytest.mark.slow
async def test_a_round_of_304s_starts_no_worker_and_a_body_starts_one(
    feed_server: FeedServer, store: Store
) -> None:
    for i in range(3):
        feed_server.routes[f"/f{i}"] = Route(rss(entries(f"f{i}", 2)))
    config = make_config(_feeds(feed_server, 3))
    cold_pool = CpuPool(workers=1)
    try:
        poller = Poller(config, store, cpu=cold_pool)
        assert worker_wanted(poller.feeds, store), "a new store: every answer is a body"
        outcomes = await poller.poll_once()
        await poller.aclose()
        assert [o.new_items for o in outcomes] == [2, 2, 2]
    finally:
        cold_pool.close()

    warm_pool = CpuPool(workers=1)
    try:
        poller = Poller(config, store, cpu=warm_pool)
        assert not worker_wanted(poller.feeds, store)
        outcomes = await poller.poll_once()
        assert [o.status for o in outcomes] == [304, 304, 304]
        assert warm_pool._executor is None, "no body came, so no worker was started"

        feed_server.routes["/f1"].body = rss(entries("f1", 3))  # a new item: a new ETag
        outcomes = await poller.poll_once()
        await poller.aclose()
        assert [o.status for o in outcomes] == [304, 200, 304]
        assert [o.new_items for o in outcomes] == [0, 1, 0], "the late worker read the body"
        assert warm_pool._executor is not None
    finally:
        warm_pool.close()
