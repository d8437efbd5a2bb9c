"""Alerts in the store: the value last announced per watch and subject, and the alerts log.

The check and the write are one BEGIN IMMEDIATE transaction: of two processes tallying the
same change, the second finds it already announced. The key is (watch, subject), so a restart
compares with what was last announced, never with nothing.
"""

from __future__ import annotations

import json
import sqlite3
import time
from collections.abc import Sequence
from dataclasses import replace
from datetime import UTC, datetime
from typing import Any

from crisiswatch.alerts.changes import Alert, ChangeKind, Headline, changes
from crisiswatch.config import Watch
from crisiswatch.store.database import Store


def _when(ts: float) -> datetime:
    return datetime.fromtimestamp(ts, UTC)


def _item(c: sqlite3.Connection, item_id: int) -> tuple[str | None, str | None] | None:
    row = c.execute("SELECT url, title FROM items WHERE id = ?", (item_id,)).fetchone()
    return None if row is None else (row[0], row[1])


def _results_item(c: sqlite3.Connection, h: Headline) -> Headline:
    """A results subject names its count by source and time: find the item, its link and the
    sentence holding the leader's share."""
    if h.source is None or h.published is None or h.value is None:
        return h
    party = h.value.split(" leads with ", 1)[0]
    row = c.execute(
        "SELECT i.id, i.url, i.title, i.summary, sh.start FROM shares sh "
        "JOIN items i ON i.id = sh.item_id WHERE i.feed = ? AND i.published = ? AND sh.party = ? "
        "ORDER BY i.id DESC LIMIT 1",
        (h.source, h.published.timestamp(), party),
    ).fetchone()
    if row is None:
        return h
    # Here, not at the top: `crisiswatch.extract` would load (and compile) the whole
    # extractor into every `poll` process, which never extracts.
    from crisiswatch.extract.sentences import sentences_around

    text = f"{row[2]}\n{row[3]}"
    found = sentences_around(text, [row[4]])
    sentence = found[0].text if found else None
    return replace(h, item_id=row[0], link=row[1], sentence=sentence)


def announce(
    store: Store, watch: str, headlines: Sequence[Headline], now: float | None = None
) -> list[Alert]:
    """Record the watch's subjects and return the alerts for those that changed since they
    were last announced, logged in the same transaction. A watch this store has never
    announced gets its figures recorded as they stand, without alerts: the baseline from
    which changes count (a new store's is empty, so its first figures do alert)."""
    now = time.time() if now is None else now
    # Read first, outside the write lock: most checks find nothing new, and a commit that
    # changes nothing would still make every TUI on the store read it again.
    with store.reading() as c:
        stood = dict(
            c.execute("SELECT subject, value FROM alert_state WHERE watch = ?", (watch,)).fetchall()
        )
    if stood and all(h.subject in stood and stood[h.subject] == h.value for h in headlines):
        return []
    with store.transaction() as c:
        rows = c.execute(
            "SELECT subject, value FROM alert_state WHERE watch = ?", (watch,)
        ).fetchall()
        known = bool(rows)
        previous = {r[0]: r[1] for r in rows}
        fired = changes(watch, previous, headlines, _when(now)) if known else []
        c.executemany(
            "INSERT INTO alert_state (watch, subject, value, at) VALUES (?, ?, ?, ?) "
            "ON CONFLICT (watch, subject) DO UPDATE SET value = excluded.value, at = excluded.at "
            "WHERE value IS NOT excluded.value",
            [(watch, h.subject, h.value, now) for h in headlines],
        )
        by_subject = {h.subject: h for h in headlines}
        out: list[Alert] = []
        for alert in fired:
            h = by_subject[alert.subject]
            if h.kind is ChangeKind.RESULTS:
                h = _results_item(c, h)
            title = None
            link = h.link
            if h.item_id is not None:
                found = _item(c, h.item_id)
                if found is not None:
                    link = link or found[0]
                    title = found[1]
            alert = replace(alert, link=link, title=title, sentence=h.sentence)
            c.execute(
                "INSERT INTO alerts (watch, subject, kind, old, new, payload, at) "
                "VALUES (?, ?, ?, ?, ?, ?, ?)",
                (
                    watch,
                    alert.subject,
                    alert.kind.value,
                    alert.old,
                    alert.new,
                    json.dumps(alert.payload()),
                    now,
                ),
            )
            out.append(alert)
    return out


def unannounced(store: Store, watches: Sequence[Watch]) -> list[Watch]:
    """The watches this store has no record of yet: they need a baseline."""
    with store.reading() as c:
        known = {r[0] for r in c.execute("SELECT DISTINCT watch FROM alert_state")}
    return [w for w in watches if w.name not in known]


def prune_alerts(store: Store, before: float) -> int:
    """Drop alerts logged before `before` (the items' retention): the log only feeds toasts
    and scripts, and what a watch last announced stays in `alert_state`."""
    with store.transaction() as c:
        return c.execute("DELETE FROM alerts WHERE at < ?", (before,)).rowcount


def last_alert_id(store: Store) -> int:
    """The newest alert's id (0 for none, or a store from before alerts)."""
    try:
        with store.reading() as c:
            return int(c.execute("SELECT coalesce(max(id), 0) FROM alerts").fetchone()[0])
    except sqlite3.OperationalError:  # no such table: an older store opened read-only
        return 0


def alerts_after(store: Store, after: int, limit: int = 50) -> list[tuple[int, dict[str, Any]]]:
    """Alerts logged after id `after`, oldest first, as their payloads: what another process
    announced, for a TUI to show."""
    try:
        with store.reading() as c:
            rows = c.execute(
                "SELECT id, payload FROM alerts WHERE id > ? ORDER BY id LIMIT ?", (after, limit)
            ).fetchall()
    except sqlite3.OperationalError:
        return []
    out: list[tuple[int, dict[str, Any]]] = []
    for alert_id, payload in rows:
        try:
            data = json.loads(payload)
        except ValueError:
            continue
        if isinstance(data, dict):
            out.append((int(alert_id), data))
    return out
