"""Keys every screen shares: a DataTable that answers to newsboat's and vi's keys as well as
the arrows, and `q` for back."""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar

from rich.text import Text
from textual.binding import Binding, BindingType
from textual.widgets import DataTable

BACK = Binding("q", "app.close_or_quit", "Back", show=False, id="quit")
"""newsboat's `q` on a screen above the main one: back one screen. The screen's own binding
hides the app's "q Quit" from its footer, where it would mislead."""


class KeyTable(DataTable[Text]):
    """j / k a row, Space a page: every table on every screen moves the same way."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("j", "cursor_down", "Down", show=False),
        Binding("k", "cursor_up", "Up", show=False),
        Binding("space", "page_down", "Page down", show=False),
    ]

    def order_rows(self, keys: Sequence[str]) -> None:
        """Put the rows in the order of `keys` (every row's key, as a string), which the caller
        worked out from its own values: a table's order never comes from reading a number
        back out of the text a cell shows.

        `DataTable.sort` hands its key function a row's cells and not its key, so each row is
        known by the cell objects it holds now (`get_row` returns those very objects)."""
        rank = {key: n for n, key in enumerate(keys)}
        place = {
            tuple(map(id, self.get_row(row_key))): rank[str(row_key.value)] for row_key in self.rows
        }
        self.sort(key=lambda cells: place[tuple(map(id, cells))])
