"""`crisiswatch --demo --keep DIR`: the demo's store and a feeds.toml for it stay in DIR, and the
headless commands read them afterwards."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

import pytest
from waiting import until

from crisiswatch.cli import main
from crisiswatch.config import load_config
from crisiswatch.demo.keep import config_toml
from crisiswatch.demo.replay import DemoReplay
from crisiswatch.models import Kind
from crisiswatch.ui.app import CrisisApp
from crisiswatch.ui.launch import plan
from crisiswatch.ui.reader import StoreReader


def args(**kw: object) -> argparse.Namespace:
    return argparse.Namespace(**{"config": None, "db": None, "demo": False, "keep": None, **kw})


def test_keep_puts_the_store_and_its_config_in_dir(tmp_path: Path) -> None:
    keep = tmp_path / "kept" / "demo run"
    p = plan(args(demo=True, keep=str(keep)))
    try:
        assert p.db_path == keep / "demo.db"
        assert p.farewell is not None and "'" in p.farewell, "a path with a space is quoted"
        written = load_config(keep / "feeds.toml")
        assert written.watches == p.config.watches
        assert [(f.name, f.url, f.format, f.json, f.tags) for f in written.feeds] == [
            (f.name, f.url, f.format, f.json, f.tags) for f in p.config.feeds
        ]
    finally:
        p.cleanup()
    assert (keep / "feeds.toml").exists(), "kept after the demo"


def test_keep_refuses_to_mix_with_an_earlier_run(tmp_path: Path, capsys) -> None:
    (tmp_path / "demo.db").write_bytes(b"")
    assert main(["--demo", "--keep", str(tmp_path)]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "demo.db is already there" in err


def test_keep_without_demo_is_a_usage_error(tmp_path: Path, capsys) -> None:
    assert main(["--keep", str(tmp_path)]) == 2
    assert "--keep DIR goes with --demo" in capsys.readouterr().err


@pytest.mark.slow
async def test_tally_and_feeds_read_the_kept_demo(tmp_path: Path, capsys) -> None:
    with DemoReplay(duration=4.0) as replay:
        n_feeds = len(replay.config().feeds)
        (tmp_path / "feeds.toml").write_text(config_toml(replay.config()))
        app = CrisisApp(
            replay.config(), StoreReader.open(tmp_path / "demo.db"), poll=True, demo=replay
        )
        try:
            async with app.run_test(size=(160, 48)) as pilot:
                await until(pilot, lambda: replay.progress() >= 1.0, timeout=15)
                await until(
                    pilot,
                    lambda: app.main.counters.card(Kind.INJURED).value_shown not in ("-", ""),
                    timeout=20,
                )
        finally:
            app.close_stores()
    config, db = str(tmp_path / "feeds.toml"), str(tmp_path / "demo.db")
    capsys.readouterr()
    assert main(["tally", "--config", config, "--db", db, "--json"]) == 0
    [watch] = json.loads(capsys.readouterr().out)["watches"]
    assert watch["watch"] == "Kyrgyzstan 2020"
    assert watch["counters"]["injured"]["headline"] is not None
    assert watch["results"]["rows"], "the results table came through"
    assert main(["feeds", "--db", db, "--json"]) == 0
    feeds = json.loads(capsys.readouterr().out)
    assert len(feeds) == n_feeds
    assert main(["check", "--config", config]) == 0


@pytest.mark.slow
def test_the_exit_says_where_the_demo_was_kept(tmp_path: Path) -> None:
    from ptyapp import PtyApp

    keep = tmp_path / "kept"
    app = PtyApp(["--demo", "--keep", str(keep)])
    try:
        app.until(lambda out: b"DEMO" in out)
        assert app.quit() == 0
        app.pump(0.5)
        tail = bytes(app.out).split(b"\x1b[?1049l")[-1].decode(errors="replace")
        assert f"kept in {keep}" in tail
        assert f"crisiswatch tally --config {keep}/feeds.toml --db {keep}/demo.db" in tail
    finally:
        app.close()
    assert (keep / "demo.db").stat().st_size > 0 and (keep / "feeds.toml").exists()
