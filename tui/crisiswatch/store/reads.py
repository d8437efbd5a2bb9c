"""Queries the readers need: pages of stories, one story in full, feed health, stored figures."""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime

from crisiswatch.models import (
    FeedHealth,
    Figure,
    FigureReport,
    Kind,
    PartyShare,
    Qual,
    RaceStatus,
    Scope,
    ShareReport,
    StatusMention,
    StatusReport,
    StoredItem,
)
from crisiswatch.store.database import Store
from crisiswatch.store.schema import READING_COLUMNS

SEP = "\x1f"


def _dt(ts: float | None) -> datetime | None:
    return None if ts is None else datetime.fromtimestamp(ts, UTC)


def _dt_req(ts: float) -> datetime:
    return datetime.fromtimestamp(ts, UTC)


def _named(c: sqlite3.Connection, sql: str, args: Sequence[object] = ()) -> list[sqlite3.Row]:
    """The rows of a query, each read by column name."""
    cursor = c.execute(sql, args)
    cursor.row_factory = sqlite3.Row
    return cursor.fetchall()


@dataclass(frozen=True, slots=True)
class StoryFilter:
    """What the headline stream shows: a text filter, read items or not, one watch or all."""

    text: str = ""
    include_read: bool = True
    watch: str | None = None
    feeds: tuple[str, ...] | None = None
    """Only stories carried by one of these feeds (a tag's feeds); None: every feed."""


SEARCHED_TEXTS: tuple[tuple[str, str | None], ...] = (
    ("s.title", None),
    ("i.summary", "items i WHERE i.story_id = s.id"),
)
"""What `/` searches: (column, rows of the story `s` it is read from, or None for the story's
own row). The title, then every feed's copy of the text. A table of article text adds its own
pair here, and only here, e.g. ("a.text", "articles a JOIN items i ON ... WHERE i.story_id = s.id")."""


def _word_clause(match: str) -> str:
    """One word found in any searched text; `match` tests a column `{col}` with one `?`. The
    title is tried first, so a story whose title matches costs no look-up of its items."""
    parts = []
    for col, rows in SEARCHED_TEXTS:
        test = match.format(col=col)
        parts.append(test if rows is None else f"EXISTS (SELECT 1 FROM {rows} AND {test})")
    return "(" + " OR ".join(parts) + ")"


_LIKE = _word_clause("{col} LIKE ? ESCAPE '\\'")
_FOLDED = _word_clause("instr(cw_fold({col}), ?) > 0")


def _where(f: StoryFilter) -> tuple[str, list[object]]:
    clauses: list[str] = []
    args: list[object] = []
    # Every word must stand somewhere in the title or the story's text, in any order
    # ("bishkek injured"), not necessarily all in the same one.
    for word in f.text.split():
        if word.isascii():
            # LIKE folds ASCII case itself and needs no Python call per row.
            escaped = word.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
            clauses.append(_LIKE)
            args += [f"%{escaped}%"] * len(SEARCHED_TEXTS)
        else:
            # LIKE folds only ASCII: "бишкек" must find "Бишкек" too.
            clauses.append(_FOLDED)
            args += [word.casefold()] * len(SEARCHED_TEXTS)
    if not f.include_read:
        clauses.append("s.read = 0")
    if f.watch:
        clauses.append(
            "EXISTS (SELECT 1 FROM story_watches w WHERE w.story_id = s.id AND w.watch = ?)"
        )
        args.append(f.watch)
    if f.feeds is not None:
        marks = ", ".join("?" * len(f.feeds))
        clauses.append(
            f"EXISTS (SELECT 1 FROM items i WHERE i.story_id = s.id AND i.feed IN ({marks}))"
        )
        args.extend(f.feeds)
    return (" WHERE " + " AND ".join(clauses)) if clauses else "", args


_STORY_COLUMNS = (
    "s.id AS id, s.title AS title, s.url AS url, "
    "(SELECT summary FROM items i WHERE i.story_id = s.id ORDER BY i.id LIMIT 1) AS summary, "
    "s.published AS published, s.first_seen AS first_seen, s.read AS read, "
    "s.has_figures AS has_figures, "
    f"(SELECT group_concat(feed, '{SEP}') FROM items i WHERE i.story_id = s.id) AS feeds, "
    f"(SELECT group_concat(watch, '{SEP}') FROM story_watches w WHERE w.story_id = s.id) "
    "AS watches"
)


