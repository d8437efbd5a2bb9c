"""The figures' scope column: added to a version-1 store in place, written and read back."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from crisiswatch.models import Scope
from crisiswatch.store import SCHEMA_VERSION, Store
from crisiswatch.store.reads import figure_reports, item_figures
from crisiswatch.store.schema import MIGRATIONS


def test_version_one_store_gains_scope_and_keeps_its_figures(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    conn = sqlite3.connect(path)
    conn.executescript(MIGRATIONS[0])
    conn.execute(
        "INSERT INTO stories (id, key, title, published, first_seen) VALUES (1, 'k', 't', 0, 0)"
    )
    conn.execute(
        "INSERT INTO items (id, feed, dedup, story_id, title, summary, published, first_seen, "
        "extracted) VALUES (1, 'Wire', 'd', 1, '590 injured', '', 0, 0, 1)"
    )
    conn.execute(
        "INSERT INTO figures (item_id, is_total, kind, value, qual, vague, sentence, start, end) "
        "VALUES (1, 1, 'injured', 590, 'exact', 0, '590 injured', 0, 11), "
        "(1, 0, 'injured', 590, 'exact', 0, '590 injured', 0, 11)"
    )
    conn.execute("PRAGMA user_version = 1")
    conn.commit()
    conn.close()
    with Store(path) as store:
        assert store.conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
        [report] = figure_reports(store, None)
        assert report.figure.value == 590 and report.figure.scope is Scope.UNKNOWN
        assert [f.scope for f in item_figures(store, 1)] == [Scope.UNKNOWN]
