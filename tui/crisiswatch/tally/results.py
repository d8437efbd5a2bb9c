"""The party-results table: latest share per party, change, threshold status and seat projection."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from crisiswatch.config import Election, SeatMethod
from crisiswatch.models import ShareReport
from crisiswatch.tally.seats import allocate


@dataclass(frozen=True, slots=True)
class PartyRow:
    """One party's line in the results table."""

    party: str
    pct: float
    previous_pct: float | None
    """The party's share in the report before the latest one, if any."""
    change: float | None
    """`pct - previous_pct`, in percentage points."""
    over_threshold: bool
    seats: int | None
    """Projected seats; None when no projection applies to this row."""
    known: bool
    source: str
    at: datetime


@dataclass(frozen=True, slots=True)
class ResultsTable:
    """A watch's results as of the newest report, with the seat projection if it has one."""

    rows: tuple[PartyRow, ...] = ()
    """Sorted by share, largest first."""
    reporting_pct: float | None = None
    as_of: datetime | None = None
    source: str | None = None
    threshold: float = 0.0
    method: SeatMethod = SeatMethod.HARE
    seats_total: int | None = None
    projected: bool = False


def _order(r: ShareReport) -> tuple[datetime, float, int, str]:
    """Latest means newest, then the one with more of the vote counted."""
    return (r.at, r.reporting_pct if r.reporting_pct is not None else -1.0, r.item_id, r.source)


def _count_key(r: ShareReport) -> tuple[datetime, float]:
    return (r.at, r.reporting_pct if r.reporting_pct is not None else -1.0)


def results_table(reports: Iterable[ShareReport], election: Election | None) -> ResultsTable:
    """Reconcile share reports into one table.

    Each party shows its latest share (by time, then by higher reporting %); the change is
    against its share in the previous distinct report (an earlier time or a smaller count). The
    threshold is the watch's, else the newest one a report stated. Seats are projected by the
    watch's method among parties at or over the threshold; when the watch lists parties, names
    it does not list take part in no projection.
    """
    ordered = sorted(reports, key=_order)
    if not ordered:
        return ResultsTable(
            threshold=election.threshold if election else 0.0,
            method=election.method if election else SeatMethod.HARE,
            seats_total=election.seats if election else None,
        )
    by_party: dict[str, list[ShareReport]] = {}
    for r in ordered:
        by_party.setdefault(r.share.party.casefold(), []).append(r)
    if election is not None:
        threshold = election.threshold
    else:
        stated = [r.threshold_pct for r in ordered if r.threshold_pct is not None]
        threshold = stated[-1] if stated else 0.0
    latest_rows: list[tuple[ShareReport, float | None]] = []
    for history in by_party.values():
        last = history[-1]
        earlier = [
            r for r in history if r.item_id != last.item_id and _count_key(r) < _count_key(last)
        ]
        latest_rows.append((last, earlier[-1].share.pct if earlier else None))
    seats: dict[str, int] = {}
    projected = False
    if election is not None and election.seats > 0:
        pool = {
            r.share.party: r.share.pct
            for r, _ in latest_rows
            if r.share.known or not election.parties
        }
        if pool:
            seats = allocate(pool, election.seats, election.method, threshold)
            projected = True
    rows = [
        PartyRow(
            party=r.share.party,
            pct=r.share.pct,
            previous_pct=prev,
            change=None if prev is None else round(r.share.pct - prev, 4),
            over_threshold=r.share.pct >= threshold,
            seats=seats.get(r.share.party) if projected else None,
            known=r.share.known,
            source=r.source,
            at=r.at,
        )
        for r, prev in latest_rows
    ]
    rows.sort(key=lambda row: (-row.pct, row.party.casefold()))
    newest = ordered[-1]
    with_reporting = [r for r in ordered if r.reporting_pct is not None]
    return ResultsTable(
        rows=tuple(rows),
        reporting_pct=with_reporting[-1].reporting_pct if with_reporting else None,
        as_of=newest.at,
        source=newest.source,
        threshold=threshold,
        method=election.method if election else SeatMethod.HARE,
        seats_total=election.seats if election else None,
        projected=projected,
    )


def party_history(reports: Iterable[ShareReport], party: str) -> list[tuple[datetime, float, str]]:
    """Every reported share of one party, oldest first: (time, share, source)."""
    key = party.casefold()
    return [
        (r.at, r.share.pct, r.source)
        for r in sorted(reports, key=_order)
        if r.share.party.casefold() == key
    ]
