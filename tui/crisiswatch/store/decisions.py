"""The decision log in the store: each decision its own short transaction, read back whole.

The TUI that takes a decision commits it on its own connection the moment the analyst acts,
so no poller (killed or not) stands between the key and the disk; WAL lets every other TUI on
the store see it at its next `PRAGMA data_version` check.
"""

from __future__ import annotations

import getpass
import sqlite3
from datetime import UTC, datetime

from crisiswatch.models import Kind, Qual
from crisiswatch.store.database import Store
from crisiswatch.tally.decisions import Action, Decision

_COLUMNS = "id, action, kind, item_id, watch, value, qual, high, source, note, undoes, user, at"


def current_user() -> str:
    """The OS account's name, as the log records who decided; never fails."""
    try:
        name = getpass.getuser()
    except (OSError, KeyError, ImportError):
        # No LOGNAME/USER and no passwd entry (a bare container): still record something.
        return "unknown user"
    return name or "unknown user"


def record(store: Store, d: Decision) -> Decision:
    """Append one decision (its `id` is ignored) and return it as stored, with its id."""
    with store.transaction() as c:
        cur = c.execute(
            f"INSERT INTO decisions ({_COLUMNS}) VALUES (NULL, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                d.action.value,
                d.kind.value,
                d.item_id,
                d.watch,
                d.value,
                None if d.qual is None else d.qual.value,
                d.high,
                d.source,
                d.note,
                d.undoes,
                d.user,
                d.at.timestamp(),
            ),
        )
        new_id = cur.lastrowid
    assert new_id is not None
    return Decision(
        id=new_id,
        action=d.action,
        kind=d.kind,
        user=d.user,
        at=d.at,
        item_id=d.item_id,
        watch=d.watch,
        value=d.value,
        qual=d.qual,
        high=d.high,
        source=d.source,
        note=d.note,
        undoes=d.undoes,
    )


def _decision(r: tuple[object, ...]) -> Decision:
    def num(v: object) -> int | None:
        return None if v is None else int(v)  # type: ignore[call-overload]

    return Decision(
        id=int(r[0]),  # type: ignore[call-overload]
        action=Action(str(r[1])),
        kind=Kind(str(r[2])),
        item_id=num(r[3]),
        watch=None if r[4] is None else str(r[4]),
        value=num(r[5]),
        qual=None if r[6] is None else Qual(str(r[6])),
        high=num(r[7]),
        source=None if r[8] is None else str(r[8]),
        note=None if r[9] is None else str(r[9]),
        undoes=num(r[10]),
        user=str(r[11]),
        at=datetime.fromtimestamp(float(r[12]), UTC),  # type: ignore[arg-type]
    )


def decision_log(store: Store) -> list[Decision]:
    """Every decision, oldest first. A read-only follower of a store not yet migrated to the
    log (its poller runs an older crisiswatch) sees none rather than failing."""
    try:
        with store.reading() as c:
            rows = c.execute(f"SELECT {_COLUMNS} FROM decisions ORDER BY id").fetchall()
    except sqlite3.OperationalError as exc:
        if "no such table" in str(exc):
            return []
        raise
    return [_decision(r) for r in rows]
