"""After polls store new items: tally each watch, announce what changed (once per store), and
run the `[[alert]]` hooks and the notify program, off the event loop and bounded in number.

The poller only calls `items_added`; the tally and the store's check-and-write run in a worker
thread, and each hook is a subprocess awaited in a task of its own, so neither a slow tally nor
a hung hook ever holds a poll up.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import sqlite3
import time
from collections.abc import Callable, Sequence
from datetime import UTC, datetime

from crisiswatch.alerts.changes import Alert, watch_headlines
from crisiswatch.alerts.hooks import run_command
from crisiswatch.config import DEFAULT_HOOK_TIMEOUT, AlertHook, Config, Watch
from crisiswatch.store import Store
from crisiswatch.store.alerts import announce, prune_alerts, unannounced
from crisiswatch.store.reads import figure_reports, share_reports, status_reports

MAX_RUNNING = 4
"""Hooks (and notify programs) running at once."""
MAX_WAITING = 64
"""Hook runs queued beyond those; more are dropped, each with a one-line report."""
SETTLE = 1.0
"""Seconds a check waits after the first new items, so a burst of polls is one tally."""


def wanted(hook: AlertHook, alert: Alert) -> bool:
    """Whether a hook's `watch` and `kinds` filters let this alert through."""
    if hook.watch is not None and hook.watch != alert.watch:
        return False
    return not hook.kinds or alert.kind.value in hook.kinds


def new_items_summary(new: dict[str, int]) -> str:
    """newsboat says "finished reload, N unread articles"; this says what came from where."""
    total = sum(new.values())
    feeds = sorted(new.items(), key=lambda kv: (-kv[1], kv[0]))
    shown = ", ".join(f"{name} {n}" for name, n in feeds[:5])
    more = ", \u2026" if len(feeds) > 5 else ""
    noun = "item" if total == 1 else "items"
    where = "feed" if len(feeds) == 1 else "feeds"
    return f"crisiswatch: {total} new {noun} from {len(feeds)} {where} ({shown}{more})"


def tally_watch(store: Store, watch: Watch, now: float) -> list[Alert]:
    """One watch's figures as the tally has them now, announced against the store's record."""
    # Imported here, in the thread that tallies: a poll of feeds with no watch never needs the
    # tally (the decision log reads its types too), and importing it cost a round of 304s 3%.
    from crisiswatch.store.decisions import decision_log
    from crisiswatch.tally.casualties import casualty_counters
    from crisiswatch.tally.decisions import standing
    from crisiswatch.tally.results import race_tables

    decisions = standing(decision_log(store))
    counters = casualty_counters(
        figure_reports(store, watch.name), watch.concurrent, decisions, watch.name, history=False
    )
    tables = []
    if watch.election is not None:
        tables = race_tables(
            share_reports(store, watch.name), watch.election, status_reports(store, watch.name)
        )
    return announce(store, watch.name, watch_headlines(counters, tables), now)


