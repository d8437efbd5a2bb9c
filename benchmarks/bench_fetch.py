"""CPU a request of `fetch()`: N bodies (200, gzip) then N conditional GETs (304), per tree.

Run by hand (not in the test suite), old tree beside new in one run:

    .venv/bin/python benchmarks/bench_fetch.py --trees /tmp/old /work/wt/x --feeds 1000 --repeat 3

Each tree's client runs in a child process of its own (`PYTHONPATH=<tree>/tui`), alternating
tree by tree, against one feed server in another process, so the server's CPU is not counted.
Requests go out 16 at a time over `per_host` 2 connections to the one host, as `poll` sends
them. Printed: the child's process CPU (user + system, inflating in its thread included) and
wall time for each phase, as medians over the repeats, and a fixed loop's time beside each
round to say how loaded the machine was.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent

SERVER = """
import sys, time, gzip
sys.path.insert(0, {tests!r})
sys.path.insert(0, {bench!r})
from feedserver import FeedServer, Route, rss
from bench_poll import synthetic
with FeedServer() as srv:
    for i in range({n}):
        body = rss(synthetic(i, {items}))
        srv.routes[f"/feed/{{i}}.xml"] = Route(body, encoded=gzip.compress(body, 6))
    print(srv.base, flush=True)
    sys.stdin.read()
"""

CLIENT = """
import asyncio, json, sys, time
from crisiswatch.config import Settings
from crisiswatch.pollers.client import make_client
from crisiswatch.pollers.fetch import fetch

base, n = sys.argv[1], int(sys.argv[2])
urls = [f"{base}/feed/{i}.xml" for i in range(n)]

async def phase(client, etags):
    gate = asyncio.Semaphore(16)
    async def one(i):
        async with gate:
            return await fetch(client, urls[i], etag=etags[i], max_body=10_000_000)
    c0, w0 = time.process_time(), time.perf_counter()
    got = await asyncio.gather(*(one(i) for i in range(n)))
    return got, time.process_time() - c0, time.perf_counter() - w0

async def main():
    client = make_client(Settings(per_host=2))
    try:
        got, cpu200, wall200 = await phase(client, [None] * n)
        assert all(g.status == 200 and g.body for g in got)
        got, cpu304, wall304 = await phase(client, [g.etag for g in got])
        assert all(g.status == 304 for g in got)
    finally:
        await client.aclose()
    print(json.dumps(dict(cpu200=cpu200, wall200=wall200, cpu304=cpu304, wall304=wall304)))

asyncio.run(main())
"""


def loop_seconds() -> float:
    t = time.perf_counter()
    s = 0
    for i in range(10_000_000):
        s += i
    return time.perf_counter() - t


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    ap.add_argument("--trees", nargs="+", required=True, help="source trees (each has tui/)")
    ap.add_argument("--feeds", type=int, default=1000)
    ap.add_argument("--items", type=int, default=35, help="items per feed")
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()
    code = SERVER.format(
        tests=str(HERE.parent / "tests"), bench=str(HERE), n=args.feeds, items=args.items
    )
    server = subprocess.Popen(
        [sys.executable, "-c", code], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True
    )
    assert server.stdout is not None
    base = server.stdout.readline().strip()
    results: dict[str, list[dict[str, float]]] = {t: [] for t in args.trees}
    try:
        for r in range(args.repeat):
            print(f"round {r + 1}: loop {loop_seconds():.2f} s", flush=True)
            for tree in args.trees:
                env = {**os.environ, "PYTHONPATH": str(Path(tree) / "tui")}
                env.pop("http_proxy", None)
                out = subprocess.run(
                    [sys.executable, "-c", CLIENT, base, str(args.feeds)],
                    env=env,
                    capture_output=True,
                    text=True,
                    check=True,
                )
                row = json.loads(out.stdout.strip().splitlines()[-1])
                results[tree].append(row)
                print(f"  {tree}: " + ", ".join(f"{k} {v:.3f}" for k, v in row.items()), flush=True)
    finally:
        server.communicate("")
    n = args.feeds
    print(f"\nmedians, {n} requests a phase (ms of CPU a request; wall s):")
    for tree, rows in results.items():
        med = {k: statistics.median(r[k] for r in rows) for k in rows[0]}
        print(
            f"  {tree}: 200s {med['cpu200'] / n * 1000:.2f} ms ({med['wall200']:.2f} s), "
            f"304s {med['cpu304'] / n * 1000:.2f} ms ({med['wall304']:.2f} s)"
        )


if __name__ == "__main__":
    main()
