"""Read marks in bulk, the next unread story, bookmarks and the text search, on a real store."""

from __future__ import annotations

from pathlib import Path

import pytest
from uistore import populate

from crisiswatch.store import Store
from crisiswatch.store.marks import (
    bookmarked,
    mark_all_read,
    next_unread,
    set_bookmark,
    toggle_bookmark,
)
from crisiswatch.store.reads import StoryFilter, count_stories, stories_page
from crisiswatch.store.schema import SCHEMA_VERSION


@pytest.fixture
def store(tmp_path: Path) -> Store:
    s = Store(tmp_path / "marks.db")
    populate(s)
    return s


def titles(store: Store, f: StoryFilter) -> list[str]:
    return [s.title for s in stories_page(store, f, 0, 100)]


def test_search_reads_the_story_text_as_well_as_the_title(store: Store) -> None:
    # No title says "injured"; two stories' texts do.
    assert titles(store, StoryFilter(text="injured")) == [
        "Two killed in Bishkek unrest, ministry says",
        "One killed and hundreds hurt in Bishkek clashes",
    ]
    # Words may stand one in the title and one in the text.
    assert titles(store, StoryFilter(text="clashes 590")) == [
        "One killed and hundreds hurt in Bishkek clashes"
    ]
    assert count_stories(store, StoryFilter(text="STATIONS")) == 1
    assert count_stories(store, StoryFilter(text="injured nowhere")) == 0


def test_mark_all_read_marks_only_what_the_filter_shows(store: Store) -> None:
    assert mark_all_read(store, StoryFilter(text="killed")) == 2
    read = {s.title for s in stories_page(store, StoryFilter(), 0, 100) if s.read}
    assert read == {
        "Two killed in Bishkek unrest, ministry says",
        "One killed and hundreds hurt in Bishkek clashes",
    }
    assert mark_all_read(store, StoryFilter(text="killed")) == 0, "already read"
    assert mark_all_read(store, StoryFilter()) == 6
    assert count_stories(store, StoryFilter(include_read=False)) == 0


def test_next_unread_skips_read_stories_and_goes_round(store: Store) -> None:
    rows = stories_page(store, StoryFilter(), 0, 100)
    for row in (1, 2, 5):
        store.set_read(rows[row].id)
    f = StoryFilter()
    assert next_unread(store, f, 0) == 3
    assert next_unread(store, f, 3) == 4
    assert next_unread(store, f, 4) == 6
    assert next_unread(store, f, 7) == 0, "round to the top"
    mark_all_read(store, f)
    assert next_unread(store, f, 0) is None
    # Under a filter, rows count within what it shows.
    store.set_read(rows[4].id, False)
    assert next_unread(store, StoryFilter(text="killed"), 0) == 1


def test_bookmarks_are_shared_and_go_with_their_story(store: Store, tmp_path: Path) -> None:
    rows = stories_page(store, StoryFilter(), 0, 100)
    assert toggle_bookmark(store, rows[2].id, "alice") is True
    set_bookmark(store, rows[5].id, True, "bob")
    with Store(tmp_path / "marks.db") as other:
        assert [s.id for s in bookmarked(other)] == [rows[5].id, rows[2].id]
    assert toggle_bookmark(store, rows[5].id, "alice") is False
    assert [s.id for s in bookmarked(store)] == [rows[2].id]
    # Pruning the story takes its bookmark with it.
    store.prune(older_than=rows[0].first_seen.timestamp() + 3600)
    assert bookmarked(store) == []
    with store.reading() as c:
        assert c.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
