"""Feed bodies (bytes) to plain, safe items: an lxml fast path, feedparser for the rest, JSON."""

from __future__ import annotations

import functools
import io
import json
import re
import threading
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any
from urllib.parse import urljoin

import feedparser
from feedparser.datetimes import _parse_date as _feedparser_date
from feedparser.mixin import _FeedParserMixin
from lxml import etree

from crisiswatch.config import FeedFormat, JsonMapping
from crisiswatch.models import ParsedFeed, ParsedItem
from crisiswatch.plaintext import clean_token, safe_link, strip_unsafe, to_plain
from crisiswatch.pollers.charset import decode, fix_cp1252

__all__ = [
    "FeedParseError",
    "decode_body",
    "parse_date",
    "parse_feed",
    "parse_xml_fast",
    "parse_xml_feedparser",
    "strip_prolog_dtd",
]

TITLE_LIMIT = 500
SUMMARY_LIMIT = 20_000
GUID_LIMIT = 1_000
MAX_TTL_SECONDS = 7 * 86400.0
"""A `<ttl>` longer than a week is treated as a week: it is a floor, not a way to mute a feed."""


class FeedParseError(Exception):
    """Nothing usable in a body; the message is the one line shown in feed health."""


class _NotFast(Exception):
    """The fast path declines this body; feedparser gets it instead."""


@dataclass(slots=True)
class _Raw:
    """An entry's fields as found, before they are made plain; both paths produce these."""

    guid: str | None = None
    link: str | None = None
    title: str = ""
    title_html: bool = True
    summary: str = ""
    summary_html: bool = True
    date: Any = None


# --- bytes to text -------------------------------------------------------------------------


def decode_body(body: bytes, content_type: str | None = None) -> str:
    """Text from a body (see `charset.decode`); never raises."""
    return decode(body, content_type).text


# --- XML hygiene ---------------------------------------------------------------------------

_XML_DECL = re.compile(r"\A\s*<\?xml\b[^>]*>")
_PROLOG_STEP = re.compile(r"<(\?|!--|!doctype|[A-Za-z_:])", re.IGNORECASE)
_DTD_STOP = re.compile(r"""["'\[\]>]|<!--""")
_XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _dtd_end(text: str, pos: int) -> int:
    """Index just past the DOCTYPE starting before `pos`, skipping quoted and bracketed parts."""
    depth = 0
    n = len(text)
    while pos < n:
        m = _DTD_STOP.search(text, pos)
        if m is None:
            return n
        tok = m.group()
        pos = m.end()
        if tok in ('"', "'"):
            close = text.find(tok, pos)
            if close < 0:
                return n
            pos = close + 1
        elif tok == "<!--":
            close = text.find("-->", pos)
            if close < 0:
                return n
            pos = close + 3
        elif tok == "[":
            depth += 1
        elif tok == "]":
            depth = max(0, depth - 1)
        elif depth == 0:
            return pos
    return n


def strip_prolog_dtd(text: str) -> str:
    """Drop every DOCTYPE (with its internal subset) before the root element.

    Entity declarations can only live there, so with them gone neither parser can expand an
    entity (billion laughs) or fetch one (XXE, a remote DTD), whatever its own settings.
    """
    kept: list[str] = []
    start = pos = 0
    while (m := _PROLOG_STEP.search(text, pos)) is not None:
        kind = m.group(1)
        if kind == "?" or kind == "!--":
            close = text.find("?>" if kind == "?" else "-->", m.end())
            if close < 0:
                break
            pos = close + (2 if kind == "?" else 3)
        elif kind.lower() == "!doctype":
            kept.append(text[start : m.start()])
            start = pos = _dtd_end(text, m.end())
        else:
            break  # the root element: the prolog is over
    if not kept:
        return text
    kept.append(text[start:])
    return "".join(kept)


def _clean_xml(body: bytes, content_type: str | None) -> tuple[bytes, str | None]:
    """UTF-8 bytes with no declaration and no DTD, and the note when the charset was guessed."""
    decoded = decode(body, content_type)
    text = decoded.text
    if text.startswith("\ufeff"):
        text = text[1:]
    text = _XML_DECL.sub("", text, count=1)
    return fix_cp1252(strip_prolog_dtd(text)), decoded.note


