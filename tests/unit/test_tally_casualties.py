"""Casualty counters: supersession, the conservative headline rule, range, trend, explanation."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from crisiswatch.models import Figure, FigureReport, Kind, Qual
from crisiswatch.tally.casualties import HEADLINE_RULE, casualty_counters

T0 = datetime(2020, 10, 6, 8, 0, tzinfo=UTC)


def report(
    value: int,
    source: str,
    hours: float,
    *,
    kind: Kind = Kind.INJURED,
    qual: Qual = Qual.EXACT,
    attribution: str | None = "the health ministry",
    item: int = 0,
    vague: bool = False,
) -> FigureReport:
    fig = Figure(kind, value, qual, None, attribution, "s", 0, 1, vague=vague)
    return FigureReport(
        fig, item_id=item or int(hours * 10) + value, source=source, at=T0 + timedelta(hours=hours)
    )


def test_every_kind_present_and_empty_when_unreported() -> None:
    counters = casualty_counters([])
    assert set(counters) == set(Kind)
    c = counters[Kind.KILLED]
    assert c.headline is None and c.sources == 0 and c.trend == () and c.low is None


def test_seed_sources_disagree_side_by_side() -> None:
    a = report(590, "UPI", 1, attribution="the health ministry via AKI Press")
    b = report(600, "UrduPoint", 2, qual=Qual.MORE_THAN, attribution="the UN")
    c = casualty_counters([b, a])[Kind.INJURED]
    assert c.headline is a
    assert (c.low, c.high, c.sources, c.disagree) == (590, 600, 2, True)
    assert "UPI" in c.rule and "lowest" in c.rule


def test_newer_report_from_same_source_supersedes() -> None:
    old = report(100, "Wire", 1)
    new = report(250, "Wire", 5)
    c = casualty_counters([new, old])[Kind.INJURED]
    assert c.current == (new,)
    assert c.superseded == (old,)
    assert c.headline is new
    assert c.trend == (100, 250)
    assert c.last_changed == new.at
    assert not c.disagree


def test_attributed_figures_beat_unattributed_lower_ones() -> None:
    loose = report(10, "Blog", 1, attribution=None)
    sourced = report(40, "Wire", 2)
    c = casualty_counters([loose, sourced])[Kind.INJURED]
    assert c.headline is sourced
    assert c.low == 10


def test_counts_beat_vague_amounts() -> None:
    vague = report(12, "A", 1, qual=Qual.AT_LEAST, vague=True)
    count = report(45, "B", 2)
    assert casualty_counters([vague, count])[Kind.INJURED].headline is count


def test_ties_broken_by_time_then_source() -> None:
    x = report(7, "Beta", 1, item=1)
    y = report(7, "Alpha", 1, item=2)
    z = report(7, "Gamma", 3, item=3)
    assert casualty_counters([x, y, z])[Kind.INJURED].headline is z
    assert casualty_counters([x, y])[Kind.INJURED].headline is y


def test_order_of_input_does_not_matter() -> None:
    rs = [report(v, s, h) for v, s, h in [(5, "A", 1), (9, "B", 2), (3, "A", 4), (8, "C", 3)]]
    assert casualty_counters(rs) == casualty_counters(list(reversed(rs)))


def test_rule_is_documented() -> None:
    assert "lowest" in HEADLINE_RULE and "newest report from each source" in HEADLINE_RULE
