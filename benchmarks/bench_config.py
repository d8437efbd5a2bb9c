"""feeds.toml loading: the declared schema (crisiswatch.config) beside the hand-written readers
it replaced (config.py as it last stood in git), on a file of many feeds.

Run: .venv/bin/python benchmarks/bench_config.py [--feeds 1000] [--repeat 30]

Both read the same text in alternation; each figure is the best of `--repeat` runs. A fixed CPU
loop is timed beside them to say how loaded the machine was.
"""

from __future__ import annotations

import argparse
import importlib.util
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from types import ModuleType

from crisiswatch.config import load_config

REPO = Path(__file__).resolve().parents[1]
OLD_PATH = "tui/crisiswatch/config.py"


def feeds_toml(n_feeds: int) -> str:
    """A desk's file: settings, `n_feeds` feeds (every tenth a JSON wire with its mapping,
    some with their own interval), and a watch with an election of eight parties."""
    parts = ['[settings]\ninterval = "10m"\ntimeout = "20s"\nmax_body = "5MB"\n']
    for i in range(n_feeds):
        feed = f'[[feed]]\nname = "Feed {i}"\nurl = "https://news{i}.example.org/rss"\n'
        feed += f'tags = ["region{i % 7}", "agency"]\n'
        if i % 3 == 0:
            feed += f'interval = "{5 + i % 20}m"\n'
        if i % 10 == 0:
            feed += 'format = "json"\n[feed.json]\nitems = "articles"\npublished = "seendate"\n'
        parts.append(feed)
    watch = '[[watch]]\nname = "Kyrgyzstan"\nkeywords = ["Bishkek", "Kyrgyz"]\n'
    watch += '[watch.election]\nseats = 120\nthreshold = 7\nmethod = "dhondt"\n'
    for p in range(8):
        watch += f'[[watch.election.party]]\nname = "Party {p}"\naliases = ["P{p}"]\n'
    parts.append(watch)
    return "\n".join(parts)


def old_module() -> ModuleType:
    """config.py from the parent of the commit that removed it."""
    gone = subprocess.run(
        ["git", "-C", str(REPO), "rev-list", "-1", "HEAD", "--", OLD_PATH],
        check=True,
        capture_output=True,
        text=True,
    ).stdout.strip()
    source = subprocess.run(
        ["git", "-C", str(REPO), "show", f"{gone}^:{OLD_PATH}"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    with tempfile.NamedTemporaryFile("w", suffix=".py", delete=False) as f:
        f.write(source)
    spec = importlib.util.spec_from_file_location("old_config", f.name)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["old_config"] = module  # dataclasses look their module up while building
    spec.loader.exec_module(module)
    return module


def cpu_loop() -> None:
    total = 0
    for i in range(2_000_000):
        total += i * i % 7
    assert total > 0


def best(fn: Callable[[], object], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return min(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--feeds", type=int, default=1000)
    parser.add_argument("--repeat", type=int, default=30)
    args = parser.parse_args()
    old = old_module()
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "feeds.toml"
        path.write_text(feeds_toml(args.feeds))
        assert repr(old.load_config(path)) == repr(load_config(path)), "both read the same"
        cpu = best(cpu_loop, 5)
        old_s = new_s = float("inf")
        for _ in range(args.repeat):
            old_s = min(old_s, best(lambda: old.load_config(path), 1))
            new_s = min(new_s, best(lambda: load_config(path), 1))
        size = path.stat().st_size
    print(f"feeds.toml of {args.feeds} feeds, {size / 1000:.0f} KB, best of {args.repeat}")
    print(f"  CPU loop:               {cpu * 1000:7.1f} ms (machine load)")
    print(f"  old readers (config.py): {old_s * 1000:7.1f} ms")
    print(f"  declared schema:         {new_s * 1000:7.1f} ms")
    print(f"  ratio old/new:           {old_s / new_s:7.2f}")


if __name__ == "__main__":
    main()
