"""The one shared httpx.AsyncClient, with a small connection pool per host and env proxies."""

from __future__ import annotations

import time
import urllib.request

import httpx

from crisiswatch.config import Settings

MAX_REDIRECTS = 5
KEEPALIVE = 30.0


class PerHostTransport(httpx.AsyncBaseTransport):
    """Routes each request to a connection pool of its own host, sized `per_host`.

    httpcore scans every connection of a pool, with a syscall or two each, several times per
    request (encode/httpcore#1035), so small pools cost less CPU a request than one pool sized
    for all hosts (benchmarks/README.md, "Figures behind the code"). Pools left idle
    longer than the keep-alive are closed, so a thousand hosts never hold a thousand sockets.
    """

    def __init__(self, *, per_host: int, keepalive_expiry: float = KEEPALIVE) -> None:
        self._per_host = per_host
        self._expiry = keepalive_expiry
        self._pools: dict[tuple[str, str, int | None], httpx.AsyncHTTPTransport] = {}
        self._last_used: dict[tuple[str, str, int | None], float] = {}
        self._next_sweep = 0.0
        # Read once: proxies come from the environment, as users on servers expect.
        self._proxies = urllib.request.getproxies_environment()

    def _proxy_for(self, url: httpx.URL) -> str | None:
        # In the stdlib, though not in its type stubs.
        if urllib.request.proxy_bypass_environment(url.host, self._proxies):  # type: ignore[attr-defined]
            return None
        return self._proxies.get(url.scheme) or self._proxies.get("all")

    def _pool(self, url: httpx.URL) -> httpx.AsyncHTTPTransport:
        key = (url.scheme, url.host, url.port)
        pool = self._pools.get(key)
        if pool is None:
            pool = httpx.AsyncHTTPTransport(
                limits=httpx.Limits(
                    max_connections=self._per_host,
                    max_keepalive_connections=self._per_host,
                    keepalive_expiry=self._expiry,
                ),
                proxy=self._proxy_for(url),
            )
            self._pools[key] = pool
        self._last_used[key] = time.monotonic()
        return pool

    async def _sweep(self) -> None:
        now = time.monotonic()
        if now < self._next_sweep:
            return
        self._next_sweep = now + self._expiry / 2
        for key, last in list(self._last_used.items()):
            pool = self._pools[key]
            busy = any(not c.is_idle() for c in pool._pool.connections)
            if now - last > self._expiry and not busy:
                del self._pools[key], self._last_used[key]
                await pool.aclose()

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        pool = self._pool(request.url)
        await self._sweep()
        return await pool.handle_async_request(request)

    async def aclose(self) -> None:
        pools = list(self._pools.values())
        self._pools.clear()
        self._last_used.clear()
        for pool in pools:
            await pool.aclose()

    @property
    def open_pools(self) -> int:
        return len(self._pools)


def make_client(settings: Settings) -> httpx.AsyncClient:
    """One client for every feed, so connections stay alive across feeds of the same host."""
    return httpx.AsyncClient(
        transport=PerHostTransport(per_host=settings.per_host),
        timeout=httpx.Timeout(settings.timeout, pool=None),
        follow_redirects=True,
        max_redirects=MAX_REDIRECTS,
        headers={
            "User-Agent": settings.user_agent,
            "Accept": (
                "application/rss+xml, application/atom+xml, application/feed+json, "
                "application/json;q=0.9, application/xml;q=0.9, text/xml;q=0.8, */*;q=0.5"
            ),
        },
    )
