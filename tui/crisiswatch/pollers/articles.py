"""The article queue: the page behind each new item a full-text watch follows, fetched once.

Its own task, its own client and its own concurrency limit (`article_connections`), so feed
polls never wait for pages; but the same host gate as the feeds (pollers/hosts.py), so a
news site sees one polite stream of requests, feeds and pages together, never a burst.
A page that fails leaves its item as it was, says why in the item's detail, and is tried
again later, at most `MAX_TRIES` times in all.
"""

from __future__ import annotations

import asyncio
import contextlib
import sqlite3
import time
from collections.abc import Callable
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from crisiswatch.config import Config
from crisiswatch.facts import WatchList
from crisiswatch.pollers.client import Client
from crisiswatch.pollers.cpu import ArticleUnreadable, CpuPool, Page, WorkerDied
from crisiswatch.pollers.fetch import FetchFailed, fetch
from crisiswatch.pollers.hosts import HostGate
from crisiswatch.pollers.robots import ROBOTS_MAX, RobotsCache, RobotsUnavailable
from crisiswatch.store import Store
from crisiswatch.store import articles as queue

if TYPE_CHECKING:  # imported in the worker only: it pulls in the parsers (lxml, feedparser)
    from crisiswatch.pollers.article_text import ArticleRead

MAX_TRIES = 3
"""Tries per article in all: the first and two retries."""

RETRY_BASE = 120.0
"""Seconds before the first retry; each later one waits four times as long (2 min, 8 min)."""

BATCH = 256
"""Due articles taken from the store at a time; more are taken as these finish."""

IDLE_CHECK = 30.0
"""Longest sleep with nothing due: the store may gain articles from another path meanwhile."""

_HTML_TYPES = ("text/html", "application/xhtml+xml", "text/plain")


class _Permanent(Exception):
    """A failure that another try would not change (robots.txt says no, not a web page)."""


def article_client(config: Config) -> Client:
    """A client for article pages: redirects bounded, no cookies kept, asks for HTML."""
    s = config.settings
    return Client(
        user_agent=s.user_agent,
        accept="text/html, application/xhtml+xml;q=0.9, */*;q=0.1",
        timeout=s.timeout,
        per_host=s.per_host,
    )


def _by_link(jobs: list[queue.ArticleJob]) -> dict[str, list[queue.ArticleJob]]:
    """Due jobs grouped by their link, in order."""
    out: dict[str, list[queue.ArticleJob]] = {}
    for job in jobs:
        out.setdefault(job.url, []).append(job)
    return out


