"""A parsed feed and the watch list, to the facts a poll stores: each item with its keys, the
watches it concerns, and what its text reports, as the store's rows.

Pure and without a database, so the parse worker (pollers/cpu.py) runs it beside the parse. In
the poller's own process one GIL runs the event loop, httpx and the store's thread, and with
this work there it bounded a cold poll of many feeds; what the worker prepares, that process
neither computes nor unpickles as objects (benchmarks/README.md). The catch-up
(pollers/catchup.py), the article reader (pollers/article_text.py) and `crisiswatch extract`
read a text the same way: `read_item`, which calls the extractor through `extraction`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import NamedTuple

from crisiswatch.config import Election, Party, Watch
from crisiswatch.facts.keys import dedup_key, story_key
from crisiswatch.facts.spans import Layout, item_text, layout, sentence_span
from crisiswatch.keywords import keyword_match
from crisiswatch.models import Extraction, Figure, Kind, ParsedFeed, ParsedItem, Total

Row = tuple[object, ...]
"""A `figures`, `shares` or `race_statuses` row without its item's id, in the column order
`FigureRow`, `ShareRow` or `StatusRow` declares. A plain tuple: rows cross from the worker by
the thousand, and a NamedTuple unpickles through a call each."""


class FigureRow(NamedTuple):
    """The columns of a `figures` row but its item's id: their one declaration (store/schema.py
    builds the INSERT from it, store/reads.py reads them back by these names)."""

    is_total: int
    kind: str
    value: int
    qual: str
    high: int | None
    vague: int
    attribution: str | None
    sentence: str
    """The row's own copy of its sentence; "" when `source` places it in the item's text."""
    start: int
    end: int
    scope: str
    source: str | None
    """Which stored text holds the sentence (facts/spans.py); None when the row keeps a copy."""
    sent_start: int | None
    sent_end: int | None


class ShareRow(NamedTuple):
    """The columns of a `shares` row but its item's id."""

    party: str
    pct: float
    known: int
    start: int
    end: int
    race: str | None
    candidate: int


class StatusRow(NamedTuple):
    """The columns of a `race_statuses` row but its item's id."""

    race: str | None
    status: str
    sentence: str
    start: int
    end: int


class Reading(NamedTuple):
    """What one item's text reports, as the store writes it beside the item."""

    reporting_pct: float | None = None
    turnout_pct: float | None = None
    threshold_pct: float | None = None
    reports: bool = False
    """Any figure, total or share: the story's ◆ mark."""
    figures: tuple[Row, ...] = ()
    shares: tuple[Row, ...] = ()
    statuses: tuple[Row, ...] = ()


class ItemFacts(NamedTuple):
    """One parsed item as the store writes it. A NamedTuple, not a dataclass: it crosses from
    the worker by the thousand and unpickles as a tuple. The fields from `reporting_pct` to
    `statuses` are its `Reading`."""

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
    """False: its text is still to be read (`pollers/catchup.py`), and the reading is empty."""
    reporting_pct: float | None
    turnout_pct: float | None
    threshold_pct: float | None
    reports: bool
    figures: tuple[Row, ...]
    shares: tuple[Row, ...]
    statuses: tuple[Row, ...]
    official: bool = False
    """A snapshot of an official results feed, not a story read by the text extractor."""
    fulltext: bool = False
    """Its article is to be fetched (pollers/articles.py): the poller sets this."""


@dataclass(frozen=True, slots=True)
class PollFacts:
    """Everything one poll's body gives the store, in the feed's order."""

    items: list[ItemFacts]
    warning: str | None
    """The parser's warning, and a note of any item whose text the extractor failed on."""
    ttl_seconds: float | None


def ballot(watches: Sequence[Watch]) -> Election | None:
    """Every watch's parties in one list, so each text is read once whichever watch it serves."""
    elections = [w.election for w in watches if w.election is not None]
    if not elections:
        return None
    parties: dict[str, Party] = {}
    for election in elections:
        for party in election.parties:
            parties.setdefault(party.name.lower(), party)
    first = elections[0]
    return Election(
        seats=first.seats,
        threshold=first.threshold,
        method=first.method,
        parties=tuple(parties.values()),
    )


@dataclass(frozen=True, slots=True)
class WatchList:
    """What every text is read against: each watch's keywords, and one ballot of all parties."""

    keywords: tuple[tuple[str, tuple[str, ...]], ...] = ()
    """(watch, its keywords), matched once here so readers never rescan text."""
    election: Election | None = None

    @classmethod
    def of(cls, watches: Sequence[Watch]) -> WatchList:
        return cls(tuple((w.name, tuple(w.keywords)) for w in watches), ballot(watches))

    def matching(self, title: str, summary: str) -> tuple[str, ...]:
        """The watches whose keywords stand in the item's text."""
        text = item_text(title, summary)
        return tuple(name for name, words in self.keywords if keyword_match(text, words))


