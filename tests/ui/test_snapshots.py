"""Snapshots (pytest-textual-snapshot) from the deterministic store with a fixed clock."""

from __future__ import annotations

from pathlib import Path

from textual.pilot import Pilot
from waiting import settled, until

from crisiswatch.ui.screens.counter import CounterScreen
from crisiswatch.ui.screens.health import HealthScreen
from crisiswatch.ui.screens.item import ItemScreen


def test_main_screen_80x24(snap_compare, db_path: Path, app_factory) -> None:
    async def ready(pilot: Pilot[int]) -> None:
        await settled(pilot)

    assert snap_compare(app_factory(db_path), terminal_size=(80, 24), run_before=ready)


def test_main_screen_160x48(snap_compare, db_path: Path, app_factory) -> None:
    async def ready(pilot: Pilot[int]) -> None:
        await settled(pilot)
        await pilot.press("j", "j")

    assert snap_compare(app_factory(db_path), terminal_size=(160, 48), run_before=ready)


def test_item_screen(snap_compare, db_path: Path, app_factory) -> None:
    async def ready(pilot: Pilot[int]) -> None:
        await settled(pilot)
        await pilot.press("j", "j", "enter")
        await until(pilot, lambda: isinstance(s := pilot.app.screen, ItemScreen) and bool(s.views))

    assert snap_compare(app_factory(db_path), terminal_size=(80, 24), run_before=ready)


def test_hostile_item_screen(snap_compare, db_path: Path, app_factory) -> None:
    """Markup, an @click action and an OSC 52 sequence in feed text, all shown as inert text."""

    async def ready(pilot: Pilot[int]) -> None:
        await settled(pilot)
        await pilot.press("enter")
        await until(pilot, lambda: isinstance(s := pilot.app.screen, ItemScreen) and bool(s.views))

    assert snap_compare(app_factory(db_path), terminal_size=(80, 24), run_before=ready)


def test_counter_screen(snap_compare, db_path: Path, app_factory) -> None:
    async def ready(pilot: Pilot[int]) -> None:
        await settled(pilot)
        await pilot.press("tab", "l", "enter")
        await until(pilot, lambda: isinstance(pilot.app.screen, CounterScreen))

    assert snap_compare(app_factory(db_path), terminal_size=(80, 24), run_before=ready)


def test_feed_health_screen(snap_compare, db_path: Path, app_factory) -> None:
    async def ready(pilot: Pilot[int]) -> None:
        await settled(pilot)
        await pilot.press("f")
        await until(
            pilot, lambda: isinstance(s := pilot.app.screen, HealthScreen) and bool(s.health)
        )

    assert snap_compare(app_factory(db_path), terminal_size=(120, 24), run_before=ready)
