"""OPML 1 and 2 subscription lists read with listparser; nested outlines become tags.

listparser reads the file with lxml's HTML parser (a target parser, recovering): a DTD's
entities are never expanded and nothing is fetched, so a billion-laughs file or an external
entity reads as its literal text, as feeds do after `pollers/parse/prepare.py`. It is given
bytes, never a str: a str that starts "http" would be fetched with requests.
"""

from __future__ import annotations

import re
from typing import Any

import listparser

from crisiswatch.errors import NotOpml as NotOpml
from crisiswatch.pollers.parse.charset import decode_body
from crisiswatch.subscriptions.listing import (
    Listing,
    Skipped,
    Subscription,
    clean_name,
    clean_tags,
    http_url,
)

_DECLARATION = re.compile(r"^\s*<\?xml[^>]*\?>", re.IGNORECASE)
_VERSIONS = {"opml1": "OPML 1", "opml2": "OPML 2", "opml": "OPML"}


def _as_ascii(data: bytes) -> bytes:
    """The text as ASCII, every other character a character reference, without its
    declaration: the HTML parser reads neither an XML declaration's encoding nor UTF-8 by
    default, so "Café" in an ISO-8859-1 or a UTF-8 list would come out as "CafÃ©"."""
    text = _DECLARATION.sub("", decode_body(data), count=1)
    return text.encode("ascii", errors="xmlcharrefreplace")


def read_opml(data: bytes) -> Listing:
    """The feeds of an OPML list, in document order. Each feed's tags are the names in its
    `category` attribute, then the titles of the outlines it is nested in, outermost first."""
    result: Any = listparser.parse(_as_ascii(data))
    kind = _VERSIONS.get(str(result.get("version") or ""))
    if kind is None:
        raise NotOpml("not an OPML file (no <opml> element)")
    listing = Listing(kind)
    for entry in result["feeds"]:
        raw_url = str(entry.get("url") or "")
        url = http_url(raw_url)
        if url is None:
            listing.skipped.append(Skipped(raw_url or "(no xmlUrl)", "not an http(s) address"))
            continue
        paths = [p for p in entry.get("categories") or [] if isinstance(p, list)]
        tags = clean_tags([str(t) for path in paths for t in path])
        listing.feeds.append(Subscription(url, clean_name(str(entry.get("title") or "")), tags))
    for entry in result["lists"]:
        listing.skipped.append(
            Skipped(str(entry.get("url") or ""), "a link to another list: not followed")
        )
    for entry in result["opportunities"]:
        listing.skipped.append(
            Skipped(str(entry.get("url") or ""), "a web page (htmlUrl) with no xmlUrl: not a feed")
        )
    return listing
