"""The SQLite store as a real file: schema, dedup, stories, figures, retention, snapshots."""

from __future__ import annotations

import sqlite3
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from crisiswatch.facts import FigureRow, ShareRow, StatusRow, reading
from crisiswatch.facts.keys import _TRACKING, dedup_key, story_key
from crisiswatch.models import (
    Extraction,
    Figure,
    Kind,
    ParsedItem,
    PartyShare,
    Qual,
    RaceStatus,
    StatusMention,
    Total,
)
from crisiswatch.store import (
    SCHEMA_VERSION,
    FeedState,
    FeedSuccess,
    SchemaTooNew,
    Store,
    StoreError,
)
from crisiswatch.store.reads import (
    StoryFilter,
    count_stories,
    feed_health,
    figure_reports,
    item_figures,
    share_reports,
    stories_page,
    story_sources,
)
from crisiswatch.store.schema import READING_COLUMNS
from stored import store_items, store_readings

T0 = datetime(2020, 10, 6, 8, 0, tzinfo=UTC)


def item(n: int, **kw: object) -> ParsedItem:
    fields: dict[str, object] = {
        "guid": f"g{n}",
        "url": f"https://news.example.org/{n}",
        "title": f"Story {n}",
        "summary": f"Text {n}",
        "published": T0 + timedelta(minutes=n),
    }
    fields.update(kw)
    return ParsedItem(**fields)  # type: ignore[arg-type]


def test_fresh_store_is_wal_and_current(tmp_path: Path) -> None:
    with Store(tmp_path / "s.db") as s:
        assert s.conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert s.conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    with Store(tmp_path / "s.db") as s:  # reopening migrates nothing twice
        assert s.conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION


def test_newer_schema_is_refused(tmp_path: Path) -> None:
    conn = sqlite3.connect(tmp_path / "s.db")
    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    conn.close()
    with pytest.raises(SchemaTooNew, match="upgrade crisiswatch"):
        Store(tmp_path / "s.db")


