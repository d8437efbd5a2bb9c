"""Pilot tests for an analyst's decisions: each key on the counter and story screens, the form,
Enter on a report, and every decision read back from the store."""

from __future__ import annotations

from pathlib import Path

import pytest
from waiting import screen_text, settled, until

from crisiswatch.models import Kind, Qual
from crisiswatch.store import Store
from crisiswatch.store.decisions import decision_log
from crisiswatch.tally.decisions import Action, Decision
from crisiswatch.ui.app import CrisisApp
from crisiswatch.ui.screens.counter import CounterScreen
from crisiswatch.ui.screens.decide import DecisionForm
from crisiswatch.ui.screens.item import ItemScreen

pytestmark = pytest.mark.slow

SIZE = (160, 48)


@pytest.fixture(autouse=True)
def analyst(monkeypatch: pytest.MonkeyPatch) -> str:
    """The OS user the decisions are recorded under (getpass reads LOGNAME first)."""
    monkeypatch.setenv("LOGNAME", "alice")
    return "alice"


def log(db: Path) -> list[Decision]:
    with Store(db, readonly=True) as store:
        return decision_log(store)


async def open_injured(pilot, app: CrisisApp) -> CounterScreen:  # type: ignore[no-untyped-def]
    await settled(pilot)
    await pilot.press("tab", "l", "enter")
    await until(pilot, lambda: isinstance(app.screen, CounterScreen))
    screen = app.screen
    assert isinstance(screen, CounterScreen) and screen.kind is Kind.INJURED
    return screen


async def decided(pilot, app: CrisisApp, db: Path, n: int) -> list[Decision]:  # type: ignore[no-untyped-def]
    """Wait until the log holds n decisions and the app has read them back."""
    await until(pilot, lambda: len(log(db)) == n)
    await until(pilot, lambda: app.snapshot is not None and len(app.snapshot.decisions.log) == n)
    return log(db)


async def test_v_confirms_with_who_and_when_and_again_takes_it_back(
    db_path: Path, app_factory
) -> None:
    app = app_factory(db_path)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_injured(pilot, app)
        assert screen.report is not None and screen.report.figure.value == 686
        await pilot.press("v")
        [d] = await decided(pilot, app, db_path, 1)
        assert (d.action, d.item_id, d.value, d.user) == (
            Action.CONFIRM,
            screen.report.item_id,
            686,
            "alice",
        )
        assert "✓ confirmed by alice at 06 Oct 09:00 UTC" in screen_text(app)
        assert screen.counter is not None and screen.counter.headline is not None
        assert screen.counter.headline.confirmed is not None
        await pilot.press("v")
        *_, undo = await decided(pilot, app, db_path, 2)
        assert undo.action is Action.UNDO and undo.undoes == d.id
        await until(pilot, lambda: "confirmed by alice" not in screen_text(app))


async def test_x_rejects_with_a_reason_and_the_figure_leaves_the_tally(
    db_path: Path, app_factory
) -> None:
    app = app_factory(db_path)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_injured(pilot, app)
        await pilot.press("x")
        await until(pilot, lambda: isinstance(app.screen, DecisionForm))
        await pilot.press("enter")
        assert isinstance(app.screen, DecisionForm), "a rejection needs its reason"
        assert "is needed" in screen_text(app)
        await pilot.press(*"misread: 686 is the total since 2010", "enter")
        [d] = await decided(pilot, app, db_path, 1)
        assert d.action is Action.REJECT and d.note == "misread: 686 is the total since 2010"
        assert app.screen is screen
        await until(pilot, lambda: screen.counter is not None and bool(screen.counter.rejected))
        assert screen.counter is not None and screen.counter.shown is not None
        assert screen.counter.shown.value == 590, "the ministry's earlier figure stands again"
        text = screen_text(app)
        assert "Rejected by an analyst, out of the tally (1):" in text
        assert "✗ rejected by alice" in text and "misread: 686 is the total" in text
        await pilot.press("escape")
        await until(pilot, lambda: app.main.counters.card(Kind.INJURED).value_shown == "590")


async def test_escape_in_the_form_decides_nothing(db_path: Path, app_factory) -> None:
    app = app_factory(db_path)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_injured(pilot, app)
        await pilot.press("x", *"typo")
        await pilot.press("escape")
        await until(pilot, lambda: app.screen is screen)
        assert log(db_path) == []


