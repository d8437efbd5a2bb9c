"""A store of long names, for the layout snapshots: a 60-character party, a 300-character title,
wide CJK and emoji titles, a feed named in 40 characters."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

from uistore import FIXED_NOW, WATCH, add_story, figure, make_config

from crisiswatch.config import Config, Election, FeedConfig, Party, Watch
from crisiswatch.facts import item_text
from crisiswatch.models import Extraction, Kind, ParsedItem, Qual, Total
from crisiswatch.store import Store
from stored import store_items, store_readings

LONG_PARTY = "Social Democrats of the Kyrgyz Republic and Allied Movements"
LONG_FEED = "Central Asian Broadcasting Service Onlin"
LONG_TITLE = (
    "Protesters in Bishkek storm the White House after the parliamentary vote, freeing former "
    "president Almazbek Atambayev from detention, while the Central Election Commission meets "
    "through the night to weigh the opposition's demand that the results be annulled and a "
    "fresh vote be held now in Kyrgyzstan"
)
CJK_TITLE = "吉尔吉斯斯坦比什凯克抗议者占领政府大楼，选举结果被宣布无效 Kyrgyzstan"
EMOJI_TITLE = "🔥🚨 Bishkek live: crowds on Ala-Too square 📣🗳️ as results are disputed 🇰🇬"

assert len(LONG_PARTY) == 60 and len(LONG_FEED) == 40 and len(LONG_TITLE) == 300

LONG_WATCH = Watch(
    name=WATCH.name,
    keywords=WATCH.keywords,
    election=Election(
        seats=120,
        threshold=7.0,
        parties=(*(WATCH.election.parties if WATCH.election else ()), Party(LONG_PARTY)),
    ),
)


def long_config() -> Config:
    base = make_config()
    feeds = (*base.feeds, FeedConfig(name=LONG_FEED, url="http://127.0.0.1:9/long"))
    return make_config(feeds=feeds, watches=(LONG_WATCH,))


def add_vague_crowd(store: Store, feed: str, title: str, summary: str, minutes_ago: float) -> None:
    """A story whose crowd figure is a vague amount ("tens of thousands"): its card must say so."""
    published = FIXED_NOW - timedelta(minutes=minutes_ago)
    item = ParsedItem(
        guid=f"{feed}:{title}", url=None, title=title, summary=summary, published=published
    )
    new = store_items(
        store, feed, [item], watches=[(WATCH.name, WATCH.keywords)], now=published.timestamp()
    )
    text = item_text(title, summary)
    # Named ("the organisers"), so it outranks the unnamed count of 5,000 and heads the card.
    crowd = replace(
        figure(
            text, "Tens of thousands of people", Kind.CROWD, 10000, attribution="the organisers"
        ),
        vague=True,
    )
    store_readings(
        store,
        [(new[0], Extraction(figures=(crowd,), totals={Kind.CROWD: Total(10000, Qual.EXACT)}))],
    )


def populate_long(store: Store) -> None:
    """Adds to the deterministic store (populate first): the long names, in every pane."""
    store.sync_feeds(
        [
            ("BBC Asia", "http://127.0.0.1:9/bbc"),
            ("AKIpress", "http://127.0.0.1:9/aki"),
            ("24.kg", "http://127.0.0.1:9/24kg"),
            (LONG_FEED, "http://127.0.0.1:9/long"),
        ]
    )
    add_story(
        store,
        LONG_FEED,
        "Final count in Kyrgyzstan: six parties listed",
        f"Birimdik 24.6%, Mekenim Kyrgyzstan 23.8%, {LONG_PARTY} 9.9%, Kyrgyzstan Party 8.9% "
        "and Butun Kyrgyzstan 7.2%.",
        20,
        url="https://long.example/count",
        shares=(
            ("Birimdik", 24.6),
            ("Mekenim Kyrgyzstan", 23.8),
            (LONG_PARTY, 9.9),
            ("Kyrgyzstan Party", 8.9),
            ("Butun Kyrgyzstan", 7.2),
        ),
        reporting=100.0,
    )
    add_vague_crowd(
        store,
        LONG_FEED,
        LONG_TITLE,
        "Tens of thousands of people gathered, the organisers said.",
        15,
    )
    add_story(store, LONG_FEED, CJK_TITLE, "", 12, url="https://long.example/cjk")
    add_story(store, "BBC Asia", EMOJI_TITLE, "", 8, url="https://bbc.example/emoji")