def _without_illegal(data: bytes) -> bytes | None:
    """The body minus characters XML 1.0 forbids, or None if it had none.

    Only tried after lxml refuses a body: scanning every body costs more than parsing it.
    Vertical tab and form feed become spaces, as in every other text (`to_plain`).
    """
    text = data.decode("utf-8", errors="replace")
    if _XML_ILLEGAL.search(text) is None:
        return None
    text = text.replace("\x0b", " ").replace("\x0c", " ")
    return _XML_ILLEGAL.sub("", text).encode("utf-8", errors="replace")


# --- dates ---------------------------------------------------------------------------------

_COMPACT = re.compile(r"\A(\d{4})(\d{2})(\d{2})T?(\d{2})(\d{2})(\d{2})Z?\Z")
# The two shapes nearly every feed uses, read without feedparser's handler chain (5-10 us a
# date). Anything they do not match exactly goes to feedparser; a test holds them equal.
_RFC822 = re.compile(
    r"\A(?:(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun), )?(\d{1,2}) "
    r"(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) (\d{4}) "
    r"(\d{2}):(\d{2}):(\d{2}) (GMT|UTC|UT|Z|[+-]\d{4})\Z"
)
_ISO = re.compile(
    r"\A(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.\d{1,9})?(Z|[+-]\d{2}:\d{2})\Z"
)
_MONTHS = {
    m: i
    for i, m in enumerate(
        ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"), 1
    )
}


@functools.lru_cache(maxsize=256)
def _offset(zone: str) -> timedelta | None:
    if zone in ("GMT", "UTC", "UT", "Z"):
        return timedelta(0)
    digits = zone[1:].replace(":", "")
    hours, minutes = int(digits[:2]), int(digits[2:])
    if hours > 23 or minutes > 59:
        return None
    return (-1 if zone[0] == "-" else 1) * timedelta(hours=hours, minutes=minutes)


def _common_date(text: str) -> datetime | None:
    """The date if it has one of the two common shapes and is plainly valid, else None."""
    if m := _RFC822.match(text):
        d, mon, y, h, mi, s, zone = m.groups()
        month = _MONTHS[mon]
    elif m := _ISO.match(text):
        y, mo, d, h, mi, s, zone = m.groups()
        month = int(mo)
    else:
        return None
    offset = _offset(zone)
    if offset is None or int(s) > 59:
        return None  # leap seconds and odd zones: feedparser's call
    try:
        local = datetime(int(y), month, int(d), int(h), int(mi), int(s), tzinfo=UTC)
        return local - offset
    except (ValueError, OverflowError):
        return None  # e.g. 30 February, which feedparser rolls over: let it


def _via_feedparser(text: str) -> datetime | None:
    t = _feedparser_date(text)
    if t is None:
        return None
    return datetime(t[0], t[1], t[2], t[3], t[4], min(t[5], 59), tzinfo=UTC)


def parse_date(value: object) -> datetime | None:
    """A UTC-aware datetime from a feed's date, or None; never raises.

    Strings go through feedparser's own date handlers so both parsing paths agree; GDELT's
    compact `20201006T101500Z` is read first because feedparser drops its time of day.
    Numbers are Unix seconds (milliseconds when implausibly large). Far-future and pre-1970
    dates are kept: the store decides what to do with them.
    """
    try:
        if isinstance(value, bool):
            return None
        if isinstance(value, int | float):
            seconds = float(value)
            if abs(seconds) > 1e11:
                seconds /= 1000.0
            return datetime.fromtimestamp(seconds, UTC)
        if not isinstance(value, str):
            return None
        text = value.strip()[:100]
        if not text:
            return None
        common = _common_date(text)
        if common is not None:
            return common
        m = _COMPACT.match(text)
        if m:
            y, mo, d, h, mi, s = (int(g) for g in m.groups())
            return datetime(y, mo, d, h, mi, min(s, 59), tzinfo=UTC)
        return _via_feedparser(text)
    except Exception:  # any odd date is "no date", never a failed feed
        return None


