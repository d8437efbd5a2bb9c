"""Extraction throughput on one core: items per second for news items of about 1,500 characters.

    python benchmarks/bench_extract.py [--items N] [--rounds R] [--dense D ...]

An item with figures carries at least one passage from the labelled corpus (a figure or a
result) padded with plain news sentences; one without is plain sentences only. By default it
reports three mixes: no item with figures (0), a feed-like mix where one item in five carries
figures (0.2, the target: at least 10,000 items/s), and every item with figures (1.0, harsher
than a real feed). `--dense` picks other mixes.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import time
from pathlib import Path

from crisiswatch.config import Election, Party
from crisiswatch.extract import extract

CORPUS = Path(__file__).resolve().parent.parent / "tests/data/extraction/corpus.jsonl"
BALLOT = Election(
    seats=120,
    threshold=7.0,
    parties=tuple(
        Party(n) for n in ("Birimdik", "Mekenim Kyrgyzstan", "Kyrgyzstan", "Butun Kyrgyzstan")
    ),
)
FILLER = [
    "The president called for calm and urged party leaders to restrain their supporters.",
    "Diplomats in the region said they were following events closely.",
    "The opposition demanded that the vote be annulled and a new election held.",
    "A spokesman for the government declined to comment on the reports.",
    "Shops in the centre of the capital stayed shut on Tuesday morning.",
    "International observers had described the campaign as competitive but marred by vote buying.",
    "Several ministers resigned during the day, state television reported.",
    "The security council met in an emergency session late in the evening.",
    "Neighbouring countries said their border crossings remained open.",
    "Analysts said the crisis was the most serious in the country in a decade.",
]


def build_items(n: int, seed: int = 1, dense: float = 1.0) -> list[str]:
    rng = random.Random(seed)
    passages = [json.loads(x)["text"] for x in CORPUS.read_text(encoding="utf-8").splitlines()]
    items = []
    for _ in range(n):
        with_figures = rng.random() < dense
        parts = [rng.choice(passages) if with_figures else rng.choice(FILLER)]
        while sum(len(p) + 1 for p in parts) < 1500:
            extra = with_figures and rng.random() >= 0.8
            parts.append(rng.choice(passages) if extra else rng.choice(FILLER))
        rng.shuffle(parts)
        items.append(" ".join(parts)[:1600])
    return items


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--items", type=int, default=5000)
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument(
        "--dense",
        type=float,
        nargs="+",
        default=[0.0, 0.2, 1.0],
        help="shares of items carrying figures, one run each",
    )
    args = ap.parse_args()
    print(_machine())
    for dense in args.dense:
        items = build_items(args.items, dense=dense)
        mean_len = sum(map(len, items)) / len(items)
        print(
            f"{len(items)} items ({dense:.0%} with figures), mean {mean_len:.0f} chars: "
            f"{_throughput(items, args.rounds):,.0f} items/s (best of {args.rounds})"
        )
    return 0


def _machine() -> str:
    """How fast the shared machine is right now: a fixed CPU-bound loop (best of three) and
    the load average, so runs at different hours, or of two trees, can be set side by side."""
    best = float("inf")
    for _ in range(3):
        start = time.perf_counter()
        total = 0
        for i in range(1_000_000):
            total += i * i % 7
        best = min(best, time.perf_counter() - start)
    load = ", ".join(f"{x:.2f}" for x in os.getloadavg())
    return f"cpu loop {best * 1000:.0f} ms, load average {load}"


def _throughput(items: list[str], rounds: int) -> float:
    for text in items[:200]:  # warm the regex and party-pattern caches
        extract(text, BALLOT)
    best = 0.0
    for _ in range(rounds):
        start = time.perf_counter()
        for text in items:
            extract(text, BALLOT)
        best = max(best, len(items) / (time.perf_counter() - start))
    return best


if __name__ == "__main__":
    raise SystemExit(main())