def _story(row: sqlite3.Row) -> StoredItem:
    feeds = row["feeds"] or ""
    watches = row["watches"] or ""
    return StoredItem(
        id=row["id"],
        title=row["title"],
        url=row["url"],
        summary=row["summary"],
        published=_dt_req(row["published"]),
        first_seen=_dt_req(row["first_seen"]),
        read=bool(row["read"]),
        has_figures=bool(row["has_figures"]),
        sources=tuple(dict.fromkeys(feeds.split(SEP))) if feeds else (),
        watches=tuple(watches.split(SEP)) if watches else (),
    )


def stories_page(store: Store, f: StoryFilter, offset: int, limit: int) -> list[StoredItem]:
    """Newest first; only `limit` rows, so a 100,000-item store costs what one screen costs."""
    where, args = _where(f)
    sql = (
        f"SELECT {_STORY_COLUMNS} FROM stories s{where} "
        "ORDER BY s.published DESC, s.id DESC LIMIT ? OFFSET ?"
    )
    with store.reading() as c:
        rows = _named(c, sql, [*args, limit, offset])
    return [_story(r) for r in rows]


def count_stories(store: Store, f: StoryFilter) -> int:
    where, args = _where(f)
    with store.reading() as c:
        return int(c.execute(f"SELECT count(*) FROM stories s{where}", args).fetchone()[0])


def story(store: Store, story_id: int) -> StoredItem | None:
    with store.reading() as c:
        rows = _named(c, f"SELECT {_STORY_COLUMNS} FROM stories s WHERE s.id = ?", (story_id,))
    return _story(rows[0]) if rows else None


@dataclass(frozen=True, slots=True)
class StorySource:
    """One feed's copy of a story: where it came from, its own link and text."""

    item_id: int
    feed: str
    url: str | None
    title: str
    summary: str
    published: datetime


def story_sources(store: Store, story_id: int) -> list[StorySource]:
    with store.reading() as c:
        rows = c.execute(
            "SELECT id, feed, url, title, summary, published FROM items WHERE story_id = ? "
            "ORDER BY published, id",
            (story_id,),
        ).fetchall()
    return [StorySource(r[0], r[1], r[2], r[3], r[4], _dt_req(r[5])) for r in rows]


_SENTENCE = (
    "CASE WHEN t.source IS NULL THEN t.sentence ELSE substr("
    "CASE t.source WHEN 'title' THEN i.title WHEN 'summary' THEN i.summary "
    "ELSE coalesce(i.article, '') END, t.sent_start + 1, t.sent_end - t.sent_start) END"
)
"""A figure's sentence: sliced out of the item's text it points into (facts/spans.py), or the
row's own copy for rows that have no span (written before spans, or not placeable)."""

_FIGURE_COLUMNS = ", ".join(
    f"{_SENTENCE} AS sentence" if name == "sentence" else f"t.{name} AS {name}"
    for name in READING_COLUMNS["figures"]
    if name not in ("is_total", "source", "sent_start", "sent_end")
)
"""A figure's columns (store/schema.py) as `Figure` has them, its sentence placed."""


def _figure(r: sqlite3.Row) -> Figure:
    return Figure(
        kind=Kind(r["kind"]),
        value=r["value"],
        qual=Qual(r["qual"]),
        high=r["high"],
        vague=bool(r["vague"]),
        attribution=r["attribution"],
        sentence=r["sentence"],
        start=r["start"],
        end=r["end"],
        scope=Scope(r["scope"]),
    )


def _item_figures(store: Store, item_id: int, is_total: int, order: str) -> list[Figure]:
    with store.reading() as c:
        rows = _named(
            c,
            f"SELECT {_FIGURE_COLUMNS} FROM figures t JOIN items i ON i.id = t.item_id "
            f"WHERE t.item_id = ? AND t.is_total = ? ORDER BY {order}",
            (item_id, is_total),
        )
    return [_figure(r) for r in rows]


def item_figures(store: Store, item_id: int) -> list[Figure]:
    """Every mention read from one item, for highlighting it in the item's text."""
    return _item_figures(store, item_id, 0, "t.start")


def item_totals(store: Store, item_id: int) -> list[Figure]:
    """An item's own total per kind: what it counted in the tally, beside its mentions."""
    return _item_figures(store, item_id, 1, "t.kind")


