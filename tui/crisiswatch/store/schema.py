"""The store's SQLite schema as numbered migrations, applied in order, kept in user_version."""

from __future__ import annotations

import sqlite3

from crisiswatch.errors import NotAStore as NotAStore
from crisiswatch.errors import SchemaTooNew as SchemaTooNew
from crisiswatch.facts.poll import FigureRow, ShareRow, StatusRow

# Each entry moves the schema from version i to i+1. Never edit a released step: add one.
MIGRATIONS: tuple[str, ...] = (
    # 1: feeds, stories, items, what was read from them.
    """
    CREATE TABLE feeds (
        name          TEXT PRIMARY KEY,
        url           TEXT NOT NULL,
        etag          TEXT,
        last_modified TEXT,
        last_attempt  REAL,
        last_success  REAL,
        last_status   INTEGER,
        last_error    TEXT,
        warning       TEXT,
        failures      INTEGER NOT NULL DEFAULT 0,
        next_poll     REAL,
        items_total   INTEGER NOT NULL DEFAULT 0
    );
    CREATE TABLE stories (
        id          INTEGER PRIMARY KEY,
        key         TEXT NOT NULL UNIQUE,
        title       TEXT NOT NULL,
        url         TEXT,
        published   REAL NOT NULL,
        first_seen  REAL NOT NULL,
        n_sources   INTEGER NOT NULL DEFAULT 1,
        read        INTEGER NOT NULL DEFAULT 0,
        has_figures INTEGER NOT NULL DEFAULT 0
    );
    CREATE INDEX stories_by_time ON stories (published DESC, id DESC);
    CREATE TABLE items (
        id            INTEGER PRIMARY KEY,
        feed          TEXT NOT NULL,
        dedup         TEXT NOT NULL,
        story_id      INTEGER NOT NULL REFERENCES stories (id) ON DELETE CASCADE,
        guid          TEXT,
        url           TEXT,
        title         TEXT NOT NULL,
        summary       TEXT NOT NULL,
        published     REAL NOT NULL,
        first_seen    REAL NOT NULL,
        extracted     INTEGER NOT NULL DEFAULT 0,
        reporting_pct REAL,
        turnout_pct   REAL,
        threshold_pct REAL,
        UNIQUE (feed, dedup)
    );
    CREATE INDEX items_by_story ON items (story_id);
    CREATE INDEX items_by_first_seen ON items (first_seen);
    CREATE INDEX items_to_extract ON items (extracted) WHERE extracted = 0;
    CREATE TABLE story_watches (
        story_id INTEGER NOT NULL REFERENCES stories (id) ON DELETE CASCADE,
        watch    TEXT NOT NULL,
        PRIMARY KEY (watch, story_id)
    ) WITHOUT ROWID;
    CREATE INDEX story_watches_by_story ON story_watches (story_id);
    CREATE TABLE figures (
        id          INTEGER PRIMARY KEY,
        item_id     INTEGER NOT NULL REFERENCES items (id) ON DELETE CASCADE,
        is_total    INTEGER NOT NULL,
        kind        TEXT NOT NULL,
        value       INTEGER NOT NULL,
        qual        TEXT NOT NULL,
        high        INTEGER,
        vague       INTEGER NOT NULL DEFAULT 0,
        attribution TEXT,
        sentence    TEXT NOT NULL,
        start       INTEGER NOT NULL,
        end         INTEGER NOT NULL
    );
    CREATE INDEX figures_by_item ON figures (item_id);
    CREATE TABLE shares (
        id      INTEGER PRIMARY KEY,
        item_id INTEGER NOT NULL REFERENCES items (id) ON DELETE CASCADE,
        party   TEXT NOT NULL,
        pct     REAL NOT NULL,
        known   INTEGER NOT NULL,
        start   INTEGER NOT NULL,
        end     INTEGER NOT NULL
    );
    CREATE INDEX shares_by_item ON shares (item_id);
    """,
    # 2: whether a figure is a running toll or one incident's count (models.Scope).
    """
    ALTER TABLE figures ADD COLUMN scope TEXT NOT NULL DEFAULT 'unknown'
    """,
    # 3: an analyst's decisions, an append-only log (tally/decisions.py derives what stands).
    # No foreign key to items: pruning a story must not erase who decided what about it.
    """
    CREATE TABLE decisions (
        id      INTEGER PRIMARY KEY,
        action  TEXT NOT NULL,
        kind    TEXT NOT NULL,
        item_id INTEGER,
        watch   TEXT,
        value   INTEGER,
        qual    TEXT,
        high    INTEGER,
        source  TEXT,
        note    TEXT,
        undoes  INTEGER REFERENCES decisions (id),
        user    TEXT NOT NULL,
        at      REAL NOT NULL
    );
    CREATE INDEX decisions_by_item ON decisions (item_id)
    """,
    # 4: which race a share is in and whether it is a candidate's; each race's stated status.
    """
    ALTER TABLE shares ADD COLUMN race TEXT;
    ALTER TABLE shares ADD COLUMN candidate INTEGER NOT NULL DEFAULT 0;
    CREATE TABLE race_statuses (
        id       INTEGER PRIMARY KEY,
        item_id  INTEGER NOT NULL REFERENCES items (id) ON DELETE CASCADE,
        race     TEXT,
        status   TEXT NOT NULL,
        sentence TEXT NOT NULL,
        start    INTEGER NOT NULL,
        end      INTEGER NOT NULL
    );
    CREATE INDEX race_statuses_by_item ON race_statuses (item_id)
    """,
    # 5: an item that is an official results feed's snapshot (pollers/parse/results.py): its
    # shares are the commission's own, and outrank text-read shares of the same count.
    """
    ALTER TABLE items ADD COLUMN official INTEGER NOT NULL DEFAULT 0
    """,
    # 6: a figure's sentence as a span into the item's own text (facts/spans.py), not a copy
    # (rows from before keep their copy: `source` NULL); an item's article full text, and the
    # queue of articles to fetch (pollers/articles.py).
    """
    ALTER TABLE figures ADD COLUMN source TEXT;
    ALTER TABLE figures ADD COLUMN sent_start INTEGER;
    ALTER TABLE figures ADD COLUMN sent_end INTEGER;
    ALTER TABLE items ADD COLUMN article TEXT;
    ALTER TABLE items ADD COLUMN article_url TEXT;
    CREATE TABLE articles (
        item_id INTEGER PRIMARY KEY REFERENCES items (id) ON DELETE CASCADE,
        url     TEXT NOT NULL,
        state   TEXT NOT NULL DEFAULT 'wait',
        tries   INTEGER NOT NULL DEFAULT 0,
        due     REAL NOT NULL,
        error   TEXT
    );
    CREATE INDEX articles_due ON articles (due) WHERE state = 'wait';
    CREATE INDEX articles_by_url ON articles (url)
    """,
    # 7: bookmarked stories, shared by every TUI on the store like read marks.
    """
    CREATE TABLE bookmarks (
        story_id INTEGER PRIMARY KEY REFERENCES stories (id) ON DELETE CASCADE,
        at       REAL NOT NULL,
        user     TEXT NOT NULL
    )
    """,
    # 8: the value last announced for each watch's subject ("killed", "parliamentary
    # results"), and the log of the alerts fired. Checked and written in one transaction, so
    # two processes on one store, or a restart, never announce one change twice.
    """
    CREATE TABLE alert_state (
        watch   TEXT NOT NULL,
        subject TEXT NOT NULL,
        value   TEXT,
        at      REAL NOT NULL,
        PRIMARY KEY (watch, subject)
    ) WITHOUT ROWID;
    CREATE TABLE alerts (
        id      INTEGER PRIMARY KEY,
        watch   TEXT NOT NULL,
        subject TEXT NOT NULL,
        kind    TEXT NOT NULL,
        old     TEXT,
        new     TEXT,
        payload TEXT NOT NULL,
        at      REAL NOT NULL
    )
    """,
)

