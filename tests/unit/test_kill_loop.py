"""SIGKILL a `crisiswatch poll` at random moments, 50+ times: the store stays whole, loses nothing."""

from __future__ import annotations

import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from feedserver import Entry, FeedServer, Route, rss, wait_until

SEED = 20201006
KILLS = 52
FEEDS = 16


def served_entries(feed: int, n: int) -> list[Entry]:
    """The newest first, as feeds list them; entry k never changes once served."""
    base = datetime(2020, 10, 6, 8, 0, tzinfo=UTC)
    return [
        Entry(
            guid=f"f{feed}-{k}",
            title=f"Feed {feed} report {k}",
            summary=f"Protesters gathered in Bishkek; at least {k % 40 + 1} people were injured.",
            link=f"https://news.example.org/f{feed}/{k}",
            published=base + timedelta(minutes=k),
        )
        for k in reversed(range(n))
    ]


def write_config(path: Path, server: FeedServer) -> None:
    feeds = "".join(
        f'[[feed]]\nname = "f{i}"\nurl = "{server.url(f"/f{i}")}"\n\n' for i in range(FEEDS)
    )
    path.write_text(
        # Request starts 40 ms apart: a round's fetches and writes spread over about 0.6 s,
        # the window the kills are drawn from, whatever the speed of the machine.
        '[settings]\ninterval = "30s"\ntimeout = "5s"\nhost_spacing = "40ms"\n'
        'max_connections = 8\nper_host = 2\nmax_items = 10000\nmax_body = "50MB"\n\n'
        + feeds
        + '[[watch]]\nname = "KG"\nkeywords = ["Bishkek"]\n'
    )


def query(db: Path, sql: str) -> list[tuple[Any, ...]]:
    conn = sqlite3.connect(db, timeout=10, isolation_level=None)  # autocommit
    try:
        return conn.execute(sql).fetchall()
    finally:
        conn.close()


def test_fifty_sigkills_lose_and_duplicate_nothing(feed_server: FeedServer, tmp_path: Path) -> None:
    rng = random.Random(SEED)
    print(f"kill loop: seed={SEED}")
    config = tmp_path / "feeds.toml"
    db = tmp_path / "store.db"
    write_config(config, feed_server)
    served = [rng.randint(20, 60) for _ in range(FEEDS)]
    for i in range(FEEDS):
        feed_server.routes[f"/f{i}"] = Route(rss(served_entries(i, served[i])))
    cmd = [sys.executable, "-m", "crisiswatch", "poll", "--config", str(config), "--db", str(db)]
    mid_round = 0
    started = time.monotonic()
    for round_no in range(KILLS):
        # New items arrive between rounds, and every feed is due again (as if time had passed).
        for i in rng.sample(range(FEEDS), k=FEEDS // 2):
            served[i] += rng.randint(1, 40)
            feed_server.routes[f"/f{i}"].body = rss(served_entries(i, served[i]))
        if db.exists():
            query(db, "UPDATE feeds SET next_poll = NULL")  # a commit, no rows returned
        before = len(feed_server.requests)
        log = tmp_path / f"round{round_no}.log"
        with log.open("wb") as err:
            proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=err)
            try:
                # Kill only once it is polling, at a random moment within the next 0.6 s.
                def polling_or_gone(p: subprocess.Popen[bytes] = proc, n: int = before) -> bool:
                    return len(feed_server.requests) > n or p.poll() is not None

                polling = wait_until(polling_or_gone, timeout=20)
                assert polling and proc.poll() is None, (round_no, log.read_text())
                time.sleep(rng.uniform(0.05, 0.6))
                os.kill(proc.pid, signal.SIGKILL)
                proc.wait(timeout=10)
            finally:
                if proc.poll() is None:
                    proc.kill()
                    proc.wait()
        assert proc.returncode == -signal.SIGKILL, (round_no, proc.returncode, log.read_text())
        (check,) = query(db, "PRAGMA integrity_check")
        assert check == ("ok",), f"seed={SEED} round={round_no}: {check}"
        stored = int(query(db, "SELECT count(*) FROM items")[0][0])
        if stored < sum(served):
            mid_round += 1
    loop_seconds = time.monotonic() - started
    print(f"kill loop: {KILLS} kills in {loop_seconds:.1f}s, {mid_round} before the round finished")
    # Enough of the kills must have landed while items were still pouring in.
    assert mid_round >= KILLS // 2, f"seed={SEED}: only {mid_round} kills landed mid-round"

    final = subprocess.run(
        [*cmd[:4], "--once", *cmd[4:]], capture_output=True, text=True, timeout=120
    )
    assert final.returncode == 0, final.stderr
    assert query(db, "PRAGMA integrity_check") == [("ok",)]
    per_feed = dict(query(db, "SELECT feed, count(*) FROM items GROUP BY feed"))
    assert per_feed == {f"f{i}": served[i] for i in range(FEEDS)}, f"seed={SEED}"
    dups = query(
        db, "SELECT feed, guid, count(*) FROM items GROUP BY feed, guid HAVING count(*) > 1"
    )
    assert dups == [], f"seed={SEED}"
    assert query(db, "SELECT count(*) FROM stories") == [(sum(served),)]
    assert query(db, "SELECT count(*) FROM items WHERE extracted = 0") == [(0,)]
    # Every item's figures were read exactly once, even those stored just before a kill.
    assert query(
        db,
        "SELECT count(*) FROM items i WHERE (SELECT count(*) FROM figures f "
        "WHERE f.item_id = i.id AND f.is_total = 1) <> 1",
    ) == [(0,)]
    totals = dict(query(db, "SELECT name, items_total FROM feeds"))
    assert totals == {f"f{i}": served[i] for i in range(FEEDS)}
