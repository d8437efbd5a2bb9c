"""The demo's article pages: a figure that only full text gives, read through the real pollers."""

from __future__ import annotations

from pathlib import Path

from crisiswatch.demo import DemoReplay
from crisiswatch.models import Kind
from crisiswatch.pollers.poller import Poller
from crisiswatch.store import Store
from crisiswatch.store.reads import figure_reports


class FakeClock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


async def test_the_demo_shows_a_figure_only_its_article_gives(tmp_path: Path) -> None:
    clock = FakeClock()
    with DemoReplay(duration=60.0, clock=clock) as replay, Store(tmp_path / "d.db") as store:
        clock.now += replay.duration
        poller = Poller(replay.config(), store)
        try:
            outcomes = await poller.poll_once()
        finally:
            await poller.aclose()
        assert all(o.ok for o in outcomes), [o.error for o in outcomes]
        reports = figure_reports(store, "Kyrgyzstan 2020")
        from_articles = [r for r in reports if r.article_url]
        injured = [r for r in from_articles if r.figure.kind is Kind.INJURED]
        assert [r.figure.value for r in injured] == [120]
        assert injured[0].figure.sentence.startswith("At least 120 people were injured")
        assert injured[0].article_url is not None
        assert injured[0].article_url.startswith(replay.base_url + "/articles/")
        # No feed's text says 120: the figure is the article's alone, and the related box's
        # other tolls (41 dead, 230 injured) never reach the counters.
        values = {(r.figure.kind, r.figure.value) for r in figure_reports(store, None)}
        assert (Kind.KILLED, 41) not in values and (Kind.INJURED, 230) not in values
        states = dict(
            store.conn.execute("SELECT state, count(*) FROM articles GROUP BY state").fetchall()
        )
        assert states.get("done") == 2
        errors = {
            e for (e,) in store.conn.execute("SELECT error FROM articles WHERE state = 'failed'")
        }
        assert errors <= {
            "full text: demo.crisiswatch.invalid is a reserved name that never resolves; "
            "not fetched"
        }
