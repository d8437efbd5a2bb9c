"""Hostile feed bodies served from 127.0.0.1 through the real Poller and Store: nothing gets in."""

from __future__ import annotations

import re
import resource
import struct
import time
import zlib
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from configs import make_config
from crisiswatch.config import FeedConfig, FeedFormat
from crisiswatch.pollers.parse import SUMMARY_LIMIT, TITLE_LIMIT
from crisiswatch.pollers.poller import Poller, PollOutcome
from crisiswatch.store import Store
from crisiswatch.store.reads import StoryFilter, count_stories, feed_health, stories_page
from feedserver import FeedServer, Route
from memory import PeakRss

MB = 1 << 20

# Anything that could act on a terminal or hide text: C0 (every one: layout controls must have
# become spaces), DEL, C1, bidi embeddings/overrides/isolates, zero-width characters, BOM, lone
# surrogates. Directional marks (LRM, RLM, ALM) are not here: right-to-left text needs them.
DANGEROUS = re.compile(
    "[\x00-\x1f\x7f-\x9f\u200b-\u200d\u202a-\u202e\u2060\u2066-\u2069\ufeff\ud800-\udfff]"
)


# --- helpers -------------------------------------------------------------------------------


def rss_doc(
    items: str, *, head: str = "", decl: str = '<?xml version="1.0" encoding="utf-8"?>'
) -> str:
    return (
        f'{decl}{head}<rss version="2.0"><channel><title>hostile</title>'
        f"<link>https://news.example.org/</link><description>d</description>{items}</channel></rss>"
    )


def item(guid: str, title: str, *, link: str | None = None, extra: str = "") -> str:
    link_xml = f"<link>{link}</link>" if link else ""
    return f'<item><guid isPermaLink="false">{guid}</guid><title>{title}</title>{link_xml}{extra}</item>'


def feed(server: FeedServer, name: str, path: str, **kw: object) -> FeedConfig:
    return FeedConfig(name=name, url=server.url(path), **kw)  # type: ignore[arg-type]


async def poll(store: Store, feeds: list[FeedConfig], **settings: Any) -> dict[str, PollOutcome]:
    poller = Poller(make_config(feeds, **settings), store)
    try:
        return {o.feed: o for o in await poller.poll_once()}
    finally:
        await poller.aclose()


def rows(store: Store, feed_name: str) -> list[tuple[str | None, str | None, str, str, float]]:
    return store.conn.execute(
        "SELECT guid, url, title, summary, published FROM items WHERE feed = ? ORDER BY id",
        (feed_name,),
    ).fetchall()


def stored_strings(store: Store) -> list[str]:
    """Every text value a reader could ever show: items, stories and feed health."""
    parts: list[str] = []
    for sql in (
        "SELECT coalesce(guid, ''), coalesce(url, ''), title, summary FROM items",
        "SELECT title, coalesce(url, '') FROM stories",
        "SELECT coalesce(last_error, ''), coalesce(warning, '') FROM feeds",
    ):
        for row in store.conn.execute(sql):
            parts.extend(row)
    return parts


def every_stored_text(store: Store) -> str:
    return "\x1e".join(stored_strings(store))


def dangerous_in_store(store: Store) -> list[str]:
    """Code points from DANGEROUS found in any stored value, as U+XXXX."""
    found = {c for value in stored_strings(store) for c in DANGEROUS.findall(value)}
    return sorted(f"U+{ord(c):04X}" for c in found)


def raw_store_bytes(store: Store) -> bytes:
    """The database and its WAL as they sit on disk: what a secret must never reach."""
    files = [store.path, store.path.with_name(store.path.name + "-wal")]
    return b"".join(p.read_bytes() for p in files if p.exists())


def add_good_feed(server: FeedServer) -> FeedConfig:
    server.routes["/good"] = Route(
        rss_doc(item("g-1", "good one", link="https://news.example.org/g/1")).encode()
    )
    return feed(server, "good", "/good")


def assert_good_stored(store: Store, outcomes: dict[str, PollOutcome]) -> None:
    assert outcomes["good"].ok and outcomes["good"].new_items == 1, outcomes["good"]
    assert [r[2] for r in rows(store, "good")] == ["good one"]


def _maxrss() -> int:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024


# --- XML attacks ---------------------------------------------------------------------------

LAUGHS = (
    '<!DOCTYPE rss [<!ENTITY lol "lol">'
    + "".join(
        f'<!ENTITY lol{i} "{("&lol" + (str(i - 1) if i > 1 else "") + ";") * 10}">'
        for i in range(1, 10)
    )
    + "]>"
)
BIG = "B" * 50_000
QUADRATIC = f'<!DOCTYPE rss [<!ENTITY big "{BIG}">]>'
# An unescaped "&" keeps lxml from the body, so the same attack also reaches feedparser.
MALFORMED = item("m-1", "fish & chips")


