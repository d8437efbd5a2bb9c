"""A server's ETag and Last-Modified are sent back as headers on the next poll: a value that
cannot be a header (a Latin-1 letter, a control) must not turn that feed into a failure for good."""

from __future__ import annotations

from configs import make_config
from crisiswatch.config import FeedConfig
from crisiswatch.plaintext import header_value
from crisiswatch.pollers.poller import Poller, PollOutcome
from crisiswatch.store import Store
from feedserver import FeedServer, Route, entries, rss


async def poll(store: Store, feed: FeedConfig) -> PollOutcome:
    poller = Poller(make_config([feed]), store)
    try:
        (outcome,) = await poller.poll_once()
        return outcome
    finally:
        await poller.aclose()


def test_header_value_accepts_what_h11_sends_and_nothing_else() -> None:
    for good in ('"33a64df5"', 'W/"0815"', "Tue, 06 Oct 2020 08:00:00 GMT", "a\tb"):
        assert header_value(good) == good
    for bad in ('"caf\xe9"', "x\x01y", "a\r\nX-Injected: 1", "", " lead", "trail ", None):
        assert header_value(bad) is None


async def test_validators_that_are_no_header_values_are_not_kept(
    feed_server: FeedServer, store: Store
) -> None:
    feed_server.routes["/f"] = Route(
        rss(entries("f", 2)),
        validators=False,
        headers={"ETag": '"caf\xe9"', "Last-Modified": "Tue\x01 06 Oct"},
    )
    feed = FeedConfig(name="f", url=feed_server.url("/f"))
    first = await poll(store, feed)
    assert first.ok and first.new_items == 2
    # Before: the second poll sent them back and failed with "internal error:
    # UnicodeEncodeError", and so would every later one.
    second = await poll(store, feed)
    assert second.ok, second.error
    assert store.feed_state("f").etag is None and store.feed_state("f").last_modified is None
    sent = feed_server.hits("/f")[-1].headers
    assert "if-none-match" not in sent and "if-modified-since" not in sent


async def test_a_bad_validator_in_an_older_store_is_dropped_not_sent(
    feed_server: FeedServer, store: Store
) -> None:
    feed_server.routes["/f"] = Route(rss(entries("f", 2)))
    feed = FeedConfig(name="f", url=feed_server.url("/f"))
    store.sync_feeds([("f", feed.url)])
    with store.transaction() as c:
        c.execute(
            "UPDATE feeds SET etag = ?, last_modified = ? WHERE name = 'f'", ('"\xe9"', "\x01")
        )
    outcome = await poll(store, feed)
    assert outcome.ok and outcome.new_items == 2, outcome.error
    assert "if-none-match" not in feed_server.hits("/f")[0].headers
    # The server's own (valid) validators are kept, and the next poll is a 304.
    again = await poll(store, feed)
    assert again.ok and again.status == 304
