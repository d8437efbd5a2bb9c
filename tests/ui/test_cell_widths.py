"""Wide CJK, emoji sequences and combining marks in titles: every row takes the pane's width
in every terminal, whether it draws an emoji sequence as one glyph or as its parts."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from rich.cells import cell_len
from uistore import add_story
from waiting import settled

from crisiswatch.store import Store
from crisiswatch.ui.cells import steady_width

AWKWARD_TITLES = (
    "比什凯克抗议活动造成两人死亡，数百人受伤，卫生部说明情况如下，更多细节稍后公布",
    "Family 👨\u200d👩\u200d👧\u200d👦 flee Bishkek 🏳\ufe0f\u200d🌈 rally ❤\ufe0f after clashes ✊🏽 end",
    "Zalgo t\u0336\u0321e\u0337\u0322x\u0335t\u0334 and combining k\u0301\u0301\u0301 marks in a title",
    "한국어 제목 テスト 日本語のタイトル mixed width 🇰🇬 flag and keycap 1\ufe0f\u20e3 here",
)

# Each a character some terminal draws differently once joined to its neighbours.
JOINERS = ["\u200d", "\ufe0f", "\ufe0e", "\U0001f3fd", "\U000e0067", "\u20e3"]
PIECES = ["a", "比", "한", "\u1100", "\u1161", "\u0301", "\U0001f468", "\u2764", "\U0001f1f0", "1"]


def per_character_width(text: str) -> int:
    """How a terminal that draws every character for itself (tmux, xterm) measures a row."""
    return sum(cell_len(ch) for ch in text)


@given(st.lists(st.sampled_from(PIECES + JOINERS), max_size=12).map("".join))
def test_steady_text_measures_alike_whole_and_by_character(text: str) -> None:
    steady = steady_width(text)
    assert cell_len(steady) == per_character_width(steady)
    assert not any(j in steady for j in JOINERS)
    assert [c for c in text if c not in JOINERS] == list(steady)


@pytest.mark.slow
@pytest.mark.parametrize("size", [(80, 24), (160, 48)])
async def test_headline_rows_fill_the_pane_exactly_in_any_terminal(
    db_path: Path, app_factory, size: tuple[int, int]
) -> None:
    with Store(db_path) as store:
        for n, title in enumerate(AWKWARD_TITLES):
            add_story(store, "24.kg", title, "", 0.5 + n)
    app = app_factory(db_path)
    async with app.run_test(size=size) as pilot:
        await settled(pilot)
        pane = app.main.headlines
        shown = [pane.render_line(y).text for y in range(len(AWKWARD_TITLES) + 2)]
        assert any("比什凯克" in row for row in shown)
        assert any("👨👩👧👦" in row for row in shown)  # the emoji stay, one by one
        for row in shown:
            assert per_character_width(row) == pane.size.width, row
            assert cell_len(row) == pane.size.width, row