SCHEMA_VERSION = len(MIGRATIONS)

READING_COLUMNS: dict[str, tuple[str, ...]] = {
    "figures": FigureRow._fields,
    "shares": ShareRow._fields,
    "race_statuses": StatusRow._fields,
}
"""The tables of what an item's text reports, and the columns each row is written with after
its `item_id`: declared once, as the row types the parse worker builds (facts/poll.py). Every
INSERT into them is `insert_reading`'s, and readers select the same names."""


def insert_reading(table: str) -> str:
    """The INSERT of one of `READING_COLUMNS`' tables, `item_id` first."""
    columns = ("item_id", *READING_COLUMNS[table])
    return f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({', '.join('?' * len(columns))})"


APPLICATION_ID = 0x43574154
"""SQLite's `PRAGMA application_id` for a crisiswatch store ("CWAT"): the header itself says
whose file it is, so `--db` pointing at another program's database is refused untouched."""

OUR_TABLES = frozenset({"feeds", "stories", "items", "story_watches", "figures", "shares"})
"""A database holding all of these and no application id is a store written before the id was
set (crisiswatch 0.x): it is adopted, and stamped on its first write."""


def needs_stamp(conn: sqlite3.Connection) -> bool:
    """Whether this database may become (or already is) a crisiswatch store; raises NotAStore
    if it is another program's. True when the id is still to be written: an empty database,
    or an adopted store from before ids. Reads only the header and the schema table."""
    app_id = conn.execute("PRAGMA application_id").fetchone()[0]
    if app_id == APPLICATION_ID:
        return False
    if app_id != 0:
        raise NotAStore(
            f"another program's SQLite database (application_id {app_id & 0xFFFFFFFF:#010x})"
        )
    names = table_names(conn)
    objects = conn.execute("SELECT count(*) FROM sqlite_master").fetchone()[0]
    if objects == 0 or OUR_TABLES.issubset(names):
        return True
    shown = ", ".join(sorted(names)[:5]) + (", …" if len(names) > 5 else "")
    raise NotAStore(f"an SQLite database of another program (tables: {shown or 'none'})")


