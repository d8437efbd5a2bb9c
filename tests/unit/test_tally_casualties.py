"""Casualty counters: sources, revision, out of date against disagreement, incidents, the rule."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

from crisiswatch.models import Figure, FigureReport, Kind, Qual, Scope
from crisiswatch.tally.casualties import (
    HEADLINE_RULE,
    TREND_POINTS,
    Basis,
    Counter,
    Status,
    casualty_counters,
)

T0 = datetime(2020, 10, 6, 8, 0, tzinfo=UTC)
HOUR = 3600.0


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
    scope: Scope = Scope.UNKNOWN,
) -> FigureReport:
    fig = Figure(kind, value, qual, None, attribution, "s", 0, 1, vague=vague, scope=scope)
    return FigureReport(
        fig, item_id=item or int(hours * 10) + value, source=source, at=T0 + timedelta(hours=hours)
    )


def injured(*reports: FigureReport, concurrent: float = 6 * HOUR) -> Counter:
    return casualty_counters(reports, concurrent)[Kind.INJURED]


def test_every_kind_present_and_empty_when_unreported() -> None:
    counters = casualty_counters([])
    assert set(counters) == set(Kind)
    c = counters[Kind.KILLED]
    assert c.shown is None and c.basis is Basis.NONE and c.sources == 0 and c.trend == ()
    assert c.label == "no reports yet" and c.low is None


def test_concurrent_sources_disagree_side_by_side() -> None:
    a = report(590, "UPI", 1, attribution="the health ministry via AKI Press")
    b = report(600, "UrduPoint", 2, qual=Qual.MORE_THAN, attribution="the UN")
    c = injured(b, a)
    assert c.headline is not None and c.headline.first is a
    assert (c.low, c.high, c.sources, c.disagree) == (590, 600, 2, True)
    assert c.range_label == "590 to more than 600"
    assert "health ministry" in c.rule and "most conservative" in c.rule


def test_the_window_decides_between_disagreement_and_out_of_date() -> None:
    a = report(590, "UPI", 0, attribution="the UN")
    b = report(600, "Wire", 5, attribution="the Red Cross")
    assert injured(a, b).disagree
    later = injured(a, b, concurrent=4 * HOUR)
    assert not later.disagree and later.shown is not None and later.shown.value == 600
    assert [(s.value, s.status) for s in later.earlier] == [(590, Status.OUT_OF_DATE)]


def test_an_at_least_figure_is_answered_by_any_later_higher_count() -> None:
    bound = report(100, "A", 0, qual=Qual.MORE_THAN, attribution="police")
    count = report(140, "B", 1)
    c = injured(bound, count)
    assert not c.disagree and c.shown is not None and c.shown.value == 140


def test_a_later_lower_figure_does_not_answer_a_higher_one() -> None:
    rights = report(200, "Rights Wire", 0, attribution="Human Rights Watch")
    official = report(50, "State TV", 48, attribution="the interior ministry")
    c = injured(rights, official)
    assert c.disagree and c.shown is not None and c.shown.value == 50
    assert [s.source.label for s in c.in_range] == ["interior ministry", "Human Rights Watch"]


def test_a_repeated_figure_stands_as_long_as_it_is_repeated() -> None:
    first = report(12, "State TV", 0, attribution="the interior ministry")
    rights = report(48, "Rights Wire", 10, attribution="Amnesty")
    again = report(12, "Wire", 30, attribution="Ministry of Internal Affairs")
    c = injured(first, rights, again)
    assert c.disagree and c.headline is not None
    assert c.headline.carriers == (first, again)
    alone = injured(first, rights)  # not repeated: ten hours later the 48 answers the 12
    assert alone.headline is not None and alone.headline.first is rights


def test_newer_report_from_same_source_revises_even_downwards() -> None:
    old = report(250, "Wire", 1)
    new = report(100, "Agency", 5, attribution="Ministry of Health")
    c = injured(new, old)
    assert c.headline is not None and c.headline.first is new
    assert [(s.value, s.status) for s in c.earlier] == [(250, Status.REVISED)]
    assert c.trend == (250, 100) and c.last_changed == new.at and not c.disagree


def test_named_figures_beat_unattributed_lower_ones() -> None:
    loose = report(10, "Blog", 1, attribution=None)
    sourced = report(40, "Wire", 2)
    c = injured(loose, sourced)
    assert c.headline is not None and c.headline.first is sourced and c.low == 10


def test_vague_amount_is_covered_by_a_count() -> None:
    vague = report(12, "A", 3, qual=Qual.AT_LEAST, vague=True, attribution="doctors")
    count = report(45, "B", 2)
    c = injured(vague, count)
    assert c.headline is not None and c.headline.first is count and not c.disagree
    assert {s.status for s in c.current} == {Status.CURRENT, Status.COVERED}


def test_ties_broken_by_time_then_source() -> None:
    x = report(7, "Beta", 1, item=1, attribution="the Beta council")
    y = report(7, "Alpha", 1, item=2, attribution="the Alpha council")
    z = report(7, "Gamma", 3, item=3, attribution="the Gamma council")
    assert injured(x, y, z).headline.first is z  # type: ignore[union-attr]
    assert injured(x, y).headline.first is y  # type: ignore[union-attr]


def test_unattributed_repeat_of_a_named_figure_is_the_same_report() -> None:
    named = report(686, "Agency", 1)
    repeat = report(686, "Broadcaster", 3, qual=Qual.AT_LEAST, attribution=None)
    c = injured(named, repeat)
    assert c.headline is not None and c.headline.feeds == ("Agency", "Broadcaster")
    assert c.sources == 1 and len(c.current) == 1


def test_running_toll_covers_lower_figures_of_unstated_scope() -> None:
    toll = report(103, "Wire", 0, scope=Scope.RUNNING, attribution="OHCHR")
    bare = report(1, "Local", 2, attribution=None)
    higher = report(130, "Blog", 1, attribution=None)
    c = injured(toll, bare, higher)
    assert c.basis is Basis.TOLL and c.headline is not None and c.headline.first is toll
    assert c.disagree and c.range_label == "103 to 130"
    assert next(s for s in c.current if s.value == 1).status is Status.COVERED


def test_incidents_add_up_and_a_toll_covers_them() -> None:
    a = report(14, "A", 0, kind=Kind.ARRESTED, scope=Scope.INCIDENT, attribution="police")
    b = report(3, "B", 10, kind=Kind.ARRESTED, scope=Scope.INCIDENT, attribution="GKNB")
    alone = casualty_counters([a, b])[Kind.ARRESTED]
    assert alone.basis is Basis.INCIDENTS and alone.label == "at least 17 across 2 incidents"
    assert alone.sources == 2 and "14 (police)" in alone.rule
    toll = report(40, "C", 12, kind=Kind.ARRESTED, scope=Scope.RUNNING, attribution="police")
    covered = casualty_counters([a, b, toll])[Kind.ARRESTED]
    assert covered.basis is Basis.TOLL and covered.label == "40" and covered.unsure is None
    assert len(covered.incidents) == 2
    late = report(5, "D", 30, kind=Kind.ARRESTED, scope=Scope.INCIDENT, attribution="police")
    after = casualty_counters([a, b, toll, late])[Kind.ARRESTED]
    assert (
        after.label == "40"
        and after.unsure is not None
        and "after the running toll" in after.unsure
    )


def test_unsure_when_a_figure_may_or_may_not_include_incidents() -> None:
    a = report(14, "A", 0, kind=Kind.ARRESTED, scope=Scope.INCIDENT, attribution="police")
    bare = report(20, "B", 2, kind=Kind.ARRESTED, attribution="officials")
    c = casualty_counters([a, bare])[Kind.ARRESTED]
    assert c.basis is Basis.FIGURE and c.label == "20"
    assert c.unsure is not None and "Cannot tell" in c.unsure and c.unsure in c.rule


def test_equal_incident_counts_are_one_incident() -> None:
    a = report(14, "A", 0, kind=Kind.ARRESTED, scope=Scope.INCIDENT, attribution="police")
    b = report(14, "B", 1, kind=Kind.ARRESTED, attribution=None)
    c = casualty_counters([a, b])[Kind.ARRESTED]
    assert c.label == "14 in one incident" and c.incidents[0].feeds == ("A", "B")


def test_order_of_input_does_not_matter() -> None:
    rs = [report(v, s, h) for v, s, h in [(5, "A", 1), (9, "B", 2), (3, "A", 4), (8, "C", 3)]]
    assert casualty_counters(rs) == casualty_counters(list(reversed(rs)))


def test_long_histories_sample_the_trend() -> None:
    rs = [report(100 + n, "Wire", n, attribution="police") for n in range(300)]
    c = injured(*rs)
    assert c.shown is not None and c.shown.value == 399
    assert 50 < len(c.trend) <= TREND_POINTS and c.trend[-1] == 399


def test_rule_is_documented() -> None:
    for words in ("most conservative", "out of date", "in disagreement", "across K incidents"):
        assert words in HEADLINE_RULE


def test_readme_quotes_the_rule_word_for_word() -> None:
    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")
    section = readme.split("## How the counters decide", 1)[1].split("\n## ", 1)[0]
    quoted = " ".join(line[2:] for line in section.splitlines() if line.startswith("> "))
    assert quoted == HEADLINE_RULE
