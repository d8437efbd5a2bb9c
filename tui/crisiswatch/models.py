"""Frozen value types that every stage passes along: items, figures, party shares, feed health."""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from datetime import datetime
from enum import StrEnum
from operator import attrgetter
from typing import TypeVar

_T = TypeVar("_T")


def _pickled_by_fields(cls: type[_T]) -> type[_T]:
    """Pickle as (class, field values): parsed items and extractions cross a process boundary
    by the thousand (pollers/cpu.py), and the dataclass default walks `fields()` per object,
    which cost more than the parsing it moved off the event loop."""
    names = [f.name for f in fields(cls)]  # type: ignore[arg-type]
    assert len(names) > 1, "attrgetter of one name returns a value, not a tuple"
    getter = attrgetter(*names)

    def reduce(self: _T) -> tuple[type[_T], tuple[object, ...]]:
        return cls, getter(self)

    cls.__reduce__ = reduce  # type: ignore[assignment,method-assign]
    return cls


@_pickled_by_fields
@dataclass(frozen=True, slots=True)
class ParsedItem:
    """One entry as a parser read it from a feed body, before the store has seen it.

    Text fields are already plain text (HTML reduced, control characters removed, capped),
    so nothing downstream has to distrust them again.
    """

    guid: str | None
    url: str | None
    title: str
    summary: str
    published: datetime | None
    """UTC, timezone-aware; None when the feed gave no date we could read."""


@_pickled_by_fields
@dataclass(frozen=True, slots=True)
class ParsedFeed:
    """What a parser made of one body: the entries plus anything worth telling the user."""

    items: tuple[ParsedItem, ...]
    warning: str | None = None
    """One line, e.g. the feed was malformed but still yielded entries, or items were dropped."""
    ttl_seconds: float | None = None
    """An RSS `<ttl>` the publisher asked us to respect as a floor between polls."""


@dataclass(frozen=True, slots=True)
class StoredItem:
    """An item as readers see it: one row per story, with every feed that carried it."""

    id: int
    title: str
    url: str | None
    summary: str
    published: datetime
    first_seen: datetime
    sources: tuple[str, ...]
    read: bool
    has_figures: bool
    watches: tuple[str, ...]


class Kind(StrEnum):
    """What a casualty-type figure counts. Crowd size is kept apart from harm on purpose."""

    KILLED = "killed"
    INJURED = "injured"
    ARRESTED = "arrested"
    CROWD = "crowd"


class Qual(StrEnum):
    """How exact a reported number is, as the text itself qualifies it."""

    EXACT = "exact"
    AT_LEAST = "at_least"
    MORE_THAN = "more_than"
    ABOUT = "about"
    UP_TO = "up_to"
    RANGE = "range"


class Scope(StrEnum):
    """What a figure counts: the crisis's toll so far, one incident's count, or not said.

    Tolls grow and later ones replace earlier ones; counts of different incidents add up."""

    RUNNING = "running"
    INCIDENT = "incident"
    UNKNOWN = "unknown"


@_pickled_by_fields
@dataclass(frozen=True, slots=True)
class Figure:
    """One mention of a number of people killed/injured/arrested/gathered, with where it stands."""

    kind: Kind
    value: int
    qual: Qual
    high: int | None
    """Upper end for `range`; None otherwise."""
    attribution: str | None
    """Who the text says gave the figure ("the health ministry"), if it says."""
    sentence: str
    start: int
    """Character span of the figure's phrase within the whole text (not the sentence)."""
    end: int
    vague: bool = False
    """True for "dozens", "hundreds": value is the documented lower bound, not a count."""
    scope: Scope = Scope.UNKNOWN
    """A running toll ("the death toll rose to 103") or one incident's count ("14 detained
    over looting"), as `extract.scope.figure_scope` reads the sentence."""


@_pickled_by_fields
@dataclass(frozen=True, slots=True)
class Total:
    """What a text as a whole reports for one kind: the figure an analyst would write down."""

    value: int
    qual: Qual
    high: int | None = None


@_pickled_by_fields
@dataclass(frozen=True, slots=True)
class PartyShare:
    """A party's share of the vote as one text states it."""

    party: str
    """Canonical name from the watch when matched, else the name as written."""
    pct: float
    known: bool
    """False when the name is not among the watch's parties or aliases."""
    start: int = 0
    end: int = 0
    race: str | None = None
    """The race the text puts the share in: "presidential", "parliamentary", or None when it
    does not say. Kept so that one story's two races are never tallied as one list."""
    candidate: bool = False
    """True for a person standing for office (a presidential candidate), False for a party."""


class RaceStatus(StrEnum):
    """Where a race's count stands, as a text states it."""

    PRELIMINARY = "preliminary"
    FINAL = "final"
    ANNULLED = "annulled"
    RERUN = "re-run"
    """To be held again (after an annulment, or by a court's order)."""
    RUNOFF = "runoff"
    """No outright winner: a second round between the leaders."""
    SECOND_ROUND = "second round"
    """The text reports the second round's results: its shares are that round's table."""


@_pickled_by_fields
@dataclass(frozen=True, slots=True)
class StatusMention:
    """A sentence saying where a race's count stands ("the commission annulled the results")."""

    status: RaceStatus
    race: str | None
    """The race the text puts it in, as for `PartyShare.race`."""
    sentence: str
    start: int
    end: int


@_pickled_by_fields
@dataclass(frozen=True, slots=True)
class Extraction:
    """Everything read from one text."""

    figures: tuple[Figure, ...] = ()
    totals: dict[Kind, Total | None] = field(default_factory=dict)
    results: tuple[PartyShare, ...] = ()
    reporting_pct: float | None = None
    turnout_pct: float | None = None
    threshold_pct: float | None = None
    statuses: tuple[StatusMention, ...] = ()
    """Each race's status as the text states it (`extract.results.status`)."""


@dataclass(frozen=True, slots=True)
class FeedHealth:
    """How one feed has been doing, as the store remembers it between runs."""

    name: str
    url: str
    last_attempt: datetime | None
    last_success: datetime | None
    last_status: int | None
    last_error: str | None
    failures: int
    next_poll: datetime | None
    items_total: int
    warning: str | None = None

    @property
    def ok(self) -> bool:
        return self.failures == 0 and self.last_success is not None


@dataclass(frozen=True, slots=True)
class FigureReport:
    """A stored figure with its provenance, as the tallies consume it."""

    figure: Figure
    item_id: int
    source: str
    """Feed name the item came from."""
    at: datetime
    """When the item was published (UTC)."""
    title: str = ""
    url: str | None = None
    article_url: str | None = None
    """Set when the figure's sentence is from the item's article: the page it was read from."""


@dataclass(frozen=True, slots=True)
class ShareReport:
    """A stored party share with its provenance and the counting progress stated beside it."""

    share: PartyShare
    item_id: int
    source: str
    at: datetime
    reporting_pct: float | None = None
    threshold_pct: float | None = None
    official: bool = False
    """From an official results feed (the commission's own table), not read from a text."""


@dataclass(frozen=True, slots=True)
class StatusReport:
    """A stored race status with its provenance: the tally takes the newest for each race."""

    mention: StatusMention
    item_id: int
    source: str
    at: datetime
