"""The fast path: well-formed RSS 0.9x/2.0, RDF and Atom 1.0 read with lxml."""

from __future__ import annotations

import threading

from feedparser.mixin import _FeedParserMixin
from lxml import etree

from crisiswatch.models import ParsedFeed
from crisiswatch.pollers.parse.common import _finish, _join, _NotFast, _Raw, _ttl
from crisiswatch.pollers.parse.prepare import _without_illegal, xml_parser

ATOM = "{http://www.w3.org/2005/Atom}"
RDF = "{http://www.w3.org/1999/02/22-rdf-syntax-ns#}"
RSS1 = "{http://purl.org/rss/1.0/}"
RSS090 = "{http://my.netscape.com/rdf/simple/0.9/}"
MEDIA = "{http://search.yahoo.com/mrss/}"

_local = threading.local()


def _parser() -> etree.XMLParser:
    # lxml parsers must not be shared between threads; the poller parses in a pool.
    p: etree.XMLParser | None = getattr(_local, "parser", None)
    if p is None:
        p = etree.XMLParser(
            resolve_entities=False,
            no_network=True,
            load_dtd=False,
            dtd_validation=False,
            huge_tree=False,
            remove_pis=True,
            remove_comments=True,
            recover=False,
        )
        _local.parser = p
    return p


def _inner(el: etree._Element) -> str:
    """An element's content as markup: its text, or its children serialised (XHTML, raw HTML)."""
    if len(el) == 0:
        return el.text or ""
    parts = [el.text or ""]
    parts.extend(etree.tostring(child, encoding="unicode", with_tail=True) for child in el)
    return "".join(parts)


def _text(el: etree._Element) -> str:
    return (el.text or "").strip()


def _with_base(el: etree._Element, href: str) -> str | None:
    """`href` resolved against its xml:base and the feed's own address."""
    if href.startswith(("http://", "https://")):
        return href
    return _join(el.base, href)


def _looks_html(text: str) -> bool:
    """feedparser's own test for RSS text that is HTML, so both paths decide alike: a title
    "Why <div> soup is bad" is text, "<b>Breaking</b>" is markup."""
    return bool(_FeedParserMixin.looks_like_html(text))


# Namespace URIs as feedparser matches them: case and a trailing slash do not matter.
_NAMESPACES: dict[str, str] = {
    "http://purl.org/rss/1.0": "",
    "http://my.netscape.com/rdf/simple/0.9": "",
    "http://channel.netscape.com/rdf/simple/0.9": "",
    "http://backend.userland.com/rss2": "",
    "http://blogs.law.harvard.edu/tech/rss": "",
    "http://purl.org/dc/elements/1.1": "dc:",
    "http://purl.org/dc/terms": "dcterms:",
    "http://purl.org/rss/1.0/modules/content": "content:",
    "http://www.w3.org/2005/atom": "atom:",
    "http://www.itunes.com/dtds/podcast-1.0.dtd": "itunes:",
    "http://search.yahoo.com/mrss": "media:",
    "http://www.w3.org/1999/xhtml": "xhtml:",
}
# RSS 0.9x/2.0 and RDF child tags to fields; feedparser lowercases names, and so do we.
_RSS_FIELDS: dict[str, str] = {
    "title": "title",
    "link": "link",
    "guid": "guid",
    "id": "guid",
    "description": "summary",
    "summary": "summary",
    "pubdate": "published",
    "content:encoded": "content",
    "fullitem": "content",
    "body": "content",
    "xhtml:body": "content",
    "atom:content": "content",
    "atom:summary": "dc_summary",
    "atom:published": "published",
    "atom:updated": "updated",
    "updated": "updated",
    "dc:date": "updated",
    "dc:title": "dc_title",
    "dc:description": "dc_summary",
    "dcterms:issued": "published",
    "dcterms:modified": "updated",
    "dcterms:created": "created",
    "atom:link": "atomlink",
    "itunes:summary": "itunes_summary",
    "media:title": "media_title",
    "media:description": "media_summary",
    "media:group": "media_group",
    "media:content": "media_group",
}
_MEDIA_FIELDS = {MEDIA + "title": "media_title", MEDIA + "description": "media_summary"}


_FIELD_OF: dict[str, str] = {}
"""Tag to field ("" for none), filled as tags are met: a dict look-up is the cheapest test."""


def _learn_field(tag: str) -> str:
    if tag[:1] == "{":
        uri, _, local = tag[1:].partition("}")
        prefix = _NAMESPACES.get(uri.rstrip("/").lower())
        field = "" if prefix is None else _RSS_FIELDS.get(prefix + local.lower(), "")
    else:
        field = _RSS_FIELDS.get(tag.lower(), "")
    if len(_FIELD_OF) < 4096:  # a body inventing tags cannot grow it without bound
        _FIELD_OF[tag] = field
    return field


