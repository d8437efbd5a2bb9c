"""The data path against a real 127.0.0.1 server: formats, validators, dedup, faults, politeness."""

from __future__ import annotations

import sqlite3
import threading
import time
from itertools import pairwise
from pathlib import Path

import pytest

from configs import make_config
from crisiswatch.config import FeedConfig, FeedFormat, JsonMapping, Watch
from crisiswatch.pollers.poller import Poller
from crisiswatch.store import Store
from crisiswatch.store.reads import StoryFilter, count_stories, feed_health, stories_page
from feedserver import Entry, FeedServer, Route, atom, entries, jsonfeed, rdf, rss, wire


def feed(server: FeedServer, name: str, path: str, **kw: object) -> FeedConfig:
    return FeedConfig(name=name, url=server.url(path), **kw)  # type: ignore[arg-type]


def items_of(store: Store, feed_name: str) -> list[tuple[str, str, str | None]]:
    return store.conn.execute(
        "SELECT guid, title, url FROM items WHERE feed = ? ORDER BY id", (feed_name,)
    ).fetchall()


async def test_every_format_is_parsed_into_items(feed_server: FeedServer, store: Store) -> None:
    feed_server.routes["/rss"] = Route(rss(entries("rss", 3)))
    feed_server.routes["/atom"] = Route(
        atom(entries("atom", 3)), content_type="application/atom+xml"
    )
    feed_server.routes["/rdf"] = Route(rdf(entries("rdf", 3)), content_type="application/rdf+xml")
    feed_server.routes["/feed.json"] = Route(
        jsonfeed(entries("jf", 3)), content_type="application/feed+json"
    )
    feed_server.routes["/wire"] = Route(wire(entries("wire", 3)), content_type="application/json")
    config = make_config(
        [
            feed(feed_server, "RSS", "/rss"),
            feed(feed_server, "Atom", "/atom"),
            feed(feed_server, "RDF", "/rdf"),
            feed(feed_server, "JSON Feed", "/feed.json"),
            feed(
                feed_server,
                "Wire",
                "/wire",
                format=FeedFormat.JSON,
                json=JsonMapping(items="articles", published="seendate", guid="url"),
            ),
        ]
    )
    poller = Poller(config, store)
    outcomes = await poller.poll_once()
    await poller.aclose()
    assert [o.ok for o in outcomes] == [True] * 5, [o.error for o in outcomes]
    assert [o.new_items for o in outcomes] == [3] * 5
    for name, prefix in [
        ("RSS", "rss"),
        ("Atom", "atom"),
        ("RDF", "rdf"),
        ("JSON Feed", "jf"),
        ("Wire", "wire"),
    ]:
        rows = items_of(store, name)
        assert [r[1] for r in rows] == [f"{prefix} story {i}" for i in range(3)], name
        assert all(r[2] == f"https://news.example.org/{prefix}/{i}" for i, r in enumerate(rows)), (
            name
        )
    # Dates survive every format: the newest story is 08:00 UTC on 6 Oct 2020.
    newest = stories_page(store, StoryFilter(), 0, 1)[0]
    assert newest.published.isoformat() == "2020-10-06T08:00:00+00:00"


async def test_second_poll_sends_validators_and_stores_nothing_new(
    feed_server: FeedServer, store: Store
) -> None:
    feed_server.routes["/rss"] = Route(rss(entries("a", 5)))
    poller = Poller(make_config([feed(feed_server, "A", "/rss")]), store)
    first = await poller.poll_once()
    second = await poller.poll_once()
    await poller.aclose()
    assert first[0].new_items == 5
    assert second[0].status == 304 and second[0].ok and second[0].new_items == 0
    hits = feed_server.hits("/rss")
    assert "if-none-match" not in hits[0].headers
    assert hits[1].headers["if-none-match"].startswith('"')
    assert hits[1].headers["if-modified-since"] == "Tue, 06 Oct 2020 08:00:00 GMT"
    assert "crisiswatch/" in hits[0].headers["user-agent"]
    assert "gzip" in hits[0].headers["accept-encoding"]
    assert count_stories(store, StoryFilter()) == 5


