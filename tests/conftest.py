"""Fixtures shared by every test: a live 127.0.0.1 feed server, configs and stores in tmp_path."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from crisiswatch.config import Config, FeedConfig, Settings, Watch
from crisiswatch.store import Store
from feedserver import FeedServer


@pytest.fixture
def feed_server() -> Iterator[FeedServer]:
    with FeedServer() as server:
        yield server


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    s = Store(tmp_path / "store.db")
    yield s
    s.close()


def make_config(
    feeds: list[FeedConfig],
    watches: tuple[Watch, ...] = (),
    **settings: object,
) -> Config:
    """A config as load_config would build it, with test-friendly defaults (short timeout, no
    spacing unless asked)."""
    defaults: dict[str, object] = {"timeout": 2.0, "host_spacing": 0.0, "jitter": 0.0}
    defaults.update(settings)
    return Config(
        path=Path("test.toml"),
        settings=Settings(**defaults),
        feeds=tuple(feeds),  # type: ignore[arg-type]
        watches=watches,
    )
