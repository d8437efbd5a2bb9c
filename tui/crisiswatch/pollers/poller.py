"""Polls every configured feed on its own schedule into the store, and reports each outcome."""

from __future__ import annotations

import asyncio
import contextlib
import functools
import random
import sqlite3
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, TypeVar

from crisiswatch.config import Config, FeedConfig
from crisiswatch.facts import ItemFacts, WatchList
from crisiswatch.pollers.articles import ArticleQueue
from crisiswatch.pollers.catchup import catch_up
from crisiswatch.pollers.client import Client, make_client
from crisiswatch.pollers.cpu import CpuPool, FeedBody, WorkerDied, shared_pool
from crisiswatch.pollers.fetch import FetchFailed, fetch
from crisiswatch.pollers.health import HealthWriter
from crisiswatch.pollers.hosts import HostGate
from crisiswatch.pollers.schedule import next_delay
from crisiswatch.pollers.unreadable import FeedUnreadable
from crisiswatch.pollers.warmup import expects_bodies
from crisiswatch.store import FeedState, FeedSuccess, Store

if TYPE_CHECKING:
    from crisiswatch.alerts.runner import AlertRunner

T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class PollOutcome:
    """What one poll of one feed came to; the CLI prints it, the UI turns it into a message."""

    feed: str
    ok: bool
    status: int | None
    new_items: int
    seconds: float
    error: str | None
    warning: str | None
    next_delay: float
    parse_cpu: float = 0.0
    """CPU seconds spent parsing, extracting and storing: where the time goes."""
    extract_cpu: float = 0.0
    store_cpu: float = 0.0


