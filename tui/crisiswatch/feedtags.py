"""Feed `tags` from feeds.toml: which tags there are, and which feeds carry one.

Tags live in the config, not the store, so a tag edited in feeds.toml applies to every story
already stored from that feed, with no migration.
"""

from __future__ import annotations

from collections.abc import Iterable

from crisiswatch.config import FeedConfig


def all_tags(feeds: Iterable[FeedConfig]) -> tuple[str, ...]:
    """Every tag once, in the order feeds.toml first uses it."""
    return tuple(dict.fromkeys(tag for feed in feeds for tag in feed.tags))


def feeds_tagged(feeds: Iterable[FeedConfig], tag: str) -> tuple[str, ...]:
    """The names of the feeds that carry `tag`."""
    return tuple(feed.name for feed in feeds if tag in feed.tags)


def tags_by_feed(feeds: Iterable[FeedConfig]) -> dict[str, tuple[str, ...]]:
    """Each feed's name to its tags, for the feed-health tables."""
    return {feed.name: feed.tags for feed in feeds}
