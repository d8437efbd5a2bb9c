"""Results table: one count (the most complete), its source's previous count, seats, history."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from crisiswatch.config import Election, Party, SeatMethod
from crisiswatch.keywords import keyword_match
from crisiswatch.models import PartyShare, ShareReport
from crisiswatch.tally.results import earlier_mark, party_history, results_table

T0 = datetime(2020, 10, 5, 6, 0, tzinfo=UTC)
BALLOT = Election(
    seats=120,
    threshold=7.0,
    method=SeatMethod.HARE,
    parties=tuple(
        Party(n)
        for n in (
            "Birimdik",
            "Mekenim Kyrgyzstan",
            "Kyrgyzstan",
            "Butun Kyrgyzstan",
            "Ata-Jurt Kyrgyzstan",
        )
    ),
)


def rep(
    party: str,
    pct: float,
    item: int,
    hours: float,
    reporting: float | None,
    known: bool = True,
    source: str = "Wire",
) -> ShareReport:
    return ShareReport(
        PartyShare(party, pct, known),
        item,
        source,
        T0 + timedelta(hours=hours),
        reporting_pct=reporting,
    )


def seed_reports() -> list[ShareReport]:
    early = [rep("Birimdik", 24.0, 1, 0, 60.0), rep("Mekenim Kyrgyzstan", 24.3, 1, 0, 60.0)]
    late = [
        rep("Birimdik", 24.52, 2, 20, 98.0, source="Sputnik"),
        rep("Mekenim Kyrgyzstan", 23.89, 2, 20, 98.0, source="Sputnik"),
        rep("Kyrgyzstan", 8.73, 2, 20, 98.0, source="Sputnik"),
        rep("Butun Kyrgyzstan", 7.11, 2, 20, 98.0, source="Sputnik"),
        rep("Ata-Jurt Kyrgyzstan", 4.64, 2, 20, 98.0, source="Sputnik"),
    ]
    return early + late


def test_seed_table() -> None:
    t = results_table(seed_reports(), BALLOT)
    assert [(r.party, r.pct, r.seats, r.over_threshold) for r in t.rows] == [
        ("Birimdik", 24.52, 46, True),
        ("Mekenim Kyrgyzstan", 23.89, 45, True),
        ("Kyrgyzstan", 8.73, 16, True),
        ("Butun Kyrgyzstan", 7.11, 13, True),
        ("Ata-Jurt Kyrgyzstan", 4.64, 0, False),
    ]
    assert t.reporting_pct == 98.0 and t.source == "Sputnik" and t.projected
    assert t.threshold == 7.0 and t.seats_total == 120 and t.method is SeatMethod.HARE
    # Wire's 60% count is another source's: no change is worked out against it.
    assert t.previous is None and all(r.change is None for r in t.rows)
    assert not any(r.from_earlier for r in t.rows)


def test_same_time_higher_reporting_wins() -> None:
    a = rep("Birimdik", 20.0, 1, 5, 50.0)
    b = rep("Birimdik", 25.0, 2, 5, 90.0)
    t = results_table([b, a], BALLOT)
    assert t.rows[0].pct == 25.0 and t.rows[0].previous_pct == 20.0


def test_most_complete_count_wins_over_a_newer_less_complete_one() -> None:
    full = [rep("Birimdik", 24.5, 1, 0, 98.0), rep("Kyrgyzstan", 8.7, 1, 0, 98.0)]
    partial = [rep("Birimdik", 26.0, 2, 3, 50.0, source="Blog")]
    t = results_table(full + partial, BALLOT)
    assert (t.source, t.reporting_pct) == ("Wire", 98.0)
    assert [(r.party, r.pct) for r in t.rows] == [("Birimdik", 24.5), ("Kyrgyzstan", 8.7)]


def test_table_never_mixes_counts() -> None:
    """The 98% count's shares only; a party it leaves out is marked, with no seats."""
    early = [
        rep("Birimdik", 25.1, 1, 0, 50.0),
        rep("Butun Kyrgyzstan", 7.02, 1, 0, 50.0),
        rep("Mekenim Kyrgyzstan", 23.4, 1, 0, 50.0),
    ]
    late = [
        rep("Birimdik", 24.52, 2, 8, 98.0, source="Monitor"),
        rep("Mekenim Kyrgyzstan", 23.89, 2, 8, 98.0, source="Monitor"),
    ]
    t = results_table(early + late, BALLOT)
    rows = {r.party: r for r in t.rows}
    assert rows["Birimdik"].pct == 24.52 and not rows["Birimdik"].from_earlier
    butun = rows["Butun Kyrgyzstan"]
    assert butun.from_earlier and butun.seats is None and butun.earlier_reporting_pct == 50.0
    assert earlier_mark(butun) == "from an earlier count, 50%"
    assert earlier_mark(rows["Birimdik"]) == ""
    assert sum(r.seats or 0 for r in t.rows) == 120
    assert {r.party for r in t.rows if r.seats} == {"Birimdik", "Mekenim Kyrgyzstan"}


def test_changes_compare_with_the_same_sources_previous_count() -> None:
    rs = [
        rep("Birimdik", 25.9, 1, 0, 15.0, source="CEC"),
        rep("Birimdik", 30.0, 2, 1, 40.0, source="Other"),
        rep("Birimdik", 24.52, 3, 9, 98.0, source="CEC"),
    ]
    t = results_table(rs, BALLOT)
    assert t.previous is not None and t.previous.reporting_pct == 15.0
    assert t.rows[0].previous_pct == 25.9 and t.rows[0].change == -1.38


def test_unknown_names_shown_but_not_projected() -> None:
    rs = [rep("Birimdik", 30.0, 1, 0, None), rep("Respublika", 10.0, 1, 0, None, known=False)]
    t = results_table(rs, BALLOT)
    rows = {r.party: r for r in t.rows}
    assert rows["Respublika"].seats is None and not rows["Respublika"].known
    assert rows["Birimdik"].seats == 120


def test_without_election() -> None:
    rs = [ShareReport(PartyShare("X", 40.0, False), 1, "W", T0, threshold_pct=5.0)]
    t = results_table(rs, None)
    assert not t.projected and t.threshold == 5.0 and t.rows[0].seats is None
    assert results_table([], None).rows == ()


def test_party_history() -> None:
    got = party_history(seed_reports(), "birimdik")
    assert [(pct, src) for _, pct, src in got] == [(24.0, "Wire"), (24.52, "Sputnik")]


def test_keyword_match_whole_words() -> None:
    assert keyword_match("Protests in Bishkek", ["bishkek"])
    assert not keyword_match("Kyrgyzstan votes", ["Kyrgyz"])
