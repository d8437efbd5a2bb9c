"""The results pane marks an official results feed's count (◉ in the header and on each of its
rows) and says which text reports of the same count it outranks."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path

import pytest
from textual.pilot import Pilot
from uistore import FIXED_NOW, WATCH, make_config
from waiting import screen_text, settled

from crisiswatch.config import FeedFormat, ResultsMapping
from crisiswatch.extract import extract
from crisiswatch.models import ParsedItem
from crisiswatch.pollers.parse.results import read_results
from crisiswatch.store import Store
from crisiswatch.ui.app import CrisisApp
from stored import store_items

pytestmark = pytest.mark.slow

EXPORT = {
    "updated": (FIXED_NOW - timedelta(hours=3)).isoformat(),
    "stations": {"counted": 2469, "total": 2519},
    "parties": [
        {"name": n, "votes": v}
        for n, v in (
            ("Birimdik", 490_400),
            ("Mekenim Kyrgyzstan", 477_800),
            ("Kyrgyzstan Party", 174_600),
            ("Butun Kyrgyzstan", 142_200),
            ("Ata-Meken", 715_000),
        )
    ],
}
MAPPING = ResultsMapping(
    name="name",
    rows="parties",
    votes="votes",
    counted="stations.counted",
    total="stations.total",
    published="updated",
    title="Kyrgyz CEC",
)
TEXT = (
    "Birimdik took 24.6% and Mekenim Kyrgyzstan 23.8% with 98% of polling stations counted in "
    "Kyrgyzstan, the wire said."
)


def official_store(path: Path) -> Path:
    with Store(path) as store:
        watches = [(WATCH.name, WATCH.keywords)]
        item = ParsedItem("w1", None, TEXT[:40], TEXT, FIXED_NOW - timedelta(hours=1))
        store_items(
            store,
            "Wire",
            [item],
            watches=watches,
            extractions=[extract(f"{item.title}\n{item.summary}", WATCH.election)],
            now=FIXED_NOW.timestamp(),
        )
        feed, extractions = read_results(
            json.dumps(EXPORT).encode(),
            FeedFormat.RESULTS_JSON,
            MAPPING,
            max_items=500,
            content_type=None,
            election=WATCH.election,
            feed_name="Kyrgyz CEC",
        )
        store_items(
            store,
            "Kyrgyz CEC",
            feed.items,
            watches=watches,
            extractions=extractions,
            official=True,
            now=FIXED_NOW.timestamp(),
        )
    return path


@pytest.mark.parametrize("size", [(80, 24), (160, 48)])
async def test_the_pane_marks_the_official_count_and_what_it_outranks(
    tmp_path: Path, app_factory: Callable[..., CrisisApp], size: tuple[int, int]
) -> None:
    app = app_factory(official_store(tmp_path / "official.db"), make_config())
    async with app.run_test(size=size) as pilot:
        await settled(pilot)
        results = app.main.results
        head = results.head_text.plain
        assert "98.02% counted" in head
        assert "◉ official count from Kyrgyz CEC (outranks 1 text report of this count)" in head
        assert results.parties()[:2] == ["Ata-Meken", "Birimdik"]
        if size[0] < 120:
            await pilot.press("tab", "tab")
        text = screen_text(app)
        assert "◉ official" in text
        assert "Birimdik ◉" in text and "24.52%" in text and "24.60%" not in text


def test_official_results_pane_160x48(snap_compare, tmp_path: Path, app_factory) -> None:
    async def ready(pilot: Pilot[int]) -> None:
        await settled(pilot)

    app = app_factory(official_store(tmp_path / "official.db"), make_config())
    assert snap_compare(app, terminal_size=(160, 48), run_before=ready)
