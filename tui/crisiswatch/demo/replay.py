"""A 127.0.0.1 feed server that replays the demo timeline on a compressed clock, and its Config."""

from __future__ import annotations

import bisect
import contextlib
import hashlib
import json
import threading
import time
import xml.etree.ElementTree as ET
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime, parsedate_to_datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from crisiswatch.config import (
    Config,
    Election,
    FeedConfig,
    FeedFormat,
    JsonMapping,
    Party,
    SeatMethod,
    Settings,
    Watch,
)
from crisiswatch.demo import results as official
from crisiswatch.demo.articles import ARTICLE_FEED, article_page, article_path
from crisiswatch.demo.timeline import FEEDS, LINK_BASE, START, TIMELINE, DemoFeed, DemoItem, Layout

INITIAL = 4
"""How many of the oldest items are out the moment the replay starts, so no pane opens empty."""

RATE_BLEND = 0.5
"""Weight of real chronology against an even pace when compressing the timeline (see
`release_times`)."""

CONTENT_TYPES = {
    Layout.RSS: "application/rss+xml; charset=utf-8",
    Layout.ATOM: "application/atom+xml; charset=utf-8",
    Layout.JSONFEED: "application/feed+json; charset=utf-8",
    Layout.JSON: "application/json; charset=utf-8",
    Layout.RESULTS: "application/json; charset=utf-8",
}

FORMATS = {
    Layout.RSS: FeedFormat.RSS,
    Layout.ATOM: FeedFormat.ATOM,
    Layout.JSONFEED: FeedFormat.JSONFEED,
    Layout.JSON: FeedFormat.JSON,
    Layout.RESULTS: FeedFormat.RESULTS_JSON,
}

SERVED: tuple[DemoFeed, ...] = (*FEEDS, official.FEED)
"""Every feed the replay serves: the timeline's, then the commission's results export."""

MONITOR_MAPPING = JsonMapping(
    items="articles", url="url", title="headline", summary="lede", published="seen_at", guid="id"
)
"""The generic JSON wire's field names differ from the defaults on purpose: the demo shows that
a `[feed.json]` mapping is what makes such a list readable."""

WATCH = Watch(
    name="Kyrgyzstan 2020",
    keywords=("Kyrgyzstan", "Kyrgyz", "Bishkek", "Jeenbekov", "Atambayev", "Japarov", "Ala-Too"),
    election=Election(
        seats=120,
        threshold=7.0,
        method=SeatMethod.HARE,
        parties=(
            Party("Birimdik", ("Unity",)),
            Party("Mekenim Kyrgyzstan", ("Native Kyrgyzstan", "My Homeland Kyrgyzstan")),
            Party("Kyrgyzstan", ("Kyrgyzstan Party",)),
            Party("Butun Kyrgyzstan", ("United Kyrgyzstan", "Bütün Kyrgyzstan")),
            Party("Ata-Meken", ("Fatherland",)),
            Party("Reforma"),
            Party("Mekenchil"),
            Party("Respublika"),
            Party("Social Democrats", ("SDK",)),
            Party("Ata-Jurt Kyrgyzstan", ("Ata-Jurt",)),
        ),
    ),
)
"""The same watch as the shipped feeds.toml, so the demo shows what the real config would."""

SETTINGS = Settings(
    # Two seconds is far below the 30 s floor a feeds.toml may ask for. That floor protects
    # real publishers; the only server here is our own on 127.0.0.1, and a minute-long replay
    # polled every 30 s would show two updates. So the demo builds its Config directly and
    # never goes through the file validation.
    interval=2.0,
    timeout=5.0,
    per_host=len(SERVED),
    host_spacing=0.0,
    jitter=0.2,
    max_backoff=60.0,
)


def release_times(items: Sequence[DemoItem], duration: float) -> tuple[float, ...]:
    """Seconds after the start at which each item (oldest first) appears.

    The first `INITIAL` items are out at once. The rest are spread over `duration`: half by
    their real chronology, half by their rank. Pure chronology would leave the screen still
    through the quiet night of 4-5 October and then release the storming in a burst; pure rank
    would lose the rhythm of the story. The blend keeps the order and a steady pace, and the last
    item lands exactly at `duration`.
    """
    n = len(items)
    if n == 0:
        return ()
    first = min(INITIAL, n) - 1
    span = items[-1].offset - items[first].offset
    steps = n - 1 - first
    out: list[float] = []
    for k, item in enumerate(items):
        if k <= first or steps == 0:
            out.append(0.0)
            continue
        by_time = (item.offset - items[first].offset) / span if span > 0 else 1.0
        by_rank = (k - first) / steps
        out.append(duration * (RATE_BLEND * by_time + (1.0 - RATE_BLEND) * by_rank))
    return tuple(out)


