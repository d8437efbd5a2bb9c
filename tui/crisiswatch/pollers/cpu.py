"""Parsing and extraction on another core: a small process pool shared by every poller.

Parsing a feed and reading figures from new items is pure CPU work. In threads it holds the GIL
that the event loop needs for the network and, in the TUI, for the screen; in a process it runs
on the machine's second core instead. A worker that dies (a parser crash on a hostile body, the
OOM killer) fails only the call in flight: the pool is rebuilt for the next one.
"""

from __future__ import annotations

import asyncio
import atexit
import contextlib
import os
import signal
import sys
import threading
import time
from collections.abc import Callable, Iterator
from concurrent.futures import Executor
from dataclasses import dataclass
from typing import TYPE_CHECKING, NamedTuple, TypeVar

from crisiswatch.config import FeedFormat, JsonMapping, ResultsMapping
from crisiswatch.errors import ExitCode, PollError
from crisiswatch.facts.poll import PollFacts, WatchList, poll_facts

if TYPE_CHECKING:  # imported in the worker only: it pulls in the parsers (lxml, feedparser)
    from concurrent.futures import ProcessPoolExecutor

    from crisiswatch.pollers.article_text import ArticleRead

T = TypeVar("T")

WORKERS_ENV = "CRISISWATCH_WORKERS"
"""Overrides how many worker processes parse and extract; 0 keeps the work in threads."""

MAX_WORKERS = 4

WORKER_NICE = 10
"""The niceness a worker adds to its own when the workers take every core (`worker_nice`)."""

PARSE_LIMIT = 20.0
"""CPU seconds a worker may spend parsing one body. Real feeds take milliseconds; 5 MB of
unclosed tags kept feedparser's lenient parser busy for over a minute, and its worker from
every other feed."""


@dataclass(frozen=True, slots=True)
class FeedBody:
    """A feed's answer as the worker is handed it, with how its feed is to be read."""

    body: bytes
    max_items: int
    fmt: FeedFormat = FeedFormat.AUTO
    mapping: JsonMapping | ResultsMapping | None = None
    content_type: str | None = None
    url: str | None = None
    """Where the body came from (after redirects): relative links resolve against it."""


class Page(NamedTuple):
    """An article page as fetched: its bytes, their declared type, and where they came from."""

    body: bytes
    content_type: str | None
    url: str | None


@dataclass(frozen=True, slots=True)
class PreparedFeed:
    """A body read all the way to the facts the store writes: what the poller needs, no more."""

    facts: PollFacts
    parse_cpu: float
    extract_cpu: float
    """Extraction and the items' keys and watch matches."""


class WorkerDied(PollError):
    """The process doing this call went away; the message is the one line a feed's health shows."""


def _cores() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        return os.cpu_count() or 1


def default_workers() -> int:
    """A process per core on two cores, one per core beyond the first on more, at most four;
    none on a single core, where a process would only add pickling to the same core's work.
    A cold poll is bound by its worker's extraction, not by the event loop, so on two cores
    a second worker cut a cold poll's time by a third; the two run niced (`worker_nice`), so
    the loop sharing a core with one of them goes first. Each spawned worker holds its own copy of
    the parsers and the extractor, about 40 MB (benchmarks/README.md, "Stop 15")."""
    raw = os.environ.get(WORKERS_ENV, "").strip()
    if raw:
        try:
            return max(0, min(int(raw), 32))
        except ValueError:
            pass
    cores = _cores()
    if cores < 2:
        return 0
    return min(MAX_WORKERS, max(2, cores - 1))


def worker_nice(workers: int) -> int:
    """How far below the poller's priority its workers run: WORKER_NICE when they are as many
    as the cores, so one shares a core with the event loop (the network and, in the TUI, the
    screen), which the kernel then schedules first; 0 when a core is left to the loop."""
    return WORKER_NICE if workers >= _cores() else 0