# --- shared finishing ----------------------------------------------------------------------


def _finish(
    raws: Sequence[_Raw], total: int, max_items: int, warning: str | None, ttl: float | None
) -> ParsedFeed:
    """Turn raw entries into ParsedItems the same way for every path."""
    items = tuple(
        ParsedItem(
            guid=clean_token(r.guid, GUID_LIMIT) if r.guid else None,
            url=safe_link(r.link),
            title=to_plain(r.title, TITLE_LIMIT, html=r.title_html),
            summary=to_plain(r.summary, SUMMARY_LIMIT, html=r.summary_html),
            published=parse_date(r.date),
        )
        for r in raws[:max_items]
    )
    notes = [warning] if warning else []
    if total > max_items:
        notes.append(f"dropped {total - max_items} of {total} entries (max_items)")
    return ParsedFeed(items=items, warning="; ".join(notes) or None, ttl_seconds=ttl)


def _ttl(value: object) -> float | None:
    try:
        minutes = float(str(value).strip())
    except (TypeError, ValueError):
        return None
    if not minutes > 0:  # also rejects NaN
        return None
    return min(minutes * 60.0, MAX_TTL_SECONDS)


def _one_line(text: str, limit: int = 200) -> str:
    return to_plain(text, limit, html=False)


# --- fast path (lxml) ----------------------------------------------------------------------

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


_SCHEME = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*:")
_URL_BREAKS = re.compile("[\t\n\r]")


def _join(base: str | None, href: str) -> str | None:
    """`href` resolved against `base`, as a browser would; None if it cannot be.

    Only relative references are resolved: anything with a scheme (`javascript:` too, once
    the tabs and newlines browsers ignore are gone) is left for `safe_link` to judge. A link
    urljoin refuses (`//[bad`, "Invalid IPv6 URL") costs that link, not the feed.
    """
    if not base or href.startswith(("http://", "https://")):
        return href
    href = strip_unsafe(_URL_BREAKS.sub("", href)).strip()
    if not href or _SCHEME.match(href):
        return href
    try:
        return urljoin(base, href)
    except ValueError:
        return None


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


def _media(group: etree._Element, found: dict[str, etree._Element]) -> None:
    """media:title and media:description inside a media:group (YouTube) or media:content."""
    for child in group:
        field = _MEDIA_FIELDS.get(child.tag) if isinstance(child.tag, str) else None
        if field is not None and field not in found:
            found[field] = child


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
            _media(child, found)
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
    el = found.get("summary")
    if not _has_text(el):
        el = _first_text(found, "dc_summary", "content")
    if el is not None:
        raw.summary = _inner(el)
    elif (el := _first_text(found, "itunes_summary")) is not None:
        raw.summary, raw.summary_html = _inner(el), False  # plain text, as feedparser reads it
    elif (el := _first_text(found, "media_summary")) is not None:
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
                _media(child, media)
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
            href = (child.get("href") or "").strip()
            if rel == "alternate" and href and "html" in kind:
                raw.link = _with_base(child, href)
        elif name == "summary" and summary is None:
            summary = _atom_text(child)
        elif name == "content" and content is None and not child.get("src"):
            content = _atom_text(child)
        elif name == "published" and published is None:
            published = _text(child)
        elif name == "updated" and updated is None:
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


def parse_xml_fast(
    body: bytes,
    *,
    max_items: int = 500,
    content_type: str | None = None,
    url: str | None = None,
) -> ParsedFeed:
    """Well-formed RSS 0.9x/2.0, RDF or Atom 1.0 via lxml; raises _NotFast for anything else.

    `url` is the feed's address after redirects: relative links resolve against it.
    """
    data, note = _clean_xml(body, content_type)
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


# --- fallback (feedparser) -----------------------------------------------------------------

_EMPTY_HREF = re.compile(rb"""\shref\s*=\s*(?:""|'')""")


_HTML_PAGE = re.compile(
    r"\A\s*(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html|head|body)\b", re.I | re.S
)