@dataclass(frozen=True, slots=True)
class Body:
    """One rendering of a feed: what is served while its set of released items is unchanged."""

    data: bytes
    etag: str
    last_modified: str | None


class DemoReplay:
    """Serves the timeline on 127.0.0.1, releasing items as the compressed clock passes them."""

    def __init__(
        self, *, duration: float = 60.0, clock: Callable[[], float] = time.monotonic
    ) -> None:
        if duration <= 0:
            raise ValueError("duration must be positive")
        self.duration = duration
        self._clock = clock
        self._items = tuple(sorted(TIMELINE, key=lambda i: i.offset))
        self._release = release_times(self._items, duration)
        self._started: float | None = None
        self._server: _ReplayServer | None = None
        self._thread: threading.Thread | None = None
        self._lock = threading.Lock()
        self._bodies: dict[tuple[str, int], Body] = {}

    # --- lifecycle ---------------------------------------------------------------------------

    def start(self) -> None:
        """Bind 127.0.0.1 on a free port and serve in a daemon thread; the clock starts now."""
        if self._server is not None:
            return
        server = _ReplayServer(("127.0.0.1", 0), _Handler)
        server.replay = self
        server.daemon_threads = True
        self._server = server
        self._started = self._clock()
        # A short poll interval so stop() (on quitting the demo) returns at once.
        self._thread = threading.Thread(
            target=server.serve_forever, args=(0.05,), name="crisiswatch-demo", daemon=True
        )
        self._thread.start()

    def stop(self) -> None:
        server, self._server = self._server, None
        if server is None:
            return
        server.shutdown()
        server.server_close()
        if self._thread is not None:
            self._thread.join(timeout=5)
            self._thread = None

    def __enter__(self) -> DemoReplay:
        self.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()

    # --- what callers see --------------------------------------------------------------------

    @property
    def base_url(self) -> str:
        if self._server is None:
            raise RuntimeError("the demo replay is not started")
        host, port = self._server.server_address[:2]
        return f"http://{host!s}:{port}"

    def url(self, feed: DemoFeed) -> str:
        return self.base_url + feed.path

    def config(self) -> Config:
        """The demo's Config, pointing at this server (so it must be started)."""
        feeds = tuple(
            FeedConfig(
                name=f.name,
                url=self.url(f),
                tags=("demo",),
                format=FORMATS[f.layout],
                json=MONITOR_MAPPING if f.layout is Layout.JSON else None,
                results=official.MAPPING if f.layout is Layout.RESULTS else None,
                fulltext=True if f.key == ARTICLE_FEED else None,
            )
            for f in SERVED
        )
        return Config(path=Path("<demo>"), settings=SETTINGS, feeds=feeds, watches=(WATCH,))

    def elapsed(self) -> float:
        if self._started is None:
            return 0.0
        return max(0.0, self._clock() - self._started)

    def progress(self) -> float:
        """0..1 of the replay elapsed."""
        return min(1.0, self.elapsed() / self.duration)

    def story_now(self) -> datetime:
        """The replay's clock in the story's own time: between two releases it runs from one
        item's publication time to the next, so ages on screen read as they did in October
        2020 ("4m", "2h") rather than years ago."""
        elapsed = self.elapsed()
        items, release = self._items, self._release
        if not items:
            return START.astimezone(UTC)
        k = bisect.bisect_right(release, elapsed) - 1
        if k < 0:
            return items[0].published
        if k + 1 >= len(items):
            return items[-1].published + timedelta(seconds=elapsed - release[-1])
        gap = release[k + 1] - release[k]
        share = (elapsed - release[k]) / gap if gap > 0 else 1.0
        return items[k].published + (items[k + 1].published - items[k].published) * share

    def released(self, feed: str | None = None) -> list[DemoItem]:
        """Items out by now, oldest first; only those of feed key `feed` if given."""
        now = self.elapsed() if self._started is not None else -1.0
        return [
            item
            for item, at in zip(self._items, self._release, strict=True)
            if at <= now and (feed is None or item.feed == feed)
        ]

    # --- serving -----------------------------------------------------------------------------

    def body(self, feed: DemoFeed) -> Body:
        """The feed as it stands now; rendered once per change, then reused."""
        if feed.layout is Layout.RESULTS:
            return self._results_body()
        items = self.released(feed.key)
        key = (feed.key, len(items))
        with self._lock:
            cached = self._bodies.get(key)
        if cached is not None:
            return cached
        newest_first = [self._local_link(i) for i in reversed(items)]
        data = _RENDER[feed.layout](feed, newest_first)
        last_modified = format_datetime(items[-1].published, usegmt=True) if items else None
        made = Body(data, '"' + hashlib.sha1(data).hexdigest()[:20] + '"', last_modified)
        with self._lock:
            self._bodies[key] = made
        return made

    def _results_body(self) -> Body:
        """The commission's export at the stage the story clock has reached."""
        stage = official.stage_at(self.story_now())
        key = (official.FEED.key, -1 if stage is None else stage)
        with self._lock:
            cached = self._bodies.get(key)
        if cached is not None:
            return cached
        data = official.render(stage)
        when = official.last_modified(stage)
        stamp = format_datetime(when, usegmt=True) if when is not None else None
        made = Body(data, '"' + hashlib.sha1(data).hexdigest()[:20] + '"', stamp)
        with self._lock:
            self._bodies[key] = made
        return made

    def _local_link(self, item: DemoItem) -> DemoItem:
        """An item whose story has an article page (demo/articles.py) links to it here."""
        local = article_path(item.link.removeprefix(LINK_BASE + "/"))
        if item.feed != ARTICLE_FEED or local is None:
            return item
        return replace(item, link=self.base_url + local)

    def article(self, path: str) -> bytes | None:
        """The article page at `path`, once its item is out."""
        for item in self.released(ARTICLE_FEED):
            if article_path(item.link.removeprefix(LINK_BASE + "/")) == path:
                return article_page(path, item.title)
        return None


