"""Where a cold poll's CPU goes between the poller's process and its workers, and what the store
and the process boundary cost of it (issue 15, "store and worker boundary").

Run by hand (not in the test suite):

    .venv/bin/python benchmarks/bench_store.py --feeds 1000            # store and boundary
    .venv/bin/python benchmarks/bench_store.py --feeds 1000 --split 1 2  # per-process, per worker count

The first part reads N synthetic feeds to their facts in this process (the worker's work), then
replays them into a fresh store: one commit per poll as the poller does, and every poll in one
transaction (SQLite's floor for the same rows). The second runs `Poller.poll_once` on a local
server once per worker count and reports the CPU of each process and how late a 10 ms timer on
the event loop fired (what the TUI's screen would feel). A fixed Python loop is timed beside
each, so a reader can tell a busy machine from slow code.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import os
import pickle
import resource
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))

from bench_poll import synthetic, write_config

from crisiswatch.config import load_config
from crisiswatch.facts import WatchList
from crisiswatch.pollers.cpu import WORKERS_ENV, FeedBody, PreparedFeed, _prepare_feed
from crisiswatch.pollers.poller import Poller
from crisiswatch.store import Store
from crisiswatch.store.database import FeedSuccess
from feedserver import FeedServer, Route, rss


def loop_seconds() -> float:
    t = time.perf_counter()
    s = 0
    for i in range(10_000_000):
        s += i
    return round(time.perf_counter() - t, 2)


class OneTransaction(Store):
    """The floor: every write joins the one transaction the caller opened."""

    @contextlib.contextmanager
    def transaction(self) -> Iterator[object]:  # type: ignore[override]
        yield self.conn


def replay(prepared: list[PreparedFeed], *, one_transaction: bool) -> float:
    """CPU seconds to store every poll into a fresh store."""
    with tempfile.TemporaryDirectory() as tmp:
        store = (OneTransaction if one_transaction else Store)(Path(tmp) / "s.db")
        store.sync_feeds([(f"feed {i}", f"http://x/{i}") for i in range(len(prepared))])
        success = FeedSuccess(200, '"e"', None, time.time() + 300)
        t0 = time.process_time()
        if one_transaction:
            store.conn.execute("BEGIN IMMEDIATE")
        for i, p in enumerate(prepared):
            store.write_poll(f"feed {i}", p.facts.items, success=success)
        if one_transaction:
            store.conn.execute("COMMIT")
        cpu = time.process_time() - t0
        store.close()
    return cpu


def store_and_boundary(n: int, per_feed: int) -> None:
    bodies = [rss(synthetic(i, per_feed)) for i in range(n)]
    watches = WatchList((("demo", ("protesters",)),))
    t0 = time.process_time()
    prepared = [_prepare_feed(FeedBody(b, max_items=500), watches) for b in bodies]
    worker_cpu = time.process_time() - t0
    items = sum(len(p.facts.items) for p in prepared)
    rows = {
        "figures": sum(len(r.figures) for p in prepared for r in p.facts.items),
        "shares": sum(len(r.shares) for p in prepared for r in p.facts.items),
    }
    sent = [
        pickle.dumps((FeedBody(b, max_items=500), watches), pickle.HIGHEST_PROTOCOL) for b in bodies
    ]
    back = [pickle.dumps(p, pickle.HIGHEST_PROTOCOL) for p in prepared]
    t0 = time.process_time()
    for blob in back:
        pickle.loads(blob)
    loads = time.process_time() - t0
    print(f"machine: 10M-step loop {loop_seconds()} s")
    print(f"{n} feeds, {items} items, {rows}")
    print(f"worker's work in this process: {worker_cpu:.2f} s CPU")
    print(
        f"boundary per feed: 1 round trip, {sum(map(len, sent)) / n / 1024:.1f} KB pickled in, "
        f"{sum(map(len, back)) / n / 1024:.1f} KB back; unpickling all results {loads:.3f} s"
    )
    for label, one in (("commit per poll", False), ("one transaction", True)) * 2:
        print(f"store, {label}: {replay(prepared, one_transaction=one):.2f} s CPU")


async def _probe(stop: asyncio.Event, lags: list[float]) -> None:
    while not stop.is_set():
        t = time.perf_counter()
        await asyncio.sleep(0.01)
        lags.append(time.perf_counter() - t - 0.01)


async def _poll(config: Path, db: Path) -> tuple[float, list[float]]:
    store = Store(db)
    poller = Poller(load_config(config), store)
    stop = asyncio.Event()
    lags: list[float] = []
    probe = asyncio.create_task(_probe(stop, lags))
    t0 = time.perf_counter()
    await poller.poll_once()
    wall = time.perf_counter() - t0
    stop.set()
    await probe
    await poller.aclose()
    poller.cpu.close()
    store.close()
    return wall, sorted(lags)


def _split_child(config: Path, db: Path) -> None:
    """One poll in this (fresh) process: the parent reads its CPU and its workers'."""
    wall, lags = asyncio.run(_poll(config, db))
    me = resource.getrusage(resource.RUSAGE_SELF)
    kids = resource.getrusage(resource.RUSAGE_CHILDREN)
    n = len(lags)
    print(
        f"workers={os.environ.get(WORKERS_ENV)} wall {wall:.2f} s; CPU: poller's process "
        f"{me.ru_utime + me.ru_stime:.2f} s, workers {kids.ru_utime + kids.ru_stime:.2f} s; "
        f"loop lag ms p50 {1e3 * lags[n // 2]:.1f} p95 {1e3 * lags[int(n * 0.95)]:.1f} "
        f"p99 {1e3 * lags[int(n * 0.99)]:.1f} max {1e3 * lags[-1]:.1f}",
        flush=True,
    )


def split(n: int, per_feed: int, counts: list[int], rounds: int) -> None:
    import subprocess

    with FeedServer() as server, tempfile.TemporaryDirectory() as tmp:
        for i in range(n):
            server.routes[f"/f/{i}"] = Route(rss(synthetic(i, per_feed)))
        config = Path(tmp) / "feeds.toml"
        write_config(config, server, n)
        for r in range(rounds):
            for w in counts:
                print(f"round {r + 1}: machine loop {loop_seconds()} s", end="; ", flush=True)
                db = Path(tmp) / f"{r}-{w}.db"
                env = {**os.environ, WORKERS_ENV: str(w)}
                cmd = [sys.executable, __file__, "--child", str(config), str(db)]
                subprocess.run(cmd, env=env, check=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--feeds", type=int, default=1000)
    parser.add_argument("--items", type=int, default=30, help="items per feed")
    parser.add_argument("--split", type=int, nargs="*", help="worker counts to compare")
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--child", nargs=2, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        _split_child(Path(args.child[0]), Path(args.child[1]))
    elif args.split:
        split(args.feeds, args.items, args.split, args.rounds)
    else:
        store_and_boundary(args.feeds, args.items)


if __name__ == "__main__":
    main()