def table_names(conn: sqlite3.Connection) -> set[str]:
    return {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}


def check_version(conn: sqlite3.Connection) -> int:
    """The schema version, if this crisiswatch understands it."""
    version = int(conn.execute("PRAGMA user_version").fetchone()[0])
    if version > SCHEMA_VERSION:
        raise SchemaTooNew(
            f"store schema version {version} is newer than this crisiswatch understands "
            f"({SCHEMA_VERSION}); upgrade crisiswatch"
        )
    return version


def migrate(conn: sqlite3.Connection) -> None:
    """Bring the schema up to date, one transaction per step so a kill never leaves half a step,
    and stamp the store's application id (in the first step, or once for an adopted store)."""
    version = check_version(conn)
    for step in range(version, SCHEMA_VERSION):
        conn.execute("BEGIN IMMEDIATE")
        try:
            # Re-read inside the write lock: another process may have migrated meanwhile.
            current = conn.execute("PRAGMA user_version").fetchone()[0]
            if current > step:
                conn.execute("COMMIT")
                continue
            if step == 0:
                needs_stamp(conn)  # still empty or ours now that we hold the write lock
                conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
            for statement in MIGRATIONS[step].split(";"):
                if statement.strip():
                    conn.execute(statement)
            conn.execute(f"PRAGMA user_version = {step + 1}")
            conn.execute("COMMIT")
        except BaseException:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            raise
    if needs_stamp(conn):  # a store from before the id: adopted
        conn.execute("BEGIN IMMEDIATE")
        try:
            if needs_stamp(conn):
                conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
            conn.execute("COMMIT")
        except BaseException:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            raise