@pytest.mark.parametrize("path", ["fast", "feedparser"])
async def test_entity_expansion_bombs_do_not_expand(
    feed_server: FeedServer, store: Store, path: str
) -> None:
    extra = MALFORMED if path == "feedparser" else ""
    feed_server.routes["/laughs"] = Route(
        rss_doc(
            item("l-1", "&lol9;", extra="<description>&lol9;&lol8;</description>") + extra,
            head=LAUGHS,
        ).encode()
    )
    feed_server.routes["/quadratic"] = Route(
        rss_doc(
            item("q-1", "&big;" * 100, extra="<description>" + "&big;" * 2000 + "</description>")
            + extra,
            head=QUADRATIC,
        ).encode()
    )
    good = add_good_feed(feed_server)
    started = time.monotonic()
    outcomes = await poll(
        store,
        [
            feed(feed_server, "laughs", "/laughs"),
            feed(feed_server, "quadratic", "/quadratic"),
            good,
        ],
    )
    assert time.monotonic() - started < 10
    assert_good_stored(store, outcomes)
    text = every_stored_text(store)
    assert "lollol" not in text
    assert "BBBBBBBBBB" not in text
    # The references stay literal ("&big;"), within the title and summary caps.
    assert len(text) < 2 * (TITLE_LIMIT + SUMMARY_LIMIT) + 1000, len(text)


@pytest.mark.parametrize("path", ["fast", "feedparser"])
async def test_external_entities_read_no_local_file(
    feed_server: FeedServer, store: Store, tmp_path: Path, path: str
) -> None:
    secret = "XXE-SECRET-5d41402abc4b2a76"
    target = tmp_path / "secret.txt"
    target.write_text(f"{secret}\nroot:x:0:0\n")
    extra = MALFORMED if path == "feedparser" else ""
    head = (
        f'<!DOCTYPE rss [<!ENTITY xxe SYSTEM "file://{target}">'
        f'<!ENTITY % pe SYSTEM "file://{target}"> %pe;]>'
    )
    body = rss_doc(
        item(
            "x-1",
            "&xxe;",
            link="https://news.example.org/x/1",
            extra="<description>before &xxe; after</description>",
        )
        + extra,
        head=head,
    )
    feed_server.routes["/xxe"] = Route(body.encode())
    good = add_good_feed(feed_server)
    outcomes = await poll(store, [feed(feed_server, "xxe", "/xxe"), good])
    assert_good_stored(store, outcomes)
    assert secret not in every_stored_text(store)
    assert secret.encode() not in raw_store_bytes(store)
    assert b"root:x:0:0" not in raw_store_bytes(store)


@pytest.mark.slow
@pytest.mark.parametrize("path", ["fast", "feedparser"])
async def test_dtds_stylesheets_and_xincludes_are_never_fetched(
    feed_server: FeedServer, store: Store, path: str
) -> None:
    with FeedServer() as elsewhere:
        elsewhere.routes["/evil.dtd"] = Route(
            b'<!ENTITY remote "FETCHED-DTD">', content_type="application/xml-dtd"
        )
        elsewhere.routes["/ext.xml"] = Route(b"FETCHED-ENTITY", content_type="text/plain")
        elsewhere.routes["/style.xsl"] = Route(b"<x/>", content_type="text/xsl")
        base = elsewhere.base
        extra = MALFORMED if path == "feedparser" else ""
        external = rss_doc(
            item("d-1", "&remote;", link="https://news.example.org/d/1")
            + item(
                "d-2",
                "xinclude",
                extra=f'<description><xi:include xmlns:xi="http://www.w3.org/2001/XInclude" '
                f'href="{base}/ext.xml" parse="text"/></description>',
            )
            + extra,
            head=f'<?xml-stylesheet type="text/xsl" href="{base}/style.xsl"?>'
            f'<!DOCTYPE rss SYSTEM "{base}/evil.dtd">',
        )
        parameter = rss_doc(
            item("p-1", "&ext;", link="https://news.example.org/p/1") + extra,
            head=f'<!DOCTYPE rss [<!ENTITY % dtd SYSTEM "{base}/evil.dtd"> %dtd;'
            f'<!ENTITY ext SYSTEM "{base}/ext.xml">]>',
        )
        feed_server.routes["/external"] = Route(external.encode())
        feed_server.routes["/parameter"] = Route(parameter.encode())
        good = add_good_feed(feed_server)
        outcomes = await poll(
            store,
            [
                feed(feed_server, "external", "/external"),
                feed(feed_server, "parameter", "/parameter"),
                good,
            ],
        )
        time.sleep(0.3)  # a stray fetch, if any were made, has time to land
        assert elsewhere.requests == [], [r.path for r in elsewhere.requests]
    assert_good_stored(store, outcomes)
    text = every_stored_text(store)
    assert "FETCHED" not in text


