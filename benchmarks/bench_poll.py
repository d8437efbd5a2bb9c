"""Times `crisiswatch poll --once` on N synthetic local feeds, cold and warm, beside newsboat.

Run by hand (not in the test suite):

    .venv/bin/python benchmarks/bench_poll.py --feeds 100 1000 --repeat 5

Absolute times drift on shared machines, so newsboat runs on the same feeds in the same run,
alternating with crisiswatch, and the ratios of the medians are printed. Where the time goes is
measured in-process with the same Poller.

The package is byte-compiled first, as pip does when it installs a wheel: where the environment
sets PYTHONDONTWRITEBYTECODE (these machines do), an editable checkout would otherwise compile
its modules from source on every start, which a warm round pays for (benchmarks/README.md).
"""

from __future__ import annotations

import argparse
import asyncio
import compileall
import json
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))

from peak_memory import tree_memory_mb

from crisiswatch.config import load_config
from crisiswatch.pollers.poller import Poller
from crisiswatch.store import Store
from feedserver import Entry, FeedServer, Route, rss

WORDS = [
    "protesters",
    "gathered",
    "on",
    "the",
    "central",
    "square",
    "on",
    "Monday",
    "evening",
    "as",
    "police",
    "tried",
    "to",
    "disperse",
    "them,",
    "the",
    "interior",
    "ministry",
    "said,",
    "while",
    "election",
    "officials",
    "counted",
    "the",
    "last",
    "ballots",
    "and",
    "observers",
    "reported",
    "irregularities",
    "at",
    "several",
    "polling",
    "stations",
    "in",
    "the",
    "capital",
]


def synthetic(feed: int, n: int) -> list[Entry]:
    from datetime import UTC, datetime, timedelta

    base = datetime(2020, 10, 6, 8, 0, tzinfo=UTC)
    out = []
    for i in range(n):
        words = [WORDS[(feed * 7 + i * 3 + k) % len(WORDS)] for k in range(90)]
        summary = " ".join(words).capitalize() + f". At least {i + 1} people were injured."
        out.append(
            Entry(
                guid=f"f{feed}-i{i}",
                title=f"Feed {feed} report {i}: {' '.join(words[:8])}",
                summary=summary,
                link=f"https://news.example.org/{feed}/{i}",
                published=base - timedelta(minutes=i),
            )
        )
    return out


def write_config(path: Path, server: FeedServer, n: int) -> None:
    lines = [
        "[settings]",
        'timeout = "30s"',
        "max_connections = 16",
        # Every synthetic feed lives on one host here, where real lists span many hosts: the
        # default spacing would pace 1000 feeds over minutes, so it is off. per_host stays at
        # its default of 2.
        'host_spacing = "0s"',
        "",
    ]
    for i in range(n):
        lines += ["[[feed]]", f'name = "feed {i}"', f'url = "{server.url(f"/f/{i}")}"', ""]
    lines += ["[[watch]]", 'name = "demo"', 'keywords = ["protesters"]']
    path.write_text("\n".join(lines))


