"""The party-results tables, one per race, each from one count: shares, change since that
source's previous count, threshold (or majority) status, seat projection and the race's status."""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from crisiswatch.config import Election, SeatMethod
from crisiswatch.models import RaceStatus, ShareReport, StatusReport
from crisiswatch.tally.seats import caveats, clears, project, threshold_note


@dataclass(frozen=True, slots=True)
class PartyRow:
    """One party's line in the results table."""

    party: str
    pct: float
    previous_pct: float | None
    """The party's share in the same source's previous count, if it gave one."""
    change: float | None
    """`pct - previous_pct`, in percentage points."""
    over_threshold: bool
    seats: int | None
    """Projected seats; None when no projection applies to this row."""
    known: bool
    source: str
    at: datetime
    from_earlier: bool = False
    """The table's count leaves this party out: its share comes from an earlier count."""
    earlier_reporting_pct: float | None = None
    """How far that earlier count had got, when it said."""
    official: bool = False
    """The share comes from an official results feed, not from a text."""


@dataclass(frozen=True, slots=True)
class Count:
    """A results snapshot: the shares one source gave at one stage of the count."""

    source: str
    item_id: int
    at: datetime
    reporting_pct: float | None
    shares: tuple[ShareReport, ...]
    official: bool = False
    """An official results feed's snapshot: it outranks texts' counts at the same stage."""


@dataclass(frozen=True, slots=True)
class ResultsTable:
    """A watch's results from its most complete count, with the seat projection if it has one."""

    rows: tuple[PartyRow, ...] = ()
    """Sorted by share, largest first."""
    reporting_pct: float | None = None
    """How far the table's count had got."""
    as_of: datetime | None = None
    """When the table's count was published."""
    source: str | None = None
    """Whose count the table shows."""
    threshold: float = 0.0
    method: SeatMethod = SeatMethod.HARE
    seats_total: int | None = None
    projected: bool = False
    previous: Count | None = None
    """The same source's previous count, which the changes compare with."""
    race: str | None = None
    """Which race the table is ("parliamentary", "presidential"); None for a watch with no
    election whose texts named none."""
    candidates: bool = False
    """A race of candidates (presidential): no seats, and `over_threshold` means a majority."""
    status: StatusReport | None = None
    """The newest status a text stated for the race (annulled, final, ...), if any."""
    reserved: int = 0
    """Seats filled outside the list allocation, not projected."""
    caveats: tuple[str, ...] = ()
    """What the projection leaves out, in words (districts ignored, threshold base unknown)."""
    threshold_note: str = ""
    """After the threshold: the blocs' thresholds and the base when not valid votes,
    " (blocs of 2: 7%, 3+: 9%; of ballots cast)"."""
    official: bool = False
    """The table's count is an official results feed's."""
    outranked: tuple[str, ...] = ()
    """Sources of text-read counts of the same count (`same_count`) that the official one
    outranks, in the order first reported."""

    @property
    def not_projected(self) -> str | None:
        """Why seats are not projected though the race has seats: the count will not stand."""
        if self.candidates or self.status is None or self.seats_total is None:
            return None
        if self.status.mention.status in (RaceStatus.ANNULLED, RaceStatus.RERUN):
            return self.status.mention.status.value
        return None


PRESIDENTIAL = "presidential"
PARLIAMENTARY = "parliamentary"
MAJORITY = 50.0
"""A candidate over this share of the vote wins outright: no runoff."""
_DEFAULT = object()


def default_race(election: Election | None) -> str | None:
    """Where a share whose text names no race goes: the watch's first race, else the
    parliamentary race of a watch with an election, else no race."""
    if election is None:
        return None
    return election.races[0] if election.races else PARLIAMENTARY


def race_of(race: str | None, election: Election | None) -> str | None:
    return race if race is not None else default_race(election)


SECOND_ROUND = ", second round"
"""What a race's second-round table is called after the race: "presidential, second round"."""


def _second_rounds(
    statuses: Iterable[StatusReport], election: Election | None
) -> dict[int, set[str | None]]:
    """Per item, the races whose second round's results it reports."""
    out: dict[int, set[str | None]] = {}
    for s in statuses:
        if s.mention.status is RaceStatus.SECOND_ROUND:
            out.setdefault(s.item_id, set()).add(race_of(s.mention.race, election))
    return out


def _table_of(
    r: ShareReport, election: Election | None, second: dict[int, set[str | None]]
) -> str | None:
    """The table a share belongs to: its race, or that race's second round."""
    race = race_of(r.share.race, election)
    if race in second.get(r.item_id, ()):
        return f"{race or 'results'}{SECOND_ROUND}"
    return race


def races_present(
    reports: Iterable[ShareReport],
    election: Election | None,
    statuses: Iterable[StatusReport] = (),
) -> list[str | None]:
    """The races that have shares: those the watch names first, in its order, then any other
    race a text named, in the order first reported; a race's second round (from texts that
    report its results) follows as a table of its own."""
    second = _second_rounds(statuses, election)
    found = dict.fromkeys(_table_of(r, election, second) for r in sorted(reports, key=_order))
    named = [race for race in (election.races if election else ()) if race in found]
    return named + [race for race in found if race not in named]


