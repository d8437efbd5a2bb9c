"""Pilot tests: every key on the main screen and the screens it opens, asserting on pane values."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest
from uistore import HOSTILE_TITLE, OTHER_WATCH, WATCH, add_story, make_config
from waiting import screen_text, settled, until

from crisiswatch.config import FeedConfig
from crisiswatch.models import Kind, Qual
from crisiswatch.store import Store
from crisiswatch.store.reads import StoryFilter, stories_page, story
from crisiswatch.ui.app import CrisisApp
from crisiswatch.ui.messages import StoreChanged
from crisiswatch.ui.panes.counters import CounterCard
from crisiswatch.ui.screens.counter import CounterScreen
from crisiswatch.ui.screens.health import HealthScreen
from crisiswatch.ui.screens.help import KEYS, HelpScreen
from crisiswatch.ui.screens.item import ItemScreen
from crisiswatch.ui.screens.party import PartyScreen

SIZES = [(80, 24), (160, 48)]


def titles(app: CrisisApp) -> list[str]:
    lst = app.main.headlines
    return [item.title for i in range(lst.total) if (item := lst.row(i)) is not None]


@pytest.mark.slow
@pytest.mark.parametrize("size", SIZES)
async def test_main_screen_shows_store(db_path: Path, app_factory, size) -> None:
    app = app_factory(db_path)
    async with app.run_test(size=size) as pilot:
        await settled(pilot)
        main = app.main
        assert main.headlines.total == 8
        assert titles(app)[0] == HOSTILE_TITLE
        assert titles(app)[2] == "Two killed in Bishkek unrest, ministry says"
        assert main.headlines.row(2).sources == ("24.kg", "AKIpress")  # type: ignore[union-attr]
        counters = main.counters
        # The health ministry's newer figures (2 killed, 686 injured) replace its older ones.
        assert counters.card(Kind.KILLED).value_shown == "2"
        assert counters.card(Kind.INJURED).value_shown == "686"
        assert counters.card(Kind.ARRESTED).value_shown == "25"
        assert counters.card(Kind.CROWD).value_shown == "5,000"
        assert main.results.parties()[:2] == ["Birimdik", "Mekenim Kyrgyzstan"]
        status = main.status.text.plain
        assert "FOLLOWING" in status and "3 feeds: 2 ok, 1 failing" in status
        text = screen_text(app)
        assert "Headlines" in text
        assert "+1" in text  # a story two feeds carried
        if size[0] >= 120:
            # Side by side: all three panes on one screen.
            assert "Casualties" in text and "Results" in text and "✓ over" in text
            assert main.has_class("-wide")
        else:
            assert main.has_class("-narrow")
            assert main.active_pane == "headlines"


@pytest.mark.slow
@pytest.mark.parametrize("size", SIZES)
async def test_tab_and_shift_tab_move_between_panes(db_path: Path, app_factory, size) -> None:
    app = app_factory(db_path)
    async with app.run_test(size=size) as pilot:
        await settled(pilot)
        main = app.main
        assert main.pane_of(main.focused) == "headlines"
        await pilot.press("tab")
        assert main.pane_of(main.focused) == "counters"
        assert isinstance(main.focused, CounterCard)
        await pilot.press("tab")
        assert main.pane_of(main.focused) == "results"
        await pilot.press("tab")
        assert main.pane_of(main.focused) == "headlines"
        await pilot.press("shift+tab")
        assert main.pane_of(main.focused) == "results"
        if size[0] < 120:
            await pilot.pause()
            # Narrow: only the active pane is on screen.
            assert (
                main.results.display and main.query_one("#headlines-pane").styles.display == "none"
            )
            text = screen_text(app)
            assert "✓ over" in text and "Two killed" not in text


@pytest.mark.slow
async def test_j_k_and_arrows_move_the_cursor(db_path: Path, app_factory) -> None:
    app = app_factory(db_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await settled(pilot)
        lst = app.main.headlines
        assert lst.cursor == 0
        await pilot.press("j", "j", "down")
        assert lst.cursor == 3
        await pilot.press("k", "up")
        assert lst.cursor == 1
        await pilot.press("G")
        assert lst.cursor == 7
        await pilot.press("g")
        assert lst.cursor == 0
        await pilot.press("k")
        assert lst.cursor == 0


@pytest.mark.slow
async def test_mouse_click_selects_and_double_click_opens(db_path: Path, app_factory) -> None:
    app = app_factory(db_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await settled(pilot)
        await pilot.click("#headlines", offset=(30, 3))
        assert app.main.headlines.cursor == 3
        await pilot.click("#headlines", offset=(30, 3), times=2)
        await until(pilot, lambda: isinstance(app.screen, ItemScreen))


@pytest.mark.slow
async def test_enter_opens_item_with_figures_and_marks_read(db_path: Path, app_factory) -> None:
    app = app_factory(db_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await settled(pilot)
        await pilot.press("j", "j", "enter")
        await until(pilot, lambda: isinstance(app.screen, ItemScreen) and bool(app.screen.views))
        screen = app.screen
        assert isinstance(screen, ItemScreen)
        assert screen.item.title == "Two killed in Bishkek unrest, ministry says"
        assert [v.source.feed for v in screen.views] == ["24.kg", "AKIpress"]
        assert len(screen.views[0].figures) == 2
        text = screen_text(app)
        assert "Two people were killed" in text and "2 figure(s) read" in text
        # The link is an OSC 8 hyperlink (a Style with link=) on an http URL.
        link = screen.query_one("#item-link").render()
        assert "https://24kg.example/two-killed" in str(link)
        await until(pilot, lambda: app.main.headlines.row(2).read)  # type: ignore[union-attr]
        with Store(db_path) as other:
            item = story(other, app.main.headlines.row(2).id)  # type: ignore[union-attr]
            assert item is not None and item.read
        await pilot.press("escape")
        assert app.screen is app.main


@pytest.mark.slow
async def test_copy_and_open_link(db_path: Path, app_factory, monkeypatch) -> None:
    app = app_factory(db_path)
    opened: list[str] = []
    monkeypatch.setattr(app, "open_url", lambda url, **kw: opened.append(url))
    monkeypatch.setattr("crisiswatch.ui.screens.item.browser_available", lambda: True)
    async with app.run_test(size=(80, 24)) as pilot:
        await settled(pilot)
        await pilot.press("j", "enter")
        await until(pilot, lambda: isinstance(app.screen, ItemScreen))
        await pilot.press("c")
        assert app.clipboard == "https://bbc.example/weather"
        await pilot.press("o")
        assert opened == ["https://bbc.example/weather"]
        await pilot.press("escape", "g", "enter")
        await until(pilot, lambda: isinstance(app.screen, ItemScreen))
        # A javascript: link is neither copied nor opened.
        await pilot.press("c", "o")
        assert app.clipboard == "https://bbc.example/weather"
        assert opened == ["https://bbc.example/weather"]
        assert "not an http link" in screen_text(app)


@pytest.mark.slow
async def test_open_refused_without_a_browser(db_path: Path, app_factory, monkeypatch) -> None:
    app = app_factory(db_path)
    opened: list[str] = []
    monkeypatch.setattr(app, "open_url", lambda url, **kw: opened.append(url))
    monkeypatch.setattr("crisiswatch.ui.screens.item.browser_available", lambda: False)
    async with app.run_test(size=(80, 24)) as pilot:
        await settled(pilot)
        await pilot.press("j", "enter")
        await until(pilot, lambda: isinstance(app.screen, ItemScreen))
        await pilot.press("o")
        assert opened == []


@pytest.mark.slow
async def test_slash_filters_headlines_and_escape_clears(db_path: Path, app_factory) -> None:
    app = app_factory(db_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await settled(pilot)
        await pilot.press("slash")
        assert app.focused is not None and app.focused.id == "filter"
        before = app.snapshots_applied
        await pilot.press(*"killed")
        await settled(pilot, before + 1)
        await until(pilot, lambda: app.main.headlines.total == 2)
        assert all("killed" in t.lower() for t in titles(app))
        assert "filter: killed" in app.main.status.text.plain
        await pilot.press("enter")
        assert app.focused is app.main.headlines
        await pilot.press("escape")
        await until(pilot, lambda: app.main.headlines.total == 8)
        assert app.filter_text == ""


@pytest.mark.slow
async def test_u_toggles_read_items(db_path: Path, app_factory) -> None:
    app = app_factory(db_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await settled(pilot)
        await pilot.press("j", "enter")
        await until(pilot, lambda: isinstance(app.screen, ItemScreen))
        await pilot.press("escape")
        await until(pilot, lambda: app.main.headlines.row(1).read)  # type: ignore[union-attr]
        await pilot.press("u")
        await until(pilot, lambda: app.main.headlines.total == 7)
        assert "Weather: snow expected in the mountains" not in titles(app)
        assert "unread only" in app.main.status.text.plain
        await pilot.press("u")
        await until(pilot, lambda: app.main.headlines.total == 8)


@pytest.mark.slow
async def test_w_switches_watch_and_panes_follow(db_path: Path, app_factory) -> None:
    app = app_factory(db_path, make_config(watches=(WATCH, OTHER_WATCH)))
    async with app.run_test(size=(160, 48)) as pilot:
        await settled(pilot)
        assert app.main.counters.card(Kind.KILLED).value_shown == "2"
        before = app.snapshots_applied
        await pilot.press("w")
        await settled(pilot, before + 1)
        assert app.current_watch == OTHER_WATCH
        assert app.main.counters.card(Kind.KILLED).value_shown == "-"
        assert app.main.results.parties() == []
        assert "watch: Belarus 2020" in app.main.status.text.plain
        assert "★" not in screen_text(app).split("Casualties")[0]
        await pilot.press("w")
        await until(pilot, lambda: app.main.counters.card(Kind.KILLED).value_shown == "2")


@pytest.mark.slow
async def test_question_mark_lists_every_binding(db_path: Path, app_factory) -> None:
    app = app_factory(db_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await settled(pilot)
        await pilot.press("question_mark")
        assert isinstance(app.screen, HelpScreen)
        listed = " ".join(key for _, rows in KEYS for key, _ in rows)
        for key in ("q", "?", "r", "w", "u", "f", "/", "Tab", "Enter", "Escape", "j / k", "c", "o"):
            assert key in listed
        await pilot.press("escape")
        assert app.screen is app.main


@pytest.mark.slow
async def test_f_opens_feed_health_with_errors(db_path: Path, app_factory) -> None:
    app = app_factory(db_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await settled(pilot)
        await pilot.press("f")
        await until(pilot, lambda: isinstance(app.screen, HealthScreen) and bool(app.screen.health))
        screen = app.screen
        assert isinstance(screen, HealthScreen)
        failing = [h for h in screen.health if h.failures]
        assert [h.name for h in failing] == ["24.kg"]
        assert "HTTP 503" in screen_text(app)
        await pilot.press("escape")
        assert app.screen is app.main


@pytest.mark.slow
async def test_enter_on_counter_shows_reports_and_rule(db_path: Path, app_factory) -> None:
    app = app_factory(db_path)
    async with app.run_test(size=(160, 48)) as pilot:
        await settled(pilot)
        await pilot.press("tab", "l", "enter")
        await until(pilot, lambda: isinstance(app.screen, CounterScreen))
        screen = app.screen
        assert isinstance(screen, CounterScreen)
        assert screen.kind is Kind.INJURED
        assert screen.counter is not None and len(screen.counter.current) == 1
        assert [s.value for s in screen.counter.earlier] == [590]
        text = screen_text(app)
        assert "590" in text and "686" in text and "the health ministry" in text
        assert "health ministry now says 686" in text
        assert "The rule:" in text and "Why this figure:" in text
        await pilot.press("escape")
        assert app.screen is app.main


@pytest.mark.slow
async def test_enter_on_party_shows_its_history(db_path: Path, app_factory) -> None:
    app = app_factory(db_path)
    async with app.run_test(size=(160, 48)) as pilot:
        await settled(pilot)
        await pilot.press("tab", "tab", "enter")
        await until(pilot, lambda: isinstance(app.screen, PartyScreen) and bool(app.screen.history))
        screen = app.screen
        assert isinstance(screen, PartyScreen)
        assert screen.party == "Birimdik"
        assert [pct for _, pct, _ in screen.history] == [24.5, 24.1]
        assert "▼0.40" in screen_text(app)


@pytest.mark.slow
async def test_r_in_follow_mode_reads_again(db_path: Path, app_factory) -> None:
    app = app_factory(db_path, follower_note="following pid 4242's poller")
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await settled(pilot)
        assert "following pid 4242's poller" in app.main.status.text.plain
        before = app.snapshots_applied
        await pilot.press("r")
        await settled(pilot, before + 1)
        assert any("4242" in str(n.message) for n in app._notifications)


async def test_q_quits(db_path: Path, app_factory) -> None:
    app = app_factory(db_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await settled(pilot)
        await pilot.press("q")
        await pilot.pause()
    assert app.return_value == 0


@pytest.mark.slow
async def test_new_items_arrive_without_moving_the_cursor(db_path: Path, app_factory) -> None:
    app = app_factory(db_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await settled(pilot)
        lst = app.main.headlines
        await pilot.press("j", "j", "j")
        chosen = lst.current
        assert chosen is not None
        with Store(db_path) as writer:
            for n in range(30):
                add_story(writer, "BBC Asia", f"Breaking {n}", "", 1 - n / 100)
        await until(pilot, lambda: lst.total == 38)
        await settled(pilot, app.snapshots_applied)
        assert lst.current is not None and lst.current.id == chosen.id
        assert lst.cursor == 33
        # The reading position moved with it (as far as the list's length allows).
        assert round(lst.scroll_y) == min(30, lst.max_scroll_y)
        assert "Two killed in Bishkek" in screen_text(app)


@pytest.mark.slow
async def test_new_items_show_at_the_live_edge(db_path: Path, app_factory) -> None:
    app = app_factory(db_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await settled(pilot)
        lst = app.main.headlines
        assert lst.is_live
        with Store(db_path) as writer:
            add_story(writer, "BBC Asia", "Breaking: state of emergency in Bishkek", "", 0)
        await until(pilot, lambda: lst.total == 9)
        await settled(pilot, app.snapshots_applied)
        assert lst.cursor == 0
        assert "Breaking: state of emergency" in screen_text(app)


@pytest.mark.slow
async def test_store_changed_bursts_coalesce(db_path: Path, app_factory) -> None:
    app = app_factory(db_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await settled(pilot)
        before = app.snapshots_applied
        for _ in range(50):
            app.post_message(StoreChanged("burst"))
        await pilot.pause(0.3)
        await settled(pilot, before + 1)
        assert app.snapshots_applied - before < 50


@pytest.mark.slow
async def test_hostile_title_is_inert(db_path: Path, app_factory) -> None:
    app = app_factory(db_path)
    async with app.run_test(size=(160, 48)) as pilot:
        await settled(pilot)
        text = screen_text(app)
        assert "[bold red]x[/] [@click=app.quit]quit[/]" in text
        assert "\x1b" not in "".join(titles(app))
        # Clicking right on the would-be action does nothing but select the row.
        col = text.splitlines()[1].index("[@click")
        await pilot.click(offset=(col + 3, 1))
        await pilot.pause()
        assert app.is_running
        assert app.main.headlines.cursor == 0
        await pilot.press("enter")
        await until(pilot, lambda: isinstance(app.screen, ItemScreen) and bool(app.screen.views))
        await pilot.click("#item-title", offset=(20, 0))
        await pilot.pause()
        assert app.is_running
        shown = screen_text(app)
        assert HOSTILE_TITLE in shown
        assert "aGVsbG8=" in shown  # the OSC 52 payload shown as text, its ESC gone
        assert app.clipboard == ""


def test_rows_page_from_the_store(tmp_path: Path) -> None:
    with Store(tmp_path / "s.db") as store:
        for n in range(250):
            add_story(
                store,
                "BBC Asia",
                f"story {n}",
                "",
                n,
                figures=((f"story {n}", Kind.KILLED, n, Qual.EXACT, None),) if n == 0 else (),
            )
        assert len(stories_page(store, StoryFilter(), 200, 100)) == 50


@pytest.mark.slow
@pytest.mark.parametrize(("installed", "offered"), [("w3m", False), ("firefox", True)])
def test_o_offers_only_a_graphical_browser(tmp_path: Path, installed: str, offered: bool) -> None:
    """With X forwarded (DISPLAY set) and only a text browser on PATH, `o` must not start it
    inside our terminal. Checked in a fresh interpreter: webbrowser caches what it finds."""
    import subprocess
    import sys

    exe = tmp_path / installed
    exe.write_text("#!/bin/sh\nexit 0\n")
    exe.chmod(0o755)
    env = {"PATH": str(tmp_path), "DISPLAY": ":0", "HOME": str(tmp_path), "TERM": "xterm"}
    out = subprocess.run(
        [
            sys.executable,
            "-c",
            "from crisiswatch.ui.screens.item import browser_available as b; print(b())",
        ],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert out.stdout.strip() == str(offered), out.stderr


HOSTILE_SOURCE = "[@click=app.quit]the ministry[/] \x1b]52;c;aGk=\x07"
HOSTILE_PARTY = "[bold red]Birimdik[/][@click=app.quit]"


@pytest.mark.slow
async def test_hostile_attribution_and_party_stay_inert_on_every_screen(
    tmp_path: Path, app_factory
) -> None:
    """Attributions and party names come from feed text too: the counter, results and party
    screens show them as characters, run no action and pass no escape to the terminal."""
    db = tmp_path / "hostile.db"
    with Store(db) as store:
        add_story(
            store,
            "BBC Asia",
            "Bishkek: 5 killed",
            "In Bishkek 5 people were killed, said " + HOSTILE_SOURCE,
            10,
            figures=(("5 people were killed", Kind.KILLED, 5, Qual.EXACT, HOSTILE_SOURCE),),
            shares=((HOSTILE_PARTY, 24.5),),
            reporting=50.0,
        )
    app = app_factory(db)
    async with app.run_test(size=(160, 48)) as pilot:
        await settled(pilot)
        await pilot.press("tab", "enter")
        await until(pilot, lambda: isinstance(app.screen, CounterScreen))
        shown = screen_text(app)
        assert "[@click=app.quit]the ministry[/]" in shown
        assert "\x1b]52" not in shown and "\x07" not in shown
        await pilot.click(offset=(10, 5))
        await pilot.press("escape")
        assert app.is_running and app.screen is app.main
        # The results column cuts a long name with "…" (as typed up to there); the party's
        # screen shows it whole.
        assert HOSTILE_PARTY[:24] in screen_text(app), "the results table shows the name as typed"
        await pilot.press("tab", "enter")
        await until(pilot, lambda: isinstance(app.screen, PartyScreen) and bool(app.screen.history))
        assert HOSTILE_PARTY in screen_text(app)
        await pilot.press("escape")
        assert app.is_running


@pytest.mark.slow
async def test_a_read_watched_headline_steps_back_like_any_read_one(
    db_path: Path, app_factory
) -> None:
    app = app_factory(db_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await settled(pilot)
        pane = app.main.headlines
        rows = [pane.row(i) for i in range(pane.total)]
        item = next(r for r in rows if r is not None and WATCH.name in r.watches and not r.read)

        def title_style(row_item):  # the style of the title's first character
            text = pane._row_text(row_item, 80)
            at = text.plain.index(row_item.title[:8])
            return text.get_style_at_offset(app.console, at)

        unread, read = title_style(item), title_style(replace(item, read=True))
        assert unread.bold and not unread.dim
        assert read.dim and not read.bold
        assert read.color == unread.color, "still marked as the watch's"


@pytest.mark.slow
async def test_hostile_feed_name_and_error_stay_inert_on_feed_health(
    tmp_path: Path, app_factory
) -> None:
    """A server writes the error text (an HTTP reason, a bozo message): feed health shows it as
    characters, runs no action, opens no link and passes no escape to the terminal."""
    name = "[b]Evil[/b] [@click=app.quit]feed[/]"
    error = "HTTP 502 [link=file:///etc/passwd]x[/] \x1b[2J\x1b]8;;http://evil.example\x07y"
    db = tmp_path / "hostile-health.db"
    with Store(db) as store:
        store.sync_feeds([(name, "http://127.0.0.1:9/evil")])
        store.record_failure(name, status=502, error=error, next_poll=0)
    config = make_config(feeds=(FeedConfig(name=name, url="http://127.0.0.1:9/evil"),))
    app = app_factory(db, config)
    async with app.run_test(size=(160, 48)) as pilot:
        await settled(pilot)
        await pilot.press("f")
        await until(pilot, lambda: isinstance(app.screen, HealthScreen) and bool(app.screen.health))
        shown = screen_text(app)
        assert name in shown, "the name as typed, brackets and all"
        assert "[link=file:///etc/passwd]x[/]" in shown
        assert "\x1b" not in shown and "\x07" not in shown
        await pilot.click(offset=(20, 4))
        await pilot.click(offset=(60, 4))
        await pilot.press("escape")
        assert app.is_running and app.screen is app.main
