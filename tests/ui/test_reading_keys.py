"""newsboat's reading keys, one Pilot test each: N, A, n, q and Q, b and B, Space, j / k, and
`/` searching story text. Every mark is checked in the store, where other TUIs read it."""

from __future__ import annotations

from pathlib import Path

import pytest
from uistore import make_config
from waiting import screen_text, settled, until

from crisiswatch.store import Store
from crisiswatch.store.marks import bookmarked, set_bookmark
from crisiswatch.store.reads import StoryFilter, stories_page, story
from crisiswatch.ui.app import CrisisApp
from crisiswatch.ui.screens.bookmarks import BookmarksScreen
from crisiswatch.ui.screens.counter import CounterScreen
from crisiswatch.ui.screens.health import HealthScreen
from crisiswatch.ui.screens.help import HelpScreen
from crisiswatch.ui.screens.item import ItemScreen

pytestmark = pytest.mark.slow

SIZE = (80, 24)


def stored_read(db: Path, story_id: int) -> bool:
    with Store(db) as other:
        item = story(other, story_id)
    assert item is not None
    return item.read


def row_id(app: CrisisApp, row: int) -> int:
    item = app.main.headlines.row(row)
    assert item is not None
    return item.id


async def test_N_marks_the_headline_read_then_unread(db_path: Path, app_factory) -> None:
    app = app_factory(db_path)
    async with app.run_test(size=SIZE) as pilot:
        await settled(pilot)
        await pilot.press("j")
        sid = row_id(app, 1)
        await pilot.press("N")
        await until(pilot, lambda: app.main.headlines.row(1).read)  # type: ignore[union-attr]
        assert stored_read(db_path, sid)
        await pilot.press("N")
        await until(pilot, lambda: not app.main.headlines.row(1).read)  # type: ignore[union-attr]
        assert not stored_read(db_path, sid)


async def test_N_on_a_story_marks_it_unread_again(db_path: Path, app_factory) -> None:
    app = app_factory(db_path)
    async with app.run_test(size=SIZE) as pilot:
        await settled(pilot)
        await pilot.press("j", "enter")
        await until(pilot, lambda: isinstance(app.screen, ItemScreen))
        sid = row_id(app, 1)
        await until(pilot, lambda: stored_read(db_path, sid))
        await pilot.press("N")
        await until(pilot, lambda: not stored_read(db_path, sid))
        assert isinstance(app.screen, ItemScreen), "the story stays open"


async def test_A_marks_read_only_what_the_search_shows(db_path: Path, app_factory) -> None:
    app = app_factory(db_path)
    async with app.run_test(size=SIZE) as pilot:
        await settled(pilot)
        await pilot.press("slash", *"killed", "enter")
        await until(pilot, lambda: app.main.headlines.total == 2)
        await pilot.press("A")
        await until(
            pilot,
            lambda: all(app.main.headlines.row(i).read for i in range(2)),  # type: ignore[union-attr]
        )
        with Store(db_path) as other:
            rows = stories_page(other, StoryFilter(), 0, 100)
        assert {r.title for r in rows if r.read} == {
            "Two killed in Bishkek unrest, ministry says",
            "One killed and hundreds hurt in Bishkek clashes",
        }


async def test_n_goes_to_the_next_unread_headline_and_round(db_path: Path, app_factory) -> None:
    with Store(db_path) as store:
        rows = stories_page(store, StoryFilter(), 0, 100)
        for row in (1, 2, 4):
            store.set_read(rows[row].id)
    app = app_factory(db_path)
    async with app.run_test(size=SIZE) as pilot:
        await settled(pilot)
        lst = app.main.headlines
        await pilot.press("n")
        await until(pilot, lambda: lst.cursor == 3)
        await pilot.press("n")
        await until(pilot, lambda: lst.cursor == 5)
        await pilot.press("G", "n")
        await until(pilot, lambda: lst.cursor == 0)


async def test_n_on_a_story_opens_the_next_unread_one(db_path: Path, app_factory) -> None:
    with Store(db_path) as store:
        rows = stories_page(store, StoryFilter(), 0, 100)
        store.set_read(rows[1].id)
    app = app_factory(db_path)
    async with app.run_test(size=SIZE) as pilot:
        await settled(pilot)
        await pilot.press("enter")
        await until(pilot, lambda: isinstance(app.screen, ItemScreen))
        await pilot.press("n")
        await until(
            pilot,
            lambda: isinstance(app.screen, ItemScreen) and app.screen.item.id == rows[2].id,
        )
        assert app.main.headlines.cursor == 2
        assert len(app.screen_stack) == 3, "the story replaced the one before, not stacked on it"


async def test_q_closes_the_screen_on_top_and_quits_from_the_main_one(
    db_path: Path, app_factory
) -> None:
    app = app_factory(db_path)
    async with app.run_test(size=SIZE) as pilot:
        await settled(pilot)
        await pilot.press("f")
        await until(pilot, lambda: isinstance(app.screen, HealthScreen))
        await pilot.press("q")
        assert app.screen is app.main
        await pilot.press("enter")
        await until(pilot, lambda: isinstance(app.screen, ItemScreen))
        await pilot.press("question_mark")
        assert isinstance(app.screen, HelpScreen)
        await pilot.press("q")
        assert isinstance(app.screen, ItemScreen)
        await pilot.press("q")
        assert app.screen is app.main
        assert app.is_running
        await pilot.press("q")
        await pilot.pause()
    assert app.return_value == 0