def _fp_text(detail: Any, value: Any) -> tuple[str, bool]:
    # feedparser has already decided (for RSS, by `looks_like_html`) what is markup.
    kind = str(detail.get("type", "text/html")) if isinstance(detail, Mapping) else "text/html"
    return (value if isinstance(value, str) else ""), kind != "text/plain"


def _fp_entry(entry: Mapping[str, Any], url: str | None) -> _Raw:
    raw = _Raw()
    raw.guid = entry.get("id") or None
    link = entry.get("link")
    # feedparser has resolved the link against xml:base; the feed's address comes last.
    raw.link = _join(url, link) if isinstance(link, str) and link else None
    raw.title, raw.title_html = _fp_text(entry.get("title_detail"), entry.get("title"))
    summary: tuple[str, bool] | None = None
    if "summary_detail" in entry:
        summary = _fp_text(entry.get("summary_detail"), entry.get("summary"))
    if summary is None or not summary[0].strip():
        contents = entry.get("content") or []
        if contents and isinstance(contents[0], Mapping):
            summary = _fp_text(contents[0], contents[0].get("value"))
    if summary is not None:
        raw.summary, raw.summary_html = summary
    raw.date = entry.get("published") or entry.get("updated") or entry.get("created")
    return raw


def parse_xml_feedparser(
    body: bytes,
    *,
    max_items: int = 500,
    content_type: str | None = None,
    url: str | None = None,
) -> ParsedFeed:
    """Anything XML-ish feedparser can read, leniently; FeedParseError when it finds no feed.

    `url` is the feed's address after redirects: relative links resolve against it.
    """
    data, note = _clean_xml(body, content_type)
    if b'href=""' in data or b"href=''" in data:
        # feedparser would resolve an empty href to the base: no link is the right answer.
        data = _EMPTY_HREF.sub(b" ", data)
    # A stream, never bytes or str: feedparser treats those as a path or URL to open. It is
    # given no base address: it would resolve Atom ids against it, which identify, not link.
    result = feedparser.parse(
        io.BytesIO(b'<?xml version="1.0" encoding="utf-8"?>' + data),
        resolve_relative_uris=False,
        sanitize_html=True,
    )
    entries: list[Any] = list(result.get("entries") or [])
    version = str(result.get("version") or "")
    if not entries:
        if _HTML_PAGE.match(data[:4096].decode("utf-8", errors="replace")):
            raise FeedParseError("got an HTML page, not a feed")
        if result.get("bozo"):
            raise FeedParseError(f"not a readable feed: {_bozo_text(result)}")
        if not version:
            raise FeedParseError("not a recognised feed (no RSS, RDF or Atom root)")
    notes = [note] if note else []
    if result.get("bozo"):
        notes.append(f"malformed feed, read leniently: {_bozo_text(result)}")
    warning = "; ".join(notes) or None
    raws = [_fp_entry(e, url) for e in entries[:max_items]]
    ttl = _ttl(result["feed"].get("ttl")) if result["feed"].get("ttl") else None
    return _finish(raws, len(entries), max_items, warning, ttl)


def _bozo_text(result: Mapping[str, Any]) -> str:
    exc = result.get("bozo_exception")
    text = str(exc) if exc is not None else "unknown error"
    return _one_line(text.removeprefix("<unknown>:"), 160) or type(exc).__name__


# --- JSON ----------------------------------------------------------------------------------


MAX_JSON_DIGITS = 30
"""Longer integers are no id, date or count any feed means; they read as a missing field."""


def _json_int(digits: str) -> int | None:
    # Python refuses to convert over 4,300 digits, and the whole body would fail for one field.
    return int(digits) if len(digits.lstrip("-")) <= MAX_JSON_DIGITS else None


def _load_json(body: bytes, content_type: str | None) -> Any:
    text = decode_body(body, content_type).lstrip("\ufeff")
    try:
        return json.loads(text, parse_int=_json_int)
    except json.JSONDecodeError as exc:
        raise FeedParseError(
            f"invalid JSON (line {exc.lineno}, column {exc.colno}: {exc.msg})"
        ) from None
    except (ValueError, RecursionError) as exc:
        raise FeedParseError(f"invalid JSON ({_one_line(str(exc), 120)})") from None


