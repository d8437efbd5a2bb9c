"""The counter card, counter screen and results rows say what the tally decided, in words."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from crisiswatch.models import Figure, FigureReport, Kind, PartyShare, Qual, Scope, ShareReport
from crisiswatch.tally.casualties import HEADLINE_RULE, casualty_counters
from crisiswatch.tally.results import results_table
from crisiswatch.ui.panes.counters import detail_text, digits_for, note_text
from crisiswatch.ui.panes.results import row_cells
from crisiswatch.ui.screens.counter import counter_text

T0 = datetime(2020, 10, 6, 4, 0, tzinfo=UTC)


def arrest(value: int, feed: str, hours: float, who: str, scope: Scope) -> FigureReport:
    sentence = f"{who} held {value}."
    fig = Figure(Kind.ARRESTED, value, Qual.EXACT, None, who, sentence, 0, 1, scope=scope)
    return FigureReport(
        fig,
        item_id=int(hours) + value,
        source=feed,
        at=T0 + timedelta(hours=hours),
    )


def test_incident_sum_on_card_and_screen() -> None:
    a = arrest(14, "JSON Wire", 0, "police", Scope.INCIDENT)
    b = arrest(3, "Wire", 7, "the security service", Scope.INCIDENT)
    c = casualty_counters([a, b])[Kind.ARRESTED]
    assert digits_for(c) == "17"
    assert detail_text(c, T0).plain.startswith("at least · across 2 incidents · 2 sources")
    assert note_text(c).plain == ""
    screen = counter_text(Kind.ARRESTED, c, T0 + timedelta(hours=8)).plain
    assert "arrested: at least 17 across 2 incidents" in screen
    assert "Incidents, counted apart (2):" in screen and "security service" in screen
    assert screen.endswith(HEADLINE_RULE)


def test_disagreement_and_doubt_are_said_in_words() -> None:
    a = arrest(14, "A", 0, "police", Scope.INCIDENT)
    bare = arrest(20, "B", 1, "officials", Scope.UNKNOWN)
    unsure = casualty_counters([a, bare])[Kind.ARRESTED]
    assert note_text(unsure).plain == "? incidents unclear"
    low = arrest(30, "C", 2, "police", Scope.RUNNING)
    high = arrest(45, "D", 3, "a rights group", Scope.RUNNING)
    split = casualty_counters([low, high])[Kind.ARRESTED]
    assert note_text(split).plain == "⚠ sources disagree"
    assert "range 30 to 45" in detail_text(split, T0).plain
    screen = counter_text(Kind.ARRESTED, split, T0).plain
    assert "In the counter, ★ = headline (2):" in screen and "★ police" in screen


def test_row_from_an_earlier_count_is_marked_and_unchanged() -> None:
    def rep(party: str, pct: float, item: int, reporting: float) -> ShareReport:
        return ShareReport(PartyShare(party, pct, True), item, "CEC", T0, reporting_pct=reporting)

    t = results_table([rep("Ata-Meken", 3.4, 1, 50.0), rep("Birimdik", 24.5, 2, 98.0)], None)
    earlier = next(r for r in t.rows if r.party == "Ata-Meken")
    name, _, change, _, seats = row_cells(earlier, 25.0)
    assert name.plain == "Ata-Meken (from an earlier count, 50%)"
    assert change.plain == "—" and seats.plain == ""
