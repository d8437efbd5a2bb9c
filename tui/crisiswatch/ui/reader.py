"""The one object the TUI is handed for its store: every read as plain data, and the analyst's
few writes (read marks, bookmarks, decisions).

Each method blocks on SQLite, so the app calls them only from thread workers, never on its
event loop; panes and screens get what they return, never the store. A failing SQLite call
comes out as `StoreError` with the one line a user reads, so a pane can show it as an error
rather than as an empty list.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any, TypeVar

from crisiswatch.config import Election, Watch
from crisiswatch.models import FeedHealth, Figure, FigureReport, StoredItem
from crisiswatch.plaintext import strip_unsafe
from crisiswatch.store import Store, StoreError
from crisiswatch.store.alerts import alerts_after, last_alert_id
from crisiswatch.store.articles import ArticleState, article_state
from crisiswatch.store.decisions import record
from crisiswatch.store.marks import bookmarked, mark_all_read, next_unread, toggle_bookmark
from crisiswatch.store.reads import (
    StoryFilter,
    StorySource,
    data_version,
    feed_health,
    item_figures,
    item_totals,
    share_reports,
    status_reports,
    stories_page,
    story_of_item,
    story_sources,
)
from crisiswatch.tally.decisions import Decision
from crisiswatch.tally.results import ANY_TABLE, party_history
from crisiswatch.ui.snapshot import Snapshot, StreamView, read_snapshot

T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class SourceView:
    """One feed's copy of the story with the figures read from it."""

    source: StorySource
    figures: tuple[Figure, ...]
    totals: tuple[Figure, ...] = ()
    """The item's own total per kind: what it counted in the tally."""
    article: ArticleState | None = None
    """Its article page, when full text was wanted: fetched, waiting or failed."""

    def reports(self) -> list[FigureReport]:
        src = self.source
        return [
            FigureReport(f, item_id=src.item_id, source=src.feed, at=src.published, title=src.title)
            for f in self.totals
        ]


@contextmanager
def _failing_as(what: str) -> Iterator[None]:
    try:
        yield
    except sqlite3.Error as exc:
        raise StoreError(strip_unsafe(" ".join(f"{what}: {exc}".split()))) from None


class StoreReader:
    """Two connections to one store: the poller's writes never queue behind the panes' reads."""

    def __init__(self, writer: Store, reader: Store) -> None:
        self.writer = writer
        """The connection the poller and the alert runner write through (in their threads)."""
        self.reader = reader
        self.readonly = writer.readonly or reader.readonly

    @classmethod
    def open(cls, path: Path, *, readonly: bool = False) -> StoreReader:
        """Before the app runs (StoreError, SchemaTooNew: the launcher's one line)."""
        writer = Store(path, readonly=readonly)
        try:
            reader = Store(path, readonly=readonly)
        except BaseException:
            writer.close()
            raise
        return cls(writer, reader)

    @property
    def path(self) -> Path:
        return self.reader.path

    def close(self) -> None:
        self.reader.close()
        self.writer.close()

    def _read(self, what: str, fn: Callable[[], T]) -> T:
        with _failing_as(what):
            return fn()

    # --- reads ---------------------------------------------------------------------------------

    def data_version(self) -> int:
        return self._read("cannot read the store", lambda: data_version(self.reader))

    def snapshot(self, view: StreamView, watch: Watch | None) -> Snapshot:
        return self._read("cannot read the store", lambda: read_snapshot(self.reader, view, watch))

    def stories_page(self, f: StoryFilter, offset: int, limit: int) -> list[StoredItem]:
        return self._read(
            "cannot read the headlines", lambda: stories_page(self.reader, f, offset, limit)
        )

    def feed_health(self) -> list[FeedHealth]:
        return self._read("cannot read feed health", lambda: feed_health(self.reader))

    def party_history(
        self, party: str, watch: str | None, table: str | None, election: Election | None
    ) -> list[tuple[datetime, float, str]]:
        """A party's share over time in one race (`table`), or over every report (ANY_TABLE)."""

        def read() -> list[tuple[datetime, float, str]]:
            statuses = status_reports(self.reader, watch) if table != ANY_TABLE else []
            return party_history(
                share_reports(self.reader, watch), party, table, election, statuses
            )

        return self._read("cannot read the party's reports", read)

    def story_views(self, story_id: int) -> list[SourceView]:
        def read() -> list[SourceView]:
            return [
                SourceView(
                    src,
                    tuple(item_figures(self.reader, src.item_id)),
                    tuple(item_totals(self.reader, src.item_id)),
                    self._article(src.item_id),
                )
                for src in story_sources(self.reader, story_id)
            ]

        return self._read("cannot read the story", read)

    def _article(self, item_id: int) -> ArticleState | None:
        try:
            return article_state(self.reader, item_id)
        except sqlite3.Error:  # a store from before full text, followed read-only
            return None

    def story_of_item(self, item_id: int) -> StoredItem | None:
        return self._read("cannot read the store", lambda: story_of_item(self.reader, item_id))

    def bookmarked(self) -> list[StoredItem]:
        return self._read("cannot read the bookmarks", lambda: bookmarked(self.reader))

    def next_unread(
        self, f: StoryFilter, after: int, *, fetch: bool
    ) -> tuple[int | None, StoredItem | None]:
        """The row of the next unread story after `after`, and the story itself when `fetch`."""

        def read() -> tuple[int | None, StoredItem | None]:
            row = next_unread(self.reader, f, after)
            item = None
            if row is not None and fetch:
                page = stories_page(self.reader, f, row, 1)
                item = page[0] if page else None
            return row, item

        return self._read("cannot read the store", read)

    def last_alert_id(self) -> int:
        return self._read("cannot read the alerts", lambda: last_alert_id(self.reader))

    def alerts_after(self, after: int) -> list[tuple[int, dict[str, Any]]]:
        return self._read("cannot read the alerts", lambda: alerts_after(self.reader, after))

    def write_report(self, watch: Watch, now: datetime) -> Path:
        """The situation report file (OSError when it cannot be written)."""
        from crisiswatch.exports.report_file import write_report

        return self._read(
            "cannot write the situation report", lambda: write_report(self.reader, watch, now)
        )

    # --- the analyst's writes ------------------------------------------------------------------

    def set_read(self, story_id: int, read: bool) -> None:
        self._read("cannot save read state", lambda: self.writer.set_read(story_id, read))

    def mark_all_read(self, f: StoryFilter) -> int:
        return self._read("cannot save read state", lambda: mark_all_read(self.writer, f))

    def toggle_bookmark(self, story_id: int, user: str) -> bool:
        return self._read(
            "cannot save the bookmark", lambda: toggle_bookmark(self.writer, story_id, user)
        )

    def record(self, decision: Decision) -> Decision:
        return self._read("cannot save the decision", lambda: record(self.writer, decision))
