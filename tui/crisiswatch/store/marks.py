"""A reader's marks on stories: read or not in bulk, the next unread one, and bookmarks.

Read marks and bookmarks live in the store, so every TUI on a shared store sees the same."""

from __future__ import annotations

import time

from crisiswatch.models import StoredItem
from crisiswatch.store.database import Store
from crisiswatch.store.reads import _STORY_COLUMNS, StoryFilter, _named, _story, _where

ORDER = "s.published DESC, s.id DESC"
"""The headline stream's order, which row offsets count in."""


def mark_all_read(store: Store, f: StoryFilter) -> int:
    """Mark every story the filter shows as read (newsboat's `A`); returns how many changed."""
    where, args = _where(f)
    sql = (
        f"UPDATE stories SET read = 1 WHERE read = 0 AND id IN (SELECT s.id FROM stories s{where})"
    )
    with store.transaction() as c:
        return int(c.execute(sql, args).rowcount)


def next_unread(store: Store, f: StoryFilter, after: int) -> int | None:
    """The row offset, under the filter, of the first unread story after row `after`; round
    to the top when none is below it (as newsboat's `n` goes on). None when none is unread."""
    where, args = _where(f)
    sql = (
        f"SELECT rn FROM (SELECT s.read AS read, row_number() OVER (ORDER BY {ORDER}) - 1 AS rn "
        f"FROM stories s{where}) WHERE read = 0 ORDER BY rn > ? DESC, rn LIMIT 1"
    )
    with store.reading() as c:
        row = c.execute(sql, [*args, after]).fetchone()
    return None if row is None else int(row[0])


def is_bookmarked(store: Store, story_id: int) -> bool:
    with store.reading() as c:
        row = c.execute("SELECT 1 FROM bookmarks WHERE story_id = ?", (story_id,)).fetchone()
    return row is not None


def set_bookmark(store: Store, story_id: int, on: bool, user: str) -> None:
    with store.transaction() as c:
        if on:
            c.execute(
                "INSERT OR IGNORE INTO bookmarks (story_id, at, user) VALUES (?, ?, ?)",
                (story_id, time.time(), user),
            )
        else:
            c.execute("DELETE FROM bookmarks WHERE story_id = ?", (story_id,))


def toggle_bookmark(store: Store, story_id: int, user: str) -> bool:
    """Bookmark the story, or take its bookmark away; returns whether it is bookmarked now."""
    on = not is_bookmarked(store, story_id)
    set_bookmark(store, story_id, on, user)
    return on


def bookmarked(store: Store) -> list[StoredItem]:
    """Every bookmarked story, the most recently bookmarked first."""
    sql = (
        f"SELECT {_STORY_COLUMNS} FROM stories s JOIN bookmarks b ON b.story_id = s.id "
        "ORDER BY b.at DESC, s.id DESC"
    )
    with store.reading() as c:
        return [_story(r) for r in _named(c, sql)]
