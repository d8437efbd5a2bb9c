"""Items as the store writes them: keys, watch matches and figure rows, as plain tuples.

Everything here needs no database, so the parsing worker computes it. In the poller's own
process one GIL runs the event loop, httpx and the store's thread, and with this work there it
bounded a cold poll of many feeds; what the worker prepares, that process neither computes nor
unpickles as objects (benchmarks/README.md).
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Sequence
from typing import NamedTuple
from urllib.parse import parse_qsl, urlencode, urlsplit

from crisiswatch.keywords import keyword_match
from crisiswatch.models import Extraction, Figure, Kind, ParsedItem, Total
from crisiswatch.store.spans import Layout, joined, layout, sentence_span

Row = tuple[object, ...]


class ItemRow(NamedTuple):
    """One parsed item, ready for the store's INSERTs. A NamedTuple, not a dataclass: it crosses
    from the worker by the thousand and unpickles as a tuple."""

    dedup: str
    story: str | None
    """The story key from the link; None when there is none (the store keys it by feed)."""
    guid: str | None
    url: str | None
    title: str
    summary: str
    published: float | None
    watches: tuple[str, ...]
    extracted: bool
    reporting_pct: float | None
    turnout_pct: float | None
    threshold_pct: float | None
    reports: bool
    """Any figure, total or share: the story's ◆ mark."""
    figures: tuple[Row, ...]
    """`figures` rows from `is_total` on (the store adds the item's id)."""
    shares: tuple[Row, ...]
    """`shares` rows from `party` on (the store adds the item's id)."""
    statuses: tuple[Row, ...] = ()
    """`race_statuses` rows from `race` on (the store adds the item's id)."""
    official: bool = False
    """A snapshot of an official results feed, not a story read by the text extractor."""
    fulltext: bool = False
    """Its article is to be fetched (pollers/articles.py): the poller sets this."""


def item_rows(
    items: Sequence[ParsedItem],
    extractions: Sequence[Extraction] | None,
    watches: Sequence[tuple[str, Sequence[str]]],
    official: bool = False,
) -> list[ItemRow]:
    """`extractions`, one per item if given; without them the items wait for extraction.
    `official`: the items are an official results feed's snapshots."""
    if extractions is not None and len(extractions) != len(items):
        raise ValueError("one extraction per item")
    rows = []
    for index, item in enumerate(items):
        ex = extractions[index] if extractions is not None else None
        text = f"{item.title}\n{item.summary}"
        rows.append(
            ItemRow(
                dedup=dedup_key(item),
                story=story_key(item.url),
                guid=item.guid,
                url=item.url,
                title=item.title,
                summary=item.summary,
                published=item.published.timestamp() if item.published else None,
                watches=tuple(name for name, words in watches if keyword_match(text, words)),
                extracted=ex is not None,
                reporting_pct=ex.reporting_pct if ex else None,
                turnout_pct=ex.turnout_pct if ex else None,
                threshold_pct=ex.threshold_pct if ex else None,
                reports=reports_anything(ex),
                figures=figure_values(ex, item.title, item.summary) if ex else (),
                shares=share_values(ex) if ex else (),
                statuses=status_values(ex) if ex else (),
                official=official,
            )
        )
    return rows


def reports_anything(ex: Extraction | None) -> bool:
    """Whether a text reports anything: a figure, a total or a party's share."""
    if ex is None:
        return False
    return bool(ex.figures or ex.results) or any(t is not None for t in ex.totals.values())


def figure_values(
    ex: Extraction, title: str, summary: str, article: str | None = None
) -> tuple[Row, ...]:
    """Every mention, then each kind's total, as `figures` rows without the item's id. The
    texts are the ones extraction read (store/spans.py): each row points into them for its
    sentence instead of keeping a copy, unless the sentence cannot be placed."""
    if not ex.figures:
        return tuple(
            _total_value(kind, total, ex, (), "", {})
            for kind, total in ex.totals.items()
            if total is not None
        )
    parts = layout(title, summary, article)
    text = joined(title, summary, article)
    found: _Found = {}
    rows = [_figure_value(f, _span(f, parts, text, found)) for f in ex.figures]
    for kind, total in ex.totals.items():
        if total is not None:
            rows.append(_total_value(kind, total, ex, parts, text, found))
    return tuple(rows)


Span = tuple[str, int, int]

_Found = dict[str, tuple[int, Span] | None]
"""Each quote's place in the whole text and its span, or None where it could not be placed."""


def _span(f: Figure, parts: Layout, text: str, found: _Found) -> Span | None:
    """Where the figure's quote stands, as (part, start, end); None when it cannot be placed
    in one stored text. `found` keeps each quote's place: the figures of one sentence, and the
    totals, share their quote, which is then searched for once."""
    quote = f.sentence
    if quote in found:
        hit = found[quote]
        if hit is None:
            return None
        if hit[0] <= f.start and f.end <= hit[0] + len(quote):
            return hit[1]
    span = sentence_span(parts, f.start, f.end, quote, text)
    if span is None:
        found[quote] = None
        return None
    offset = next(p.offset for p in parts if p.name == span[0])
    found[quote] = (offset + span[1], span)
    return span


def share_values(ex: Extraction) -> tuple[Row, ...]:
    """Every party's share as `shares` rows without the item's id."""
    return tuple(
        (s.party, s.pct, int(s.known), s.start, s.end, s.race, int(s.candidate)) for s in ex.results
    )


def status_values(ex: Extraction) -> tuple[Row, ...]:
    """Each race's stated status as `race_statuses` rows without the item's id."""
    return tuple((m.race, m.status.value, m.sentence, m.start, m.end) for m in ex.statuses)


def _figure_value(f: Figure, span: Span | None) -> Row:
    """A mention's row: its sentence as a span into the item's text, or its own copy."""
    if span is None:
        return (
            0,
            f.kind.value,
            f.value,
            f.qual.value,
            f.high,
            int(f.vague),
            f.attribution,
            f.sentence,
            f.start,
            f.end,
            f.scope.value,
            None,
            None,
            None,
        )
    return (
        0,
        f.kind.value,
        f.value,
        f.qual.value,
        f.high,
        int(f.vague),
        f.attribution,
        "",
        f.start,
        f.end,
        f.scope.value,
        *span,
    )


def _total_value(
    kind: Kind,
    total: Total,
    ex: Extraction,
    parts: Layout,
    text: str,
    found: _Found,
) -> Row:
    """A text's total as a figure row, borrowing the sentence, attribution and scope of the
    mention that stated it (a named one first: a title's "590 injured" says less than its
    summary's "590 were injured, the health ministry said"), or the first of its kind, so the
    total keeps its provenance. Built as the row itself: a Figure object per total made an
    item's figure rows cost twice as much."""
    best: Figure | None = None
    equal: Figure | None = None
    for f in ex.figures:
        if f.kind is kind:
            if f.value == total.value:
                if equal is None:
                    equal = f
                if f.attribution:
                    equal = f
                    break
            elif best is None:
                best = f
    best = equal or best
    if best is None:
        return (
            1,
            kind.value,
            total.value,
            total.qual.value,
            total.high,
            0,
            None,
            "",
            0,
            0,
            "unknown",
            None,
            None,
            None,
        )
    span = _span(best, parts, text, found)
    return (
        1,
        kind.value,
        total.value,
        total.qual.value,
        total.high,
        int(best.vague and best.value == total.value),
        best.attribution,
        best.sentence if span is None else "",
        best.start,
        best.end,
        best.scope.value,
        *(span or (None, None, None)),
    )


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