class Poller:
    """Owns the shared client, the host gate and one task per feed.

    Network waits happen on the event loop; parsing and extraction run in worker processes
    (`CpuPool`) and every store call in a worker thread, so an event loop shared with a UI
    never stalls on them. Building one touches no store: the feeds' health rows are written
    when polling starts (`prepare`).
    """

    def __init__(
        self,
        config: Config,
        store: Store,
        *,
        client: Client | None = None,
        on_outcome: Callable[[PollOutcome], None] | None = None,
        rng: random.Random | None = None,
        cpu: CpuPool | None = None,
        alerts: AlertRunner | None = None,
    ) -> None:
        self.config = config
        self.store = store
        self.feeds = tuple(f for f in config.feeds if f.enabled)
        self._client = client
        self._own_client = client is None
        self._on_outcome = on_outcome
        self._rng = rng or random.Random()
        self.cpu = cpu or shared_pool()
        self.alerts = alerts
        """Told of every poll that stored new items: it tallies and fires alerts on its own."""
        s = config.settings
        self.gate = HostGate(
            global_limit=s.max_connections, per_host=s.per_host, spacing=s.host_spacing
        )
        self._watches = WatchList.of(config.watches)
        self._wake: dict[str, asyncio.Event] = {}
        self._busy = asyncio.Semaphore(s.max_connections)
        self._health = HealthWriter(store)
        self.articles: ArticleQueue | None = None
        """The article queue, when a feed or a watch asks for full text (pollers/articles.py)."""
        if any(f.fulltext for f in self.feeds) or any(w.fulltext for w in config.watches):
            self.articles = ArticleQueue(config, store, self.gate, self.cpu, self._watches)
        self._prepared = False
        self._preparing = asyncio.Lock()

    async def prepare(self) -> None:
        """Once, before the first poll: every configured feed gets its health row. A write
        that may wait out the store's busy timeout, so it runs in a thread."""
        if self._prepared:  # every poll asks: after the first, without taking the lock
            return
        async with self._preparing:
            if self._prepared:
                return
            feeds = [(f.name, f.url) for f in self.config.feeds]
            # A read-only or full store: each poll will fail with the store's own one-line error.
            with contextlib.suppress(sqlite3.Error):
                await asyncio.to_thread(self.store.sync_feeds, feeds)
            self._prepared = True

    @property
    def client(self) -> Client:
        if self._client is None:
            self._client = make_client(self.config.settings)
        return self._client

    async def aclose(self) -> None:
        if self.articles is not None:
            await self.articles.aclose()
        if self._own_client and self._client is not None:
            await self._client.aclose()
            self._client = None

    async def catch_up(self) -> int:
        await self.prepare()
        found = await asyncio.to_thread(catch_up, self.store, self._watches)
        if self.alerts is not None:
            await self.alerts.start()
        return found

    async def poll_feed(self, feed: FeedConfig, state: FeedState | None = None) -> PollOutcome:
        """Fetch, parse, store and record health for one feed. Whatever goes wrong with the
        feed, the network, the store or a bug becomes this feed's failure; only `on_outcome`'s
        own exceptions (a closed stdout) and cancellation escape, and neither is recorded as
        the feed's failure: they are the caller's, who stops the round.
        `state`, when the caller has just read it, saves a trip to the store."""
        started = time.monotonic()
        failures = 0
        status: int | None = None
        retry_after: float | None = None
        await self.prepare()
        try:
            if state is None:
                state = await asyncio.to_thread(self.store.feed_state, feed.name)
            failures = state.failures
            outcome = await self._poll(feed, state, started)
        except (FetchFailed, FeedUnreadable, WorkerDied) as exc:
            if isinstance(exc, FetchFailed):
                status, retry_after = exc.status, exc.retry_after
            message = _one_line(str(exc))
        except sqlite3.Error as exc:
            message = _one_line(f"store write failed: {exc}")
        except Exception as exc:  # a bug must not stop this feed's polling, nor anyone else's
            message = _one_line(f"internal error: {type(exc).__name__}: {exc}")
        else:
            if self.alerts is not None:
                self.alerts.items_added(feed.name, outcome.new_items)
            self._report(outcome)
            return outcome
        s = self.config.settings
        delay = next_delay(
            self.config.interval_for(feed),
            failures=failures + 1,
            jitter=s.jitter,
            max_backoff=s.max_backoff,
            retry_after=retry_after,
            rand=self._rng.random(),
        )
        with contextlib.suppress(sqlite3.Error):  # a full or read-only store can't record it
            await asyncio.to_thread(
                self.store.record_failure,
                feed.name,
                status=status,
                error=message,
                next_poll=time.time() + delay,
            )
        outcome = PollOutcome(
            feed.name, False, status, 0, time.monotonic() - started, message, None, delay
        )
        self._report(outcome)
        return outcome

    def _report(self, outcome: PollOutcome) -> None:
        if self._on_outcome is not None:
            self._on_outcome(outcome)

    async def _poll(self, feed: FeedConfig, state: FeedState, started: float) -> PollOutcome:
        async with contextlib.AsyncExitStack() as stack:
            return await self._poll_holding(feed, state, started, stack)

    async def _poll_holding(
        self,
        feed: FeedConfig,
        state: FeedState,
        started: float,
        stack: contextlib.AsyncExitStack,
    ) -> PollOutcome:
        s = self.config.settings
        async with self.gate.slot(feed.host):
            # Held from the fetch until the items are stored: at most max_connections bodies
            # wait in memory, however fast the network outruns parsing. Taken inside the host
            # slot, so feeds waiting out a host's spacing never hold one.
            await stack.enter_async_context(self._busy)
            got = await fetch(
                self.client,
                feed.url,
                etag=state.etag,
                last_modified=state.last_modified,
                max_body=s.max_body,
                deadline=s.fetch_deadline,
            )
        rows: Sequence[ItemFacts] = ()
        warning = None
        ttl = None
        parse_cpu = extract_cpu = 0.0
        if got.body is not None:
            body = FeedBody(
                got.body,
                max_items=s.max_items,
                fmt=feed.format,
                mapping=feed.results or feed.json,
                content_type=got.content_type,
                url=got.url,
            )
            prepared = await self.cpu.prepare_feed(body, self._watches)
            parse_cpu, extract_cpu = prepared.parse_cpu, prepared.extract_cpu
            facts = prepared.facts
            warning, ttl, rows = facts.warning, facts.ttl_seconds, facts.items
            if self.articles is not None:
                rows = [
                    r._replace(fulltext=True)
                    if r.url and self.config.wants_article(feed, r.watches)
                    else r
                    for r in rows
                ]
        delay = next_delay(
            self.config.interval_for(feed),
            jitter=s.jitter,
            max_backoff=s.max_backoff,
            retry_after=got.retry_after,
            max_age=got.max_age,
            ttl=ttl,
            rand=self._rng.random(),
        )
        success = FeedSuccess(got.status, got.etag, got.last_modified, time.time() + delay, warning)
        if got.body is None:
            # Not modified: only the feed's health, committed with the other 304s of the moment.
            store_cpu = await self._health.write(feed.name, success)
            new = 0
        else:
            # Items, figures and the feed's health go in one transaction: one commit per poll.
            add = functools.partial(self.store.write_poll, success=success)
            added, store_cpu = await asyncio.to_thread(_timed, add, feed.name, rows)
            new = len(added)
        if self.articles is not None and any(r.fulltext for r in rows):
            self.articles.wake()
        return PollOutcome(
            feed.name,
            True,
            got.status,
            new,
            time.monotonic() - started,
            None,
            warning,
            delay,
            parse_cpu,
            extract_cpu,
            store_cpu,
        )

    async def poll_once(self) -> list[PollOutcome]:
        """Every enabled feed once, concurrently within the limits; outcomes in config order."""
        await self.prepare()
        states = await asyncio.to_thread(self.store.feed_states)
        if expects_bodies(self.feeds, states):
            self.cpu.warm()
        await self.catch_up()
        tasks = [asyncio.create_task(self.poll_feed(f, states.get(f.name))) for f in self.feeds]
        try:
            outcomes = list(await asyncio.gather(*tasks))
        finally:
            await _settle(tasks)
        if self.articles is not None:
            await self.articles.drain()  # the pages of the items just stored, one try each
        return outcomes

    async def run(self, stop: asyncio.Event) -> None:
        """Poll until `stop` is set. Each feed's timer is re-armed only after its poll finishes,
        so polls of one feed never overlap; a feed due at start-up (by the stored next_poll) is
        polled at once."""
        await self.prepare()
        self.cpu.warm()
        await self.catch_up()
        tasks = [
            asyncio.create_task(self._feed_loop(f, stop), name=f"poll:{f.name}") for f in self.feeds
        ]
        if self.articles is not None:
            # Not among the tasks whose end stops the round: it ends only with `stop`.
            tasks.append(asyncio.create_task(self.articles.run(stop), name="articles"))
        stopped = asyncio.create_task(stop.wait())
        try:
            # A feed's loop ends early only when its reporter raised (a closed stdout): that
            # stops every feed, as `stop` does, and the error is the caller's.
            done, _ = await asyncio.wait([stopped, *tasks], return_when=asyncio.FIRST_COMPLETED)
            for task in done:
                error = None if task is stopped or task.cancelled() else task.exception()
                if error is not None:
                    raise error
        finally:
            await _settle([stopped, *tasks])

    def poll_now(self) -> None:
        """Wake every feed that is waiting for its timer."""
        for event in self._wake.values():
            event.set()

    async def _feed_loop(self, feed: FeedConfig, stop: asyncio.Event) -> None:
        wake = self._wake.setdefault(feed.name, asyncio.Event())
        state = await asyncio.to_thread(self.store.feed_state, feed.name)
        delay = 0.0 if state.next_poll is None else max(0.0, state.next_poll - time.time())
        while not stop.is_set():
            if delay > 0:
                wake.clear()
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(wake.wait(), timeout=delay)
            if stop.is_set():
                break
            outcome = await self.poll_feed(feed)
            delay = outcome.next_delay


async def _settle(tasks: Sequence[asyncio.Task[object]]) -> None:
    """Cancel what is still running and wait until it has stopped, before anyone closes the
    client under it: a poll cut short by a closed stdout or Ctrl-C records nothing, where a
    closed client would have made it a false "connection lost" in the feed's health. A store
    write already handed to a thread still commits whole (or not at all)."""
    for task in tasks:
        task.cancel()
    await asyncio.gather(*tasks, return_exceptions=True)


def _timed(fn: Callable[..., T], *args: object) -> tuple[T, float]:
    """Run `fn` and return its result with the CPU time this thread spent in it."""
    t0 = time.thread_time()
    result = fn(*args)
    return result, time.thread_time() - t0


def _one_line(text: str) -> str:
    line = " ".join(text.split())
    return line[:300] if line else "unknown error"
