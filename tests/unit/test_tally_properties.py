"""Properties of the casualty tally over arbitrary reports: order, headline, range, listing."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from crisiswatch.models import Figure, FigureReport, Kind, Qual, Scope
from crisiswatch.tally.casualties import Basis, casualty_counters

pytestmark = pytest.mark.slow

T0 = datetime(2020, 10, 6, tzinfo=UTC)
FEEDS = ("Wire", "Agency", "Blog", "AKIpress")
WHO = (None, "the health ministry", "Ministry of Health", "police", "Amnesty", "AKI Press")


@st.composite
def reports(draw: st.DrawFn) -> list[FigureReport]:
    n = draw(st.integers(0, 14))
    out = []
    for i in range(n):
        value = draw(st.integers(0, 900))
        qual = draw(st.sampled_from([Qual.EXACT, Qual.AT_LEAST, Qual.MORE_THAN, Qual.ABOUT]))
        fig = Figure(
            Kind.KILLED,
            value,
            qual,
            None,
            draw(st.sampled_from(WHO)),
            f"s{i}",
            0,
            1,
            vague=draw(st.booleans()),
            scope=draw(st.sampled_from(list(Scope))),
        )
        hours = draw(st.integers(0, 72))
        out.append(
            FigureReport(fig, i + 1, draw(st.sampled_from(FEEDS)), T0 + timedelta(hours=hours))
        )
    return out


@settings(max_examples=150, deadline=None)
@given(reports(), st.randoms(use_true_random=False))
def test_tally_is_a_function_of_the_reports_not_their_order(rs, rnd) -> None:  # type: ignore[no-untyped-def]
    shuffled = list(rs)
    rnd.shuffle(shuffled)
    assert casualty_counters(rs) == casualty_counters(shuffled)


@settings(max_examples=150, deadline=None)
@given(reports())
def test_every_report_is_listed_once_and_the_headline_is_in_its_range(rs) -> None:  # type: ignore[no-untyped-def]
    c = casualty_counters(rs)[Kind.KILLED]
    listed = [r for s in (*c.current, *c.earlier) for r in s.carriers]
    assert sorted(r.item_id for r in listed) == sorted(r.item_id for r in rs)
    if not rs:
        assert c.shown is None
        return
    assert c.shown is not None
    if c.basis is Basis.INCIDENTS:
        assert c.headline is None and c.shown.value == sum(s.value for s in c.incidents)
        return
    assert c.headline is not None and c.headline in c.in_range
    assert c.low is not None and c.high is not None
    assert c.low <= c.shown.value <= c.high
    assert c.disagree == (len({(s.value, s.figure.high) for s in c.in_range}) > 1)
