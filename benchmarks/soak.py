"""Soak: 1,000 feeds on 127.0.0.1 polled for minutes; memory, FDs, tasks and items sampled.

Run by hand (not in the test suite), niced on shared machines:

    nice -n 10 .venv/bin/python benchmarks/soak.py --minutes 10 --json /tmp/soak.json

The feeds are served by separate server processes (so they never share the poller's GIL) on
several 127.0.0.1 ports. Each request fails with HTTP 500 at random (`--fail-rate`, 1%) and
otherwise adds a new item at random (`--new-rate`); unchanged feeds answer 304. One Poller runs
in this process with every feed on a short interval. Every `--sample` seconds it prints RSS, open
file descriptors, asyncio tasks, threads, items stored and failures survived. At the end the
servers are calmed (no failures, no new items), every feed is polled once more, and the items
stored are compared with the items served: none may be lost or duplicated.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import multiprocessing
import os
import random
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from pathlib import Path

WINDOW = 30
"""Items in each feed body: the newest WINDOW, as real feeds list them."""


# --- the server processes ------------------------------------------------------------------


@dataclass
class FeedState:
    n: int
    """Items published so far; the body lists the newest WINDOW of them."""
    requests: int = 0
    bodies: dict[int, bytes] = field(default_factory=dict)


class Farm:
    """The feeds one server process answers for, and what it has served."""

    def __init__(self, feeds: Sequence[int], fail_rate: float, new_rate: float, seed: int) -> None:
        self.rng = random.Random(seed)
        self.feeds = {i: FeedState(n=WINDOW) for i in feeds}
        self.fail_rate = fail_rate
        self.new_rate = new_rate
        self.requests = self.failures = self.not_modified = 0

    def body(self, i: int, st: FeedState) -> bytes:
        cached = st.bodies.get(st.n)
        if cached is not None:
            return cached
        base = datetime(2020, 10, 6, tzinfo=UTC)
        parts = [
            '<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel>'
            f"<title>soak {i}</title><link>https://soak.example/{i}</link><description>d</description>"
        ]
        for k in range(st.n - 1, max(-1, st.n - 1 - WINDOW), -1):
            when = format_datetime(base + timedelta(minutes=k), usegmt=True)
            parts.append(
                f"<item><title>Feed {i} report {k}: protest in Bishkek</title>"
                f'<guid isPermaLink="false">s{i}-{k}</guid>'
                f"<link>https://soak.example/{i}/{k}</link>"
                f"<description>Police and protesters clashed; at least {k % 50 + 1} people "
                f"were injured, the health ministry said.</description>"
                f"<pubDate>{when}</pubDate></item>"
            )
        parts.append("</channel></rss>")
        st.bodies = {st.n: "".join(parts).encode()}
        return st.bodies[st.n]

    def answer(self, path: str, headers: dict[str, str]) -> tuple[int, dict[str, str], bytes]:
        if path == "/__stats":
            stats = {
                "served_items": sum(s.n for s in self.feeds.values()),
                "requests": self.requests,
                "failures": self.failures,
                "not_modified": self.not_modified,
            }
            return 200, {"Content-Type": "application/json"}, json.dumps(stats).encode()
        if path == "/__calm":
            self.fail_rate = self.new_rate = 0.0
            return 200, {"Content-Type": "text/plain"}, b"calm"
        try:
            i = int(path.removeprefix("/f"))
            st = self.feeds[i]
        except (ValueError, KeyError):
            return 404, {"Content-Type": "text/plain"}, b"not found"
        self.requests += 1
        if self.rng.random() < self.fail_rate:
            self.failures += 1
            return 500, {"Content-Type": "text/plain"}, b"random failure"
        st.requests += 1
        # Never on a feed's first answer: every item published is in some body served.
        if st.requests > 1 and self.rng.random() < self.new_rate:
            st.n += 1
        etag = f'"{i}-{st.n}"'
        if headers.get("if-none-match") == etag:
            self.not_modified += 1
            return 304, {"ETag": etag}, b""
        return 200, {"Content-Type": "application/rss+xml", "ETag": etag}, self.body(i, st)


async def _handle(farm: Farm, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
    try:
        while True:
            line = await reader.readline()
            if not line:
                break
            parts = line.decode("latin-1").split()
            if len(parts) < 2:
                break
            headers: dict[str, str] = {}
            while True:
                h = await reader.readline()
                if h in (b"\r\n", b"\n", b""):
                    break
                k, _, v = h.decode("latin-1").partition(":")
                headers[k.strip().lower()] = v.strip()
            status, out, body = farm.answer(parts[1], headers)
            reason = {200: "OK", 304: "Not Modified", 404: "Not Found"}.get(
                status, "Internal Server Error"
            )
            head = f"HTTP/1.1 {status} {reason}\r\n" + "".join(
                f"{k}: {v}\r\n" for k, v in out.items()
            )
            if status != 304:
                head += f"Content-Length: {len(body)}\r\n"
            writer.write(head.encode() + b"\r\n" + (body if status != 304 else b""))
            await writer.drain()
    except (ConnectionError, asyncio.IncompleteReadError):
        pass
    finally:
        writer.close()


async def _serve(args: argparse.Namespace) -> None:
    feeds = [i for i in range(args.feeds) if i % args.servers == args.serve]
    farm = Farm(feeds, args.fail_rate, args.new_rate, args.seed + args.serve)
    servers = [
        await asyncio.start_server(lambda r, w: _handle(farm, r, w), "127.0.0.1", 0)
        for _ in range(args.ports)
    ]
    ports = [s.sockets[0].getsockname()[1] for s in servers]
    print(json.dumps({"ports": ports}), flush=True)
    await asyncio.Event().wait()


# --- the poller side -----------------------------------------------------------------------


def proc_status(pid: int | str = "self") -> dict[str, int]:
    out = {}
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            key, _, value = line.partition(":")
            if key in ("VmRSS", "VmHWM", "Threads"):
                out[key] = int(value.split()[0])
    return out


@dataclass
class Counters:
    polls: int = 0
    failures: int = 0
    new_items: int = 0
    errors: dict[str, int] = field(default_factory=dict)


@dataclass
class Sample:
    t: float
    rss_mb: float
    fds: int
    tasks: int
    threads: int
    pools: int
    polls: int
    failures: int
    items: int
    server_rss_mb: float
    worker_rss_mb: float
    """The parsing worker processes (crisiswatch.pollers.cpu), which hold memory too."""


def start_servers(args: argparse.Namespace) -> tuple[list[subprocess.Popen[str]], list[list[int]]]:
    procs, ports = [], []
    for k in range(args.servers):
        cmd = [sys.executable, __file__, "--serve", str(k)]
        cmd += ["--feeds", str(args.feeds), "--servers", str(args.servers)]
        cmd += ["--ports", str(args.ports), "--fail-rate", str(args.fail_rate)]
        cmd += ["--new-rate", str(args.new_rate), "--seed", str(args.seed)]
        p = subprocess.Popen(cmd, stdout=subprocess.PIPE, text=True)
        assert p.stdout is not None
        ports.append(json.loads(p.stdout.readline())["ports"])
        procs.append(p)
    return procs, ports


def feed_url(i: int, servers: int, ports: list[list[int]]) -> str:
    k = i % servers
    port = ports[k][(i // servers) % len(ports[k])]
    return f"http://127.0.0.1:{port}/f{i}"


def server_stats(ports: list[list[int]]) -> dict[str, int]:
    import urllib.request

    total: dict[str, int] = {}
    for group in ports:
        with urllib.request.urlopen(f"http://127.0.0.1:{group[0]}/__stats", timeout=10) as r:
            for k, v in json.loads(r.read()).items():
                total[k] = total.get(k, 0) + v
    return total


def calm(ports: list[list[int]]) -> None:
    import urllib.request

    for group in ports:
        urllib.request.urlopen(f"http://127.0.0.1:{group[0]}/__calm", timeout=10).read()


async def soak(args: argparse.Namespace) -> dict[str, object]:
    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tui"))
    from crisiswatch.config import Config, FeedConfig, Settings, Watch
    from crisiswatch.pollers.poller import Poller, PollOutcome
    from crisiswatch.store import Store

    procs, ports = start_servers(args)
    work = Path(tempfile.mkdtemp(prefix="crisiswatch-soak-"))
    db = work / "soak.db"
    feeds = tuple(
        FeedConfig(name=f"f{i}", url=feed_url(i, args.servers, ports), interval=args.interval)
        for i in range(args.feeds)
    )
    config = Config(
        path=work / "soak.toml",
        settings=Settings(
            interval=args.interval,
            timeout=10.0,
            max_connections=16,
            per_host=2,
            host_spacing=0.05,
            max_backoff=max(60.0, args.interval),
            jitter=0.2,
        ),
        feeds=feeds,
        watches=(Watch(name="KG", keywords=("Bishkek",)),),
    )
    counters = Counters()

    def on_outcome(o: PollOutcome) -> None:
        counters.polls += 1
        counters.new_items += o.new_items
        if not o.ok:
            counters.failures += 1
            key = (o.error or "?")[:60]
            counters.errors[key] = counters.errors.get(key, 0) + 1

    store = Store(db)
    poller = Poller(config, store, on_outcome=on_outcome)
    reader = sqlite3.connect(f"file:{db}?mode=ro", uri=True, check_same_thread=False)
    samples: list[Sample] = []
    started = time.monotonic()

    def take() -> Sample:
        me = proc_status()
        server_rss = sum(proc_status(p.pid)["VmRSS"] for p in procs) / 1024
        workers = [c.pid for c in multiprocessing.active_children()]
        worker_rss = sum(proc_status(pid).get("VmRSS", 0) for pid in workers) / 1024
        client = poller._client
        # Hosts with idle keep-alive connections (aiohttp's connector keeps a list per host).
        idle = (
            getattr(client._session.connector, "_conns", {}) if client and client._session else {}
        )
        items = int(reader.execute("SELECT count(*) FROM items").fetchone()[0])
        return Sample(
            t=time.monotonic() - started,
            rss_mb=me["VmRSS"] / 1024,
            fds=len(os.listdir("/proc/self/fd")),
            tasks=len(asyncio.all_tasks()),
            threads=threading.active_count(),
            pools=len(idle),
            polls=counters.polls,
            failures=counters.failures,
            items=items,
            server_rss_mb=server_rss,
            worker_rss_mb=worker_rss,
        )

    header = (
        f"{'t (s)':>7} {'RSS MB':>7} {'FDs':>5} {'tasks':>6} {'thr':>4} {'pools':>5} "
        f"{'polls':>7} {'fails':>6} {'items':>7} {'srv MB':>7} {'wrk MB':>7}"
    )
    print(header, flush=True)

    def show(s: Sample) -> None:
        print(
            f"{s.t:7.0f} {s.rss_mb:7.1f} {s.fds:5d} {s.tasks:6d} {s.threads:4d} {s.pools:5d} "
            f"{s.polls:7d} {s.failures:6d} {s.items:7d} {s.server_rss_mb:7.1f} "
            f"{s.worker_rss_mb:7.1f}",
            flush=True,
        )

    stop = asyncio.Event()
    run = asyncio.create_task(poller.run(stop))
    deadline = started + args.minutes * 60
    try:
        while True:
            samples.append(take())
            show(samples[-1])
            if time.monotonic() >= deadline or run.done():
                break
            await asyncio.sleep(min(args.sample, max(0.0, deadline - time.monotonic())))
    finally:
        stop.set()
        await run
    # Catch up without faults, and compare what was served with what was stored.
    await asyncio.to_thread(calm, ports)
    final_outcomes = await poller.poll_once()
    await poller.aclose()
    after = take()
    stats = await asyncio.to_thread(server_stats, ports)
    stored = int(reader.execute("SELECT count(*) FROM items").fetchone()[0])
    dups = int(
        reader.execute(
            "SELECT count(*) FROM (SELECT 1 FROM items GROUP BY feed, guid HAVING count(*) > 1)"
        ).fetchone()[0]
    )
    integrity = reader.execute("PRAGMA integrity_check").fetchone()[0]
    reader.close()
    store.close()
    for p in procs:
        p.terminate()
        p.wait(timeout=10)

    warm = next((s for s in samples if s.t >= 60), samples[0])
    last = samples[-1]
    minutes = (last.t - warm.t) / 60 or 1.0
    return {
        "feeds": args.feeds,
        "minutes": round(last.t / 60, 2),
        "interval_s": args.interval,
        "fail_rate": args.fail_rate,
        "new_rate": args.new_rate,
        "rss_mb": {
            "start": round(samples[0].rss_mb, 1),
            "after_warmup": round(warm.rss_mb, 1),
            "end": round(last.rss_mb, 1),
            "max": round(max(s.rss_mb for s in samples), 1),
            "slope_mb_per_min_after_warmup": round((last.rss_mb - warm.rss_mb) / minutes, 2),
        },
        "worker_rss_mb": {
            "after_warmup": round(warm.worker_rss_mb, 1),
            "end": round(last.worker_rss_mb, 1),
            "max": round(max(s.worker_rss_mb for s in samples), 1),
        },
        "fds": {"start": samples[0].fds, "after_warmup": warm.fds, "end": last.fds},
        "tasks": {"start": samples[0].tasks, "after_warmup": warm.tasks, "end": last.tasks},
        "threads": {"start": samples[0].threads, "end": last.threads},
        "polls": counters.polls,
        "failures_survived": counters.failures,
        "errors": counters.errors,
        "new_items_during_run": counters.new_items,
        "final_poll_ok": sum(o.ok for o in final_outcomes),
        "items_served": stats["served_items"],
        "items_stored": stored,
        "lost": stats["served_items"] - stored,
        "duplicates": dups,
        "integrity_check": integrity,
        "server_requests": stats["requests"],
        "server_failures": stats["failures"],
        "server_304": stats["not_modified"],
        "after_final_poll": {"rss_mb": round(after.rss_mb, 1), "fds": after.fds},
        "db": str(db),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--minutes", type=float, default=10.0, help="how long to poll (10)")
    parser.add_argument("--feeds", type=int, default=1000)
    parser.add_argument("--interval", type=float, default=20.0, help="seconds per feed (20)")
    parser.add_argument("--fail-rate", type=float, default=0.01, help="HTTP 500 odds (0.01)")
    parser.add_argument("--new-rate", type=float, default=0.2, help="new-item odds (0.2)")
    parser.add_argument("--sample", type=float, default=10.0, help="seconds between samples")
    parser.add_argument("--servers", type=int, default=2, help="server processes")
    parser.add_argument("--ports", type=int, default=20, help="ports per server process")
    parser.add_argument("--seed", type=int, default=1006)
    parser.add_argument("--json", type=Path, help="also write the summary here")
    parser.add_argument("--serve", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.serve is not None:
        asyncio.run(_serve(args))
        return
    print(
        f"soak: {args.feeds} feeds, {args.servers}×{args.ports} ports, every {args.interval:.0f}s, "
        f"{args.fail_rate:.0%} failing, {args.new_rate:.0%} new, {args.minutes:g} min, "
        f"seed {args.seed}",
        flush=True,
    )
    summary = asyncio.run(soak(args))
    text = json.dumps(summary, indent=2)
    print(text)
    if args.json:
        args.json.write_text(text + "\n")
    ok = summary["lost"] == 0 and summary["duplicates"] == 0 and summary["integrity_check"] == "ok"
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