async def test_p_pins_a_figure_the_card_says_so_and_again_unpins(
    db_path: Path, app_factory
) -> None:
    app = app_factory(db_path)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_injured(pilot, app)
        await pilot.press("down")
        assert screen.report is not None and screen.report.figure.value == 590
        await pilot.press("p")
        [pin] = await decided(pilot, app, db_path, 1)
        assert (pin.action, pin.watch, pin.value) == (Action.PIN, "Kyrgyzstan 2020", 590)
        await until(pilot, lambda: screen.counter is not None and screen.counter.pinned)
        text = screen_text(app)
        assert "⚑ pinned by alice" in text and "Pinned by alice at 06 Oct 09:00 UTC" in text
        await pilot.press("escape")
        card = app.main.counters.card(Kind.INJURED)
        await until(pilot, lambda: card.value_shown == "590")
        assert "⚑ pinned by alice" in screen_text(app)
        await pilot.press("enter")
        await until(pilot, lambda: isinstance(app.screen, CounterScreen))
        screen = app.screen
        assert isinstance(screen, CounterScreen)
        screen.query_one("#counter-reports").focus()
        while screen.report is None or screen.report.figure.value != 590:
            await pilot.press("j")
        await pilot.press("p")
        *_, unpin = await decided(pilot, app, db_path, 2)
        assert unpin.action is Action.UNDO and unpin.undoes == pin.id
        await until(pilot, lambda: screen.counter is not None and screen.counter.pin is None)


async def test_a_adds_a_figure_by_hand_with_its_source_and_note(db_path: Path, app_factory) -> None:
    app = app_factory(db_path)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_injured(pilot, app)
        await pilot.press("a")
        await until(pilot, lambda: isinstance(app.screen, DecisionForm))
        await pilot.press(*"dozens", "enter", *"Bishkek city hall", "enter", "enter")
        assert isinstance(app.screen, DecisionForm)
        assert "a figure reads" in screen_text(app), "a figure it cannot read is refused"
        form = app.screen
        form.query_one("#field-figure").value = "at least 700"  # type: ignore[attr-defined]
        form.query_one("#field-note").focus()
        await pilot.press(*"press conference 09:40", "enter")
        [d] = await decided(pilot, app, db_path, 1)
        assert (d.action, d.value, d.qual, d.source, d.note) == (
            Action.ADD,
            700,
            Qual.AT_LEAST,
            "Bishkek city hall",
            "press conference 09:40",
        )
        await until(
            pilot,
            lambda: (
                screen.counter is not None
                and screen.counter.shown is not None
                and screen.counter.shown.value == 700
            ),
        )
        text = screen_text(app)
        assert "alice (by hand)" in text and "press conference 09:40" in text


async def test_z_undoes_the_newest_decision_here(db_path: Path, app_factory) -> None:
    app = app_factory(db_path)
    async with app.run_test(size=SIZE) as pilot:
        await open_injured(pilot, app)
        await pilot.press("z")
        await pilot.press("v", "down", "p")
        first, second = await decided(pilot, app, db_path, 2)
        await pilot.press("z")
        *_, undo = await decided(pilot, app, db_path, 3)
        assert undo.undoes == second.id and second.action is Action.PIN
        await pilot.press("z")
        *_, undo = await decided(pilot, app, db_path, 4)
        assert undo.undoes == first.id


async def test_enter_on_a_report_opens_its_story_with_its_totals(
    db_path: Path, app_factory
) -> None:
    app = app_factory(db_path)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_injured(pilot, app)
        await pilot.press("down")
        assert screen.report is not None
        await pilot.press("enter")
        await until(pilot, lambda: isinstance(app.screen, ItemScreen) and bool(app.screen.views))
        item = app.screen
        assert isinstance(item, ItemScreen)
        assert item.item.title == "One killed and hundreds hurt in Bishkek clashes"
        [view] = item.views
        assert {(f.kind, f.value) for f in view.totals} == {(Kind.KILLED, 1), (Kind.INJURED, 590)}
        text = screen_text(app)
        assert "What counted (the text's total per kind):" in text
        assert "What counted in the tally" in text and "BBC Asia · injured 590" in text
        await pilot.press("escape")
        assert app.screen is screen


