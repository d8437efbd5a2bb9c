"""A shared desk, as on a server: one poller writes the store while three TUIs, each a real
process in its own terminal, follow it. No one sees "database is locked"; everyone sees every
new item."""

from __future__ import annotations

import asyncio
import sqlite3
from pathlib import Path

from ptyapp import PtyApp

from crisiswatch.config import load_config
from crisiswatch.pollers.lock import PollerLock
from crisiswatch.pollers.poller import Poller
from crisiswatch.store import Store
from feedserver import Entry, FeedServer, Route, rss

TUIS = 3
ROUNDS = 4


async def test_three_tuis_follow_one_poller(tmp_path: Path) -> None:
    entries = [Entry(guid="calm", title="Calm morning in Bishkek")]
    with FeedServer() as server:
        server.routes["/wire"] = Route(rss(entries))
        config_path = tmp_path / "feeds.toml"
        config_path.write_text(f'[[feed]]\nname = "Wire"\nurl = "{server.url("/wire")}"\n')
        db = tmp_path / "desk.db"
        lock = PollerLock(db)
        assert lock.acquire(), "the test is the poller"
        store = Store(db)
        poller = Poller(load_config(config_path), store)
        tuis: list[PtyApp] = []
        try:
            (first,) = await poller.poll_once()
            assert first.ok and first.new_items == 1
            args = ["--config", str(config_path), "--db", str(db)]
            tuis = [PtyApp(args, size=(100, 30), cwd=tmp_path) for _ in range(TUIS)]
            for tui in tuis:
                await asyncio.to_thread(
                    tui.until, lambda out: b"FOLLOWING" in out and b"Calm morning" in out
                )
            for n in range(ROUNDS):
                title = f"Round {n}: {n + 2} injured in Osh"
                entries.insert(0, Entry(guid=f"r{n}", title=title))
                server.routes["/wire"] = Route(rss(entries))
                (outcome,) = await poller.poll_once()
                assert outcome.ok and outcome.new_items == 1, outcome
                needle = title.encode()
                for tui in tuis:
                    await asyncio.to_thread(tui.until, lambda out, needle=needle: needle in out)
            for tui in tuis:
                assert b"locked" not in tui.out
                assert b"Traceback" not in tui.out
                assert await asyncio.to_thread(tui.quit) == 0
        finally:
            for tui in tuis:
                tui.close()
            await poller.aclose()
            store.close()
            lock.release()
    check = sqlite3.connect(db)
    try:
        assert check.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert check.execute("SELECT count(*) FROM items").fetchone()[0] == ROUNDS + 1
    finally:
        check.close()
