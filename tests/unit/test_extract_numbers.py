"""Number reading: digits, separators, scales, word numbers, dozens and vague amounts."""

from __future__ import annotations

import pytest

from crisiswatch.extract import extract
from crisiswatch.extract.numbers import VAGUE_LOWER_BOUNDS, find_numbers, parse_number
from crisiswatch.models import Kind


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("590", 590),
        ("1,200", 1200),
        ("12,345,678", 12_345_678),
        ("1.2 thousand", 1200),
        ("2.5 million", 2_500_000),
        ("5k", 5000),
        ("one", 1),
        ("twelve", 12),
        ("twenty-three", 23),
        ("ninety nine", 99),
        ("a hundred", 100),
        ("one hundred and five", 105),
        ("three thousand two hundred", 3200),
        ("a dozen", 12),
        ("two dozen", 24),
        ("half a dozen", 6),
        # thousands grouped as many languages write them
        ("1 200", 1200),
        ("12\u00a0300", 12300),
        ("1\u202f000\u202f000", 1_000_000),
        ("2.000", 2000),
        ("12.500.000", 12_500_000),
    ],
)
def test_exact_numbers(text: str, value: int) -> None:
    assert parse_number(text) == (value, False)


@pytest.mark.parametrize(
    ("text", "bound"),
    [
        ("tens", 10),
        ("dozens", 12),
        ("scores", 20),
        ("hundreds", 100),
        ("thousands", 1000),
        ("tens of thousands", 10_000),
        ("several thousand", 1000),
    ],
)
def test_vague_amounts_keep_their_documented_lower_bound(text: str, bound: int) -> None:
    assert parse_number(text) == (bound, True)


def test_documented_bounds_match_acled() -> None:
    assert VAGUE_LOWER_BOUNDS["dozens"] == 12
    assert VAGUE_LOWER_BOUNDS["hundreds"] == 100


def test_decimals_are_not_counts() -> None:
    assert parse_number("24.52") is None


def test_find_numbers_spans() -> None:
    text = "About 2,000 people and twenty-three police"
    found = find_numbers(text)
    assert [(n.value, text[n.start : n.end]) for n in found] == [
        (2000, "2,000"),
        (23, "twenty-three"),
    ]


def test_words_inside_other_words_are_not_numbers() -> None:
    assert find_numbers("someone said the tone was noneless") == []


@pytest.mark.parametrize(
    ("text", "kind", "value"),
    [
        ("At least 1\u00a0000 people were detained.", "arrested", 1000),
        ("Police detained 12 300 people.", "arrested", 12300),
        ("Some 2.000 people were arrested in Berlin.", "arrested", 2000),
    ],
)
def test_grouped_thousands_are_one_count(text: str, kind: str, value: int) -> None:
    got = extract(text).totals[Kind(kind)]
    assert got is not None and got.value == value


def test_a_decimal_before_a_scale_is_no_grouped_number() -> None:
    assert parse_number("2.5 million") == (2_500_000, False)
    assert parse_number("24.5") is None