async def test_decisions_from_the_story_screen(db_path: Path, app_factory) -> None:
    app = app_factory(db_path)
    async with app.run_test(size=SIZE) as pilot:
        await settled(pilot)
        await pilot.press("j", "j", "enter")
        await until(pilot, lambda: isinstance(app.screen, ItemScreen) and bool(app.screen.reports))
        item = app.screen
        assert isinstance(item, ItemScreen) and item.report is not None
        first = item.report
        await pilot.press("v")
        [d] = await decided(pilot, app, db_path, 1)
        assert (d.item_id, d.kind) == (first.item_id, first.figure.kind)
        await until(pilot, lambda: "✓ confirmed by alice" in screen_text(app))
        await pilot.press("down", "x", *"wrong story", "enter")
        *_, rej = await decided(pilot, app, db_path, 2)
        assert rej.action is Action.REJECT and rej.item_id == first.item_id
        assert rej.kind is not first.figure.kind
        await pilot.press("p")
        *_, pin = await decided(pilot, app, db_path, 3)
        assert pin.action is Action.PIN and pin.watch == "Kyrgyzstan 2020"
        await pilot.press("z")
        *_, undo = await decided(pilot, app, db_path, 4)
        assert undo.undoes == pin.id


async def test_a_read_only_store_keeps_no_decision_and_says_so(db_path: Path, app_factory) -> None:
    app = app_factory(db_path, readonly=True)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await open_injured(pilot, app)
        await pilot.press("v")
        await until(
            pilot,
            lambda: any("decisions are not kept" in str(n.message) for n in app._notifications),
        )
        assert log(db_path) == []


async def test_typed_markup_stays_text(db_path: Path, app_factory) -> None:
    """What an analyst types is shown as typed: markup is not read, control characters go."""
    app = app_factory(db_path)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_injured(pilot, app)
        await pilot.press("x")
        await until(pilot, lambda: isinstance(app.screen, DecisionForm))
        form = app.screen
        form.query_one("#field-reason").value = "[@click=app.quit]wrong[/] \x1b]52;c;aGk=\x07 x"  # type: ignore[attr-defined]
        await pilot.press("enter")
        [d] = await decided(pilot, app, db_path, 1)
        assert d.note is not None and "\x1b" not in d.note and "\x07" not in d.note
        assert d.note.startswith("[@click=app.quit]wrong[/]")
        await until(pilot, lambda: screen.counter is not None and bool(screen.counter.rejected))
        assert "[@click=app.quit]wrong[/]" in screen_text(app)
        await pilot.click(offset=(10, 10))
        assert app.is_running


async def test_past_the_last_report_the_keys_scroll_to_the_rule(db_path: Path, app_factory) -> None:
    app = app_factory(db_path)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_injured(pilot, app)
        end = "figure added by hand is a running toll"
        assert end not in screen_text(app), "at 80x24 the rule ends below the screen"
        for _ in range(40):
            await pilot.press("j")
        assert screen.report is not None and screen.report.figure.value == 590
        assert end in screen_text(app)
        for _ in range(60):
            await pilot.press("k")
        assert screen.report is not None and screen.report.figure.value == 686
        assert "Why this figure" in screen_text(app)


async def test_a_hostile_user_name_from_another_account_stays_text(
    db_path: Path, app_factory, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Another account's decision carries its LOGNAME, which it chose: shown, never run."""
    from datetime import UTC, datetime

    name = "[@click=app.quit]mallory[/]"
    with Store(db_path) as store:
        from crisiswatch.store.decisions import record
        from crisiswatch.store.reads import figure_reports

        [r] = [x for x in figure_reports(store, "Kyrgyzstan 2020") if x.figure.value == 686]
        record(
            store,
            Decision(
                0,
                Action.PIN,
                Kind.INJURED,
                name,
                datetime(2020, 10, 6, 9, tzinfo=UTC),
                item_id=r.item_id,
                watch="Kyrgyzstan 2020",
            ),
        )
    app = app_factory(db_path)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await open_injured(pilot, app)
        assert f"⚑ pinned by {name}" in screen_text(app)
        await pilot.press("z")
        await until(pilot, lambda: f"undone: pin by {name}" in screen_text(app))
        assert app.is_running
