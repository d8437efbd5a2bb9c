"""A DataTable that answers to newsboat's and vi's keys as well as the arrows."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual.binding import Binding, BindingType
from textual.widgets import DataTable


class KeyTable(DataTable[Text]):
    """j / k a row, Space a page: every table on every screen moves the same way."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("j", "cursor_down", "Down", show=False),
        Binding("k", "cursor_up", "Up", show=False),
        Binding("space", "page_down", "Page down", show=False),
    ]
