"""The fallback: anything XML-ish, read leniently by feedparser."""

from __future__ import annotations

import io
import re
from collections.abc import Mapping
from typing import Any

import feedparser

from crisiswatch.models import ParsedFeed
from crisiswatch.pollers.parse.common import FeedParseError, _finish, _join, _one_line, _Raw, _ttl
from crisiswatch.pollers.parse.prepare import xml_parser

_EMPTY_HREF = re.compile(rb"""\shref\s*=\s*(?:""|'')""")


_HTML_PAGE = re.compile(
    r"\A\s*(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html|head|body)\b", re.I | re.S
)


def _fp_text(detail: Any, value: Any) -> tuple[str, bool]:
    # feedparser has already decided (for RSS, by `looks_like_html`) what is markup.
    kind = str(detail.get("type", "text/html")) if isinstance(detail, Mapping) else "text/html"
    return (value if isinstance(value, str) else ""), kind != "text/plain"


def _atom_link(entry: Mapping[str, Any]) -> str | None:
    """The entry's first alternate page link, as the fast path takes it; else its id when that
    is an address. feedparser's own `link` can be an enclosure's, or the base address for
    an empty href."""
    for candidate in entry.get("links") or ():
        if not isinstance(candidate, Mapping):
            continue
        rel = str(candidate.get("rel") or "alternate").lower()
        kind = str(candidate.get("type") or "text/html").lower()
        href = candidate.get("href")
        if rel == "alternate" and "html" in kind and isinstance(href, str) and href.strip():
            return href.strip()
    ident = entry.get("id")
    if isinstance(ident, str) and ident.startswith(("http://", "https://")):
        return ident
    return None


def _fp_entry(entry: Mapping[str, Any], url: str | None, atom: bool = False) -> _Raw:
    raw = _Raw()
    raw.guid = entry.get("id") or None
    link = _atom_link(entry) if atom else entry.get("link")
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


@xml_parser
def parse_xml_feedparser(
    data: bytes, note: str | None, max_items: int, url: str | None
) -> ParsedFeed:
    """Anything XML-ish feedparser can read, leniently; FeedParseError when it finds no feed."""
    if b'href=""' in data or b"href=''" in data:
        # feedparser would resolve an empty href to the base: no link is the right answer.
        data = _EMPTY_HREF.sub(b" ", data)
    # A stream, never bytes or str: feedparser treats those as a path or URL to open. It is
    # given no base address: it would resolve Atom ids against it, which identify, not link.
    # Its sanitizer is off: to_plain reduces the markup, and drops what the sanitizer would
    # have kept as text (a script's source, an embedded page's <title>).
    result = feedparser.parse(
        io.BytesIO(b'<?xml version="1.0" encoding="utf-8"?>' + data),
        resolve_relative_uris=False,
        sanitize_html=False,
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
    atom = version.startswith("atom")
    raws = [_fp_entry(e, url, atom) for e in entries[:max_items]]
    ttl = _ttl(result["feed"].get("ttl")) if result["feed"].get("ttl") else None
    return _finish(raws, len(entries), max_items, warning, ttl)


def _bozo_text(result: Mapping[str, Any]) -> str:
    exc = result.get("bozo_exception")
    text = str(exc) if exc is not None else "unknown error"
    return _one_line(text.removeprefix("<unknown>:"), 160) or type(exc).__name__
