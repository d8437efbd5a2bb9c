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
        self._next_start: dict[str, float] = {}
        self.starts: dict[str, list[float]] = {}
        """Start times per host (monotonic), kept short; tests and benchmarks read them."""

    @asynccontextmanager
    async def slot(self, host: str) -> AsyncIterator[None]:
        sem = self._hosts.setdefault(host, asyncio.Semaphore(self._per_host))
        async with sem:
            # Reserve the next start time before sleeping, so waiters queue up in order.
            now = self._clock()
            start = max(now, self._next_start.get(host, now))
            self._next_start[host] = start + self._spacing
            # The loop may wake a timer up to its clock resolution early: sleep out the rest.
            while (wait := start - self._clock()) > 0:
                await asyncio.sleep(wait)
            async with self._global:
                log = self.starts.setdefault(host, [])
                log.append(self._clock())
                del log[:-256]
                yield
