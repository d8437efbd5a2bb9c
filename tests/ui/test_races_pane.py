"""The results pane shows one race at a time, says how many there are, and `]` / `[` cycle them;
an annulled race's seats are not projected. Texts read by the real extractor."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

import pytest
from uistore import WATCH, make_config, read_store
from waiting import screen_text, settled, until

from crisiswatch.config import Election, Party
from crisiswatch.ui.app import CrisisApp
from crisiswatch.ui.messages import StoreChanged

pytestmark = pytest.mark.slow

ELECTION = Election(
    seats=100,
    threshold=5.0,
    parties=(Party("Union for Progress"), Party("Green Front"), Party("Civic Platform")),
    races=("parliamentary", "presidential"),
)
TWO_RACES = replace(WATCH, name="Vote 2024", keywords=("vote",), election=ELECTION)
TEXTS = (
    "Voters chose a president and a new parliament in the vote on Sunday. In the presidential "
    "race, Anna Marek won 54.2% and Pavel Horn 45.8%. In the parliamentary vote, Union for "
    "Progress took 38.5%, Green Front 31.0% and Civic Platform 22.4%.",
    "The electoral commission annulled the results of the parliamentary vote on Tuesday.",
)


def two_race_store(path: Path) -> Path:
    return read_store(path, TEXTS, TWO_RACES, hours_ago=10)


async def test_n_cycles_races_and_keeps_the_one_shown(
    tmp_path: Path, app_factory: Callable[..., CrisisApp]
) -> None:
    db = two_race_store(tmp_path / "races.db")
    app = app_factory(db, make_config(watches=(TWO_RACES,)))
    async with app.run_test(size=(160, 48)) as pilot:
        await settled(pilot)
        results = app.main.results
        assert results.parties() == ["Union for Progress", "Green Front", "Civic Platform"]
        head = results.head_text.plain
        assert head.startswith("parliamentary (race 1 of 2, ]: next) · annulled ")
        assert "seats not projected: annulled" in head and "seats, hare" not in head
        assert "seats not projected: annulled" in screen_text(app)
        await pilot.press("tab", "tab")
        await pilot.press("right_square_bracket")
        assert results.parties() == ["Anna Marek", "Pavel Horn"]
        head = results.head_text.plain
        assert head.startswith("presidential (race 2 of 2, ]: next) · ")
        assert "majority over 50%" in head and "annulled" not in head and "seats" not in head
        assert "✓ majority" in screen_text(app)
        before = app.snapshots_applied
        app.post_message(StoreChanged("test"))
        await settled(pilot, before + 1)
        assert results.parties() == ["Anna Marek", "Pavel Horn"], "a refresh keeps the race"
        await pilot.press("right_square_bracket")
        await until(pilot, lambda: results.parties()[0] == "Union for Progress")
        await pilot.press("left_square_bracket")
        await until(pilot, lambda: results.parties()[0] == "Anna Marek")
