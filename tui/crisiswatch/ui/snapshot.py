"""What the panes show, read from the store in one worker call: stream window, tallies, health."""

from __future__ import annotations

from dataclasses import dataclass, field

from crisiswatch.config import DEFAULT_CONCURRENT, Watch
from crisiswatch.models import FeedHealth, Kind, StoredItem
from crisiswatch.store import Store
from crisiswatch.store.articles import waiting
from crisiswatch.store.decisions import decision_log
from crisiswatch.store.reads import (
    StoryFilter,
    count_stories,
    feed_health,
    figure_reports,
    share_reports,
    status_reports,
    stories_page,
)
from crisiswatch.tally.casualties import Counter, casualty_counters
from crisiswatch.tally.decisions import EMPTY, Standing, standing
from crisiswatch.tally.results import ResultsTable, race_tables

WINDOW_MARGIN = 50
"""Rows read beyond the visible ones each refresh, so a small scroll needs no new read."""


@dataclass(frozen=True, slots=True)
class StreamView:
    """Where the headline stream stands when a refresh is asked for."""

    filter: StoryFilter
    total: int | None
    """Rows the stream held before; None when it has never been filled (no shift to apply)."""
    top: int
    height: int
    live: bool
    """At the newest row with the cursor on it: new rows show at the top instead of above it."""


@dataclass(frozen=True, slots=True)
class Snapshot:
    """One consistent read of everything the main screen shows."""

    filter: StoryFilter
    total: int
    window_start: int
    rows: tuple[StoredItem, ...]
    watch: str | None
    counters: dict[Kind, Counter] = field(default_factory=dict)
    results: tuple[ResultsTable, ...] = ()
    """One table per race of the watch's election; empty without one."""
    health: tuple[FeedHealth, ...] = ()
    decisions: Standing = EMPTY
    """The analysts' decision log as it stood at this read (shared by every TUI on the store)."""
    articles_waiting: int = 0
    """Article pages queued for full text and not fetched yet (pollers/articles.py)."""


def read_snapshot(store: Store, view: StreamView, watch: Watch | None) -> Snapshot:
    """Runs in a worker thread: every query here is bounded by what one screen needs."""
    total = count_stories(store, view.filter)
    delta = 0 if view.total is None else total - view.total
    top = 0 if view.live else max(0, view.top + delta)
    start = max(0, top - WINDOW_MARGIN)
    rows = stories_page(store, view.filter, start, view.height + 2 * WINDOW_MARGIN)
    name = watch.name if watch is not None else None
    window = watch.concurrent if watch is not None else DEFAULT_CONCURRENT
    decisions = standing(decision_log(store))
    counters = casualty_counters(figure_reports(store, name), window, decisions, name)
    results: tuple[ResultsTable, ...] = ()
    if watch is not None and watch.election is not None:
        results = tuple(
            race_tables(share_reports(store, name), watch.election, status_reports(store, name))
        )
    return Snapshot(
        filter=view.filter,
        total=total,
        window_start=start,
        rows=tuple(rows),
        watch=name,
        counters=counters,
        results=results,
        health=tuple(feed_health(store)),
        decisions=decisions,
        articles_waiting=waiting(store),
    )