class AlertRunner:
    """One per process that writes the store (a poller, or a TUI taking decisions)."""

    def __init__(
        self,
        config: Config,
        store: Store,
        *,
        on_alert: Callable[[Alert], None] | None = None,
        on_problem: Callable[[str], None] | None = None,
        settle: float = SETTLE,
        live: bool = True,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self.config = config
        self.store = store
        self._on_alert = on_alert
        self._on_problem = on_problem
        self._settle = settle
        self._live = live
        """False for `poll --once`: one check at the end (`drain`), not one after each burst."""
        self._clock = clock
        self._dirty = False
        self._hurry = asyncio.Event()
        self._checker: asyncio.Task[None] | None = None
        self._runs: set[asyncio.Task[None]] = set()
        self._slots = asyncio.Semaphore(MAX_RUNNING)
        self._new: dict[str, int] = {}
        self.fired: list[Alert] = []
        """Every alert this process announced (the newest 200)."""

    # --- what the poller and the TUI call -------------------------------------------------------

    async def start(self) -> None:
        """Before the first poll: alerts older than the retention leave the log, and a watch
        the store never announced takes its figures as they stand as its baseline. Watches
        with one are left to the checks after new items."""
        try:
            before = self._clock() - self.config.settings.retention
            await asyncio.to_thread(prune_alerts, self.store, before)
            fresh = await asyncio.to_thread(unannounced, self.store, self.config.watches)
        except sqlite3.Error as exc:
            self._problem(f"alerts not checked: {exc}")
            return
        if fresh:
            await self._round(notify=False, watches=fresh)

    def items_added(self, feed: str, n: int) -> None:
        if n > 0:
            self._new[feed] = self._new.get(feed, 0) + n
            if self._live:
                self.check_soon()
            else:
                self._dirty = True

    def check_soon(self) -> None:
        """Tally again shortly (after new items, or an analyst's decision)."""
        self._dirty = True
        if self._checker is None or self._checker.done():
            self._checker = asyncio.get_running_loop().create_task(self._check_loop())

    async def checked(self) -> None:
        """Until the check under way (if any) has announced what it found; hooks may still run."""
        if self._checker is not None:
            await asyncio.shield(self._checker)

    async def drain(self) -> None:
        """`poll --once` ends here: the last check now, then every hook run to its end (or its
        timeout)."""
        self._hurry.set()
        if self._checker is not None:
            await self._checker
        if self._dirty or self._new:
            self._dirty = False
            await self._round(notify=True)
        while self._runs:
            await asyncio.gather(*self._runs, return_exceptions=True)

    async def aclose(self) -> None:
        """Stop checking and kill the hooks still running (the TUI quits)."""
        tasks = [t for t in (self._checker, *self._runs) if t is not None]
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)

    # --- inside --------------------------------------------------------------------------------

    async def _check_loop(self) -> None:
        while self._dirty:
            if self._settle > 0 and not self._hurry.is_set():
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(self._hurry.wait(), self._settle)
            self._dirty = False
            await self._round(notify=True)

    def _announce_all(self, watches: Sequence[Watch]) -> list[Alert]:
        now = self._clock()
        out: list[Alert] = []
        for watch in watches:
            out.extend(tally_watch(self.store, watch, now))
        return out

    async def _round(self, *, notify: bool, watches: Sequence[Watch] | None = None) -> None:
        chosen = self.config.watches if watches is None else watches
        try:
            alerts = await asyncio.to_thread(self._announce_all, chosen)
        except sqlite3.Error as exc:
            self._problem(f"alerts not checked: {exc}")
            alerts = []
        except Exception as exc:  # a bug here must not stop polling
            self._problem(f"alerts not checked: internal error: {type(exc).__name__}: {exc}")
            alerts = []
        for alert in alerts:
            self.fired.append(alert)
            del self.fired[:-200]
            if self._on_alert is not None:
                self._on_alert(alert)
            body = json.dumps(alert.payload()).encode() + b"\n"
            for hook in self.config.hooks:
                if wanted(hook, alert):
                    self._spawn(hook.command, body, hook.timeout, "alert hook")
        new, self._new = self._new, {}
        program = self.config.settings.notify_program
        if notify and new and program:
            summary = new_items_summary(new)
            body = json.dumps(
                {
                    "new_items": sum(new.values()),
                    "feeds": new,
                    "summary": summary,
                    "time": datetime.fromtimestamp(self._clock(), UTC).isoformat(),
                }
            ).encode()
            self._spawn((*program, summary), body + b"\n", DEFAULT_HOOK_TIMEOUT, "notify_program")

    def _spawn(self, argv: tuple[str, ...], body: bytes, timeout: float, name: str) -> None:
        if len(self._runs) >= MAX_RUNNING + MAX_WAITING:
            self._problem(f"{name} {argv[0]!r} not run: {len(self._runs)} runs already waiting")
            return
        task = asyncio.get_running_loop().create_task(self._run(argv, body, timeout, name))
        self._runs.add(task)
        task.add_done_callback(self._runs.discard)

    async def _run(self, argv: tuple[str, ...], body: bytes, timeout: float, name: str) -> None:
        async with self._slots:
            problem = await run_command(argv, body, timeout, name=name)
        if problem is not None:
            self._problem(problem)

    def _problem(self, message: str) -> None:
        if self._on_problem is not None:
            self._on_problem(message)
