"""What reading a subscription list gives: feeds to add, and what was left out and why."""

from __future__ import annotations

from dataclasses import dataclass, field
from urllib.parse import urlsplit, urlunsplit

from crisiswatch.plaintext import cap, strip_unsafe

NAME_LIMIT = 80
"""Longest feed name taken from a list: titles run long, and a name is a column on screen."""
TAG_LIMIT = 40


@dataclass(frozen=True, slots=True)
class Subscription:
    """One feed a list asks for; `name` is None when the list gave no title."""

    url: str
    name: str | None = None
    tags: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Skipped:
    """An entry not imported: what it was (a URL, a line) and why, in words."""

    what: str
    reason: str


@dataclass(slots=True)
class Listing:
    """A list as read: its feeds in order, and its entries that are not feeds."""

    kind: str
    """What the file was ("OPML 2.0", "newsboat urls"), for the report."""
    feeds: list[Subscription] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)


def clean_name(text: str) -> str | None:
    """A title from a list as a feed name: one line of inert text, capped; None if empty."""
    name = cap(" ".join(strip_unsafe(text).split()), NAME_LIMIT)
    return name or None


def clean_tags(values: list[str]) -> tuple[str, ...]:
    """Tags as given, made inert and one line each, empty ones dropped, each once."""
    out: list[str] = []
    for value in values:
        tag = cap(" ".join(strip_unsafe(value).split()), TAG_LIMIT)
        if tag and tag not in out:
            out.append(tag)
    return tuple(out)


def http_url(url: str) -> str | None:
    """`url` if it is an http(s) address feeds.toml accepts, else None."""
    url = url.strip()
    if not url or not url.isprintable() or any(c.isspace() for c in url):
        return None
    try:
        parts = urlsplit(url)
    except ValueError:
        return None
    if parts.scheme.lower() not in ("http", "https") or not parts.netloc:
        return None
    return url


def same_url_key(url: str) -> str:
    """Two spellings of one address (`HTTP://Example.org/a` and `http://example.org/a`) are one
    feed: scheme and host are case-insensitive, the rest is compared as written."""
    try:
        p = urlsplit(url.strip())
    except ValueError:
        return url.strip()
    return urlunsplit((p.scheme.lower(), p.netloc.lower(), p.path or "/", p.query, p.fragment))
