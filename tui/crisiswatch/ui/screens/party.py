"""One party's share over time, from every report that stated it (read by the app, posted here)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.message import Message
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Sparkline, Static

from crisiswatch.config import Election
from crisiswatch.tally.results import ANY_TABLE
from crisiswatch.ui.feedtext import inert
from crisiswatch.ui.messages import Wanted
from crisiswatch.ui.panes.results import change_text
from crisiswatch.ui.tables import BACK, KeyTable


@dataclass
class HistoryWanted(Wanted):
    """The screen asks for its party's reports in its race."""

    party: str
    watch: str | None
    table: str | None
    election: Election | None


@dataclass
class HistoryLoaded(Message):
    """A party's reports were read: (time, share, source), oldest first; or `error` says why not."""

    history: list[tuple[datetime, float, str]]
    error: str | None = None


class PartyScreen(Screen[None]):
    """Escape goes back."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "app.pop_screen", "Back"), BACK]

    def __init__(
        self,
        party: str,
        watch: str | None,
        table: str | None = ANY_TABLE,
        election: Election | None = None,
    ) -> None:
        super().__init__(classes="detail-screen")
        self.party = party
        self.watch_name = watch
        self.table = table
        """The results table (race) the party was picked in: its history is that race's."""
        self.election = election
        self.history: list[tuple[datetime, float, str]] = []

    def compose(self) -> ComposeResult:
        title = inert(self.party, "bold")
        title.append(" · share of the vote over time")
        yield Static(title, id="party-title", markup=False)
        yield Sparkline([], id="party-trend")
        table = KeyTable(id="party-table", cursor_type="row")
        yield table
        yield Footer(compact=True, show_command_palette=False)

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        for key in ("time", "share", "change", "source"):
            table.add_column(Text(key), key=key)
        self.post_message(
            HistoryWanted(self, self.party, self.watch_name, self.table, self.election)
        )

    def on_history_loaded(self, message: HistoryLoaded) -> None:
        self.history = message.history
        table: DataTable[Text] = self.query_one(DataTable)
        previous: float | None = None
        for n, (at, pct, source) in enumerate(message.history):
            change = None if previous is None else pct - previous
            table.add_row(
                Text(f"{at:%d %b %H:%M} UTC"),
                Text(f"{pct:.2f}%"),
                change_text(change),
                inert(source),
                key=str(n),
            )
            previous = pct
        self.query_one(Sparkline).data = [pct for _, pct, _ in message.history]
        if message.error is not None:
            self.query_one("#party-title", Static).update(Text(message.error, style="bold red"))
        elif not message.history:
            self.query_one("#party-title", Static).update(
                Text("no reports for this party", style="dim")
            )
