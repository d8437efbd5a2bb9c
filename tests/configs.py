"""Configs as load_config would build them, for tests that need no feeds.toml on disk.

A module of its own, not conftest.py: tests/ui has a conftest too, and `from conftest import`
would pick whichever was imported first.
"""

from __future__ import annotations

from pathlib import Path

from crisiswatch.config import Config, FeedConfig, Settings, Watch


def make_config(
    feeds: list[FeedConfig],
    watches: tuple[Watch, ...] = (),
    **settings: object,
) -> Config:
    """A config as load_config would build it, with test-friendly defaults (short timeout, no
    spacing unless asked)."""
    defaults: dict[str, object] = {
        "timeout": 2.0,
        "fetch_deadline": 6.0,
        "host_spacing": 0.0,
        "jitter": 0.0,
    }
    defaults.update(settings)
    return Config(
        path=Path("test.toml"),
        settings=Settings(**defaults),
        feeds=tuple(feeds),  # type: ignore[arg-type]
        watches=watches,
    )
