"""A deterministic store for the UI tests: fixed clock, hand-made figures, a hostile title."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

from crisiswatch.config import Config, Election, FeedConfig, Party, Settings, Watch
from crisiswatch.extract import extract
from crisiswatch.facts import item_text
from crisiswatch.models import Extraction, Figure, Kind, ParsedItem, PartyShare, Qual, Total
from crisiswatch.store import Store
from stored import store_items, store_readings

FIXED_NOW = datetime(2020, 10, 6, 9, 0, tzinfo=UTC)
WATCH = Watch(
    name="Kyrgyzstan 2020",
    keywords=("Kyrgyzstan", "Kyrgyz", "Bishkek"),
    election=Election(
        seats=120,
        threshold=7.0,
        parties=(
            Party("Birimdik"),
            Party("Mekenim Kyrgyzstan"),
            Party("Kyrgyzstan Party"),
            Party("Butun Kyrgyzstan"),
        ),
    ),
)
OTHER_WATCH = Watch(name="Belarus 2020", keywords=("Belarus", "Minsk"))
HOSTILE_TITLE = "[bold red]x[/] [@click=app.quit]quit[/] [link=file:///etc/passwd]l[/]"


def fixed_now() -> datetime:
    return FIXED_NOW


def make_config(
    feeds: tuple[FeedConfig, ...] = (), watches: tuple[Watch, ...] = (WATCH,)
) -> Config:
    if not feeds:
        feeds = (
            FeedConfig(name="BBC Asia", url="http://127.0.0.1:9/bbc"),
            FeedConfig(name="AKIpress", url="http://127.0.0.1:9/aki"),
            FeedConfig(name="24.kg", url="http://127.0.0.1:9/24kg"),
        )
    return Config(path=Path("<test>"), settings=Settings(), feeds=feeds, watches=watches)


def figure(
    text: str,
    phrase: str,
    kind: Kind,
    value: int,
    qual: Qual = Qual.EXACT,
    attribution: str | None = None,
    high: int | None = None,
) -> Figure:
    start = text.index(phrase)
    sentence_start = text.rfind(". ", 0, start) + 2 if ". " in text[:start] else 0
    sentence_end = text.find(".", start)
    sentence = text[sentence_start : sentence_end + 1 if sentence_end >= 0 else len(text)]
    return Figure(
        kind=kind,
        value=value,
        qual=qual,
        high=high,
        attribution=attribution,
        sentence=sentence.strip(),
        start=start,
        end=start + len(phrase),
    )


def add_story(
    store: Store,
    feed: str,
    title: str,
    summary: str,
    minutes_ago: float,
    *,
    url: str | None = None,
    figures: tuple[tuple[str, Kind, int, Qual, str | None], ...] = (),
    shares: tuple[tuple[str, float], ...] = (),
    reporting: float | None = None,
) -> int:
    """One item with hand-made figures (not the extractor's), so snapshots depend on UI code only."""
    published = FIXED_NOW - timedelta(minutes=minutes_ago)
    item = ParsedItem(
        guid=f"{feed}:{title}", url=url, title=title, summary=summary, published=published
    )
    new = store_items(
        store,
        feed,
        [item],
        watches=[(WATCH.name, WATCH.keywords), (OTHER_WATCH.name, OTHER_WATCH.keywords)],
        now=published.timestamp(),
    )
    if not new:
        return 0
    text = item_text(title, summary)
    figs = tuple(
        figure(text, phrase, kind, value, qual, attribution)
        for phrase, kind, value, qual, attribution in figures
    )
    totals: dict[Kind, Total | None] = {}
    for f in figs:
        totals[f.kind] = Total(f.value, f.qual, f.high)
    results = tuple(PartyShare(party=p, pct=pct, known=True) for p, pct in shares)
    store_readings(
        store,
        [
            (
                new[0],
                Extraction(
                    figures=figs,
                    totals=totals,
                    results=results,
                    reporting_pct=reporting,
                    threshold_pct=7.0 if shares else None,
                ),
            )
        ],
    )
    return new[0].story_id


def read_store(path: Path, texts: tuple[str, ...], watch: Watch, hours_ago: float) -> Path:
    """A store of `texts` as one feed's items, each read by the real extractor with the
    watch's election, the first `hours_ago` before FIXED_NOW and one an hour after it."""
    with Store(path) as store:
        items = [
            ParsedItem(f"g{n}", None, text[:40], text, FIXED_NOW - timedelta(hours=hours_ago - n))
            for n, text in enumerate(texts)
        ]
        store_items(
            store,
            "Wire",
            items,
            watches=[(watch.name, watch.keywords)],
            extractions=[extract(item_text(i.title, i.summary), watch.election) for i in items],
            now=FIXED_NOW.timestamp(),
        )
    return path


def populate(store: Store) -> None:
    store.sync_feeds(
        [
            ("BBC Asia", "http://127.0.0.1:9/bbc"),
            ("AKIpress", "http://127.0.0.1:9/aki"),
            ("24.kg", "http://127.0.0.1:9/24kg"),
        ]
    )
    at = FIXED_NOW.timestamp()
    store.record_success(
        "BBC Asia", status=200, etag=None, last_modified=None, next_poll=at + 240, at=at - 60
    )
    store.record_success(
        "AKIpress", status=200, etag=None, last_modified=None, next_poll=at + 300, at=at - 120
    )
    store.record_failure(
        "24.kg", status=503, error="HTTP 503 Service Unavailable", next_poll=at + 600, at=at - 30
    )
    add_story(
        store,
        "AKIpress",
        "Kyrgyz election: Birimdik leads with 24.5%",
        "With 98% of stations counted, Birimdik has 24.5%, Mekenim Kyrgyzstan 23.9%, "
        "Kyrgyzstan Party 8.7% and Butun Kyrgyzstan 7.1%.",
        1400,
        url="https://akipress.example/results-1",
        shares=(
            ("Birimdik", 24.5),
            ("Mekenim Kyrgyzstan", 23.9),
            ("Kyrgyzstan Party", 8.7),
            ("Butun Kyrgyzstan", 7.1),
        ),
        reporting=98.0,
    )
    add_story(
        store,
        "BBC Asia",
        "Protesters gather in Bishkek's Ala-Too square",
        "About 5,000 people gathered to reject the results.",
        700,
        url="https://bbc.example/protest",
        figures=(("About 5,000 people", Kind.CROWD, 5000, Qual.ABOUT, None),),
    )
    add_story(
        store,
        "24.kg",
        "Police detain protesters in Bishkek",
        "Police detained 25 people overnight.",
        400,
        url="https://24kg.example/detained",
        figures=(("detained 25 people", Kind.ARRESTED, 25, Qual.EXACT, None),),
    )
    add_story(
        store,
        "BBC Asia",
        "One killed and hundreds hurt in Bishkek clashes",
        "At least one person was killed and 590 injured, the health ministry said.",
        120,
        url="https://bbc.example/clashes",
        figures=(
            (
                "At least one person was killed",
                Kind.KILLED,
                1,
                Qual.AT_LEAST,
                "the health ministry",
            ),
            ("590 injured", Kind.INJURED, 590, Qual.EXACT, "the health ministry"),
        ),
    )
    add_story(
        store,
        "AKIpress",
        "Kyrgyz election results annulled",
        "The central election commission annulled the results, with Birimdik at 24.1% "
        "and Mekenim Kyrgyzstan at 23.5% on full count.",
        60,
        url="https://akipress.example/annulled",
        shares=(
            ("Birimdik", 24.1),
            ("Mekenim Kyrgyzstan", 23.5),
            ("Kyrgyzstan Party", 8.8),
            ("Butun Kyrgyzstan", 7.0),
            ("Ata Meken", 3.2),
        ),
        reporting=100.0,
    )
    add_story(
        store,
        "24.kg",
        "Two killed in Bishkek unrest, ministry says",
        "Two people were killed and 686 injured, the health ministry said.",
        30,
        url="https://24kg.example/two-killed",
        figures=(
            ("Two people were killed", Kind.KILLED, 2, Qual.EXACT, "the health ministry"),
            ("686 injured", Kind.INJURED, 686, Qual.EXACT, "the health ministry"),
        ),
    )
    add_story(
        store,
        "AKIpress",
        "Two killed in Bishkek unrest, ministry says",
        "Two people were killed, the health ministry said.",
        29,
        url="https://24kg.example/two-killed?utm_source=aki",
    )
    add_story(
        store,
        "BBC Asia",
        "Weather: snow expected in the mountains",
        "Cold front.",
        10,
        url="https://bbc.example/weather",
    )
    add_story(
        store,
        "BBC Asia",
        HOSTILE_TITLE,
        "\x1b]52;c;aGVsbG8=\x07 summary",
        5,
        url="javascript:alert(1)",
    )