# --- size attacks --------------------------------------------------------------------------


async def test_a_1gb_body_is_abandoned_at_max_body_without_reading_it(
    feed_server: FeedServer, store: Store
) -> None:
    feed_server.routes["/huge"] = Route(chunked_size=10**9)
    good = add_good_feed(feed_server)
    maxrss_before = _maxrss()
    started = time.monotonic()
    with PeakRss() as mem:
        outcomes = await poll(
            store, [feed(feed_server, "huge", "/huge"), good], max_body=5 * MB, timeout=5.0
        )
    elapsed = time.monotonic() - started
    huge = outcomes["huge"]
    assert not huge.ok and huge.error is not None
    assert "exceeds max_body" in huge.error and "stopped reading" in huge.error
    assert elapsed < 10, elapsed
    # Reading 1 GB would take the whole gigabyte; the cap keeps growth to a few chunks.
    assert mem.growth < 120 * MB, mem.growth
    assert _maxrss() - maxrss_before < 200 * MB
    time.sleep(0.2)
    assert feed_server.sent.get("/huge", 0) < 200 * MB, "the client hung up long before 1 GB"
    assert_good_stored(store, outcomes)


async def test_a_declared_length_over_max_body_is_refused_before_reading(
    feed_server: FeedServer, store: Store
) -> None:
    # The trickling route declares 100,000 bytes and would take hours to send them.
    feed_server.routes["/declared"] = Route(trickle=0.5)
    good = add_good_feed(feed_server)
    outcomes = await poll(
        store, [feed(feed_server, "declared", "/declared"), good], max_body=50_000
    )
    out = outcomes["declared"]
    assert not out.ok and out.error == "body of 100 KB exceeds max_body (50 KB)"
    assert out.seconds < 1.0, "refused from the header, not after reading"
    assert_good_stored(store, outcomes)


def gzip_bomb(decompressed: int = 1 << 30) -> bytes:
    """A valid gzip member of `decompressed` zero bytes in about 1/1000 of the size.

    After a full flush deflate starts afresh, so the block for each further MiB of zeros is the
    same bytes: built in a fraction of a second, not by compressing a gigabyte.
    """
    chunk = bytes(MB)
    c = zlib.compressobj(9, zlib.DEFLATED, -15)
    first = c.compress(chunk) + c.flush(zlib.Z_FULL_FLUSH)
    block = c.compress(chunk) + c.flush(zlib.Z_FULL_FLUSH)
    end = c.flush()
    n = decompressed // MB
    crc = 0
    for _ in range(n):
        crc = zlib.crc32(chunk, crc)
    header = b"\x1f\x8b\x08\x00\x00\x00\x00\x00\x02\xff"
    return (
        header + first + block * (n - 1) + end + struct.pack("<II", crc, decompressed & 0xFFFFFFFF)
    )


@pytest.fixture(scope="module")
def bomb() -> bytes:
    data = gzip_bomb()
    assert len(data) < 2 * MB
    assert zlib.decompressobj(31).decompress(data[: 64 * 1024], 10 * MB)  # it is gzip
    return data


async def test_a_gzip_bomb_stops_at_max_body_decompressed(
    feed_server: FeedServer, store: Store, bomb: bytes
) -> None:
    feed_server.routes["/bomb"] = Route(encoded=bomb)
    good = add_good_feed(feed_server)
    started = time.monotonic()
    with PeakRss() as mem:
        outcomes = await poll(store, [feed(feed_server, "bomb", "/bomb"), good], max_body=2 * MB)
    assert time.monotonic() - started < 10
    out = outcomes["bomb"]
    assert not out.ok and out.error is not None and "max_body" in out.error, out.error
    # The body is 1 MB on the wire and 1 GB inflated: neither is ever held whole.
    assert mem.growth < 48 * MB, mem.growth
    assert_good_stored(store, outcomes)


