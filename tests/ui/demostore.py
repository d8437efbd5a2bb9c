"""The demo's end state as a store, without the replay's clock: every timeline item stored at its
own 2020 time and read by the real extractor, feed health at fixed times, for snapshots."""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path

from crisiswatch.config import Config, FeedConfig
from crisiswatch.demo.replay import SETTINGS, WATCH
from crisiswatch.demo.timeline import FEEDS, TIMELINE
from crisiswatch.facts import WatchList
from crisiswatch.models import ParsedItem
from crisiswatch.pollers.catchup import catch_up
from crisiswatch.store import Store
from stored import store_items

DEMO_END = max(item.published for item in TIMELINE) + timedelta(minutes=5)
"""Five minutes after the last report: the clock the end-state snapshots read ages by."""


def demo_now() -> datetime:
    return DEMO_END


def demo_config() -> Config:
    """The demo's feeds and watch, at addresses that are never fetched (the app does not poll)."""
    feeds = tuple(FeedConfig(name=f.name, url=f"http://127.0.0.1:9{f.path}") for f in FEEDS)
    return Config(path=Path("<demo>"), settings=SETTINGS, feeds=feeds, watches=(WATCH,))


def populate_demo(store: Store) -> None:
    """Store every timeline item in its feed, oldest first, then read figures as a poll would."""
    names = {f.key: f.name for f in FEEDS}
    store.sync_feeds([(f.name, f"http://127.0.0.1:9{f.path}") for f in FEEDS])
    for item in sorted(TIMELINE, key=lambda i: i.offset):
        parsed = ParsedItem(
            guid=item.guid,
            url=item.link,
            title=item.title,
            summary=item.summary,
            published=item.published,
        )
        store_items(
            store,
            names[item.feed],
            [parsed],
            watches=[(WATCH.name, WATCH.keywords)],
            now=item.published.timestamp(),
        )
    catch_up(store, WatchList.of([WATCH]))
    at = DEMO_END.timestamp()
    for n, feed in enumerate(FEEDS):
        store.record_success(
            feed.name,
            status=200,
            etag=None,
            last_modified=None,
            next_poll=at + 2 + n,
            at=at - 1 - n,
        )
