"""Faults on the wire and in the store: only the faulty feed fails, with one line; nothing half."""

from __future__ import annotations

import asyncio
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from itertools import pairwise
from pathlib import Path
from typing import Any

import pytest

from configs import make_config
from crisiswatch.config import FeedConfig, FeedFormat, JsonMapping
from crisiswatch.pollers.poller import Poller, PollOutcome
from crisiswatch.store import Store
from crisiswatch.store.reads import feed_health
from feedserver import FeedServer, Route, entries, rss

# --- helpers -------------------------------------------------------------------------------


def feed(server: FeedServer, name: str, path: str, **kw: object) -> FeedConfig:
    return FeedConfig(name=name, url=server.url(path), **kw)  # type: ignore[arg-type]


def good_feed(server: FeedServer, name: str = "good", n: int = 3) -> FeedConfig:
    server.routes[f"/{name}"] = Route(rss(entries(name, n)))
    return feed(server, name, f"/{name}")


async def poll(store: Store, feeds: list[FeedConfig], **settings: Any) -> dict[str, PollOutcome]:
    poller = Poller(make_config(feeds, **settings), store)
    try:
        return {o.feed: o for o in await poller.poll_once()}
    finally:
        await poller.aclose()


def n_items(store: Store, feed_name: str | None = None) -> int:
    if feed_name is None:
        return int(store.conn.execute("SELECT count(*) FROM items").fetchone()[0])
    return int(
        store.conn.execute("SELECT count(*) FROM items WHERE feed = ?", (feed_name,)).fetchone()[0]
    )


def one_line(text: str | None) -> str:
    assert text, "an error line was expected"
    assert "\n" not in text and "\r" not in text and len(text) <= 300, text
    assert "Traceback" not in text
    return text


def assert_only_failing(store: Store, outcomes: dict[str, PollOutcome], failing: str) -> str:
    """`failing` failed with one line, recorded in its health; every other feed is fine."""
    for name, o in outcomes.items():
        if name != failing:
            assert o.ok and o.new_items == 3, (name, o.error)
            assert n_items(store, name) == 3
    bad = outcomes[failing]
    assert not bad.ok and bad.new_items == 0
    assert n_items(store, failing) == 0
    health = {h.name: h for h in feed_health(store)}
    assert health[failing].failures == 1 and health[failing].last_error == bad.error
    assert all(h.ok for n, h in health.items() if n != failing)
    return one_line(bad.error)


@pytest.fixture
def unused_port() -> int:
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = int(s.getsockname()[1])
    s.close()
    return port


