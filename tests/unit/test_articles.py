"""The article queue against a real 127.0.0.1 server: pages with boilerplate, hostile pages,
robots.txt, per-host spacing, retries, and feed polls that never wait for pages."""

from __future__ import annotations

import asyncio
import gzip
import io
import threading
from itertools import pairwise

import pytest
from rich.console import Console

from articlepages import BISHKEK, news_page
from configs import make_config
from crisiswatch.config import Config, FeedConfig, Watch
from crisiswatch.console_views import tally_json, tally_view
from crisiswatch.models import Kind
from crisiswatch.pollers.poller import Poller
from crisiswatch.store import Store
from crisiswatch.store.articles import article_state, waiting
from crisiswatch.store.reads import figure_reports, item_figures
from feedserver import Entry, FeedServer, Route, rss

WATCH = Watch(name="Bishkek", keywords=("Bishkek",), fulltext=True)


def _feed(server: FeedServer, links: list[str], **kw: object) -> Route:
    """A feed whose items about Bishkek link to `links` on the same server: titles with no
    figure, teasers with none either, so any figure must come from the article."""
    items = [
        Entry(
            guid=f"a{n}",
            title=f"Unrest in Bishkek, report {n}",
            summary="Protests went on after the vote.",
            link=server.url(link),
        )
        for n, link in enumerate(links)
    ]
    return Route(rss(items), **kw)  # type: ignore[arg-type]


def _config(server: FeedServer, **settings: object) -> Config:
    feed = FeedConfig(name="Steppe", url=server.url("/rss"))
    return make_config([feed], (WATCH,), **settings)


def _states(store: Store) -> dict[str, tuple[str, str | None]]:
    """Each item's link path: the article's state and error."""
    rows = store.conn.execute(
        "SELECT a.url, a.state, a.error FROM articles a ORDER BY a.item_id"
    ).fetchall()
    return {url.split("/", 3)[3]: (state, error) for url, state, error in rows}


async def _poll(config: Config, store: Store, **kw: object) -> Poller:
    poller = Poller(config, store, **kw)  # type: ignore[arg-type]
    outcomes = await poller.poll_once()
    await poller.aclose()
    assert all(o.ok for o in outcomes), [o.error for o in outcomes]
    return poller


async def test_the_figure_comes_from_the_article_body_not_the_boxes(
    feed_server: FeedServer, store: Store
) -> None:
    feed_server.routes["/rss"] = _feed(feed_server, ["/news/1"])
    feed_server.routes["/news/1"] = Route(BISHKEK, content_type="text/html; charset=utf-8")
    await _poll(_config(feed_server), store)
    assert _states(store) == {"news/1": ("done", None)}
    reports = {r.figure.kind: r for r in figure_reports(store, "Bishkek")}
    injured = reports[Kind.INJURED]
    assert injured.figure.value == 590 and injured.figure.attribution == "the health ministry"
    assert injured.figure.sentence.startswith("At least 590 people were injured")
    shown = {(f.kind, f.value) for f in item_figures(store, 1)}
    # The sidebar's 41 dead and 1,200 injured, and a commenter's 3,000, are other stories.
    assert not shown & {(Kind.KILLED, 41), (Kind.INJURED, 1200), (Kind.KILLED, 3000)}
    state = article_state(store, 1)
    assert state is not None and state.text is not None
    assert "Related stories" not in state.text and "cookies" not in state.text
    assert state.final_url == feed_server.url("/news/1")
    source = store.conn.execute(
        "SELECT DISTINCT source FROM figures WHERE item_id = 1 AND is_total = 0"
    ).fetchall()
    assert source == [("article",)]
    # `tally --json` names the article the sentence came from.
    data = tally_json(store, WATCH)
    [report] = data["counters"]["injured"]["current"][0]["reports"]
    assert report["article_url"] == feed_server.url("/news/1")
    assert report["sentence"].startswith("At least 590 people were injured")
    # So does `tally --explain`, beside the sentence.
    console = Console(width=400, file=io.StringIO(), color_system=None)
    console.print(tally_view(store, WATCH, explain=True))
    assert f"(article: {feed_server.url('/news/1')})" in console.file.getvalue()  # type: ignore[attr-defined]


