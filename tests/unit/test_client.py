"""The shared client: connections kept alive per host, idle ones closed, proxies, no cookies."""

from __future__ import annotations

import asyncio

import pytest

from configs import make_config
from crisiswatch.config import FeedConfig
from crisiswatch.pollers.client import Client
from crisiswatch.pollers.fetch import FetchFailed, fetch
from crisiswatch.pollers.poller import Poller
from crisiswatch.store import Store
from feedserver import FeedServer, Route, entries, rss


def client(per_host: int, **kw: float) -> Client:
    return Client(user_agent="test", accept="*/*", timeout=5.0, per_host=per_host, **kw)


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


async def test_idle_connections_are_closed(feed_server: FeedServer) -> None:
    feed_server.routes["/a"] = Route(b"ok", content_type="text/plain")
    async with client(2) as kept, client(2, keepalive_expiry=0.1) as swept:
        for c in (kept, swept):
            await fetch(c, feed_server.url("/a"), max_body=1000)
            await fetch(c, feed_server.url("/a"), max_body=1000)
        assert len(feed_server.peers) == 2, "one connection per client, kept alive"
        await asyncio.sleep(0.5)
        for c in (kept, swept):
            await fetch(c, feed_server.url("/a"), max_body=1000)
    assert len(feed_server.peers) == 3, "only the idle connection past its keep-alive was closed"


async def test_proxy_from_environment(
    feed_server: FeedServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The test server plays the proxy: it sees the absolute URL of a host that never resolves.
    feed_server.routes["http://feeds.invalid/rss"] = Route(b"via proxy", content_type="text/plain")
    monkeypatch.setenv("http_proxy", feed_server.base)
    monkeypatch.delenv("no_proxy", raising=False)
    monkeypatch.delenv("NO_PROXY", raising=False)
    async with client(1) as c:
        got = await fetch(c, "http://feeds.invalid/rss", max_body=1000)
    assert got.body == b"via proxy"
    assert feed_server.requests[0].path == "http://feeds.invalid/rss"


async def test_redirected_hops_ask_the_proxy_each_time(
    feed_server: FeedServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A redirect from a proxied host to one `no_proxy` names leaves the proxy."""
    with FeedServer() as proxy:
        proxy.routes["http://feeds.invalid/old"] = Route(redirect_to=feed_server.url("/new"))
        feed_server.routes["/new"] = Route(b"direct", content_type="text/plain")
        monkeypatch.setenv("http_proxy", proxy.base)
        monkeypatch.setenv("no_proxy", "127.0.0.1")
        async with client(1) as c:
            got = await fetch(c, "http://feeds.invalid/old", max_body=1000)
        assert got.body == b"direct" and got.url == feed_server.url("/new")
        assert [r.path for r in proxy.requests] == ["http://feeds.invalid/old"]
    assert [r.path for r in feed_server.requests] == ["/new"]


async def test_no_cookies_are_kept_or_sent(feed_server: FeedServer) -> None:
    feed_server.routes["/c"] = Route(
        b"ok", content_type="text/plain", headers={"Set-Cookie": "s=1; Path=/"}
    )
    async with client(1) as c:
        for _ in range(2):
            await fetch(c, feed_server.url("/c"), max_body=1000)
    assert all("cookie" not in seen.headers for seen in feed_server.requests)


async def test_five_redirects_are_followed_and_a_sixth_is_refused(
    feed_server: FeedServer,
) -> None:
    for i in range(6):
        feed_server.routes[f"/r{i}"] = Route(redirect_to=f"/r{i + 1}")
    feed_server.routes["/r6"] = Route(b"end", content_type="text/plain")
    async with client(1) as c:
        got = await fetch(c, feed_server.url("/r1"), max_body=1000)
        assert got.body == b"end"
        with pytest.raises(Exception, match=r"more than 5 redirects \(a redirect loop\?\)"):
            await fetch(c, feed_server.url("/r0"), max_body=1000)


async def test_a_proxy_refusing_the_https_tunnel_is_one_line_naming_it(
    feed_server: FeedServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The test server answers CONNECT as BaseHTTPRequestHandler does: 501, not a tunnel.
    monkeypatch.setenv("https_proxy", feed_server.base)
    monkeypatch.delenv("no_proxy", raising=False)
    monkeypatch.delenv("NO_PROXY", raising=False)
    host, port = feed_server.base.removeprefix("http://").split(":")
    async with client(1) as c:
        with pytest.raises(FetchFailed) as caught:
            await fetch(c, "https://feeds.invalid/rss", max_body=1000)
    assert (
        str(caught.value) == f"proxy {host}:{port} refused: HTTP 501 Unsupported method ('CONNECT')"
    )


async def test_a_redirect_keeps_its_connection(feed_server: FeedServer) -> None:
    # A redirect with a body of its own, as most servers send ("Moved to ...").
    feed_server.routes["/old"] = Route(
        b"<p>Moved to /new</p>", status=301, headers={"Location": "/new"}, validators=False
    )
    feed_server.routes["/new"] = Route(b"moved here", content_type="text/plain")
    async with client(1) as c:
        for _ in range(3):
            got = await fetch(c, feed_server.url("/old"), max_body=1000)
            assert got.body == b"moved here" and got.url == feed_server.url("/new")
    assert len(feed_server.requests) == 6
    assert len(feed_server.peers) == 1, "six requests over one kept-alive connection"
