"""The worker processes that parse and extract: same results as in-thread, a dead worker fails
one call only, and workers never outlive a killed parent."""

from __future__ import annotations

import multiprocessing
import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from crisiswatch.config import Election, Party
from crisiswatch.facts import FigureRow, WatchList, poll_facts
from crisiswatch.models import Kind
from crisiswatch.pollers import cpu
from crisiswatch.pollers.cpu import CpuPool, FeedBody, WorkerDied, default_workers
from crisiswatch.pollers.parse import parse_feed
from feedserver import Entry, entries, rss

ELECTION = Election(seats=120, threshold=7.0, parties=(Party("Birimdik"),))
BODY = rss(
    [
        Entry(guid="a", title="Clashes in Bishkek", summary="At least 4 people were injured."),
        *entries("pool", 2),
    ]
)


WATCHES = WatchList((("KG", ("Bishkek",)), ("other", ("Minsk",))), ELECTION)


async def read(pool: CpuPool) -> tuple[list[str], list[int | None]]:
    out = await pool.prepare_feed(
        FeedBody(BODY, max_items=500, content_type="application/rss+xml"), WATCHES
    )
    injured = []
    for item in out.facts.items:
        totals = [FigureRow(*r) for r in item.figures if FigureRow(*r).is_total]  # type: ignore[arg-type]
        injured.append(next((t.value for t in totals if t.kind == Kind.INJURED), None))
    return [i.title for i in out.facts.items], injured


@pytest.mark.slow
async def test_a_worker_process_reads_what_a_thread_reads() -> None:
    in_thread = CpuPool(workers=0)
    in_process = CpuPool(workers=1)
    try:
        a = await read(in_thread)
        b = await read(in_process)
    finally:
        in_process.close()
    assert a == b
    assert 4 in a[1], "the figure in the first item's title was read"


@pytest.mark.slow
async def test_the_facts_from_a_worker_are_what_poll_facts_gives_here() -> None:
    """The poller's path: the worker reads the body all the way to the facts the store writes.
    They must be what `poll_facts` gives in this process for the same parse, watch matches
    included, and arrive as plain rows."""
    in_process = CpuPool(workers=1)
    try:
        prepared = await in_process.prepare_feed(
            FeedBody(BODY, max_items=500, content_type="application/rss+xml"), WATCHES
        )
    finally:
        in_process.close()
    here = poll_facts(parse_feed(BODY, content_type="application/rss+xml"), WATCHES)
    assert prepared.facts == here
    first = prepared.facts.items[0]
    assert first.title == "Clashes in Bishkek" and first.watches == ("KG",)
    assert first.reports and first.figures, "the injured figure travels as rows"
    assert type(first.figures[0]) is tuple, "a row unpickles as a tuple, not a FigureRow"
    assert prepared.parse_cpu > 0 and prepared.extract_cpu > 0


@pytest.mark.slow
def test_warm_starts_every_worker_not_only_the_first() -> None:
    """A second worker started only when a second feed arrives would import the parsers and
    compile the extractor while the first feeds wait for it."""
    pool = CpuPool(workers=2)
    try:
        before = {p.pid for p in multiprocessing.active_children()}
        pool.warm()
        deadline = time.monotonic() + 30
        started: set[int] = set()
        while time.monotonic() < deadline and len(started) < 2:
            started = {p.pid for p in multiprocessing.active_children()} - before
            time.sleep(0.02)
        assert len(started) == 2, f"{len(started)} of 2 workers started by warm()"
    finally:
        pool.close()


async def test_warm_starts_the_worker_before_any_feed_arrives() -> None:
    threads_only = CpuPool(workers=0)
    threads_only.warm()
    assert threads_only._executor is None, "no process for a pool of threads"
    pool = CpuPool(workers=1)
    try:
        before = {p.pid for p in multiprocessing.active_children()}
        pool.warm()
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            started = {p.pid for p in multiprocessing.active_children()} - before
            if started:
                break
            time.sleep(0.02)
        assert started, "a worker process is running before the first feed"
        assert (await read(pool))[1][0] == 4  # and the warmed worker does the work
        assert {p.pid for p in multiprocessing.active_children()} - before == started
    finally:
        pool.close()


@pytest.mark.slow
async def test_a_dead_worker_fails_one_call_and_the_pool_comes_back() -> None:
    pool = CpuPool(workers=1)
    try:
        with pytest.raises(WorkerDied) as died:
            await pool._run(os._exit, 3)
        assert "\n" not in str(died.value)
        titles, _ = await read(pool)
        assert len(titles) == 3
    finally:
        pool.close()


def test_workers_follow_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CRISISWATCH_WORKERS", "0")
    assert default_workers() == 0
    monkeypatch.setenv("CRISISWATCH_WORKERS", "3")
    assert default_workers() == 3
    monkeypatch.setenv("CRISISWATCH_WORKERS", "many")
    assert 0 <= default_workers() <= 4


def test_two_workers_on_two_cores_one_per_core_beyond_the_first_above_and_none_on_one(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv("CRISISWATCH_WORKERS", raising=False)
    for cores, workers in ((1, 0), (2, 2), (3, 2), (4, 3), (16, cpu.MAX_WORKERS)):
        monkeypatch.setattr(cpu, "_cores", lambda cores=cores: cores)
        assert default_workers() == workers


@pytest.mark.slow
async def test_workers_on_every_core_run_below_the_event_loop(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """When a worker shares a core with the event loop it is niced, so the loop goes first;
    when a core is left to the loop it keeps the poller's own priority."""
    own = os.nice(0)
    for cores, added in ((1, cpu.WORKER_NICE), (4, 0)):
        monkeypatch.setattr(cpu, "_cores", lambda cores=cores: cores)
        pool = CpuPool(workers=1)
        try:
            assert await pool._run(os.nice, 0) == min(19, own + added)
            titles, _ = await read(pool)  # and it still does the work
            assert len(titles) == 3
        finally:
            pool.close()


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    # A zombie is dead for our purpose; it waits only for its (gone) parent to reap it.
    try:
        return Path(f"/proc/{pid}/stat").read_text().split(")")[-1].split()[0] != "Z"
    except OSError:
        return False


@pytest.mark.slow
def test_workers_exit_when_their_parent_is_killed(tmp_path: Path) -> None:
    script = textwrap.dedent(
        """
        import asyncio, multiprocessing, sys
        from crisiswatch.facts import WatchList
        from crisiswatch.pollers.cpu import CpuPool, FeedBody

        async def main() -> None:
            pool = CpuPool(workers=2)
            body = b'<rss version="2.0"><channel><title>t</title></channel></rss>'
            await pool.prepare_feed(FeedBody(body, max_items=5), WatchList())
            pids = [p.pid for p in multiprocessing.active_children()]
            print(" ".join(map(str, pids)), flush=True)
            await asyncio.sleep(60)

        if __name__ == "__main__":
            asyncio.run(main())
        """
    )
    path = tmp_path / "parent.py"
    path.write_text(script)
    proc = subprocess.Popen([sys.executable, str(path)], stdout=subprocess.PIPE, text=True)
    try:
        assert proc.stdout is not None
        workers = [int(p) for p in proc.stdout.readline().split()]
        assert workers and all(_alive(p) for p in workers)
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        deadline = time.monotonic() + 10
        while any(_alive(p) for p in workers) and time.monotonic() < deadline:
            time.sleep(0.1)
        assert not any(_alive(p) for p in workers), "a worker outlived its killed parent"
    finally:
        proc.kill()
