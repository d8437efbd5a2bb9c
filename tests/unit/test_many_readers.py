"""Several reader processes follow one store while a `crisiswatch poll` writes: no lock errors."""

from __future__ import annotations

import json
import signal
import subprocess
import sys
import time
from pathlib import Path

from crisiswatch.store import Store
from feedserver import FeedServer, Route, entries, rss, wait_until

READERS = 4
FEEDS = 30
PER_FEED = 100
TOTAL = FEEDS * PER_FEED

# Each reader is its own process with its own read-only connection, as a TUI in each SSH
# session would be. It reads as fast as it can until it has seen every story, then reports.
READER = """
import json, sqlite3, sys, time
from pathlib import Path
from crisiswatch.store import Store
from crisiswatch.store.reads import StoryFilter, count_stories, stories_page, data_version

db, total, out = Path(sys.argv[1]), int(sys.argv[2]), Path(sys.argv[3])
deadline = time.monotonic() + float(sys.argv[4])
counts, errors, versions = [], [], set()
store = Store(db, readonly=True)
Path(str(out) + ".ready").write_text("ready")
while time.monotonic() < deadline:
    try:
        n = count_stories(store, StoryFilter())
        page = stories_page(store, StoryFilter(), 0, 50)
        versions.add(data_version(store))
        assert len(page) == min(50, n)
        counts.append(n)
        if n >= total:
            break
    except sqlite3.Error as exc:
        errors.append(f"{type(exc).__name__}: {exc}")
    time.sleep(0.002)
ids = sorted(s.id for s in stories_page(store, StoryFilter(), 0, total + 10))
store.close()
out.write_text(json.dumps({"counts": counts, "errors": errors, "ids": ids,
                           "versions": len(versions)}))
"""


def test_readers_in_other_processes_see_every_item_without_lock_errors(
    feed_server: FeedServer, tmp_path: Path
) -> None:
    for i in range(FEEDS):
        feed_server.routes[f"/f{i}"] = Route(rss(entries(f"f{i}", PER_FEED)))
    feeds = "".join(
        f'[[feed]]\nname = "f{i}"\nurl = "{feed_server.url(f"/f{i}")}"\n\n' for i in range(FEEDS)
    )
    config = tmp_path / "feeds.toml"
    # One request at a time, 0.1 s apart: the writes trickle in over about three seconds.
    config.write_text(
        '[settings]\ntimeout = "5s"\nper_host = 1\nhost_spacing = "100ms"\n\n'
        + feeds
        + '[[watch]]\nname = "KG"\nkeywords = ["Bishkek"]\n'
    )
    db = tmp_path / "shared.db"
    Store(db).close()  # the schema exists before anyone reads

    outs = [tmp_path / f"reader{r}.json" for r in range(READERS)]
    readers = [
        subprocess.Popen(
            [sys.executable, "-c", READER, str(db), str(TOTAL), str(out), "60"],
            stderr=subprocess.PIPE,
            text=True,
        )
        for out in outs
    ]
    writer: subprocess.Popen[str] | None = None
    try:
        assert wait_until(lambda: all(Path(f"{o}.ready").exists() for o in outs), timeout=30), (
            "readers did not start"
        )
        started = time.monotonic()
        writer = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "crisiswatch",
                "poll",
                "--config",
                str(config),
                "--db",
                str(db),
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
        )
        for proc in readers:
            _, err = proc.communicate(timeout=90)
            assert proc.returncode == 0, err
        elapsed = time.monotonic() - started
        writer.send_signal(signal.SIGTERM)
        _, werr = writer.communicate(timeout=30)
        assert writer.returncode == 0, werr
    finally:
        for proc in [*readers, *([writer] if writer else [])]:
            if proc.poll() is None:
                proc.kill()
                proc.communicate()

    results = [json.loads(o.read_text()) for o in outs]
    with Store(db, readonly=True) as store:
        final_ids = [r[0] for r in store.conn.execute("SELECT id FROM stories ORDER BY id")]
    assert len(final_ids) == TOTAL
    for r, result in enumerate(results):
        counts: list[int] = result["counts"]
        assert result["errors"] == [], (r, result["errors"][:3])
        assert counts[-1] == TOTAL, (r, counts[-1])
        assert result["ids"] == final_ids, f"reader {r} sees every story"
        assert counts == sorted(counts), f"reader {r}: counts only grow"
        # The reads really interleaved with the writes: many partial states were seen.
        partial = {c for c in counts if 0 < c < TOTAL}
        assert len(partial) >= 5, (r, sorted(partial))
        assert result["versions"] >= 5, "data_version moved as the writer committed"
    print(f"{READERS} readers, {sum(len(r['counts']) for r in results)} reads in {elapsed:.1f}s")