async def test_only_items_of_a_full_text_watch_get_their_article(
    feed_server: FeedServer, store: Store
) -> None:
    items = [
        Entry("b", "Unrest in Bishkek", "", link=feed_server.url("/news/b")),
        Entry("g", "Floods in the valley", "", link=feed_server.url("/news/g")),
    ]
    feed_server.routes["/rss"] = Route(rss(items))
    feed_server.routes["/news/b"] = Route(BISHKEK, content_type="text/html")
    feed_server.routes["/news/g"] = Route(BISHKEK, content_type="text/html")
    await _poll(_config(feed_server), store)
    assert _states(store) == {"news/b": ("done", None)}
    assert feed_server.hits("/news/g") == []
    # A feed with `fulltext = false` fetches nothing, whatever its watches want.
    other = Store(store.path.with_name("other.db"))
    try:
        feed = FeedConfig(name="Steppe", url=feed_server.url("/rss"), fulltext=False)
        await _poll(make_config([feed], (WATCH,)), other)
        assert other.conn.execute("SELECT count(*) FROM articles").fetchone()[0] == 0
    finally:
        other.close()


def _bomb() -> bytes:
    return gzip.compress(b"<html><body><p>" + b"a" * (50 * 1024 * 1024) + b"</p></body></html>")


@pytest.mark.slow
async def test_hostile_pages_fail_only_themselves(feed_server: FeedServer, store: Store) -> None:
    links = ["/good", "/huge", "/bomb", "/loop", "/markup", "/line", "/forbidden", "/js"]
    feed_server.routes["/rss"] = _feed(feed_server, links)
    feed_server.routes["/good"] = Route(BISHKEK, content_type="text/html")
    feed_server.routes["/huge"] = Route(chunked_size=8 * 1024 * 1024, content_type="text/html")
    feed_server.routes["/bomb"] = Route(encoded=_bomb(), content_type="text/html")
    feed_server.routes["/loop"] = Route(redirect_to=feed_server.url("/loop"))
    hostile_text = (
        "Police said 12 people were detained overnight \x1b]52;c;cHduZWQ=\x07 near the "
        "square.&lt;b&gt;[bold red]not markup[/] &amp; &#27;[2J"
    )
    feed_server.routes["/markup"] = Route(
        news_page("Detentions in Bishkek", [hostile_text, "Officials gave no further detail."]),
        content_type="text/html",
    )
    one_line = "<html><body><article><p>" + "Crowds chanted in the square. " * 35_000
    feed_server.routes["/line"] = Route(
        (one_line + "</p></article></body></html>").encode(), content_type="text/html"
    )
    feed_server.routes["/forbidden"] = Route(b"no", status=403, content_type="text/html")
    feed_server.routes["/js"] = Route(b"location='x'", content_type="application/javascript")
    await _poll(_config(feed_server, max_article=2 * 1024 * 1024), store, rng=None)
    states = _states(store)
    assert states["good"] == ("done", None)
    port_host = feed_server.base.split("//")[1]
    assert states["forbidden"] == ("failed", f"full text: 403 from {port_host}")
    assert states["huge"][0] == "failed" and "max_article" in str(states["huge"][1])
    assert states["bomb"][0] == "failed" and "max_article" in str(states["bomb"][1])
    assert states["loop"][0] == "wait" and "redirects" in str(states["loop"][1])
    assert states["js"] == (
        "failed",
        f"full text: not a web page (application/javascript) at {port_host}",
    )
    assert states["markup"] == ("done", None)
    markup = article_state(store, 5)
    assert markup is not None and markup.text is not None
    assert "\x1b" not in markup.text and "\x07" not in markup.text
    assert "[bold red]not markup[/]" in markup.text and "<b>" in markup.text
    assert states["line"] == ("done", None)
    line = article_state(store, 6)
    assert line is not None and line.text is not None and len(line.text) <= 50_000
    # A failed page leaves its item as the feed gave it.
    title, summary, article = store.conn.execute(
        "SELECT title, summary, article FROM items WHERE id = 7"
    ).fetchone()
    assert (title, summary, article) == (
        "Unrest in Bishkek, report 6",
        "Protests went on after the vote.",
        None,
    )
    assert waiting(store) == 1  # the redirect loop will be tried again


