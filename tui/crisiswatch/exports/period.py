"""The --since/--until window of an export: UTC dates or times, read strictly."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from crisiswatch.errors import BadTime as BadTime

_DATE_ONLY = re.compile(r"^\d{4}-\d{2}-\d{2}$")


@dataclass(frozen=True, slots=True)
class Period:
    """Items published at or after `since` and before `until` (either end open when None)."""

    since: datetime | None = None
    until: datetime | None = None

    def holds(self, when: datetime) -> bool:
        return (self.since is None or when >= self.since) and (
            self.until is None or when < self.until
        )

    def before_end(self, when: datetime) -> bool:
        """Known by the window's end: what the tally as of --until may use."""
        return self.until is None or when < self.until


def parse_when(option: str, text: str, *, end: bool) -> datetime:
    """ "2020-10-06", "2020-10-06T12:30", "2020-10-06 12:30Z", "2020-10-06T12:30+06:00".

    A time without an offset is UTC; one with an offset is converted to UTC. A date alone is
    that day's midnight for --since and the next midnight for --until, so `--until 2020-10-06`
    takes in the whole of the 6th."""
    raw = text.strip()
    try:
        when = datetime.fromisoformat(raw.replace("z", "Z"))
    except ValueError:
        raise BadTime(
            f"{option} {text!r}: not a UTC date or time (write 2020-10-06, 2020-10-06T12:30 "
            "or 2020-10-06T12:30Z)"
        ) from None
    when = when.replace(tzinfo=UTC) if when.tzinfo is None else when.astimezone(UTC)
    if end and _DATE_ONLY.match(raw):
        when += timedelta(days=1)
    return when


def period(since: str | None, until: str | None) -> Period:
    start = None if since is None else parse_when("--since", since, end=False)
    stop = None if until is None else parse_when("--until", until, end=True)
    if start is not None and stop is not None and start >= stop:
        raise BadTime(f"--since {since} is not before --until {until}: the window is empty")
    return Period(start, stop)


def utc_text(when: datetime | None) -> str:
    """ "2020-10-06 00:10 UTC": how exports and `tally` write a time for people."""
    return "" if when is None else f"{when.astimezone(UTC):%Y-%m-%d %H:%M} UTC"


def iso(when: datetime | None) -> str | None:
    """ISO 8601 in UTC, for CSV and JSON Lines."""
    return None if when is None else when.astimezone(UTC).isoformat()
