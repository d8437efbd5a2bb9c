"""CrisisApp: pollers as an async worker, store reads in thread workers, snapshots to the panes.

The app is handed its store (a `StoreReader`, opened by the launcher). Every call into it runs
in a thread worker; panes and screens never touch it: they post what they want (`Wanted`) and
get plain data back, or the store's one-line error to show.
"""

from __future__ import annotations

import asyncio
import os
from collections.abc import Callable
from datetime import UTC, datetime
from typing import TYPE_CHECKING, ClassVar, TypeVar

from textual import work
from textual.binding import Binding, BindingType
from textual.message import Message
from textual.message_pump import MessagePump
from textual.timer import Timer
from textual.worker import get_current_worker

from crisiswatch.config import Config, Watch
from crisiswatch.errors import ExitCode
from crisiswatch.feedtags import all_tags, feeds_tagged, tags_by_feed
from crisiswatch.models import FigureReport
from crisiswatch.plaintext import strip_unsafe
from crisiswatch.pollers.poller import Poller, PollOutcome
from crisiswatch.store import StoreError
from crisiswatch.store.decisions import current_user
from crisiswatch.store.reads import StoryFilter
from crisiswatch.tally.decisions import EMPTY, Decision, Standing
from crisiswatch.ui.alerts import AlertDesk
from crisiswatch.ui.layout import WIDE
from crisiswatch.ui.messages import (
    PageLoaded,
    PageWanted,
    PollFinished,
    ReadMarked,
    SnapshotFailed,
    SnapshotLoaded,
    StoreChanged,
)
from crisiswatch.ui.panes.counters import CounterOpened
from crisiswatch.ui.panes.headlines import CHUNK, HeadlineList, HeadlineOpened
from crisiswatch.ui.panes.results import PartyOpened
from crisiswatch.ui.panes.status import StatusState
from crisiswatch.ui.reader import StoreReader
from crisiswatch.ui.reading import ReadingKeys
from crisiswatch.ui.screens.bookmarks import BookmarksLoaded, BookmarksWanted
from crisiswatch.ui.screens.counter import CounterScreen
from crisiswatch.ui.screens.decide import Desk
from crisiswatch.ui.screens.health import HealthScreen
from crisiswatch.ui.screens.help import HelpScreen
from crisiswatch.ui.screens.item import ItemLoaded, ItemScreen, ItemWanted
from crisiswatch.ui.screens.main import FilterEdited, MainScreen
from crisiswatch.ui.screens.party import HistoryLoaded, HistoryWanted, PartyScreen
from crisiswatch.ui.snapshot import Snapshot, StreamView

if TYPE_CHECKING:
    from crisiswatch.demo.replay import DemoReplay

STORE_WATCH_INTERVAL = 0.25
"""Seconds between `PRAGMA data_version` checks: how a follower notices another writer."""

TAKEOVER_INTERVAL = 5.0
"""Seconds between a follower's tries to take the poller lock over."""
AGE_TICK = 30.0
"""Seconds between redraws that only move relative ages along."""

T = TypeVar("T")


def utc_now() -> datetime:
    return datetime.now(UTC)