@pytest.fixture
def resolver(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[str]]:
    """Name lookups answered without leaving the machine; the names asked are recorded.

    The sandbox's resolver is not on 127.0.0.1, so a real lookup of a `.invalid` name would send
    a packet elsewhere. RFC 6761 fixes the answer for `.invalid` (NXDOMAIN), which is what this
    gives, through the same socket.getaddrinfo call asyncio makes for httpx. Any other name but
    the loopback fails the test.
    """
    real = socket.getaddrinfo
    asked: list[str] = []

    def getaddrinfo(host: object, *args: object, **kwargs: object) -> object:
        name = host.decode() if isinstance(host, bytes) else str(host)
        asked.append(name)
        if name.endswith(".invalid"):
            raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")
        if name not in ("127.0.0.1", "localhost", "::1"):
            raise AssertionError(f"the test tried to resolve {name!r}")
        return real(host, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(socket, "getaddrinfo", getaddrinfo)
    yield asked


@pytest.fixture
def no_proxy_env(monkeypatch: pytest.MonkeyPatch) -> pytest.MonkeyPatch:
    for var in ("http_proxy", "https_proxy", "all_proxy", "no_proxy"):
        monkeypatch.delenv(var, raising=False)
        monkeypatch.delenv(var.upper(), raising=False)
    return monkeypatch


# --- the wire ------------------------------------------------------------------------------


@pytest.mark.slow
async def test_a_dripping_server_fails_at_fetch_deadline_and_frees_its_host(
    feed_server: FeedServer, store: Store
) -> None:
    """A byte every 0.5 s: no read waits long enough for `timeout`, so only the whole-response
    deadline ends it. Both feeds are on one host with one slot: the healthy feed can only be
    fetched once the dripping one has let go, so it succeeding means the deadline freed it."""
    feed_server.routes["/slow"] = Route(trickle=0.5)
    feeds = [feed(feed_server, "slow", "/slow"), good_feed(feed_server)]
    outcomes = await poll(store, feeds, timeout=2.0, fetch_deadline=3.0, per_host=1)
    error = assert_only_failing(store, outcomes, "slow")
    assert error == "took longer than fetch_deadline (3s) in all (server too slow)"
    assert feed_server.sent.get("/slow", 0) >= 3, "the server really was dripping"


async def test_connection_reset_mid_body(feed_server: FeedServer, store: Store) -> None:
    feed_server.routes["/reset"] = Route(rss(entries("r", 200)), reset_after=3000)
    outcomes = await poll(store, [feed(feed_server, "reset", "/reset"), good_feed(feed_server)])
    error = assert_only_failing(store, outcomes, "reset")
    assert error == "connection lost: connection reset by the server"


async def test_connection_reset_before_the_body(feed_server: FeedServer, store: Store) -> None:
    feed_server.routes["/early"] = Route(rss(entries("e", 5)), reset_after=0)
    outcomes = await poll(store, [feed(feed_server, "early", "/early"), good_feed(feed_server)])
    error = assert_only_failing(store, outcomes, "early")
    assert error == "connection lost: connection reset by the server"


@pytest.mark.parametrize(
    ("body", "content_type", "expected"),
    [
        (
            b"<!DOCTYPE html><html><head><title>502 Bad Gateway</title></head>"
            b"<body><h1>Bad Gateway</h1><p>upstream down</p></body></html>",
            "text/html; charset=utf-8",
            "got an HTML page, not a feed",
        ),
        (
            b"\n\n<!-- cf --><html><body>Checking your browser before accessing...</body></html>",
            "application/rss+xml",  # a lying Content-Type changes nothing
            "got an HTML page, not a feed",
        ),
        (b'{"error": "rate limited"}', "application/json", "no list of entries at 'articles'"),
        (b"", "application/rss+xml", "empty body"),
    ],
)
async def test_200_with_an_error_page_marks_only_that_feed(
    feed_server: FeedServer, store: Store, body: bytes, content_type: str, expected: str
) -> None:
    feed_server.routes["/page"] = Route(body, content_type=content_type)
    json_feed = feed(
        feed_server,
        "page",
        "/page",
        format=FeedFormat.JSON,
        json=JsonMapping(items="articles"),
    )
    page = json_feed if content_type == "application/json" else feed(feed_server, "page", "/page")
    outcomes = await poll(store, [page, good_feed(feed_server)])
    error = assert_only_failing(store, outcomes, "page")
    assert expected in error, error
    assert outcomes["page"].status is None, "a parse failure is not an HTTP failure"


@pytest.mark.slow
async def test_a_feed_flipping_between_200_and_500_leaves_the_others_on_schedule(
    feed_server: FeedServer, store: Store
) -> None:
    interval = 0.25
    feed_server.routes["/flip"] = Route(
        rss(entries("flip", 2)), statuses=(200, 500), validators=False
    )
    for name in ("a", "b"):
        feed_server.routes[f"/{name}"] = Route(rss(entries(name, 2)), validators=False)
    feeds = [feed(feed_server, name, f"/{name}", interval=interval) for name in ("flip", "a", "b")]
    config = make_config(feeds, max_backoff=interval, timeout=2.0)
    seen: list[tuple[float, PollOutcome, bool, int]] = []

    def on_outcome(o: PollOutcome) -> None:
        health = {h.name: h for h in feed_health(poller.store)}[o.feed]
        seen.append((time.monotonic(), o, health.ok, health.failures))

    poller = Poller(config, store, on_outcome=on_outcome)
    stop = asyncio.Event()
    task = asyncio.create_task(poller.run(stop))
    run_for = 3.0
    await asyncio.sleep(run_for)
    stop.set()
    await task
    await poller.aclose()

    flips = [(o.ok, ok, failures) for _, o, ok, failures in seen if o.feed == "flip"]
    assert len(flips) >= 6
    # Health follows each answer: ok, failing (1), ok, failing (1), ...
    assert flips == [(i % 2 == 0, i % 2 == 0, i % 2) for i in range(len(flips))]
    errors = {o.error for _, o, _, _ in seen if o.feed == "flip" and not o.ok}
    assert errors == {"HTTP 500 Internal Server Error"}
    for name in ("a", "b"):
        times = [t for t, o, _, _ in seen if o.feed == name]
        assert all(o.ok for _, o, _, _ in seen if o.feed == name)
        # At its cadence: about run_for / interval polls, none late by more than a beat.
        assert len(times) >= run_for / interval * 0.6, (name, len(times))
        gaps = [b - a for a, b in pairwise(times)]
        assert max(gaps) < interval + 0.35, (name, max(gaps))
        assert min(gaps) >= interval * 0.9, (name, min(gaps))
    assert n_items(store, "a") == 2 and n_items(store, "flip") == 2


# --- names, TLS and proxies ----------------------------------------------------------------


async def test_dns_failure_is_one_line(
    feed_server: FeedServer, store: Store, resolver: list[str], no_proxy_env: object
) -> None:
    feeds = [FeedConfig(name="nxdomain", url="http://feeds.crisiswatch.invalid/rss")]
    feeds.append(good_feed(feed_server))
    outcomes = await poll(store, feeds)
    error = assert_only_failing(store, outcomes, "nxdomain")
    assert error == "cannot connect: host name not found (DNS)"
    assert "feeds.crisiswatch.invalid" in resolver, "the lookup really was attempted"


async def test_tls_to_a_plain_http_server_is_one_line(
    feed_server: FeedServer, store: Store, no_proxy_env: object
) -> None:
    https_url = feed_server.url("/good").replace("http://", "https://")
    feeds = [FeedConfig(name="tls", url=https_url), good_feed(feed_server)]
    outcomes = await poll(store, feeds)
    error = assert_only_failing(store, outcomes, "tls")
    assert error.startswith("cannot connect: TLS error: "), error


async def test_a_dead_proxy_in_the_environment_is_one_line_naming_it(
    feed_server: FeedServer, store: Store, unused_port: int, no_proxy_env: pytest.MonkeyPatch
) -> None:
    no_proxy_env.setenv("http_proxy", f"http://user:secret@127.0.0.1:{unused_port}")
    feeds = [good_feed(feed_server, "a"), good_feed(feed_server, "b")]
    outcomes = await poll(store, feeds)
    for name in ("a", "b"):
        assert not outcomes[name].ok
        error = one_line(outcomes[name].error)
        assert error == f"cannot connect via proxy 127.0.0.1:{unused_port}: connection refused"
        assert "secret" not in error
    assert feed_server.requests == [], "nothing went round the proxy"


async def test_a_live_proxy_in_the_environment_is_used_and_its_refusal_reported(
    feed_server: FeedServer, store: Store, no_proxy_env: pytest.MonkeyPatch
) -> None:
    with FeedServer() as proxy:
        good = good_feed(feed_server, "via")
        denied = good_feed(feed_server, "denied")
        # A forward proxy is asked for the absolute URL; this one serves it itself.
        proxy.routes[good.url] = Route(rss(entries("via", 3)))
        proxy.routes[denied.url] = Route(b"auth", status=407, content_type="text/plain")
        no_proxy_env.setenv("HTTP_PROXY", proxy.base)
        outcomes = await poll(store, [good, denied])
        assert outcomes["via"].ok and outcomes["via"].new_items == 3
        assert one_line(outcomes["denied"].error) == "HTTP 407 Proxy Authentication Required"
        assert {r.path for r in proxy.requests} == {good.url, denied.url}
    assert feed_server.requests == [], "every request went through the proxy"


async def test_no_proxy_bypasses_the_proxy(
    feed_server: FeedServer, store: Store, unused_port: int, no_proxy_env: pytest.MonkeyPatch
) -> None:
    no_proxy_env.setenv("http_proxy", f"http://127.0.0.1:{unused_port}")
    no_proxy_env.setenv("no_proxy", "127.0.0.1")
    outcomes = await poll(store, [good_feed(feed_server)])
    assert outcomes["good"].ok and outcomes["good"].new_items == 3


# --- the store: read-only, full, unopenable ------------------------------------------------


async def test_a_store_turned_read_only_fails_polls_with_one_line_and_writes_nothing(
    feed_server: FeedServer, tmp_path: Path
) -> None:
    # Tests run as root, where chmod stops no write; SQLite's query_only is a real refusal.
    store = Store(tmp_path / "ro.db")
    try:
        feeds = [good_feed(feed_server, "first"), good_feed(feed_server, "second")]
        poller = Poller(make_config(feeds), store)
        first = await poller.poll_feed(poller.feeds[0])
        assert first.ok and n_items(store) == 3
        with store._lock:
            store.conn.execute("PRAGMA query_only = ON")
        second = await poller.poll_feed(poller.feeds[1])
        again = await poller.poll_feed(poller.feeds[0])
        await poller.aclose()
        for o in (second, again):
            assert not o.ok
            assert one_line(o.error) == "store write failed: attempt to write a readonly database"
        assert n_items(store) == 3 and n_items(store, "second") == 0
        with store._lock:
            store.conn.execute("PRAGMA query_only = OFF")
        assert store.conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        health = {h.name: h for h in feed_health(store)}
        assert health["first"].ok, "the last health it could write stands"
    finally:
        store.close()


async def test_a_poller_on_a_read_only_store_fails_each_poll_with_one_line(
    feed_server: FeedServer, tmp_path: Path
) -> None:
    Store(tmp_path / "ro.db").close()
    store = Store(tmp_path / "ro.db", readonly=True)
    try:
        poller = Poller(make_config([good_feed(feed_server)]), store)
        (outcome,) = await poller.poll_once()
        await poller.aclose()
        assert not outcome.ok and "read" in one_line(outcome.error)
    finally:
        store.close()


@pytest.mark.slow
async def test_a_full_disk_stops_writes_not_the_poller_and_it_recovers(
    feed_server: FeedServer, store: Store
) -> None:
    """Disk full (SQLite's page limit gives the same SQLITE_FULL) while Poller.run polls."""
    feed_server.routes["/grow"] = Route(rss(entries("grow", 5)), validators=False)
    interval = 0.2
    config = make_config(
        [feed(feed_server, "grow", "/grow", interval=interval)], max_backoff=interval
    )
    outcomes: list[PollOutcome] = []
    poller = Poller(config, store, on_outcome=outcomes.append)
    stop = asyncio.Event()
    task = asyncio.create_task(poller.run(stop))
    try:
        while not outcomes:
            await asyncio.sleep(0.02)
        assert outcomes[0].ok and n_items(store) == 5
        with store._lock:
            pages = store.conn.execute("PRAGMA page_count").fetchone()[0]
            store.conn.execute(f"PRAGMA max_page_count = {pages}")
        feed_server.routes["/grow"].body = rss(entries("grow", 400))
        full_from = len(outcomes)
        # Count polls, not seconds: a loaded CI machine may take longer per poll.
        deadline = time.monotonic() + 30
        while len(outcomes) - full_from < 3 and time.monotonic() < deadline:
            await asyncio.sleep(0.05)
        during = outcomes[full_from:]
        assert len(during) >= 3, "the feed kept its schedule while the disk was full"
        assert all(not o.ok for o in during)
        assert {one_line(o.error) for o in during} == {
            "store write failed: database or disk is full"
        }
        assert n_items(store) == 5, "no half batch was written"
        with store._lock:
            store.conn.execute("PRAGMA max_page_count = 1073741823")
        freed_from = len(outcomes)
        while not any(o.ok for o in outcomes[freed_from:]):
            await asyncio.sleep(0.05)
    finally:
        stop.set()
        await task
        await poller.aclose()
    assert n_items(store) == 400
    assert store.conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"


@dataclass
class Cli:
    code: int
    stdout: str
    stderr: str


def crisiswatch(*args: str, cwd: Path) -> Cli:
    out = subprocess.run(
        [sys.executable, "-m", "crisiswatch", *args],
        capture_output=True,
        text=True,
        timeout=60,
        cwd=cwd,
    )
    return Cli(out.returncode, out.stdout, out.stderr)


def assert_one_line_failure(out: Cli, *, code: int = 1) -> str:
    assert out.code == code, (out.code, out.stderr)
    assert "Traceback" not in out.stderr
    lines = out.stderr.strip().splitlines()
    assert len(lines) == 1, out.stderr
    assert lines[0].startswith("crisiswatch: ")
    return lines[0]


def unopenable_dbs(tmp_path: Path) -> dict[str, Path]:
    regular = tmp_path / "a-file"
    regular.write_text("not a directory\n")
    garbage = tmp_path / "garbage.db"
    garbage.write_bytes(bytes(range(256)) * 40)
    return {
        "under-a-file": regular / "s.db",
        "a-directory": tmp_path,
        "not-a-database": garbage,
    }


@pytest.mark.parametrize("case", ["under-a-file", "a-directory", "not-a-database"])
def test_poll_once_on_an_unopenable_store_is_one_line(
    feed_server: FeedServer, tmp_path: Path, case: str
) -> None:
    good = good_feed(feed_server)
    config = tmp_path / "feeds.toml"
    config.write_text(f'[[feed]]\nname = "good"\nurl = "{good.url}"\n')
    db = unopenable_dbs(tmp_path)[case]
    # A path that is no store at all (a directory, a file that is not SQLite) is a bad --db:
    # refused as a usage error, and left as it was.
    refused = case != "under-a-file"
    line = assert_one_line_failure(
        crisiswatch("poll", "--once", "--config", str(config), "--db", str(db), cwd=tmp_path),
        code=2 if refused else 1,
    )
    if refused:
        assert line.startswith(f"crisiswatch: {db} is not a"), line
        assert line.endswith(": not a crisiswatch store, left untouched (choose another --db)")
    else:
        assert line.startswith(f"crisiswatch: cannot open store {db}: "), line
    assert feed_server.requests == [], "nothing is fetched into a store that cannot take it"


@pytest.mark.slow
@pytest.mark.parametrize(
    "case",
    [
        "under-a-file",
        "a-directory",
        "not-a-database",
    ],
)
def test_feeds_on_an_unreadable_store_is_one_line(tmp_path: Path, case: str) -> None:
    db = unopenable_dbs(tmp_path)[case]
    code = 1 if case == "under-a-file" else 2
    assert_one_line_failure(
        crisiswatch("feeds", "--json", "--db", str(db), cwd=tmp_path), code=code
    )
