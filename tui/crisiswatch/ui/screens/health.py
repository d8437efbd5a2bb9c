"""The feed-health table: every feed's status, last success, next poll and last error."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import ClassVar

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.message import Message
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Static

from crisiswatch.console_views import ago
from crisiswatch.models import FeedHealth
from crisiswatch.store import Store
from crisiswatch.store.reads import feed_health
from crisiswatch.ui.feedtext import inert
from crisiswatch.ui.tables import BACK, KeyTable

COLUMNS = ("", "feed", "tags", "status", "last success", "next poll", "items", "last error")


@dataclass
class HealthLoaded(Message):
    """Feed health was read from the store."""

    health: list[FeedHealth]


def health_cells(h: FeedHealth, now: datetime, tags: tuple[str, ...] = ()) -> tuple[Text, ...]:
    if h.ok:
        mark = Text("✓ ok", style="green")
    elif h.failures:
        mark = Text("✗ failing", style="bold red")
    else:
        mark = Text("· not yet")
    status = str(h.last_status) if h.last_status else "—"
    if h.failures:
        status += f" ×{h.failures}"
    error = inert(h.last_error or "")
    if not h.last_error and h.warning:
        error = inert("warning: " + h.warning)
    return (
        mark,
        inert(h.name),
        inert(", ".join(tags)),
        Text(status),
        Text(ago(h.last_success, now)),
        Text(ago(h.next_poll, now)),
        Text(str(h.items_total), justify="right"),
        error,
    )


class HealthScreen(Screen[None]):
    """Escape goes back; the table is read again whenever the store changes."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "app.pop_screen", "Back"), BACK]

    def __init__(
        self,
        reader: Store,
        now: Callable[[], datetime],
        *,
        tags: Mapping[str, tuple[str, ...]] | None = None,
    ) -> None:
        super().__init__(classes="detail-screen")
        self.reader = reader
        self.now = now
        self.tags = dict(tags or {})
        """Each feed's tags from feeds.toml (the store keeps none)."""
        self.health: list[FeedHealth] = []

    def compose(self) -> ComposeResult:
        yield Static(Text("Feed health", style="bold"), id="health-title", markup=False)
        table = KeyTable(id="health-table", cursor_type="row")
        yield table
        yield Footer(compact=True, show_command_palette=False)

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        for n, name in enumerate(COLUMNS):
            table.add_column(Text(name), key=str(n))
        self.reload()

    @work(thread=True, exclusive=True, group="health")
    def reload(self) -> None:
        try:
            health = feed_health(self.reader)
        except sqlite3.Error:
            health = []
        self.post_message(HealthLoaded(health))

    def on_health_loaded(self, message: HealthLoaded) -> None:
        self.health = message.health
        table: DataTable[Text] = self.query_one(DataTable)
        now = self.now()
        keys = {str(k.value) for k in table.rows}
        wanted = {h.name for h in message.health}
        for gone in keys - wanted:
            table.remove_row(gone)
        for h in message.health:
            cells = health_cells(h, now, self.tags.get(h.name, ()))
            if h.name in keys:
                for n, cell in enumerate(cells):
                    table.update_cell(h.name, str(n), cell)
            else:
                table.add_row(*cells, key=h.name)
        ok = sum(1 for h in message.health if h.ok)
        failing = sum(1 for h in message.health if h.failures)
        self.query_one("#health-title", Static).update(
            Text(
                f"Feed health · {len(message.health)} feeds · {ok} ok · {failing} failing",
                style="bold",
            )
        )