async def test_robots_txt_is_honoured_once_per_host_unless_ignored(
    feed_server: FeedServer, store: Store
) -> None:
    feed_server.routes["/rss"] = _feed(feed_server, ["/private/1", "/news/2", "/news/3"])
    feed_server.routes["/robots.txt"] = Route(
        b"User-agent: *\nDisallow: /private/\n", content_type="text/plain"
    )
    for path in ("/private/1", "/news/2", "/news/3"):
        feed_server.routes[path] = Route(BISHKEK, content_type="text/html")
    await _poll(_config(feed_server), store)
    states = _states(store)
    host = feed_server.base.split("//")[1]
    assert states["private/1"] == (
        "failed",
        f"full text: robots.txt of {host} disallows fetching it",
    )
    assert states["news/2"] == states["news/3"] == ("done", None)
    assert feed_server.hits("/private/1") == []
    assert len(feed_server.hits("/robots.txt")) == 1
    # A host you have permission for: robots.txt is neither read nor obeyed.
    other = Store(store.path.with_name("other.db"))
    try:
        await _poll(_config(feed_server, ignore_robots=(host,)), other)
        assert len(feed_server.hits("/private/1")) == 1
        assert len(feed_server.hits("/robots.txt")) == 1
    finally:
        other.close()


async def test_a_server_error_on_robots_txt_fetches_nothing_yet(
    feed_server: FeedServer, store: Store
) -> None:
    feed_server.routes["/rss"] = _feed(feed_server, ["/news/1"])
    feed_server.routes["/robots.txt"] = Route(b"down", status=503, content_type="text/plain")
    feed_server.routes["/news/1"] = Route(BISHKEK, content_type="text/html")
    await _poll(_config(feed_server), store)
    state, error = _states(store)["news/1"]
    assert state == "wait" and error is not None and "robots.txt unreadable" in error
    assert feed_server.hits("/news/1") == []


@pytest.mark.slow
async def test_pages_keep_the_hosts_spacing_and_no_cookies(
    feed_server: FeedServer, store: Store
) -> None:
    links = [f"/news/{n}" for n in range(5)]
    feed_server.routes["/rss"] = _feed(feed_server, links)
    for path in links:
        feed_server.routes[path] = Route(
            BISHKEK, content_type="text/html", headers={"Set-Cookie": "session=abc; Path=/"}
        )
    poller = await _poll(_config(feed_server, host_spacing=0.15, per_host=4), store)
    host = feed_server.base.split("//")[1]
    starts = poller.gate.starts[host]
    assert len(starts) == 1 + 1 + 5  # the feed, robots.txt, five pages: all through one gate
    assert all(b - a >= 0.15 for a, b in pairwise(starts))
    assert all("cookie" not in seen.headers for path in links for seen in feed_server.hits(path))


async def test_a_failing_page_is_retried_with_backoff_at_most_three_times(
    feed_server: FeedServer, store: Store
) -> None:
    feed_server.routes["/rss"] = _feed(feed_server, ["/flaky", "/down"])
    feed_server.routes["/flaky"] = Route(BISHKEK, content_type="text/html", statuses=(500, 200))
    feed_server.routes["/down"] = Route(BISHKEK, content_type="text/html", statuses=(502,))
    config = _config(feed_server)
    poller = Poller(config, store)
    await poller.poll_once()
    assert poller.articles is not None
    host = feed_server.base.split("//")[1]
    assert _states(store)["flaky"] == ("wait", f"full text: 500 from {host}")
    due = store.conn.execute("SELECT due FROM articles ORDER BY item_id").fetchall()
    # Waiting for its retry, not tried again at once.
    assert await poller.articles.drain() == 0
    store.conn.execute("UPDATE articles SET due = 0")
    await poller.articles.drain()
    assert _states(store)["flaky"] == ("done", None)
    assert _states(store)["down"][0] == "wait"
    store.conn.execute("UPDATE articles SET due = 0")
    await poller.articles.drain()
    assert _states(store)["down"] == ("failed", f"full text: 502 from {host}")
    assert len(feed_server.hits("/down")) == 3
    store.conn.execute("UPDATE articles SET due = 0")
    assert await poller.articles.drain() == 0
    await poller.aclose()
    assert due[0][0] > 0


