"""Several TUIs on a shared desk mark stories read while `crisiswatch poll` writes: every mark is
kept, nobody sees "database is locked", and the store stays whole."""

from __future__ import annotations

import json
import signal
import subprocess
import sys
from pathlib import Path

from crisiswatch.store import Store
from feedserver import FeedServer, Route, entries, rss, wait_until

MARKERS = 3
FEEDS = 20
PER_FEED = 50
TOTAL = FEEDS * PER_FEED

# Each marker is its own process with its own writable connection, as each TUI's is: it marks
# its share of the stories (id % MARKERS) read as soon as they appear, one transaction each, the
# way Enter on a headline does.
MARKER = """
import json, sqlite3, sys, time
from pathlib import Path
from crisiswatch.store import Store

db, me, n, total, out = Path(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4]), Path(sys.argv[5])
deadline = time.monotonic() + float(sys.argv[6])
store = Store(db)
Path(str(out) + ".ready").write_text("ready")
marked, errors = set(), []
while time.monotonic() < deadline:
    try:
        with store._lock:
            ids = [r[0] for r in store.conn.execute("SELECT id FROM stories WHERE id % ? = ?", (n, me))]
        for story_id in ids:
            if story_id not in marked:
                store.set_read(story_id)
                marked.add(story_id)
        if len(marked) >= total // n:
            break
    except sqlite3.Error as exc:
        errors.append(f"{type(exc).__name__}: {exc}")
    time.sleep(0.005)
store.close()
out.write_text(json.dumps({"marked": sorted(marked), "errors": errors}))
"""


def test_read_marks_from_several_tuis_while_the_poller_writes(
    feed_server: FeedServer, tmp_path: Path
) -> None:
    for i in range(FEEDS):
        feed_server.routes[f"/f{i}"] = Route(rss(entries(f"m{i}", PER_FEED)))
    feeds = "".join(
        f'[[feed]]\nname = "f{i}"\nurl = "{feed_server.url(f"/f{i}")}"\n\n' for i in range(FEEDS)
    )
    config = tmp_path / "feeds.toml"
    # One request at a time, 0.1 s apart: the poller's writes go on for about two seconds.
    config.write_text(
        '[settings]\ntimeout = "5s"\nper_host = 1\nhost_spacing = "100ms"\n\n' + feeds
    )
    db = tmp_path / "shared.db"
    Store(db).close()

    outs = [tmp_path / f"marker{m}.json" for m in range(MARKERS)]
    markers = [
        subprocess.Popen(
            [
                sys.executable,
                "-c",
                MARKER,
                str(db),
                str(m),
                str(MARKERS),
                str(TOTAL),
                str(out),
                "90",
            ],
            stderr=subprocess.PIPE,
            text=True,
        )
        for m, out in enumerate(outs)
    ]
    writer: subprocess.Popen[str] | None = None
    try:
        assert wait_until(lambda: all(Path(f"{o}.ready").exists() for o in outs), timeout=30)
        writer = subprocess.Popen(
            [sys.executable, "-m", "crisiswatch", "poll", "--config", str(config), "--db", str(db)],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
        )
        for proc in markers:
            _, err = proc.communicate(timeout=120)
            assert proc.returncode == 0, err
        writer.send_signal(signal.SIGTERM)
        _, werr = writer.communicate(timeout=30)
        assert writer.returncode == 0, werr
    finally:
        for proc in [*markers, *([writer] if writer else [])]:
            if proc.poll() is None:
                proc.kill()
                proc.communicate()

    results = [json.loads(o.read_text()) for o in outs]
    for m, result in enumerate(results):
        assert result["errors"] == [], (m, result["errors"][:3])
    with Store(db, readonly=True) as store:
        rows = store.conn.execute("SELECT id, read FROM stories").fetchall()
        assert store.conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert len(rows) == TOTAL
    assert all(read == 1 for _, read in rows), "every mark was kept beside the poller's writes"
    assert sorted(i for r in results for i in r["marked"]) == sorted(i for i, _ in rows)
