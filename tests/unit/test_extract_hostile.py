"""Hostile input: extraction work grows linearly with the text, and one item's yield is bounded.

Work is counted, not timed: the Python lines the extractor runs (a deterministic measure that
the per-figure scans of the old reader made grow with the square of the text)."""

from __future__ import annotations

import sys
from types import FrameType
from typing import Any

import pytest

from crisiswatch.extract import extract
from crisiswatch.extract.mentions import MAX_MENTIONS, MAX_MENTIONS_PER_KIND, MAX_QUOTE
from crisiswatch.models import Kind

UNITS = [
    "3 dead, ",
    "Police said 3 people were killed and 12 injured in Osh, ",
    "Two more were hurt, the ministry said; ",
    "Medics said 4 were wounded and 2 detained in 2019 when the clashes began, ",
    "A protester was shot dead and another man was detained. ",
    "Crowds of 5,000 gathered and 20 were arrested, while doctors reported 7 injured\n",
]


def _work(text: str) -> int:
    lines = 0

    def tracer(frame: FrameType, event: str, arg: Any) -> Any:
        nonlocal lines
        lines += 1
        return tracer

    old = sys.gettrace()
    sys.settrace(tracer)
    try:
        extract(text)
    finally:
        sys.settrace(old)
    return lines


def _repeat(unit: str, n: int) -> str:
    return (unit * (n // len(unit) + 1))[:n]


@pytest.mark.parametrize("unit", UNITS)
def test_doubling_the_text_at_most_about_doubles_the_work(unit: str) -> None:
    extract(_repeat(unit, 2000))  # warm the caches, so both runs below start alike
    small, large, larger = (_work(_repeat(unit, n)) for n in (6000, 12000, 24000))
    assert large <= 2.2 * small, (small, large)
    assert larger <= 2.2 * large, (large, larger)


def test_a_repeated_figure_yields_a_bounded_number_of_short_mentions() -> None:
    ex = extract(_repeat("3 dead, ", 20000))
    killed = [f for f in ex.figures if f.kind is Kind.KILLED]
    assert 0 < len(killed) <= MAX_MENTIONS_PER_KIND
    assert all(len(f.sentence) <= MAX_QUOTE for f in ex.figures)


def test_an_item_yields_at_most_max_mentions_in_all() -> None:
    text = _repeat("4 killed, 9 injured, 7 arrested, 5,000 gathered; ", 30000)
    ex = extract(text)
    assert len(ex.figures) <= MAX_MENTIONS
    assert {f.kind for f in ex.figures} >= {Kind.KILLED, Kind.INJURED, Kind.ARRESTED}


def test_a_long_sentence_quotes_the_part_around_its_figure() -> None:
    text = "Filler words go on here " * 40 + "and 14 people were injured near the end " * 2
    ex = extract(text)
    f = ex.figures[0]
    assert len(f.sentence) <= MAX_QUOTE
    assert text[f.start : f.end] in f.sentence
