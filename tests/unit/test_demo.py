"""The offline demo: its timeline, the replay server on a fake clock, a run through the pollers."""

from __future__ import annotations

import importlib.util
import json
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from email.utils import parsedate_to_datetime
from pathlib import Path

import httpx
import pytest

from crisiswatch.config import FeedFormat, load_config
from crisiswatch.demo import FEEDS, TIMELINE, DemoReplay
from crisiswatch.demo import results as official
from crisiswatch.demo.replay import INITIAL, MONITOR_MAPPING, release_times
from crisiswatch.demo.timeline import Layout
from crisiswatch.models import Kind
from crisiswatch.pollers.poller import Poller
from crisiswatch.store import Store

REPO = Path(__file__).resolve().parents[2]
ATOM = "{http://www.w3.org/2005/Atom}"


class FakeClock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def replay(clock: FakeClock) -> Iterator[DemoReplay]:
    with DemoReplay(duration=60.0, clock=clock) as r:
        yield r


def count_items(layout: Layout, body: bytes) -> int:
    """Read a body without the project's parser, so these tests check the server alone."""
    if layout is Layout.RSS:
        return len(ET.fromstring(body).findall("./channel/item"))
    if layout is Layout.ATOM:
        return len(ET.fromstring(body).findall(f"{ATOM}entry"))
    data = json.loads(body)
    return len(data["items"] if layout is Layout.JSONFEED else data[MONITOR_MAPPING.items])


def served(replay: DemoReplay) -> dict[str, int]:
    out = {}
    with httpx.Client(trust_env=False) as client:
        for feed in FEEDS:
            r = client.get(replay.url(feed))
            assert r.status_code == 200
            out[feed.key] = count_items(feed.layout, r.content)
    return out


# --- the timeline ----------------------------------------------------------------------------


def test_timeline_is_chronological_and_well_formed() -> None:
    assert 40 <= len(TIMELINE) <= 60
    offsets = [i.offset for i in TIMELINE]
    assert offsets == sorted(offsets)
    assert len({i.guid for i in TIMELINE}) == len(TIMELINE)
    keys = {f.key for f in FEEDS}
    assert {i.feed for i in TIMELINE} == keys
    assert len({f.layout for f in FEEDS}) == 4
    for item in TIMELINE:
        assert item.link.startswith("https://demo.crisiswatch.invalid/")
        assert item.title and 1 <= item.summary.count(". ") + 1 <= 5
        assert (
            datetime(2020, 10, 3, tzinfo=UTC) < item.published < datetime(2020, 10, 7, tzinfo=UTC)
        )
    for key in keys:
        # Distinct times per feed keep each feed's Last-Modified strictly increasing.
        own = [i.offset for i in TIMELINE if i.feed == key]
        assert len(own) == len(set(own))


def test_some_story_is_carried_by_two_feeds() -> None:
    by_link: dict[str, set[str]] = {}
    for item in TIMELINE:
        by_link.setdefault(item.link, set()).add(item.feed)
    assert any(len(feeds) >= 2 for feeds in by_link.values())


def test_release_times_keep_order_and_fit_the_duration() -> None:
    times = release_times(TIMELINE, 60.0)
    assert list(times) == sorted(times)
    assert times[:INITIAL] == (0.0,) * INITIAL
    assert times[INITIAL] > 0
    assert times[-1] == pytest.approx(60.0)
    assert release_times((), 60.0) == ()


# --- the server ------------------------------------------------------------------------------


def test_feeds_grow_as_the_clock_advances(replay: DemoReplay, clock: FakeClock) -> None:
    start = served(replay)
    assert sum(start.values()) == INITIAL
    clock.now += 30
    middle = served(replay)
    assert all(middle[k] >= start[k] for k in start)
    assert sum(middle.values()) > sum(start.values())
    clock.now += 31
    end = served(replay)
    assert sum(end.values()) == len(TIMELINE)
    for feed in FEEDS:
        assert end[feed.key] == sum(1 for i in TIMELINE if i.feed == feed.key)


def test_progress_follows_the_clock(clock: FakeClock) -> None:
    r = DemoReplay(duration=60.0, clock=clock)
    assert r.progress() == 0.0
    with r:
        assert r.progress() == 0.0
        clock.now += 15
        assert r.progress() == pytest.approx(0.25)
        clock.now += 100
        assert r.progress() == 1.0
    with pytest.raises(RuntimeError):
        _ = r.base_url


