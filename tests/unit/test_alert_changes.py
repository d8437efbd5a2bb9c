"""The pure change detector on scenarios: counters and results tables built by the real tally
from hand-made reports, compared with what was last announced."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from crisiswatch.alerts.changes import Alert, ChangeKind, changes, watch_headlines
from crisiswatch.config import Election, Party
from crisiswatch.models import (
    Figure,
    FigureReport,
    Kind,
    PartyShare,
    Qual,
    RaceStatus,
    Scope,
    ShareReport,
    StatusMention,
    StatusReport,
)
from crisiswatch.tally.casualties import casualty_counters
from crisiswatch.tally.results import race_tables

T0 = datetime(2020, 10, 6, 8, 0, tzinfo=UTC)
NOW = datetime(2020, 10, 6, 12, 0, tzinfo=UTC)
ELECTION = Election(
    seats=120,
    threshold=7.0,
    parties=(Party("Birimdik"), Party("Mekenim Kyrgyzstan"), Party("Butun Kyrgyzstan")),
)


def killed(
    item: int,
    value: int,
    minutes: float,
    *,
    by: str | None = "the health ministry",
    qual: Qual = Qual.EXACT,
    feed: str = "AKIpress",
) -> FigureReport:
    sentence = f"{value} people died, {by or 'reports'} said."
    return FigureReport(
        figure=Figure(Kind.KILLED, value, qual, None, by, sentence, 0, 2, scope=Scope.RUNNING),
        item_id=item,
        source=feed,
        at=T0 + timedelta(minutes=minutes),
        title=f"story {item}",
        url=f"https://news.example/{item}",
    )


def share(item: int, party: str, pct: float, minutes: float, reporting: float) -> ShareReport:
    return ShareReport(
        PartyShare(party, pct, True), item, "CEC", T0 + timedelta(minutes=minutes), reporting
    )


def status(item: int, st: RaceStatus, minutes: float) -> StatusReport:
    sentence = f"The commission declared the count {st.value}."
    return StatusReport(
        StatusMention(st, None, sentence, 0, len(sentence)),
        item,
        "CEC",
        T0 + timedelta(minutes=minutes),
    )


def alerts_for(
    previous: dict[str, str | None],
    figures: list[FigureReport] = (),  # type: ignore[assignment]
    shares: list[ShareReport] = (),  # type: ignore[assignment]
    statuses: list[StatusReport] = (),  # type: ignore[assignment]
) -> tuple[list[Alert], dict[str, str | None]]:
    """The alerts against `previous`, and the state to remember for the next round."""
    counters = casualty_counters(figures, watch="KG")
    tables = race_tables(shares, ELECTION, statuses)
    heads = watch_headlines(counters, tables)
    return changes("KG", previous, heads, NOW), {h.subject: h.value for h in heads}


def test_a_first_count_fires_with_its_source_sentence_and_link() -> None:
    _, empty = alerts_for({})
    fired, _ = alerts_for(empty, [killed(1, 2, 0)])
    assert [(a.kind, a.subject, a.old, a.new) for a in fired] == [
        (ChangeKind.COUNT, "killed", None, "2")
    ]
    a = fired[0]
    assert a.source == "health ministry"
    assert a.sentence == "2 people died, the health ministry said."
    assert a.link == "https://news.example/1"
    payload = a.payload()
    assert payload["time"] == "2020-10-06T12:00:00+00:00"
    assert payload["watch"] == "KG" and payload["kind"] == "count"
    assert "KG: killed none" in payload["message"]


def test_an_unchanged_tally_fires_nothing_and_a_rise_fires_once() -> None:
    reports = [killed(1, 2, 0)]
    _, state = alerts_for({}, reports)
    again, state = alerts_for(state, reports)
    assert again == []
    # The same figure carried by a second feed is not a change either.
    carried = [*reports, killed(2, 2, 5, feed="24.kg")]
    assert alerts_for(state, carried)[0] == []
    rose, state = alerts_for(state, [*carried, killed(3, 5, 600)])
    assert [(a.old, a.new) for a in rose] == [("2", "5")]
    assert alerts_for(state, [*carried, killed(3, 5, 600)])[0] == []


def test_a_new_disagreement_fires_and_its_settling_does_not() -> None:
    one = [killed(1, 590, 0, by="the health ministry")]
    _, state = alerts_for({}, one)
    two = [*one, killed(2, 600, 10, by="the police", qual=Qual.MORE_THAN)]
    fired, state = alerts_for(state, two)
    kinds = {a.kind: a for a in fired}
    assert ChangeKind.DISAGREEMENT in kinds
    d = kinds[ChangeKind.DISAGREEMENT]
    assert d.old is None and d.new is not None and "590" in d.new and "600" in d.new
    assert d.source == "police"  # the newest statement in the range
    # A later, higher toll from the ministry makes both out of date: agreement again.
    settled = [*two, killed(3, 700, 24 * 60, by="the health ministry")]
    fired, state = alerts_for(state, settled)
    assert [a.kind for a in fired] == [ChangeKind.COUNT]
    assert state["killed disagreement"] is None


def test_a_count_that_goes_away_fires_with_no_reports() -> None:
    _, state = alerts_for({}, [killed(1, 3, 0)])
    fired, _ = alerts_for(state, [])
    assert [(a.subject, a.old, a.new) for a in fired] == [("killed", "3", None)]
    assert "no reports" in fired[0].message


def test_results_fire_on_a_new_count_and_on_a_new_leader() -> None:
    first = [share(10, "Birimdik", 24.5, 0, 50.0), share(10, "Mekenim Kyrgyzstan", 23.9, 0, 50.0)]
    _, state = alerts_for({})
    fired, state = alerts_for(state, shares=first)
    assert [(a.kind, a.new) for a in fired] == [
        (ChangeKind.RESULTS, "Birimdik leads with 24.5%, 50% counted, count from CEC")
    ]
    # Same shares read again: nothing.
    assert alerts_for(state, shares=first)[0] == []
    # A more complete count where the leader changes.
    later = [
        *first,
        share(11, "Birimdik", 23.0, 60, 98.0),
        share(11, "Mekenim Kyrgyzstan", 24.0, 60, 98.0),
    ]
    fired, state = alerts_for(state, shares=later)
    assert [(a.old, a.new) for a in fired] == [
        (
            "Birimdik leads with 24.5%, 50% counted, count from CEC",
            "Mekenim Kyrgyzstan leads with 24%, 98% counted, count from CEC",
        )
    ]


def test_a_race_status_change_fires_each_time_it_moves() -> None:
    shares = [share(10, "Birimdik", 24.5, 0, 98.0)]
    _, state = alerts_for({}, shares=shares)
    prelim = [status(10, RaceStatus.PRELIMINARY, 0)]
    fired, state = alerts_for(state, shares=shares, statuses=prelim)
    assert [(a.kind, a.subject, a.new) for a in fired] == [
        (ChangeKind.STATUS, "parliamentary status", "preliminary")
    ]
    annulled = [*prelim, status(12, RaceStatus.ANNULLED, 24 * 60)]
    fired, state = alerts_for(state, shares=shares, statuses=annulled)
    assert [(a.old, a.new) for a in fired] == [("preliminary", "annulled")]
    assert fired[0].sentence == "The commission declared the count annulled."
    assert alerts_for(state, shares=shares, statuses=annulled)[0] == []


def test_a_change_back_fires_again() -> None:
    """What is compared is the value last announced, not every value ever seen."""
    _, state = alerts_for({}, [killed(1, 3, 0)])
    _, state = alerts_for(state, [])
    fired, _ = alerts_for(state, [killed(1, 3, 0)])
    assert [(a.old, a.new) for a in fired] == [(None, "3")]


def test_without_history_the_counters_stand_where_they_do_with_it() -> None:
    """The alerts tally skips the past states; where each counter stands must not change."""
    reports = [
        killed(i, 1 + (i * 7) % 23, i * 17.0, by=("the health ministry", "the police", None)[i % 3])
        for i in range(150)
    ]
    full = casualty_counters(reports, 3600.0, watch="KG")
    now = casualty_counters(reports, 3600.0, watch="KG", history=False)
    for kind in Kind:
        a, b = full[kind], now[kind]
        assert (a.label, a.range_label, a.disagree, a.sources, a.rule) == (
            b.label,
            b.range_label,
            b.disagree,
            b.sources,
            b.rule,
        )
        assert (a.headline is None) == (b.headline is None)
    assert full[Kind.KILLED].shown is not None
    assert len(full[Kind.KILLED].trend) > 1
