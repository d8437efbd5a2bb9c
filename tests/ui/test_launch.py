"""`crisiswatch` with no subcommand: expected failures are one line, never a traceback."""

from __future__ import annotations

import argparse
import re
from datetime import timedelta
from pathlib import Path

import pytest
from waiting import screen_text, until

from crisiswatch.demo.replay import DemoReplay
from crisiswatch.models import Kind
from crisiswatch.pollers.lock import PollerLock
from crisiswatch.ui.app import CrisisApp
from crisiswatch.ui.launch import plan, run_ui
from crisiswatch.ui.reader import StoreReader
from feedserver import FeedServer, Route, entries, rss

FEEDS_TOML = """
[[feed]]
name = "Wire"
url = "http://127.0.0.1:9/wire"

[[watch]]
name = "Kyrgyzstan 2020"
keywords = ["Bishkek"]
"""


def args(**kw: object) -> argparse.Namespace:
    return argparse.Namespace(**{"config": None, "db": None, "demo": False, **kw})


@pytest.fixture
def config_file(tmp_path: Path) -> Path:
    path = tmp_path / "feeds.toml"
    path.write_text(FEEDS_TOML)
    return path


def test_missing_config_is_one_line(tmp_path: Path, capsys, monkeypatch) -> None:
    monkeypatch.delenv("CRISISWATCH_CONFIG", raising=False)
    code = run_ui(args(config=str(tmp_path / "nope.toml"), db=str(tmp_path / "s.db")))
    err = capsys.readouterr().err
    assert code == 2
    assert err.startswith("crisiswatch: ") and "nope.toml" in err
    assert "Traceback" not in err and len(err.strip().splitlines()) == 1


def test_no_config_anywhere_suggests_the_demo(tmp_path: Path, capsys, monkeypatch) -> None:
    monkeypatch.delenv("CRISISWATCH_CONFIG", raising=False)
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "no-config-here"))
    assert run_ui(args()) == 2
    assert "crisiswatch --demo" in capsys.readouterr().err


def test_bad_config_names_file_and_line(tmp_path: Path, capsys) -> None:
    bad = tmp_path / "feeds.toml"
    bad.write_text('[[feed]]\nname = "x"\nurl = "ftp://nope"\n')
    assert run_ui(args(config=str(bad), db=str(tmp_path / "s.db"))) == 2
    err = capsys.readouterr().err
    assert "feeds.toml:3" in err and "Traceback" not in err


def test_unwritable_store_is_one_line(tmp_path: Path, config_file: Path, capsys) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("")
    code = run_ui(args(config=str(config_file), db=str(blocker / "store.db")))
    err = capsys.readouterr().err
    assert code == 1
    assert "cannot use store" in err and "Traceback" not in err


def test_locked_poller_means_follow_mode(tmp_path: Path, config_file: Path) -> None:
    db = tmp_path / "store.db"
    other = PollerLock(db)
    assert other.acquire()
    try:
        p = plan(args(config=str(config_file), db=str(db)))
        try:
            assert not p.poll
            assert p.follower_note is not None and "following pid" in p.follower_note
        finally:
            p.cleanup()
    finally:
        other.release()


@pytest.mark.slow
async def test_a_follower_takes_over_when_the_poller_stops(tmp_path: Path) -> None:
    """A server where the shared `crisiswatch poll` is restarted (or crashes): the TUIs that
    followed it must not watch a store that no one updates any more."""
    with FeedServer() as server:
        server.routes["/wire"] = Route(rss(entries("wire", 2)))
        config = tmp_path / "feeds.toml"
        config.write_text(f'[[feed]]\nname = "Wire"\nurl = "{server.url("/wire")}"\n')
        db = tmp_path / "store.db"
        other = PollerLock(db)
        assert other.acquire()
        p = plan(args(config=str(config), db=str(db)))
        try:
            assert not p.poll and p.takeover is not None
            app = CrisisApp(
                p.config,
                StoreReader.open(p.db_path),
                poll=p.poll,
                follower_note=p.follower_note,
                takeover=p.takeover,
                takeover_interval=0.1,
            )
            try:
                async with app.run_test(size=(120, 30)) as pilot:
                    await pilot.pause(0.5)
                    assert app.mode == "following" and server.requests == []
                    other.release()  # the other poller exits
                    await until(pilot, lambda: app.mode == "polling", timeout=10)
                    await until(pilot, lambda: any(o.ok for o in app.outcomes), timeout=15)
                    await until(pilot, lambda: app.main.headlines.total == 2, timeout=10)
                    assert "POLLING" in app.main.status.text.plain
                    assert not PollerLock(db).acquire(), "the follower now holds the lock"
            finally:
                app.close_stores()
        finally:
            p.cleanup()
            other.release()


def test_free_lock_means_we_poll(tmp_path: Path, config_file: Path) -> None:
    db = tmp_path / "store.db"
    p = plan(args(config=str(config_file), db=str(db)))
    try:
        assert p.poll and p.follower_note is None
        assert not PollerLock(db).acquire()  # we hold it now
    finally:
        p.cleanup()
    assert PollerLock(db).acquire()


def test_demo_plan_uses_a_temporary_store_and_local_replay() -> None:
    p = plan(args(demo=True))
    try:
        assert p.poll and p.demo is not None
        assert all(f.url.startswith("http://127.0.0.1:") for f in p.config.feeds)
        assert p.db_path.parent.name.startswith("crisiswatch-demo-")
    finally:
        p.cleanup()
    assert not p.db_path.parent.exists()


@pytest.mark.slow
async def test_demo_brings_every_pane_alive(tmp_path: Path) -> None:
    with DemoReplay(duration=4.0) as replay:
        app = CrisisApp(
            replay.config(), StoreReader.open(tmp_path / "demo.db"), poll=True, demo=replay
        )
        try:
            async with app.run_test(size=(160, 48)) as pilot:
                await until(pilot, lambda: replay.progress() >= 1.0, timeout=15)
                main = app.main
                await until(
                    pilot,
                    lambda: (
                        main.counters.card(Kind.KILLED).value_shown not in ("-", "")
                        and bool(main.results.parties())
                    ),
                    timeout=20,
                )
                assert main.headlines.total > 10
                assert "DEMO" in main.status.text.plain
                # Ages run on the story's clock: hours and days of October 2020, not years.
                assert app.now() - replay.story_now() < timedelta(seconds=5)
                ages = re.findall(r"\b(\d+)d\b", screen_text(app))
                assert all(int(a) <= 10 for a in ages), ages
        finally:
            app.close_stores()