def test_story_clock_runs_through_the_timeline(replay: DemoReplay, clock: FakeClock) -> None:
    """The demo's screen dates ages by the story's clock: never behind the newest item out,
    never past the next one to come, and moving forward all the way."""
    seen: list[datetime] = []
    for _ in range(70):
        now = replay.story_now()
        out = replay.released()
        assert out, "the first items are out at once"
        assert now >= max(i.published for i in out)
        upcoming = [i.published for i in TIMELINE if i not in out]
        if upcoming:
            assert now <= min(upcoming)
        seen.append(now)
        clock.now += 1.0
    assert seen == sorted(seen)
    assert seen[0] < seen[-1]
    # 69 s on a 60 s replay: the clock runs on past the last item in real seconds.
    past_the_end = seen[-1] - max(i.published for i in TIMELINE)
    assert past_the_end == timedelta(seconds=9)


def test_bodies_are_newest_first_with_real_dates(replay: DemoReplay, clock: FakeClock) -> None:
    clock.now += 60
    wire = next(f for f in FEEDS if f.layout is Layout.RSS)
    body = httpx.get(replay.url(wire), trust_env=False).content
    dates = [
        parsedate_to_datetime(d.text or "")
        for d in ET.fromstring(body).findall("./channel/item/pubDate")
    ]
    assert dates == sorted(dates, reverse=True)
    assert dates[-1].year == 2020


def test_content_types(replay: DemoReplay) -> None:
    expected = {
        Layout.RSS: "application/rss+xml",
        Layout.ATOM: "application/atom+xml",
        Layout.JSONFEED: "application/feed+json",
        Layout.JSON: "application/json",
    }
    with httpx.Client(trust_env=False) as client:
        for feed in FEEDS:
            r = client.get(replay.url(feed))
            assert r.headers["content-type"].split(";")[0] == expected[feed.layout]
        assert client.get(replay.base_url + "/nope").status_code == 404


def test_unchanged_feed_answers_304(replay: DemoReplay, clock: FakeClock) -> None:
    feed = FEEDS[0]
    url = replay.url(feed)
    with httpx.Client(trust_env=False) as client:
        first = client.get(url)
        etag = first.headers["etag"]
        modified = first.headers["last-modified"]
        again = client.get(url, headers={"If-None-Match": etag})
        assert again.status_code == 304
        assert again.content == b""
        assert again.headers["etag"] == etag
        by_date = client.get(url, headers={"If-Modified-Since": modified})
        assert by_date.status_code == 304
        clock.now += 60
        changed = client.get(url, headers={"If-None-Match": etag, "If-Modified-Since": modified})
        assert changed.status_code == 200
        assert changed.headers["etag"] != etag
        assert parsedate_to_datetime(changed.headers["last-modified"]) > parsedate_to_datetime(
            modified
        )


# --- the config ------------------------------------------------------------------------------


def test_config_points_at_the_server_and_matches_feeds_toml(replay: DemoReplay) -> None:
    config = replay.config()
    assert config.settings.interval == 2.0
    assert config.settings.host_spacing == 0
    assert [f.name for f in config.feeds] == [f.name for f in (*FEEDS, official.FEED)]
    cec = next(f for f in config.feeds if f.format is FeedFormat.RESULTS_JSON)
    assert cec.results == official.MAPPING
    assert all(f.url.startswith(replay.base_url) for f in config.feeds)
    monitor = next(f for f in config.feeds if f.format is FeedFormat.JSON)
    assert monitor.json == MONITOR_MAPPING
    shipped = load_config(REPO / "feeds.toml")
    real = next(w for w in shipped.watches if w.name == "Kyrgyzstan 2020")
    assert config.watches == (real,)


# --- through the real pollers and store ------------------------------------------------------