def _media(group: etree._Element) -> list[tuple[str, etree._Element, int]]:
    """media:title and media:description inside a media:group (YouTube) or media:content,
    at any depth (a media:content inside a media:group too), in document order, each with
    how deep below the group it stands."""
    found: list[tuple[str, etree._Element, int]] = []
    for el in group.iter(MEDIA + "title", MEDIA + "description"):
        depth, parent = 1, el.getparent()
        while parent is not None and parent is not group:
            depth, parent = depth + 1, parent.getparent()
        if el is not group:
            found.append((_MEDIA_FIELDS[el.tag], el, depth))
    return found


_SUMMARY_LIKE = frozenset({"summary", "dc_summary", "itunes_summary", "media_summary"})


def _rss_summary(
    ordered: list[tuple[str, etree._Element, int]],
) -> tuple[etree._Element | None, bool]:
    """The summary element as feedparser chooses it, so both paths read the same text.

    In document order: a description-like element is the summary, unless a summary is
    already there and no content has been seen, in which case it is content; content
    (`content:encoded`) is the summary only while there is none. A later description thus
    replaces the copy of the content, and an `itunes:summary` after both replaces that; a
    nested one (a media:description inside media:content) never replaces a shallower one.
    """
    summary: etree._Element | None = None
    summary_field = ""
    summary_depth: int | None = None
    content: etree._Element | None = None
    has_content = False
    for field, el, depth in ordered:
        if field in _SUMMARY_LIKE:
            if summary is not None and not has_content:
                has_content = True
                content = content if content is not None else el
            elif summary_depth is None or depth <= summary_depth:
                summary, summary_field, summary_depth = el, field, depth
        elif field == "content":
            has_content = True
            content = content if content is not None else el
            if summary is None:
                summary, summary_field = el, field
    if not _has_text(summary) and content is not None:
        summary, summary_field = content, "content"
    return summary, summary_field != "itunes_summary"  # itunes:summary is plain text


def _first_text(found: dict[str, etree._Element], *fields: str) -> etree._Element | None:
    for field in fields:
        el = found.get(field)
        if el is not None and (len(el) or (el.text or "").strip()):
            return el
    return None


def _has_text(el: etree._Element | None) -> bool:
    return el is not None and bool(len(el) or (el.text or "").strip())


def _rss_entry(item: etree._Element) -> _Raw:
    raw = _Raw()
    found: dict[str, etree._Element] = {}
    ordered: list[tuple[str, etree._Element, int]] = []
    field_of = _FIELD_OF.get
    for child in item:
        tag = child.tag
        if not isinstance(tag, str):
            continue
        field = field_of(tag)
        if field is None:
            field = _learn_field(tag)
        if not field:
            continue
        if field == "media_group":
            for media_field, media_el, depth in _media(child):
                ordered.append((media_field, media_el, depth))
                found.setdefault(media_field, media_el)
            continue
        ordered.append((field, child, 0))
        if field == "link":
            # Of several <link>s the last page link counts, as feedparser and gofeed read
            # them; an Atom-style `<link rel="enclosure" href=…>` is not a page link.
            if child.get("href") is None or (child.get("rel") or "alternate") == "alternate":
                found[field] = child
        elif field == "atomlink":
            # The first alternate one: an `atom:link rel="payment"` or "self" is no page.
            if "atomlink" not in found and (child.get("rel") or "alternate").lower() == "alternate":
                found[field] = child
        elif field not in found:
            found[field] = child
    el = found.get("title")
    if not _has_text(el):
        other = _first_text(found, "dc_title", "media_title")
        el = el if other is None else other
    if el is not None:
        title = raw.title = _inner(el)
        raw.title_html = ("<" in title or "&" in title) and _looks_html(title)
    guid_el = found.get("guid")
    if guid_el is not None:
        raw.guid = _text(guid_el) or None
    elif item.tag != "item":
        raw.guid = item.get(RDF + "about")
    el = found.get("link")
    href = "" if el is None else (_text(el) or (el.get("href") or "").strip())
    if el is not None and href:
        # An Atom-style `<link href="…"/>` without the namespace, too.
        raw.link = _with_base(el, href)
    elif (el := found.get("atomlink")) is not None and (
        el.get("rel") or "alternate"
    ).lower() == "alternate":
        href = (el.get("href") or "").strip()
        raw.link = _with_base(el, href) if href else None
    elif guid_el is not None and raw.guid and guid_el.get("isPermaLink", "true").lower() != "false":
        raw.link = _with_base(guid_el, raw.guid)
    el, raw.summary_html = _rss_summary(ordered)
    if el is not None:
        raw.summary = _inner(el)
    date_el = found.get("published")
    if date_el is None:
        date_el = found.get("updated")
    if date_el is None:
        date_el = found.get("created")
    raw.date = _text(date_el) if date_el is not None else None
    return raw


_ATOM_TEXT_TYPES = frozenset({"text", "html", "xhtml", "text/plain", "text/html"})


