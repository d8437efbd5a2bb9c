"""Nothing a server, a feed, feeds.toml or a file name says reaches the terminal as a control
sequence: every headless command, run for real, against a real 127.0.0.1 server and store."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from feedserver import FeedServer, Route, entries, rss

# OSC 52 writes the clipboard, OSC 0 the window title; BEL and ST end them.
HOSTILE_REASON = "OK\x1b]52;c;ZXZpbA==\x07\x1b]0;pwned\x07"
# Every byte a terminal may act on: C0 (ESC, BEL, BS, CR...), DEL, and C1 as UTF-8 (0xC2 0x80-0x9F).
ACTIVE_BYTES = [bytes([b]) for b in range(0x20) if b not in (0x0A,)] + [b"\x7f"]
ACTIVE_C1 = [bytes([0xC2, b]) for b in range(0x80, 0xA0)]
BIDI = [c.encode() for c in "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"]


def run(
    *args: str, stdin: str | None = None, env: dict[str, str] | None = None
) -> tuple[int, bytes, bytes]:
    proc = subprocess.run(
        [sys.executable, "-m", "crisiswatch", *args],
        capture_output=True,
        timeout=60,
        input=stdin.encode() if stdin is not None else None,
        env=env,
    )
    return proc.returncode, proc.stdout, proc.stderr


def inert(out: bytes) -> list[bytes]:
    """The control bytes found in `out` (empty when it is safe to print)."""
    return [b for b in ACTIVE_BYTES + ACTIVE_C1 + BIDI if b in out]


def test_the_danger_check_is_not_vacuous() -> None:
    assert inert(HOSTILE_REASON.encode()) == [b"\x07", b"\x1b"]
    assert inert("\x9b2J \u202e".encode()) == [b"\xc2\x9b", "\u202e".encode()]
    assert inert("plain ✓ ✗ · — Бишкек\n".encode()) == []


def _hostile_server(server: FeedServer) -> None:
    server.routes["/evil"] = Route(
        b"gone", status=503, content_type="text/plain", reason=HOSTILE_REASON
    )
    server.routes["/good"] = Route(rss(entries("good", 2)))


def _config(tmp_path: Path, server: FeedServer, feed_name: str = "evil", watch: str = "KG") -> Path:
    path = tmp_path / "feeds.toml"
    path.write_text(
        '[settings]\ntimeout = "2s"\nhost_spacing = "0s"\n\n'
        f'[[feed]]\nname = "{feed_name}"\nurl = "{server.url("/evil")}"\n\n'
        f'[[feed]]\nname = "good"\nurl = "{server.url("/good")}"\n\n'
        f'[[watch]]\nname = "{watch}"\nkeywords = ["story"]\n'
    )
    return path


@pytest.mark.slow
def test_a_reason_phrase_with_osc_52_never_reaches_the_terminal(
    feed_server: FeedServer, tmp_path: Path
) -> None:
    _hostile_server(feed_server)
    config = _config(tmp_path, feed_server)
    db = tmp_path / "s.db"
    code, out, err = run("poll", "--once", "--config", str(config), "--db", str(db))
    assert code == 0, err
    assert b"HTTP 503 OK]52;c;ZXZpbA==]0;pwned" in out, out
    assert inert(out) == [] and inert(err) == []

    # Stored inert: whoever reads the store later (a script, an older crisiswatch) gets no ESC.
    conn = sqlite3.connect(db)
    (stored,) = conn.execute("SELECT last_error FROM feeds WHERE name = 'evil'").fetchone()
    conn.close()
    assert stored == "HTTP 503 OK]52;c;ZXZpbA==]0;pwned"

    code, out, err = run("feeds", "--db", str(db), env={**os.environ, "COLUMNS": "200"})
    assert code == 0, err
    assert b"HTTP 503 OK]52;c;ZXZpbA==]0;pwned" in out
    assert inert(out) == [] and inert(err) == []

    code, out, err = run("feeds", "--json", "--db", str(db))
    assert code == 0 and inert(out) == []
    by_name = {d["name"]: d for d in json.loads(out)}
    assert by_name["evil"]["last_error"] == "HTTP 503 OK]52;c;ZXZpbA==]0;pwned"


@pytest.mark.slow
def test_an_escape_already_in_an_old_store_is_stripped_when_shown(tmp_path: Path) -> None:
    """A store written before errors were cleaned at storage time: display cleans them too."""
    db = tmp_path / "s.db"
    code, _, err = run("feeds", "--db", str(db))  # creates nothing: no store yet
    assert code == 1 and b"no store" in err
    from crisiswatch.store import Store

    Store(db).close()
    conn = sqlite3.connect(db)
    conn.execute(
        "INSERT INTO feeds (name, url, last_error, failures, warning) VALUES (?, ?, ?, 1, ?)",
        ("old\x1b[2Jfeed", "http://127.0.0.1/x", HOSTILE_REASON, "\x9b31m bidi \u202e"),
    )
    conn.commit()
    conn.close()
    env = {**os.environ, "FORCE_COLOR": "1", "COLUMNS": "200"}
    for colour in (None, env):  # into a pipe, and as if on a colour terminal
        code, out, err = run("feeds", "--db", str(db), env=colour)
        assert code == 0, err
        assert b"old[2Jfeed" in out
        if colour is None:
            assert inert(out) == []
        else:  # only Rich's own SGR colour codes: no OSC, no BEL, no screen clearing
            assert b"\x1b[" in out
            assert b"\x1b]" not in out and b"\x07" not in out and b"\x1b[2J" not in out
    code, out, _ = run("feeds", "--json", "--db", str(db))
    assert code == 0 and inert(out) == []
    (row,) = json.loads(out)
    assert row["name"] == "old\x1b[2Jfeed", "JSON keeps the data, escaped"
    assert row["warning"] == "\x9b31m bidi \u202e"


@pytest.mark.slow
def test_names_from_feeds_toml_are_shown_inert_by_every_command(
    feed_server: FeedServer, tmp_path: Path
) -> None:
    _hostile_server(feed_server)
    feed = "evil\\u001b]0;pwned\\u0007 [bold]feed[/]"
    watch = "Kyrgyzstan [election] 2020 \\u001b[2J\\u202e [@click=app.quit]x[/]"
    config = _config(tmp_path, feed_server, feed_name=feed, watch=watch)
    db = tmp_path / "s.db"

    code, out, err = run("check", "--config", str(config))
    assert code == 0, err
    assert inert(out) == [] and b"Kyrgyzstan [election] 2020" in out
    assert b"[bold]feed[/]" in out

    code, out, err = run("poll", "--once", "--config", str(config), "--db", str(db))
    assert code == 0, err
    assert inert(out) == [] and inert(err) == []
    assert b"evil]0;pwned [bold]feed[/]" in out

    code, out, err = run("feeds", "--db", str(db))
    assert code == 0 and inert(out) == [] and inert(err) == []

    code, out, err = run("tally", "--config", str(config), "--db", str(db), "--explain")
    assert code == 0, err
    assert inert(out) == [] and b"Kyrgyzstan [election] 2020 [2J [@click=app.quit]x[/]" in out

    code, out, err = run(
        "tally", "--config", str(config), "--db", str(db), "--watch", "nope\x1b]0;t\x07"
    )
    assert code == 2 and inert(err) == [] and b"no watch named" in err


@pytest.mark.slow
def test_extract_output_is_inert_as_text_and_as_json(tmp_path: Path) -> None:
    text = "Police said 3 people were killed \x1b]52;c;ZXZpbA==\x07 in Bishkek\x9b2J \u202e."
    code, out, err = run("extract", "-", stdin=text)
    assert code == 0, err
    assert inert(out) == [] and b"killed" in out
    code, out, err = run("extract", "--json", "-", stdin=text)
    assert code == 0 and inert(out) == []
    sentence = json.loads(out)["figures"][0]["sentence"]
    assert sentence == text, "the data is kept whole, only escaped"
    line = json.dumps({"id": "a\x9b", "text": text})
    code, out, err = run("extract", "--jsonl", stdin=line + "\n")
    assert code == 0 and inert(out) == []
    assert json.loads(out)["id"] == "a\x9b"


@pytest.mark.slow
def test_error_lines_quoting_a_hostile_path_are_inert(tmp_path: Path) -> None:
    bad = tmp_path / "feeds\x1b]0;pwned\x07.toml"
    code, _, err = run("check", "--config", str(bad))
    assert code == 2 and inert(err) == [] and len(err.splitlines()) == 1
    code, _, err = run("extract", str(tmp_path / "in\x1b[2J.txt"))
    assert code == 1 and inert(err) == [] and b"in[2J.txt" in err