async def test_dedup_within_and_across_feeds(feed_server: FeedServer, store: Store) -> None:
    shared = entries("s", 3)
    # The same guid twice in one body, and the same story links in a second feed.
    feed_server.routes["/one"] = Route(rss([*shared, shared[0]]), validators=False)
    feed_server.routes["/two"] = Route(atom(entries("s", 3)), content_type="application/atom+xml")
    poller = Poller(
        make_config([feed(feed_server, "One", "/one"), feed(feed_server, "Two", "/two")]), store
    )
    outcomes = await poller.poll_once()
    again = await poller.poll_once()  # /one has no validators: a full 200 again
    await poller.aclose()
    assert [o.new_items for o in outcomes] == [3, 3]
    assert again[0].status == 200 and again[0].new_items == 0
    assert store.conn.execute("SELECT count(*) FROM items").fetchone()[0] == 6
    assert count_stories(store, StoryFilter()) == 3, "one story per link, whatever the feed"
    page = stories_page(store, StoryFilter(), 0, 10)
    assert all(set(s.sources) == {"One", "Two"} for s in page)


async def test_a_story_without_guid_or_link_dedups_by_title_and_date(
    feed_server: FeedServer, store: Store
) -> None:
    body = rss(entries("x", 2)).replace(b'<guid isPermaLink="false">x-0</guid>', b"")
    body = body.replace(b"<link>https://news.example.org/x/0</link>", b"")
    feed_server.routes["/rss"] = Route(body, validators=False)
    poller = Poller(make_config([feed(feed_server, "A", "/rss")]), store)
    await poller.poll_once()
    await poller.poll_once()
    await poller.aclose()
    assert store.conn.execute("SELECT count(*) FROM items").fetchone()[0] == 2


FAULTS = ["500", "refused", "timeout", "malformed", "oversized", "redirect-loop", "429"]


@pytest.mark.slow
async def test_each_fault_marks_only_its_own_feed(
    feed_server: FeedServer, store: Store, unused_port: int
) -> None:
    feed_server.routes["/good"] = Route(rss(entries("good", 4)))
    feed_server.routes["/500"] = Route(b"oops", status=500, content_type="text/plain")
    feed_server.routes["/timeout"] = Route(rss(entries("slow", 1)), stall=3.0)
    feed_server.routes["/malformed"] = Route(b"<rss><channel><title>broken</channel")
    feed_server.routes["/oversized"] = Route(chunked_size=3_000_000)
    feed_server.routes["/loop"] = Route(redirect_to="/loop")
    feed_server.routes["/429"] = Route(
        b"slow down", status=429, headers={"Retry-After": "120"}, content_type="text/plain"
    )
    feeds = [
        feed(feed_server, "good", "/good"),
        feed(feed_server, "500", "/500"),
        FeedConfig(name="refused", url=f"http://127.0.0.1:{unused_port}/feed"),
        feed(feed_server, "timeout", "/timeout"),
        feed(feed_server, "malformed", "/malformed"),
        feed(feed_server, "oversized", "/oversized"),
        feed(feed_server, "redirect-loop", "/loop"),
        feed(feed_server, "429", "/429"),
    ]
    config = make_config(feeds, timeout=1.0, max_body=1_000_000)
    poller = Poller(config, store)
    started = time.time()
    outcomes = {o.feed: o for o in await poller.poll_once()}
    await poller.aclose()
    assert outcomes["good"].ok and outcomes["good"].new_items == 4
    assert len(items_of(store, "good")) == 4
    for name in FAULTS:
        assert not outcomes[name].ok, name
        assert outcomes[name].new_items == 0
    errors = {o.feed: o.error or "" for o in outcomes.values()}
    assert errors["500"].startswith("HTTP 500")
    assert "connection refused" in errors["refused"]
    assert "timed out" in errors["timeout"]
    assert errors["malformed"], "a parse error reads as a line"
    assert "max_body" in errors["oversized"]
    assert "redirect" in errors["redirect-loop"]
    assert errors["429"].startswith("HTTP 429") and "retry after 120s" in errors["429"]
    health = {h.name: h for h in feed_health(store)}
    assert health["good"].ok and health["good"].failures == 0
    for name in FAULTS:
        h = health[name]
        assert h.failures == 1 and not h.ok, name
        assert h.last_error == errors[name]
        assert "\n" not in (h.last_error or "")
    # Retry-After is a floor for the next poll.
    assert health["429"].next_poll is not None
    assert health["429"].next_poll.timestamp() >= started + 120


