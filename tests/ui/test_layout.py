"""What gives way when the screen is small: the status bar's parts, the split, titles, results
columns, counter lines, the feed-health table; and nothing left over from another watch."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from demostore import demo_config, demo_now, populate_demo
from longstore import LONG_FEED, LONG_PARTY, long_config, populate_long
from rich.text import Text
from uistore import OTHER_WATCH, WATCH, make_config, populate
from waiting import screen_text, settled, until

from crisiswatch.models import FeedHealth
from crisiswatch.store import Store
from crisiswatch.ui.layout import HEADLINES_MIN, SIDE_MAX, SIDE_MIN, WIDE, side_width
from crisiswatch.ui.panes.counters import pack
from crisiswatch.ui.panes.results import fit_columns
from crisiswatch.ui.panes.status import StatusState, status_text
from crisiswatch.ui.screens.health import HealthScreen

NOW = datetime(2020, 10, 6, 9, 0, tzinfo=UTC)


def health(n: int, failing: int = 0) -> tuple[FeedHealth, ...]:
    return tuple(
        FeedHealth(
            name=f"Feed {i}",
            url=f"http://127.0.0.1:9/{i}",
            last_attempt=NOW,
            last_success=None if i < failing else NOW,
            last_status=503 if i < failing else 200,
            failures=1 if i < failing else 0,
            next_poll=NOW + timedelta(seconds=30),
            last_error="HTTP 503" if i < failing else None,
            items_total=3,
        )
        for i in range(n)
    )


DEMO_STATE = StatusState(
    mode="demo",
    note="following pid 4242's poller, read-only",
    health=health(5, failing=1),
    watch="Kyrgyzstan 2020",
    filter_text="bishkek",
    include_read=False,
    demo_progress=0.42,
    last_poll="Demo Monitor: 2 new",
)


def test_the_status_bar_gives_way_from_its_least_important_part() -> None:
    full = status_text(DEMO_STATE, NOW).plain
    assert "Demo Monitor: 2 new" in full and "next poll" in full and "5 feeds: 4 ok" in full
    for width in (80, 100, 64):
        line = status_text(DEMO_STATE, NOW, width).plain
        assert len(line) <= width
        # What the panes are showing always stays, whole.
        assert "watch: Kyrgyzstan 2020" in line and "filter: bishkek" in line
        assert line.endswith("│ unread only")
    at_80 = status_text(DEMO_STATE, NOW, 80).plain
    assert "Demo Monitor" not in at_80 and "next poll" not in at_80, "timings go first"
    assert "DEMO" in at_80 and "1 failing" in at_80, "the mode and a failing feed stay"
    at_100 = status_text(DEMO_STATE, NOW, 100).plain
    assert "following pid 4242" in at_100 and "1 failing" in at_100
    assert "replay 42%" in status_text(DEMO_STATE, NOW, 140).plain


def test_the_split_follows_the_width_with_minimums() -> None:
    assert side_width(WIDE - 1) is None, "tabs below the breakpoint"
    widths = {w: side_width(w) for w in (120, 140, 160, 200, 300)}
    assert widths[120] == SIDE_MIN and 120 - SIDE_MIN >= HEADLINES_MIN
    assert widths[120] < widths[160] < widths[200] <= SIDE_MAX
    assert widths[300] == SIDE_MAX
    for total, side in widths.items():
        assert side is not None and total - side >= HEADLINES_MIN


def test_results_columns_shrink_from_the_bar_then_the_name() -> None:
    names = [Text("Birimdik"), Text(LONG_PARTY)]
    roomy = fit_columns(120, names)
    assert roomy.party == len(LONG_PARTY) and roomy.bar == 10
    tight = fit_columns(72, names)
    assert tight.bar < 10 and tight.party < len(LONG_PARTY)
    # Share, change, threshold and seats keep their width: the rest is the name's and bar's.
    assert sum(tight.widths) + 2 * 5 + 1 <= 72


def test_counter_lines_are_packed_whole_never_split() -> None:
    parts = [Text("at least"), Text("across 2 incidents"), Text("range 590–686"), Text("4 sources")]
    lines = [line.plain for line in pack(parts, 22)]
    assert lines == ["at least", "across 2 incidents", "range 590–686", "4 sources"]
    assert [line.plain for line in pack(parts[2:], 40)] == ["range 590–686 · 4 sources"]
    cut = pack([Text("vague amount, not a count")], 10)
    assert cut[0].plain == "vague amo…"


@pytest.mark.slow
async def test_titles_end_in_an_ellipsis_beside_the_scrollbar(tmp_path: Path, app_factory) -> None:
    db = tmp_path / "demo.db"
    with Store(db) as store:
        populate_demo(store)
    app = app_factory(db, demo_config(), now=demo_now)
    async with app.run_test(size=(120, 40)) as pilot:
        await settled(pilot)
        lst = app.main.headlines
        assert lst.max_scroll_y > 0, "the list has a scrollbar"
        width = lst.scrollable_content_region.width
        assert width < lst.size.width
        # "Lawmakers name Japarov acting prime minister at hotel session" is too long here.
        rows = [lst.render_line(y).text for y in range(lst.size.height)]
        row = next(r for r in rows if "Japarov acting" in r)
        assert row.rstrip().endswith("…"), row
        assert len(row) == width
        # The headlines get more than the old fixed split left them (44 columns).
        assert app.main.query_one("#headlines-pane").size.width >= HEADLINES_MIN - 2


@pytest.mark.slow
async def test_long_names_keep_every_results_column(tmp_path: Path, app_factory) -> None:
    db = tmp_path / "long.db"
    with Store(db) as store:
        populate(store)
        populate_long(store)
    for size in ((160, 48), (120, 40), (80, 24)):
        async with app_factory(db, long_config()).run_test(size=size) as pilot:
            await settled(pilot)
            await pilot.press("tab", "tab")
            await pilot.pause()
            text = screen_text(pilot.app)  # type: ignore[arg-type]
            row = next(line for line in text.splitlines() if "Social Democrats" in line)
            assert "…" in row and LONG_PARTY not in row, size
            assert "9.90%" in row and "new" in row and "✓ over" in row and "16" in row, size
            if size[0] >= WIDE:  # beside it, the vague crowd figure says so on its card
                assert "vague amount, not a count" in text


@pytest.mark.slow
async def test_a_watch_without_an_election_shows_no_table_header(
    db_path: Path, app_factory
) -> None:
    app = app_factory(db_path, make_config(watches=(WATCH, OTHER_WATCH)))
    async with app.run_test(size=(160, 48)) as pilot:
        await settled(pilot)
        assert "threshold" in screen_text(app)
        await pilot.press("w")
        await until(pilot, lambda: "this watch follows no election" in screen_text(app))
        text = screen_text(app)
        assert "threshold" not in text and "seats" not in text and "party" not in text
        await pilot.press("w")
        await until(pilot, lambda: "threshold" in screen_text(app))


@pytest.mark.slow
async def test_feed_health_cuts_long_names_and_shows_the_cursor_row_whole(
    tmp_path: Path, app_factory
) -> None:
    db = tmp_path / "long.db"
    with Store(db) as store:
        populate(store)
        populate_long(store)
    app = app_factory(db, long_config())
    async with app.run_test(size=(80, 24)) as pilot:
        await settled(pilot)
        await pilot.press("f")
        await until(pilot, lambda: isinstance(s := app.screen, HealthScreen) and bool(s.health))
        await pilot.pause()
        text = screen_text(app)
        lines = text.splitlines()
        assert all(len(line) <= 80 for line in lines)
        assert "next poll" in text and "items" in text and "last error" in text
        assert LONG_FEED not in text and re.search(r"Central[^\n]*…", text) is not None
        assert "in full: 24.kg · HTTP 503 Service Unavailable" in text
        await pilot.press("down", "down", "down")
        await pilot.pause()
        assert f"in full: {LONG_FEED}" in screen_text(app)
