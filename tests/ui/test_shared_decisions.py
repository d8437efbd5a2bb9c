"""Two analysts on one store: a decision taken in one TUI shows in the other, both ways. One
TUI runs here under Pilot (as alice), the other is a real `crisiswatch` process in its own
pseudo-terminal (as bob); neither polls, the test holds the poller lock."""

from __future__ import annotations

import asyncio
import re
from pathlib import Path

import pytest
from ptyapp import PtyApp
from waiting import screen_text, settled, until

from crisiswatch.models import Kind
from crisiswatch.pollers.lock import PollerLock
from crisiswatch.ui.screens.counter import CounterScreen

pytestmark = pytest.mark.slow

UNPINNED = re.compile(rb"Why this figure: (\x1b\[[0-9;]*m)*(686|2) from health ministry")
"""The counter's reason once the pin is gone: the rule's choice again, not "Pinned by bob"."""

CONFIG = """\
[[feed]]
name = "BBC Asia"
url = "http://127.0.0.1:9/bbc"

[[watch]]
name = "Kyrgyzstan 2020"
keywords = ["Kyrgyzstan", "Kyrgyz", "Bishkek"]
"""


async def test_a_decision_in_one_tui_shows_in_the_other(
    db_path: Path, tmp_path: Path, app_factory, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("LOGNAME", "alice")
    config = tmp_path / "feeds.toml"
    config.write_text(CONFIG)
    lock = PollerLock(db_path)
    assert lock.acquire(), "the test holds the poller lock, so both TUIs follow"
    bob = PtyApp(
        ["--config", str(config), "--db", str(db_path)],
        env={"LOGNAME": "bob", "CRISISWATCH_WORKERS": "0"},
        size=(100, 30),
        cwd=tmp_path,
    )
    app = app_factory(db_path)
    try:
        await asyncio.to_thread(
            bob.until, lambda out: b"FOLLOWING" in out and b"Two killed in Bishkek" in out
        )
        bob.press(b"\t")
        await asyncio.to_thread(bob.until, lambda out: b"people gathered" in out)
        before = len(bob.out)
        bob.press(b"l")
        bob.press(b"\r")
        await asyncio.to_thread(bob.until, lambda out: b"Why this figure" in out[before:])
        # Which counter bob's keys reached (the tab may take the focus a moment late): alice
        # opens the same one.
        kind = Kind.INJURED if "injured · ".encode() in bob.out[before:] else Kind.KILLED
        async with app.run_test(size=(160, 48)) as pilot:
            await settled(pilot)
            await pilot.press("tab", *(["l"] if kind is Kind.INJURED else []), "enter")
            await until(pilot, lambda: isinstance(app.screen, CounterScreen))
            screen = app.screen
            assert isinstance(screen, CounterScreen) and screen.kind is kind
            # alice confirms 686; bob's counter screen shows it.
            await pilot.press("v")
            await until(
                pilot,
                lambda: (
                    screen.counter is not None
                    and screen.counter.headline is not None
                    and screen.counter.headline.confirmed is not None
                ),
            )
            await asyncio.to_thread(bob.until, lambda out: b"confirmed by alice" in out)
            # bob pins the ministry's earlier figure (one row down); alice's screen shows it.
            bob.press(b"j")
            bob.press(b"p")
            await until(
                pilot,
                lambda: (
                    screen.counter is not None
                    and screen.counter.pinned
                    and screen.counter.pin is not None
                    and screen.counter.pin.user == "bob"
                ),
            )
            assert "⚑ pinned by bob" in screen_text(app)
            assert screen.counter is not None and screen.counter.shown is not None
            assert screen.counter.shown.value == (590 if kind is Kind.INJURED else 1)
            await asyncio.to_thread(bob.until, lambda out: b"pinned by bob" in out)
            # alice undoes bob's pin (the newest decision on the counter); bob sees it go.
            before = len(bob.out)
            await pilot.press("z")
            await until(pilot, lambda: screen.counter is not None and screen.counter.pin is None)
            await asyncio.to_thread(
                bob.until,
                lambda out: UNPINNED.search(out, before) is not None,
            )
        assert b"Traceback" not in bob.out and b"locked" not in bob.out
        assert await asyncio.to_thread(bob.quit) == 0
    finally:
        bob.close()
        lock.release()
