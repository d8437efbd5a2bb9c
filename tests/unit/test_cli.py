"""The headless commands as a user runs them: real subprocesses, a real server, a real store."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from feedserver import FeedServer, Route, entries, rss, wait_until

REPO = Path(__file__).resolve().parents[2]


def run(
    *args: str, env: dict[str, str] | None = None, stdin: str | None = None, cwd: Path | None = None
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "crisiswatch", *args],
        capture_output=True,
        text=True,
        timeout=60,
        env=env,
        input=stdin,
        cwd=cwd,
    )


def config_for(server: FeedServer, tmp_path: Path, paths: list[str], extra: str = "") -> Path:
    feeds = "\n".join(
        f'[[feed]]\nname = "{p.strip("/")}"\nurl = "{server.url(p)}"\n' for p in paths
    )
    text = (
        '[settings]\ntimeout = "2s"\nhost_spacing = "0s"\nmax_connections = 8\nper_host = 8\n\n'
        + feeds
        + '\n[[watch]]\nname = "KG"\nkeywords = ["Bishkek"]\n'
        + extra
    )
    path = tmp_path / "feeds.toml"
    path.write_text(text)
    return path


@pytest.mark.slow
def test_version_and_help() -> None:
    out = run("--version")
    assert out.returncode == 0 and out.stdout.startswith("crisiswatch ")
    for cmd in ("check", "poll", "feeds", "extract", "tally"):
        h = run(cmd, "--help")
        assert h.returncode == 0 and "usage: crisiswatch" in h.stdout, cmd


def test_check_summarises_the_shipped_config() -> None:
    out = run("check", "--config", str(REPO / "feeds.toml"))
    assert out.returncode == 0, out.stderr
    assert "config OK" in out.stdout
    assert "Kyrgyzstan 2020" in out.stdout


def test_check_broken_config_is_one_line_exit_2(tmp_path: Path) -> None:
    bad = tmp_path / "feeds.toml"
    bad.write_text('[[feed]]\nname = "x"\nurl = "gopher://x"\n')
    out = run("check", "--config", str(bad))
    assert out.returncode == 2
    assert (
        out.stderr.strip()
        == f"crisiswatch: {bad}:3: feed[0].url: 'gopher://x' is not an http(s) URL"
    )
    assert "Traceback" not in out.stderr


def test_missing_config_is_one_line(tmp_path: Path) -> None:
    env = {**os.environ, "XDG_CONFIG_HOME": str(tmp_path)}
    env.pop("CRISISWATCH_CONFIG", None)
    out = run("check", env=env, cwd=tmp_path)
    assert out.returncode == 2 and "no feeds.toml found" in out.stderr
    assert len(out.stderr.strip().splitlines()) == 1


@pytest.mark.slow
def test_poll_once_then_feeds(feed_server: FeedServer, tmp_path: Path) -> None:
    feed_server.routes["/good"] = Route(rss(entries("good", 3)))
    feed_server.routes["/bad"] = Route(b"no", status=503, content_type="text/plain")
    config = config_for(feed_server, tmp_path, ["/good", "/bad"])
    db = tmp_path / "s.db"
    out = run("poll", "--once", "--config", str(config), "--db", str(db))
    assert out.returncode == 0, out.stderr
    lines = out.stdout.strip().splitlines()
    assert len(lines) == 2
    good = next(line for line in lines if " good " in line)
    bad = next(line for line in lines if " bad " in line)
    assert good.startswith("ok") and "3 new" in good
    assert bad.startswith("FAIL") and "HTTP 503" in bad

    table = run("feeds", "--db", str(db))
    assert table.returncode == 0 and "1 ok · 1 failing" in table.stdout
    data = json.loads(run("feeds", "--json", "--db", str(db)).stdout)
    by_name = {d["name"]: d for d in data}
    assert by_name["good"]["ok"] and by_name["good"]["items_total"] == 3
    assert by_name["bad"]["failures"] == 1 and by_name["bad"]["last_error"].startswith("HTTP 503")


@pytest.mark.slow
def test_poll_once_exits_1_when_every_feed_fails(feed_server: FeedServer, tmp_path: Path) -> None:
    feed_server.routes["/bad"] = Route(b"no", status=500, content_type="text/plain")
    config = config_for(feed_server, tmp_path, ["/bad"])
    out = run("poll", "--once", "--config", str(config), "--db", str(tmp_path / "s.db"))
    assert out.returncode == 1


def test_feeds_without_store_is_one_line(tmp_path: Path) -> None:
    out = run("feeds", "--db", str(tmp_path / "none.db"))
    assert out.returncode == 1 and "no store" in out.stderr and "Traceback" not in out.stderr


@pytest.mark.slow
def test_poll_stops_cleanly_on_sigterm(feed_server: FeedServer, tmp_path: Path) -> None:
    feed_server.routes["/f"] = Route(rss(entries("f", 5)))
    config = config_for(feed_server, tmp_path, ["/f"])
    db = tmp_path / "s.db"
    proc = subprocess.Popen(
        [sys.executable, "-m", "crisiswatch", "poll", "--config", str(config), "--db", str(db)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert wait_until(lambda: len(feed_server.hits("/f")) >= 1, timeout=20)
        assert wait_until(lambda: _count(db, "SELECT count(*) FROM items") == 5, timeout=20)
        # A second poller on the same store is refused while the first runs.
        second = run("poll", "--once", "--config", str(config), "--db", str(db))
        assert second.returncode == 1 and "already polls" in second.stderr
        proc.send_signal(signal.SIGTERM)
        out, err = proc.communicate(timeout=20)
    finally:
        if proc.poll() is None:
            proc.kill()
    assert proc.returncode == 0, err
    assert "stopped" in out and "Traceback" not in err


def _count(db: Path, sql: str) -> int:
    try:
        conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=5)
        try:
            return int(conn.execute(sql).fetchone()[0])
        finally:
            conn.close()
    except sqlite3.Error:
        return -1


@pytest.mark.slow
def test_sigkill_mid_poll_leaves_a_consistent_store(
    feed_server: FeedServer, tmp_path: Path
) -> None:
    """Kill -9 while items pour in: integrity holds, and the next poll completes without dups."""
    n_feeds, per_feed = 30, 150
    paths = [f"/k{i}" for i in range(n_feeds)]
    for i, p in enumerate(paths):
        feed_server.routes[p] = Route(rss(entries(f"k{i}", per_feed)), validators=False)
    config = config_for(feed_server, tmp_path, paths)
    db = tmp_path / "s.db"
    proc = subprocess.Popen(
        [sys.executable, "-m", "crisiswatch", "poll", "--config", str(config), "--db", str(db)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        stored_some = wait_until(lambda: _count(db, "SELECT count(*) FROM items") > 0, timeout=30)
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait(timeout=10)
    finally:
        if proc.poll() is None:
            proc.kill()
    assert stored_some
    before = _count(db, "SELECT count(*) FROM items")
    assert 0 < before <= n_feeds * per_feed
    conn = sqlite3.connect(db)
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    conn.close()

    out = run("poll", "--once", "--config", str(config), "--db", str(db))
    assert out.returncode == 0, out.stderr
    conn = sqlite3.connect(db)
    try:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert conn.execute("SELECT count(*) FROM items").fetchone()[0] == n_feeds * per_feed
        dups = conn.execute(
            "SELECT count(*) FROM (SELECT feed, guid FROM items GROUP BY feed, guid HAVING count(*) > 1)"
        ).fetchone()[0]
        assert dups == 0
        assert conn.execute("SELECT count(*) FROM items WHERE extracted = 0").fetchone()[0] == 0
        assert conn.execute("SELECT count(*) FROM stories").fetchone()[0] == n_feeds * per_feed
    finally:
        conn.close()


@pytest.mark.slow
def test_extract_json_reads_the_seed_facts(tmp_path: Path) -> None:
    text = (
        "Bishkek, 6 Oct. Police and protesters clashed overnight; the health ministry said at least "
        "one person was killed and 590 were hurt, according to AKI Press."
    )
    out = run("extract", "--json", "-", stdin=text, cwd=tmp_path)
    assert out.returncode == 0, out.stderr
    data = json.loads(out.stdout)
    assert data["totals"]["killed"] == {"value": 1, "qual": "at_least", "high": None}
    assert data["totals"]["injured"]["value"] == 590
    assert set(data) >= {
        "figures",
        "totals",
        "results",
        "reporting_pct",
        "turnout_pct",
        "threshold_pct",
    }


@pytest.mark.slow
def test_extract_jsonl_batch(tmp_path: Path) -> None:
    lines = "\n".join(
        json.dumps(r)
        for r in [
            {"id": "a", "text": "Two people were arrested in the capital."},
            {"id": "b", "text": "Markets were calm on Tuesday."},
        ]
    )
    out = run("extract", "--jsonl", stdin=lines + "\n", cwd=tmp_path)
    assert out.returncode == 0, out.stderr
    rows = [json.loads(line) for line in out.stdout.splitlines()]
    assert [r["id"] for r in rows] == ["a", "b"]
    assert rows[0]["totals"]["arrested"]["value"] == 2
    assert rows[1]["totals"]["arrested"] is None
    bad = run("extract", "--jsonl", stdin="not json\n", cwd=tmp_path)
    assert bad.returncode == 1 and "<stdin>:1" in bad.stderr


@pytest.mark.slow
def test_tally_explains_disagreeing_sources_and_projects_seats(
    feed_server: FeedServer, tmp_path: Path
) -> None:
    from feedserver import Entry

    wire = [
        Entry(
            "w1",
            "Clashes in Bishkek",
            "At least one person was killed and 590 injured in Bishkek, the health ministry said.",
        ),
        Entry(
            "w2",
            "Results in Bishkek",
            "With 98 percent of polling stations counted in Bishkek, Birimdik had 24.52%, Mekenim "
            "Kyrgyzstan 23.89%, Kyrgyzstan 8.73% and Butun Kyrgyzstan 7.11%; the others fell "
            "short of the 7 percent threshold.",
        ),
    ]
    agency = [
        Entry("a1", "Bishkek unrest", "One person died and over 600 were injured in Bishkek.")
    ]
    feed_server.routes["/wire"] = Route(rss(wire))
    feed_server.routes["/agency"] = Route(rss(agency))
    election = '\n[watch.election]\nseats = 120\nthreshold = 7\nmethod = "hare"\n' + "".join(
        f'\n[[watch.election.party]]\nname = "{p}"\n'
        for p in ("Birimdik", "Mekenim Kyrgyzstan", "Kyrgyzstan", "Butun Kyrgyzstan")
    )
    config = config_for(feed_server, tmp_path, ["/wire", "/agency"], extra=election)
    db = tmp_path / "s.db"
    assert run("poll", "--once", "--config", str(config), "--db", str(db)).returncode == 0
    out = run("tally", "--explain", "--config", str(config), "--db", str(db))
    assert out.returncode == 0, out.stderr
    text = " ".join(out.stdout.split())
    assert "Headline rule:" in text
    assert "2 current reports in disagreement: 590 (health ministry), more than 600" in text
    assert "the health ministry" in text
    rows = {
        cells[0]: cells[1:]
        for line in out.stdout.splitlines()
        if "%" in line and (cells := [c.strip() for c in line.strip("│ ").split("│")])
    }
    assert rows["Birimdik"][-2:] == ["✓", "46"]
    assert rows["Mekenim Kyrgyzstan"][-2:] == ["✓", "45"]
    assert rows["Kyrgyzstan"][-2:] == ["✓", "16"]
    assert rows["Butun Kyrgyzstan"][-2:] == ["✓", "13"]
    assert "98% counted" in text


@pytest.mark.slow
def test_a_config_that_never_ends_is_refused_by_every_command(tmp_path: Path) -> None:
    fifo = tmp_path / "fifo.toml"
    os.mkfifo(fifo)  # no writer: a plain open() would wait forever
    zero = tmp_path / "zero.toml"
    zero.symlink_to("/dev/zero")  # a plain read() would eat memory until killed
    for path, kind in ((fifo, "a named pipe"), (zero, "a character device")):
        for args in (["check"], ["poll", "--once"], ["tally"], []):
            out = run(*args, "--config", str(path), "--db", str(tmp_path / "s.db"))
            assert out.returncode == 2, (args, out.stderr)
            assert out.stderr == f"crisiswatch: {path}: file: not a regular file ({kind})\n"
    assert not (tmp_path / "s.db").exists()


def test_a_user_agent_with_a_line_break_fails_check_and_polls_nothing(
    feed_server: FeedServer, tmp_path: Path
) -> None:
    feed_server.routes["/f"] = Route(rss(entries("f", 2)))
    config = config_for(feed_server, tmp_path, ["/f"])
    text = config.read_text().replace(
        "[settings]\n", '[settings]\nuser_agent = "desk\\r\\nX-Injected: yes"\n'
    )
    config.write_text(text)
    for args in (["check"], ["poll", "--once"]):
        out = run(*args, "--config", str(config), "--db", str(tmp_path / "s.db"))
        assert out.returncode == 2 and "Traceback" not in out.stderr
        assert out.stderr == (
            f"crisiswatch: {config}:2: settings.user_agent: must be printable ASCII on one "
            "line (it is sent as an HTTP header)\n"
        )
    assert feed_server.hits("/f") == []