def _atom_text(el: etree._Element) -> tuple[str, bool]:
    kind = (el.get("type") or "text").lower()
    if kind not in _ATOM_TEXT_TYPES and not kind.startswith("text/") and not kind.endswith("xml"):
        # Any other media type is base64 (RFC 4287 4.1.3.3); rare enough to leave to feedparser.
        raise _NotFast(f"Atom content of type {kind[:40]}")
    if kind == "xhtml" or kind.endswith("xml") or len(el):
        # Child elements in a "text" or "html" construct are markup all the same, as feedparser
        # reads them: keeping only el.text would cut the title at its first tag.
        return _inner(el), True
    return el.text or "", kind != "text" and kind != "text/plain"


def _atom_entry(entry: etree._Element) -> _Raw:
    raw = _Raw()
    summary: tuple[str, bool] | None = None
    content: tuple[str, bool] | None = None
    published = updated = None
    have_title = False
    media: dict[str, etree._Element] = {}
    id_el: etree._Element | None = None
    for child in entry:
        tag = child.tag
        if not isinstance(tag, str):
            continue
        if not tag.startswith(ATOM):
            if tag == MEDIA + "group" or tag == MEDIA + "content":
                for field, media_el, _depth in _media(child):
                    media.setdefault(field, media_el)
            elif tag in _MEDIA_FIELDS:
                media.setdefault(_MEDIA_FIELDS[tag], child)
            continue
        name = tag[len(ATOM) :]
        if name == "title" and not have_title:
            raw.title, raw.title_html = _atom_text(child)
            have_title = True
        elif name == "id" and raw.guid is None:
            raw.guid = _text(child) or None
            id_el = child
        elif name == "link" and raw.link is None:
            rel = (child.get("rel") or "alternate").lower()
            kind = (child.get("type") or "text/html").lower()
            href = child.get("href")
            # No href at all: the address written as the element's text, as feedparser reads
            # it. An empty href is still no link.
            href = (_text(child) if href is None else href).strip()
            if rel == "alternate" and href and "html" in kind:
                raw.link = _with_base(child, href)
        elif name == "summary" and summary is None:
            summary = _atom_text(child)
        elif name == "content" and content is None and not child.get("src"):
            content = _atom_text(child)
        elif name == "published":
            published = _text(child)  # a second one replaces the first, as in feedparser
        elif name == "updated":
            updated = _text(child)
    if media:
        if not raw.title.strip() and (el := _first_text(media, "media_title")) is not None:
            raw.title, raw.title_html = _inner(el), False
        if (summary is None or not summary[0].strip()) and (
            el := _first_text(media, "media_summary")
        ) is not None:
            summary = (_inner(el), True)
    if raw.link is None and raw.guid and id_el is not None:
        # No page link: an id that is an address is one, as feedparser reads it. The guid
        # itself stays as written.
        raw.link = _with_base(id_el, raw.guid)
    chosen = summary if summary is not None and summary[0].strip() else content or summary
    if chosen is not None:
        raw.summary, raw.summary_html = chosen
    raw.date = published or updated
    return raw


def _fast_entries(root: etree._Element) -> tuple[list[etree._Element], str, float | None]:
    """The entry elements, which dialect they are, and the channel's ttl, or _NotFast."""
    tag = root.tag
    if tag == "rss":
        channel = root.find("channel")
        items = [] if channel is None else channel.findall("item")
        items.extend(root.findall("item"))
        ttl_el = None if channel is None else channel.find("ttl")
        ttl = _ttl(ttl_el.text) if ttl_el is not None else None
        return items, "rss", ttl
    if tag == RDF + "RDF":
        items = root.findall(RSS1 + "item") or root.findall(RSS090 + "item")
        return items, "rss", None
    if tag == ATOM + "feed":
        return root.findall(ATOM + "entry"), "atom", None
    raise _NotFast(str(tag))


def _xml(data: bytes, url: str | None) -> etree._Element:
    # With base_url, lxml's `.base` of every element is xml:base resolved against it.
    if url:
        return etree.fromstring(data, _parser(), base_url=url)
    return etree.fromstring(data, _parser())


@xml_parser
def parse_xml_fast(data: bytes, note: str | None, max_items: int, url: str | None) -> ParsedFeed:
    """Well-formed RSS 0.9x/2.0, RDF or Atom 1.0 via lxml; raises _NotFast for anything else."""
    try:
        root = _xml(data, url)
    except (etree.XMLSyntaxError, ValueError) as exc:
        # A stray control character is the commonest flaw in otherwise sound feeds.
        retry = _without_illegal(data)
        if retry is None:
            raise _NotFast(str(exc)) from None
        try:
            root = _xml(retry, url)
        except (etree.XMLSyntaxError, ValueError) as exc2:
            raise _NotFast(str(exc2)) from None
    elements, dialect, ttl = _fast_entries(root)
    if not elements:
        # `<Item>`, Atom holding `<item>`s, a namespace variant: feedparser finds those.
        raise _NotFast("no entries found")
    convert = _atom_entry if dialect == "atom" else _rss_entry
    raws = [convert(el) for el in elements[:max_items]]
    return _finish(raws, len(elements), max_items, note, ttl)