@pytest.mark.parametrize("encoding", ["gzip", "x-gzip", "deflate-zlib", "deflate-raw"])
async def test_compressed_bodies_are_inflated_piecewise_and_read_whole(
    feed_server: FeedServer, store: Store, encoding: str
) -> None:
    """The bounded inflater (which replaced httpx's for the bomb) still reads real bodies."""
    body = rss_doc(
        "".join(item(f"z-{i}", f"compressed {i} " + "padding " * 200) for i in range(300))
    ).encode()
    header, wbits = {
        "gzip": ("gzip", 31),
        "x-gzip": ("x-gzip", 31),
        "deflate-zlib": ("deflate", 15),
        "deflate-raw": ("deflate", -15),
    }[encoding]
    c = zlib.compressobj(6, zlib.DEFLATED, wbits)
    packed = c.compress(body) + c.flush()
    assert len(body) > 20 * len(packed), "inflates to many pieces"
    feed_server.routes["/z"] = Route(encoded=packed, encoding=header)
    # 0xFF opens no valid gzip or zlib header, nor a valid raw deflate block.
    feed_server.routes["/corrupt"] = Route(encoded=b"\xff" * 8 + packed[8:], encoding=header)
    outcomes = await poll(
        store, [feed(feed_server, "z", "/z"), feed(feed_server, "corrupt", "/corrupt")]
    )
    assert outcomes["z"].ok and outcomes["z"].new_items == 300, outcomes["z"].error
    titles = [r[2] for r in rows(store, "z")]
    assert titles[0].startswith("compressed 0 padding") and titles[-1].startswith("compressed 299")
    assert not outcomes["corrupt"].ok
    assert outcomes["corrupt"].error == "body is not valid for its Content-Encoding"


async def test_100000_items_are_capped_at_max_items_with_a_warning(
    feed_server: FeedServer, store: Store
) -> None:
    body = rss_doc(
        "".join(
            item(f"n-{i}", f"item {i}", link=f"https://news.example.org/n/{i}")
            for i in range(100_000)
        )
    ).encode()
    feed_server.routes["/many"] = Route(body)
    good = add_good_feed(feed_server)
    outcomes = await poll(
        store, [feed(feed_server, "many", "/many"), good], max_body=64 * MB, max_items=500
    )
    many = outcomes["many"]
    assert many.ok and many.new_items == 500
    assert many.warning == "dropped 99500 of 100000 entries (max_items)"
    assert len(rows(store, "many")) == 500
    assert [r[0] for r in rows(store, "many")[:2]] == ["n-0", "n-1"], "the first entries are kept"
    (health,) = [h for h in feed_health(store) if h.name == "many"]
    assert health.warning == many.warning and health.ok
    assert_good_stored(store, outcomes)


@pytest.mark.slow
async def test_a_10mb_title_and_summary_are_capped(feed_server: FeedServer, store: Store) -> None:
    title = "T" * (10 * MB)
    summary = "word " * (2 * MB)
    feed_server.routes["/big"] = Route(
        rss_doc(item("b-1", title, extra=f"<description>{summary}</description>")).encode()
    )
    feed_server.routes["/bigjson"] = Route(
        (
            '{"version": "https://jsonfeed.org/version/1.1", "items": [{"id": "j-1", '
            f'"title": "{title}", "content_text": "{summary}"}}]}}'
        ).encode(),
        content_type="application/feed+json",
    )
    good = add_good_feed(feed_server)
    started = time.monotonic()
    outcomes = await poll(
        store,
        [feed(feed_server, "big", "/big"), feed(feed_server, "bigjson", "/bigjson"), good],
        max_body=32 * MB,
    )
    assert time.monotonic() - started < 15
    for name in ("big", "bigjson"):
        assert outcomes[name].ok and outcomes[name].new_items == 1, outcomes[name]
        ((_, _, stored_title, stored_summary, _),) = rows(store, name)
        assert len(stored_title) == TITLE_LIMIT and stored_title.endswith("…")
        assert len(stored_summary) <= SUMMARY_LIMIT and stored_summary.startswith("word word")
    (story,) = [s for s in stories_page(store, StoryFilter(), 0, 10) if s.title.startswith("TTT")][
        :1
    ]
    assert len(story.title) == TITLE_LIMIT
    assert_good_stored(store, outcomes)


# --- encodings -----------------------------------------------------------------------------


def _utf16(doc: str, codec: str) -> bytes:
    bom = b"\xff\xfe" if codec == "utf-16-le" else b"\xfe\xff"
    return bom + doc.replace('encoding="utf-8"', 'encoding="utf-16"').encode(codec)


