"""When a feed is next due: one pure function of interval, jitter, failures and caching headers."""

from __future__ import annotations

import email.utils
import re
from datetime import UTC, datetime

# A publisher may ask for more time than our interval, but not for weeks of silence.
MAX_SERVER_DELAY = 86400.0
MIN_RETRY = 30.0


def next_delay(
    interval: float,
    *,
    failures: int = 0,
    jitter: float = 0.1,
    max_backoff: float = 3600.0,
    retry_after: float | None = None,
    max_age: float | None = None,
    ttl: float | None = None,
    rand: float = 0.0,
) -> float:
    """Seconds until the next poll.

    On success: the interval, raised to the server's `max-age` or `<ttl>` when those are longer
    (they are floors, never shortcuts), plus up to `jitter` of it at random so feeds drift apart.
    On failure (`failures` ≥ 1): exponential backoff from the interval, doubled per consecutive
    failure and capped at `max_backoff` — retried forever at that rate, never dropped — again
    with jitter. `Retry-After` is a floor in both cases. `rand` is a number in [0, 1) that the
    caller draws, so this stays deterministic under test.
    """
    if failures > 0:
        base = min(max_backoff, max(interval, MIN_RETRY) * 2.0 ** min(failures - 1, 30))
        base = max(base, min(interval, max_backoff))
    else:
        base = interval
        for floor in (max_age, ttl):
            if floor is not None and floor > base:
                base = min(floor, MAX_SERVER_DELAY)
    delay = base * (1.0 + jitter * rand)
    if retry_after is not None and retry_after > delay:
        delay = min(retry_after, MAX_SERVER_DELAY)
    return delay


def parse_retry_after(value: str | None, now: datetime | None = None) -> float | None:
    """Seconds from a Retry-After header, which is either delta-seconds or an HTTP date."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    now = now or datetime.now(UTC)
    return max(0.0, (when - now).total_seconds())


_MAX_AGE = re.compile(r"(?:^|,)\s*max-age\s*=\s*\"?(\d+)", re.IGNORECASE)


def parse_max_age(cache_control: str | None) -> float | None:
    if not cache_control:
        return None
    if re.search(r"(?:^|,)\s*no-(?:cache|store)\b", cache_control, re.IGNORECASE):
        return None
    m = _MAX_AGE.search(cache_control)
    return float(m.group(1)) if m else None
