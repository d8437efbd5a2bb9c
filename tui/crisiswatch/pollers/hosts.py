"""Politeness per host: at most N requests in flight and a minimum spacing between starts."""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager


class HostGate:
    """Admits requests so that 50 feeds on one host never arrive there as a burst."""

    def __init__(
        self,
        *,
        global_limit: int,
        per_host: int,
        spacing: float,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._global = asyncio.Semaphore(global_limit)
        self._per_host = per_host
        self._spacing = spacing
        self._clock = clock
        self._hosts: dict[str, asyncio.Semaphore] = {}
        self._turns: dict[str, asyncio.Lock] = {}
        self._last_start: dict[str, float] = {}
        self.starts: dict[str, list[float]] = {}
        """Start times per host (monotonic), kept short; tests and benchmarks read them."""

    @asynccontextmanager
    async def slot(self, host: str) -> AsyncIterator[None]:
        sem = self._hosts.setdefault(host, asyncio.Semaphore(self._per_host))
        turn = self._turns.setdefault(host, asyncio.Lock())
        async with sem:
            # One waiter per host at a time (FIFO) sleeps out the spacing from the last *actual*
            # start, and holds its turn until it has a global slot: a late wake-up or a wait for
            # the global limit can only widen the gap, never bunch two starts together.
            async with turn:
                last = self._last_start.get(host)
                if last is not None:
                    # The loop may wake a timer up to its clock resolution early: sleep out the rest.
                    while (wait := last + self._spacing - self._clock()) > 0:
                        await asyncio.sleep(wait)
                await self._global.acquire()
                started = self._clock()
                self._last_start[host] = started
                log = self.starts.setdefault(host, [])
                log.append(started)
                del log[:-256]
            try:
                yield
            finally:
                self._global.release()