async def test_replay_through_pollers_and_store(
    replay: DemoReplay, clock: FakeClock, tmp_path: Path
) -> None:
    with Store(tmp_path / "demo.db") as store:
        poller = Poller(replay.config(), store)
        try:
            outcomes = await poller.poll_once()
            assert all(o.ok for o in outcomes), [o.error for o in outcomes]
            assert sum(o.new_items for o in outcomes) == INITIAL
            clock.now += replay.duration
            outcomes = await poller.poll_once()
            assert all(o.ok and o.status == 200 for o in outcomes)
            again = await poller.poll_once()
            assert all(o.status == 304 for o in again)
        finally:
            await poller.aclose()

        stored = store.conn.execute("SELECT guid FROM items WHERE official = 0").fetchall()
        assert {g for (g,) in stored} == {i.guid for i in TIMELINE}
        # The commission's export, polled at the end of the replay, is its last stage.
        snapshots = store.conn.execute("SELECT reporting_pct FROM items WHERE official = 1")
        assert snapshots.fetchall() == [(98.02,)]
        shared = store.conn.execute("SELECT COUNT(*) FROM stories WHERE n_sources > 1").fetchone()
        assert shared[0] >= 1
        assert store.conn.execute("SELECT MIN(published) FROM items").fetchone()[0] < 1.7e9

        if importlib.util.find_spec("crisiswatch.extract") is None:
            pytest.skip("crisiswatch.extract not available yet")
        from crisiswatch.store.reads import figure_reports, share_reports

        reports = figure_reports(store, "Kyrgyzstan 2020")
        killed = {r.figure.value for r in reports if r.figure.kind is Kind.KILLED}
        injured = {r.figure.value for r in reports if r.figure.kind is Kind.INJURED}
        assert 1 in killed
        assert {590, 600, 686} <= injured
        assert any(r.figure.kind is Kind.ARRESTED for r in reports)
        # The other conflict's dead are stored but never count toward this watch.
        every = figure_reports(store, None)
        assert len(every) > len(reports)

        shares = share_reports(store, "Kyrgyzstan 2020")
        at_98 = {s.share.party: s.share.pct for s in shares if s.reporting_pct == 98.0}
        assert at_98["Birimdik"] == 24.52
        assert at_98["Mekenim Kyrgyzstan"] == 23.89
        assert at_98["Kyrgyzstan"] == 8.73
        assert at_98["Butun Kyrgyzstan"] == 7.11
        assert {s.reporting_pct for s in shares} >= {15.0, 50.0, 90.0, 98.0}


# --- the commission's results export ---------------------------------------------------------


def test_the_export_adds_up_to_the_reported_shares_at_every_stage() -> None:
    from crisiswatch.pollers.parse.results import read_results

    replayed = []
    for index, stage in enumerate(official.STAGES):
        feed, [ex] = read_results(
            official.render(index),
            FeedFormat.RESULTS_JSON,
            official.MAPPING,
            max_items=500,
            content_type=None,
            election=None,
            feed_name="CEC",
        )
        shares = {s.party: s.pct for s in ex.results}
        assert len(shares) == 16 and sum(stage.votes()) == stage.valid
        assert [shares[name] for name in official.LISTS[:5]] == list(stage.leading)
        assert max(shares[name] for name in official.LISTS[5:]) < 7.0
        assert feed.items[0].published == stage.at
        replayed.append(ex.reporting_pct)
    assert replayed == [15.01, 50.02, 90.0, 98.02]
    # The README's figures: 98% of stations, the four parties over 7%.
    assert official.STAGES[-1].leading[:4] == (24.52, 23.89, 8.73, 7.11)


async def test_the_replay_serves_each_stage_and_the_table_is_the_commissions(
    replay: DemoReplay, clock: FakeClock, tmp_path: Path
) -> None:
    from crisiswatch.demo.replay import WATCH
    from crisiswatch.store.reads import feed_health, share_reports
    from crisiswatch.tally.results import results_table

    config = replay.config()
    with Store(tmp_path / "demo.db") as store:
        poller = Poller(config, store)
        try:
            await poller.poll_once()
            health = {h.name: h for h in feed_health(store)}
            assert health[official.FEED.name].warning == "no votes counted yet"
            for _ in range(40):
                clock.now += replay.duration / 40
                await poller.poll_once()
        finally:
            await poller.aclose()
        stages = store.conn.execute(
            "SELECT reporting_pct FROM items WHERE official = 1 ORDER BY published"
        ).fetchall()
        assert [p for (p,) in stages] == [15.01, 50.02, 90.0, 98.02]
        table = results_table(share_reports(store, WATCH.name), WATCH.election)
    assert table.official and table.source == official.FEED.name
    assert table.reporting_pct == 98.02 and len(table.outranked) >= 2
    seats = {r.party: r.seats for r in table.rows if r.seats}
    assert seats == {
        "Birimdik": 46,
        "Mekenim Kyrgyzstan": 45,
        "Kyrgyzstan": 16,
        "Butun Kyrgyzstan": 13,
    }
