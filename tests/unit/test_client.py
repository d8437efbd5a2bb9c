"""The shared client's transport: connections kept alive per host, idle pools closed, proxies."""

from __future__ import annotations

import asyncio

import httpx
import pytest

from configs import make_config
from crisiswatch.config import FeedConfig
from crisiswatch.pollers.client import PerHostTransport
from crisiswatch.pollers.poller import Poller
from crisiswatch.store import Store
from feedserver import FeedServer, Route, entries, rss


async def test_warm_polls_reuse_connections(feed_server: FeedServer, store: Store) -> None:
    for i in range(10):
        feed_server.routes[f"/f{i}"] = Route(rss(entries(f"f{i}", 2)))
    feeds = [FeedConfig(name=f"f{i}", url=feed_server.url(f"/f{i}")) for i in range(10)]
    poller = Poller(make_config(feeds, per_host=2), store)
    await poller.poll_once()
    warm = await poller.poll_once()
    await poller.aclose()
    assert {o.status for o in warm} == {304}
    assert len(feed_server.requests) == 20
    assert len(feed_server.peers) <= 2, "20 requests over at most per_host connections"


async def test_idle_host_pools_are_closed(feed_server: FeedServer) -> None:
    feed_server.routes["/a"] = Route(b"ok", content_type="text/plain")
    port = feed_server.base.rsplit(":", 1)[1]
    transport = PerHostTransport(per_host=2, keepalive_expiry=0.1)
    async with httpx.AsyncClient(transport=transport) as client:
        await client.get(f"http://127.0.0.1:{port}/a")
        await client.get(f"http://localhost:{port}/a")
        assert transport.open_pools == 2
        await asyncio.sleep(0.25)
        await client.get(f"http://127.0.0.1:{port}/a")
        assert transport.open_pools == 1, "the idle localhost pool was swept"


async def test_proxy_from_environment(
    feed_server: FeedServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The test server plays the proxy: it sees the absolute URL of a host that never resolves.
    feed_server.routes["http://feeds.invalid/rss"] = Route(b"via proxy", content_type="text/plain")
    monkeypatch.setenv("http_proxy", feed_server.base)
    monkeypatch.delenv("no_proxy", raising=False)
    monkeypatch.delenv("NO_PROXY", raising=False)
    async with httpx.AsyncClient(transport=PerHostTransport(per_host=1)) as client:
        response = await client.get("http://feeds.invalid/rss")
    assert response.text == "via proxy"
    assert feed_server.requests[0].path == "http://feeds.invalid/rss"