async def test_Q_quits_from_any_screen(db_path: Path, app_factory) -> None:
    app = app_factory(db_path)
    async with app.run_test(size=SIZE) as pilot:
        await settled(pilot)
        await pilot.press("enter")
        await until(pilot, lambda: isinstance(app.screen, ItemScreen))
        await pilot.press("question_mark")
        await pilot.press("Q")
        await pilot.pause()
    assert app.return_value == 0


async def test_b_bookmarks_and_B_lists_the_bookmarks(db_path: Path, app_factory) -> None:
    app = app_factory(db_path)
    async with app.run_test(size=SIZE) as pilot:
        await settled(pilot)
        await pilot.press("j", "j", "b")
        second = row_id(app, 2)
        await pilot.press("j", "enter")
        await until(pilot, lambda: isinstance(app.screen, ItemScreen))
        await pilot.press("b", "escape")
        third = row_id(app, 3)

        def stored() -> list[int]:
            with Store(db_path) as other:
                return [s.id for s in bookmarked(other)]

        await until(pilot, lambda: stored() == [third, second])
        await pilot.press("B")
        screen = app.screen
        assert isinstance(screen, BookmarksScreen)
        await until(pilot, lambda: [s.id for s in screen.items] == [third, second])
        assert "Bookmarks · 2" in screen_text(app)
        # b takes the one under the cursor away; Enter opens a story.
        await pilot.press("b")
        await until(pilot, lambda: [s.id for s in screen.items] == [second])
        assert stored() == [second]
        await pilot.press("enter")
        await until(pilot, lambda: isinstance(app.screen, ItemScreen))
        assert app.screen.item.id == second  # type: ignore[attr-defined]
        await pilot.press("q")
        assert app.screen is screen


async def test_slash_searches_the_story_text(db_path: Path, app_factory) -> None:
    app = app_factory(db_path)
    async with app.run_test(size=SIZE) as pilot:
        await settled(pilot)
        await pilot.press("slash", *"injured")
        await until(pilot, lambda: app.main.headlines.total == 2)
        lst = app.main.headlines
        assert [lst.row(i).title for i in range(2)] == [  # type: ignore[union-attr]
            "Two killed in Bishkek unrest, ministry says",
            "One killed and hundreds hurt in Bishkek clashes",
        ]


async def test_j_k_and_space_scroll_the_help_without_dropping_presses(
    db_path: Path, app_factory
) -> None:
    app = app_factory(db_path)
    async with app.run_test(size=SIZE) as pilot:
        await settled(pilot)
        await pilot.press("question_mark")
        body = app.screen.query_one("#help-body")
        await pilot.press(*"jjjjjjj")
        assert body.scroll_y == 7
        await pilot.press("k", "k")
        assert body.scroll_y == 5
        await pilot.press("space")
        assert body.scroll_y == 5 + body.size.height - 1


async def test_j_k_and_space_on_a_story(db_path: Path, app_factory) -> None:
    app = app_factory(db_path)
    async with app.run_test(size=(80, 12)) as pilot:
        await settled(pilot)
        await pilot.press("j", "j", "enter")
        await until(pilot, lambda: isinstance(app.screen, ItemScreen) and bool(app.screen.views))
        await pilot.pause()
        body = app.screen.query_one("#item-body")
        assert body.max_scroll_y > 6
        await pilot.press("j", "j", "j")
        assert body.scroll_y == 3
        await pilot.press("k")
        assert body.scroll_y == 2
        await pilot.press("space")
        assert body.scroll_y == min(body.max_scroll_y, 2 + body.size.height - 1)


async def test_j_k_on_feed_health_and_space_on_a_counter(db_path: Path, app_factory) -> None:
    app = app_factory(db_path)
    async with app.run_test(size=(160, 48)) as pilot:
        await settled(pilot)
        await pilot.press("f")
        await until(pilot, lambda: isinstance(app.screen, HealthScreen) and bool(app.screen.health))
        table = app.screen.query_one("#health-table")
        await pilot.press("j", "j")
        assert table.cursor_row == 2  # type: ignore[attr-defined]
        await pilot.press("k")
        assert table.cursor_row == 1  # type: ignore[attr-defined]
        await pilot.press("q", "tab", "l", "enter")
        await until(pilot, lambda: isinstance(app.screen, CounterScreen))
        reports = app.screen.query_one("#counter-reports")
        reports.focus()
        before = reports.highlighted  # type: ignore[attr-defined]
        await pilot.press("space")
        assert reports.highlighted != before  # type: ignore[attr-defined]


async def test_bookmarks_refused_on_a_read_only_store(db_path: Path, app_factory) -> None:
    app = app_factory(db_path, make_config(), readonly=True)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await settled(pilot)
        await pilot.press("b")
        await until(pilot, lambda: "read-only for this account" in screen_text(app))
        with Store(db_path) as other:
            assert bookmarked(other) == []


async def test_another_tuis_bookmark_shows_in_the_open_list(db_path: Path, app_factory) -> None:
    app = app_factory(db_path)
    async with app.run_test(size=SIZE) as pilot:
        await settled(pilot)
        await pilot.press("B")
        screen = app.screen
        assert isinstance(screen, BookmarksScreen)
        await pilot.pause(0.2)
        assert screen.items == []
        with Store(db_path) as other:
            sid = stories_page(other, StoryFilter(), 0, 1)[0].id
            set_bookmark(other, sid, True, "bob")
        await until(pilot, lambda: [s.id for s in screen.items] == [sid])