def run_child(cmd: list[str], cwd: Path | None = None) -> tuple[float, float, int, int]:
    """Wall seconds, CPU seconds (user+sys, workers included) and peak resident memory in MB of
    one child process together with its descendants (RSS, then PSS), sampled every 20 ms."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.perf_counter()
    proc = subprocess.Popen(
        cmd, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True
    )
    peak = peak_pss = 0.0
    done = threading.Event()

    def sample() -> None:
        nonlocal peak, peak_pss
        while not done.wait(0.02):
            rss, pss = tree_memory_mb(proc.pid)
            peak, peak_pss = max(peak, rss), max(peak_pss, pss)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    _, stderr = proc.communicate()
    wall = time.perf_counter() - t0
    done.set()
    sampler.join()
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if proc.returncode not in (0, 1):
        raise SystemExit(f"{cmd[0]} failed: {stderr[-500:]}")
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu, round(peak), round(peak_pss)


def newsboat(urls: list[str], work: Path) -> tuple[float, float] | None:
    exe = shutil.which("newsboat")
    if exe is None:
        return None
    (work / "urls").write_text("\n".join(urls) + "\n")
    (work / "config").write_text("reload-threads 16\n")
    cmd = [
        exe,
        "-x",
        "reload",
        "-u",
        str(work / "urls"),
        "-c",
        str(work / "cache.db"),
        "-C",
        str(work / "config"),
    ]
    cold, _, _, _ = run_child(cmd)
    warm, _, _, _ = run_child(cmd)
    return cold, warm


async def breakdown(config_path: Path, db: Path) -> dict[str, float]:
    config = load_config(config_path)
    store = Store(db)
    poller = Poller(config, store)
    t0 = time.perf_counter()
    outcomes = await poller.poll_once()
    wall = time.perf_counter() - t0
    await poller.aclose()
    store.close()
    return {
        "wall": wall,
        "parse_cpu_s": sum(o.parse_cpu for o in outcomes),
        "extract_cpu_s": sum(o.extract_cpu for o in outcomes),
        "store_cpu_s": sum(o.store_cpu for o in outcomes),
        "items": sum(o.new_items for o in outcomes),
    }


def bench(n: int, per_feed: int, repeat: int) -> dict[str, object]:
    """Each measurement `repeat` times, alternating crisiswatch and newsboat so drift in the
    machine's load hits both alike; medians reported, with the range."""
    work = Path(tempfile.mkdtemp(prefix=f"cw-bench-{n}-"))
    runs: dict[str, list[float]] = {k: [] for k in ("cold", "cold_cpu", "warm", "warm_cpu")}
    nb_runs: dict[str, list[float]] = {"cold": [], "warm": []}
    peak = peak_pss = 0
    with FeedServer() as server:
        for i in range(n):
            server.routes[f"/f/{i}"] = Route(rss(synthetic(i, per_feed)))
        config = work / "feeds.toml"
        write_config(config, server, n)
        exe = [sys.executable, "-m", "crisiswatch", "poll", "--once", "--config", str(config)]
        for r in range(repeat):
            db = work / f"cw-{r}.db"
            cold = run_child([*exe, "--db", str(db)])
            warm = run_child([*exe, "--db", str(db)])
            runs["cold"].append(cold[0])
            runs["cold_cpu"].append(cold[1])
            runs["warm"].append(warm[0])
            runs["warm_cpu"].append(warm[1])
            peak = max(peak, cold[2], warm[2])
            peak_pss = max(peak_pss, cold[3], warm[3])
            nb_work = work / f"newsboat-{r}"
            nb_work.mkdir()
            nb = newsboat([server.url(f"/f/{i}") for i in range(n)], nb_work)
            if nb:
                nb_runs["cold"].append(nb[0])
                nb_runs["warm"].append(nb[1])
        split = asyncio.run(breakdown(config, work / "split.db"))
    items = n * per_feed

    def med(values: list[float]) -> float:
        return round(statistics.median(values), 2)

    def spread(values: list[float]) -> str:
        return f"{min(values):.2f}–{max(values):.2f}"

    result: dict[str, object] = {
        "feeds": n,
        "items": items,
        "runs": repeat,
        "cold_s": med(runs["cold"]),
        "cold_range_s": spread(runs["cold"]),
        "cold_cpu_s": med(runs["cold_cpu"]),
        "cold_items_per_s": round(items / statistics.median(runs["cold"])),
        "warm_s": med(runs["warm"]),
        "warm_range_s": spread(runs["warm"]),
        "warm_cpu_s": med(runs["warm_cpu"]),
        "peak_rss_mb_with_workers": peak,
        "peak_pss_mb_with_workers": peak_pss,
        "where_the_time_goes_s": {k: round(v, 2) for k, v in split.items()},
    }
    if nb_runs["cold"]:
        result["newsboat_cold_s"] = med(nb_runs["cold"])
        result["newsboat_cold_range_s"] = spread(nb_runs["cold"])
        result["newsboat_warm_s"] = med(nb_runs["warm"])
        result["newsboat_warm_range_s"] = spread(nb_runs["warm"])
        result["cold_speedup_vs_newsboat"] = round(
            statistics.median(nb_runs["cold"]) / statistics.median(runs["cold"]), 1
        )
        result["warm_speedup_vs_newsboat"] = round(
            statistics.median(nb_runs["warm"]) / statistics.median(runs["warm"]), 1
        )
    shutil.rmtree(work, ignore_errors=True)
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--feeds", type=int, nargs="+", default=[100, 1000])
    parser.add_argument("--items", type=int, default=30, help="items per feed")
    parser.add_argument("--repeat", type=int, default=3, help="runs of each; medians reported")
    args = parser.parse_args()
    compileall.compile_dir(Path(__file__).resolve().parents[1] / "tui", quiet=1)
    for n in args.feeds:
        print(json.dumps(bench(n, args.items, args.repeat), indent=2), flush=True)


if __name__ == "__main__":
    main()