def _as_text(value: Any) -> str | None:
    if isinstance(value, str):
        return value
    if isinstance(value, int | float) and not isinstance(value, bool):
        return str(value)
    return None


def _is_jsonfeed(data: Any) -> bool:
    # Version 1 was announced as `https://jsonfeed.org/version/1`, but many feeds (and
    # feedparser) use the `http://` form.
    return isinstance(data, dict) and str(data.get("version", "")).startswith(
        ("https://jsonfeed.org/version/", "http://jsonfeed.org/version/")
    )


def _json_link(value: Any, url: str | None) -> str | None:
    link = _as_text(value)
    return _join(url, link) if link else None


def _jsonfeed(data: Any, max_items: int, url: str | None = None) -> ParsedFeed:
    """JSON Feed 1.0/1.1: `items` with id, url, title, summary/content, dates."""
    items = data.get("items") if isinstance(data, dict) else None
    if not isinstance(items, list):
        raise FeedParseError("JSON Feed has no `items` list")
    raws: list[_Raw] = []
    for entry in items[:max_items]:
        if not isinstance(entry, dict):
            continue
        raw = _Raw(guid=_as_text(entry.get("id")))
        raw.link = _json_link(entry.get("url"), url) or _json_link(entry.get("external_url"), url)
        raw.title = _as_text(entry.get("title")) or ""
        raw.title_html = False
        for key, is_html in (("summary", False), ("content_html", True), ("content_text", False)):
            text = _as_text(entry.get(key))
            if text and text.strip():
                raw.summary, raw.summary_html = text, is_html
                break
        raw.date = entry.get("date_published") or entry.get("date_modified")
        raws.append(raw)
    return _finish(raws, len(items), max_items, None, None)


def _dig(data: Any, path: str) -> Any:
    """Follow a dotted path through dicts (and list indices); None when it leads nowhere."""
    if not path:
        return data
    for part in path.split("."):
        if isinstance(data, dict):
            data = data.get(part)
        elif isinstance(data, list) and part.isdigit() and int(part) < len(data):
            data = data[int(part)]
        else:
            return None
    return data


def _json_wire(data: Any, mapping: JsonMapping, max_items: int) -> ParsedFeed:
    """A generic JSON list of entries, read through the feed's field mapping (e.g. GDELT)."""
    items = _dig(data, mapping.items)
    if items is None and data == {}:
        # GDELT answers a query with no matches with `{}`: nothing new, not a failure.
        return ParsedFeed(items=())
    if not isinstance(items, list):
        where = mapping.items or "the top level"
        raise FeedParseError(f"no list of entries at {where!r} in the JSON body")
    raws: list[_Raw] = []
    for entry in items[:max_items]:
        if not isinstance(entry, dict):
            continue
        raws.append(
            _Raw(
                guid=_as_text(_dig(entry, mapping.guid)),
                link=_as_text(_dig(entry, mapping.url)),
                title=_as_text(_dig(entry, mapping.title)) or "",
                summary=_as_text(_dig(entry, mapping.summary)) or "",
                date=_dig(entry, mapping.published),
            )
        )
    return _finish(raws, len(items), max_items, None, None)


# --- entry point ---------------------------------------------------------------------------


def _looks_json(body: bytes) -> bool:
    head = body[:64]
    text = decode_body(head) if b"\x00" in head else head.decode("utf-8", errors="ignore")
    return text.lstrip("\ufeff \t\r\n")[:1] in ("{", "[")


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
    try:
        return _parse(body, fmt, mapping, max(0, max_items), content_type, url)
    except FeedParseError:
        raise
    except Exception as exc:  # last line of defence: a hostile body fails one poll, not the poller
        raise FeedParseError(f"could not read the feed ({type(exc).__name__})") from exc


def _parse(
    body: bytes,
    fmt: FeedFormat,
    mapping: JsonMapping | None,
    max_items: int,
    content_type: str | None,
    url: str | None = None,
) -> ParsedFeed:
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
