"""Waiting for the app to settle: snapshots applied, pages read, nothing pending to draw."""

from __future__ import annotations

import time
from collections.abc import Callable

from textual.pilot import Pilot

from crisiswatch.ui.app import CrisisApp


async def until(pilot: Pilot[int], predicate: Callable[[], bool], timeout: float = 10.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            await pilot.pause()
            return
        await pilot.pause(0.02)
    raise AssertionError("condition not reached in time")


async def settled(pilot: Pilot[int], snapshots: int = 1) -> CrisisApp:
    app = pilot.app
    assert isinstance(app, CrisisApp)

    def ready() -> bool:
        lst = app.main.headlines
        return (
            app.snapshots_applied >= snapshots
            and not lst.pages_in_flight
            and not any(
                w.group in ("snapshot", "headline-pages") and w.is_running for w in app.workers
            )
        )

    await until(pilot, ready)
    await pilot.pause()
    return app


def screen_text(app: CrisisApp) -> str:
    """What the terminal shows, as plain text: for asserting on what a user would read."""
    import io

    from rich.console import Console

    width, height = app.size
    console = Console(
        width=width,
        height=height,
        file=io.StringIO(),
        force_terminal=True,
        color_system="truecolor",
        record=True,
        legacy_windows=False,
        safe_box=False,
    )
    console.print(
        app.screen._compositor.render_update(full=True, screen_stack=app._background_screens)
    )
    return console.export_text()
