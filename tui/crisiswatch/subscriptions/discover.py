"""What an address given to `add` holds: a feed's own title, or a page's feed links.

Autodiscovery reads `<link rel="alternate" type="application/rss+xml" href=…>` (and Atom,
RDF and JSON Feed types) with lxml's HTML parser, which fetches nothing. A feed's title is
read with the feed parser's own safe XML settings (no DTD, no entities, no network).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from urllib.parse import urljoin

from lxml import etree

from crisiswatch.pollers.parse.fast import _parser
from crisiswatch.pollers.parse.prepare import _clean_xml
from crisiswatch.subscriptions.listing import clean_name, http_url

FEED_TYPES = frozenset(
    {
        "application/rss+xml",
        "application/atom+xml",
        "application/rdf+xml",
        "application/feed+json",
        "application/json",
        "application/xml",
        "text/xml",
    }
)
_ATOM = "{http://www.w3.org/2005/Atom}"
_RSS1 = "{http://purl.org/rss/1.0/}"


@dataclass(frozen=True, slots=True)
class FeedLink:
    """One feed a page links to."""

    url: str
    title: str | None
    type: str


def feed_links(page: bytes, base: str) -> list[FeedLink]:
    """The page's feed links in page order, each once, resolved against `base` (or the
    page's `<base href>`); links that do not resolve to http(s) are left out."""
    parser = etree.HTMLParser(no_network=True, recover=True, remove_comments=True)
    try:
        root = etree.fromstring(page, parser)
    except (etree.XMLSyntaxError, ValueError):
        return []
    if root is None:
        return []
    for b in root.iter("base"):
        href = b.get("href")
        if href and http_url(urljoin(base, href.strip())):
            base = urljoin(base, href.strip())
        break
    out: list[FeedLink] = []
    seen: set[str] = set()
    for link in root.iter("link"):
        rel = (link.get("rel") or "").lower().split()
        kind = (link.get("type") or "").split(";")[0].strip().lower()
        href = (link.get("href") or "").strip()
        if "alternate" not in rel or kind not in FEED_TYPES or not href:
            continue
        url = http_url(urljoin(base, href))
        if url is None or url in seen:
            continue
        seen.add(url)
        out.append(FeedLink(url, clean_name(link.get("title") or ""), kind))
    return out


def feed_title(body: bytes, content_type: str | None) -> str | None:
    """The feed's own title (RSS channel, Atom feed, RDF channel, JSON Feed), if it has one."""
    head = body.lstrip()[:1]
    if head in (b"{", b"["):
        try:
            data = json.loads(body)
        except ValueError:
            return None
        title = data.get("title") if isinstance(data, dict) else None
        return clean_name(title) if isinstance(title, str) else None
    try:
        data, _ = _clean_xml(body, content_type)
        root = etree.fromstring(data, _parser())
    except (etree.XMLSyntaxError, ValueError):
        return None
    for path in ("channel/title", f"{_ATOM}title", f"{_RSS1}channel/{_RSS1}title"):
        el = root.find(path)
        if el is not None and el.text:
            return clean_name(el.text)
    return None
