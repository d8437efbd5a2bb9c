"""Feed dates to UTC datetimes; the common shapes read directly, the rest by feedparser's handlers."""

from __future__ import annotations

import functools
import re
from datetime import UTC, datetime, timedelta

from feedparser.datetimes import _parse_date as _feedparser_date

_COMPACT = re.compile(r"\A(\d{4})(\d{2})(\d{2})T?(\d{2})(\d{2})(\d{2})Z?\Z")
# The two shapes nearly every feed uses, read without feedparser's handler chain. Anything they
# do not match exactly goes to feedparser; a test holds them equal.
_RFC822 = re.compile(
    r"\A(?:(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun), )?(\d{1,2}) "
    r"(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) (\d{4}) "
    r"(\d{2}):(\d{2}):(\d{2}) (GMT|UTC|UT|Z|[+-]\d{4})\Z"
)
_ISO = re.compile(
    r"\A(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.\d{1,9})?(Z|[+-]\d{2}:\d{2})\Z"
)
_MONTHS = {
    m: i
    for i, m in enumerate(
        ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"), 1
    )
}


@functools.lru_cache(maxsize=256)
def _offset(zone: str) -> timedelta | None:
    if zone in ("GMT", "UTC", "UT", "Z"):
        return timedelta(0)
    digits = zone[1:].replace(":", "")
    hours, minutes = int(digits[:2]), int(digits[2:])
    if hours > 23 or minutes > 59:
        return None
    return (-1 if zone[0] == "-" else 1) * timedelta(hours=hours, minutes=minutes)


def _common_date(text: str) -> datetime | None:
    """The date if it has one of the two common shapes and is plainly valid, else None."""
    if m := _RFC822.match(text):
        d, mon, y, h, mi, s, zone = m.groups()
        month = _MONTHS[mon]
    elif m := _ISO.match(text):
        y, mo, d, h, mi, s, zone = m.groups()
        month = int(mo)
    else:
        return None
    offset = _offset(zone)
    if offset is None or int(s) > 59:
        return None  # leap seconds and odd zones: feedparser's call
    try:
        local = datetime(int(y), month, int(d), int(h), int(mi), int(s), tzinfo=UTC)
        return local - offset
    except (ValueError, OverflowError):
        return None  # e.g. 30 February, which feedparser rolls over: let it


def _via_feedparser(text: str) -> datetime | None:
    t = _feedparser_date(text)
    if t is None:
        return None
    return datetime(t[0], t[1], t[2], t[3], t[4], min(t[5], 59), tzinfo=UTC)


def parse_date(value: object) -> datetime | None:
    """A UTC-aware datetime from a feed's date, or None; never raises.

    Strings go through feedparser's own date handlers so both parsing paths agree; GDELT's
    compact `20201006T101500Z` is read first because feedparser drops its time of day.
    Numbers are Unix seconds (milliseconds when implausibly large). Far-future and pre-1970
    dates are kept: the store decides what to do with them.
    """
    try:
        if isinstance(value, bool):
            return None
        if isinstance(value, int | float):
            seconds = float(value)
            if abs(seconds) > 1e11:
                seconds /= 1000.0
            return datetime.fromtimestamp(seconds, UTC)
        if not isinstance(value, str):
            return None
        text = value.strip()[:100]
        if not text:
            return None
        common = _common_date(text)
        if common is not None:
            return common
        m = _COMPACT.match(text)
        if m:
            y, mo, d, h, mi, s = (int(g) for g in m.groups())
            return datetime(y, mo, d, h, mi, min(s, 59), tzinfo=UTC)
        return _via_feedparser(text)
    except Exception:  # any odd date is "no date", never a failed feed
        return None