def test_unwritable_path_is_one_line(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("")
    with pytest.raises((StoreError, OSError)) as info:
        Store(blocker / "sub" / "s.db")
    assert "\n" not in str(info.value)


def test_dedup_keys() -> None:
    assert dedup_key(item(1)) == "g:g1"
    assert dedup_key(item(1, guid=None)) == "u:https://news.example.org/1"
    a = dedup_key(item(1, guid=None, url=None))
    assert a.startswith("h:") and a == dedup_key(item(1, guid=None, url=None, summary="other"))
    assert a != dedup_key(item(2, guid=None, url=None))


def test_story_key_ignores_tracking_and_www() -> None:
    assert story_key("https://www.Example.org/a/?utm_source=rss&id=3#top") == story_key(
        "http://example.org/a?id=3"
    )
    assert story_key("https://example.org/a?id=3") != story_key("https://example.org/a?id=4")
    assert story_key(None) is None


def _story_key_as_first_written(url: str) -> str:
    """story_key as version 1 spelled it with urlunsplit: stores already hold these keys."""
    parts = urlsplit(url)
    query = urlencode(
        [(k, v) for k, v in parse_qsl(parts.query) if not k.lower().startswith(_TRACKING)]
    )
    host = parts.netloc.lower().removeprefix("www.")
    return urlunsplit(("", host, parts.path.rstrip("/") or "/", query, ""))


URL_PIECES = st.sampled_from(
    [
        "https://",
        "http://",
        "//",
        "www.",
        "WWW.Example.org",
        "24.kg",
        "/",
        "a",
        "b/",
        "?",
        "&",
        "=",
        "utm_source=x",
        "id=4",
        "#top",
        ";p",
        "%20",
        "é",
        ":8080",
        "..",
        "fbclid=1&",
        "x:",
        # Where the plain-link shortcut must hand over to urlsplit:
        "HTTPS://",
        "Http://",
        "[",
        "]",
        "[::1]",
        "user@",
        "#x?y",
        " ",
        "\t",
    ]
)


@pytest.mark.slow
@settings(max_examples=2000, deadline=None)
@given(st.lists(URL_PIECES, max_size=8).map("".join))
def test_story_keys_stay_what_stored_stories_were_keyed_by(url: str) -> None:
    try:
        expected = _story_key_as_first_written(url)
    except ValueError:
        with pytest.raises(ValueError):
            story_key(url)
        return
    assert story_key(url) == (expected if url else None)


def test_items_once_per_feed_and_one_story_across_feeds(store: Store) -> None:
    store.sync_feeds([("A", "http://a"), ("B", "http://b")])
    assert len(store_items(store, "A", [item(1), item(2)])) == 2
    assert store_items(store, "A", [item(1), item(2)]) == []
    new = store_items(store, "B", [item(2, guid="other-guid"), item(3)])
    assert len(new) == 2
    assert count_stories(store, StoryFilter()) == 3
    page = stories_page(store, StoryFilter(), 0, 10)
    assert [s.title for s in page] == ["Story 3", "Story 2", "Story 1"], "newest first"
    assert page[1].sources == ("A", "B")
    assert [s.feed for s in story_sources(store, page[1].id)] == ["A", "B"]
    health = {h.name: h.items_total for h in feed_health(store)}
    assert health == {"A": 2, "B": 2}


def test_one_batch_telling_a_story_twice_gives_one_story_and_true_ids(store: Store) -> None:
    """A poll's rows go in as one statement per table with the ids given, not read back: the
    ids handed back, the items' stories and the figures' items must all be the stored ones."""
    url = "https://news.example.org/same"
    store_items(store, "A", [item(1)])
    new = store_items(
        store,
        "B",
        [item(2, url=url), item(3), item(4, url=url), item(1, guid="b-1")],
        extractions=[Extraction(), Extraction(), _extraction(), Extraction()],
    )
    stored = store.conn.execute("SELECT id, story_id, title FROM items ORDER BY id").fetchall()
    assert [(n.id, n.story_id, n.title) for n in new] == stored[1:]
    stories = dict(store.conn.execute("SELECT key, n_sources FROM stories").fetchall())
    assert stories[story_key(url)] == 2, "told twice in one batch: one story, two sources"
    assert stories[story_key(item(1).url)] == 2, "told before by A, now by B"
    assert len(stories) == 3
    page = {s.title: s for s in stories_page(store, StoryFilter(), 0, 10)}
    assert page["Story 2"].has_figures, "the second telling's figures mark the story"
    figure_items = {r[0] for r in store.conn.execute("SELECT item_id FROM figures")}
    assert figure_items == {new[2].id}
    assert store.conn.execute("PRAGMA foreign_key_check").fetchall() == []


def test_missing_or_future_dates_fall_back_to_first_seen(store: Store) -> None:
    now = T0.timestamp() + 3600
    store_items(
        store, "A", [item(1, published=None), item(2, published=T0 + timedelta(days=400))], now=now
    )
    times = {s.title: s.published.timestamp() for s in stories_page(store, StoryFilter(), 0, 10)}
    assert times == {"Story 1": now, "Story 2": now}


def test_filter_words_match_in_any_order_and_any_script(store: Store) -> None:
    store_items(
        store,
        "A",
        [
            item(1, title="Two injured in Bishkek clashes"),
            item(2, title="Bishkek calm after vote"),
            item(3, title="Протест в Бишкеке: ранены 590 человек"),
            item(4, title="ÉLECTIONS au Kirghizistan"),
        ],
    )
    assert count_stories(store, StoryFilter(text="bishkek injured")) == 1
    assert count_stories(store, StoryFilter(text="  BISHKEK  ")) == 2
    assert count_stories(store, StoryFilter(text="бишкеке ранены")) == 1, "Cyrillic folds too"
    assert count_stories(store, StoryFilter(text="élections")) == 1
    assert count_stories(store, StoryFilter(text="бишкек minsk")) == 0


def test_filter_read_and_text(store: Store) -> None:
    store_items(
        store, "A", [item(1, title="100% counted"), item(2, title="Protest_in Bishkek"), item(3)]
    )
    assert count_stories(store, StoryFilter(text="%")) == 1, "LIKE wildcards are literal"
    assert count_stories(store, StoryFilter(text="_in")) == 1
    assert count_stories(store, StoryFilter(text="bishkek")) == 1
    first = stories_page(store, StoryFilter(), 0, 1)[0]
    store.set_read(first.id)
    assert count_stories(store, StoryFilter(include_read=False)) == 2
    assert stories_page(store, StoryFilter(), 0, 1)[0].read


def test_watch_matching_at_ingest(store: Store) -> None:
    store_items(
        store,
        "A",
        [item(1, title="Protests in Bishkek"), item(2, title="Markets calm")],
        watches=[("KG", ("Bishkek", "Kyrgyzstan"))],
    )
    page = stories_page(store, StoryFilter(watch="KG"), 0, 10)
    assert [s.title for s in page] == ["Protests in Bishkek"]
    assert page[0].watches == ("KG",)


def _extraction() -> Extraction:
    sentence = "At least one person died and 590 were injured, the health ministry said."
    return Extraction(
        figures=(
            Figure(Kind.KILLED, 1, Qual.AT_LEAST, None, "the health ministry", sentence, 0, 12),
            Figure(Kind.INJURED, 590, Qual.EXACT, None, "the health ministry", sentence, 29, 32),
        ),
        totals={
            Kind.KILLED: Total(1, Qual.AT_LEAST),
            Kind.INJURED: Total(590, Qual.EXACT),
            Kind.ARRESTED: None,
            Kind.CROWD: None,
        },
        results=(PartyShare("Birimdik", 24.52, True, 40, 46),),
        reporting_pct=98.0,
        threshold_pct=7.0,
    )


def test_extractions_with_provenance_and_idempotent(store: Store) -> None:
    new = store_items(store, "A", [item(1)], watches=[("KG", ("Story",))])
    assert store.pending_extraction() == new
    store_readings(store, [(new[0], _extraction())])
    store_readings(store, [(new[0], _extraction())])  # a retried batch replaces
    assert store.pending_extraction() == []
    reports = figure_reports(store, "KG")
    assert [(r.figure.kind, r.figure.value, r.figure.qual) for r in reports] == [
        (Kind.KILLED, 1, Qual.AT_LEAST),
        (Kind.INJURED, 590, Qual.EXACT),
    ]
    assert reports[0].figure.attribution == "the health ministry"
    assert reports[0].source == "A" and reports[0].at == T0 + timedelta(minutes=1)
    assert figure_reports(store, "other") == []
    assert len(item_figures(store, new[0].id)) == 2
    (share,) = share_reports(store, None)
    assert (
        share.share.party == "Birimdik"
        and share.reporting_pct == 98.0
        and share.threshold_pct == 7.0
    )
    assert stories_page(store, StoryFilter(), 0, 1)[0].has_figures


def test_a_story_is_marked_as_reporting_once_any_of_its_items_does(store: Store) -> None:
    """The figure mark is written with the story: a later copy without figures must not clear
    it, and a later copy with figures must set it."""
    url = "https://news.example.org/clashes"

    def marked() -> list[bool]:
        return [s.has_figures for s in stories_page(store, StoryFilter(), 0, 10)]

    store_items(store, "A", [item(1, url=url)], extractions=[Extraction()])
    assert marked() == [False]
    store_items(store, "B", [item(2, url=url)], extractions=[_extraction()])
    assert marked() == [True]
    store_items(store, "C", [item(3, url=url)], extractions=[Extraction()])
    assert marked() == [True], "a copy that reports nothing leaves the mark"
    assert [s.sources for s in stories_page(store, StoryFilter(), 0, 10)] == [("A", "B", "C")]
    figures_per_item = store.conn.execute(
        "SELECT item_id, count(*) FROM figures GROUP BY item_id"
    ).fetchall()
    assert len(figures_per_item) == 1 and figures_per_item[0][1] == 4, "2 mentions + 2 totals"
    assert store.conn.execute("SELECT count(*) FROM shares").fetchone()[0] == 1


def test_retention_prunes_old_items_and_their_figures(store: Store) -> None:
    old = store_items(store, "A", [item(1)], now=T0.timestamp())
    store_items(store, "A", [item(100)], now=(T0 + timedelta(days=40)).timestamp())
    store_readings(store, [(old[0], _extraction())])
    removed = store.prune(older_than=(T0 + timedelta(days=10)).timestamp())
    assert removed == 1
    assert [s.title for s in stories_page(store, StoryFilter(), 0, 10)] == ["Story 100"]
    assert store.conn.execute("SELECT count(*) FROM figures").fetchone()[0] == 0


def test_changed_url_resets_validators(store: Store) -> None:
    store.sync_feeds([("A", "http://a/1")])
    store.record_success("A", status=200, etag='"x"', last_modified="Tue", next_poll=0)
    store.sync_feeds([("A", "http://a/1")])
    assert store.feed_state("A").etag == '"x"'
    store.sync_feeds([("A", "http://a/2")])
    assert store.feed_state("A").etag is None and store.feed_state("A").last_modified is None


def test_a_poll_commits_its_items_and_its_health_together(store: Store) -> None:
    store.sync_feeds([("A", "http://a/1"), ("B", "http://b/1")])
    store.record_failure("A", status=503, error="HTTP 503", next_poll=0)
    ok = FeedSuccess(200, '"v2"', "Wed", next_poll=1234.0, warning="3 items had no date")
    store_items(store, "A", [item(1), item(2)], success=ok)
    states = store.feed_states()
    assert states["A"] == FeedState('"v2"', "Wed", 0, 1234.0)
    assert states["B"] == FeedState(None, None, 0, None)
    (health,) = [h for h in feed_health(store) if h.name == "A"]
    assert health.items_total == 2 and health.last_status == 200 and health.last_error is None
    # A write that fails half way keeps neither the items nor the good news.
    store.conn.execute(
        "CREATE TRIGGER refuse BEFORE INSERT ON items WHEN NEW.guid = 'g4' "
        "BEGIN SELECT RAISE(ABORT, 'refused'); END"
    )
    later = FeedSuccess(200, '"v3"', None, next_poll=9999.0)
    with pytest.raises(sqlite3.IntegrityError, match="refused"):
        store_items(store, "A", [item(3), item(4)], success=later)
    assert store.feed_states()["A"] == FeedState('"v2"', "Wed", 0, 1234.0)
    assert store.conn.execute("SELECT count(*) FROM items").fetchone()[0] == 2


def test_readonly_store_refuses_writes(tmp_path: Path) -> None:
    Store(tmp_path / "s.db").close()
    with Store(tmp_path / "s.db", readonly=True) as r, pytest.raises(sqlite3.OperationalError):
        store_items(r, "A", [item(1)])


def test_each_readings_declared_columns_are_its_tables_columns(store: Store) -> None:
    """The row types declare what every INSERT writes: they must be the migrated tables'
    columns after the id and the item's id, in order."""
    for table, columns in READING_COLUMNS.items():
        stored = [r[1] for r in store.conn.execute(f"PRAGMA table_info({table})")]
        assert stored == ["id", "item_id", *columns], table


def test_a_readings_rows_read_back_by_their_declared_names() -> None:
    """The rows are built as plain tuples: each value must stand where its name says."""
    said = StatusMention(RaceStatus.FINAL, "parliamentary", "The count is final.", 50, 68)
    read = reading(replace(_extraction(), statuses=(said,)), "Story 1", "Text 1")
    figures = [FigureRow(*f) for f in read.figures]  # type: ignore[arg-type]
    assert [(f.is_total, f.kind, f.value, f.qual, f.start, f.end) for f in figures] == [
        (0, "killed", 1, "at_least", 0, 12),
        (0, "injured", 590, "exact", 29, 32),
        (1, "killed", 1, "at_least", 0, 12),
        (1, "injured", 590, "exact", 29, 32),
    ]
    # The quote is not in "Story 1\n\nText 1": every row keeps its own copy, and no span.
    assert {(f.sentence, f.source, f.sent_start) for f in figures} == {
        (_extraction().figures[0].sentence, None, None)
    }
    assert {(f.attribution, f.scope, f.high, f.vague) for f in figures} == {
        ("the health ministry", "unknown", None, 0)
    }
    share = ShareRow(*read.shares[0])  # type: ignore[arg-type]
    assert share == ShareRow("Birimdik", 24.52, 1, 40, 46, None, 0)
    assert StatusRow(*read.statuses[0]) == StatusRow(  # type: ignore[arg-type]
        "parliamentary", "final", "The count is final.", 50, 68
    )
    assert (read.reporting_pct, read.threshold_pct, read.reports) == (98.0, 7.0, True)