class CpuPool:
    """Runs `parse` and `extract` in worker processes (or, with no workers, in threads)."""

    def __init__(self, workers: int | None = None, *, parse_limit: float = PARSE_LIMIT) -> None:
        self.workers = default_workers() if workers is None else workers
        self.parse_limit = parse_limit
        """Enforced in worker processes only: a thread cannot be interrupted."""
        self._executor: ProcessPoolExecutor | None = None
        self._lock = threading.Lock()

    def _pool(self) -> ProcessPoolExecutor:
        with self._lock:
            if self._executor is None:
                # Imported with the first worker: a round of 304s starts none, and these cost
                # it 40 ms of its start-up.
                import multiprocessing
                from concurrent.futures import ProcessPoolExecutor

                _start_resource_tracker()
                # spawn, not fork: the TUI has threads, and a forked copy of their locks can
                # deadlock. Workers are direct children, so each can notice its parent's death.
                context = multiprocessing.get_context("spawn")
                self._executor = ProcessPoolExecutor(
                    max_workers=self.workers,
                    mp_context=context,
                    initializer=_worker_init,
                    initargs=(os.getpid(), worker_nice(self.workers)),
                )
            return self._executor

    def warm(self) -> None:
        """Start the workers now, so their imports overlap the first fetches instead of
        following them. A pool already started is left alone. (The pool starts a process per
        task submitted while none is idle: one task per worker starts them all.)"""
        if self.workers > 0 and self._executor is None:
            pool = self._pool()
            for _ in range(self.workers):
                pool.submit(_warm)

    async def _run(self, fn: Callable[..., T], *args: object) -> T:
        if self.workers == 0:
            return await asyncio.to_thread(fn, *args)
        executor: Executor = self._pool()
        from concurrent.futures.process import BrokenProcessPool

        try:
            return await asyncio.get_running_loop().run_in_executor(executor, fn, *args)
        except BrokenProcessPool:
            self._discard(executor)
            raise WorkerDied("the parsing process died on this feed; it is restarted") from None

    def _discard(self, executor: Executor) -> None:
        with self._lock:
            if self._executor is executor:
                self._executor = None
        executor.shutdown(wait=False, cancel_futures=True)

    async def prepare_feed(self, body: FeedBody, watches: WatchList) -> PreparedFeed:
        """Parse a body and read it to the facts a poll stores (`facts.poll_facts`) in one
        trip to a worker: the poller's own process, which bounded a cold poll while it did
        this work, is left only the SQL."""
        return await self._run(_prepare_feed, body, watches, self.parse_limit)

    async def read_article(
        self, page: Page, title: str, summary: str, watches: WatchList
    ) -> ArticleRead:
        """An article page's main text and what the item reports with it
        (pollers/article_text.py), in a worker under the same CPU limit as a feed's parse."""
        return await self._run(_read_article, page, title, summary, watches, self.parse_limit)

    async def read_article_text(
        self, text: str, title: str, summary: str, watches: WatchList
    ) -> ArticleRead:
        """What the item reports with an article text already fetched for the same link."""
        from crisiswatch.pollers.article_text import read_text

        return await self._run(read_text, text, title, summary, watches)

    def close(self) -> None:
        with self._lock:
            executor, self._executor = self._executor, None
        if executor is not None:
            executor.shutdown(wait=True, cancel_futures=True)


_shared: CpuPool | None = None
_shared_lock = threading.Lock()


def shared_pool() -> CpuPool:
    """One pool per process: every Poller (and every test) reuses the same warm workers."""
    global _shared
    with _shared_lock:
        if _shared is None:
            _shared = CpuPool()
            atexit.register(_shared.close)
        return _shared


def _start_resource_tracker() -> None:
    """multiprocessing starts its resource tracker on the first spawn and hands it
    `sys.stderr.fileno()`; under a running Textual app sys.stderr is a print capture whose
    fileno() is -1, and the spawn fails ("bad value(s) in fds_to_keep"). Start it against the
    real stderr instead."""
    from multiprocessing import resource_tracker

    real = sys.__stderr__
    if real is None:
        resource_tracker.ensure_running()
        return
    shown, sys.stderr = sys.stderr, real
    try:
        resource_tracker.ensure_running()
    finally:
        sys.stderr = shown


# --- in the worker ---------------------------------------------------------------------------


_in_worker = False
"""True in a pool's worker process, the only place the parse limit's timer may run."""


