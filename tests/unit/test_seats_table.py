"""The results table under a watch's seat rules: reserved seats left out, a bloc judged by its
own threshold, the caveats carried to `tally` and `tally --json`."""

from __future__ import annotations

from datetime import UTC, datetime

from rich.console import Console

from crisiswatch.config import Election, Party, SeatMethod, ThresholdBase
from crisiswatch.console_views import results_view
from crisiswatch.models import PartyShare, ShareReport
from crisiswatch.tally.export import results_json
from crisiswatch.tally.results import results_table

T0 = datetime(2020, 2, 29, 22, 0, tzinfo=UTC)
ELECTION = Election(
    seats=110,
    threshold=5.0,
    method=SeatMethod.DROOP,
    parties=(Party("Union"), Party("Pair", bloc=2), Party("Civic")),
    bloc_thresholds=((2, 7.0),),
    reserved=10,
    districts=True,
)


def reports(shares: dict[str, float]) -> list[ShareReport]:
    return [
        ShareReport(PartyShare(p, pct, True), 1, "Wire", T0, reporting_pct=99.0)
        for p, pct in shares.items()
    ]


def test_reserved_seats_bloc_threshold_and_caveats() -> None:
    table = results_table(reports({"Union": 48.5, "Civic": 22.4, "Pair": 6.1}), ELECTION)
    seats = {r.party: r.seats for r in table.rows}
    over = {r.party: r.over_threshold for r in table.rows}
    assert seats["Pair"] == 0 and not over["Pair"]
    assert seats["Union"] is not None and seats["Civic"] is not None
    assert seats["Union"] + seats["Civic"] == 100
    assert table.reserved == 10
    assert table.threshold_note == " (blocs of 2+: 7%)"
    assert any("district" in c for c in table.caveats)
    data = results_json(table)
    assert data["reserved"] == 10 and data["caveats"] == list(table.caveats)


def test_cast_base_unknown_is_said_in_tally() -> None:
    election = Election(
        seats=120, threshold=7.0, threshold_base=ThresholdBase.CAST, parties=(Party("A"),)
    )
    table = results_table(reports({"A": 7.1}), election)
    console = Console(width=200, record=True, color_system=None)
    for part in results_view(table, 0, 1):
        console.print(part)
    out = console.export_text()
    assert "at or over 7% (of ballots cast)" in out
    assert "blank and invalid ballots are not known" in out


def test_no_caveats_without_rules() -> None:
    table = results_table(reports({"A": 60.0, "B": 40.0}), Election(seats=10, threshold=5.0))
    assert table.caveats == () and table.reserved == 0 and table.threshold_note == ""
