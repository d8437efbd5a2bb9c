"""Extraction throughput on one core: items per second for news items of about 1,500 characters.

    python benchmarks/bench_extract.py [--items N] [--rounds R] [--dense D ...]
    python benchmarks/bench_extract.py --beside <tree>/tui ... [--repeats K] [--instructions]

An item with figures carries at least one passage from the labelled corpus (a figure or a
result) padded with plain news sentences; one without is plain sentences only. By default it
reports three mixes: no item with figures (0), a feed-like mix where one item in five carries
figures (0.2, the target: at least 10,000 items/s), and every item with figures (1.0, harsher
than a real feed). `--dense` picks other mixes.

`--beside` runs this checkout and each tree given in child processes, taking turns (this one
first, then each other tree, `--repeats` times), each run with its fixed CPU loop, and prints
each tree's best items/s as a ratio to the first tree given. `--instructions` counts instructions
per item under `valgrind --tool=cachegrind` instead (a run that builds and warms the same items
but reads none of them is subtracted), which the machine's load does not move.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import subprocess
import sys
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
    ap.add_argument("--beside", nargs="+", metavar="TUI", help="other trees' tui/ directories")
    ap.add_argument("--repeats", type=int, default=3, help="turns of each tree, with --beside")
    ap.add_argument("--instructions", action="store_true", help="count instructions per item")
    ap.add_argument("--read", type=int, help=argparse.SUPPRESS)  # child: read once, or not (0)
    args = ap.parse_args()
    if args.read is not None:
        return _read_once(args.items, args.dense, bool(args.read))
    if args.beside:
        return _beside(args)
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


def _read_once(n: int, dense: list[float], read: bool) -> int:
    """Child of `--instructions`: build and warm the items, and read them once if `read`."""
    for mix in dense:
        items = build_items(n, dense=mix)
        for text in items[:200]:
            extract(text, BALLOT)
        if read:
            for text in items:
                extract(text, BALLOT)
    return 0


def _instructions(tree: str, n: int, mix: float) -> float:
    """Instructions per item for one tree and mix (cachegrind, a fixed hash seed)."""
    counts = []
    for read in (1, 0):
        cmd = ["valgrind", "--tool=cachegrind", "--cache-sim=no", "--cachegrind-out-file=/dev/null"]
        cmd += [sys.executable, __file__, "--items", str(n), "--dense", str(mix)]
        cmd += ["--read", str(read)]
        env = {**os.environ, "PYTHONPATH": tree, "PYTHONHASHSEED": "0"}
        done = subprocess.run(cmd, env=env, capture_output=True, text=True, check=True)
        refs = re.search(r"I\s+refs:\s+([\d,]+)", done.stderr)
        assert refs is not None, done.stderr[-500:]
        counts.append(int(refs.group(1).replace(",", "")))
    return (counts[0] - counts[1]) / n


def _beside(args: argparse.Namespace) -> int:
    trees = [str(Path(__file__).resolve().parent.parent / "tui"), *args.beside]
    print("trees: " + ", ".join(f"[{i}] {t}" for i, t in enumerate(trees)))
    best: dict[tuple[int, float], float] = {}
    if args.instructions:
        for mix in args.dense:
            n = 300 if mix >= 1 else 600
            for i, tree in enumerate(trees):
                best[i, mix] = _instructions(tree, n, mix)
                print(f"[{i}] {mix:.0%} with figures: {best[i, mix]:,.0f} instructions an item")
    else:
        for turn in range(args.repeats):
            for i, tree in enumerate(trees):
                cmd = [sys.executable, __file__, "--items", str(args.items)]
                cmd += ["--rounds", str(args.rounds), "--dense", *map(str, args.dense)]
                env = {**os.environ, "PYTHONPATH": tree}
                out = subprocess.run(cmd, env=env, capture_output=True, text=True, check=True)
                lines = out.stdout.splitlines()
                print(f"turn {turn + 1} [{i}] {lines[0]}")
                for mix, line in zip(args.dense, lines[1:], strict=True):
                    rate = float(re.findall(r"([\d,]+) items/s", line)[0].replace(",", ""))
                    best[i, mix] = max(best.get((i, mix), 0.0), rate)
    unit = "instructions an item" if args.instructions else "items/s, best"
    for mix in args.dense:
        base = best[1, mix] if len(trees) > 1 else best[0, mix]
        cells = []
        for i in range(len(trees)):
            # Speed as a ratio to the first tree given: fewer instructions is faster.
            ratio = base / best[i, mix] if args.instructions else best[i, mix] / base
            cells.append(f"[{i}] {best[i, mix]:,.0f} ({ratio:.2f})")
        print(f"{mix:.0%} with figures ({unit}; speed against [1]): " + "  ".join(cells))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
