"""One look at an address for `crisiswatch add`: a feed, or a page that links to feeds.

The address is fetched once, with the poller's own client settings and `max_body` cap, and
the body is read by the poller's own parser: what `add` accepts, `poll` can read.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass

from crisiswatch.config import Settings
from crisiswatch.errors import LookFailed as LookFailed
from crisiswatch.pollers.client import make_client
from crisiswatch.pollers.fetch import FetchFailed, fetch
from crisiswatch.pollers.parse import FeedParseError, parse_feed
from crisiswatch.subscriptions.discover import FeedLink, feed_links, feed_title


@dataclass(frozen=True, slots=True)
class Seen:
    """What the address gave: a feed (`title`, `items`), or else a page's feed `links`."""

    url: str
    is_feed: bool
    title: str | None = None
    items: int = 0
    links: tuple[FeedLink, ...] = ()
    why_not_feed: str = ""


async def _look(url: str, settings: Settings) -> Seen:
    client = make_client(settings)
    try:
        got = await fetch(client, url, max_body=settings.max_body, deadline=settings.fetch_deadline)
    except FetchFailed as exc:
        raise LookFailed(str(exc)) from None
    finally:
        await client.aclose()
    body = got.body or b""
    final = got.url or url
    try:
        parsed = await asyncio.to_thread(parse_feed, body, content_type=got.content_type, url=final)
    except FeedParseError as exc:
        links = await asyncio.to_thread(feed_links, body, final)
        return Seen(url, False, links=tuple(links), why_not_feed=str(exc))
    return Seen(url, True, feed_title(body, got.content_type), len(parsed.items))


def look(url: str, settings: Settings) -> Seen:
    """Fetch `url` once and say what it is. Raises LookFailed."""
    return asyncio.run(_look(url, settings))
