"""When the next poll is due: interval, jitter, backoff, Retry-After and caching floors."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from email.utils import format_datetime

import pytest

from crisiswatch.pollers.schedule import next_delay, parse_max_age, parse_retry_after


def test_success_is_the_interval_plus_jitter() -> None:
    assert next_delay(600, jitter=0.1, rand=0.0) == 600
    assert next_delay(600, jitter=0.1, rand=0.5) == pytest.approx(630)
    assert next_delay(600, jitter=0.0, rand=0.99) == 600


def test_backoff_doubles_and_caps() -> None:
    delays = [next_delay(60, failures=n, jitter=0, max_backoff=900) for n in range(1, 7)]
    assert delays == [60, 120, 240, 480, 900, 900]


def test_backoff_never_gives_up() -> None:
    assert next_delay(60, failures=10_000, jitter=0, max_backoff=3600) == 3600


def test_backoff_has_jitter() -> None:
    low = next_delay(60, failures=3, jitter=0.5, rand=0.0)
    high = next_delay(60, failures=3, jitter=0.5, rand=0.9)
    assert low == 240 and high == pytest.approx(240 * 1.45)


def test_short_intervals_back_off_from_a_sane_floor() -> None:
    assert next_delay(2, failures=1, jitter=0, max_backoff=3600) >= 2
    assert next_delay(2, failures=3, jitter=0, max_backoff=3600) == 120


def test_retry_after_is_a_floor_on_success_and_failure() -> None:
    assert next_delay(60, retry_after=300, jitter=0) == 300
    assert next_delay(60, failures=1, retry_after=300, jitter=0) == 300
    assert next_delay(600, retry_after=5, jitter=0) == 600, "never shortens our own interval"


def test_max_age_and_ttl_raise_the_interval_only() -> None:
    assert next_delay(60, max_age=900, jitter=0) == 900
    assert next_delay(600, max_age=30, jitter=0) == 600
    assert next_delay(60, ttl=1800, jitter=0) == 1800
    assert next_delay(60, max_age=10**9, jitter=0) == 86400, "a day at most"


def test_retry_after_forms() -> None:
    now = datetime(2020, 10, 6, 8, 0, tzinfo=UTC)
    assert parse_retry_after("120") == 120
    when = format_datetime(now + timedelta(minutes=5), usegmt=True)
    assert parse_retry_after(when, now=now) == 300
    assert parse_retry_after(format_datetime(now - timedelta(hours=1), usegmt=True), now=now) == 0
    assert parse_retry_after("soon") is None
    assert parse_retry_after(None) is None


def test_cache_control() -> None:
    assert parse_max_age("public, max-age=600") == 600
    assert parse_max_age("max-age=600, no-cache") is None
    assert parse_max_age("private") is None
    assert parse_max_age(None) is None