async def test_backoff_grows_with_consecutive_failures(
    feed_server: FeedServer, store: Store
) -> None:
    feed_server.routes["/500"] = Route(b"x", status=500, content_type="text/plain")
    poller = Poller(
        make_config([feed(feed_server, "bad", "/500", interval=60.0)], max_backoff=600.0), store
    )
    delays = [(await poller.poll_feed(poller.feeds[0])).next_delay for _ in range(5)]
    await poller.aclose()
    assert delays == [60.0, 120.0, 240.0, 480.0, 600.0]
    assert feed_health(store)[0].failures == 5
    # Recovery resets the count.
    feed_server.routes["/500"] = Route(rss(entries("ok", 1)))
    poller = Poller(make_config([feed(feed_server, "bad", "/500", interval=60.0)]), store)
    outcome = await poller.poll_feed(poller.feeds[0])
    await poller.aclose()
    assert outcome.ok and outcome.next_delay == 60.0
    assert feed_health(store)[0].failures == 0


async def test_cache_control_max_age_and_ttl_are_floors(
    feed_server: FeedServer, store: Store
) -> None:
    feed_server.routes["/cc"] = Route(
        rss(entries("cc", 1)), headers={"Cache-Control": "max-age=900"}
    )
    feed_server.routes["/ttl"] = Route(rss(entries("ttl", 1), ttl=20))
    config = make_config(
        [
            feed(feed_server, "cc", "/cc", interval=60.0),
            feed(feed_server, "ttl", "/ttl", interval=60.0),
        ]
    )
    poller = Poller(config, store)
    cc, ttl = await poller.poll_once()
    await poller.aclose()
    assert cc.next_delay == 900.0
    assert ttl.next_delay == 1200.0


@pytest.mark.slow
async def test_per_host_spacing_holds(feed_server: FeedServer, store: Store) -> None:
    for i in range(6):
        feed_server.routes[f"/f{i}"] = Route(rss(entries(f"f{i}", 1)))
    config = make_config(
        [feed(feed_server, f"f{i}", f"/f{i}") for i in range(6)], host_spacing=0.2, per_host=4
    )
    poller = Poller(config, store)
    await poller.poll_once()
    await poller.aclose()
    starts = poller.gate.starts["127.0.0.1:" + feed_server.base.rsplit(":", 1)[1]]
    gaps = [b - a for a, b in pairwise(starts)]
    assert len(starts) == 6
    assert min(gaps) >= 0.199, gaps
    # And as the server saw them: six arrivals spread over at least five spacings.
    arrivals = sorted(r.at for r in feed_server.requests)
    # (less the first connections' set-up time, which delays only the earliest arrivals)
    assert arrivals[-1] - arrivals[0] >= 0.7


async def test_bozo_feed_with_entries_is_stored_with_warning(
    feed_server: FeedServer, store: Store
) -> None:
    # An unescaped ampersand makes the XML ill-formed, but the entries are readable.
    body = rss(entries("b", 2)).replace(
        b"<title>b story 0</title>", b"<title>b story 0 & more</title>"
    )
    feed_server.routes["/bozo"] = Route(body)
    poller = Poller(make_config([feed(feed_server, "bozo", "/bozo")]), store)
    (outcome,) = await poller.poll_once()
    await poller.aclose()
    assert outcome.ok and outcome.new_items == 2
    assert outcome.warning
    assert feed_health(store)[0].warning == outcome.warning


async def test_gzip_bodies_are_read(feed_server: FeedServer, store: Store) -> None:
    feed_server.routes["/gz"] = Route(rss(entries("gz", 2)), gzip=True)
    poller = Poller(make_config([feed(feed_server, "gz", "/gz")]), store)
    (outcome,) = await poller.poll_once()
    await poller.aclose()
    assert outcome.ok and outcome.new_items == 2


async def test_watch_keywords_and_figures_are_stored_at_ingest(
    feed_server: FeedServer, store: Store
) -> None:
    body = rss(entries("n", 1)).replace(
        b"Report number 0 from n.",
        b"Clashes in Bishkek left at least one person dead and 590 injured, the health ministry said.",
    )
    feed_server.routes["/k"] = Route(body)
    watch = Watch(name="KG", keywords=("Bishkek",))
    poller = Poller(make_config([feed(feed_server, "k", "/k")], watches=(watch,)), store)
    await poller.poll_once()
    await poller.aclose()
    (story,) = stories_page(store, StoryFilter(watch="KG"), 0, 5)
    assert story.watches == ("KG",) and story.has_figures
    totals = dict(
        store.conn.execute("SELECT kind, value FROM figures WHERE is_total = 1").fetchall()
    )
    assert totals == {"killed": 1, "injured": 590}


