"""Feed text in a Markdown report or a CSV cell is text, and export windows read strictly."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from crisiswatch.exports.inert import cell, md
from crisiswatch.exports.period import BadTime, parse_when, period
from crisiswatch.exports.sitrep import link


@pytest.mark.parametrize(
    ("text", "written"),
    [
        ("[x](http://evil)", r"\[x\](http\://evil)"),
        ("![img](x)", r"\!\[img\](x)"),
        ("*a* _b_ `c` ~d~", r"\*a\* \_b\_ \`c\` \~d\~"),
        ("<script>&amp;", r"\<script\>\&amp;"),
        ("a | b", r"a \| b"),
        ("# not a heading", r"\# not a heading"),
        ("- not a list", r"\- not a list"),
        ("1. not a list", r"1\. not a list"),
        ("see www.evil.example or a@b.example", r"see www\.evil.example or a\@b.example"),
        ("line\nbreak\x1b[31m red\u202e", r"line break\[31m red"),
        ("Бишкек: 590 injured", "Бишкек: 590 injured"),
    ],
)
def test_markdown_text_is_escaped(text: str, written: str) -> None:
    assert md(text) == written


@pytest.mark.parametrize(
    ("value", "written"),
    [
        ("=1+2", "'=1+2"),
        ("+SUM(A1)", "'+SUM(A1)"),
        ("-2+3", "'-2+3"),
        ("@cmd", "'@cmd"),
        ("\t=1", " =1"),
        ("590 injured", "590 injured"),
        (None, ""),
        (-5, -5),
    ],
)
def test_csv_cells_never_start_a_formula(value: object, written: object) -> None:
    assert cell(value) == written


def test_links_are_only_plain_http_addresses() -> None:
    assert link("javascript:alert(1)") == ""
    assert link("https://x.example/a b>c") == "<https://x.example/a%20b%3Ec>"


def test_times_are_utc_and_a_date_until_is_the_whole_day() -> None:
    assert parse_when("--since", "2020-10-06", end=False) == datetime(2020, 10, 6, tzinfo=UTC)
    assert parse_when("--until", "2020-10-06", end=True) == datetime(2020, 10, 7, tzinfo=UTC)
    assert parse_when("--since", "2020-10-06T12:30+06:00", end=False) == datetime(
        2020, 10, 6, 6, 30, tzinfo=UTC
    )
    assert parse_when("--since", "2020-10-06 12:30Z", end=False).hour == 12
    with pytest.raises(BadTime, match="--since '06/10/2020': not a UTC date or time"):
        parse_when("--since", "06/10/2020", end=False)
    with pytest.raises(BadTime, match="not before"):
        period("2020-10-06T12:00", "2020-10-06T12:00")
    window = period("2020-10-06", None)
    assert window.holds(datetime(2030, 1, 1, tzinfo=UTC))
    assert not window.holds(datetime(2020, 10, 5, 23, 59, tzinfo=UTC))
