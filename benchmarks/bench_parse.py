"""Parse throughput: the lxml fast path against feedparser on a synthetic 30-item RSS feed.

Run: .venv/bin/python benchmarks/bench_parse.py [--repeat 1000] [--items 30]
"""

from __future__ import annotations

import argparse
import io
import time
from collections.abc import Callable

import feedparser

from crisiswatch.pollers.parse import parse_feed, parse_xml_fast, parse_xml_feedparser


def synthetic_rss(n_items: int, seed: int = 0) -> bytes:
    """An RSS 2.0 body shaped like a news agency's: HTML descriptions, guids, RFC 822 dates."""
    items = []
    for i in range(n_items):
        k = seed * 1000 + i
        items.append(
            f"""    <item>
      <title>Protest update {k}: crowds gather as officials count the vote</title>
      <link>https://bench.example.org/news/{k}</link>
      <guid isPermaLink="false">bench-{k}</guid>
      <pubDate>Tue, 06 Oct 2020 {i % 24:02d}:{i % 60:02d}:00 +0600</pubDate>
      <description><![CDATA[<p>Police said <b>{i * 3}</b> people were injured and {i} detained
      on Monday night, according to the health ministry.</p><p>Officials &amp; observers
      disagreed on the turnout figures &mdash; more at <a href="https://bench.example.org">
      the site</a>.</p>]]></description>
    </item>"""
        )
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0"><channel>\n'
        "  <title>Bench</title><link>https://bench.example.org/</link>"
        "<description>synthetic</description><ttl>10</ttl>\n"
        + "\n".join(items)
        + "\n</channel></rss>\n"
    ).encode()


def measure(name: str, fn: Callable[[bytes], int], body: bytes, repeat: int) -> float:
    fn(body)  # warm caches and lazy imports
    cpu0, wall0 = time.process_time(), time.perf_counter()
    items = sum(fn(body) for _ in range(repeat))
    cpu, wall = time.process_time() - cpu0, time.perf_counter() - wall0
    rate = items / wall
    print(
        f"{name:<34} {items:>7} items  {wall:7.2f} s wall  {cpu:7.2f} s CPU  {rate:>10,.0f} items/s"
    )
    return rate


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--repeat", type=int, default=1000, help="parses per path (default 1000)")
    ap.add_argument("--items", type=int, default=30, help="items per feed (default 30)")
    args = ap.parse_args()
    body = synthetic_rss(args.items)
    print(f"body: {len(body):,} bytes, {args.items} items, x{args.repeat}")
    fast = measure(
        "fast path (parse_xml_fast)", lambda b: len(parse_xml_fast(b).items), body, args.repeat
    )
    measure("parse_feed (auto)", lambda b: len(parse_feed(b).items), body, args.repeat)
    slow = measure(
        "fallback (parse_xml_feedparser)",
        lambda b: len(parse_xml_feedparser(b).items),
        body,
        args.repeat,
    )
    measure(
        "bare feedparser.parse",
        lambda b: len(feedparser.parse(io.BytesIO(b)).entries),
        body,
        args.repeat,
    )
    print(f"fast path / feedparser path: {fast / slow:.1f}x")


if __name__ == "__main__":
    main()
