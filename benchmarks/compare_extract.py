"""Same reading, before and after a speed change: `extract()` of two trees over the same texts.

    python benchmarks/compare_extract.py --base <tree>/tui [--corpus PATH ...]

Run by hand, never from the test suite. The texts: every passage of tests/data/extraction/,
the items `bench_extract.py` builds (no, one in five and every item with figures), the demo
timeline's items, title-and-body pairs of corpus passages, and any `--corpus` given in the
shared annotation format (say ../shared/extraction/dev.jsonl). Each is read with no ballot, the
benchmark's ballot and the demo's watch. The two trees run in child processes, the one under
test from this checkout (or `--new`); the script prints how many readings it compared and every
text whose reading differs.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _texts(corpora: list[Path]) -> list[str]:
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from bench_extract import build_items

    from crisiswatch.demo import TIMELINE
    from crisiswatch.facts import item_text

    texts: list[str] = []
    passages: list[str] = []
    for path in sorted((ROOT / "tests/data/extraction").glob("*.jsonl")):
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                passages.append(json.loads(line)["text"])
    for path in corpora:
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                passages.append(json.loads(line)["text"])
    texts += passages
    # Titles over bodies: the headline repeats are read only in this shape.
    short = [p for p in passages if len(p) < 120 and "\n" not in p]
    texts += [
        f"{t.rstrip('.')}\n\n{b}"
        for t, b in zip(short, passages[len(passages) // 3 :], strict=False)
    ]
    texts += [item_text(i.title, i.summary) for i in TIMELINE]
    for dense in (0.0, 0.2, 1.0):
        texts += build_items(1000, seed=7, dense=dense)
    return texts


def _dump(texts_file: str, out_file: str) -> None:
    """Child side: every text's reading with each ballot, one repr a line."""
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from bench_extract import BALLOT

    from crisiswatch.demo.replay import WATCH
    from crisiswatch.extract import extract

    texts = json.loads(Path(texts_file).read_text(encoding="utf-8"))
    with open(out_file, "w", encoding="utf-8") as out:
        for text in texts:
            for ballot in (None, BALLOT, WATCH.election):
                out.write(repr(extract(text, ballot)).replace("\n", "\\n") + "\n")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--base", required=True, help="the tui/ directory of the tree before")
    ap.add_argument("--new", default=str(ROOT / "tui"), help="the tui/ directory after")
    ap.add_argument("--corpus", type=Path, action="append", default=[])
    ap.add_argument("--dump", nargs=2, help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.dump:
        _dump(*args.dump)
        return 0
    texts = _texts(args.corpus)
    with tempfile.TemporaryDirectory() as tmp:
        texts_file = os.path.join(tmp, "texts.json")
        Path(texts_file).write_text(json.dumps(texts), encoding="utf-8")
        readings: list[list[str]] = []
        for tree in (args.base, args.new):
            out = os.path.join(tmp, f"out{len(readings)}.txt")
            env = {**os.environ, "PYTHONPATH": tree}
            cmd = [sys.executable, __file__, "--base", tree, "--dump", texts_file, out]
            subprocess.run(cmd, env=env, check=True)
            readings.append(Path(out).read_text(encoding="utf-8").splitlines())
    before, after = readings
    differ = [i for i, (a, b) in enumerate(zip(before, after, strict=True)) if a != b]
    for i in differ[:20]:
        print(f"differs: text {i // 3} ballot {i % 3}: {texts[i // 3][:100]!r}")
        print(f"  before {before[i][:300]}")
        print(f"  after  {after[i][:300]}")
    if len(differ) > 20:  # the rest by text only, each once
        for t in sorted({i // 3 for i in differ[20:]} - {i // 3 for i in differ[:20]}):
            print(f"differs too: text {t}: {texts[t][:100]!r}")
    print(f"{len(texts)} texts, {len(before)} readings compared: {len(differ)} differ")
    return 1 if differ else 0


if __name__ == "__main__":
    raise SystemExit(main())
