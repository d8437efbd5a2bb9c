"""The lxml fast path and the feedparser fallback give the same items for every conformance feed.

Each feed in tests/data/feeds/conformance/ has the shape of a real-world feed that once made
the two paths disagree (or lose text); test_parse_fidelity.py says what each must come to.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from crisiswatch.pollers.parse import _NotFast, parse_feed, parse_xml_fast, parse_xml_feedparser

CONFORMANCE = Path(__file__).parent.parent / "data" / "feeds" / "conformance"
FEEDS = sorted(p.name for p in CONFORMANCE.glob("*.xml"))
FEED_URL = "https://news.example.com/feeds/world.xml"
DECLINED = {
    "rss090_netscape.xml",
    "rss_capital_item.xml",
    "atom_with_item.xml",
    "atom_base64.xml",
}
"""Bodies the fast path finds no entries in, or holds base64 content in: it must hand them to
feedparser, not return [] or the encoded text."""


def test_the_corpus_is_all_there() -> None:
    assert len(FEEDS) >= 22 and set(FEEDS) >= DECLINED


@pytest.mark.parametrize("url", [FEED_URL, None], ids=["with-url", "no-url"])
@pytest.mark.parametrize("name", FEEDS)
def test_both_paths_give_the_same_items(name: str, url: str | None) -> None:
    data = (CONFORMANCE / name).read_bytes()
    slow = parse_xml_feedparser(data, url=url)
    assert slow.items, "every conformance feed has entries"
    try:
        fast = parse_xml_fast(data, url=url)
    except _NotFast:
        assert name in DECLINED, "the fast path declined a feed it should read"
        fast = None
    else:
        assert name not in DECLINED
        assert fast.items == slow.items
    assert parse_feed(data, url=url).items == slow.items
    if fast is not None:
        # A guessed charset is said the same way on both paths.
        notes = [w for w in (fast.warning, slow.warning) if w and "(guessed)" in w]
        assert len(notes) in (0, 2) and len({n.split(";")[0] for n in notes}) <= 1
