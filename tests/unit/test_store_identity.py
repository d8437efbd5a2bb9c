"""`--db` names a crisiswatch store or nothing at all: another program's database, a device or a
newer store is refused with one line, and a refused file is left byte for byte as it was."""

from __future__ import annotations

import hashlib
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from crisiswatch.store import SCHEMA_VERSION, SchemaTooNew, Store, StoreError, StoreRefused
from crisiswatch.store.reads import feed_health
from crisiswatch.store.schema import APPLICATION_ID

CONFIG = '[[feed]]\nname = "f"\nurl = "http://127.0.0.1:9/f"\n\n[[watch]]\nname = "W"\nkeywords = ["x"]\n'


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def siblings(path: Path) -> set[str]:
    return {p.name for p in path.parent.iterdir()}


def app_id(path: Path) -> int:
    conn = sqlite3.connect(path)
    try:
        return int(conn.execute("PRAGMA application_id").fetchone()[0])
    finally:
        conn.close()


def another_programs_db(path: Path, *, application_id: int = 0, tables: str = "") -> Path:
    """A rollback-journal database with its own tables and rows, as a browser or a notes app
    keeps one."""
    conn = sqlite3.connect(path)
    conn.executescript(
        "CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT);"
        "INSERT INTO notes (body) VALUES ('first'), ('second');" + tables
    )
    if application_id:
        conn.execute(f"PRAGMA application_id = {application_id}")
    conn.commit()
    conn.close()
    return path


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "crisiswatch", *args],
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_a_new_store_carries_crisiswatchs_application_id(tmp_path: Path) -> None:
    Store(tmp_path / "s.db").close()
    assert app_id(tmp_path / "s.db") == APPLICATION_ID
    # An empty file (touched by hand, or by a tool) becomes a store too.
    (tmp_path / "empty.db").touch()
    Store(tmp_path / "empty.db").close()
    assert app_id(tmp_path / "empty.db") == APPLICATION_ID


def test_a_store_from_before_the_id_is_adopted_with_its_data(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    with Store(path) as store:
        store.sync_feeds([("AKIpress", "https://akipress.org/rss")])
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA application_id = 0")  # as every store was written before the id
    conn.commit()
    conn.close()
    assert app_id(path) == 0
    with Store(path, readonly=True) as reader:  # a reader adopts it without writing
        assert [h.name for h in feed_health(reader)] == ["AKIpress"]
    assert app_id(path) == 0
    with Store(path) as store:
        assert [h.name for h in feed_health(store)] == ["AKIpress"]
    assert app_id(path) == APPLICATION_ID


@pytest.mark.slow
@pytest.mark.parametrize(
    ("kind", "message"),
    [
        ("plain", "an SQLite database of another program (tables: notes)"),
        ("other-id", "another program's SQLite database (application_id 0x0f055112)"),
        ("other-id-our-tables", "another program's SQLite database (application_id 0x0f055112)"),
        (
            "some-of-our-tables",
            "an SQLite database of another program (tables: feeds, items, notes)",
        ),
        ("text", "not an SQLite database"),
    ],
)
def test_another_programs_file_is_refused_and_left_untouched(
    tmp_path: Path, kind: str, message: str
) -> None:
    path = tmp_path / "other.db"
    if kind == "plain":
        another_programs_db(path)
    elif kind == "other-id":
        another_programs_db(path, application_id=0x0F055112)
    elif kind == "other-id-our-tables":
        Store(path).close()
        conn = sqlite3.connect(path)
        conn.execute("PRAGMA journal_mode = DELETE")
        conn.execute(f"PRAGMA application_id = {0x0F055112}")
        conn.commit()
        conn.close()
    elif kind == "some-of-our-tables":
        another_programs_db(path, tables="CREATE TABLE feeds (x); CREATE TABLE items (y);")
    else:
        path.write_text("name,url\nwire,https://example.org/rss\n" * 100)
    before, files = digest(path), siblings(path)
    for readonly in (False, True):
        with pytest.raises(StoreRefused) as info:
            Store(path, readonly=readonly)
        assert str(info.value) == (
            f"{path} is {message}: not a crisiswatch store, left untouched (choose another --db)"
        )
    config = tmp_path / "feeds.toml"
    config.write_text(CONFIG)
    files.add("feeds.toml")
    for args in (["poll", "--once"], ["feeds"], ["tally"], ["feeds", "--json"], []):
        out = run(*args, "--config", str(config), "--db", str(path))
        assert out.returncode == 2, (args, out.stderr)
        assert out.stderr == f"crisiswatch: {info.value}\n" and out.stdout == ""
    assert digest(path) == before, "not one byte changed"
    assert siblings(path) == files, "no -wal, -shm or -journal file left beside it"


@pytest.mark.slow
def test_a_symlink_to_dev_null_and_a_directory_are_refused(tmp_path: Path) -> None:
    null = tmp_path / "null.db"
    null.symlink_to(os.devnull)
    folder = tmp_path / "dir.db"
    folder.mkdir()
    config = tmp_path / "feeds.toml"
    config.write_text(CONFIG)
    for path, kind in ((null, "a character device"), (folder, "a directory")):
        expected = (
            f"crisiswatch: {path} is not a regular file ({kind}): not a crisiswatch store, "
            "left untouched (choose another --db)\n"
        )
        for args in (["poll", "--once"], ["feeds"], ["tally"], []):
            out = run(*args, "--config", str(config), "--db", str(path))
            assert out.returncode == 2 and out.stderr == expected, (args, out.stderr)
    assert not (tmp_path / "null.db-wal").exists() and list(folder.iterdir()) == []


@pytest.mark.slow
def test_a_store_from_a_newer_crisiswatch_is_one_line_exit_1(tmp_path: Path) -> None:
    path = tmp_path / "new.db"
    Store(path).close()
    conn = sqlite3.connect(path)
    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    conn.close()
    before = digest(path)
    for readonly in (False, True):
        with pytest.raises(SchemaTooNew, match="upgrade crisiswatch"):
            Store(path, readonly=readonly)
    config = tmp_path / "feeds.toml"
    config.write_text(CONFIG)
    for args in (["poll", "--once"], ["feeds"], ["tally"], []):
        out = run(*args, "--config", str(config), "--db", str(path))
        assert out.returncode == 1, (args, out.stderr)
        assert out.stderr == (
            f"crisiswatch: store schema version {SCHEMA_VERSION + 1} is newer than this "
            f"crisiswatch understands ({SCHEMA_VERSION}); upgrade crisiswatch\n"
        )
    assert digest(path) == before


def test_reading_an_empty_file_is_one_line(tmp_path: Path) -> None:
    path = tmp_path / "empty.db"
    path.touch()
    with pytest.raises(StoreError, match="holds no crisiswatch data yet"):
        Store(path, readonly=True)
    out = run("feeds", "--db", str(path))
    assert out.returncode == 1 and "holds no crisiswatch data yet" in out.stderr
    assert "Traceback" not in out.stderr and path.stat().st_size == 0


def test_a_path_with_uri_characters_opens_the_file_it_names(tmp_path: Path) -> None:
    path = tmp_path / "desk?mode=rwc#1.db"
    with Store(path) as store:
        store.sync_feeds([("f", "http://127.0.0.1:9/f")])
    with Store(path, readonly=True) as reader:
        assert [h.name for h in feed_health(reader)] == ["f"]
    assert {p.name for p in tmp_path.iterdir()} >= {path.name}