def _reports(
    store: Store, watch: str | None, table: str, select: str, where: str = ""
) -> list[sqlite3.Row]:
    """`select` from each row `t` of an item's reading in `table` (those `where` keeps), with
    its item's id, feed and date, oldest first; only `watch`'s stories unless it is None."""
    join, args = _watch_join(watch)
    with store.reading() as c:
        return _named(
            c,
            f"SELECT {select}, i.id AS item_id, i.feed AS feed, i.published AS at "
            f"FROM {table} t JOIN items i ON i.id = t.item_id{join} {where}"
            "ORDER BY i.published, i.id, t.id",
            args,
        )


def _columns(table: str) -> str:
    """Every written column of a reading's `table` (store/schema.py), by its own name."""
    return ", ".join(f"t.{name} AS {name}" for name in READING_COLUMNS[table])


def _provenance(r: sqlite3.Row) -> tuple[int, str, datetime]:
    """A report's item id, feed and date, as `_reports` selects them."""
    return r["item_id"], r["feed"], _dt_req(r["at"])


def figure_reports(store: Store, watch: str | None) -> list[FigureReport]:
    """Each item's total per kind, with provenance: what the casualty counters reconcile."""
    select = (
        f"{_FIGURE_COLUMNS}, i.title AS title, i.url AS url, "
        "CASE WHEN t.source = 'article' THEN coalesce(i.article_url, i.url) END AS article_url"
    )
    return [
        FigureReport(
            _figure(r),
            *_provenance(r),
            title=r["title"],
            url=r["url"],
            article_url=r["article_url"],
        )
        for r in _reports(store, watch, "figures", select, "WHERE t.is_total = 1 ")
    ]


def share_reports(store: Store, watch: str | None) -> list[ShareReport]:
    """Every party share read, with the counting progress and threshold its item stated."""
    select = (
        f"{_columns('shares')}, i.reporting_pct AS reporting_pct, "
        "i.threshold_pct AS threshold_pct, i.official AS official"
    )
    return [
        ShareReport(
            PartyShare(
                party=r["party"],
                pct=r["pct"],
                known=bool(r["known"]),
                start=r["start"],
                end=r["end"],
                race=r["race"],
                candidate=bool(r["candidate"]),
            ),
            *_provenance(r),
            reporting_pct=r["reporting_pct"],
            threshold_pct=r["threshold_pct"],
            official=bool(r["official"]),
        )
        for r in _reports(store, watch, "shares", select)
    ]


def status_reports(store: Store, watch: str | None) -> list[StatusReport]:
    """Every race status a text stated, oldest first: the tally takes each race's newest."""
    return [
        StatusReport(
            StatusMention(RaceStatus(r["status"]), r["race"], r["sentence"], r["start"], r["end"]),
            *_provenance(r),
        )
        for r in _reports(store, watch, "race_statuses", _columns("race_statuses"))
    ]


def _watch_join(watch: str | None) -> tuple[str, list[object]]:
    if watch is None:
        return "", []
    return " JOIN story_watches w ON w.story_id = i.story_id AND w.watch = ?", [watch]


def feed_health(store: Store) -> list[FeedHealth]:
    with store.reading() as c:
        rows = c.execute(
            "SELECT name, url, last_attempt, last_success, last_status, last_error, failures, "
            "next_poll, items_total, warning FROM feeds ORDER BY name"
        ).fetchall()
    return [
        FeedHealth(
            name=r[0],
            url=r[1],
            last_attempt=_dt(r[2]),
            last_success=_dt(r[3]),
            last_status=r[4],
            last_error=r[5],
            failures=r[6],
            next_poll=_dt(r[7]),
            items_total=r[8],
            warning=r[9],
        )
        for r in rows
    ]


def data_version(store: Store) -> int:
    """Changes whenever another connection commits: a cheap 'anything new?' for followers."""
    with store._lock:
        return int(store.conn.execute("PRAGMA data_version").fetchone()[0])


def max_story_id(store: Store) -> int:
    with store._lock:
        return int(store.conn.execute("SELECT coalesce(max(id), 0) FROM stories").fetchone()[0])


def story_of_item(store: Store, item_id: int) -> StoredItem | None:
    """The story an item belongs to: where Enter on a counter's report leads."""
    with store.reading() as c:
        rows = _named(
            c,
            f"SELECT {_STORY_COLUMNS} FROM stories s WHERE s.id = "
            "(SELECT story_id FROM items WHERE id = ?)",
            (item_id,),
        )
    return _story(rows[0]) if rows else None
