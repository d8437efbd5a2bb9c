"""The article queue in the store: which items wait for their page, and what a fetch left.

A row per item whose article is wanted (`articles`), written with the item in the poll's own
transaction; pollers/articles.py takes the due ones, and leaves either the article's text and
the figures read with it, or the failure in the item's detail with the next try's time.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass

from crisiswatch.facts.poll import Reading
from crisiswatch.store.database import Store, replace_readings

WAIT = "wait"
DONE = "done"
FAILED = "failed"


@dataclass(frozen=True, slots=True)
class ArticleJob:
    """An item whose article is due: its link and the texts extraction reads beside it."""

    item_id: int
    story_id: int
    url: str
    title: str
    summary: str
    tries: int


def queue_rows(c: sqlite3.Connection, jobs: list[tuple[int, str]], now: float) -> None:
    """Queue (item id, link) pairs, inside the caller's write transaction."""
    if jobs:
        c.executemany(
            "INSERT OR IGNORE INTO articles (item_id, url, due) VALUES (?, ?, ?)",
            [(item_id, url, now) for item_id, url in jobs],
        )


def due(store: Store, now: float, limit: int = 64) -> list[ArticleJob]:
    """The waiting articles whose time has come, oldest first."""
    with store.reading() as c:
        rows = c.execute(
            "SELECT a.item_id, i.story_id, a.url, i.title, i.summary, a.tries FROM articles a "
            "JOIN items i ON i.id = a.item_id WHERE a.state = 'wait' AND a.due <= ? "
            "ORDER BY a.due, a.item_id LIMIT ?",
            (now, limit),
        ).fetchall()
    return [ArticleJob(*r) for r in rows]


def next_due(store: Store) -> float | None:
    """When the next waiting article is due, if any waits."""
    with store.reading() as c:
        row = c.execute("SELECT min(due) FROM articles WHERE state = 'wait'").fetchone()
    return None if row[0] is None else float(row[0])


def fetched(store: Store, url: str) -> tuple[str, str] | None:
    """(final address, text) of the article at `url` if another item has it already: a story
    carried by several feeds has its page fetched once."""
    with store.reading() as c:
        row = c.execute(
            "SELECT coalesce(i.article_url, a.url), i.article FROM articles a "
            "JOIN items i ON i.id = a.item_id "
            "WHERE a.url = ? AND a.state = 'done' AND i.article IS NOT NULL LIMIT 1",
            (url,),
        ).fetchone()
    return None if row is None else (str(row[0]), str(row[1]))


def waiting(store: Store) -> int:
    """How many articles wait to be fetched: the status bar's count."""
    with store.reading() as c:
        return int(c.execute("SELECT count(*) FROM articles WHERE state = 'wait'").fetchone()[0])


def failed(store: Store, item_id: int, error: str, retry_at: float | None) -> None:
    """Record a failed try: waiting again until `retry_at`, or failed for good (None). The
    item keeps what it had."""
    with store.transaction() as c:
        c.execute(
            "UPDATE articles SET tries = tries + 1, error = ?, state = ?, due = coalesce(?, due) "
            "WHERE item_id = ?",
            (error, WAIT if retry_at is not None else FAILED, retry_at, item_id),
        )


def done(store: Store, job: ArticleJob, final_url: str, text: str, read: Reading) -> None:
    """Store the article and replace what was read from the item by what title, summary and
    article report together, in one transaction."""
    with store.transaction() as c:
        if c.execute("SELECT 1 FROM items WHERE id = ?", (job.item_id,)).fetchone() is None:
            return  # pruned meanwhile
        c.execute(
            "UPDATE items SET article = ?, article_url = ? WHERE id = ?",
            (text, final_url, job.item_id),
        )
        c.execute(
            "UPDATE articles SET state = 'done', tries = tries + 1, error = NULL WHERE item_id = ?",
            (job.item_id,),
        )
        replace_readings(c, [(job.item_id, job.story_id, read)])


@dataclass(frozen=True, slots=True)
class ArticleState:
    """An item's article as the story screen shows it."""

    state: str
    url: str
    error: str | None
    tries: int
    text: str | None
    final_url: str | None


def article_state(store: Store, item_id: int) -> ArticleState | None:
    """The item's article, fetched or not; None when no article was wanted."""
    with store.reading() as c:
        row = c.execute(
            "SELECT a.state, a.url, a.error, a.tries, i.article, i.article_url FROM articles a "
            "JOIN items i ON i.id = a.item_id WHERE a.item_id = ?",
            (item_id,),
        ).fetchone()
    return None if row is None else ArticleState(*row)