class ArticleQueue:
    """Fetches the store's waiting articles, at most `article_connections` at once."""

    def __init__(
        self,
        config: Config,
        store: Store,
        gate: HostGate,
        cpu: CpuPool,
        watches: WatchList,
        *,
        client: Client | None = None,
        retry_base: float = RETRY_BASE,
        on_change: Callable[[], None] | None = None,
    ) -> None:
        self.config = config
        self.store = store
        self.gate = gate
        self.cpu = cpu
        self.watches = watches
        """What every article is read against, with its item's title and summary."""
        self._client = client
        self._own_client = client is None
        self.retry_base = retry_base
        self._on_change = on_change
        self._limit = asyncio.Semaphore(config.settings.article_connections)
        self._wake = asyncio.Event()
        self._ignored = frozenset(config.settings.ignore_robots)
        self.robots = RobotsCache(self._get_robots)

    @property
    def client(self) -> Client:
        if self._client is None:
            self._client = article_client(self.config)
        return self._client

    async def aclose(self) -> None:
        if self._own_client and self._client is not None:
            await self._client.aclose()
            self._client = None

    def wake(self) -> None:
        """New articles were queued: look now instead of at the next idle check."""
        self._wake.set()

    async def run(self, stop: asyncio.Event) -> None:
        """Fetch what is due until `stop` is set. Pages are started as they come due, so a
        slow one holds only its own slot, never the articles queued after it."""
        flying: dict[str, asyncio.Task[None]] = {}
        try:
            while not stop.is_set():
                self._wake.clear()
                try:
                    jobs = await asyncio.to_thread(queue.due, self.store, time.time(), BATCH)
                    nxt = await asyncio.to_thread(queue.next_due, self.store)
                except sqlite3.Error:  # a locked or full store: the jobs wait where they are
                    jobs, nxt = [], None
                for link, same in _by_link(jobs).items():
                    if link not in flying:
                        flying[link] = asyncio.create_task(self._link(same))
                now = time.time()
                # Due but in flight: a page that ends (or a wake) is what calls for a look.
                wait = IDLE_CHECK if nxt is None or nxt <= now else min(IDLE_CHECK, nxt - now)
                woken = asyncio.create_task(self._wake.wait())
                try:
                    await asyncio.wait(
                        [woken, *flying.values()],
                        timeout=max(0.05, wait),
                        return_when=asyncio.FIRST_COMPLETED,
                    )
                finally:
                    woken.cancel()
                for link in [k for k, t in flying.items() if t.done()]:
                    del flying[link]
        finally:
            for task in flying.values():
                task.cancel()
            await asyncio.gather(*flying.values(), return_exceptions=True)

    async def drain(self) -> int:
        """Fetch every article due now (not the retries that come due meanwhile); how many."""
        jobs = await asyncio.to_thread(queue.due, self.store, time.time(), 10_000)
        if jobs:
            tasks = [asyncio.create_task(self._link(same)) for same in _by_link(jobs).values()]
            try:
                await asyncio.gather(*tasks)
            finally:
                for task in tasks:
                    task.cancel()
                await asyncio.gather(*tasks, return_exceptions=True)
        return len(jobs)

    async def _link(self, jobs: list[queue.ArticleJob]) -> None:
        """The items sharing one link, one after another: the first fetches the page, the
        others read the text it stored."""
        for job in jobs:
            await self._one(job)

    async def _one(self, job: queue.ArticleJob) -> None:
        async with self._limit:
            parts = urlsplit(job.url)
            host = parts.netloc.lower()
            try:
                have = await asyncio.to_thread(queue.fetched, self.store, job.url)
                if have is not None:
                    final_url, text = have
                    read = await self.cpu.read_article_text(
                        text, job.title, job.summary, self.watches
                    )
                else:
                    read, final_url = await self._fetch_and_read(job, parts.scheme, host)
            except _Permanent as exc:
                await self._failed(job, f"full text: {exc}", retry=False)
            except FetchFailed as exc:
                error = exc.status is not None and exc.status >= 400
                reason = f"{exc.status}" if error else str(exc).replace("max_body", "max_article")
                # A page that is gone, refused or too big stays so; a server error may not.
                lasting = error and 400 <= (exc.status or 0) < 500 and exc.status not in (408, 429)
                lasting = lasting or "max_article" in reason
                await self._failed(job, f"full text: {reason} from {host}", retry=not lasting)
            except (RobotsUnavailable, ArticleUnreadable, WorkerDied) as exc:
                await self._failed(job, f"full text: {exc} ({host})", retry=True)
            except sqlite3.Error:
                return  # the store's own trouble: the job waits as it was
            except Exception as exc:  # a bug on one page must not stop the queue
                message = f"full text: internal error: {type(exc).__name__}: {exc}"
                await self._failed(job, message[:300], retry=False)
            else:
                if read.text is None:
                    await self._failed(
                        job, f"full text: no article text found on the page ({host})", retry=False
                    )
                    return
                with contextlib.suppress(sqlite3.Error):
                    await asyncio.to_thread(
                        queue.done,
                        self.store,
                        job,
                        final_url,
                        read.text,
                        read.reading,
                    )
                self._changed()

    async def _fetch_and_read(
        self, job: queue.ArticleJob, scheme: str, host: str
    ) -> tuple[ArticleRead, str]:
        if scheme not in ("http", "https") or not host:
            raise _Permanent("the link is not an http(s) address; not fetched")
        if (urlsplit(job.url).hostname or "").endswith(".invalid"):
            # RFC 6761: names under .invalid never resolve, so none is looked up (the demo's).
            raise _Permanent(f"{host} is a reserved name that never resolves; not fetched")
        if host not in self._ignored and not await self.robots.allowed(scheme, host, job.url):
            raise _Permanent(f"robots.txt of {host} disallows fetching it")
        s = self.config.settings
        async with self.gate.slot(host):
            got = await fetch(
                self.client, job.url, max_body=s.max_article, deadline=s.fetch_deadline
            )
        kind = (got.content_type or "text/html").split(";")[0].strip().lower()
        if kind not in _HTML_TYPES:
            raise _Permanent(f"not a web page ({kind[:60]}) at {host}")
        page = Page(got.body or b"", got.content_type, got.url)
        read = await self.cpu.read_article(page, job.title, job.summary, self.watches)
        return read, got.url or job.url

    async def _get_robots(self, address: str) -> bytes | None:
        host = urlsplit(address).netloc.lower()
        async with self.gate.slot(host):
            got = await fetch(
                self.client,
                address,
                max_body=ROBOTS_MAX,
                deadline=self.config.settings.fetch_deadline,
            )
        return got.body

    async def _failed(self, job: queue.ArticleJob, message: str, *, retry: bool) -> None:
        tries = job.tries + 1
        retry_at = None
        if retry and tries < MAX_TRIES:
            retry_at = time.time() + self.retry_base * 4 ** (tries - 1)
        with contextlib.suppress(sqlite3.Error):
            await asyncio.to_thread(queue.failed, self.store, job.item_id, message, retry_at)
        self._changed()

    def _changed(self) -> None:
        if self._on_change is not None:
            self._on_change()
