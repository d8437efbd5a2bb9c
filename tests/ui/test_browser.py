"""`[settings] browser`: a real script stands in for the browser and writes down its argv. A
graphical one is started detached; a text one gets the real terminal (a pty) and the TUI comes
back on the same story."""

from __future__ import annotations

import json
import sys
import time
from dataclasses import replace
from pathlib import Path

import pytest
from ptyapp import PtyApp
from uistore import make_config, populate
from waiting import settled, until

from crisiswatch.store import Store
from crisiswatch.ui.screens.item import ItemScreen

pytestmark = pytest.mark.slow

WEATHER = "https://bbc.example/weather"


def browser_script(tmp_path: Path, says: str = "") -> tuple[Path, Path]:
    """An executable that records its arguments as JSON (and prints a line, for the pty)."""
    record = tmp_path / "argv.json"
    script = tmp_path / "fake browser"
    script.write_text(
        f"#!{sys.executable}\n"
        "import json, sys\n"
        f"print({says!r}, flush=True)\n"
        f"open({str(record)!r}, 'w').write(json.dumps(sys.argv))\n"
    )
    script.chmod(0o755)
    return script, record


async def test_a_graphical_browser_runs_detached_with_the_link(
    db_path: Path, app_factory, tmp_path: Path
) -> None:
    script, record = browser_script(tmp_path)
    config = make_config()
    settings = replace(
        config.settings, browser=f"'{script}' --new-tab %u", browser_in_terminal=False
    )
    app = app_factory(db_path, replace(config, settings=settings))
    async with app.run_test(size=(80, 24)) as pilot:
        await settled(pilot)
        await pilot.press("j", "enter")
        await until(pilot, lambda: isinstance(app.screen, ItemScreen))
        await pilot.press("o")
        await until(pilot, record.exists)
        await until(pilot, lambda: bool(record.read_text()))
        assert json.loads(record.read_text()) == [str(script), "--new-tab", WEATHER]
        assert isinstance(app.screen, ItemScreen)
        # A link that is not http(s) is never handed to it.
        record.unlink()
        await pilot.press("escape", "g", "enter")
        await until(pilot, lambda: isinstance(app.screen, ItemScreen))
        await pilot.press("o")
        await pilot.pause(0.3)
        assert not record.exists()


def test_a_text_browser_gets_the_terminal_and_gives_it_back(tmp_path: Path) -> None:
    script, record = browser_script(tmp_path, says="HELLO-FROM-THE-BROWSER")
    db = tmp_path / "store.db"
    with Store(db) as store:
        populate(store)
    config = tmp_path / "feeds.toml"
    config.write_text(
        f"[settings]\nbrowser = \"'{script}' %u\"\nbrowser_in_terminal = true\n\n"
        '[[feed]]\nname = "BBC Asia"\nurl = "http://127.0.0.1:9/bbc"\n'
    )
    app = PtyApp(["--config", str(config), "--db", str(db)])
    try:
        app.until(lambda out: b"Weather: snow" in out)
        app.press(b"j")
        time.sleep(0.3)
        app.press(b"\r")
        app.until(lambda out: b"Cold front" in out)
        app.press(b"o")
        app.until(lambda out: b"HELLO-FROM-THE-BROWSER" in out)
        app.until(lambda out: b"back from" in out.split(b"HELLO-FROM-THE-BROWSER")[-1])
        assert json.loads(record.read_text()) == [str(script), WEATHER]
        # The same story is drawn again once the browser has gone.
        app.until(lambda out: b"Cold front" in out.split(b"HELLO-FROM-THE-BROWSER")[-1])
        mark = len(app.out)
        app.press(b"q")  # back to the headlines, still running
        app.until(lambda out: b"Birimdik leads" in out[mark:])
        assert app.proc.poll() is None
        assert app.quit() == 0
    finally:
        app.close()
