"""A feed whose items repeat one casualty phrase up to the summary cap, polled beside healthy
feeds: every feed is stored, and what one item leaves in the store is bounded."""

from __future__ import annotations

from pathlib import Path

from configs import make_config
from crisiswatch.config import FeedConfig, Watch
from crisiswatch.extract.mentions import MAX_MENTIONS, MAX_QUOTE
from crisiswatch.models import Kind
from crisiswatch.pollers.parse.common import SUMMARY_LIMIT
from crisiswatch.pollers.poller import Poller
from crisiswatch.store import Store
from feedserver import Entry, FeedServer, Route, entries, rss

REPEATED_ITEMS = 250


def _repeated(i: int) -> Entry:
    phrase = "3 dead, "
    return Entry(
        guid=f"loop-{i}",
        title=f"Bishkek loop {i}",
        summary=(phrase * (SUMMARY_LIMIT // len(phrase)))[:SUMMARY_LIMIT],
        link=f"https://loop.example/{i}",
    )


async def test_a_repeated_phrase_feed_is_bounded_and_its_neighbours_are_stored(
    feed_server: FeedServer, tmp_path: Path
) -> None:
    feed_server.routes["/loop"] = Route(rss([_repeated(i) for i in range(REPEATED_ITEMS)]))
    healthy = [f"calm{n}" for n in range(5)]
    for name in healthy:
        feed_server.routes[f"/{name}"] = Route(rss(entries(name, 4)))
    feeds = [FeedConfig(name="loop", url=feed_server.url("/loop"))] + [
        FeedConfig(name=n, url=feed_server.url(f"/{n}")) for n in healthy
    ]
    watch = Watch(name="KG", keywords=("Bishkek",))
    config = make_config(feeds, (watch,), max_items=500, timeout=20.0, fetch_deadline=120.0)
    db = tmp_path / "store.db"
    with Store(db) as store:
        poller = Poller(config, store)
        try:
            outcomes = await poller.poll_once()
        finally:
            await poller.aclose()
        by_feed = {o.feed: o for o in outcomes}
        assert all(o.ok for o in outcomes), [(o.feed, o.error) for o in outcomes]
        assert by_feed["loop"].new_items == REPEATED_ITEMS
        assert all(by_feed[n].new_items == 4 for n in healthy)

        c = store.conn
        per_item = c.execute(
            "SELECT max(n) FROM (SELECT count(*) AS n FROM figures WHERE is_total = 0 "
            "GROUP BY item_id)"
        ).fetchone()[0]
        assert per_item <= MAX_MENTIONS
        longest = c.execute("SELECT max(length(sentence)) FROM figures").fetchone()[0]
        assert longest <= MAX_QUOTE
        stored_text = c.execute("SELECT sum(length(sentence)) FROM figures").fetchone()[0]
        # Bounded by the caps, and far below one copy of the sentence per mention.
        assert stored_text <= REPEATED_ITEMS * (MAX_MENTIONS + len(Kind)) * MAX_QUOTE
        killed = c.execute(
            "SELECT count(*) FROM figures WHERE is_total = 1 AND kind = 'killed'"
        ).fetchone()[0]
        assert killed == REPEATED_ITEMS  # every looping item still reports its dead
    # 250 items of 20,000 characters and their bounded figures: a few MB, not gigabytes.
    assert db.stat().st_size < 40 * 1024 * 1024
