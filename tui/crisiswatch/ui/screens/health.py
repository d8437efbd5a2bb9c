"""The feed-health table: every feed's status, last success, next poll and last error."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.message import Message
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Static

from crisiswatch.models import FeedHealth
from crisiswatch.ui.feedtext import inert
from crisiswatch.ui.tables import BACK, KeyTable
from crisiswatch.wording import health_words

COLUMNS = ("", "feed", "tags", "status", "last success", "next poll", "items", "last error")


@dataclass
class HealthLoaded(Message):
    """Feed health arrived with a snapshot (or `error` says why the read failed)."""

    health: list[FeedHealth]
    error: str | None = None


def health_cells(h: FeedHealth, now: datetime, tags: tuple[str, ...] = ()) -> tuple[Text, ...]:
    words = health_words(h, now)
    style = "green" if h.ok else "bold red" if h.failures else ""
    return (
        Text(f"{words.sign} {words.state}", style=style),
        inert(h.name),
        inert(", ".join(tags)),
        Text(words.status),
        Text(words.last_success),
        Text(words.next_poll),
        Text(words.items, justify="right"),
        inert(words.problem),
    )


PAD = 2
"""Cells a DataTable column spends on padding (one each side)."""
CUT_MIN = 6


def fit_cells(rows: list[tuple[Text, ...]], width: int) -> tuple[int, int] | None:
    """Widths for the feed name and the last error so that every column fits `width` (one
    cell kept for a scrollbar), the error getting at least half of what is left; None when
    everything fits as it is."""
    natural = [
        max([len(name), *(row[n].cell_len for row in rows)]) for n, name in enumerate(COLUMNS)
    ]
    last = len(COLUMNS) - 1  # the last error
    fixed = sum(w for n, w in enumerate(natural) if n not in (1, last))
    rest = width - 1 - PAD * len(COLUMNS) - fixed
    feed, error = natural[1], natural[last]
    if feed + error <= rest:
        return None
    feed = max(CUT_MIN, min(feed, rest - min(error, rest // 2)))
    return feed, max(CUT_MIN, rest - feed)


def _cut(text: Text, width: int) -> Text:
    if text.cell_len <= width:
        return text
    text = text.copy()
    text.truncate(width, overflow="ellipsis")
    return text


class HealthScreen(Screen[None]):
    """Escape goes back; the table follows the app's snapshots, which carry every feed's health."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "app.pop_screen", "Back"), BACK]

    def __init__(
        self,
        now: Callable[[], datetime],
        *,
        health: Sequence[FeedHealth] | None = None,
        tags: Mapping[str, tuple[str, ...]] | None = None,
    ) -> None:
        super().__init__(classes="detail-screen")
        self.now = now
        self._first = None if health is None else list(health)
        """The last snapshot's health when the screen opens; None before any snapshot."""
        self.tags = dict(tags or {})
        """Each feed's tags from feeds.toml (the store keeps none)."""
        self.health: list[FeedHealth] = []
        self.fit: tuple[int, int] | None = None
        """The feed name's and last error's widths when the screen is too narrow for them."""

    def compose(self) -> ComposeResult:
        yield Static(Text("Feed health", style="bold"), id="health-title", markup=False)
        table = KeyTable(id="health-table", cursor_type="row")
        yield table
        # What a narrow screen cuts from the row under the cursor, in full.
        yield Static(Text(""), id="health-detail", markup=False)
        yield Footer(compact=True, show_command_palette=False)

    def on_mount(self) -> None:
        self._add_columns()
        if self._first is not None:
            self.post_message(HealthLoaded(self._first))

    def _add_columns(self) -> None:
        table = self.query_one(DataTable)
        for n, name in enumerate(COLUMNS):
            table.add_column(Text(name), key=str(n))

    def on_resize(self) -> None:
        if self.health:
            self._show(self.health)

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        self._detail()

    def _detail(self) -> None:
        """Under the table, the cursor row's feed and error whole when the table cuts them."""
        detail = self.query_one("#health-detail", Static)
        table: DataTable[Text] = self.query_one(DataTable)
        by_name = {h.name: h for h in self.health}
        row = (
            table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value
            if (self.fit is not None and table.row_count)
            else None
        )
        h = by_name.get(str(row)) if row is not None else None
        if h is None:
            detail.update(Text(""))
            return
        full = health_cells(h, self.now(), self.tags.get(h.name, ()))
        text = Text("in full: ", style="dim").append_text(full[1])
        if full[-1].plain:
            text.append(" · ").append_text(full[-1])
        detail.update(text)

    def show_health(self, health: Sequence[FeedHealth]) -> None:
        """A fresh snapshot's health (the app posts each one here)."""
        self.post_message(HealthLoaded(list(health)))

    def show_error(self, error: str) -> None:
        self.post_message(HealthLoaded(self.health, error))

    def on_health_loaded(self, message: HealthLoaded) -> None:
        if message.error is not None:
            self.query_one("#health-title", Static).update(
                Text(f"Feed health · {message.error}", style="bold red")
            )
            return
        self.health = message.health
        self._show(message.health)

    def _show(self, health: list[FeedHealth]) -> None:
        table: DataTable[Text] = self.query_one(DataTable)
        now = self.now()
        rows = {h.name: health_cells(h, now, self.tags.get(h.name, ())) for h in health}
        fit = fit_cells(list(rows.values()), self.size.width) if self.size.width else None
        if fit != self.fit:  # the widths change: drawn again from scratch, cursor kept
            cursor = table.cursor_row
            table.clear(columns=True)
            self._add_columns()
            self.fit = fit
            table.move_cursor(row=cursor)
        keys = {str(k.value) for k in table.rows}
        wanted = set(rows)
        for gone in keys - wanted:
            table.remove_row(gone)
        for h in health:
            cells = rows[h.name]
            if fit is not None:
                feed, error = fit
                cells = (*cells[:1], _cut(cells[1], feed), *cells[2:-1], _cut(cells[-1], error))
            if h.name in keys:
                for n, cell in enumerate(cells):
                    table.update_cell(h.name, str(n), cell)
            else:
                table.add_row(*cells, key=h.name)
        self._detail()
        ok = sum(1 for h in health if h.ok)
        failing = sum(1 for h in health if h.failures)
        self.query_one("#health-title", Static).update(
            Text(
                f"Feed health · {len(health)} feeds · {ok} ok · {failing} failing",
                style="bold",
            )
        )
