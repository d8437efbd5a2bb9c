"""Fixtures shared by every test: a live 127.0.0.1 feed server, configs and stores in tmp_path.

Also the `slow` mark and hypothesis's profiles: `pytest -m "not slow"` leaves out the families
that spend minutes on real processes (kill loops, pseudo-terminals, many readers, Unix
accounts, marked here by module) and every other test that took 0.7 s or more in a
`--durations=0` run on the development machine (marked where it is written: a Pilot-driven
app, a `crisiswatch` subprocess, a long property run), so the rest runs in well under a minute;
the README's test command and `.ci/run` run everything. Under `CI` hypothesis runs derandomized, so a CI run is repeatable and never
fails on a new random draw alone.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import settings

from crisiswatch.store import Store
from feedserver import FeedServer

SLOW_MODULES = frozenset(
    {
        "test_kill_loop.py",
        "test_many_readers.py",
        "test_shared_read_marks.py",
        "test_shared_store_accounts.py",
        "test_shared_desk.py",
        "test_terminals.py",
        "test_e2e.py",
        "test_repeated_figures_poll.py",
    }
)
"""Test files whose every test starts real processes and runs for seconds to minutes."""

settings.register_profile("ci", derandomize=True, deadline=None, print_blob=True)
settings.register_profile("dev", deadline=None)
settings.load_profile("ci" if os.environ.get("CI") else "dev")


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if item.path.name in SLOW_MODULES:
            item.add_marker(pytest.mark.slow)


@pytest.fixture
def feed_server() -> Iterator[FeedServer]:
    with FeedServer() as server:
        yield server


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    s = Store(tmp_path / "store.db")
    yield s
    s.close()