class _ReplayServer(ThreadingHTTPServer):
    replay: DemoReplay


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    # Headers and body go out in two writes; with Nagle on, the body's last segment waits for
    # the client's delayed ACK (40 ms a response on Linux), as no real feed server makes it.
    disable_nagle_algorithm = True
    server_version = "crisiswatch-demo"
    server: _ReplayServer

    def log_message(self, format: str, *args: object) -> None:
        # The replay runs under a full-screen UI; a request log on stderr would tear it.
        pass

    def do_GET(self) -> None:
        self._answer(head=False)

    def do_HEAD(self) -> None:
        self._answer(head=True)

    def _answer(self, *, head: bool) -> None:
        path = self.path.split("?", 1)[0]
        feed = next((f for f in SERVED if f.path == path), None)
        page = self.server.replay.article(path) if feed is None else None
        if page is not None:
            self._send(200, {"Content-Type": "text/html; charset=utf-8"}, page, head)
            return
        if feed is None:
            self._send(404, {"Content-Type": "text/plain; charset=utf-8"}, b"not found\n", head)
            return
        body = self.server.replay.body(feed)
        validators = {"ETag": body.etag, "Cache-Control": "no-cache"}
        if body.last_modified is not None:
            validators["Last-Modified"] = body.last_modified
        if self._not_modified(body):
            self._send(304, validators, b"", head)
            return
        self._send(200, {"Content-Type": CONTENT_TYPES[feed.layout], **validators}, body.data, head)

    def _not_modified(self, body: Body) -> bool:
        """RFC 9110: If-None-Match decides when present (weak comparison); otherwise
        If-Modified-Since against the newest item's date."""
        match = self.headers.get("If-None-Match")
        if match is not None:
            tags = {t.strip().removeprefix("W/") for t in match.split(",")}
            return "*" in tags or body.etag in tags
        since = self.headers.get("If-Modified-Since")
        if since is None or body.last_modified is None:
            return False
        try:
            return parsedate_to_datetime(body.last_modified) <= parsedate_to_datetime(since)
        except (TypeError, ValueError):
            return False

    def _send(self, status: int, headers: dict[str, str], data: bytes, head: bool) -> None:
        self.send_response(status)
        for name, value in headers.items():
            self.send_header(name, value)
        if status != 304:
            self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        if data and not head:
            with contextlib.suppress(BrokenPipeError, ConnectionResetError):
                self.wfile.write(data)


