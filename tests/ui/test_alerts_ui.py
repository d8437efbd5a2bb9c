"""Alerts in the TUI, driven with Pilot: a toast and the bell for each change the store's
alerts log gains, whether this TUI polls or follows another poller, and neither when
feeds.toml switches them off."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

import pytest
from uistore import WATCH, make_config
from waiting import settled, until

from crisiswatch.alerts.changes import ChangeKind, Headline
from crisiswatch.config import AlertSettings, Config, FeedConfig, Settings
from crisiswatch.store import Store
from crisiswatch.store.alerts import announce
from feedserver import Entry, FeedServer, Route, rss


def toasts(app: object) -> list[tuple[str, str]]:
    return [(n.title, n.message) for n in app._notifications]  # type: ignore[attr-defined]


def logged_change(db: Path, value: str) -> None:
    """What a headless poller in another process does when the killed figure changes."""
    with Store(db) as other:
        announce(other, WATCH.name, [Headline("killed", ChangeKind.COUNT, value)])


@pytest.mark.slow
async def test_a_follower_toasts_and_rings_for_another_processs_alert(
    db_path: Path, app_factory
) -> None:
    logged_change(db_path, "1")  # the baseline
    logged_change(db_path, "2")  # announced before this TUI started: not shown
    app = app_factory(db_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await settled(pilot)
        await until(pilot, lambda: app.alerts.seen is not None)
        assert not [t for t in toasts(app) if t[0] == "figure changed"]
        logged_change(db_path, "at least 5")
        await until(
            pilot,
            lambda: (
                ("figure changed", "Kyrgyzstan 2020: killed 2 \u2192 at least 5") in toasts(app)
            ),
        )
        assert app.alerts.bells == 1
        # Read again and again: the same alert is shown once.
        app.alerts.look()
        await pilot.pause(0.3)
        assert [t for t in toasts(app) if t[0] == "figure changed"] == [
            ("figure changed", "Kyrgyzstan 2020: killed 2 \u2192 at least 5")
        ]


async def test_toast_and_bell_switched_off(db_path: Path, app_factory) -> None:
    config = replace(make_config(), alerts=AlertSettings(toast=False, bell=False))
    logged_change(db_path, "1")
    app = app_factory(db_path, config)
    async with app.run_test(size=(80, 24)) as pilot:
        await settled(pilot)
        await until(pilot, lambda: app.alerts.seen is not None)
        logged_change(db_path, "4")
        await until(pilot, lambda: len(app.alerts.shown) == 1)
        assert not [t for t in toasts(app) if t[0] == "figure changed"]
        assert app.alerts.bells == 0


DEADLY = Entry(
    guid="wire-2",
    title="3 killed in Bishkek clashes",
    summary="3 people were killed in clashes in Bishkek, the health ministry said.",
    link="https://wire.example/2",
    published=datetime(2020, 10, 6, 8, 0, tzinfo=UTC),
)


@pytest.mark.slow
async def test_a_polling_tui_toasts_the_change_its_own_poll_brought(
    tmp_path: Path, app_factory
) -> None:
    with FeedServer() as server:
        server.routes["/wire"] = Route(body=rss([]))
        config = Config(
            path=Path("<alerts>"),
            settings=Settings(interval=600.0, host_spacing=0.0, jitter=0.0),
            feeds=(FeedConfig(name="Wire", url=server.url("/wire")),),
            watches=(WATCH,),
        )
        app = app_factory(tmp_path / "alerts.db", config, poll=True, follower_note=None)
        async with app.run_test(size=(80, 24)) as pilot:
            await until(pilot, lambda: any(o.ok for o in app.outcomes), timeout=15)
            server.routes["/wire"] = Route(body=rss([DEADLY]))
            await pilot.press("r")
            want = ("figure changed", "Kyrgyzstan 2020: killed none \u2192 3 (health ministry)")
            await until(pilot, lambda: want in toasts(app), timeout=15)
            assert app.alerts.bells >= 1


@pytest.mark.slow
async def test_an_analysts_rejection_that_moves_a_headline_is_an_alert(
    db_path: Path, app_factory, monkeypatch
) -> None:
    from crisiswatch.alerts.runner import tally_watch
    from crisiswatch.models import Kind
    from crisiswatch.ui.screens.counter import CounterScreen
    from crisiswatch.ui.screens.decide import DecisionForm

    monkeypatch.setenv("LOGNAME", "alice")
    with Store(db_path) as store:
        assert tally_watch(store, WATCH, 0.0) == []  # the baseline a poller would have taken
    app = app_factory(db_path)
    async with app.run_test(size=(160, 48)) as pilot:
        await settled(pilot)
        await pilot.press("tab", "l", "enter")
        await until(pilot, lambda: isinstance(app.screen, CounterScreen))
        assert app.screen.kind is Kind.INJURED  # type: ignore[attr-defined]
        await pilot.press("x")
        await until(pilot, lambda: isinstance(app.screen, DecisionForm))
        await pilot.press(*"misread", "enter")
        want = ("figure changed", "Kyrgyzstan 2020: injured 686 \u2192 590 (health ministry)")
        await until(pilot, lambda: want in toasts(app), timeout=15)
    with Store(db_path) as store:
        rows = store.conn.execute("SELECT subject, old, new FROM alerts").fetchall()
    assert ("injured", "686", "590") in rows


async def test_a_burst_of_changes_is_three_toasts_and_a_count(db_path: Path, app_factory) -> None:
    logged_change(db_path, "1")
    app = app_factory(db_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await settled(pilot)
        await until(pilot, lambda: app.alerts.seen is not None)
        with Store(db_path) as other:
            heads = [
                Headline(kind, ChangeKind.COUNT, "9") for kind in ("killed", "injured", "arrested")
            ] + [Headline("crowd size", ChangeKind.COUNT, "900")]
            heads.append(Headline("parliamentary status", ChangeKind.STATUS, "annulled"))
            assert len(announce(other, WATCH.name, heads)) == 5
        await until(pilot, lambda: len(app.alerts.shown) == 5)
        shown = [m for t, m in toasts(app) if t == "figure changed"]
        assert len(shown) == 4
        assert shown[-1] == "and 2 more changes (crisiswatch tally)"
        assert app.alerts.bells == 1, "one bell for the burst"
