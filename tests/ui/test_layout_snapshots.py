"""Every screen at the sizes a desk uses (80×24 to 200×60), on the demo's end state and on a
store of long names: snapshots (pytest-textual-snapshot), reviewed by eye when they change."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
from demostore import demo_config, demo_now, populate_demo
from longstore import long_config, populate_long
from textual.pilot import Pilot
from textual.screen import Screen
from uistore import fixed_now, populate
from waiting import settled, until

from crisiswatch.store import Store
from crisiswatch.ui.layout import WIDE
from crisiswatch.ui.screens.counter import CounterScreen
from crisiswatch.ui.screens.health import HealthScreen
from crisiswatch.ui.screens.help import HelpScreen
from crisiswatch.ui.screens.item import ItemScreen
from crisiswatch.ui.screens.party import PartyScreen

pytestmark = pytest.mark.slow

SIZES = ((80, 24), (100, 30), (120, 40), (160, 48), (200, 60))


@dataclass(frozen=True)
class Visit:
    """Keys from the main screen to a screen, and when that screen is drawn in full."""

    keys: tuple[str, ...]
    ready: Callable[[Screen[object]], bool]


def _story(s: Screen[object]) -> bool:
    return isinstance(s, ItemScreen) and bool(s.views)


def _counter(s: Screen[object]) -> bool:
    return isinstance(s, CounterScreen)


def _party(s: Screen[object]) -> bool:
    return isinstance(s, PartyScreen) and bool(s.history)


def _health(s: Screen[object]) -> bool:
    return isinstance(s, HealthScreen) and bool(s.health)


def _help(s: Screen[object]) -> bool:
    return isinstance(s, HelpScreen)


def _main(s: Screen[object]) -> bool:
    return s.id == "main-screen"


TABS = {
    # Below 120 columns the main screen shows one pane a tab: the other two, there.
    "casualties-tab": Visit(("tab",), _main),
    "results-tab": Visit(("tab", "tab"), _main),
}
DEMO_VISITS = {
    "main": Visit((), _main),
    **TABS,
    # "Kyrgyz crisis: one killed, at least 686 hurt": figures read from the text.
    "story": Visit(("j", "j", "enter"), _story),
    # Injured: reports in disagreement, 590 to 686.
    "counter": Visit(("tab", "l", "enter"), _counter),
    "party": Visit(("tab", "tab", "enter"), _party),
    "health": Visit(("f",), _health),
    "help": Visit(("question_mark",), _help),
}
LONG_VISITS = {
    "main": Visit((), _main),
    **TABS,
    # The 300-character title.
    "story": Visit(("j", "j", "j", "j", "enter"), _story),
    # Crowd size: a vague amount heads the card.
    "counter": Visit(("tab", "l", "l", "l", "enter"), _counter),
    # The 60-character party, third by share.
    "party": Visit(("tab", "tab", "j", "j", "enter"), _party),
    # The 40-character feed name.
    "health": Visit(("f",), _health),
    "help": Visit(("question_mark",), _help),
}


def _snap(snap_compare, app, size: tuple[int, int], visit: Visit) -> bool:  # type: ignore[no-untyped-def]
    async def ready(pilot: Pilot[int]) -> None:
        await settled(pilot)
        for key in visit.keys:
            await pilot.press(key)
        await until(pilot, lambda: visit.ready(pilot.app.screen))
        await pilot.pause()

    return bool(snap_compare(app, terminal_size=size, run_before=ready))


def cases(visits: dict[str, Visit]) -> list[object]:
    """Every screen at every size; a pane's tab only where the panes are tabs."""
    return [
        pytest.param(screen, size, id=f"{screen}-{size[0]}x{size[1]}")
        for screen in visits
        for size in SIZES
        if screen not in TABS or size[0] < WIDE
    ]


@pytest.mark.parametrize(("screen", "size"), cases(DEMO_VISITS))
def test_demo_end_state(snap_compare, tmp_path: Path, app_factory, screen: str, size) -> None:  # type: ignore[no-untyped-def]
    db = tmp_path / "demo.db"
    with Store(db) as store:
        populate_demo(store)
    app = app_factory(db, demo_config(), now=demo_now)
    assert _snap(snap_compare, app, size, DEMO_VISITS[screen])


@pytest.mark.parametrize(("screen", "size"), cases(LONG_VISITS))
def test_long_names(snap_compare, tmp_path: Path, app_factory, screen: str, size) -> None:  # type: ignore[no-untyped-def]
    db = tmp_path / "long.db"
    with Store(db) as store:
        populate(store)
        populate_long(store)
    app = app_factory(db, long_config(), now=fixed_now)
    assert _snap(snap_compare, app, size, LONG_VISITS[screen])
