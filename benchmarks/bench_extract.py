"""Extraction throughput on one core: items per second for news items of about 1,500 characters.

    python benchmarks/bench_extract.py [--items N] [--rounds R]

Items are built from the labelled corpus (so most carry figures or results) padded with plain
news sentences, which is harsher than a real feed, where most items mention no figure at all.
"""

from __future__ import annotations

import argparse
import json
import random
import time
from pathlib import Path

from crisiswatch.config import Election, Party
from crisiswatch.extract import extract

CORPUS = Path(__file__).resolve().parent.parent / "tests/data/extraction/corpus.jsonl"
BALLOT = Election(
    seats=120,
    threshold=7.0,
    parties=tuple(Party(n) for n in ("Birimdik", "Mekenim Kyrgyzstan", "Kyrgyzstan",
                                     "Butun Kyrgyzstan")),
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


def build_items(n: int, seed: int = 1) -> list[str]:
    rng = random.Random(seed)
    passages = [json.loads(x)["text"] for x in CORPUS.read_text(encoding="utf-8").splitlines()]
    items = []
    for _ in range(n):
        parts = [rng.choice(passages)]
        while sum(len(p) + 1 for p in parts) < 1500:
            parts.append(rng.choice(FILLER) if rng.random() < 0.8 else rng.choice(passages))
        rng.shuffle(parts)
        items.append(" ".join(parts)[:1600])
    return items


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--items", type=int, default=5000)
    ap.add_argument("--rounds", type=int, default=3)
    args = ap.parse_args()
    items = build_items(args.items)
    mean_len = sum(map(len, items)) / len(items)
    for text in items[:200]:  # warm the regex and party-pattern caches
        extract(text, BALLOT)
    best = 0.0
    for _ in range(args.rounds):
        start = time.perf_counter()
        for text in items:
            extract(text, BALLOT)
        best = max(best, len(items) / (time.perf_counter() - start))
    print(f"{len(items)} items, mean {mean_len:.0f} chars: {best:,.0f} items/s (best of {args.rounds})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
