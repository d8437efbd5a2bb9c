"""A TUI on a store this account may only read: it follows, and says read marks are not kept."""

from __future__ import annotations

from pathlib import Path

import pytest
from waiting import screen_text, settled, until

from crisiswatch.store import Store
from crisiswatch.store.reads import story
from crisiswatch.ui.screens.item import ItemScreen

pytestmark = pytest.mark.slow


async def test_opening_a_story_on_a_read_only_store_keeps_no_mark_and_says_so(
    db_path: Path, app_factory
) -> None:
    app = app_factory(db_path, readonly=True)
    assert app.store.writer.readonly and app.store.reader.readonly and app.readonly
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await settled(pilot)
        await pilot.press("j", "j", "enter")
        await until(pilot, lambda: isinstance(app.screen, ItemScreen))
        await until(pilot, lambda: "read-only for this account" in screen_text(app))
        story_id = app.main.headlines.row(2).id  # type: ignore[union-attr]
    with Store(db_path) as other:
        item = story(other, story_id)
        assert item is not None and not item.read