def _worker_init(parent: int, nice: int = 0) -> None:
    global _in_worker
    _in_worker = True
    # A worker has nothing to say on a terminal, least of all under a full-screen UI: its
    # failures come back to the poller as exceptions (or as WorkerDied).
    devnull = os.open(os.devnull, os.O_RDWR)
    for fd in (0, 1, 2):
        os.dup2(devnull, fd)
    os.close(devnull)
    # Ctrl-C goes to the whole process group; the parent decides how to stop, not the workers.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    if nice:
        # Best effort: a worker that cannot lower its priority still works, only less politely.
        with contextlib.suppress(OSError):
            os.nice(nice)
    # A parent killed with SIGKILL cannot shut the pool down: leave with it instead of lingering.
    threading.Thread(target=_exit_with_parent, args=(parent,), daemon=True).start()


def _warm() -> None:
    """Import the parser and the extractor (most of a worker's start-up: the extractor compiles
    its patterns) before the first feed arrives."""
    import crisiswatch.extract
    import crisiswatch.pollers.parse  # noqa: F401


def _exit_with_parent(parent: int) -> None:
    while os.getppid() == parent:
        time.sleep(0.5)
    os._exit(ExitCode.OK)


class _OutOfTime(BaseException):
    """Raised by the CPU timer; a BaseException so no `except Exception` in a parser eats it."""


@contextlib.contextmanager
def _cpu_limit(seconds: float) -> Iterator[None]:
    """Interrupt the block after `seconds` of this process's CPU time (SIGPROF).

    Only in a worker process's main thread, where signals arrive: threads run unbounded.
    """
    if threading.current_thread() is not threading.main_thread() or not seconds > 0:
        yield
        return

    def expire(signum: int, frame: object) -> None:
        raise _OutOfTime

    previous = signal.signal(signal.SIGPROF, expire)
    signal.setitimer(signal.ITIMER_PROF, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_PROF, 0)
        signal.signal(signal.SIGPROF, previous)


def _prepare_feed(body: FeedBody, watches: WatchList, parse_limit: float = 0.0) -> PreparedFeed:
    # Imported here, not at the top: the poller's own process imports this module early, to
    # start the workers, and with workers it never parses or extracts itself.
    from crisiswatch.pollers.parse import FeedParseError, parse_feed
    from crisiswatch.pollers.parse.results import read_results

    t0 = time.thread_time()
    mapping = body.mapping
    official = None
    try:
        with _cpu_limit(parse_limit if _in_worker else 0.0):
            if isinstance(mapping, ResultsMapping):
                # An official results export: its rows are the figures, so no text is read.
                feed, official = read_results(
                    body.body,
                    body.fmt,
                    mapping,
                    max_items=body.max_items,
                    content_type=body.content_type,
                    election=watches.election,
                    feed_name=mapping.title or "official results",
                )
            else:
                feed = parse_feed(
                    body.body,
                    fmt=body.fmt,
                    mapping=mapping,
                    max_items=body.max_items,
                    content_type=body.content_type,
                    url=body.url,
                )
    except _OutOfTime:
        if isinstance(mapping, ResultsMapping):
            raise FeedParseError(
                f"gave up reading the results after {parse_limit:g}s of CPU"
            ) from None
        raise FeedParseError(
            f"gave up parsing after {parse_limit:g}s of CPU (a body too tangled to read)"
        ) from None
    t1 = time.thread_time()
    facts = poll_facts(feed, watches, official=official)
    return PreparedFeed(facts, t1 - t0, time.thread_time() - t1)


class ArticleUnreadable(PollError):
    """An article page the worker gave up on; `str()` is the line the item's detail shows."""


def _read_article(
    page: Page, title: str, summary: str, watches: WatchList, parse_limit: float = 0.0
) -> ArticleRead:
    from crisiswatch.pollers.article_text import read_article

    try:
        with _cpu_limit(parse_limit if _in_worker else 0.0):
            return read_article(page, title, summary, watches)
    except _OutOfTime:
        raise ArticleUnreadable(
            f"gave up reading the page after {parse_limit:g}s of CPU (a page too tangled)"
        ) from None
