"""The one shared httpx.AsyncClient, sized from the settings: pool, timeouts, redirects, headers."""

from __future__ import annotations

import httpx

from crisiswatch.config import Settings

MAX_REDIRECTS = 5


def make_client(settings: Settings) -> httpx.AsyncClient:
    """One client for every feed, so connections stay alive across polls of the same host.

    The pool holds as many connections as may be in flight (global limit), and no more idle
    ones than that: httpcore scans the whole pool on each request, so an oversized pool costs
    CPU on every poll.
    """
    limits = httpx.Limits(
        max_connections=settings.max_connections,
        max_keepalive_connections=settings.max_connections,
        keepalive_expiry=max(30.0, settings.interval / 2),
    )
    return httpx.AsyncClient(
        timeout=httpx.Timeout(settings.timeout, pool=None),
        limits=limits,
        follow_redirects=True,
        max_redirects=MAX_REDIRECTS,
        headers={
            "User-Agent": settings.user_agent,
            "Accept": (
                "application/rss+xml, application/atom+xml, application/feed+json, "
                "application/json;q=0.9, application/xml;q=0.9, text/xml;q=0.8, */*;q=0.5"
            ),
        },
        # Proxies come from the environment, as users on servers expect.
        trust_env=True,
    )
