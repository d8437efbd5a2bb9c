"""Queries the readers need: pages of stories, one story in full, feed health, stored figures."""

from __future__ import annotations

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

SEP = "\x1f"


def _dt(ts: float | None) -> datetime | None:
    return None if ts is None else datetime.fromtimestamp(ts, UTC)


def _dt_req(ts: float) -> datetime:
    return datetime.fromtimestamp(ts, UTC)


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
    "s.id, s.title, s.url, "
    "(SELECT summary FROM items i WHERE i.story_id = s.id ORDER BY i.id LIMIT 1), s.published, s.first_seen, s.read, s.has_figures, "
    f"(SELECT group_concat(feed, '{SEP}') FROM items i WHERE i.story_id = s.id), "
    f"(SELECT group_concat(watch, '{SEP}') FROM story_watches w WHERE w.story_id = s.id)"
)


def _story(row: tuple[object, ...]) -> StoredItem:
    feeds = str(row[8] or "")
    watches = str(row[9] or "")
    return StoredItem(
        id=int(row[0]),  # type: ignore[call-overload]
        title=str(row[1]),
        url=None if row[2] is None else str(row[2]),
        summary=str(row[3]),
        published=_dt_req(float(row[4])),  # type: ignore[arg-type]
        first_seen=_dt_req(float(row[5])),  # type: ignore[arg-type]
        read=bool(row[6]),
        has_figures=bool(row[7]),
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
        rows = c.execute(sql, [*args, limit, offset]).fetchall()
    return [_story(r) for r in rows]


def count_stories(store: Store, f: StoryFilter) -> int:
    where, args = _where(f)
    with store.reading() as c:
        return int(c.execute(f"SELECT count(*) FROM stories s{where}", args).fetchone()[0])


def story(store: Store, story_id: int) -> StoredItem | None:
    with store.reading() as c:
        row = c.execute(
            f"SELECT {_STORY_COLUMNS} FROM stories s WHERE s.id = ?", (story_id,)
        ).fetchone()
    return _story(row) if row else None


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


def _figure(row: tuple[object, ...]) -> Figure:
    return Figure(
        kind=Kind(str(row[0])),
        value=int(row[1]),  # type: ignore[call-overload]
        qual=Qual(str(row[2])),
        high=None if row[3] is None else int(row[3]),  # type: ignore[call-overload]
        vague=bool(row[4]),
        attribution=None if row[5] is None else str(row[5]),
        sentence=str(row[6]),
        start=int(row[7]),  # type: ignore[call-overload]
        end=int(row[8]),  # type: ignore[call-overload]
        scope=Scope(str(row[9])),
    )


_SENTENCE = (
    "CASE WHEN f.source IS NULL THEN f.sentence ELSE substr("
    "CASE f.source WHEN 'title' THEN i.title WHEN 'summary' THEN i.summary "
    "ELSE coalesce(i.article, '') END, f.sent_start + 1, f.sent_end - f.sent_start) END"
)
"""A figure's sentence: sliced out of the item's text it points into (store/spans.py), or the
row's own copy for rows that have no span (written before spans, or not placeable)."""

_FIGURE_COLUMNS = (
    f"f.kind, f.value, f.qual, f.high, f.vague, f.attribution, {_SENTENCE}, f.start, f.end, f.scope"
)


def item_figures(store: Store, item_id: int) -> list[Figure]:
    """Every mention read from one item, for highlighting it in the item's text."""
    with store.reading() as c:
        rows = c.execute(
            f"SELECT {_FIGURE_COLUMNS} FROM figures f JOIN items i ON i.id = f.item_id "
            "WHERE f.item_id = ? AND f.is_total = 0 "
            "ORDER BY f.start",
            (item_id,),
        ).fetchall()
    return [_figure(r) for r in rows]


def figure_reports(store: Store, watch: str | None) -> list[FigureReport]:
    """Each item's total per kind, with provenance: what the casualty counters reconcile."""
    join, args = _watch_join(watch)
    with store.reading() as c:
        rows = c.execute(
            f"SELECT {_FIGURE_COLUMNS}, i.id, i.feed, i.published, i.title, i.url, "
            "CASE WHEN f.source = 'article' THEN coalesce(i.article_url, i.url) END "
            f"FROM figures f JOIN items i ON i.id = f.item_id{join} "
            "WHERE f.is_total = 1 ORDER BY i.published, i.id",
            args,
        ).fetchall()
    return [
        FigureReport(
            figure=_figure(r[:10]),
            item_id=r[10],
            source=r[11],
            at=_dt_req(r[12]),
            title=r[13],
            url=r[14],
            article_url=r[15],
        )
        for r in rows
    ]


def share_reports(store: Store, watch: str | None) -> list[ShareReport]:
    """Every party share read, with the counting progress and threshold its item stated."""
    join, args = _watch_join(watch)
    with store.reading() as c:
        rows = c.execute(
            "SELECT sh.party, sh.pct, sh.known, sh.start, sh.end, i.id, i.feed, i.published, "
            "i.reporting_pct, i.threshold_pct, sh.race, sh.candidate, i.official "
            f"FROM shares sh JOIN items i ON i.id = sh.item_id{join} "
            "ORDER BY i.published, i.id, sh.id",
            args,
        ).fetchall()
    return [
        ShareReport(
            share=PartyShare(
                party=r[0],
                pct=r[1],
                known=bool(r[2]),
                start=r[3],
                end=r[4],
                race=r[10],
                candidate=bool(r[11]),
            ),
            item_id=r[5],
            source=r[6],
            at=_dt_req(r[7]),
            reporting_pct=r[8],
            threshold_pct=r[9],
            official=bool(r[12]),
        )
        for r in rows
    ]


def status_reports(store: Store, watch: str | None) -> list[StatusReport]:
    """Every race status a text stated, oldest first: the tally takes each race's newest."""
    join, args = _watch_join(watch)
    with store.reading() as c:
        rows = c.execute(
            "SELECT st.status, st.race, st.sentence, st.start, st.end, i.id, i.feed, i.published "
            f"FROM race_statuses st JOIN items i ON i.id = st.item_id{join} "
            "ORDER BY i.published, i.id, st.id",
            args,
        ).fetchall()
    return [
        StatusReport(
            mention=StatusMention(RaceStatus(r[0]), r[1], r[2], r[3], r[4]),
            item_id=r[5],
            source=r[6],
            at=_dt_req(r[7]),
        )
        for r in rows
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
        row = c.execute(
            f"SELECT {_STORY_COLUMNS} FROM stories s WHERE s.id = "
            "(SELECT story_id FROM items WHERE id = ?)",
            (item_id,),
        ).fetchone()
    return _story(row) if row else None


def item_totals(store: Store, item_id: int) -> list[Figure]:
    """An item's own total per kind: what it counted in the tally, beside its mentions."""
    with store.reading() as c:
        rows = c.execute(
            f"SELECT {_FIGURE_COLUMNS} FROM figures f JOIN items i ON i.id = f.item_id "
            "WHERE f.item_id = ? AND f.is_total = 1 "
            "ORDER BY f.kind",
            (item_id,),
        ).fetchall()
    return [_figure(r) for r in rows]