async def test_hostile_encodings_are_stored_readably(feed_server: FeedServer, store: Store) -> None:
    bodies: dict[str, tuple[bytes, str]] = {
        # Invalid UTF-8 in the middle of a word.
        "invalid-utf8": (
            rss_doc(item("e-1", "Bishkek \xff\xfe protest")).encode("latin-1"),
            "application/rss+xml; charset=utf-8",
        ),
        # Declared windows-1251, but the bytes are UTF-8 Cyrillic.
        "wrong-declared": (
            rss_doc(
                item("e-2", "Бишкек: протест"),
                decl='<?xml version="1.0" encoding="windows-1251"?>',
            ).encode("utf-8"),
            "application/rss+xml",
        ),
        # No declaration; the header lies (latin-1), the body is UTF-8.
        "wrong-header": (
            rss_doc(item("e-3", "Ош: митинг"), decl="").encode("utf-8"),
            "application/rss+xml; charset=iso-8859-1",
        ),
        "utf16-le-bom": (_utf16(rss_doc(item("e-4", "Жогорку Кеңеш")), "utf-16-le"), "text/xml"),
        "utf16-be-bom": (_utf16(rss_doc(item("e-5", "Жогорку Кеңеш")), "utf-16-be"), "text/xml"),
        # One item in UTF-8, the next in latin-1, no declaration at all.
        "mixed": (
            rss_doc(item("e-6", "Бишкек"), decl="")
            .encode("utf-8")
            .replace(b"</channel>", item("e-7", "café crème").encode("latin-1") + b"</channel>"),
            "application/rss+xml",
        ),
        # A charset that is not a text encoding at all.
        "rot13-declared": (
            rss_doc(
                item("e-8", "plain ascii"), decl='<?xml version="1.0" encoding="rot13"?>'
            ).encode(),
            "application/rss+xml; charset=base64",
        ),
    }
    feeds = []
    for name, (body, ctype) in bodies.items():
        feed_server.routes[f"/{name}"] = Route(body, content_type=ctype)
        feeds.append(feed(feed_server, name, f"/{name}"))
    outcomes = await poll(store, feeds)
    assert all(o.ok for o in outcomes.values()), {n: o.error for n, o in outcomes.items()}

    def titles(name: str) -> list[str]:
        return [r[2] for r in rows(store, name)]

    assert titles("invalid-utf8")[0].startswith("Bishkek ") and titles("invalid-utf8")[0].endswith(
        " protest"
    )
    assert titles("wrong-declared") == ["Бишкек: протест"]
    assert titles("wrong-header") == ["Ош: митинг"]
    assert titles("utf16-le-bom") == ["Жогорку Кеңеш"]
    assert titles("utf16-be-bom") == ["Жогорку Кеңеш"]
    mixed = titles("mixed")
    assert mixed[0] == "Бишкек" and mixed[1].startswith("caf") and mixed[1].endswith("me")
    assert titles("rot13-declared") == ["plain ascii"]
    assert dangerous_in_store(store) == []
    # Every stored string round-trips through UTF-8: no lone surrogates reached SQLite.
    every_stored_text(store).encode("utf-8")


# --- dates ---------------------------------------------------------------------------------


async def test_odd_dates_fall_back_or_are_kept(feed_server: FeedServer, store: Store) -> None:
    def dated(guid: str, date: str | None) -> str:
        extra = f"<pubDate>{date}</pubDate>" if date is not None else ""
        return item(guid, f"story {guid}", link=f"https://news.example.org/{guid}", extra=extra)

    feed_server.routes["/dates"] = Route(
        rss_doc(
            dated("missing", None)
            + dated("garbage", "the day after tomorrow")
            + dated("empty", "")
            + dated("future", "Sat, 01 Jan 2999 00:00:00 GMT")
            + dated("y10k", "Fri, 31 Dec 9999 23:59:59 -1200")
            + dated("pre1970", "Sun, 01 Jan 1950 12:00:00 GMT")
            + dated("feb30", "Sun, 30 Feb 2020 12:00:00 GMT")
            + dated("normal", "Tue, 06 Oct 2020 08:00:00 GMT")
        ).encode()
    )
    before = time.time()
    outcomes = await poll(store, [feed(feed_server, "dates", "/dates")])
    after = time.time()
    assert outcomes["dates"].ok and outcomes["dates"].new_items == 8
    published = {r[0]: r[4] for r in rows(store, "dates")}
    first_seen = dict(store.conn.execute("SELECT guid, first_seen FROM items").fetchall())
    for guid in ("missing", "garbage", "empty", "future", "y10k"):
        assert published[guid] == first_seen[guid], guid
        assert before - 1 <= published[guid] <= after + 1, guid
    assert published["pre1970"] == datetime(1950, 1, 1, 12, tzinfo=UTC).timestamp()
    assert published["normal"] == datetime(2020, 10, 6, 8, tzinfo=UTC).timestamp()
    # Readers cope with every one of them, and the far future cannot pin a story to the top.
    page = stories_page(store, StoryFilter(), 0, 20)
    assert len(page) == 8
    assert page[-1].title == "story pre1970"
    assert page[-1].published.year == 1950