# --- rendering: each layout built by a serialiser, never by pasting strings ------------------


def _rfc3339(when: datetime) -> str:
    return when.astimezone(UTC).isoformat().replace("+00:00", "Z")


def _sub(parent: ET.Element, tag: str, text: str, **attrs: str) -> ET.Element:
    el = ET.SubElement(parent, tag, attrs)
    el.text = text
    return el


def _feed_home(feed: DemoFeed) -> str:
    return f"{LINK_BASE}/{feed.key}/"


def _render_rss(feed: DemoFeed, items: Sequence[DemoItem]) -> bytes:
    rss = ET.Element("rss", {"version": "2.0"})
    channel = ET.SubElement(rss, "channel")
    _sub(channel, "title", feed.title)
    _sub(channel, "link", _feed_home(feed))
    _sub(channel, "description", "crisiswatch demo: a dramatised replay, not real reporting")
    _sub(channel, "language", "en")
    newest = items[0].published if items else START
    _sub(channel, "lastBuildDate", format_datetime(newest.astimezone(UTC), usegmt=True))
    for item in items:
        el = ET.SubElement(channel, "item")
        _sub(el, "title", item.title)
        _sub(el, "link", item.link)
        _sub(el, "guid", item.guid, isPermaLink="false")
        _sub(el, "pubDate", format_datetime(item.published, usegmt=True))
        _sub(el, "description", item.summary)
    data: bytes = ET.tostring(rss, encoding="utf-8", xml_declaration=True)
    return data


def _render_atom(feed: DemoFeed, items: Sequence[DemoItem]) -> bytes:
    root = ET.Element("feed", {"xmlns": "http://www.w3.org/2005/Atom"})
    _sub(root, "id", f"tag:demo.crisiswatch.invalid,2020:{feed.key}")
    _sub(root, "title", feed.title)
    _sub(root, "updated", _rfc3339(items[0].published if items else START))
    ET.SubElement(root, "link", {"rel": "alternate", "href": _feed_home(feed)})
    author = ET.SubElement(root, "author")
    _sub(author, "name", feed.name)
    for item in items:
        entry = ET.SubElement(root, "entry")
        _sub(entry, "id", item.guid)
        _sub(entry, "title", item.title)
        ET.SubElement(entry, "link", {"rel": "alternate", "href": item.link})
        _sub(entry, "published", _rfc3339(item.published))
        _sub(entry, "updated", _rfc3339(item.published))
        _sub(entry, "summary", item.summary, type="text")
    data: bytes = ET.tostring(root, encoding="utf-8", xml_declaration=True)
    return data


def _render_jsonfeed(feed: DemoFeed, items: Sequence[DemoItem]) -> bytes:
    doc = {
        "version": "https://jsonfeed.org/version/1.1",
        "title": feed.title,
        "home_page_url": _feed_home(feed),
        "description": "crisiswatch demo: a dramatised replay, not real reporting",
        "items": [
            {
                "id": item.guid,
                "url": item.link,
                "title": item.title,
                "content_text": item.summary,
                "date_published": _rfc3339(item.published),
            }
            for item in items
        ],
    }
    return json.dumps(doc, ensure_ascii=False, indent=1).encode("utf-8")


def _render_json(feed: DemoFeed, items: Sequence[DemoItem]) -> bytes:
    m = MONITOR_MAPPING
    doc = {
        "source": feed.title,
        m.items: [
            {
                m.guid: item.guid,
                m.url: item.link,
                m.title: item.title,
                m.summary: item.summary,
                m.published: _rfc3339(item.published),
                "language": "English",
            }
            for item in items
        ],
    }
    return json.dumps(doc, ensure_ascii=False, indent=1).encode("utf-8")


_RENDER: dict[Layout, Callable[[DemoFeed, Sequence[DemoItem]], bytes]] = {
    Layout.RSS: _render_rss,
    Layout.ATOM: _render_atom,
    Layout.JSONFEED: _render_jsonfeed,
    Layout.JSON: _render_json,
}
