"""UI benchmark: headless first paint (empty and 100,000 stories), a 1,000-item burst, peak memory.

    .venv/bin/python benchmarks/bench_ui.py [--stories 100000] [--burst 1000]

Each measurement runs in a fresh child process so its peak RSS is its own, not the store
builder's. Targets (issue 4): first paint <= 1.0 s with 100,000 stories, a 1,000-item burst on
screen within 0.5 s with the keys still answering, <= 150 MB peak.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import resource
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

from crisiswatch.config import Config, Election, FeedConfig, Party, Watch
from crisiswatch.facts import WatchList, item_facts
from crisiswatch.models import ParsedItem
from crisiswatch.store import Store

WATCH = Watch(
    name="Kyrgyzstan 2020",
    keywords=("Bishkek", "Kyrgyzstan"),
    election=Election(seats=120, threshold=7.0, parties=(Party("Birimdik"),)),
)
FEEDS = tuple(FeedConfig(name=f"Feed {n}", url=f"http://127.0.0.1:9/{n}") for n in range(8))
BASE = datetime(2020, 10, 6, 9, 0, tzinfo=UTC)


def config() -> Config:
    return Config(path=Path("<bench>"), feeds=FEEDS, watches=(WATCH,))


def items(prefix: str, n: int, newest: datetime) -> list[ParsedItem]:
    return [
        ParsedItem(
            guid=f"{prefix}-{i}",
            url=f"https://news.example/{prefix}/{i}",
            title=f"{prefix} {i}: protesters in Bishkek demand a recount of the vote",
            summary="Police and protesters faced each other on Ala-Too square.",
            published=newest - timedelta(seconds=30 * i),
        )
        for i in range(n)
    ]


def build(path: Path, stories: int) -> float:
    started = time.perf_counter()
    with Store(path) as store:
        store.sync_feeds((f.name, f.url) for f in FEEDS)
        batch = 5000
        for start in range(0, stories, batch):
            chunk = [
                ParsedItem(
                    guid=f"old-{i}",
                    url=f"https://news.example/old/{i}",
                    title=f"Story {i}: protesters in Bishkek demand a recount of the vote",
                    summary="Police and protesters faced each other on Ala-Too square.",
                    published=BASE - timedelta(seconds=30 * i),
                )
                for i in range(start, min(stories, start + batch))
            ]
            write(store, FEEDS[start // batch % len(FEEDS)].name, chunk, BASE, watched=True)
    return time.perf_counter() - started


def write(store: Store, feed: str, items: list[ParsedItem], now: datetime, watched: bool) -> None:
    """Items as a poll stores them, matched against the watch if `watched`, their texts left
    unread (what they report does not change what the list draws)."""
    watches = WatchList.of([WATCH] if watched else [])
    store.write_poll(feed, [item_facts(i, watches, None) for i in items], now=now.timestamp())


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


async def measure(db: Path, burst: int, size: tuple[int, int]) -> dict[str, float]:
    from crisiswatch.ui.app import CrisisApp
    from crisiswatch.ui.reader import StoreReader

    out: dict[str, float] = {}
    started = time.perf_counter()
    app = CrisisApp(
        config(), StoreReader.open(db), poll=False, follower_note="benchmark", now=lambda: BASE
    )
    try:
        async with app.run_test(size=size) as pilot:
            lst = app.main.headlines

            def painted() -> bool:
                rows = min(lst.total, lst.size.height)
                return app.snapshots_applied >= 1 and all(
                    lst.row(r) is not None for r in range(rows)
                )

            while not painted():
                await asyncio.sleep(0.005)
            await pilot.pause()
            out["first_paint_s"] = time.perf_counter() - started
            out["stories"] = lst.total

            if not lst.total:
                return out | {"peak_rss_mb": peak_mb()}
            # Scroll the whole length, as a reader paging to the oldest item would.
            t = time.perf_counter()
            await pilot.press("G")
            while lst.row(lst.cursor) is None:
                await asyncio.sleep(0.005)
            await pilot.pause()
            out["jump_to_oldest_s"] = time.perf_counter() - t
            await pilot.press("g")
            while lst.row(0) is None:
                await asyncio.sleep(0.005)
            await pilot.pause()

            k = time.perf_counter()
            await pilot.press("j", "k")
            out["key_idle_s"] = (time.perf_counter() - k) / 2
            if burst:
                # As the in-process poller does: write in a thread, then say so.
                fresh = items("burst", burst, BASE + timedelta(hours=1))
                before = lst.total
                t = time.perf_counter()
                at = BASE + timedelta(hours=3)
                await asyncio.to_thread(write, app.store.writer, FEEDS[0].name, fresh, at, True)
                out["burst_write_s"] = time.perf_counter() - t
                from crisiswatch.ui.messages import StoreChanged

                t = time.perf_counter()
                app.post_message(StoreChanged("benchmark burst"))
                newest = fresh[0].title
                key_latency: list[float] = []

                def on_screen() -> bool:
                    row = lst.row(0)
                    return lst.total == before + burst and row is not None and row.title == newest

                while not on_screen():
                    await asyncio.sleep(0.002)
                await pilot.pause()
                out["burst_on_screen_s"] = time.perf_counter() - t
                # Keys still answer: a cursor move right after the burst.
                k = time.perf_counter()
                await pilot.press("j")
                key_latency.append(time.perf_counter() - k)
                out["key_after_burst_s"] = max(key_latency)

                # A follower sees the same through PRAGMA data_version alone.
                more = items("follow", burst, BASE + timedelta(hours=2))
                with Store(db) as other:
                    await pilot.press("g")
                    t = time.perf_counter()
                    at = BASE + timedelta(hours=3)
                    await asyncio.to_thread(write, other, FEEDS[1].name, more, at, False)
                    while not (lst.row(0) is not None and lst.row(0).title == more[0].title):  # type: ignore[union-attr]
                        await asyncio.sleep(0.002)
                    await pilot.pause()
                    out["follower_burst_on_screen_s"] = time.perf_counter() - t
    finally:
        app.close_stores()
    out["peak_rss_mb"] = peak_mb()
    return out


def child(args: argparse.Namespace) -> None:
    result = asyncio.run(measure(Path(args.db), args.burst, (args.width, args.height)))
    print(json.dumps(result))


def run_child(db: Path, burst: int, size: tuple[int, int]) -> dict[str, float]:
    cmd = [
        sys.executable,
        __file__,
        "--child",
        "--db",
        str(db),
        "--burst",
        str(burst),
        "--width",
        str(size[0]),
        "--height",
        str(size[1]),
    ]
    done = subprocess.run(cmd, capture_output=True, text=True, check=True)
    return dict(json.loads(done.stdout.strip().splitlines()[-1]))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--stories", type=int, default=100_000)
    parser.add_argument("--burst", type=int, default=1000)
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--db", help=argparse.SUPPRESS)
    parser.add_argument("--width", type=int, default=160)
    parser.add_argument("--height", type=int, default=48)
    args = parser.parse_args()
    if args.child:
        child(args)
        return
    size = (args.width, args.height)
    with tempfile.TemporaryDirectory(prefix="crisiswatch-bench-") as tmp:
        empty = Path(tmp) / "empty.db"
        Store(empty).close()
        big = Path(tmp) / "big.db"
        built = build(big, args.stories)
        print(f"built a store of {args.stories:,} stories in {built:.1f} s", flush=True)
        print(f"terminal {size[0]}x{size[1]}, headless")
        e = run_child(empty, 0, size)
        print(
            f"empty store      first paint {e['first_paint_s']:.3f} s   peak {e['peak_rss_mb']:.0f} MB"
        )
        b = run_child(big, args.burst, size)
        print(
            f"{int(b['stories']):,} stories first paint {b['first_paint_s']:.3f} s   "
            f"jump to oldest {b['jump_to_oldest_s']:.3f} s   peak {b['peak_rss_mb']:.0f} MB"
        )
        print(
            f"burst of {args.burst:,}: written in {b['burst_write_s']:.3f} s, on screen "
            f"{b['burst_on_screen_s']:.3f} s after the change was announced; "
            f"a key right after answered in {b['key_after_burst_s']:.3f} s "
            f"(Pilot round trip; {b['key_idle_s']:.3f} s when idle)"
        )
        print(
            f"follower (data_version only): another connection's burst of {args.burst:,} "
            f"on screen {b['follower_burst_on_screen_s']:.3f} s after the write began"
        )


if __name__ == "__main__":
    main()
