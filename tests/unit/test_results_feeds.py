"""Official results feeds against a real 127.0.0.1 server: a commission's JSON export and a
data desk's CSV, polled like any feed, stored as official snapshots that outrank the shares
read from texts of the same count."""

from __future__ import annotations

from datetime import UTC, datetime

from configs import make_config
from crisiswatch.config import (
    Election,
    FeedConfig,
    FeedFormat,
    Party,
    ResultsMapping,
    Watch,
)
from crisiswatch.pollers.poller import Poller
from crisiswatch.store import Store
from crisiswatch.store.reads import feed_health, share_reports
from crisiswatch.tally.results import results_table
from feedserver import Entry, FeedServer, Route, results_csv, results_export, rss

ELECTION = Election(
    seats=120,
    threshold=7.0,
    parties=(
        Party("Birimdik"),
        Party("Mekenim Kyrgyzstan"),
        Party("Kyrgyzstan"),
        Party("Butun Kyrgyzstan", ("United Kyrgyzstan",)),
        Party("Ata-Meken"),
    ),
)
WATCH = Watch("Kyrgyzstan 2020", ("Kyrgyzstan", "Kyrgyz"), election=ELECTION)

CEC = ResultsMapping(
    name="party.name",
    rows="parties",
    votes="votes",
    counted="stations.counted",
    total="stations.total",
    published="updated",
    title="Kyrgyzstan CEC",
)
"""How a commission's export is mapped: `[feed.results]` in feeds.toml."""

DESK = ResultsMapping(name="party", share="percent", reporting="reporting", title="Kyrgyz desk")

VOTES = [
    ("Birimdik", 490_400),
    ("Mekenim Kyrgyzstan", 477_800),
    ("Kyrgyzstan", 174_600),
    ("United Kyrgyzstan", 142_200),
    ("Ata-Meken", 64_000),
    ("Reforma", 651_000),
]
"""Made-up votes summing to 2,000,000: shares come out as 24.52, 23.89, 8.73, 7.11, 3.2."""


def results_feed(server: FeedServer, name: str, path: str, mapping: ResultsMapping) -> FeedConfig:
    fmt = FeedFormat.RESULTS_CSV if path.endswith(".csv") else FeedFormat.RESULTS_JSON
    return FeedConfig(name=name, url=server.url(path), format=fmt, results=mapping)


async def poll(store: Store, *feeds: FeedConfig) -> list[tuple[bool, int, str | None]]:
    poller = Poller(make_config(list(feeds), (WATCH,)), store)
    try:
        outcomes = await poller.poll_once()
    finally:
        await poller.aclose()
    return [(o.ok, o.new_items, o.error) for o in outcomes]


def official_items(store: Store, feed: str) -> list[tuple[str, str, float | None, int]]:
    return store.conn.execute(
        "SELECT title, summary, reporting_pct, official FROM items WHERE feed = ? ORDER BY id",
        (feed,),
    ).fetchall()


async def test_a_commission_json_export_of_votes_is_one_official_snapshot(
    feed_server: FeedServer, store: Store
) -> None:
    feed_server.routes["/cec.json"] = Route(results_export(VOTES), content_type="application/json")
    assert await poll(store, results_feed(feed_server, "CEC", "/cec.json", CEC)) == [
        (True, 1, None)
    ]
    [(title, summary, reporting, official)] = official_items(store, "CEC")
    assert official == 1 and reporting == 98.02
    assert title == "Kyrgyzstan CEC: official results, 2,469 of 2,519 stations counted (98.02%)"
    assert summary.startswith("Reforma 32.55% (651,000 votes); Birimdik 24.52% (490,400 votes)")
    reports = share_reports(store, WATCH.name)
    shares = {r.share.party: r.share.pct for r in reports}
    # Shares computed from votes only; an alias is the watch's own name for the party.
    assert shares == {
        "Reforma": 32.55,
        "Birimdik": 24.52,
        "Mekenim Kyrgyzstan": 23.89,
        "Kyrgyzstan": 8.73,
        "Butun Kyrgyzstan": 7.11,
        "Ata-Meken": 3.2,
    }
    assert all(r.official for r in reports)
    assert not next(r for r in reports if r.share.party == "Reforma").share.known
    # Published when the export says (07:30 in Bishkek), not when it was fetched.
    assert {r.at for r in reports} == {datetime(2020, 10, 5, 1, 30, tzinfo=UTC)}
    # Each share's span is its own line in the stored text, as the story screen highlights.
    text = f"{title}\n\n{summary}"
    birimdik = next(r for r in reports if r.share.party == "Birimdik").share
    assert text[birimdik.start : birimdik.end] == "Birimdik 24.52% (490,400 votes)"


async def test_results_feeds_are_fetched_conditionally_and_store_each_count_once(
    feed_server: FeedServer, store: Store
) -> None:
    feed_server.routes["/cec.json"] = Route(results_export(VOTES))
    feed_server.routes["/desk.csv"] = Route(
        results_csv([("Birimdik", "24.52")]), content_type="text/csv", validators=False
    )
    feeds = (
        results_feed(feed_server, "CEC", "/cec.json", CEC),
        results_feed(feed_server, "Desk", "/desk.csv", DESK),
    )
    assert await poll(store, *feeds) == [(True, 1, None), (True, 1, None)]
    # Unchanged: the export answers 304 to its validators; the CSV, with none, is read again
    # and is the same count, so nothing is stored twice.
    assert await poll(store, *feeds) == [(True, 0, None), (True, 0, None)]
    cec = [s for s in feed_server.requests if s.path == "/cec.json"]
    assert "if-none-match" in {k.lower() for k in cec[-1].headers}
    # The next count is a new snapshot.
    feed_server.routes["/cec.json"] = Route(results_export(VOTES, counted=2519))
    assert await poll(store, *feeds) == [(True, 1, None), (True, 0, None)]
    assert [row[2] for row in official_items(store, "CEC")] == [98.02, 100.0]


