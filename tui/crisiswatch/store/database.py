"""The one SQLite store: opening it safely (WAL, busy timeout, migrations) and every write."""

from __future__ import annotations

import sqlite3
import threading
import time
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from crisiswatch.errors import StoreError as StoreError
from crisiswatch.errors import StoreRefused as StoreRefused
from crisiswatch.facts.poll import ItemFacts, Reading
from crisiswatch.filekind import not_regular
from crisiswatch.plaintext import header_value, strip_unsafe
from crisiswatch.store.files import create_database_file, writable
from crisiswatch.store.schema import (
    OUR_TABLES,
    READING_COLUMNS,
    NotAStore,
    check_version,
    insert_reading,
    migrate,
    needs_stamp,
    table_names,
)

BUSY_TIMEOUT_MS = 10_000
# Dates further ahead than this are a publisher's clock or a hostile feed, not news.
FUTURE_SLACK = 600.0


_NO_DATA = "{path} holds no crisiswatch data yet: run `crisiswatch poll --once` first"


def _refuse(path: Path, what: str) -> StoreRefused:
    return StoreRefused(
        f"{path} is {what}: not a crisiswatch store, left untouched (choose another --db)"
    )


def probe_path(path: Path, *, readonly: bool) -> None:
    """Decide whose file this is before anything could write to it: WAL mode, our tables and
    even a checkpoint on close would change another program's database. The look is taken
    through a read-only connection, so a refused file is left byte for byte as it was."""
    try:
        info = path.stat()
    except (FileNotFoundError, NotADirectoryError):
        return  # a new store: the writer's connection creates it, or says why it cannot
    except OSError as exc:
        raise StoreError(f"cannot open store {path}: {exc.strerror or exc}") from None
    kind = not_regular(info.st_mode)
    if kind is not None:
        raise _refuse(path, f"not a regular file ({kind})")
    if info.st_size == 0:
        if readonly:
            raise StoreError(_NO_DATA.format(path=path))
        return
    try:
        probe = sqlite3.connect(_ro_uri(path), uri=True, isolation_level=None)
    except sqlite3.Error as exc:
        raise _open_error(path, exc) from None
    try:
        probe.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        needs_stamp(probe)
        if readonly:
            check_version(probe)
            if not OUR_TABLES.issubset(table_names(probe)):
                raise StoreError(_NO_DATA.format(path=path))
    except NotAStore as exc:
        raise _refuse(path, str(exc)) from None
    except sqlite3.DatabaseError as exc:
        if "not a database" in str(exc):
            raise _refuse(path, "not an SQLite database") from None
        raise _open_error(path, exc) from None
    finally:
        probe.close()


def _ro_uri(path: Path) -> str:
    # As a URI, so a "?" or "#" in the path is part of the name, not a parameter.
    return path.absolute().as_uri() + "?mode=ro"


@dataclass(frozen=True, slots=True)
class NewItem:
    """An item the store had not seen, handed back so its text is extracted exactly once."""

    id: int
    story_id: int
    title: str
    summary: str


@dataclass(frozen=True, slots=True)
class FeedState:
    """What the poller needs from the store to send a conditional GET and schedule a feed."""

    etag: str | None
    last_modified: str | None
    failures: int
    next_poll: float | None


@dataclass(frozen=True, slots=True)
class FeedSuccess:
    """A good answer's health and validators, written with the answer's items in one commit."""

    status: int
    etag: str | None
    last_modified: str | None
    next_poll: float
    warning: str | None = None


def _inert(message: str) -> str:
    """A feed's error or warning as stored: it quotes a server's words (a reason phrase, a
    parser's complaint about the body), so controls and escapes are stripped before they are
    kept, and every reader of the store gets an inert line."""
    return strip_unsafe(message)[:1000]


def _fold(value: object) -> str | None:
    """Unicode case folding for the headline filter (SQLite's own folds ASCII only)."""
    return value.casefold() if isinstance(value, str) else None


