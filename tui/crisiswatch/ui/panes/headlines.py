"""The headline stream: a virtual list that asks the app for pages of stories and draws the
visible rows (it never reads the store itself)."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import ClassVar

from rich.style import Style
from rich.text import Text
from textual import events
from textual.binding import Binding, BindingType
from textual.geometry import Size
from textual.message import Message
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip

from crisiswatch.models import StoredItem
from crisiswatch.store.reads import StoryFilter
from crisiswatch.ui.feedtext import inert, short_age
from crisiswatch.ui.messages import PageLoaded, PageWanted
from crisiswatch.ui.reading import BookmarkWanted, NextUnreadWanted, ReadWanted
from crisiswatch.ui.snapshot import Snapshot, StreamView

CHUNK = 100
"""Rows read per page; a screen is at most a few dozen rows."""
KEEP_ROWS = 3000
"""Cached rows kept around the view; the rest are dropped and re-read if scrolled back to."""

UNREAD_MARK = "●"
FIGURE_MARK = "◆"
WATCH_MARK = "★"


@dataclass
class HeadlineOpened(Message):
    """Enter (or a double click) on a headline."""

    item: StoredItem


class HeadlineList(ScrollView, can_focus=True):
    """Newest first. Only visible rows are rendered, and only rows near the view are held."""

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "headlines--cursor",
        "headlines--age",
        "headlines--source",
        "headlines--unread",
        "headlines--read",
        "headlines--watch",
        "headlines--mark",
        "headlines--placeholder",
        "headlines--error",
    }

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("j,down", "cursor_down", "Down", show=False),
        Binding("k,up", "cursor_up", "Up", show=False),
        Binding("pagedown,space", "page_down", "Page down", show=False),
        Binding("pageup", "page_up", "Page up", show=False),
        Binding("home,g", "first", "Newest", show=False),
        Binding("end,G", "last", "Oldest", show=False),
        Binding("enter", "open", "Open", show=True),
        Binding("n", "next_unread", "Unread", id="next_unread"),
        Binding("N", "toggle_read", "Mark read", id="toggle_read"),
        Binding("b", "bookmark", "Bookmark", show=False, id="bookmark"),
    ]

    cursor: reactive[int] = reactive(0, always_update=False, repaint=False)

    def __init__(
        self,
        now: Callable[[], datetime],
        *,
        id: str | None = None,
        classes: str | None = None,
    ) -> None:
        super().__init__(id=id, classes=classes)
        self.now = now
        self.filter = StoryFilter()
        self.selected_watch: str | None = None
        self.total = 0
        self.known = False
        """False until the first count arrives: an empty list then means "not read yet"."""
        self.generation = 0
        self.error: str | None = None
        """The store's error when the last read of the stream failed: shown where rows are missing."""
        self._rows: dict[int, StoredItem] = {}
        self._pending: set[int] = set()
        self._wanted: set[int] = set()
        self._fetch_scheduled = False

    @property
    def pages_in_flight(self) -> bool:
        """True while a page of rows is asked for or on its way: the list is not drawn in full."""
        return bool(self._pending or self._wanted)

    # --- what the app sets ---------------------------------------------------------------------

    def view(self) -> StreamView:
        return StreamView(
            filter=self.filter,
            total=self.total if self.known else None,
            top=round(self.scroll_y),
            height=max(self.size.height, 24),
            live=self.is_live,
        )

    @property
    def is_live(self) -> bool:
        """At the newest row with the cursor on it: new rows keep arriving in view."""
        return self.cursor == 0 and round(self.scroll_y) == 0

    def set_filter(self, f: StoryFilter) -> None:
        """A different selection of stories: start again from the newest."""
        if f == self.filter:
            return
        self.filter = f
        self.known = False
        self.total = 0
        self._reset_rows()
        self.set_reactive(HeadlineList.cursor, 0)
        self.virtual_size = Size(0, 0)
        self.scroll_to(y=0, animate=False)
        self.refresh()

    def select_watch(self, watch: str | None) -> None:
        self.selected_watch = watch
        self.refresh()

    def show_error(self, error: str) -> None:
        """A read failed: say so where rows are missing, until a read succeeds again."""
        self.error = error
        self.refresh()

    def apply_snapshot(self, snap: Snapshot) -> None:
        """Install a fresh count and window; keep the cursor on its story and the view still."""
        if snap.filter != self.filter:
            return
        self.error = None
        live = self.is_live
        # Only growth shifts the view: rows that vanish (pruned, or read while hidden) do not
        # push the cursor off the row that took their place.
        delta = snap.total - self.total if self.known else 0
        self.total = snap.total
        self.known = True
        self._reset_rows()
        for offset, item in enumerate(snap.rows):
            self._rows[snap.window_start + offset] = item
        self.virtual_size = Size(0, self.total)
        if live or delta <= 0:
            cursor = min(self.cursor, max(0, self.total - 1))
            top = round(self.scroll_y)
        else:
            cursor = min(max(0, self.cursor + delta), max(0, self.total - 1))
            top = max(0, round(self.scroll_y) + delta)
        self.set_reactive(HeadlineList.cursor, cursor)
        self.scroll_to(y=top, animate=False, force=True)
        self.refresh()

    def mark_read(self, story_id: int, read: bool = True) -> None:
        for row, item in self._rows.items():
            if item.id == story_id:
                self._rows[row] = dataclasses.replace(item, read=read)
                self.refresh_line(row)

    @property
    def current(self) -> StoredItem | None:
        return self._rows.get(self.cursor)

    def row(self, index: int) -> StoredItem | None:
        return self._rows.get(index)

    def _reset_rows(self) -> None:
        self.generation += 1
        self._rows.clear()
        self._pending.clear()
        self._wanted.clear()

    # --- paging ----------------------------------------------------------------------------------

    def _want(self, row: int) -> None:
        chunk = row // CHUNK
        if chunk in self._pending or chunk in self._wanted:
            return
        self._wanted.add(chunk)
        if not self._fetch_scheduled:
            self._fetch_scheduled = True
            self.call_later(self._fetch_wanted)

    def _fetch_wanted(self) -> None:
        self._fetch_scheduled = False
        for chunk in sorted(self._wanted):
            self._pending.add(chunk)
            # The app reads it in a thread worker and posts the PageLoaded back here.
            self.post_message(PageWanted(self, self.generation, chunk, self.filter))
        self._wanted.clear()

    def on_page_loaded(self, message: PageLoaded) -> None:
        message.stop()
        if message.generation != self.generation:
            return
        self._pending.discard(message.page)
        if message.error is not None:
            self.show_error(message.error)
            return
        base = message.page * CHUNK
        for offset, item in enumerate(message.items):
            self._rows[base + offset] = item
        self._trim()
        self.refresh()

    def _trim(self) -> None:
        if len(self._rows) <= KEEP_ROWS:
            return
        middle = round(self.scroll_y) + self.size.height // 2
        far = sorted(self._rows, key=lambda r: abs(r - middle), reverse=True)
        for row in far[: len(self._rows) - KEEP_ROWS]:
            del self._rows[row]

    # --- drawing ---------------------------------------------------------------------------------

    def render_line(self, y: int) -> Strip:
        row = round(self.scroll_y) + y
        # Without the scrollbar's column: a title cut under it would lose its "…".
        width = self.scrollable_content_region.width
        base = self.rich_style
        if row >= self.total:
            if row == 0:
                return self._message_line(width, base)
            return Strip.blank(width, base)
        item = self._rows.get(row)
        if item is None and self.error is not None and not self._pending:
            text = Text("  " + self.error, style=self.get_component_rich_style("headlines--error"))
        elif item is None:
            self._want(row)
            text = Text("  …", style=self.get_component_rich_style("headlines--placeholder"))
        else:
            text = self._row_text(item, width)
        if row == self.cursor:
            text.stylize(self.get_component_rich_style("headlines--cursor"))
        text.truncate(width, overflow="ellipsis", pad=True)
        line = Text(style=base, end="")
        line.append_text(text)
        return Strip(line.render(self.app.console), width).crop_extend(0, width, base)

    def _message_line(self, width: int, base: Style) -> Strip:
        if self.error is not None:
            text = Text(" " + self.error, style=self.get_component_rich_style("headlines--error"))
            text.truncate(width, overflow="ellipsis", pad=True)
            line = Text(style=base, end="")
            line.append_text(text)
            return Strip(line.render(self.app.console), width)
        if not self.known:
            words = "reading the store…"
        elif self.filter.text:
            words = "no headline matches the filter (Esc clears it)"
        elif self.filter.feeds is not None:
            words = "no headline from the feeds with this tag (t: the next tag)"
        elif not self.filter.include_read:
            words = "no unread headlines (u shows read ones)"
        else:
            words = "no headlines yet: waiting for the first poll"
        text = Text(" " + words, style=self.get_component_rich_style("headlines--placeholder"))
        text.truncate(width, overflow="ellipsis", pad=True)
        line = Text(style=base, end="")
        line.append_text(text)
        return Strip(line.render(self.app.console), width)

    def _row_text(self, item: StoredItem, width: int) -> Text:
        source_width = 18 if width >= 90 else 12
        text = Text(end="", no_wrap=True)
        if item.read:
            text.append("  ")
        else:
            text.append(UNREAD_MARK + " ", style=self.get_component_rich_style("headlines--unread"))
        text.append(
            f"{short_age(item.published, self.now()):>4} ",
            style=self.get_component_rich_style("headlines--age"),
        )
        text.append_text(self._source_text(item.sources, source_width))
        text.append(" ")
        mark_style = self.get_component_rich_style("headlines--mark")
        text.append(FIGURE_MARK if item.has_figures else " ", style=mark_style)
        watched = self.selected_watch is not None and self.selected_watch in item.watches
        text.append(WATCH_MARK if watched else " ", style=mark_style)
        text.append(" ")
        if watched:
            title_style = self.get_component_rich_style("headlines--watch")
            if item.read:  # still the watch's colour, but stepped back like any read line
                title_style = Style(color=title_style.color, dim=True)
        elif item.read:
            title_style = self.get_component_rich_style("headlines--read")
        else:
            title_style = Style()
        text.append_text(inert(item.title, title_style))
        return text

    def _source_text(self, sources: tuple[str, ...], width: int) -> Text:
        style = self.get_component_rich_style("headlines--source")
        if not sources:
            return Text(" " * width, style=style)
        extra = f" +{len(sources) - 1}" if len(sources) > 1 else ""
        name = inert(sources[0], style)
        name.truncate(width - len(extra), overflow="ellipsis")
        name.append(extra, style=style)
        name.pad_right(width - name.cell_len)
        return name

    # --- moving ----------------------------------------------------------------------------------

    def watch_cursor(self, old: int, new: int) -> None:
        self.refresh_line(old)
        self.refresh_line(new)
        self._scroll_cursor_into_view()

    def _scroll_cursor_into_view(self) -> None:
        height = max(1, self.size.height)
        top = round(self.scroll_y)
        if self.cursor < top:
            self.scroll_to(y=self.cursor, animate=False)
        elif self.cursor >= top + height:
            self.scroll_to(y=self.cursor - height + 1, animate=False)

    def _move(self, to: int) -> None:
        self.cursor = max(0, min(to, self.total - 1))

    def action_cursor_down(self) -> None:
        self._move(self.cursor + 1)

    def action_cursor_up(self) -> None:
        self._move(self.cursor - 1)

    def action_page_down(self) -> None:
        self._move(self.cursor + max(1, self.size.height - 1))

    def action_page_up(self) -> None:
        self._move(self.cursor - max(1, self.size.height - 1))

    def action_first(self) -> None:
        self._move(0)

    def action_last(self) -> None:
        self._move(self.total - 1)

    def action_open(self) -> None:
        item = self.current
        if item is not None:
            self.post_message(HeadlineOpened(item))

    def move_to(self, row: int) -> None:
        self._move(row)

    def action_next_unread(self) -> None:
        self.post_message(NextUnreadWanted())

    def action_toggle_read(self) -> None:
        if (item := self.current) is not None:
            self.post_message(ReadWanted(item.id, not item.read))

    def action_bookmark(self) -> None:
        if (item := self.current) is not None:
            self.post_message(BookmarkWanted(item.id))

    def on_click(self, event: events.Click) -> None:
        offset = event.get_content_offset(self)
        if offset is None:
            return
        row = round(self.scroll_y) + offset.y
        if 0 <= row < self.total:
            self.cursor = row
            if event.chain >= 2:
                self.action_open()