async def test_a_different_date_on_each_poll_duplicates_nothing(
    feed_server: FeedServer, store: Store
) -> None:
    def body(day: int) -> bytes:
        date = f"<pubDate>{day:02d} Oct 2020 08:00:00 GMT</pubDate>"
        return rss_doc(
            item("keep-1", "with guid", extra=date)
            + f"<item><title>link only</title><link>https://news.example.org/l/1</link>{date}</item>"
        ).encode()

    feed_server.routes["/shifty"] = Route(body(1))
    config = [feed(feed_server, "shifty", "/shifty")]
    for day in range(1, 6):
        feed_server.routes["/shifty"].body = body(day)
        outcomes = await poll(store, config)
        assert outcomes["shifty"].ok
        assert outcomes["shifty"].new_items == (2 if day == 1 else 0)
    stored = rows(store, "shifty")
    assert len(stored) == 2
    first = datetime(2020, 10, 1, 8, tzinfo=UTC).timestamp()
    assert [r[4] for r in stored] == [first, first], "the first date seen is kept"
    assert count_stories(store, StoryFilter()) == 2


async def test_without_guid_or_link_a_changing_date_is_a_new_item_each_poll(
    feed_server: FeedServer, store: Store
) -> None:
    """Documented, not hidden: such an item is keyed by title and date, so a new date is a new
    item. The growth is bounded by max_items per poll."""
    feed_server.routes["/bare"] = Route(b"")
    for day in range(1, 4):
        feed_server.routes["/bare"].body = rss_doc(
            "".join(
                f"<item><title>bare {i}</title><pubDate>{day:02d} Oct 2020 08:00:00 GMT</pubDate></item>"
                for i in range(10)
            )
        ).encode()
        outcomes = await poll(store, [feed(feed_server, "bare", "/bare")], max_items=4)
        assert outcomes["bare"].new_items == 4
    assert len(rows(store, "bare")) == 12


# --- links ---------------------------------------------------------------------------------

HOSTILE_LINKS = [
    "javascript:alert(document.cookie)",
    "  JaVaScRiPt:alert(1)",
    "java\tscript:alert(1)",
    "vbscript:msgbox(1)",
    "file:///etc/passwd",
    "data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==",
    "ftp://ftp.example.org/file",
    "mailto:someone@example.org",
    "ssh://root@example.org",
    "//evil.example.org/scheme-relative",
    "/relative/path",
    "http:///no-host",
    "http://[::1",
    "x" * 5000,
]


async def test_non_http_links_are_never_stored(feed_server: FeedServer, store: Store) -> None:
    from xml.sax.saxutils import escape, quoteattr

    rss_items = "".join(
        item(f"r-{i}", f"rss {i}", link=escape(link)) for i, link in enumerate(HOSTILE_LINKS)
    )
    # A permalink guid is also a link.
    rss_items += "".join(
        f"<item><title>perma {i}</title><guid>{escape(link)}</guid></item>"
        for i, link in enumerate(HOSTILE_LINKS[:6])
    )
    # Invisible characters around a real address are removed, not kept inside the stored link.
    rss_items += item("r-bidi", "bidi link", link="\u202ehttps://news.example.org/\u200bb\u2066")
    feed_server.routes["/rss"] = Route(rss_doc(rss_items).encode())
    atom_entries = "".join(
        f'<entry><id>a-{i}</id><title>atom {i}</title><link rel="alternate" href={quoteattr(link)}/>'
        "<updated>2020-10-06T08:00:00Z</updated></entry>"
        for i, link in enumerate(HOSTILE_LINKS)
    )
    feed_server.routes["/atom"] = Route(
        f'<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"><title>a</title>'
        f"<id>urn:a</id><updated>2020-10-06T08:00:00Z</updated>{atom_entries}</feed>".encode(),
        content_type="application/atom+xml",
    )
    import json

    feed_server.routes["/json"] = Route(
        json.dumps(
            {
                "version": "https://jsonfeed.org/version/1.1",
                "items": [
                    {"id": f"j-{i}", "title": f"json {i}", "url": link}
                    for i, link in enumerate(HOSTILE_LINKS)
                ],
            }
        ).encode(),
        content_type="application/feed+json",
    )
    outcomes = await poll(
        store,
        [
            feed(feed_server, "rss", "/rss"),
            feed(feed_server, "atom", "/atom"),
            feed(feed_server, "json", "/json", format=FeedFormat.JSONFEED),
        ],
    )
    assert all(o.ok for o in outcomes.values()), {n: o.error for n, o in outcomes.items()}
    n_items = store.conn.execute("SELECT count(*) FROM items").fetchone()[0]
    assert n_items == 3 * len(HOSTILE_LINKS) + 7
    (bidi,) = store.conn.execute("SELECT url FROM items WHERE guid = 'r-bidi'").fetchone()
    assert bidi == "https://news.example.org/b"
    urls = [
        r[0]
        for r in store.conn.execute(
            "SELECT url FROM items WHERE guid <> 'r-bidi' UNION ALL "
            "SELECT url FROM stories WHERE title <> 'bidi link'"
        )
    ]
    # Relative references resolve against the feed's address (RSS, Atom and JSON alike);
    # nothing else on the list becomes a link.
    resolved = {
        feed_server.url("/relative/path"),
        "http://evil.example.org/scheme-relative",
    }
    assert urls and all(u is None or u in resolved for u in urls), urls
    # Each in three feeds' items, and in the one story those items make.
    assert sorted(u for u in urls if u is not None) == sorted(list(resolved) * 4)
    for s in stories_page(store, StoryFilter(), 0, 200):
        assert s.url is None or s.url in resolved or s.title == "bidi link"


