"""`crisiswatch poll` stopped from outside: a closed output pipe and Ctrl-C (once, twice), run
for real against a real 127.0.0.1 server and store. None of them is ever a feed's failure."""

from __future__ import annotations

import contextlib
import glob
import signal
import sqlite3
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from crisiswatch.store import Store
from feedserver import FeedServer, Route, entries, rss, wait_until

pytestmark = pytest.mark.slow

FIRST = b"crisiswatch: interrupted: finishing the writes under way (Ctrl-C again to stop now)\n"
HELD = 5
POLL_ONCE = (sys.executable, "-m", "crisiswatch", "poll", "--once")
"""Feeds whose answer the server holds back until the test lets it go: still in flight."""


@pytest.fixture
def gates() -> Iterator[list[threading.Event]]:
    events = [threading.Event() for _ in range(HELD)]
    yield events
    for e in events:  # let the server's handler threads finish
        e.set()


def setup(server: FeedServer, tmp_path: Path, gates: list[threading.Event]) -> tuple[Path, Path]:
    server.routes["/fast"] = Route(rss(entries("fast", 3)))
    parts = ['[settings]\ntimeout = "60s"\nhost_spacing = "0s"\nper_host = 8\n']
    parts.append(f'[[feed]]\nname = "fast"\nurl = "{server.url("/fast")}"\n')
    for i, gate in enumerate(gates):
        server.routes[f"/held{i}"] = Route(rss(entries(f"held{i}", 3)), gate=gate)
        parts.append(f'[[feed]]\nname = "held{i}"\nurl = "{server.url(f"/held{i}")}"\n')
    config = tmp_path / "feeds.toml"
    config.write_text("\n".join(parts))
    return config, tmp_path / "s.db"


def start(config: Path, db: Path) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [*POLL_ONCE, "--config", str(config), "--db", str(db)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )


def health(db: Path) -> dict[str, tuple[int, str | None, bool]]:
    """name -> (failures, last_error, succeeded)."""
    conn = sqlite3.connect(db)
    try:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        rows = conn.execute("SELECT name, failures, last_error, last_success FROM feeds")
        return {r[0]: (r[1], r[2], r[3] is not None) for r in rows}
    finally:
        conn.close()


def assert_no_false_failures(db: Path) -> None:
    for name, (failures, error, _) in health(db).items():
        assert failures == 0 and error is None, (name, error)


def items(db: Path) -> int:
    conn = sqlite3.connect(db)
    try:
        return int(conn.execute("SELECT count(*) FROM items").fetchone()[0])
    finally:
        conn.close()


def all_held_asked(server: FeedServer) -> bool:
    return all(server.hits(f"/held{i}") for i in range(HELD))


def assert_next_round_recovers(config: Path, db: Path, gates: list[threading.Event]) -> None:
    """Once the held feeds answer, a new round stores every item and records no failure."""
    for g in gates:
        g.set()
    again = subprocess.run(
        [*POLL_ONCE, "--config", str(config), "--db", str(db)],
        capture_output=True,
        timeout=60,
    )
    assert again.returncode == 0, again.stderr
    assert_no_false_failures(db)
    assert items(db) == 3 * (HELD + 1)


def test_a_closed_stdout_stops_the_round_and_records_no_false_failure(
    feed_server: FeedServer, tmp_path: Path, gates: list[threading.Event]
) -> None:
    """`crisiswatch poll --once | head -1`: the reader leaves after the first line."""
    config, db = setup(feed_server, tmp_path, gates)
    proc = start(config, db)
    try:
        assert proc.stdout is not None and proc.stderr is not None
        first = proc.stdout.readline()
        assert first.startswith(b"ok   fast ")
        assert wait_until(lambda: all_held_asked(feed_server), timeout=30)
        proc.stdout.close()  # as head does after one line
        gates[0].set()  # one held feed answers: its line has nowhere to go; four stay in flight
        err = proc.stderr.read()
        proc.wait(timeout=60)
    finally:
        if proc.poll() is None:
            proc.kill()
    assert proc.returncode == 141, err
    assert err == b""
    state = health(db)
    assert_no_false_failures(db)
    assert state["fast"][2]
    # The held feeds were cut short, not failed: never attempted as far as the store knows.
    assert all(not state[f"held{i}"][2] for i in range(1, HELD))

    # The next round finds nothing to recover from.
    assert_next_round_recovers(config, db, gates)