def test_reader_keeps_reading_while_poller_writes(feed_server: FeedServer, tmp_path: Path) -> None:
    """A reader on its own connection never sees 'database is locked' while items pour in."""
    import asyncio

    for i in range(20):
        feed_server.routes[f"/f{i}"] = Route(rss(entries(f"f{i}", 30)))
    db = tmp_path / "shared.db"
    writer = Store(db)
    config = make_config([feed(feed_server, f"f{i}", f"/f{i}") for i in range(20)])
    reads: list[int] = []
    errors: list[Exception] = []
    done = threading.Event()

    def reader() -> None:
        r = Store(db, readonly=True)
        try:
            while not done.is_set():
                try:
                    reads.append(count_stories(r, StoryFilter()))
                    stories_page(r, StoryFilter(), 0, 50)
                except sqlite3.Error as exc:
                    errors.append(exc)
        finally:
            r.close()

    t = threading.Thread(target=reader)
    t.start()
    poller = Poller(config, writer)
    try:
        asyncio.run(_poll_and_close(poller))
    finally:
        done.set()
        t.join()
        writer.close()
    assert not errors
    assert len(reads) > 10
    assert reads == sorted(reads), "counts only ever grow, each read a consistent snapshot"
    assert reads[-1] == 600 or count_stories(Store(db, readonly=True), StoryFilter()) == 600


async def _poll_and_close(poller: Poller) -> None:
    await poller.poll_once()
    await poller.aclose()


@pytest.fixture
def unused_port() -> int:
    import socket

    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = int(s.getsockname()[1])
    s.close()
    return port


@pytest.mark.slow
async def test_run_rearms_each_feed_after_its_poll_and_never_overlaps(
    feed_server: FeedServer, store: Store
) -> None:
    import asyncio

    # Each answer takes 0.3 s, longer than the 0.1 s interval: polls must still never overlap.
    feed_server.routes["/slow"] = Route(rss(entries("slow", 2)), stall=0.3, validators=False)
    feed_server.routes["/fast"] = Route(rss(entries("fast", 2)), validators=False)
    config = make_config(
        [
            feed(feed_server, "slow", "/slow", interval=0.1),
            feed(feed_server, "fast", "/fast", interval=0.1),
        ],
        timeout=2.0,
    )
    outcomes: list[str] = []
    poller = Poller(config, store, on_outcome=lambda o: outcomes.append(o.feed))
    stop = asyncio.Event()
    task = asyncio.create_task(poller.run(stop))
    # Run for three slow answers, however long a loaded machine takes to give them.
    deadline = time.monotonic() + 30
    while len(feed_server.hits("/slow")) < 3 and time.monotonic() < deadline:
        await asyncio.sleep(0.02)
    stop.set()
    await task
    await poller.aclose()
    slow = [r.at for r in feed_server.hits("/slow")]
    assert len(slow) >= 3
    assert all(b - a >= 0.3 for a, b in pairwise(slow)), "no overlap"
    assert outcomes.count("fast") > outcomes.count("slow"), "a slow feed does not hold up others"


async def test_poll_now_wakes_waiting_feeds(feed_server: FeedServer, store: Store) -> None:
    import asyncio

    feed_server.routes["/f"] = Route(rss(entries("f", 1)))
    config = make_config([feed(feed_server, "f", "/f", interval=3600.0)])
    poller = Poller(config, store)
    stop = asyncio.Event()
    task = asyncio.create_task(poller.run(stop))
    for _ in range(100):
        await asyncio.sleep(0.02)
        if feed_server.hits("/f"):
            break
    await asyncio.sleep(0.1)
    assert len(feed_server.hits("/f")) == 1
    poller.poll_now()
    for _ in range(100):
        await asyncio.sleep(0.02)
        if len(feed_server.hits("/f")) == 2:
            break
    stop.set()
    await task
    await poller.aclose()
    assert len(feed_server.hits("/f")) == 2


