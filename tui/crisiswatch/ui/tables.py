"""Keys every screen shares: a DataTable that answers to newsboat's and vi's keys as well as
the arrows, and `q` for back."""

from __future__ import annotations

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