def test_ctrl_c_cancels_feeds_in_flight_and_exits_130(
    feed_server: FeedServer, tmp_path: Path, gates: list[threading.Event]
) -> None:
    config, db = setup(feed_server, tmp_path, gates)
    proc = start(config, db)
    try:
        assert proc.stdout is not None
        assert proc.stdout.readline().startswith(b"ok   fast ")
        assert wait_until(lambda: all_held_asked(feed_server), timeout=30)
        proc.send_signal(signal.SIGINT)
        out, err = proc.communicate(timeout=60)
    finally:
        if proc.poll() is None:
            proc.kill()
    assert proc.returncode == 130, err
    assert err == FIRST and out == b""
    assert_no_false_failures(db)
    assert items(db) == 3


def _threads_sleeping(pid: int) -> list[str]:
    found = []
    for path in glob.glob(f"/proc/{pid}/task/*/wchan"):
        with contextlib.suppress(OSError):  # a thread that ended meanwhile
            found.append(Path(path).read_text())
    return found


def test_a_second_ctrl_c_exits_at_once_while_a_write_waits(
    feed_server: FeedServer, tmp_path: Path, gates: list[threading.Event]
) -> None:
    """The first Ctrl-C waits for store writes in flight; here one waits for a lock another
    process holds (SQLite's busy timeout is 10 s), so only the second gets the user out."""
    config, db = setup(feed_server, tmp_path, gates)
    Store(db).close()
    proc = start(config, db)
    holder = sqlite3.connect(db, isolation_level=None)
    try:
        assert proc.stdout is not None
        assert proc.stdout.readline().startswith(b"ok   fast ")
        assert wait_until(lambda: all_held_asked(feed_server), timeout=30)
        holder.execute("BEGIN IMMEDIATE")  # the store's write lock, held by someone else
        gates[0].set()
        # SQLite's busy handler sleeps between tries: a thread of the poller asleep in the
        # kernel's nanosleep is its write, waiting for the lock.
        assert wait_until(
            lambda: any("nanosleep" in w for w in _threads_sleeping(proc.pid)), timeout=30
        )
        proc.send_signal(signal.SIGINT)
        assert proc.stderr is not None
        first = proc.stderr.readline()  # the first is handled: only now is a second one "again"
        proc.send_signal(signal.SIGINT)
        out, err = proc.communicate(timeout=60)
    finally:
        if proc.poll() is None:
            proc.kill()
        holder.close()
    assert proc.returncode == 130
    # Had the second Ctrl-C not exited at once, the write would have waited out its busy
    # timeout and the command ended by the first one's path, without this line.
    assert first == FIRST
    assert err == b"crisiswatch: interrupted again: stopped at once\n"
    assert out == b""  # its first line was read above
    assert_no_false_failures(db)
    assert items(db) == 3, "the waiting write never committed, and nothing half-written shows"

    assert_next_round_recovers(config, db, gates)


def test_a_running_poll_stops_too_when_its_reader_goes(
    feed_server: FeedServer, tmp_path: Path, gates: list[threading.Event]
) -> None:
    """`crisiswatch poll | grep -m1 FAIL`: the polling loop stops like the one-shot round."""
    config, db = setup(feed_server, tmp_path, gates)
    proc = subprocess.Popen(
        [sys.executable, "-m", "crisiswatch", "poll", "--config", str(config), "--db", str(db)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    try:
        assert proc.stdout is not None and proc.stderr is not None
        assert proc.stdout.readline().startswith(b"polling 6 feeds into ")
        assert proc.stdout.readline().startswith(b"ok   fast ")
        assert wait_until(lambda: all_held_asked(feed_server), timeout=30)
        proc.stdout.close()
        gates[0].set()
        err = proc.stderr.read()
        proc.wait(timeout=60)
    finally:
        if proc.poll() is None:
            proc.kill()
    assert proc.returncode == 141 and err == b""
    assert_no_false_failures(db)


def test_ctrl_c_stops_a_running_poll_with_status_0(
    feed_server: FeedServer, tmp_path: Path, gates: list[threading.Event]
) -> None:
    """For `poll` (a service), Ctrl-C is the normal way to stop: 0, after "stopped"."""
    config, db = setup(feed_server, tmp_path, gates)
    proc = subprocess.Popen(
        [sys.executable, "-m", "crisiswatch", "poll", "--config", str(config), "--db", str(db)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    try:
        assert proc.stdout is not None
        assert proc.stdout.readline().startswith(b"polling 6 feeds into ")
        assert proc.stdout.readline().startswith(b"ok   fast ")
        assert wait_until(lambda: all_held_asked(feed_server), timeout=30)
        proc.send_signal(signal.SIGINT)
        out, err = proc.communicate(timeout=60)
    finally:
        if proc.poll() is None:
            proc.kill()
    assert proc.returncode == 0, err
    assert out == b"stopped\n" and err == FIRST
    assert_no_false_failures(db)
