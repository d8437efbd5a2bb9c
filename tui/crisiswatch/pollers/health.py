"""Feed health after a 304, written in groups: one commit for the polls that end together.

A round of 1,000 unchanged feeds would otherwise pay 1,000 thread hand-offs and commits, most
of its time once the requests themselves are cheap. Each poll still waits until its own row
is committed, so what it reports is stored; a poll cancelled before its row was taken writes
nothing, as before.
"""

from __future__ import annotations

import asyncio
import time

from crisiswatch.store import FeedSuccess, Store

_Waiting = tuple[str, FeedSuccess, "asyncio.Future[float]"]


class HealthWriter:
    """Group commit for `Store.record_successes`: while one batch is being written, the
    next ones queue, and go in the following transaction."""

    def __init__(self, store: Store) -> None:
        self._store = store
        self._waiting: list[_Waiting] = []
        self._writer: asyncio.Task[None] | None = None

    async def write(self, name: str, success: FeedSuccess) -> float:
        """Record `success` for feed `name`; returns this feed's share of the writing thread's
        CPU seconds. Raises what the store raised (sqlite3.Error) for the whole batch."""
        entry: _Waiting = (name, success, asyncio.get_running_loop().create_future())
        self._waiting.append(entry)
        if self._writer is None:
            self._writer = asyncio.create_task(self._write_all())
        try:
            return await entry[2]
        except asyncio.CancelledError:
            if entry in self._waiting:  # not handed to a thread yet: nothing of it is written
                self._waiting.remove(entry)
            raise

    async def _write_all(self) -> None:
        batch: list[_Waiting] = []
        try:
            while self._waiting:
                batch, self._waiting = self._waiting, []
                try:
                    cpu = await asyncio.to_thread(self._write, [(n, s) for n, s, _ in batch])
                except Exception as exc:
                    for *_, done in batch:
                        if not done.done():
                            done.set_exception(exc)
                else:
                    for *_, done in batch:
                        if not done.done():
                            done.set_result(cpu / len(batch))
        except BaseException:
            # The loop is going away: no poll may wait for a writer that is gone.
            for *_, done in batch + self._waiting:
                done.cancel()
            self._waiting = []
            raise
        finally:
            self._writer = None

    def _write(self, successes: list[tuple[str, FeedSuccess]]) -> float:
        t0 = time.thread_time()
        self._store.record_successes(successes)
        return time.thread_time() - t0
