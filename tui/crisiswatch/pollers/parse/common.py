"""What every format shares: the raw entry, the errors, link resolution, finishing."""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, ParamSpec, TypeVar
from urllib.parse import urljoin

from crisiswatch.errors import FeedParseError as FeedParseError
from crisiswatch.models import ParsedFeed, ParsedItem
from crisiswatch.plaintext import clean_token, safe_link, strip_unsafe, to_plain
from crisiswatch.pollers.parse.dates import parse_date

TITLE_LIMIT = 500
SUMMARY_LIMIT = 20_000
GUID_LIMIT = 1_000
P = ParamSpec("P")
R = TypeVar("R")
MAX_TTL_SECONDS = 7 * 86400.0
"""A `<ttl>` longer than a week is treated as a week: it is a floor, not a way to mute a feed."""


def only_feed_parse_error(what: str) -> Callable[[Callable[P, R]], Callable[P, R]]:
    """The last line of defence around a reader of bodies we do not control: a FeedParseError
    passes, any other exception becomes `FeedParseError("could not read WHAT (its type)")`,
    so a hostile body fails its own feed in one line, never the poller."""

    def guard(read: Callable[P, R]) -> Callable[P, R]:
        @functools.wraps(read)
        def guarded(*args: P.args, **kwargs: P.kwargs) -> R:
            try:
                return read(*args, **kwargs)
            except FeedParseError:
                raise
            except Exception as exc:
                raise FeedParseError(f"could not read {what} ({type(exc).__name__})") from exc

        return guarded

    return guard


class _NotFast(Exception):
    """The fast path declines this body; feedparser gets it instead."""


@dataclass(slots=True)
class _Raw:
    """An entry's fields as found, before they are made plain; both paths produce these."""

    guid: str | None = None
    link: str | None = None
    title: str = ""
    title_html: bool = True
    summary: str = ""
    summary_html: bool = True
    date: Any = None


_SCHEME = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*:")
_URL_BREAKS = re.compile("[\t\n\r]")


def _join(base: str | None, href: str) -> str | None:
    """`href` resolved against `base`, as a browser would; None if it cannot be.

    Only relative references are resolved: anything with a scheme (`javascript:` too, once
    the tabs and newlines browsers ignore are gone) is left for `safe_link` to judge. A link
    urljoin refuses (`//[bad`, "Invalid IPv6 URL") costs that link, not the feed.
    """
    if not base or href.startswith(("http://", "https://")):
        return href
    href = strip_unsafe(_URL_BREAKS.sub("", href)).strip()
    if not href or _SCHEME.match(href):
        return href
    try:
        return urljoin(base, href)
    except ValueError:
        return None


def _finish(
    raws: Sequence[_Raw], total: int, max_items: int, warning: str | None, ttl: float | None
) -> ParsedFeed:
    """Turn raw entries into ParsedItems the same way for every path."""
    items = tuple(
        ParsedItem(
            guid=clean_token(r.guid, GUID_LIMIT) if r.guid else None,
            url=safe_link(r.link),
            title=to_plain(r.title, TITLE_LIMIT, html=r.title_html),
            summary=to_plain(r.summary, SUMMARY_LIMIT, html=r.summary_html),
            published=parse_date(r.date),
        )
        for r in raws[:max_items]
    )
    notes = [warning] if warning else []
    if total > max_items:
        notes.append(f"dropped {total - max_items} of {total} entries (max_items)")
    return ParsedFeed(items=items, warning="; ".join(notes) or None, ttl_seconds=ttl)


def _ttl(value: object) -> float | None:
    try:
        minutes = float(str(value).strip())
    except (TypeError, ValueError):
        return None
    if not minutes > 0:  # also rejects NaN
        return None
    return min(minutes * 60.0, MAX_TTL_SECONDS)


def _one_line(text: str, limit: int = 200) -> str:
    return to_plain(text, limit, html=False)