def race_status(
    statuses: Iterable[StatusReport], race: str | None, election: Election | None
) -> StatusReport | None:
    """The newest status stated for a race; within one item, the strongest (annulled first)."""
    mine = [
        s
        for s in statuses
        if race_of(s.mention.race, election) == race
        and s.mention.status is not RaceStatus.SECOND_ROUND
    ]
    if not mine:
        return None
    return max(mine, key=lambda s: (s.at, s.item_id, _STRENGTH.index(s.mention.status)))


_STRENGTH = (
    RaceStatus.SECOND_ROUND,
    RaceStatus.PRELIMINARY,
    RaceStatus.FINAL,
    RaceStatus.RUNOFF,
    RaceStatus.RERUN,
    RaceStatus.ANNULLED,
)
"""Weakest first: one item stating two statuses for a race is read as the stronger."""


def race_tables(
    reports: Iterable[ShareReport],
    election: Election | None,
    statuses: Iterable[StatusReport] = (),
) -> list[ResultsTable]:
    """One table per race present, each from its own most complete count (`results_table`);
    a watch with an election and no shares yet gets its first race's empty table."""
    reports = list(reports)
    statuses = list(statuses)
    races = races_present(reports, election, statuses) or [default_race(election)]
    return [results_table(reports, election, race, statuses) for race in races]


def _order(r: ShareReport) -> tuple[datetime, float, int, str]:
    """Latest means newest, then the one with more of the vote counted."""
    return (r.at, r.reporting_pct if r.reporting_pct is not None else -1.0, r.item_id, r.source)


def stage(reporting_pct: float | None) -> int:
    """How far a count had got, to the whole per cent (-1 when it did not say): two counts of
    one race at the same stage are the same count, told by two sources. A commission's
    "2,469 of 2,519 stations" (98.01%) and a wire's "98% of stations" are one count."""
    if reporting_pct is None:
        return -1
    return math.floor(reporting_pct + 0.5)


def same_count(a: Count, b: Count) -> bool:
    """Whether two snapshots of one race are the same count (see `stage`)."""
    return stage(a.reporting_pct) == stage(b.reporting_pct)


def _completeness(c: Count) -> tuple[int, bool, float, datetime, int, str]:
    """The most complete count first: highest reporting % (an official count before the texts'
    at the same stage), then newest."""
    pct = c.reporting_pct if c.reporting_pct is not None else -1.0
    return (stage(c.reporting_pct), c.official, pct, c.at, c.item_id, c.source)


def _progress(c: Count) -> tuple[float, datetime]:
    """How far a count had got, then when: a source's previous count is behind on this."""
    return (c.reporting_pct if c.reporting_pct is not None else -1.0, c.at)


def counts(reports: Iterable[ShareReport]) -> list[Count]:
    """Every snapshot (one per item), least complete first."""
    by_item: dict[int, dict[str, ShareReport]] = {}
    for r in sorted(reports, key=_order):
        by_item.setdefault(r.item_id, {})[r.share.party.casefold()] = r  # one share a party
    out = [
        Count(first.source, item, first.at, first.reporting_pct, tuple(rs.values()), first.official)
        for item, rs in by_item.items()
        for first in [next(iter(rs.values()))]
    ]
    return sorted(out, key=_completeness)


