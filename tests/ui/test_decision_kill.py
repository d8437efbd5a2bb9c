"""A decision survives `kill -9` of the TUI that took it while that TUI is the store's poller,
killed in the middle of a poll: the decision was its own commit, not part of the poll's."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from ptyapp import PtyApp

from feedserver import FeedServer, Route, wait_until

pytestmark = pytest.mark.slow


def decisions(db: Path) -> list[tuple[str, str, int]]:
    conn = sqlite3.connect(db, timeout=10, isolation_level=None)
    try:
        return conn.execute("SELECT action, user, item_id FROM decisions ORDER BY id").fetchall()
    finally:
        conn.close()


def test_a_decision_outlives_the_polling_tui_killed_mid_poll(
    db_path: Path, tmp_path: Path, feed_server: FeedServer
) -> None:
    # The feed answers only after 60 s: the TUI's poll is in flight when it is killed.
    feed_server.routes["/wire"] = Route(b"", stall=60.0)
    config = tmp_path / "feeds.toml"
    config.write_text(
        f'[[feed]]\nname = "Wire"\nurl = "{feed_server.url("/wire")}"\n\n'
        '[[watch]]\nname = "Kyrgyzstan 2020"\nkeywords = ["Kyrgyzstan", "Kyrgyz", "Bishkek"]\n'
    )
    tui = PtyApp(
        ["--config", str(config), "--db", str(db_path)],
        env={"LOGNAME": "carol", "CRISISWATCH_WORKERS": "0"},
        size=(100, 30),
        cwd=tmp_path,
    )
    try:
        tui.until(lambda out: b"POLLING" in out and b"Two killed in Bishkek" in out)
        assert wait_until(lambda: len(feed_server.requests) > 0, timeout=20), "a poll in flight"
        tui.press(b"\t")
        tui.until(lambda out: b"people gathered" in out)
        tui.press(b"\r")
        tui.until(lambda out: b"Why this figure" in out)
        tui.press(b"v")
        assert wait_until(lambda: len(decisions(db_path)) == 1, timeout=20)
        os.kill(tui.proc.pid, signal.SIGKILL)
        tui.proc.wait(timeout=10)
        assert tui.proc.returncode == -signal.SIGKILL
    finally:
        tui.close()
    conn = sqlite3.connect(db_path)
    try:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    finally:
        conn.close()
    [(action, user, item_id)] = decisions(db_path)
    assert (action, user) == ("confirm", "carol")
    args = ["--config", str(config), "--db", str(db_path)]
    out = subprocess.run(
        [sys.executable, "-m", "crisiswatch", "tally", "--json", *args],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert out.returncode == 0, out.stderr
    [watch] = json.loads(out.stdout)["watches"]
    [d] = watch["decisions"]
    assert (d["action"], d["user"], d["item_id"]) == ("confirm", "carol", item_id)
    confirmed = [
        r
        for c in watch["counters"].values()
        for s in c["current"]
        for r in s["reports"]
        if r["decision"] == "confirm"
    ]
    assert [r["item_id"] for r in confirmed] == [item_id]