async def test_a_csv_with_a_bad_row_keeps_the_others_and_says_which_row(
    feed_server: FeedServer, store: Store
) -> None:
    body = results_csv(
        [("Birimdik", "24,52"), ("Mekenim Kyrgyzstan", "lots"), ("Kyrgyzstan", "8.73%")],
        sep=";",
    )
    feed_server.routes["/desk.csv"] = Route(body, content_type="text/csv; charset=utf-8")
    desk = ResultsMapping(
        name="party", share="percent", reporting="reporting", delimiter=";", title="Kyrgyz desk"
    )
    assert await poll(store, results_feed(feed_server, "Desk", "/desk.csv", desk)) == [
        (True, 1, None)
    ]
    shares = {r.share.party: r.share.pct for r in share_reports(store, WATCH.name)}
    assert shares == {"Birimdik": 24.52, "Kyrgyzstan": 8.73}
    [health] = feed_health(store)
    assert health.warning == "1 row(s) skipped (line 3: percent 'lots' is not a percentage)"


async def test_hostile_exports_fail_only_their_own_feed(
    feed_server: FeedServer, store: Store
) -> None:
    # A 4,301-digit integer, one past what Python's int() converts from text.
    digits = results_export([("Birimdik", 490_400), ("Kyrgyzstan", "BIG")])
    feed_server.routes["/digits.json"] = Route(digits.replace(b'"BIG"', b"9" * 4301))
    feed_server.routes["/none.json"] = Route(
        results_export([("Birimdik", "1e400"), ("Kyrgyzstan", float("nan"))])
    )
    feed_server.routes["/missing.csv"] = Route(b"name,votes\nBirimdik,5\n")
    feed_server.routes["/huge.json"] = Route(chunked_size=8 * 1024 * 1024)
    feed_server.routes["/html.json"] = Route(b"<html><body>Service unavailable</body></html>")
    feed_server.routes["/news"] = Route(
        rss(
            [
                Entry(
                    "n1",
                    "Kyrgyz vote count continues",
                    "Counting went on in Bishkek.",
                    published=datetime(2020, 10, 5, tzinfo=UTC),
                )
            ]
        )
    )
    outcomes = await poll(
        store,
        results_feed(feed_server, "Digits", "/digits.json", CEC),
        results_feed(feed_server, "None", "/none.json", CEC),
        results_feed(feed_server, "Missing", "/missing.csv", DESK),
        results_feed(feed_server, "Huge", "/huge.json", CEC),
        results_feed(feed_server, "HTML", "/html.json", CEC),
        FeedConfig(name="News", url=feed_server.url("/news")),
    )
    assert outcomes[0] == (True, 1, None)
    health = {h.name: h for h in feed_health(store)}
    assert health["Digits"].warning is not None
    assert "row 2: votes missing" in health["Digits"].warning
    assert outcomes[1][:2] == (False, 0)
    assert outcomes[1][2] == "no result row could be read (row 1: votes '1e400' is not a number)"
    assert outcomes[2][2] == ("column 'party' is not in the CSV header (columns: name, votes)")
    assert outcomes[3][0] is False and "exceeds max_body" in str(outcomes[3][2])
    assert outcomes[4][0] is False and "invalid JSON" in str(outcomes[4][2])
    assert outcomes[5] == (True, 1, None)
    for error in (o[2] for o in outcomes if o[2]):
        assert "\n" not in error and len(error) < 200
    # The one share that could be read is the only one stored.
    shares = {(r.source, r.share.party): r.share.pct for r in share_reports(store, WATCH.name)}
    assert shares == {("Digits", "Birimdik"): 100.0}


async def test_the_official_count_outranks_a_newer_text_of_the_same_count_in_the_store(
    feed_server: FeedServer, store: Store
) -> None:
    feed_server.routes["/cec.json"] = Route(results_export(VOTES))
    feed_server.routes["/news"] = Route(
        rss(
            [
                Entry(
                    "w98",
                    "Birimdik leads Kyrgyz count",
                    "With 98% of polling stations counted, Birimdik had 24.6% and Mekenim "
                    "Kyrgyzstan 23.8%.",
                    link="https://news.example.org/w98",
                    published=datetime(2020, 10, 5, 6, 0, tzinfo=UTC),
                )
            ]
        )
    )
    outcomes = await poll(
        store,
        results_feed(feed_server, "CEC", "/cec.json", CEC),
        FeedConfig(name="Wire", url=feed_server.url("/news")),
    )
    assert outcomes == [(True, 1, None), (True, 1, None)]
    reports = share_reports(store, WATCH.name)
    assert {r.source for r in reports} == {"CEC", "Wire"}
    table = results_table(reports, ELECTION)
    assert table.source == "CEC" and table.official and table.outranked == ("Wire",)
    assert table.reporting_pct == 98.02
    birimdik = next(row for row in table.rows if row.party == "Birimdik")
    assert (birimdik.pct, birimdik.official, birimdik.seats) == (24.52, True, 46)