# --- identity ------------------------------------------------------------------------------


async def test_duplicate_guids_keep_the_first_copy(feed_server: FeedServer, store: Store) -> None:
    feed_server.routes["/dup"] = Route(
        rss_doc(
            item("same", "first version", link="https://news.example.org/a")
            + item("same", "second version", link="https://news.example.org/b")
            + item("other", "another story", link="https://news.example.org/c")
        ).encode()
    )
    outcomes = await poll(store, [feed(feed_server, "dup", "/dup")])
    assert outcomes["dup"].new_items == 2
    # The next poll rewrites the story behind the guid: still the first copy.
    feed_server.routes["/dup"].body = rss_doc(
        item("same", "rewritten", link="https://news.example.org/d")
    ).encode()
    again = await poll(store, [feed(feed_server, "dup", "/dup")])
    assert again["dup"].ok and again["dup"].new_items == 0
    assert [(r[0], r[2], r[1]) for r in rows(store, "dup")] == [
        ("same", "first version", "https://news.example.org/a"),
        ("other", "another story", "https://news.example.org/c"),
    ]


async def test_guids_that_change_every_poll_grow_by_at_most_max_items(
    feed_server: FeedServer, store: Store
) -> None:
    feed_server.routes["/churn"] = Route(b"")
    for n in range(3):
        feed_server.routes["/churn"].body = rss_doc(
            "".join(
                item(f"poll{n}-{i}", f"same story {i}", link=f"https://news.example.org/s/{i}")
                for i in range(20)
            )
        ).encode()
        outcomes = await poll(store, [feed(feed_server, "churn", "/churn")], max_items=5)
        assert outcomes["churn"].new_items == 5
        assert outcomes["churn"].warning == "dropped 15 of 20 entries (max_items)"
    assert len(rows(store, "churn")) == 15
    # Same links each time: the reader still sees five stories, each with every copy behind it.
    assert count_stories(store, StoryFilter()) == 5


async def test_empty_and_missing_titles(feed_server: FeedServer, store: Store) -> None:
    feed_server.routes["/empty"] = Route(
        rss_doc(
            item("t-1", "", link="https://news.example.org/t/1")
            + "<item><guid>t-2</guid><link>https://news.example.org/t/2</link></item>"
            + item("t-3", "   \t  ")
            + item("t-4", "<![CDATA[<b></b>]]>")
            + "<item><title></title><pubDate>Tue, 06 Oct 2020 08:00:00 GMT</pubDate></item>"
            + "<item><title></title><pubDate>Tue, 06 Oct 2020 08:00:00 GMT</pubDate></item>"
        ).encode()
    )
    outcomes = await poll(store, [feed(feed_server, "empty", "/empty")])
    assert outcomes["empty"].ok
    stored = rows(store, "empty")
    # The two guid-less, link-less, title-less items on one date are one item.
    assert len(stored) == 5 and outcomes["empty"].new_items == 5
    assert all(r[2] == "" for r in stored)
    assert len(stories_page(store, StoryFilter(), 0, 10)) == 5


# --- terminal escapes, controls and markup at the data level -------------------------------

