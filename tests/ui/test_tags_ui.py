"""Feed tags in the TUI: `t` narrows the stream to one tag's feeds, the status bar and `?`
say so, and feed health lists each feed's tags."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from uistore import make_config
from waiting import screen_text, settled, until

from crisiswatch.config import FeedConfig
from crisiswatch.ui.app import CrisisApp
from crisiswatch.ui.screens.health import HealthScreen
from crisiswatch.ui.screens.help import HelpScreen

pytestmark = pytest.mark.slow

TAGGED = (
    FeedConfig(name="BBC Asia", url="http://127.0.0.1:9/bbc", tags=("broadcaster", "intl")),
    FeedConfig(name="AKIpress", url="http://127.0.0.1:9/aki", tags=("local",)),
    FeedConfig(name="24.kg", url="http://127.0.0.1:9/24kg", tags=("local", "[bold]x[/]")),
)


def titles(app: CrisisApp) -> set[str]:
    lst = app.main.headlines
    return {item.title for i in range(lst.total) if (item := lst.row(i)) is not None}


def titles_from(db: Path, *feeds: str) -> set[str]:
    """The store's own answer, read apart from the app: stories with an item from `feeds`."""
    with sqlite3.connect(db) as c:
        marks = ",".join("?" * len(feeds))
        rows = c.execute(
            "SELECT DISTINCT s.title FROM stories s JOIN items i ON i.story_id = s.id "
            f"WHERE i.feed IN ({marks})",
            feeds,
        ).fetchall()
    return {r[0] for r in rows}


async def test_t_cycles_the_stream_through_the_tags(db_path: Path, app_factory) -> None:
    app = app_factory(db_path, make_config(feeds=TAGGED))
    everything = titles_from(db_path, "BBC Asia", "AKIpress", "24.kg")
    bbc = titles_from(db_path, "BBC Asia")
    local = titles_from(db_path, "AKIpress", "24.kg")
    assert bbc and local and bbc != everything and local != everything
    async with app.run_test(size=(80, 24)) as pilot:
        await settled(pilot)
        assert titles(app) == everything
        await pilot.press("t")
        await until(pilot, lambda: titles(app) == bbc)
        assert app.main.headlines.total == len(bbc)
        assert "tag: broadcaster" in app.main.status.text.plain
        await pilot.press("t")  # "intl": the same one feed
        await until(pilot, lambda: "tag: intl" in app.main.status.text.plain)
        await until(pilot, lambda: titles(app) == bbc)
        await pilot.press("t")
        await until(pilot, lambda: titles(app) == local)
        assert "tag: local" in app.main.status.text.plain
        await pilot.press("t")  # a tag written as markup is shown as written, and filters
        await until(pilot, lambda: "tag: [bold]x[/]" in app.main.status.text.plain)
        await until(pilot, lambda: titles(app) == titles_from(db_path, "24.kg"))
        await pilot.press("t")
        await until(pilot, lambda: titles(app) == everything)
        assert "tag:" not in app.main.status.text.plain


async def test_t_with_the_text_filter_and_without_tags(db_path: Path, app_factory) -> None:
    app = app_factory(db_path, make_config(feeds=TAGGED))
    async with app.run_test(size=(80, 24)) as pilot:
        await settled(pilot)
        await pilot.press("t", "slash", *"bishkek", "enter")
        want = {t for t in titles_from(db_path, "BBC Asia") if "bishkek" in t.lower()}
        await until(pilot, lambda: titles(app) == want)
        assert "filter: bishkek" in app.main.status.text.plain
        assert "tag: broadcaster" in app.main.status.text.plain
    plain = app_factory(db_path)
    async with plain.run_test(size=(80, 24)) as pilot:
        await settled(pilot)
        total = plain.main.headlines.total
        await pilot.press("t")
        await until(
            pilot, lambda: any("no feed has tags" in str(n.message) for n in plain._notifications)
        )
        assert plain.main.headlines.total == total and plain.tag is None


async def test_help_and_feed_health_show_tags(db_path: Path, app_factory) -> None:
    app = app_factory(db_path, make_config(feeds=TAGGED))
    async with app.run_test(size=(160, 48)) as pilot:
        await settled(pilot)
        await pilot.press("question_mark")
        await until(pilot, lambda: isinstance(app.screen, HelpScreen))
        assert "next tag" in screen_text(app)
        await pilot.press("escape", "f")
        await until(pilot, lambda: isinstance(s := app.screen, HealthScreen) and bool(s.health))
        shown = screen_text(app)
        assert "tags" in shown and "broadcaster, intl" in shown and "local, [bold]x[/]" in shown
