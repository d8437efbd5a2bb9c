"""Runs a command and prints its wall time and the peak memory of it and its descendants.

    python benchmarks/peak_memory.py [--every 0.05] -- COMMAND [ARG ...]

Memory is sampled from /proc: the sum of every process's RSS, and the sum of their PSS. The
RSS sum counts a page that several processes map (the interpreter's and lxml's libraries in
each parsing worker) once per process; PSS splits each shared page among its sharers, so its
sum is what the group holds. Each process's own peak RSS is listed after the totals.
Linux only; run by hand, never in the test suite.
"""

from __future__ import annotations

import argparse
import subprocess
import time
from pathlib import Path


def _field_kb(path: Path, field: str) -> int:
    for line in path.read_text().splitlines():
        if line.startswith(field):
            return int(line.split()[1])
    raise ValueError(f"no {field} in {path}")


def tree(pid: int) -> list[int]:
    """The process and all its descendants, from /proc/<pid>/task/*/children."""
    out: list[int] = []
    todo = [pid]
    while todo:
        p = todo.pop()
        out.append(p)
        try:
            for task in Path(f"/proc/{p}/task").iterdir():
                todo += [int(c) for c in (task / "children").read_text().split()]
        except (OSError, ValueError):
            continue
    return out


def process_memory_kb(pid: int) -> tuple[int, int]:
    """(RSS, PSS) of one process in kB; (0, 0) once it is gone."""
    try:
        return (
            _field_kb(Path(f"/proc/{pid}/status"), "VmRSS:"),
            _field_kb(Path(f"/proc/{pid}/smaps_rollup"), "Pss:"),
        )
    except (OSError, ValueError):
        return 0, 0


def tree_memory_mb(pid: int) -> tuple[float, float]:
    """(RSS, PSS) in MB of a process and all its descendants."""
    rss = pss = 0
    for p in tree(pid):
        r, s = process_memory_kb(p)
        rss, pss = rss + r, pss + s
    return rss / 1024, pss / 1024


def _name(pid: int) -> str:
    try:
        raw = Path(f"/proc/{pid}/cmdline").read_bytes()
    except OSError:
        return "?"
    return raw.replace(b"\0", b" ").decode(errors="replace").strip()[:90]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--every", type=float, default=0.05, help="seconds between samples")
    parser.add_argument("command", nargs=argparse.REMAINDER)
    args = parser.parse_args()
    command = args.command[1:] if args.command[:1] == ["--"] else args.command
    if not command:
        parser.error("no command given")
    t0 = time.perf_counter()
    proc = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    peak_rss = peak_pss = 0.0
    each: dict[int, tuple[int, str]] = {}
    while proc.poll() is None:
        rss = pss = 0
        for p in tree(proc.pid):
            r, s = process_memory_kb(p)
            rss, pss = rss + r, pss + s
            if r > each.get(p, (0, ""))[0]:
                each[p] = (r, each[p][1] if p in each else _name(p))
        peak_rss, peak_pss = max(peak_rss, rss / 1024), max(peak_pss, pss / 1024)
        time.sleep(args.every)
    wall = time.perf_counter() - t0
    print(
        f"wall {wall:.2f} s, exit {proc.returncode}; "
        f"peak {peak_rss:.0f} MB RSS, {peak_pss:.0f} MB PSS (process and descendants)"
    )
    for r, name in each.values():
        print(f"  {r // 1024:4d} MB  {name}")


if __name__ == "__main__":
    main()
