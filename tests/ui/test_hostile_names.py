"""Watch and feed names from feeds.toml are the user's text: shown as written, never as markup
(a lost "[election]", a crash on "[/]", a quit on a click) and never as a control sequence."""

from __future__ import annotations

from pathlib import Path

import pytest
from uistore import WATCH, make_config
from waiting import screen_text, settled, until

from crisiswatch.config import Watch
from crisiswatch.store import Store
from crisiswatch.ui.app import CrisisApp
from crisiswatch.ui.screens.health import HealthScreen

pytestmark = pytest.mark.slow

NAMES = [
    "Kyrgyzstan [election] 2020",
    "Gaza [/]",
    "[link=file:///etc/passwd]pw[/]",
    "[@click=app.quit]quit[/]",
    "[bold red]Minsk",
]
ESCAPED = "Title\x1b]0;pwned\x07 \x1b[2Jwatch\u202e"


def hostile_watches() -> tuple[Watch, ...]:
    # Each follows the election too, so the results pane's title carries the name as well.
    return tuple(
        Watch(name=n, keywords=WATCH.keywords, election=WATCH.election) for n in [*NAMES, ESCAPED]
    )


def no_control(text: str) -> bool:
    return not any(c in text for c in "\x1b\x07\x9b\u202e")


@pytest.mark.parametrize("size", [(80, 24), (160, 48)])
async def test_every_watch_name_is_shown_literally_and_nothing_crashes(
    db_path: Path, app_factory, size
) -> None:
    app: CrisisApp = app_factory(db_path, make_config(watches=hostile_watches()))
    async with app.run_test(size=size) as pilot:
        await settled(pilot)
        seen: list[str] = []
        for n, name in enumerate([*NAMES, "Title]0;pwned [2Jwatch"]):
            if n:
                await pilot.press("w")
                await settled(pilot, snapshots=n + 1)
            assert app.current_watch is not None
            # The pane titles hold the name as text: Textual's getter returns it as escaped
            # markup, so the plain text is what a user reads.
            counters_title = app.main.counters._border_title
            results_title = app.main.results._border_title
            assert counters_title is not None and results_title is not None
            assert counters_title.plain == f"Casualties · {name}"
            assert results_title.plain == f"Results · {name}"
            status = app.main.status.text.plain
            assert f"watch: {name}" in status
            assert no_control(status) and no_control(counters_title.plain)
            seen.append(screen_text(app))
        assert all(no_control(text) for text in seen)
        # Wide enough, the pane border and the status bar show the literal brackets.
        if size[0] >= 120:
            assert "Casualties · Kyrgyzstan [election] 2020" in seen[0]
            assert "Casualties · Gaza [/]" in seen[1]
            assert "[@click=app.quit]quit[/]" in seen[3]


async def test_a_click_on_a_markup_looking_title_does_not_quit(db_path: Path, app_factory) -> None:
    config = make_config(watches=(Watch(name="[@click=app.quit]quit[/]", keywords=("Bishkek",)),))
    app: CrisisApp = app_factory(db_path, config)
    async with app.run_test(size=(160, 48)) as pilot:
        await settled(pilot)
        assert "[@click=app.quit]quit[/]" in screen_text(app)
        for pane in (app.main.counters, app.main.results):
            for x in range(2, 50):
                await pilot.click(pane, offset=(x, 0))
        await pilot.pause()
        assert app.is_running and app.return_code is None
        assert app.screen is app.main


async def test_hostile_feed_names_in_the_health_screen(tmp_path: Path, app_factory) -> None:
    db = tmp_path / "s.db"
    names = ["[/]", "[@click=app.quit]x[/]", "feed\x1b]52;c;ZXZpbA==\x07"]
    with Store(db) as store:
        store.sync_feeds((n, f"http://127.0.0.1:9/{i}") for i, n in enumerate(names))
        store.record_failure(names[2], status=503, error="HTTP 503 \x1b]0;pwned\x07", next_poll=0)
    app: CrisisApp = app_factory(db)
    async with app.run_test(size=(160, 48)) as pilot:
        await settled(pilot)
        await pilot.press("f")
        await until(pilot, lambda: isinstance(app.screen, HealthScreen) and app.screen.health != [])
        await pilot.pause()
        text = screen_text(app)
        assert "[@click=app.quit]x[/]" in text and "feed]52;c;ZXZpbA==" in text
        assert "HTTP 503 ]0;pwned" in text
        assert no_control(text)


@pytest.mark.parametrize("name", [*NAMES, ESCAPED])
async def test_the_app_starts_with_such_a_watch_selected_first(
    db_path: Path, app_factory, name: str
) -> None:
    config = make_config(
        watches=(Watch(name=name, keywords=("Bishkek",), election=WATCH.election),)
    )
    app: CrisisApp = app_factory(db_path, config)
    async with app.run_test(size=(160, 48)) as pilot:
        await settled(pilot)
        title = app.main.counters._border_title
        assert title is not None and title.plain.startswith("Casualties · ")
        assert no_control(screen_text(app)) and app.is_running
