"""The bookmarked stories (`B`): newest bookmark first; Enter opens one, `b` takes it away."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Footer, OptionList, Static
from textual.widgets.option_list import Option

from crisiswatch.models import StoredItem
from crisiswatch.ui.feedtext import inert, short_age
from crisiswatch.ui.messages import Wanted
from crisiswatch.ui.panes.headlines import HeadlineOpened
from crisiswatch.ui.reading import BookmarkWanted
from crisiswatch.ui.tables import BACK


@dataclass
class BookmarksWanted(Wanted):
    """The screen asks for the bookmarked stories again."""


@dataclass
class BookmarksLoaded(Message):
    items: list[StoredItem]
    error: str | None = None


class StoryList(OptionList):
    """Stories one a line, with j/k and Space as in the headline stream."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("j", "cursor_down", "Down", show=False),
        Binding("k", "cursor_up", "Up", show=False),
        Binding("space", "page_down", "Page down", show=False),
    ]


class BookmarksScreen(Screen[None]):
    """Read from the store each time it is shown: bookmarks are shared by every TUI on it."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "app.pop_screen", "Back"),
        BACK,
        Binding("b", "unbookmark", "Remove bookmark", id="bookmark"),
    ]

    def __init__(self, now: Callable[[], datetime]) -> None:
        super().__init__(classes="detail-screen")
        self.now = now
        self.items: list[StoredItem] = []

    def compose(self) -> ComposeResult:
        yield Static(Text("Bookmarks", style="bold"), id="bookmarks-title", markup=False)
        yield StoryList(id="bookmarks-list", compact=True)
        yield Footer(compact=True, show_command_palette=False)

    def on_mount(self) -> None:
        self.query_one(StoryList).focus()

    def on_screen_resume(self) -> None:
        self.reload()

    def reload(self) -> None:
        """Read by the app in a thread worker, posted back as BookmarksLoaded."""
        self.post_message(BookmarksWanted(self))

    def on_bookmarks_loaded(self, message: BookmarksLoaded) -> None:
        self.items = message.items
        options = self.query_one(StoryList)
        was = options.highlighted
        now = self.now()
        opts = []
        for item in message.items:
            line = Text(f"{short_age(item.published, now):>4} ", style="dim", end="")
            line.append_text(inert(item.sources[0] if item.sources else "", "dim"))
            line.append("  ")
            line.append_text(inert(item.title, "bold" if not item.read else ""))
            opts.append(Option(line, id=f"story-{item.id}"))
        options.set_options(opts)
        if opts:
            options.highlighted = min(was or 0, len(opts) - 1)
        if message.error is not None:
            self.query_one("#bookmarks-title", Static).update(
                Text(f"Bookmarks · {message.error}", style="bold red")
            )
            return
        self.query_one("#bookmarks-title", Static).update(
            Text(
                f"Bookmarks · {len(opts)}"
                if opts
                else "Bookmarks · none yet (b on a headline or a story bookmarks it)",
                style="bold",
            )
        )

    @property
    def current(self) -> StoredItem | None:
        at = self.query_one(StoryList).highlighted
        return self.items[at] if at is not None and at < len(self.items) else None

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if (item := self.current) is not None:
            self.post_message(HeadlineOpened(item))

    def action_unbookmark(self) -> None:
        if (item := self.current) is not None:
            self.post_message(BookmarkWanted(item.id))
