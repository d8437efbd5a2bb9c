"""A store shared by real Unix accounts: a group directory, file modes, a read-only follower.

The accounts are created here with `useradd` (so the test needs root, as CI has). Each account's
work runs in a forked child that drops to that account's uid, gids and umask: the interpreter
lives under /root, which other accounts may not enter, so the child reuses the parent's loaded
modules instead of starting a new Python. One poll as root first loads every lazy import.
"""

from __future__ import annotations

import argparse
import grp
import os
import pwd
import secrets
import shutil
import stat
import subprocess
import sys
import tempfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from crisiswatch import cli
from crisiswatch.pollers import cpu
from crisiswatch.pollers.lock import PollerLock
from crisiswatch.store import Store
from crisiswatch.store.files import create_database_file
from crisiswatch.ui import launch
from feedserver import FeedServer, Route, entries, rss

needs_root = pytest.mark.skipif(
    os.geteuid() != 0, reason="creating Unix accounts needs root (CI runs as root)"
)


@dataclass(frozen=True)
class Account:
    name: str
    uid: int
    gids: tuple[int, ...]


@dataclass(frozen=True)
class Desk:
    group: str
    gid: int
    dir: Path
    config: Path
    alice: Account
    """In the group; her umask is 0022, so only the directory can make her files shared."""
    bob: Account
    """In the group, umask 0002."""
    carol: Account
    """Not in the group: she may read the store, never write it."""


def _account(name: str, group: str | None) -> Account:
    args = ["useradd", "--no-create-home", "--shell", "/usr/sbin/nologin", name]
    if group:
        args[1:1] = ["--groups", group]
    subprocess.run(args, check=True)
    pw = pwd.getpwnam(name)
    extra = [g.gr_gid for g in grp.getgrall() if name in g.gr_mem]
    return Account(name, pw.pw_uid, (pw.pw_gid, *extra))


def _feeds_toml(path: Path, url: str) -> None:
    path.write_text(f'[[feed]]\nname = "Desk wire"\nurl = "{url}"\n', encoding="utf-8")
    path.chmod(0o644)


@pytest.fixture
def desk(feed_server: FeedServer, monkeypatch: pytest.MonkeyPatch) -> Iterator[Desk]:
    # Threads, not worker processes: a forked child must not share the parent's pool.
    monkeypatch.setenv("CRISISWATCH_WORKERS", "0")
    tag = secrets.token_hex(3)
    group = f"cwdesk{tag}"
    subprocess.run(["groupadd", group], check=True)
    made: list[str] = []
    root = Path(tempfile.mkdtemp(prefix="cw-desk-"))
    try:
        accounts = []
        for who, member in (("a", True), ("b", True), ("c", False)):
            accounts.append(_account(f"cw{who}{tag}", group if member else None))
            made.append(accounts[-1].name)
        gid = grp.getgrnam(group).gr_gid
        root.chmod(0o755)
        shared = root / "desk"
        shared.mkdir()
        os.chown(shared, 0, gid)
        shared.chmod(0o2775)  # the usual shared directory: group-writable, set-group-ID
        feed_server.routes["/desk.xml"] = Route(rss(entries("Desk story", 3)))
        config = root / "feeds.toml"
        _feeds_toml(config, feed_server.url("/desk.xml"))
        # Every lazy import now, as root: the accounts' children cannot read /root.
        warm = root / "warm"
        warm.mkdir()
        assert (
            cli.main(["poll", "--once", "--config", str(config), "--db", str(warm / "w.db")]) == 0
        )
        assert cli.main(["feeds", "--config", str(config), "--db", str(warm / "w.db")]) == 0
        yield Desk(group, gid, shared, config, *accounts)
    finally:
        for name in made:
            subprocess.run(["userdel", name], check=False)
        subprocess.run(["groupdel", group], check=False)
        shutil.rmtree(root, ignore_errors=True)


def run_as(account: Account, umask: int, job: Callable[[], int]) -> tuple[int, str]:
    """Run `job` in a child process as `account`; its exit status and everything it printed."""
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: never return into pytest
        code = 99
        try:
            os.dup2(write_end, 1)
            os.dup2(write_end, 2)
            # pytest's capture replaced sys.stdout: print to the pipe instead.
            sys.stdout = open(1, "w", encoding="utf-8", closefd=False)  # noqa: SIM115
            sys.stderr = open(2, "w", encoding="utf-8", closefd=False)  # noqa: SIM115
            os.setgroups(list(account.gids))
            os.setgid(account.gids[0])
            os.setuid(account.uid)
            os.umask(umask)
            os.environ["CRISISWATCH_WORKERS"] = "0"
            # The parent's parsing pool (made by earlier tests) talks to root's workers over
            # pipes the parent still reads: the child makes its own, of threads.
            cpu._shared = None
            code = job()
        except BaseException as exc:  # report anything, as a line the parent can show
            os.write(2, f"child failed: {exc!r}\n".encode())
        finally:
            sys.stdout.flush()
            sys.stderr.flush()
            os._exit(code)
    os.close(write_end)
    chunks = []
    while chunk := os.read(read_end, 65536):
        chunks.append(chunk)
    os.close(read_end)
    _, status = os.waitpid(pid, 0)
    return os.waitstatus_to_exitcode(status), b"".join(chunks).decode("utf-8", "replace")