def extraction(text: str, watches: WatchList) -> Extraction:
    """The one call into the extractor: every text is read with every watch's parties."""
    # Imported here: compiling the extractor's patterns costs a process a quarter of a second,
    # and the poller's own process, with workers, reads figures only when catching up.
    from crisiswatch.extract import extract

    return extract(text, watches.election)


def read_item(title: str, summary: str, watches: WatchList, article: str | None = None) -> Reading:
    """What an item's title, summary and (once fetched) article report, read as one text."""
    ex = extraction(item_text(title, summary, article), watches)
    return reading(ex, title, summary, article)


def reading(ex: Extraction, title: str, summary: str, article: str | None = None) -> Reading:
    """An extraction of `item_text(title, summary, article)` as the store's rows."""
    return Reading(
        ex.reporting_pct,
        ex.turnout_pct,
        ex.threshold_pct,
        bool(ex.figures or ex.results) or any(t is not None for t in ex.totals.values()),
        figure_rows(ex, title, summary, article),
        # In ShareRow's and StatusRow's orders.
        tuple(
            (s.party, s.pct, int(s.known), s.start, s.end, s.race, int(s.candidate))
            for s in ex.results
        ),
        tuple((m.race, m.status.value, m.sentence, m.start, m.end) for m in ex.statuses),
    )


UNREAD = Reading()


def item_facts(
    item: ParsedItem, watches: WatchList, read: Reading | None, *, official: bool = False
) -> ItemFacts:
    """One item's facts; `read` None leaves its text to be read later (extracted false)."""
    return ItemFacts(
        dedup_key(item),
        story_key(item.url),
        item.guid,
        item.url,
        item.title,
        item.summary,
        item.published.timestamp() if item.published else None,
        watches.matching(item.title, item.summary),
        read is not None,
        *(read or UNREAD),
        official=official,
    )


def poll_facts(
    feed: ParsedFeed, watches: WatchList, *, official: Sequence[Extraction] | None = None
) -> PollFacts:
    """Every item of a parsed feed with what it reports. `official`, one per item: an official
    results feed's own readings (pollers/parse/results.py), stored as they are, no text read.

    Every item is read, not only the new ones: which are new is known only to the store, and
    asking first would cost the worker a second trip. A changed feed has some 30 items, a few
    ms of the spare core; the all-new first poll, which is what must be fast, wastes nothing.
    """
    if official is not None and len(official) != len(feed.items):
        raise ValueError("one official reading per item")
    items: list[ItemFacts] = []
    failed: list[str] = []
    for index, item in enumerate(feed.items):
        if official is not None:
            read = reading(official[index], item.title, item.summary)
        else:
            try:
                read = read_item(item.title, item.summary, watches)
            except Exception as exc:  # an extractor bug on one text must not cost the feed it
                read = UNREAD
                failed.append(f"{type(exc).__name__}: {exc}")
        items.append(item_facts(item, watches, read, official=official is not None))
    warning = feed.warning
    if failed:
        note = f"figures not read from {len(failed)} item(s) (internal error: {failed[0][:120]})"
        warning = f"{warning}; {note}" if warning else note
    return PollFacts(items, warning, feed.ttl_seconds)


def figure_rows(
    ex: Extraction, title: str, summary: str, article: str | None = None
) -> tuple[Row, ...]:
    """Every mention, then each kind's total. The texts are the ones extraction read
    (facts/spans.py): each row points into them for its sentence instead of keeping a copy,
    unless the sentence cannot be placed."""
    if not ex.figures:
        return tuple(
            _total_row(kind, total, ex, (), "", {})
            for kind, total in ex.totals.items()
            if total is not None
        )
    parts = layout(title, summary, article)
    text = item_text(title, summary, article)
    found: _Found = {}
    rows = [_figure_row(0, f, f, _span(f, parts, text, found)) for f in ex.figures]
    for kind, total in ex.totals.items():
        if total is not None:
            rows.append(_total_row(kind, total, ex, parts, text, found))
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


def _figure_row(is_total: int, counted: Figure | Total, said: Figure, span: Span | None) -> Row:
    """A row of what `counted` counts, in the words of the mention `said` (the mention itself,
    or the one a total borrows): its sentence as a span into the item's text, or a copy."""
    # In FigureRow's order, as a tuple literal: a NamedTuple built by name and turned back
    # into a plain tuple cost a poll's rows half as much again (test_figure_spans checks it).
    return (
        is_total,
        said.kind.value,
        counted.value,
        counted.qual.value,
        counted.high,
        int(said.vague and said.value == counted.value),
        said.attribution,
        said.sentence if span is None else "",
        said.start,
        said.end,
        said.scope.value,
        *(span or (None, None, None)),
    )


def _total_row(
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
        # No mention of its kind: a total with no words of its own.
        return (1, kind.value, total.value, total.qual.value, total.high, 0, None, "", 0, 0,
                "unknown", None, None, None)  # fmt: skip
    return _figure_row(1, total, best, _span(best, parts, text, found))
