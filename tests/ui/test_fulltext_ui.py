"""Full text on screen: the story screen's article with its figure marked, the counter's
sentence with the article's address, and the status bar's count of articles waiting."""

from __future__ import annotations

import sys
from datetime import timedelta
from pathlib import Path

import pytest
from uistore import FIXED_NOW, WATCH, make_config
from waiting import screen_text, settled, until

from crisiswatch.extract import extract
from crisiswatch.facts import WatchList, item_text
from crisiswatch.models import Kind, ParsedItem
from crisiswatch.pollers.article_text import read_article
from crisiswatch.pollers.cpu import Page
from crisiswatch.store import Store
from crisiswatch.store.articles import done, due, queue_rows
from crisiswatch.ui.screens.counter import CounterScreen
from crisiswatch.ui.screens.item import FIGURE_STYLE, ItemScreen, article_text
from stored import store_items

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from articlepages import BISHKEK

pytestmark = pytest.mark.slow

ARTICLE_URL = "https://steppe.example/news/1"


def _store(path: Path) -> None:
    items = [
        ParsedItem(
            guid="w1",
            url="https://steppe.example/news/2",
            title="Talks in Bishkek go on",
            summary="",
            published=FIXED_NOW - timedelta(hours=2),
        ),
        ParsedItem(
            guid="a1",
            url=ARTICLE_URL,
            title="Unrest in Bishkek",
            summary="Protests went on after the vote.",
            published=FIXED_NOW - timedelta(hours=1),
        ),
    ]
    with Store(path) as store:
        store_items(
            store,
            "Steppe",
            items,
            watches=[(WATCH.name, WATCH.keywords)],
            extractions=[extract(item_text(i.title, i.summary)) for i in items],
        )
        with store.transaction() as c:
            queue_rows(c, [(1, "https://steppe.example/news/2"), (2, ARTICLE_URL)], 0.0)
        [job] = [j for j in due(store, 1.0) if j.item_id == 2]
        page = Page(BISHKEK, "text/html", ARTICLE_URL)
        read = read_article(page, job.title, job.summary, WatchList())
        assert read.text is not None
        done(store, job, ARTICLE_URL, read.text, read.reading)


async def test_article_text_figure_and_address_on_screen(tmp_path: Path, app_factory) -> None:
    path = tmp_path / "store.db"
    _store(path)
    app = app_factory(path, make_config())
    async with app.run_test(size=(160, 48)) as pilot:
        await settled(pilot)
        assert "1 article waiting" in app.main.status.text.plain
        await pilot.press("enter")
        await until(pilot, lambda: isinstance(app.screen, ItemScreen) and bool(app.screen.views))
        screen = app.screen
        assert isinstance(screen, ItemScreen)
        [view] = screen.views
        assert view.article is not None and view.article.state == "done"
        shown = screen.query_one("#item-sources").render()
        plain = str(shown)
        assert "article text, from" in plain and "At least 590 people were injured" in plain
        # What the screen drew for the article, with the marks it drew them with.
        offset = len(item_text(view.source.title, view.source.summary)) + 2
        out = article_text(view.article, view.figures, offset)
        marked = [out.plain[s.start : s.end] for s in out.spans if s.style == FIGURE_STYLE]
        assert "At least 590 people were injured" in marked
        assert "Related stories" not in plain
        await pilot.press("escape")
        await pilot.press("tab", "l", "enter")
        await until(pilot, lambda: isinstance(app.screen, CounterScreen))
        assert app.screen.kind is Kind.INJURED
        text = screen_text(app)
        assert "At least 590 people were injured in the clashes" in text
        assert f"in the article at {ARTICLE_URL}" in text
