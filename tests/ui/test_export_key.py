"""`e` writes the selected watch's situation report to the reports dir and says where."""

from __future__ import annotations

from pathlib import Path

import pytest
from uistore import FIXED_NOW, WATCH, add_story
from waiting import settled, until

from crisiswatch.store import Store
from crisiswatch.store.decisions import record
from crisiswatch.store.reads import figure_reports
from crisiswatch.tally.decisions import Action, Decision
from crisiswatch.ui.app import CrisisApp

pytestmark = pytest.mark.slow

HOSTILE = "Bishkek [click](javascript:alert(1)) **now** <img src=x> \x1b]0;pwned\x07 | cell"


async def test_e_writes_the_watchs_report_and_says_where(
    db_path: Path, app_factory, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    with Store(db_path) as store:
        add_story(store, "24.kg", HOSTILE, "Bishkek.", 1, url="javascript:alert(1)")
        injured = max(
            (r for r in figure_reports(store, WATCH.name) if r.figure.kind.value == "injured"),
            key=lambda r: r.figure.value,
        )
        record(
            store,
            Decision(
                0, Action.CONFIRM, injured.figure.kind, "alice", FIXED_NOW, item_id=injured.item_id
            ),
        )
    app: CrisisApp = app_factory(db_path)
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await settled(pilot)
        await pilot.press("e")
        folder = tmp_path / "data" / "crisiswatch" / "reports"
        await until(pilot, lambda: any(str(folder) in str(n.message) for n in app._notifications))
        [written] = list(folder.glob("*.md"))
        assert written.name.startswith("kyrgyzstan-2020-")
        assert any(str(written) in str(n.message) for n in app._notifications)
    text = written.read_text(encoding="utf-8")
    assert text.startswith(f"# Situation report: {WATCH.name}")
    assert f"{injured.figure.value:,}" in text and "confirmed by alice" in text
    # A hostile title is listed as escaped text: no live link, image, emphasis, escape
    # sequence or table cell; its javascript: address is not written at all.
    assert (
        r"Bishkek \[click\](javascript:alert(1)) \*\*now\*\* \<img src=x\> \]0;pwned \| cell"
        in text
    )
    assert "javascript" not in text.replace("(javascript:alert(1))", "") and "\x1b" not in text