async def test_a_stored_next_poll_is_honoured_across_restarts(
    feed_server: FeedServer, store: Store
) -> None:
    import asyncio

    feed_server.routes["/f"] = Route(rss(entries("f", 1)))
    config = make_config([feed(feed_server, "f", "/f", interval=3600.0)])
    first = Poller(config, store)
    await first.poll_once()
    await first.aclose()
    second = Poller(config, store)  # a restart: the feed is not due for an hour
    stop = asyncio.Event()
    task = asyncio.create_task(second.run(stop))
    await asyncio.sleep(0.3)
    stop.set()
    await task
    await second.aclose()
    assert len(feed_server.hits("/f")) == 1


async def test_a_full_store_fails_the_poll_cleanly_and_writes_nothing_half(
    feed_server: FeedServer, store: Store
) -> None:
    feed_server.routes["/a"] = Route(rss(entries("a", 1)))
    feed_server.routes["/b"] = Route(rss(entries("b", 200)))
    config = make_config([feed(feed_server, "a", "/a"), feed(feed_server, "b", "/b")])
    poller = Poller(config, store)
    await poller.poll_feed(poller.feeds[0])
    # SQLite's own limit stands in for a full disk: the same SQLITE_FULL error reaches us.
    pages = store.conn.execute("PRAGMA page_count").fetchone()[0]
    store.conn.execute(f"PRAGMA max_page_count = {pages}")
    outcome = await poller.poll_feed(poller.feeds[1])
    await poller.aclose()
    assert not outcome.ok
    assert outcome.error is not None and outcome.error.startswith("store write failed:")
    assert "full" in outcome.error
    assert items_of(store, "b") == [], "the batch rolled back whole"
    assert len(items_of(store, "a")) == 1
    assert store.conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"


async def test_an_extractor_bug_on_one_item_costs_only_its_figures(
    feed_server: FeedServer, store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A text that trips a bug in extraction: the feed's items are all stored, the others' figures
    read, and feed health says which went unread, instead of the whole feed failing each poll."""
    import crisiswatch.extract
    from crisiswatch.pollers.cpu import CpuPool

    real = crisiswatch.extract.extract

    def flaky(text: str, election: object = None):  # type: ignore[no-untyped-def]
        if "trips the bug" in text:
            raise KeyError("bırımdık")
        return real(text, election)  # type: ignore[arg-type]

    monkeypatch.setattr(crisiswatch.extract, "extract", flaky)
    feed_server.routes["/f"] = Route(
        rss(
            [
                Entry(guid="a", title="Two killed in Bishkek", summary="Two people were killed."),
                Entry(guid="b", title="This one trips the bug", summary="Five were injured."),
                Entry(guid="c", title="Three detained", summary="Police detained three men."),
            ]
        )
    )
    poller = Poller(make_config([feed(feed_server, "f", "/f")]), store, cpu=CpuPool(workers=0))
    (outcome,) = await poller.poll_once()
    await poller.aclose()
    assert outcome.ok and outcome.new_items == 3
    assert (
        outcome.warning == "figures not read from 1 item(s) (internal error: KeyError: 'bırımdık')"
    )
    (health,) = feed_health(store)
    assert health.warning == outcome.warning
    kinds = {r[0] for r in store.conn.execute("SELECT kind FROM figures")}
    assert kinds == {"killed", "arrested"}, "the other items' figures were read"


async def test_building_a_poller_touches_no_store_and_its_start_writes_in_a_thread(
    feed_server: FeedServer, store: Store
) -> None:
    """A TUI builds its poller on its event loop: the feeds' health rows (a write that may wait
    out the busy timeout) are written when polling starts, from a worker thread."""
    calls: list[tuple[int, str]] = []
    store.conn.set_trace_callback(lambda sql: calls.append((threading.get_ident(), sql)))
    loop_thread = threading.get_ident()
    feed_server.routes["/rss"] = Route(rss(entries("rss", 1)))
    poller = Poller(make_config([feed(feed_server, "A", "/rss")]), store)
    assert calls == []
    await poller.prepare()
    await poller.prepare()  # once only
    inserts = [(t, sql) for t, sql in calls if sql.startswith("INSERT INTO feeds")]
    assert len(inserts) == 1 and inserts[0][0] != loop_thread
    outcome = await poller.poll_feed(poller.feeds[0])
    await poller.aclose()
    assert outcome.ok and outcome.new_items == 1
    assert all(t != loop_thread for t, _ in calls), [sql for t, sql in calls if t == loop_thread]
    assert [h.name for h in feed_health(store)] == ["A"]