async def test_feed_polls_never_wait_for_pages(feed_server: FeedServer, store: Store) -> None:
    held = threading.Event()
    feed_server.routes["/rss"] = _feed(feed_server, ["/slow"])
    feed_server.routes["/slow"] = Route(BISHKEK, content_type="text/html", gate=held)
    feed_server.routes["/other"] = Route(rss([Entry("o1", "Second feed's story")]))
    feeds = [
        FeedConfig(name="Steppe", url=feed_server.url("/rss")),
        FeedConfig(name="Other", url=feed_server.url("/other")),
    ]
    poller = Poller(make_config(feeds, (WATCH,), article_connections=1), store)
    stop = asyncio.Event()
    task = asyncio.create_task(poller.run(stop))
    try:
        for _ in range(400):
            polled = store.conn.execute("SELECT count(*) FROM items").fetchone()[0]
            if polled == 2 and feed_server.hits("/slow"):
                break
            await asyncio.sleep(0.025)
        # Both feeds are stored while the page is still held by its server.
        assert polled == 2 and waiting(store) == 1
        poller.poll_now()
        for _ in range(400):
            if len(feed_server.hits("/other")) >= 2:
                break
            await asyncio.sleep(0.025)
        assert len(feed_server.hits("/other")) >= 2, "a second round of polls ran meanwhile"
        held.set()
        for _ in range(400):
            if waiting(store) == 0:
                break
            await asyncio.sleep(0.025)
        assert _states(store)["slow"] == ("done", None)
    finally:
        held.set()
        stop.set()
        await task
        await poller.aclose()


async def test_a_slow_page_never_holds_the_articles_queued_after_it(
    feed_server: FeedServer, store: Store
) -> None:
    held = threading.Event()
    feed_server.routes["/rss"] = _feed(feed_server, ["/slow"])
    feed_server.routes["/slow"] = Route(BISHKEK, content_type="text/html", gate=held)
    feed_server.routes["/quick"] = Route(BISHKEK, content_type="text/html")
    poller = Poller(_config(feed_server, article_connections=2), store)
    stop = asyncio.Event()
    task = asyncio.create_task(poller.run(stop))
    try:
        for _ in range(400):
            if feed_server.hits("/slow"):
                break
            await asyncio.sleep(0.025)
        assert feed_server.hits("/slow")
        # The feed now carries a second story; its page is fetched while the first is held.
        feed_server.routes["/rss"] = _feed(feed_server, ["/slow", "/quick"])
        poller.poll_now()
        for _ in range(400):
            if _states(store).get("quick", ("wait",))[0] == "done":
                break
            await asyncio.sleep(0.025)
        assert _states(store)["quick"] == ("done", None)
        assert _states(store)["slow"][0] == "wait", "still held by its server"
    finally:
        held.set()
        stop.set()
        await task
        await poller.aclose()


async def test_a_story_carried_by_two_feeds_has_its_page_fetched_once(
    feed_server: FeedServer, store: Store
) -> None:
    link = feed_server.url("/news/1")
    feed_server.routes["/rss"] = Route(rss([Entry("s1", "Unrest in Bishkek", "", link=link)]))
    feed_server.routes["/other"] = Route(
        rss([Entry("o1", "Bishkek: night of clashes", "Protests went on.", link=link)])
    )
    feed_server.routes["/news/1"] = Route(BISHKEK, content_type="text/html")
    feeds = [
        FeedConfig(name="Steppe", url=feed_server.url("/rss")),
        FeedConfig(name="Other", url=feed_server.url("/other")),
    ]
    await _poll(make_config(feeds, (WATCH,)), store)
    assert len(feed_server.hits("/news/1")) == 1
    assert [s for s, _ in _states(store).values()] == ["done"]  # one link, keyed once here
    rows = store.conn.execute(
        "SELECT a.state, i.article IS NOT NULL FROM articles a JOIN items i ON i.id = a.item_id"
    ).fetchall()
    assert rows == [("done", 1), ("done", 1)]
    for item_id in (1, 2):
        assert (Kind.INJURED, 590) in {(f.kind, f.value) for f in item_figures(store, item_id)}
