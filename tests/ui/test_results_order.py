"""The results pane keeps its rows in the tally's order, worked out from the shares themselves:
two shares that both read "24.52%" still stand in the order of their values, and names that
differ only in case sort as the tally (and `crisiswatch tally`) sorts them."""

from __future__ import annotations

from datetime import UTC, datetime

from rich.text import Text
from textual.app import App, ComposeResult

from crisiswatch.tally.results import PartyRow, ResultsTable
from crisiswatch.ui.panes.results import ResultsPane
from crisiswatch.ui.tables import KeyTable

AT = datetime(2020, 10, 5, 1, 45, tzinfo=UTC)


def table(*shares: tuple[str, float]) -> ResultsTable:
    """A race's table with its rows as the tally orders them: by share, then by name."""
    rows = [PartyRow(p, pct, None, None, pct >= 7.0, None, True, "CEC", AT) for p, pct in shares]
    rows.sort(key=lambda row: (-row.pct, row.party.casefold()))
    return ResultsTable(rows=tuple(rows), threshold=7.0, source="CEC")


class Host(App[None]):
    def compose(self) -> ComposeResult:
        yield ResultsPane(id="results")
        yield KeyTable(id="plain")


async def test_rows_stand_in_the_order_of_their_values_not_of_their_text() -> None:
    app = Host()
    async with app.run_test(size=(120, 30)) as pilot:
        pane = app.query_one(ResultsPane)
        pane.show(table(("Alpha", 30.0), ("Beta", 20.0), ("Gamma", 1.0)), "Vote", True)
        await pilot.pause()
        assert pane.parties() == ["Alpha", "Beta", "Gamma"]
        pane.show(table(("Alpha", 24.519), ("Beta", 24.521), ("Gamma", 1.0)), "Vote", True)
        await pilot.pause()
        assert "24.52%" in str(pane.table.get_cell("Alpha", "share"))
        assert "24.52%" in str(pane.table.get_cell("Beta", "share"))
        assert pane.parties() == ["Beta", "Alpha", "Gamma"]
        pane.show(table(("Beta", 10.0), ("alpha", 10.0), ("Gamma", 1.0)), "Vote", True)
        await pilot.pause()
        assert pane.parties() == ["alpha", "Beta", "Gamma"]


async def test_order_rows_puts_rows_in_the_order_of_their_keys() -> None:
    app = Host()
    async with app.run_test(size=(80, 20)) as pilot:
        plain = app.query_one("#plain", KeyTable)
        plain.add_column("name", key="name")
        for name in ("c", "a", "b"):
            plain.add_row(Text(name.upper()), key=name)
        plain.update_cell("a", "name", Text("A again"))
        plain.order_rows(["a", "b", "c"])
        await pilot.pause()
        assert [str(k.value) for k in plain.rows] == ["c", "a", "b"], "rows keep insertion order"
        assert [plain.get_row_at(n)[0].plain for n in range(3)] == ["A again", "B", "C"]
