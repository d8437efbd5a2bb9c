"""The app's words in one place: qualified figures, ages, a share's change, a feed's health;
and the headless commands saying them as the tally and the TUI do."""

from __future__ import annotations

import io
from datetime import UTC, datetime, timedelta

import pytest
from rich.console import Console

from crisiswatch.console_views import health_table
from crisiswatch.models import FeedHealth, Qual
from crisiswatch.tally.decisions import parse_figure
from crisiswatch.wording import (
    QUALIFIERS,
    ago,
    change_words,
    figure_short,
    figure_words,
    health_words,
    words_before,
)

NOW = datetime(2020, 10, 6, 12, 0, tzinfo=UTC)


def test_every_qualifier_has_its_words_and_no_two_read_alike() -> None:
    assert set(QUALIFIERS) == set(Qual)
    names = [q.name for q in QUALIFIERS.values()]
    signs = [q.sign for q in QUALIFIERS.values() if q.sign]
    assert len(set(names)) == len(names) and len(set(signs)) == len(signs)


@pytest.mark.parametrize(
    ("value", "qual", "high", "words", "short"),
    [
        (1000, Qual.EXACT, None, "1,000", "1,000"),
        (590, Qual.AT_LEAST, None, "at least 590", "≥590"),
        (600, Qual.MORE_THAN, None, "more than 600", ">600"),
        (2000, Qual.ABOUT, None, "about 2,000", "~2,000"),
        (5, Qual.UP_TO, None, "up to 5", "≤5"),
        (10, Qual.RANGE, 15, "10–15", "10–15"),
        (10, Qual.RANGE, None, "10", "10"),
    ],
)
def test_a_figure_in_words_and_in_shorthand(
    value: int, qual: Qual, high: int | None, words: str, short: str
) -> None:
    assert figure_words(value, qual, high) == words
    assert figure_short(value, qual, high) == short


def test_words_before_the_digits_leave_exact_figures_and_ranges_bare() -> None:
    assert words_before(Qual.EXACT) == words_before(Qual.RANGE) == ""
    assert words_before(Qual.AT_LEAST) == "at least"
    assert QUALIFIERS[Qual.EXACT].name == "exact" and QUALIFIERS[Qual.RANGE].name == "between"


@pytest.mark.parametrize(
    ("value", "qual", "high"),
    [
        (590, Qual.EXACT, None),
        (12, Qual.AT_LEAST, None),
        (1200, Qual.MORE_THAN, None),
        (40, Qual.ABOUT, None),
        (7, Qual.UP_TO, None),
        (10, Qual.RANGE, 15),
    ],
)
def test_a_figure_as_the_app_writes_it_can_be_typed_back(
    value: int, qual: Qual, high: int | None
) -> None:
    assert parse_figure(figure_words(value, qual, high)) == (value, qual, high)


@pytest.mark.parametrize(
    ("when", "text"),
    [
        (None, "never"),
        (NOW - timedelta(seconds=30), "30 s ago"),
        (NOW - timedelta(minutes=4, seconds=59), "4 min ago"),
        (NOW + timedelta(hours=2, minutes=10), "in 2 h"),
        (NOW - timedelta(days=3, hours=23), "3 d ago"),
    ],
)
def test_ago(when: datetime | None, text: str) -> None:
    assert ago(when, NOW) == text


def test_a_change_says_its_direction_in_its_sign() -> None:
    assert change_words(0.52) == "▲0.52"
    assert change_words(-1.0) == "▼1.00"
    assert change_words(0.0) == "="
    assert change_words(None) == "new"
    assert change_words(None, from_earlier=True) == "—"


def health(**kw: object) -> FeedHealth:
    base: dict[str, object] = {
        "name": "wire",
        "url": "http://127.0.0.1/wire",
        "last_attempt": NOW - timedelta(minutes=4),
        "last_success": NOW - timedelta(minutes=4),
        "last_status": 200,
        "last_error": None,
        "failures": 0,
        "next_poll": NOW + timedelta(minutes=6),
        "items_total": 12,
    }
    return FeedHealth(**{**base, **kw})  # type: ignore[arg-type]


def test_a_feed_in_good_health() -> None:
    w = health_words(health(), NOW)
    assert (w.sign, w.state, w.status) == ("✓", "ok", "200")
    assert (w.last_success, w.next_poll, w.items, w.problem) == ("4 min ago", "in 6 min", "12", "")


def test_a_failing_feed_says_its_error_before_any_warning() -> None:
    w = health_words(health(last_status=503, last_error="HTTP 503", failures=3, warning="x"), NOW)
    assert (w.sign, w.state, w.status, w.problem) == ("✗", "failing", "503 ×3", "HTTP 503")


def test_a_warning_is_called_one_and_a_new_feed_is_not_yet_polled() -> None:
    w = health_words(health(warning="feed is stale"), NOW)
    assert w.problem == "warning: feed is stale"
    new = health_words(health(last_success=None, last_status=None, next_poll=None), NOW)
    assert (new.sign, new.state, new.status, new.last_success) == ("·", "not yet", "—", "never")


def test_the_feeds_command_says_what_the_health_screen_says() -> None:
    now = datetime.now(UTC)
    feeds = [
        health(name="good", last_success=now - timedelta(hours=3), next_poll=now),
        health(name="bad", last_status=503, last_error="HTTP 503", failures=2, items_total=0),
        health(name="stale", warning="no new items in a week"),
    ]
    out = Console(file=io.StringIO(), width=200, color_system=None)
    out.print(health_table(feeds))
    lines = out.file.getvalue().splitlines()  # type: ignore[attr-defined]
    for h in feeds:
        w = health_words(h)
        row = next(line for line in lines if f" {h.name} " in line)
        for cell in (w.sign, w.status, w.last_success, w.items, w.problem):
            assert cell in row, (cell, row)
