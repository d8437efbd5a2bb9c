"""`crisiswatch tally --csv`: the tally as one spreadsheet, a row per counter and per results
row, both in the same columns (`what` says which)."""

from __future__ import annotations

from typing import Any

from crisiswatch.exports.gather import WatchData
from crisiswatch.exports.period import iso
from crisiswatch.exports.rows import COUNTER_COLUMNS, counter_cells
from crisiswatch.models import Kind

COLUMNS = (
    "watch",
    "what",
    "name",
    "race",
    "figure",
    *COUNTER_COLUMNS,
    "share",
    "change",
    "over_threshold",
    "seats",
    "count_from",
    "reporting_pct",
    "as_of",
    "pinned_by",
    "pinned_at",
    "confirmed_reports",
    "rejected_reports",
    "note",
)


def tally_rows(data: WatchData) -> list[dict[str, Any]]:
    """A row per counter (`what` = counter, `name` = kind), then per party of each race's
    table (`what` = result, `name` = party)."""
    rows: list[dict[str, Any]] = []
    name = data.watch.name
    for kind in Kind:
        c = data.counters[kind]
        shown = c.shown
        reports = [(r.item_id, kind) for s in (*c.current, *c.earlier) for r in s.carriers]
        pin = c.pin if c.pinned else None
        rows.append(
            {
                "watch": name,
                "what": "counter",
                "name": kind.value,
                "figure": c.label if shown is not None else "",
                **counter_cells(c),
                "as_of": iso(c.last_changed),
                "pinned_by": pin and pin.user,
                "pinned_at": pin and iso(pin.at),
                "confirmed_reports": sum(1 for k in reports if k in data.state.confirmed),
                "rejected_reports": len(c.rejected),
                "note": c.unsure,
            }
        )
    for rt in data.results:
        for row in rt.rows:
            rows.append(
                {
                    "watch": name,
                    "what": "result",
                    "name": row.party,
                    "race": rt.race,
                    "figure": f"{row.pct:.2f}%",
                    "share": row.pct,
                    "change": row.change,
                    "over_threshold": row.over_threshold,
                    "seats": row.seats,
                    "count_from": row.source,
                    "reporting_pct": rt.reporting_pct
                    if not row.from_earlier
                    else row.earlier_reporting_pct,
                    "as_of": iso(row.at),
                    "note": "from an earlier count" if row.from_earlier else None,
                }
            )
    return rows
