"""newsboat's reading keys for the app: read marks one at a time or all at once, the next
unread story, bookmarks, and `q` that closes one screen before it quits."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from textual import work
from textual.app import App
from textual.message import Message

from crisiswatch.models import StoredItem
from crisiswatch.plaintext import strip_unsafe
from crisiswatch.store import StoreError
from crisiswatch.store.decisions import current_user
from crisiswatch.store.reads import StoryFilter
from crisiswatch.ui.messages import StoreChanged

if TYPE_CHECKING:
    from crisiswatch.ui.app import CrisisApp


@dataclass
class ReadWanted(Message):
    """`N`: mark one story read or unread."""

    story_id: int
    read: bool


@dataclass
class BookmarkWanted(Message):
    """`b`: bookmark a story, or take its bookmark away."""

    story_id: int


@dataclass
class NextUnreadWanted(Message):
    """`n`: the next unread story after the headline cursor; `open` when asked from a story."""

    open: bool = False


@dataclass
class BookmarkToggled(Message):
    story_id: int
    on: bool


@dataclass
class Moved(Message):
    """The next unread story was found at this row of the stream (and maybe is to be opened)."""

    row: int
    item: StoredItem | None


class ReadingKeys(App[int]):
    """Mixed into CrisisApp (which holds the stores, the filter and the screens)."""

    def _app(self) -> CrisisApp:
        return self  # type: ignore[return-value]

    def _refused(self, what: str) -> bool:
        if self._app().readonly:
            self.notify(
                f"{what} not kept: the store is read-only for this account", severity="warning"
            )
            return True
        return False

    # --- q and Q ---------------------------------------------------------------------------------

    async def action_close_or_quit(self) -> None:
        """newsboat's `q`: back one screen, and quit only from the main one (`Q` quits now)."""
        app = self._app()
        if self.screen is app.main or len(self.screen_stack) <= 1:
            await app.action_quit()
        else:
            self.pop_screen()

    # --- read marks ------------------------------------------------------------------------------

    def on_read_wanted(self, message: ReadWanted) -> None:
        if not self._refused("read marks are"):
            self._app()._mark_read(message.story_id, message.read)
            self.notify("marked read" if message.read else "marked unread")

    def action_mark_all_read(self) -> None:
        if not self._refused("read marks are"):
            self._mark_all()

    @work(thread=True, group="writes", exit_on_error=False)
    def _mark_all(self) -> None:
        app = self._app()
        try:
            n = app.store.mark_all_read(app.story_filter())
        except StoreError as exc:
            self.call_from_thread(self.notify, strip_unsafe(str(exc)), markup=False)
            return
        shown = "shown " if app.filter_text else ""
        self.call_from_thread(self.notify, f"{n} {shown}headline(s) marked read")
        self.call_from_thread(app.request_snapshot)

    def on_next_unread_wanted(self, message: NextUnreadWanted) -> None:
        app = self._app()
        if message.open and self.screen is not app.main:
            self.pop_screen()
        headlines = app.main.headlines
        self._find_unread(headlines.filter, headlines.cursor, message.open)

    @work(thread=True, group="next-unread", exclusive=True, exit_on_error=False)
    def _find_unread(self, f: StoryFilter, after: int, open_it: bool) -> None:
        app = self._app()
        try:
            row, item = app.store.next_unread(f, after, fetch=open_it)
        except StoreError as exc:
            self.call_from_thread(
                self.notify, strip_unsafe(str(exc)), severity="error", markup=False
            )
            return
        if row is None:
            self.call_from_thread(self.notify, "no unread headlines")
            return
        self.post_message(Moved(row, item))

    def on_moved(self, message: Moved) -> None:
        from crisiswatch.ui.panes.headlines import HeadlineOpened

        app = self._app()
        app.main.headlines.move_to(message.row)
        if message.item is not None:
            self.post_message(HeadlineOpened(message.item))

    # --- bookmarks -------------------------------------------------------------------------------

    def on_bookmark_wanted(self, message: BookmarkWanted) -> None:
        if not self._refused("bookmarks are"):
            self._toggle_bookmark(message.story_id)

    @work(thread=True, group="writes", exit_on_error=False)
    def _toggle_bookmark(self, story_id: int) -> None:
        try:
            on = self._app().store.toggle_bookmark(story_id, current_user())
        except StoreError as exc:
            self.call_from_thread(self.notify, strip_unsafe(str(exc)), markup=False)
            return
        self.post_message(BookmarkToggled(story_id, on))

    def on_bookmark_toggled(self, message: BookmarkToggled) -> None:
        from crisiswatch.ui.screens.bookmarks import BookmarksScreen

        self.notify("bookmarked (B lists bookmarks)" if message.on else "bookmark taken away")
        for screen in self.screen_stack:
            if isinstance(screen, BookmarksScreen):
                screen.reload()

    def on_store_changed(self, message: StoreChanged) -> None:
        """Another TUI's bookmark shows here too (CrisisApp's own handler runs as well)."""
        from crisiswatch.ui.screens.bookmarks import BookmarksScreen

        for screen in self.screen_stack:
            if isinstance(screen, BookmarksScreen):
                screen.reload()

    def action_bookmarks(self) -> None:
        from crisiswatch.ui.screens.bookmarks import BookmarksScreen

        if not isinstance(self.screen, BookmarksScreen):
            self.push_screen(BookmarksScreen(self._app().now))
