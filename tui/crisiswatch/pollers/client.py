"""The shared HTTP client: one aiohttp session, a small connection pool per host, env proxies.

Not httpx: its pool scans every connection, with a syscall or two each, several times per
request (encode/httpcore#1035), and builds a Request and a Response of its own on top of the
parser; aiohttp's connector keeps a list of idle connections per host and parses in C, which
costs a fraction of the CPU a request (benchmarks/README.md, issue 15). `fetch` (fetch.py) is
the only reader of a response, and turns aiohttp's errors into our one-line messages.
"""

from __future__ import annotations

import urllib.request

import aiohttp
from yarl import URL

from crisiswatch.config import Settings

MAX_REDIRECTS = 5
KEEPALIVE = 30.0

MAX_HEAD_LINE = 16 * 1024
"""Longest status or header line read (aiohttp's own default is 8 KiB, which real servers'
cookies and CSP headers can pass); past it the response fails as oversized headers."""

FEED_ACCEPT = (
    "application/rss+xml, application/atom+xml, application/feed+json, "
    "application/json;q=0.9, application/xml;q=0.9, text/xml;q=0.8, */*;q=0.5"
)


class Client:
    """One session for many requests: connections stay alive across feeds of the same host.

    At most `per_host` connections per host, none idle longer than the keep-alive, so a
    thousand hosts never hold a thousand sockets. No cookies are kept or sent: a feed or a page
    has no session with us. Proxies come from the environment (`http_proxy`, `no_proxy`...),
    read once, as users on servers expect; `.netrc` is not read.
    """

    def __init__(
        self,
        *,
        user_agent: str,
        accept: str,
        timeout: float,
        per_host: int,
        keepalive_expiry: float = KEEPALIVE,
    ) -> None:
        self.headers = {"User-Agent": user_agent, "Accept": accept}
        self.timeout = timeout
        self.per_host = per_host
        self.keepalive_expiry = keepalive_expiry
        self._proxies = urllib.request.getproxies_environment()
        self._session: aiohttp.ClientSession | None = None

    @property
    def session(self) -> aiohttp.ClientSession:
        """Made on first use: aiohttp binds a session to the running event loop."""
        if self._session is None:
            connector = aiohttp.TCPConnector(
                limit=0,  # the host gate bounds the whole; the connector bounds each host
                limit_per_host=self.per_host,
                keepalive_timeout=self.keepalive_expiry,
            )
            self._session = aiohttp.ClientSession(
                connector=connector,
                headers=self.headers,
                # Per connect and per read, as httpx's were; the whole exchange has its own
                # deadline in fetch().
                timeout=aiohttp.ClientTimeout(
                    total=None, sock_connect=self.timeout, sock_read=self.timeout
                ),
                cookie_jar=aiohttp.DummyCookieJar(),
                auto_decompress=False,  # fetch() inflates with a cap on each layer
                trust_env=False,  # proxies are chosen here, per request; no .netrc
                max_line_size=MAX_HEAD_LINE,
                max_field_size=MAX_HEAD_LINE,
            )
        return self._session

    def proxy_for(self, url: URL) -> str | None:
        """The environment's proxy for `url`, or None (none set, or `no_proxy` names it)."""
        if not self._proxies or url.host is None:
            return None
        # In the stdlib, though not in its type stubs.
        if urllib.request.proxy_bypass_environment(url.host, self._proxies):  # type: ignore[attr-defined]
            return None
        proxy = self._proxies.get(url.scheme) or self._proxies.get("all")
        if proxy and "://" not in proxy:
            proxy = "http://" + proxy
        return proxy or None

    async def aclose(self) -> None:
        if self._session is not None:
            session, self._session = self._session, None
            await session.close()

    async def __aenter__(self) -> Client:
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.aclose()


def make_client(settings: Settings) -> Client:
    """One client for every feed, so connections stay alive across feeds of the same host."""
    return Client(
        user_agent=settings.user_agent,
        accept=FEED_ACCEPT,
        timeout=settings.timeout,
        per_host=settings.per_host,
    )
