"""The results pane states the watch's seat rules: reserved seats, bloc thresholds, and that a
national projection ignores districts; a bloc under its own threshold gets no seats. Texts
read by the real extractor."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

import pytest
from uistore import WATCH, make_config, read_store
from waiting import screen_text, settled

from crisiswatch.config import Election, Party, SeatMethod
from crisiswatch.ui.app import CrisisApp

pytestmark = pytest.mark.slow

ELECTION = Election(
    seats=110,
    threshold=5.0,
    method=SeatMethod.DROOP,
    parties=(Party("Union for Progress"), Party("Green Front", bloc=2), Party("Civic Platform")),
    bloc_thresholds=((2, 7.0),),
    reserved=10,
    districts=True,
)
RULED = replace(WATCH, name="Vote 2024", keywords=("vote",), election=ELECTION)
TEXT = (
    "In the parliamentary vote on Sunday, Union for Progress took 48.5%, Civic Platform 22.4% "
    "and Green Front 6.1%."
)


def ruled_store(path: Path) -> Path:
    return read_store(path, (TEXT,), RULED, hours_ago=2)


async def test_pane_states_reserved_seats_blocs_and_districts(
    tmp_path: Path, app_factory: Callable[..., CrisisApp]
) -> None:
    db = ruled_store(tmp_path / "rules.db")
    app = app_factory(db, make_config(watches=(RULED,)))
    async with app.run_test(size=(160, 48)) as pilot:
        await settled(pilot)
        results = app.main.results
        assert results.parties() == ["Union for Progress", "Civic Platform", "Green Front"]
        head = results.head_text.plain
        assert "threshold 5% (blocs of 2+: 7%)" in head
        assert "110 seats (10 reserved), droop" in head
        assert "⚠ national projection: this country allocates seats by district" in head
        shown = screen_text(app)
        assert "national projection" in shown
        green = next(line for line in shown.splitlines() if "Green Front" in line)
        assert "✗ under" in green, "a bloc of two at 6.1% is under its 7%"
