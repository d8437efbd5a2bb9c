"""UI test fixtures: the deterministic store, an app factory that closes what it opened."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from uistore import fixed_now, make_config, populate

from crisiswatch.config import Config
from crisiswatch.store import Store


@pytest.fixture
def db_path(tmp_path: Path) -> Iterator[Path]:
    path = tmp_path / "store.db"
    with Store(path) as store:
        populate(store)
    yield path


@pytest.fixture
def empty_db(tmp_path: Path) -> Path:
    path = tmp_path / "empty.db"
    Store(path).close()
    return path


@pytest.fixture
def app_factory() -> Iterator[Callable[..., object]]:
    from crisiswatch.ui.app import CrisisApp
    from crisiswatch.ui.reader import StoreReader

    made: list[CrisisApp] = []

    def make(db: Path, config: Config | None = None, **kw: object) -> CrisisApp:
        kw.setdefault("poll", False)
        kw.setdefault("follower_note", "test store")
        kw.setdefault("now", fixed_now)
        kw.setdefault("store_watch_interval", 0.1)
        store = StoreReader.open(db, readonly=bool(kw.pop("readonly", False)))
        app = CrisisApp(config or make_config(), store, **kw)  # type: ignore[arg-type]
        made.append(app)
        return app

    yield make
    for app in made:
        app.close_stores()