def command(desk: Desk, *argv: str) -> Callable[[], int]:
    db = desk.dir / "crisiswatch.db"
    return lambda: cli.main([*argv, "--config", str(desk.config), "--db", str(db)])


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@needs_root
def test_group_mates_share_one_store_whatever_their_umask(desk: Desk) -> None:
    code, out = run_as(desk.alice, 0o022, command(desk, "poll", "--once"))
    assert code == 0, out
    db = desk.dir / "crisiswatch.db"
    for path in (db, desk.dir / "crisiswatch.db.poller"):
        assert path.stat().st_gid == desk.gid, path
        assert _mode(path) & 0o060 == 0o060, (path, oct(_mode(path)))
        assert path.stat().st_uid == desk.alice.uid

    # Bob, a group-mate, polls the same store and reads it.
    code, out = run_as(desk.bob, 0o002, command(desk, "poll", "--once"))
    assert code == 0, out
    code, out = run_as(desk.bob, 0o002, command(desk, "feeds"))
    assert code == 0, out
    assert "Desk wire" in out
    with Store(db, readonly=True) as store:
        assert store.conn.execute("SELECT count(*) FROM items").fetchone()[0] == 3


@needs_root
def test_an_account_outside_the_group_follows_read_only_while_a_poller_runs(desk: Desk) -> None:
    code, out = run_as(desk.alice, 0o002, command(desk, "poll", "--once"))
    assert code == 0, out
    db = desk.dir / "crisiswatch.db"

    # No poller has the store open: SQLite cannot give Carol a WAL snapshot. One clear line.
    code, out = run_as(desk.carol, 0o022, command(desk, "feeds"))
    assert code == 1
    assert out.count("\n") == 1 and "read-only for this account" in out, out
    assert "Traceback" not in out

    # Alice's poller holds the lock and the store open (her -wal and -shm files exist).
    ready_r, ready_w = os.pipe()
    stop_r, stop_w = os.pipe()

    def hold() -> int:
        lock = PollerLock(db)
        assert lock.acquire()
        with Store(db) as store:
            store.conn.execute("SELECT count(*) FROM items").fetchone()
            os.write(ready_w, b"x")
            os.read(stop_r, 1)
        lock.release()
        return 0

    holder = os.fork()
    if holder == 0:
        code = 99
        try:
            os.setgroups(list(desk.alice.gids))
            os.setgid(desk.alice.gids[0])
            os.setuid(desk.alice.uid)
            code = hold()
        finally:
            os._exit(code)
    try:
        assert os.read(ready_r, 1) == b"x"
        code, out = run_as(desk.carol, 0o022, command(desk, "feeds"))
        assert code == 0, out
        assert "Desk wire" in out
        code, out = run_as(desk.carol, 0o022, command(desk, "poll", "--once"))
        assert code == 1
        assert "read-only for this account" in out and "Traceback" not in out

        def plan_as_carol() -> int:
            args = argparse.Namespace(config=str(desk.config), db=str(db), demo=False)
            p = launch.plan(args)
            print(f"poll={p.poll} readonly={p.readonly} note={p.follower_note}")
            p.cleanup()
            return 0

        code, out = run_as(desk.carol, 0o022, plan_as_carol)
        assert code == 0, out
        assert "poll=False readonly=True" in out and "read-only" in out
    finally:
        os.write(stop_w, b"x")
        os.waitpid(holder, 0)


@needs_root
def test_without_a_poller_a_read_only_tui_says_why_in_one_line(desk: Desk) -> None:
    code, out = run_as(desk.alice, 0o002, command(desk, "poll", "--once"))
    assert code == 0, out
    db = desk.dir / "crisiswatch.db"

    def plan_as_carol() -> int:
        args = argparse.Namespace(config=str(desk.config), db=str(db), demo=False)
        try:
            launch.plan(args)
        except launch.LaunchError as exc:
            print(exc)
            return exc.exit_code
        return 0

    code, out = run_as(desk.carol, 0o022, plan_as_carol)
    assert code == 1
    assert "read-only for this account" in out and "poller" in out


@pytest.mark.parametrize(("umask", "mode"), [(0o002, 0o664), (0o022, 0o644), (0o077, 0o600)])
def test_outside_a_shared_directory_the_umask_decides(
    tmp_path: Path, umask: int, mode: int
) -> None:
    old = os.umask(umask)
    try:
        create_database_file(tmp_path / "s.db")
    finally:
        os.umask(old)
    assert _mode(tmp_path / "s.db") == mode