class CrisisApp(ReadingKeys):
    """Headlines, casualty counters and results, live from the store."""

    CSS_PATH = "crisiswatch.tcss"
    TITLE = "crisiswatch"
    # Textual declares this as an instance-typed list, so a ClassVar annotation would not type-check.
    HORIZONTAL_BREAKPOINTS = [  # noqa: RUF012
        (0, "-narrow"),
        (WIDE, "-wide"),
    ]
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("q", "close_or_quit", "Quit", id="quit"),
        Binding("Q", "quit", "Quit", show=False, id="quit_now"),
        Binding("B", "bookmarks", "Bookmarks", show=False, id="bookmarks"),
        Binding("question_mark", "help", "Help", id="help"),
        Binding("r", "poll_now", "Poll now", id="poll_now"),
        Binding("w", "next_watch", "Next watch", id="next_watch"),
        Binding("u", "toggle_read", "Read items", id="show_read"),
        Binding("f", "feed_health", "Feeds", id="feed_health"),
        Binding("t", "next_tag", "Tag", show=False, id="next_tag"),
        Binding("e", "export_report", "Report", show=False, id="export_report"),
    ]

    def __init__(
        self,
        config: Config,
        store: StoreReader,
        *,
        poll: bool,
        follower_note: str | None = None,
        now: Callable[[], datetime] | None = None,
        wall: Callable[[], datetime] | None = None,
        demo: DemoReplay | None = None,
        store_watch_interval: float = STORE_WATCH_INTERVAL,
        takeover: Callable[[], bool] | None = None,
        takeover_interval: float = TAKEOVER_INTERVAL,
    ) -> None:
        # NO_COLOR: Textual alone would turn colours into greys, which are colours still. With
        # native ANSI colour on, its NoColor filter sends the terminal's defaults instead, and
        # the `:nocolor` rules in the stylesheet mark the cursor by reverse video.
        super().__init__(ansi_color=True if os.environ.get("NO_COLOR") is not None else None)
        self.config = config
        self.poll = poll
        self.follower_note = follower_note
        # `now` dates the news (ages, "changed 4 min ago"); `wall` dates the pollers (next poll,
        # last attempt). They differ in the demo, whose news runs on the replay's story clock.
        if now is None:
            now = demo.story_now if demo is not None else utc_now
        self.now = now
        self.wall = wall or (utc_now if demo is not None else now)
        self.demo = demo
        self.store_watch_interval = store_watch_interval
        self.takeover = takeover
        self.takeover_interval = takeover_interval
        self._takeover_timer: Timer | None = None
        self.store = store
        """Called only from worker threads (SQLite waits up to its busy timeout)."""
        self.readonly = store.readonly
        self.watch_index = 0
        self.include_read = True
        self.filter_text = ""
        self.tag: str | None = None
        """The tag whose feeds the stream shows (`t`); None: every feed."""
        self.snapshot: Snapshot | None = None
        self.snapshots_applied = 0
        self.outcomes: list[PollOutcome] = []
        self.poller: Poller | None = None
        self._stop: asyncio.Event | None = None
        self._closed = False
        # Decisions are the analyst's: the OS account's name and this app's clock.
        self.desk = Desk(current_user(), self.now, self._write_decision, self._standing)
        self.alerts = AlertDesk(self)

    # --- state ---------------------------------------------------------------------------------

    @property
    def mode(self) -> str:
        if self.demo is not None:
            return "demo"
        if self.poll:
            return "polling"
        return "following"

    @property
    def current_watch(self) -> Watch | None:
        watches = self.config.watches
        return watches[self.watch_index % len(watches)] if watches else None

    @property
    def main(self) -> MainScreen:
        screen = self.get_screen("main")
        assert isinstance(screen, MainScreen)
        return screen

    @property
    def showing(self) -> bool:
        """False while the app closes: its screens and panes are taken down before the last
        messages from pollers and readers have been handled."""
        if self._exit or not self.is_screen_installed("main"):
            return False
        return bool(self.main.query(HeadlineList))

    def story_filter(self) -> StoryFilter:
        feeds = feeds_tagged(self.config.feeds, self.tag) if self.tag is not None else None
        return StoryFilter(text=self.filter_text, include_read=self.include_read, feeds=feeds)

    # --- life cycle ----------------------------------------------------------------------------

    async def on_mount(self) -> None:
        # feeds.toml's [keys] and [ui] theme, checked when it was read (keymap.py, themes.py).
        self.set_keymap({action: ",".join(keys) for action, keys in self.config.keys})
        if self.config.theme is not None:
            self.theme = self.config.theme
        self.install_screen(MainScreen(self.now), name="main")
        await self.push_screen("main")
        self.main.headlines.set_filter(self.story_filter())
        self.main.headlines.select_watch(self.current_watch.name if self.current_watch else None)
        self._stop = asyncio.Event()
        self.update_status()
        self.request_snapshot()
        self._watch_store()
        self.alerts.start()
        if self.poll:
            self._run_pollers()
        elif self.takeover is not None:
            self._takeover_timer = self.set_interval(self.takeover_interval, self._try_takeover)
        self.set_interval(AGE_TICK, self._tick)
        if self.demo is not None:
            self.set_interval(1.0, self.update_status)

    def close_stores(self) -> None:
        """After the app has stopped: let the poller go, then close the store it was handed."""
        if self._closed:
            return
        self._closed = True
        if self._stop is not None:
            self._stop.set()
        self.store.close()

    async def action_quit(self) -> None:
        if self._stop is not None:
            self._stop.set()
        await self.alerts.aclose()
        self.exit(ExitCode.OK)

    # --- workers -------------------------------------------------------------------------------

    @work(group="poller", exclusive=True, exit_on_error=False)
    async def _run_pollers(self) -> None:
        """The real pollers on this loop: network waits here, parsing and writes in threads."""
        assert self._stop is not None
        poller = Poller(
            self.config, self.store.writer, on_outcome=self._poll_outcome, alerts=self.alerts.runner
        )
        self.poller = poller
        try:
            await poller.run(self._stop)
        finally:
            await poller.aclose()

    def _try_takeover(self) -> None:
        """A follower whose poller stopped (a restart, a crash, its TUI closed) polls itself:
        the store must not go stale while people still watch it."""
        if self.poll or self.takeover is None or not self.takeover():
            return
        if self._takeover_timer is not None:
            self._takeover_timer.stop()
        self.poll = True
        self.follower_note = None
        self._run_pollers()
        self.notify("the other poller stopped: this crisiswatch polls now")
        self.update_status()

    def _poll_outcome(self, outcome: PollOutcome) -> None:
        self.post_message(PollFinished(outcome))

    @work(group="store-watch", exclusive=True, exit_on_error=False)
    async def _watch_store(self) -> None:
        """Another connection's commit bumps data_version: then (and only then) read again."""
        last: int | None = None
        while True:
            try:
                version = await asyncio.to_thread(self.store.data_version)
            except StoreError as exc:
                self.notify(
                    strip_unsafe(f"{exc}: other writers' changes no longer show"),
                    severity="error",
                    markup=False,
                )
                return
            if last is not None and version != last:
                self.post_message(StoreChanged("data_version"))
            last = version
            await asyncio.sleep(self.store_watch_interval)

    def request_snapshot(self) -> None:
        if self._closed:
            return
        if not self.showing:
            return
        self._read_snapshot(self.main.headlines.view(), self.current_watch)

    @work(thread=True, group="snapshot", exclusive=True, exit_on_error=False)
    def _read_snapshot(self, view: StreamView, watch: Watch | None) -> None:
        try:
            snap = self.store.snapshot(view, watch)
        except StoreError as exc:
            self.post_message(SnapshotFailed(str(exc)))
            return
        if not get_current_worker().is_cancelled:
            self.post_message(SnapshotLoaded(snap))

    def _answer(
        self,
        target: MessagePump,
        group: str,
        read: Callable[[], T],
        loaded: Callable[[T], Message],
        failed: Callable[[str], Message],
        *,
        exclusive: bool = False,
    ) -> None:
        """Run `read` in a thread worker and post what it read (or the store's error) to the
        pane or screen that asked."""

        def job() -> None:
            try:
                answer = loaded(read())
            except StoreError as exc:
                answer = failed(str(exc))
            if not get_current_worker().is_cancelled:
                target.post_message(answer)

        self.run_worker(job, thread=True, group=group, exclusive=exclusive, exit_on_error=False)

    def on_page_wanted(self, message: PageWanted) -> None:
        m = message
        self._answer(
            m.target,
            "headline-pages",
            lambda: self.store.stories_page(m.filter, m.page * CHUNK, CHUNK),
            lambda items: PageLoaded(m.generation, m.page, items),
            lambda error: PageLoaded(m.generation, m.page, [], error),
        )

    def on_item_wanted(self, message: ItemWanted) -> None:
        story_id = message.story_id
        self._answer(
            message.target,
            "item",
            lambda: self.store.story_views(story_id),
            ItemLoaded,
            lambda error: ItemLoaded([], error),
        )

    def on_history_wanted(self, message: HistoryWanted) -> None:
        m = message
        self._answer(
            m.target,
            "party",
            lambda: self.store.party_history(m.party, m.watch, m.table, m.election),
            HistoryLoaded,
            lambda error: HistoryLoaded([], error),
        )

    def on_bookmarks_wanted(self, message: BookmarksWanted) -> None:
        self._answer(
            message.target,
            "bookmarks",
            self.store.bookmarked,
            BookmarksLoaded,
            lambda error: BookmarksLoaded([], error),
            exclusive=True,
        )

    @work(thread=True, group="writes", exit_on_error=False)
    def _mark_read(self, story_id: int, read: bool) -> None:
        if self.readonly:
            self.call_from_thread(
                self.notify,
                "read marks are not kept: the store is read-only for this account",
                severity="warning",
            )
            return
        try:
            self.store.set_read(story_id, read)
        except StoreError as exc:
            self.call_from_thread(
                self.notify, strip_unsafe(str(exc)), severity="warning", markup=False
            )
            return
        self.post_message(ReadMarked(story_id, read))

    def _standing(self) -> Standing:
        return self.snapshot.decisions if self.snapshot is not None else EMPTY

    @work(thread=True, group="writes", exit_on_error=False)
    def _write_decision(self, decision: Decision) -> None:
        """Committed on this TUI's own connection at once: no poller stands in between, and
        every other TUI sees it at its next data_version check."""
        if self.readonly:
            self.call_from_thread(
                self.notify,
                "decisions are not kept: the store is read-only for this account",
                severity="warning",
            )
            return
        try:
            self.store.record(decision)
        except StoreError as exc:
            self.call_from_thread(
                self.notify, strip_unsafe(str(exc)), severity="error", markup=False
            )
            return
        self.post_message(StoreChanged("decision"))

    def action_export_report(self) -> None:
        watch = self.current_watch
        if watch is None:
            self.notify("no watch to report on: add a [[watch]] to feeds.toml", severity="warning")
            return
        self._write_report(watch)

    @work(thread=True, group="report", exclusive=True, exit_on_error=False)
    def _write_report(self, watch: Watch) -> None:
        """The situation report (exports/report_file.py), read and written off the UI loop."""
        try:
            path = self.store.write_report(watch, self.wall())
        except StoreError as exc:
            self.call_from_thread(
                self.notify, strip_unsafe(str(exc)), severity="error", markup=False
            )
            return
        except OSError as exc:
            self.call_from_thread(
                self.notify,
                strip_unsafe(f"cannot write the situation report: {exc}"),
                severity="error",
                markup=False,
            )
            return
        self.call_from_thread(
            self.notify, strip_unsafe(f"situation report written to {path}"), markup=False
        )

    @work(thread=True, group="open-report", exclusive=True, exit_on_error=False)
    def _open_report(self, report: FigureReport) -> None:
        if report.item_id < 0:
            self.call_from_thread(
                self.notify, f"added by hand by {report.source}: no story behind it", markup=False
            )
            return
        try:
            item = self.store.story_of_item(report.item_id)
        except StoreError as exc:
            self.call_from_thread(
                self.notify, strip_unsafe(str(exc)), severity="error", markup=False
            )
            return
        if item is None:
            self.call_from_thread(self.notify, "that story is no longer stored", severity="warning")
            return
        self.call_from_thread(self.post_message, HeadlineOpened(item))

    # --- messages ------------------------------------------------------------------------------

    def on_poll_finished(self, message: PollFinished) -> None:
        self.outcomes.append(message.outcome)
        del self.outcomes[:-200]
        if message.outcome.new_items:
            self.post_message(StoreChanged(f"{message.outcome.feed}: new items"))
        self.update_status()

    def on_store_changed(self, message: StoreChanged) -> None:
        self.request_snapshot()
        self.alerts.store_changed(message.reason)

    def on_snapshot_loaded(self, message: SnapshotLoaded) -> None:
        if not self.showing:
            return
        snap = message.snapshot
        watch = self.current_watch
        if snap.watch != (watch.name if watch else None):
            return
        try:
            main = self.main
        except KeyError:  # a read that lands while the app closes: its screens are gone
            return
        self.snapshot = snap
        main.headlines.apply_snapshot(snap)
        main.counters.show(snap.counters, snap.watch)
        main.results.show(
            snap.results, snap.watch, watch is not None and watch.election is not None
        )
        main.headlines.border_title = f"Headlines ({snap.total:,})"
        self.update_status()
        self.snapshots_applied += 1
        for screen in self.screen_stack:
            if isinstance(screen, HealthScreen):
                screen.show_health(snap.health)
        # Decisions (this TUI's or another's) show on every open counter and story screen.
        for screen in self.screen_stack:
            if isinstance(screen, CounterScreen) and screen.watch_name == snap.watch:
                screen.show(snap.counters.get(screen.kind))
            elif isinstance(screen, ItemScreen):
                screen.show_decisions()

    def on_snapshot_failed(self, message: SnapshotFailed) -> None:
        """The panes keep what they showed; the error is said in a toast and where the
        headlines or the feed health would have been."""
        self.notify(strip_unsafe(message.error), severity="error", markup=False)
        if not self.showing:
            return
        if not self.main.headlines.known:
            self.main.headlines.show_error(strip_unsafe(message.error))
        for screen in self.screen_stack:
            if isinstance(screen, HealthScreen):
                screen.show_error(strip_unsafe(message.error))

    def on_read_marked(self, message: ReadMarked) -> None:
        self.main.headlines.mark_read(message.story_id, message.read)

    def on_filter_edited(self, message: FilterEdited) -> None:
        self.filter_text = message.text
        self._refilter()

    def on_headline_opened(self, message: HeadlineOpened) -> None:
        watch = self.current_watch
        self.push_screen(
            ItemScreen(
                message.item,
                self.now,
                desk=self.desk,
                watch=watch.name if watch else None,
            )
        )
        if not message.item.read:
            self._mark_read(message.item.id, True)

    def on_counter_opened(self, message: CounterOpened) -> None:
        watch = self.current_watch
        self.push_screen(
            CounterScreen(
                message.kind,
                message.counter,
                watch.name if watch else None,
                self.now,
                desk=self.desk,
                open_report=self._open_report,
            )
        )

    def on_party_opened(self, message: PartyOpened) -> None:
        watch = self.current_watch
        self.push_screen(
            PartyScreen(
                message.party,
                watch.name if watch else None,
                table=message.table,
                election=watch.election if watch else None,
            )
        )

    # --- actions -------------------------------------------------------------------------------

    def action_help(self) -> None:
        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen(self.config.keys))

    def action_feed_health(self) -> None:
        if not isinstance(self.screen, HealthScreen):
            health = self.snapshot.health if self.snapshot is not None else None
            self.push_screen(
                HealthScreen(self.wall, health=health, tags=tags_by_feed(self.config.feeds))
            )
            self.request_snapshot()  # the table follows snapshots: the next one is fresh

    def action_poll_now(self) -> None:
        if self.poller is not None:
            self.poller.poll_now()
            self.notify(f"polling {len(self.poller.feeds)} feeds now")
        elif self.poll:
            self.notify("the pollers are still starting")
        else:
            # The note quotes the lock file, which any local process could have written.
            self.notify(
                strip_unsafe(
                    f"{self.follower_note or 'another process polls'}: reading the store again"
                ),
                markup=False,
            )
        self.request_snapshot()

    def action_next_watch(self) -> None:
        watches = self.config.watches
        if len(watches) < 2:
            self.notify("only one watch configured" if watches else "no watch configured")
            return
        self.watch_index = (self.watch_index + 1) % len(watches)
        watch = self.current_watch
        assert watch is not None
        self.main.headlines.select_watch(watch.name)
        self.notify(strip_unsafe(f"watch: {watch.name}"), markup=False)
        self.update_status()
        self.request_snapshot()

    def action_toggle_read(self) -> None:
        self.include_read = not self.include_read
        self.notify("showing read headlines" if self.include_read else "hiding read headlines")
        self._refilter()

    def action_next_tag(self) -> None:
        """Cycle the stream through the config's tags, then back to every feed."""
        tags = all_tags(self.config.feeds)
        if not tags:
            self.notify("no feed has tags (add `tags = [...]` to a [[feed]] in feeds.toml)")
            return
        at = tags.index(self.tag) + 1 if self.tag in tags else 0
        self.tag = tags[at] if at < len(tags) else None
        if self.tag is None:
            self.notify("tag: every feed")
        else:
            count = len(feeds_tagged(self.config.feeds, self.tag))
            self.notify(strip_unsafe(f"tag: {self.tag} ({count} feeds)"), markup=False)
        self._refilter()

    def _refilter(self) -> None:
        self.main.headlines.set_filter(self.story_filter())
        self.update_status()
        self.request_snapshot()

    def _tick(self) -> None:
        if not self.showing:
            return
        self.main.headlines.refresh()
        if self.snapshot is not None:
            self.main.counters.show(self.snapshot.counters, self.snapshot.watch)
        self.update_status()

    def update_status(self) -> None:
        last = None
        if self.outcomes:
            o = self.outcomes[-1]
            last = f"{o.feed}: {o.new_items} new" if o.ok else f"{o.feed}: {o.error or 'failed'}"
        state = StatusState(
            mode=self.mode,
            note=self.follower_note,
            health=self.snapshot.health if self.snapshot else (),
            watch=self.current_watch.name if self.current_watch else None,
            filter_text=self.filter_text,
            include_read=self.include_read,
            tag=self.tag,
            demo_progress=self.demo.progress() if self.demo is not None else None,
            last_poll=last,
            articles_waiting=self.snapshot.articles_waiting if self.snapshot else 0,
        )
        if self.showing:
            self.main.status.show(state, self.wall())
