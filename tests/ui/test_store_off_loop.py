"""The UI is handed its store and reads it only in worker threads; a failing read shows as an
error in the pane that wanted it, and the app keeps running."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest
from uistore import WATCH
from waiting import screen_text, settled, until

from crisiswatch.config import Config, FeedConfig, Settings
from crisiswatch.ui.screens.bookmarks import BookmarksScreen
from crisiswatch.ui.screens.counter import CounterScreen
from crisiswatch.ui.screens.health import HealthScreen
from crisiswatch.ui.screens.item import ItemScreen
from crisiswatch.ui.screens.party import PartyScreen
from feedserver import FeedServer, Route, entries, rss

pytestmark = pytest.mark.slow

SIZE = (160, 48)


def traced(app, calls: list[tuple[int, str]]) -> None:  # type: ignore[no-untyped-def]
    """Every statement either connection runs, with the thread that ran it."""
    for conn in (app.store.reader.conn, app.store.writer.conn):
        conn.set_trace_callback(lambda sql: calls.append((threading.get_ident(), sql)))


async def test_no_sqlite_call_runs_on_the_ui_loop(db_path: Path, app_factory) -> None:
    with FeedServer() as server:
        server.routes["/wire"] = Route(rss(entries("wire", 3)))
        config = Config(
            path=Path("<threads>"),
            settings=Settings(interval=600.0, host_spacing=0.0, jitter=0.0),
            feeds=(FeedConfig(name="Wire", url=server.url("/wire")),),
            watches=(WATCH,),
        )
        app = app_factory(db_path, config, poll=True, follower_note=None)
        calls: list[tuple[int, str]] = []
        traced(app, calls)
        async with app.run_test(size=SIZE, notifications=True) as pilot:
            # Pilot runs the app on this test's own loop: this thread is the UI's.
            ui_thread = threading.get_ident()
            await until(pilot, lambda: any(o.ok for o in app.outcomes), timeout=15)
            await settled(pilot)
            await pilot.press("G", "g")  # the oldest rows: pages read for the stream
            await settled(pilot)
            await pilot.press("enter")
            await until(
                pilot, lambda: isinstance(app.screen, ItemScreen) and bool(app.screen.views)
            )
            await pilot.press("b", "N", "escape")
            await pilot.press("B")
            await until(
                pilot, lambda: isinstance(app.screen, BookmarksScreen) and bool(app.screen.items)
            )
            await pilot.press("escape", "n")
            await pilot.press("f")
            await until(
                pilot, lambda: isinstance(app.screen, HealthScreen) and bool(app.screen.health)
            )
            await pilot.press("escape", "tab", "tab", "enter")
            await until(
                pilot, lambda: isinstance(app.screen, PartyScreen) and bool(app.screen.history)
            )
            await pilot.press("escape", "shift+tab", "shift+tab", "tab", "l", "enter")
            await until(pilot, lambda: isinstance(app.screen, CounterScreen))
            decisions = app.snapshots_applied
            await pilot.press("v")
            await until(
                pilot, lambda: app.snapshot is not None and len(app.snapshot.decisions.log) == 1
            )
            assert app.snapshots_applied > decisions
            await pilot.press("escape", "r")
            await until(pilot, lambda: len(app.outcomes) >= 2, timeout=15)
            await settled(pilot)
        assert calls
        on_loop = [sql for thread, sql in calls if thread == ui_thread]
        assert on_loop == []
        # The poller's start-up write (every feed's health row) ran, in a thread.
        assert any(sql.startswith("INSERT INTO feeds") for _, sql in calls)
        assert any("INSERT INTO decisions" in sql for _, sql in calls)


async def test_a_store_that_fails_after_start_shows_its_error_in_the_pane(
    db_path: Path, app_factory
) -> None:
    app = app_factory(db_path)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await settled(pilot)
        # The panes' connection goes away under them: every read now fails in SQLite. Closed
        # under the store's lock, as the app closes it: a bare `conn.close()` while a worker
        # thread's read runs on it crashed the interpreter (CPython's sqlite3 frees the
        # connection under the running statement).
        app.store.reader.close()
        await pilot.press("enter")
        await until(pilot, lambda: isinstance(app.screen, ItemScreen))
        await until(pilot, lambda: "cannot read the story" in screen_text(app))
        assert "no sources stored" not in screen_text(app)
        await pilot.press("escape", "B")
        await until(pilot, lambda: "Bookmarks · cannot read the bookmarks" in screen_text(app))
        await pilot.press("escape", "f")
        await until(pilot, lambda: "Feed health · cannot read the store" in screen_text(app))
        await pilot.press("escape")
        assert app.screen is app.main and app.is_running
        # The headlines read before still show: the error is a toast, not an empty pane.
        assert app.main.headlines.total > 0 and app.main.headlines.current is not None


async def test_a_store_that_cannot_be_read_says_so_in_the_headlines(
    db_path: Path, app_factory
) -> None:
    app = app_factory(db_path)
    app.store.reader.close()
    async with app.run_test(size=(100, 30), notifications=True) as pilot:
        await until(pilot, lambda: "cannot read the store" in screen_text(app))
        text = screen_text(app)
        assert "reading the store…" not in text
        assert "no headlines yet" not in text
        # The alert log is read from the same store: its failure is a warning, said once.
        await until(pilot, lambda: app.alerts.unread_error is not None)
        warnings = [n.message for n in app._notifications if n.message.startswith("alerts: ")]
        assert len(warnings) == 1
        await pilot.press("f")
        await until(pilot, lambda: isinstance(app.screen, HealthScreen))
        await pilot.press("escape")
        assert app.screen is app.main and app.is_running
        app.alerts.store_changed("poll")  # another commit: read again, fail again, say nothing
        await app.workers.wait_for_complete()
        await pilot.pause()
        again = [n.message for n in app._notifications if n.message.startswith("alerts: ")]
        assert again == warnings