def open_connection(path: Path, *, readonly: bool = False) -> sqlite3.Connection:
    """A connection with the pragmas every user of the store relies on, to a file that is a
    crisiswatch store (or will be one: new or empty)."""
    if not readonly and path.exists() and not writable(path):
        raise StoreError(
            f"store {path} is read-only for this account: follow it with `crisiswatch` "
            "while a group-mate's poller runs, or see README, 'A shared desk'"
        )
    probe_path(path, readonly=readonly)
    try:
        if readonly:
            conn = sqlite3.connect(
                _ro_uri(path), uri=True, isolation_level=None, check_same_thread=False
            )
        else:
            path.parent.mkdir(parents=True, exist_ok=True)
            create_database_file(path)
            conn = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
        conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        conn.create_function("cw_fold", 1, _fold, deterministic=True)
        if not readonly:
            conn.execute("PRAGMA journal_mode = WAL")
            # NORMAL in WAL mode is durable against application crashes; only power loss can
            # roll back the last commits, never corrupt the file.
            conn.execute("PRAGMA synchronous = NORMAL")
        conn.execute("PRAGMA foreign_keys = ON")
        # Read the header now: a file that is not SQLite fails here with one line, not on the
        # first query of whoever uses the connection.
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
    except sqlite3.Error as exc:
        raise _open_error(path, exc) from None
    except OSError as exc:
        raise StoreError(f"cannot open store {path}: {exc.strerror or exc}") from None
    return conn


def _open_error(path: Path, exc: sqlite3.Error) -> StoreError:
    """The one line for a store SQLite would not open; for an account that may only read it,
    what it can do instead (a WAL store needs its writer's -shm file to be read)."""
    if path.exists() and not writable(path):
        return StoreError(
            f"store {path} is read-only for this account and no poller has it open (a "
            "WAL store needs its writer's -shm file): follow it while a group-mate's "
            "poller runs, or see README, 'A shared desk'"
        )
    return StoreError(f"cannot open store {path}: {exc}")