ESC = "\x1b"
TERMINAL_ATTACKS = {
    "sgr": f"{ESC}[31mred{ESC}[0m alert",
    "clear": f"{ESC}[2J{ESC}[H cleared",
    "osc52": f"{ESC}]52;c;cm0gLXJmIH4K\x07 clipboard",
    "osc8": f"{ESC}]8;;https://evil.example{ESC}\\click{ESC}]8;;{ESC}\\ link",
    "title": f"{ESC}]0;owned\x07 window",
    "dcs": f"{ESC}P+q544e{ESC}\\ query",
    "c1-csi": "\x9b31m c1 csi",
    "c1-osc": "\x9d52;c;Zm9v\x9c c1 osc",
    "c0": "bell\x07 back\x08space\x00nul\x0bvt\x0cff\x7fdel",
    "bidi": "\u202eevil\u202c \u2066iso\u2069 \u202bembed\u202c",
    "zero-width": "zero\u200bwidth\u200c\u200djoin\u2060er\ufeffbom",
    "newlines": "line one\nline two\r\nline three\u2028four\u2029five\x85six",
}
MARKUP = {
    "rich": "[bold red]alarm[/bold red]",
    "click": "[@click=app.quit]press[/]",
    "link": "[link=file:///etc/passwd]open[/link]",
    "style": "[reverse blink]x[/]",
}


def _json_feed_body() -> bytes:
    import json

    items = [
        {"id": f"j-{name}", "title": text, "content_text": f"summary {text}"}
        for name, text in {**TERMINAL_ATTACKS, **MARKUP}.items()
    ]
    # json.dumps escapes every control as \\uXXXX: legal JSON that decodes to the raw character.
    return json.dumps({"version": "https://jsonfeed.org/version/1.1", "items": items}).encode()


def _rss_body() -> bytes:
    from xml.sax.saxutils import escape

    parts = []
    for name, text in {**TERMINAL_ATTACKS, **MARKUP}.items():
        # As raw characters (XML forbids C0, which the parser's retry strips) and as HTML
        # entities inside the description, which only decode after the XML is parsed.
        entities = "".join(
            f"&#{ord(c)};" if ord(c) < 32 or 0x7F <= ord(c) <= 0x9F else c for c in text
        )
        parts.append(
            item(
                f"r-{name}",
                escape(text),
                extra=f"<description>{escape(entities)} &lt;b&gt;bold&lt;/b&gt;</description>",
            )
        )
    return rss_doc("".join(parts)).encode()


async def test_escapes_controls_bidi_and_zero_width_never_reach_the_store(
    feed_server: FeedServer, store: Store
) -> None:
    feed_server.routes["/json"] = Route(_json_feed_body(), content_type="application/feed+json")
    feed_server.routes["/rss"] = Route(_rss_body())
    outcomes = await poll(
        store,
        [feed(feed_server, "json", "/json"), feed(feed_server, "rss", "/rss")],
    )
    assert all(o.ok for o in outcomes.values()), {n: o.error for n, o in outcomes.items()}
    n = len(TERMINAL_ATTACKS) + len(MARKUP)
    assert outcomes["json"].new_items == n and outcomes["rss"].new_items == n
    assert dangerous_in_store(store) == []
    by_guid = {r[0]: r for r in store.conn.execute("SELECT guid, title, summary FROM items")}
    for prefix in ("j", "r"):
        # The words around an escape survive as plain text, each line joined with spaces.
        assert by_guid[f"{prefix}-sgr"][1] == "[31mred[0m alert"
        assert by_guid[f"{prefix}-osc52"][1].endswith("clipboard")
        assert by_guid[f"{prefix}-zero-width"][1] == "zerowidthjoinerbom"
        assert by_guid[f"{prefix}-bidi"][1] == "evil iso embed"
        assert by_guid[f"{prefix}-newlines"][1] == "line one line two line three four five six"
    assert by_guid["r-sgr"][2] == "[31mred[0m alert bold"


async def test_rich_markup_is_stored_literally(feed_server: FeedServer, store: Store) -> None:
    feed_server.routes["/json"] = Route(_json_feed_body(), content_type="application/feed+json")
    feed_server.routes["/rss"] = Route(_rss_body())
    await poll(store, [feed(feed_server, "json", "/json"), feed(feed_server, "rss", "/rss")])
    by_guid = dict(store.conn.execute("SELECT guid, title FROM items").fetchall())
    for name, text in MARKUP.items():
        assert by_guid[f"j-{name}"] == text
        assert by_guid[f"r-{name}"] == text
    page = stories_page(store, StoryFilter(text="@click"), 0, 10)
    assert {s.title for s in page} == {MARKUP["click"]}


def test_danger_pattern_is_not_vacuous() -> None:
    """The pattern these tests rely on does catch what it should."""
    for text in TERMINAL_ATTACKS.values():
        assert DANGEROUS.search(text), repr(text)
    for text in MARKUP.values():
        assert not DANGEROUS.search(text)
