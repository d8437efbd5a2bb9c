"""What the app says about a figure, a time, a share's change and a feed's health, in one
place: the headless commands (`console_views`), the exports, the tally's labels and the TUI all
word these things through here, so a desk reads the same words on every surface.

Pure and plain: values in, strings out. It imports `models` only (no Rich, no Textual, no
store), so the tally below the front ends can use it as well as the front ends above it.
Colours and layout stay with each front end; which words are said is decided here. Strings
that came from a feed (a feed's last error) pass through as they are: the front end makes
them inert, as it does every outside string."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from types import MappingProxyType

from crisiswatch.models import FeedHealth, Qual


@dataclass(frozen=True, slots=True)
class Qualifier:
    """How one qualifier is written."""

    name: str
    """The qualifier on its own, as a note beside a figure: "at least", "exact", "between"."""
    sign: str
    """What stands before the digits in an analyst's shorthand ("≥590"); "" when nothing
    does (an exact figure, a range)."""


QUALIFIERS: Mapping[Qual, Qualifier] = MappingProxyType(
    {
        Qual.EXACT: Qualifier("exact", ""),
        Qual.AT_LEAST: Qualifier("at least", "≥"),
        Qual.MORE_THAN: Qualifier("more than", ">"),
        Qual.ABOUT: Qualifier("about", "~"),
        Qual.UP_TO: Qualifier("up to", "≤"),
        Qual.RANGE: Qualifier("between", ""),
    }
)
"""Every qualifier's display words, and the only table of them. Recognising a qualifier is
another job with more words ("no fewer than", "over", "around"): the extractor's patterns
(`extract/quantities.py`) and `tally.decisions.parse_figure` keep their own, the latter
accepting every name here so that what is written can be typed back."""

RANGE_DASH = "\u2013"
"""Between the ends of a range ("10–15")."""


def words_before(qual: Qual) -> str:
    """The words that go before a figure's digits ("at least"); "" for an exact figure and
    for a range, whose digits say all there is."""
    if qual is Qual.EXACT or qual is Qual.RANGE:
        return ""
    return QUALIFIERS[qual].name


def figure_words(value: int, qual: Qual, high: int | None) -> str:
    """A figure as a desk writes it in a sentence: "at least 590", "10–15", "1,000"."""
    if qual is Qual.RANGE and high is not None:
        return f"{value:,}{RANGE_DASH}{high:,}"
    words = words_before(qual)
    return f"{words} {value:,}" if words else f"{value:,}"


def figure_short(value: int, qual: Qual, high: int | None) -> str:
    """A figure in an analyst's shorthand, for lists and tables: "≥1", ">600", "~2,000",
    "10–15"."""
    if qual is Qual.RANGE and high is not None:
        return f"{value:,}{RANGE_DASH}{high:,}"
    return f"{QUALIFIERS[qual].sign}{value:,}"


def ago(when: datetime | None, now: datetime | None = None) -> str:
    """ "4 min ago", "in 2 h": how people read times on a status line ("never" for none)."""
    if when is None:
        return "never"
    now = now or datetime.now(UTC)
    secs = (now - when).total_seconds()
    future = secs < 0
    secs = abs(secs)
    if secs < 60:
        text = f"{secs:.0f} s"
    elif secs < 3600:
        text = f"{secs // 60:.0f} min"
    elif secs < 86400:
        text = f"{secs // 3600:.0f} h"
    else:
        text = f"{secs // 86400:.0f} d"
    return f"in {text}" if future else f"{text} ago"


NEW_ROW = "new"
"""A party's change when its count has no earlier share of it to compare with."""
FROM_EARLIER = "—"
"""A party's change when its row is carried from an earlier count (it has none in this one)."""


def change_words(change: float | None, *, from_earlier: bool = False) -> str:
    """A share's change since its previous count, the direction in an arrow so that it never
    rests on colour alone: "▲0.52", "▼1.00", "=" (no change), `NEW_ROW`, `FROM_EARLIER`."""
    if from_earlier:
        return FROM_EARLIER
    if change is None:
        return NEW_ROW
    if change > 0:
        return f"▲{change:.2f}"
    if change < 0:
        return f"▼{-change:.2f}"
    return "="


@dataclass(frozen=True, slots=True)
class HealthWords:
    """A feed's health in words, a field a column, for the `feeds` table and the health
    screen; the feed's name and tags are the front end's to show (they are the user's)."""

    sign: str
    """ "✓" polling fine, "✗" failing, "·" not polled yet."""
    state: str
    """What the sign means: "ok", "failing", "not yet"."""
    status: str
    """The last HTTP status, with the run of failures: "200", "503 ×3", "—"."""
    last_success: str
    next_poll: str
    items: str
    problem: str
    """The last error, else the last warning ("warning: …"), else ""; from the feed or its
    server, so not yet safe for a terminal."""


def health_words(h: FeedHealth, now: datetime | None = None) -> HealthWords:
    """`h` as the cells of a health table, times relative to `now` (the clock if None)."""
    if h.ok:
        sign, state = "✓", "ok"
    elif h.failures:
        sign, state = "✗", "failing"
    else:
        sign, state = "·", "not yet"
    status = str(h.last_status) if h.last_status else "—"
    if h.failures:
        status += f" ×{h.failures}"
    problem = h.last_error or (f"warning: {h.warning}" if h.warning else "")
    return HealthWords(
        sign=sign,
        state=state,
        status=status,
        last_success=ago(h.last_success, now),
        next_poll=ago(h.next_poll, now),
        items=str(h.items_total),
        problem=problem,
    )