class Store:
    """One connection to the store. Writes are short transactions, serialised by a lock so the
    poller's worker threads can share it; readers in other processes never wait on us (WAL)."""

    def __init__(self, path: Path, *, readonly: bool = False) -> None:
        self.path = path
        self.readonly = readonly
        self._lock = threading.RLock()
        self.conn = open_connection(path, readonly=readonly)
        if not readonly:
            try:
                migrate(self.conn)
            except sqlite3.Error as exc:
                self.conn.close()
                raise StoreError(f"cannot prepare store {path}: {exc}") from None
            except NotAStore as exc:  # another program wrote its tables in the meantime
                self.conn.close()
                raise _refuse(path, str(exc)) from None
            except BaseException:
                self.conn.close()
                raise

    def close(self) -> None:
        with self._lock:
            self.conn.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """BEGIN IMMEDIATE so the write lock is taken up front and busy_timeout applies."""
        with self._lock:
            self.conn.execute("BEGIN IMMEDIATE")
            try:
                yield self.conn
            except BaseException:
                # SQLite may already have rolled back (a full disk does): keep the real error.
                if self.conn.in_transaction:
                    self.conn.execute("ROLLBACK")
                raise
            else:
                self.conn.execute("COMMIT")

    @contextmanager
    def reading(self) -> Iterator[sqlite3.Connection]:
        """A consistent snapshot for a multi-statement read."""
        with self._lock:
            self.conn.execute("BEGIN")
            try:
                yield self.conn
            finally:
                self.conn.execute("COMMIT")

    # --- feeds -------------------------------------------------------------------------------

    def sync_feeds(self, feeds: Iterable[tuple[str, str]]) -> None:
        """Make sure every configured feed has a health row; a changed URL resets validators."""
        with self.transaction() as c:
            for name, url in feeds:
                c.execute(
                    "INSERT INTO feeds (name, url) VALUES (?, ?) ON CONFLICT (name) DO UPDATE SET "
                    "etag = CASE WHEN url = excluded.url THEN etag END, "
                    "last_modified = CASE WHEN url = excluded.url THEN last_modified END, "
                    "url = excluded.url",
                    (name, url),
                )

    def feed_state(self, name: str) -> FeedState:
        with self._lock:
            row = self.conn.execute(
                "SELECT etag, last_modified, failures, next_poll FROM feeds WHERE name = ?", (name,)
            ).fetchone()
        if row is None:
            return FeedState(None, None, 0, None)
        return FeedState(header_value(row[0]), header_value(row[1]), row[2], row[3])

    def feed_states(self) -> dict[str, FeedState]:
        """Every feed's state in one query: a round of 1,000 polls should not start with 1,000."""
        with self._lock:
            rows = self.conn.execute(
                "SELECT name, etag, last_modified, failures, next_poll FROM feeds"
            ).fetchall()
        # Validators go back to the server as headers: one that cannot (a store from before
        # they were checked) is dropped, and the feed is fetched whole instead of failing.
        return {r[0]: FeedState(header_value(r[1]), header_value(r[2]), r[3], r[4]) for r in rows}

    def record_success(
        self,
        name: str,
        *,
        status: int,
        etag: str | None,
        last_modified: str | None,
        next_poll: float,
        warning: str | None = None,
        at: float | None = None,
    ) -> None:
        success = FeedSuccess(status, etag, last_modified, next_poll, warning)
        with self.transaction() as c:
            self._write_success(c, name, success, time.time() if at is None else at)

    def record_successes(
        self, successes: Sequence[tuple[str, FeedSuccess]], *, at: float | None = None
    ) -> None:
        """Several feeds' health in one transaction: polls answered 304 at about the same time
        share one commit instead of paying one each."""
        at = time.time() if at is None else at
        with self.transaction() as c:
            for name, success in successes:
                self._write_success(c, name, success, at)

    @staticmethod
    def _write_success(c: sqlite3.Connection, name: str, success: FeedSuccess, at: float) -> None:
        c.execute(
            "UPDATE feeds SET last_attempt = ?, last_success = ?, last_status = ?, "
            "last_error = NULL, failures = 0, next_poll = ?, warning = ?, "
            "etag = COALESCE(?, etag), last_modified = COALESCE(?, last_modified) "
            "WHERE name = ?",
            (
                at,
                at,
                success.status,
                success.next_poll,
                None if success.warning is None else _inert(success.warning),
                header_value(success.etag),
                header_value(success.last_modified),
                name,
            ),
        )

    def record_failure(
        self,
        name: str,
        *,
        status: int | None,
        error: str,
        next_poll: float,
        at: float | None = None,
    ) -> int:
        """Returns the feed's consecutive failures, now counting this one."""
        at = time.time() if at is None else at
        with self.transaction() as c:
            c.execute(
                "UPDATE feeds SET last_attempt = ?, last_status = ?, last_error = ?, "
                "failures = failures + 1, next_poll = ? WHERE name = ?",
                (at, status, _inert(error), next_poll, name),
            )
            row = c.execute("SELECT failures FROM feeds WHERE name = ?", (name,)).fetchone()
        return int(row[0]) if row else 1

    # --- items -------------------------------------------------------------------------------

    def write_poll(
        self,
        feed: str,
        items: Sequence[ItemFacts],
        *,
        success: FeedSuccess | None = None,
        now: float | None = None,
    ) -> list[NewItem]:
        """Store the items of one poll this feed had not seen, joining stories seen in other
        feeds, with their watch marks and what their texts report (`facts.poll_facts`, which
        the parse worker ran: this process only runs the SQL). `success`, if given, is the
        feed's health after this answer: items and health go in one commit per poll.

        One statement per table for the whole batch, not two per item: the new rows' ids are
        given, not read back, which is safe because BEGIN IMMEDIATE holds the only write lock
        while the next free ids are read and used.
        """
        now = time.time() if now is None else now
        with self.transaction() as c:
            seen = self._known_keys(c, feed, [r.dedup for r in items])
            fresh: list[ItemFacts] = []
            for r in items:
                if r.dedup not in seen:
                    seen.add(r.dedup)
                    fresh.append(r)
            new = self._insert_items(c, feed, fresh, now) if fresh else []
            if success is not None:
                self._write_success(c, feed, success, now)
        return new

    def _insert_items(
        self, c: sqlite3.Connection, feed: str, rows: list[ItemFacts], now: float
    ) -> list[NewItem]:
        """New items with their stories, watch marks and readings. Ids are handed out here, as
        max + 1 like SQLite's own rowids, so the caller must hold the write transaction."""
        keys = [r.story or f"{feed}\x1f{r.dedup}" for r in rows]
        story_ids = self._story_ids(c, keys)
        next_story = int(c.execute("SELECT coalesce(max(id), 0) + 1 FROM stories").fetchone()[0])
        next_item = int(c.execute("SELECT coalesce(max(id), 0) + 1 FROM items").fetchone()[0])
        stories: list[tuple[object, ...]] = []
        items: list[tuple[object, ...]] = []
        watched: list[tuple[int, str]] = []
        readings = _ReadingRows()
        new: list[NewItem] = []
        articles: list[tuple[int, str]] = []
        for item_id, (r, key) in enumerate(zip(rows, keys, strict=True), start=next_item):
            # A missing date, or one in the future beyond the slack, is the time first seen.
            published = r.published
            if published is None or published > now + FUTURE_SLACK:
                published = now
            story_id = story_ids.get(key)
            if story_id is None:  # a story no feed has told yet
                story_id = story_ids[key] = next_story
                next_story += 1
            # The story's figure mark goes in with the story: no second statement per item.
            stories.append((story_id, key, r.title, r.url, published, now, int(r.reports)))
            items.append(
                (
                    item_id,
                    feed,
                    r.dedup,
                    story_id,
                    r.guid,
                    r.url,
                    r.title,
                    r.summary,
                    published,
                    now,
                    int(r.extracted),
                    r.reporting_pct,
                    r.turnout_pct,
                    r.threshold_pct,
                    int(r.official),
                )
            )
            new.append(NewItem(item_id, story_id, r.title, r.summary))
            watched += [(story_id, name) for name in r.watches]
            readings.add(item_id, r.figures, r.shares, r.statuses)
            if r.fulltext and r.url:
                articles.append((item_id, r.url))
        # A story already told (by another feed, or twice in this batch) is upserted: one more
        # source, and its figure mark kept if either telling has figures.
        c.executemany(
            "INSERT INTO stories (id, key, title, url, published, first_seen, has_figures) "
            "VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (key) DO UPDATE "
            "SET n_sources = n_sources + 1, has_figures = max(has_figures, excluded.has_figures)",
            stories,
        )
        c.executemany(
            "INSERT INTO items (id, feed, dedup, story_id, guid, url, title, summary, published, "
            "first_seen, extracted, reporting_pct, turnout_pct, threshold_pct, official) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            items,
        )
        if watched:
            c.executemany(
                "INSERT OR IGNORE INTO story_watches (story_id, watch) VALUES (?, ?)", watched
            )
        readings.insert(c)
        if articles:
            from crisiswatch.store.articles import queue_rows

            queue_rows(c, articles, now)
        c.execute("UPDATE feeds SET items_total = items_total + ? WHERE name = ?", (len(new), feed))
        return new

    @staticmethod
    def _story_ids(c: sqlite3.Connection, keys: list[str]) -> dict[str, int]:
        """The ids of the stories with these keys that are stored already."""
        query = "SELECT key, id FROM stories WHERE key IN ({marks})"
        return dict(_rows_for_keys(c, query, list(dict.fromkeys(keys))))

    @staticmethod
    def _known_keys(c: sqlite3.Connection, feed: str, keys: list[str]) -> set[str]:
        """Which of these keys the feed already has."""
        query = "SELECT dedup FROM items WHERE feed = ? AND dedup IN ({marks})"
        return {r[0] for r in _rows_for_keys(c, query, keys, feed)}

    def pending_extraction(self, limit: int = 1000) -> list[NewItem]:
        """Items stored but not yet read for figures (stored by a run from before items and
        their readings were written in one transaction)."""
        with self._lock:
            rows = self.conn.execute(
                "SELECT id, story_id, title, summary FROM items WHERE extracted = 0 LIMIT ?",
                (limit,),
            ).fetchall()
        return [NewItem(r[0], r[1], r[2], r[3]) for r in rows]

    def add_readings(self, read: Iterable[tuple[NewItem, Reading]]) -> None:
        """Store what was read from each item, and mark it read, in one transaction.
        Idempotent: a retried batch replaces rather than duplicates."""
        with self.transaction() as c:
            replace_readings(c, [(item.id, item.story_id, r) for item, r in read])

    def set_read(self, story_id: int, read: bool = True) -> None:
        with self.transaction() as c:
            c.execute("UPDATE stories SET read = ? WHERE id = ?", (int(read), story_id))

    def prune(self, older_than: float) -> int:
        """Drop items first seen before `older_than` (epoch seconds); returns how many.

        By first-seen time, not publication date: a backfill of an old archive is kept for the
        retention period like anything else, instead of being pruned as soon as it lands.
        """
        with self.transaction() as c:
            cur = c.execute("DELETE FROM items WHERE first_seen < ?", (older_than,))
            removed = cur.rowcount
            c.execute("DELETE FROM stories WHERE id NOT IN (SELECT story_id FROM items)")
        return removed


