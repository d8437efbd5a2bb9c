"""End to end: a real 127.0.0.1 feed server, the app's own pollers, a new figure, `r`, the counter."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from uistore import WATCH
from waiting import screen_text, until

from crisiswatch.config import Config, FeedConfig, Settings
from crisiswatch.models import Kind
from feedserver import Entry, FeedServer, Route, rss

CALM = Entry(
    guid="wire-1",
    title="Protesters gather in Bishkek",
    summary="Crowds gathered on Ala-Too square in Bishkek after the vote.",
    link="https://wire.example/1",
    published=datetime(2020, 10, 5, 20, 0, tzinfo=UTC),
)
DEADLY = Entry(
    guid="wire-2",
    title="3 killed in Bishkek clashes",
    summary="3 people were killed in clashes in Bishkek, the health ministry said.",
    link="https://wire.example/2",
    published=datetime(2020, 10, 6, 8, 0, tzinfo=UTC),
)


async def test_new_casualty_figure_reaches_the_counter(tmp_path: Path, app_factory) -> None:
    with FeedServer() as server:
        server.routes["/wire"] = Route(body=rss([CALM]))
        config = Config(
            path=Path("<e2e>"),
            settings=Settings(interval=600.0, host_spacing=0.0, jitter=0.0),
            feeds=(FeedConfig(name="Wire", url=server.url("/wire")),),
            watches=(WATCH,),
        )
        app = app_factory(tmp_path / "e2e.db", config, poll=True, follower_note=None)
        async with app.run_test(size=(160, 48)) as pilot:
            killed = app.main.counters.card(Kind.KILLED)
            await until(pilot, lambda: any(o.ok for o in app.outcomes), timeout=15)
            await until(pilot, lambda: app.main.headlines.total == 1)
            assert killed.value_shown == "-"
            assert "POLLING" in app.main.status.text.plain
            assert "1 feeds: 1 ok" in app.main.status.text.plain

            server.routes["/wire"] = Route(body=rss([DEADLY, CALM]))
            hits = len(server.hits("/wire"))
            await pilot.press("r")
            await until(pilot, lambda: len(server.hits("/wire")) > hits, timeout=15)
            await until(pilot, lambda: killed.value_shown == "3", timeout=15)
            await until(pilot, lambda: app.main.headlines.total == 2)
            text = screen_text(app)
            assert "3 killed in Bishkek clashes" in text
            assert "1 source" in text
