"""Snapshots (pytest-textual-snapshot) from the deterministic store with a fixed clock."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.pilot import Pilot
from waiting import settled, until

from crisiswatch.ui.screens.counter import CounterScreen
from crisiswatch.ui.screens.health import HealthScreen
from crisiswatch.ui.screens.item import ItemScreen

pytestmark = pytest.mark.slow


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


def decide(db: Path) -> None:
    """A desk's decisions on the injured counter: 590 rejected, 686 confirmed, a figure from a
    phone call added by hand and pinned as the headline."""
    from uistore import FIXED_NOW, WATCH

    from crisiswatch.models import Kind, Qual
    from crisiswatch.store import Store
    from crisiswatch.store.decisions import record
    from crisiswatch.store.reads import figure_reports
    from crisiswatch.tally.decisions import Action, Decision

    with Store(db) as store:
        injured = {
            r.figure.value: r
            for r in figure_reports(store, WATCH.name)
            if r.figure.kind is Kind.INJURED
        }
        base = {"kind": Kind.INJURED, "user": "alice", "at": FIXED_NOW}
        added = record(
            store,
            Decision(
                0,
                Action.ADD,
                watch=WATCH.name,
                value=650,
                qual=Qual.AT_LEAST,
                source="Bishkek city hall",
                note="phone call, 08:50",
                **base,  # type: ignore[arg-type]
            ),
        )
        record(
            store,
            Decision(
                0,
                Action.REJECT,
                item_id=injured[590].item_id,
                value=590,
                note="read from the 2010 clashes",
                **base,  # type: ignore[arg-type]
            ),
        )
        record(
            store,
            Decision(0, Action.CONFIRM, item_id=injured[686].item_id, value=686, **base),  # type: ignore[arg-type]
        )
        record(
            store,
            Decision(0, Action.PIN, item_id=-added.id, watch=WATCH.name, value=650, **base),  # type: ignore[arg-type]
        )


def _counter_with_decisions(snap_compare, db_path: Path, app_factory, size) -> bool:  # type: ignore[no-untyped-def]
    decide(db_path)

    async def ready(pilot: Pilot[int]) -> None:
        await settled(pilot)
        await pilot.press("tab", "l", "enter")
        await until(pilot, lambda: isinstance(pilot.app.screen, CounterScreen))
        if size[1] < 30:
            # The cursor on the rejected report: the list scrolls it into view.
            await pilot.press("j", "j")

    return bool(snap_compare(app_factory(db_path), terminal_size=size, run_before=ready))


def test_counter_decisions_80x24(snap_compare, db_path: Path, app_factory) -> None:
    assert _counter_with_decisions(snap_compare, db_path, app_factory, (80, 24))


def test_counter_decisions_160x48(snap_compare, db_path: Path, app_factory) -> None:
    assert _counter_with_decisions(snap_compare, db_path, app_factory, (160, 48))


def test_main_screen_decisions_160x48(snap_compare, db_path: Path, app_factory) -> None:
    """The card says its headline is pinned, and by whom."""
    decide(db_path)

    async def ready(pilot: Pilot[int]) -> None:
        await settled(pilot)

    assert snap_compare(app_factory(db_path), terminal_size=(160, 48), run_before=ready)


def test_story_decisions_80x24(snap_compare, db_path: Path, app_factory) -> None:
    """The story screen lists what counted from it, with the decisions on each figure."""
    decide(db_path)

    async def ready(pilot: Pilot[int]) -> None:
        await settled(pilot)
        await pilot.press("j", "j", "enter")
        await until(pilot, lambda: isinstance(s := pilot.app.screen, ItemScreen) and bool(s.views))

    assert snap_compare(app_factory(db_path), terminal_size=(80, 24), run_before=ready)
