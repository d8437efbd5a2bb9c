"""Feed bodies (bytes) to plain, safe items: an lxml fast path, feedparser for the rest, JSON.

One module per job: `charset` (bytes to text), `prepare` (XML made safe for either parser),
`fast` (lxml), `fallback` (feedparser), `jsonfeed` (JSON Feed and JSON wires), `dates`, and
`common` (what they share). `parse_feed` is the entry point.
"""

from __future__ import annotations

from crisiswatch.config import FeedFormat, JsonMapping
from crisiswatch.models import ParsedFeed
from crisiswatch.pollers.parse.charset import decode_body
from crisiswatch.pollers.parse.common import (
    GUID_LIMIT,
    MAX_TTL_SECONDS,
    SUMMARY_LIMIT,
    TITLE_LIMIT,
    FeedParseError,
    _NotFast,
    only_feed_parse_error,
)
from crisiswatch.pollers.parse.dates import _common_date, _via_feedparser, parse_date
from crisiswatch.pollers.parse.fallback import parse_xml_feedparser
from crisiswatch.pollers.parse.fast import parse_xml_fast
from crisiswatch.pollers.parse.jsonfeed import _is_jsonfeed, _json_wire, _jsonfeed, _load_json
from crisiswatch.pollers.parse.prepare import strip_prolog_dtd

__all__ = [
    "GUID_LIMIT",
    "MAX_TTL_SECONDS",
    "SUMMARY_LIMIT",
    "TITLE_LIMIT",
    "FeedParseError",
    "_NotFast",
    "_common_date",
    "_via_feedparser",
    "decode_body",
    "parse_date",
    "parse_feed",
    "parse_xml_fast",
    "parse_xml_feedparser",
    "strip_prolog_dtd",
]


def _looks_json(body: bytes) -> bool:
    head = body[:64]
    text = decode_body(head) if b"\x00" in head else head.decode("utf-8", errors="ignore")
    return text.lstrip("\ufeff \t\r\n")[:1] in ("{", "[")


@only_feed_parse_error("the feed")
def parse_feed(
    body: bytes,
    *,
    fmt: FeedFormat = FeedFormat.AUTO,
    mapping: JsonMapping | None = None,
    max_items: int = 500,
    content_type: str | None = None,
    url: str | None = None,
) -> ParsedFeed:
    """Read a feed body into plain items; pure and synchronous, so it can run in a worker thread.

    The body decides between JSON and XML (a feed that changed format keeps working); `fmt`
    decides how JSON is read (`jsonfeed`, or `json` through `mapping`). `url`, the address
    the body came from after redirects, resolves relative links. Raises FeedParseError, and
    nothing else, when the body holds nothing usable.
    """
    max_items = max(0, max_items)
    if not body.strip():
        raise FeedParseError("empty body")
    if _looks_json(body):
        data = _load_json(body, content_type)
        if fmt is FeedFormat.JSONFEED or (fmt is not FeedFormat.JSON and _is_jsonfeed(data)):
            return _jsonfeed(data, max_items, url)
        return _json_wire(data, mapping or JsonMapping(), max_items)
    try:
        return parse_xml_fast(body, max_items=max_items, content_type=content_type, url=url)
    except _NotFast:
        return parse_xml_feedparser(body, max_items=max_items, content_type=content_type, url=url)