def results_table(
    reports: Iterable[ShareReport],
    election: Election | None,
    race: object = _DEFAULT,
    statuses: Iterable[StatusReport] = (),
) -> ResultsTable:
    """Reconcile one race's share reports into one table, from one count (the watch's first
    race unless `race` names one; shares whose text names no race belong to that first race).

    The table is the most complete count (highest reporting %, then newest), never a mix of
    counts: a party that count leaves out is shown from the most complete count that has it,
    marked, and takes part in no projection. Changes compare with the same source's previous
    count. The threshold is the watch's, else the newest one a report stated. Seats are
    projected by the watch's method among parties at or over the threshold; when the watch
    lists parties, names it does not list take part in no projection. A presidential race has
    candidates, no seats, and a majority (over 50%) in place of the threshold; a race whose
    newest stated status is annulled or re-run gets no projection, since its count will not
    stand.
    """
    wanted = default_race(election) if race is _DEFAULT else race
    assert wanted is None or isinstance(wanted, str)
    statuses = list(statuses)
    second = _second_rounds(statuses, election)
    reports = [r for r in reports if _table_of(r, election, second) == wanted]
    candidates = wanted is not None and wanted.startswith(PRESIDENTIAL)
    round_two = wanted is not None and wanted.endswith(SECOND_ROUND)
    status = race_status(statuses, wanted, election)
    snapshots = counts(reports)
    seats_total = None if candidates or round_two or election is None else election.seats
    if not snapshots:
        return ResultsTable(
            threshold=MAJORITY if candidates else (election.threshold if election else 0.0),
            method=election.method if election else SeatMethod.HARE,
            seats_total=seats_total,
            race=wanted,
            candidates=candidates,
            status=status,
        )
    if candidates:
        threshold = MAJORITY
    elif election is not None:
        threshold = election.threshold
    else:
        stated = [
            r.threshold_pct for r in sorted(reports, key=_order) if r.threshold_pct is not None
        ]
        threshold = stated[-1] if stated else 0.0
    table = snapshots[-1]
    previous = next(
        (
            c
            for c in reversed(snapshots[:-1])
            if c.source == table.source and _progress(c) < _progress(table)
        ),
        None,
    )
    outranked = (
        tuple(
            dict.fromkeys(
                c.source
                for c in sorted(snapshots, key=lambda c: (c.at, c.item_id))
                if not c.official and same_count(c, table)
            )
        )
        if table.official
        else ()
    )
    before = {r.share.party.casefold(): r.share.pct for r in previous.shares} if previous else {}
    seats: dict[str, int] = {}
    projected = False
    stands = status is None or status.mention.status not in (RaceStatus.ANNULLED, RaceStatus.RERUN)
    if election is not None and election.seats > 0 and seats_total is not None and stands:
        pool = {
            r.share.party: r.share.pct
            for r in table.shares
            if r.share.known or not election.parties
        }
        if pool:
            seats = project(pool, election)
            projected = True
    rows: list[PartyRow] = []
    for r in table.shares:
        prev = before.get(r.share.party.casefold())
        rows.append(
            PartyRow(
                party=r.share.party,
                pct=r.share.pct,
                previous_pct=prev,
                change=None if prev is None else round(r.share.pct - prev, 4),
                over_threshold=_over(r.share.pct, threshold, candidates, election, r.share.party),
                seats=seats.get(r.share.party) if projected else None,
                known=r.share.known,
                source=r.source,
                at=r.at,
                official=r.official,
            )
        )
    shown = {r.share.party.casefold() for r in table.shares}
    for c in reversed(snapshots[:-1]):
        for r in c.shares:
            key = r.share.party.casefold()
            if key in shown:
                continue
            shown.add(key)
            rows.append(
                PartyRow(
                    party=r.share.party,
                    pct=r.share.pct,
                    previous_pct=None,
                    change=None,
                    over_threshold=_over(
                        r.share.pct, threshold, candidates, election, r.share.party
                    ),
                    seats=None,
                    known=r.share.known,
                    source=r.source,
                    at=r.at,
                    from_earlier=True,
                    earlier_reporting_pct=c.reporting_pct,
                    official=r.official,
                )
            )
    rows.sort(key=lambda row: (-row.pct, row.party.casefold()))
    return ResultsTable(
        rows=tuple(rows),
        reporting_pct=table.reporting_pct,
        as_of=table.at,
        source=table.source,
        threshold=threshold,
        method=election.method if election else SeatMethod.HARE,
        seats_total=seats_total,
        projected=projected,
        previous=previous,
        race=wanted,
        candidates=candidates,
        status=status,
        reserved=election.reserved if election and seats_total else 0,
        caveats=caveats(election) if election and seats_total and projected else (),
        threshold_note=threshold_note(election) if election and not candidates else "",
        official=table.official,
        outranked=outranked,
    )


def _over(
    pct: float,
    threshold: float,
    candidates: bool,
    election: Election | None = None,
    party: str = "",
) -> bool:
    """At or over the list's threshold (by its bloc size and base, when the watch sets an
    election); strictly over half for a candidate's majority."""
    if candidates:
        return pct > threshold
    if election is not None:
        return clears(party, pct, election)
    return pct >= threshold


def race_label(table: ResultsTable) -> str:
    """The race's name for a header: "parliamentary", "presidential", or "results"."""
    return table.race or "results"


def status_label(table: ResultsTable) -> str:
    """The race's status with its date, "annulled 6 Oct", or "" when no text stated one."""
    if table.status is None:
        return ""
    return f"{table.status.mention.status.value} {table.status.at.day} {table.status.at:%b}"


def earlier_mark(row: PartyRow) -> str:
    """What a row from an earlier count says about itself: "from an earlier count, 52%"."""
    if not row.from_earlier:
        return ""
    if row.earlier_reporting_pct is None:
        return "from an earlier count"
    return f"from an earlier count, {row.earlier_reporting_pct:g}%"


ANY_TABLE = "\x00any"
"""`party_history` over every race's table (no race name can be this)."""


def party_history(
    reports: Iterable[ShareReport],
    party: str,
    table: str | None = ANY_TABLE,
    election: Election | None = None,
    statuses: Iterable[StatusReport] = (),
) -> list[tuple[datetime, float, str]]:
    """Every reported share of one party, oldest first: (time, share, source); only those of
    one results table (a race, or its second round) when `table` names it, so a candidate's
    presidential shares never run into the party's parliamentary ones."""
    key = party.casefold()
    second = _second_rounds(statuses, election) if table != ANY_TABLE else {}
    return [
        (r.at, r.share.pct, r.source)
        for r in sorted(reports, key=_order)
        if r.share.party.casefold() == key
        and (table == ANY_TABLE or _table_of(r, election, second) == table)
    ]