def _rows_for_keys(
    c: sqlite3.Connection, query: str, keys: list[str], *first: object
) -> Iterator[Any]:
    """The rows of `query` for every key, its `{marks}` filled 500 at a time: one query per 500
    keys, not one per key, and never more variables than SQLite allows."""
    for i in range(0, len(keys), 500):
        chunk = keys[i : i + 500]
        yield from c.execute(query.format(marks=",".join("?" * len(chunk))), [*first, *chunk])


class _ReadingRows:
    """The rows of many items' readings, gathered for one INSERT per table."""

    def __init__(self) -> None:
        self.tables: dict[str, list[tuple[object, ...]]] = {t: [] for t in READING_COLUMNS}

    def add(
        self,
        item_id: int,
        figures: Sequence[tuple[object, ...]],
        shares: Sequence[tuple[object, ...]],
        statuses: Sequence[tuple[object, ...]],
    ) -> None:
        self.tables["figures"] += [(item_id, *f) for f in figures]
        self.tables["shares"] += [(item_id, *sh) for sh in shares]
        self.tables["race_statuses"] += [(item_id, *st) for st in statuses]

    def insert(self, c: sqlite3.Connection) -> None:
        """One statement each for a whole batch, and none where nothing was read."""
        for table, rows in self.tables.items():
            if rows:
                c.executemany(insert_reading(table), rows)


def replace_readings(c: sqlite3.Connection, read: Sequence[tuple[int, int, Reading]]) -> None:
    """(item id, story id, reading): each item's earlier reading replaced by this one, inside
    the caller's write transaction (the catch-up's, and an article's once fetched)."""
    rows = _ReadingRows()
    for item_id, story_id, r in read:
        for table in READING_COLUMNS:
            c.execute(f"DELETE FROM {table} WHERE item_id = ?", (item_id,))
        c.execute(
            "UPDATE items SET extracted = 1, reporting_pct = ?, turnout_pct = ?, "
            "threshold_pct = ? WHERE id = ?",
            (r.reporting_pct, r.turnout_pct, r.threshold_pct, item_id),
        )
        if r.reports:
            c.execute("UPDATE stories SET has_figures = 1 WHERE id = ?", (story_id,))
        rows.add(item_id, r.figures, r.shares, r.statuses)
    rows.insert(c)
