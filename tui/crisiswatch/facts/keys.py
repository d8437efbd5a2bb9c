"""The keys that make one story of many tellings: an item once per feed, a link once per desk."""

from __future__ import annotations

import hashlib
import re
from urllib.parse import parse_qsl, urlencode, urlsplit

from crisiswatch.models import ParsedItem


def dedup_key(item: ParsedItem) -> str:
    """Once per feed: by guid, else link, else a hash of title and date."""
    if item.guid:
        return "g:" + item.guid
    if item.url:
        return "u:" + item.url
    stamp = item.published.isoformat() if item.published else ""
    digest = hashlib.sha1(f"{item.title}\x1f{stamp}".encode(), usedforsecurity=False).hexdigest()
    return "h:" + digest


_TRACKING = ("utm_", "fbclid", "gclid", "mc_cid", "mc_eid")


_SIMPLE_URL = re.compile(r"(?:[Hh][Tt][Tt][Pp][Ss]?:)?//([^/?#\[\]]*)((?:/[^?#]*)?)(?:#.*)?\Z")
"""An http(s) or scheme-relative link with no query and nothing urlsplit would treat specially
in its host: its host and path read straight off, as urlsplit would read them."""


def story_key(url: str | None) -> str | None:
    """The same article URL from several feeds is one story; tracking noise must not split it."""
    if not url:
        return None
    simple = (
        _SIMPLE_URL.match(url) if url.isascii() and url.isprintable() and " " not in url else None
    )
    if simple is not None:  # most article links: no urlsplit, no query to clean
        netloc, path, query = simple.group(1), simple.group(2), ""
    else:
        parts = urlsplit(url)
        netloc, path, query = parts.netloc, parts.path, parts.query
        if query:
            query = urlencode(
                [(k, v) for k, v in parse_qsl(query) if not k.lower().startswith(_TRACKING)]
            )
    host = netloc.lower()
    if host.startswith("www."):
        host = host[4:]
    path = path.rstrip("/") or "/"
    # What urlunsplit(("", host, path, query, "")) gives, without its generality: a thousand
    # feeds' first poll computes this 30,000 times.
    key = f"//{host}{path}" if host else path
    return f"{key}?{query}" if query else key
