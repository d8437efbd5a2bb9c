"""What an export reads from the store for one watch, as of the window's end."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime

from crisiswatch.config import Watch
from crisiswatch.exports.period import Period
from crisiswatch.models import FigureReport, Kind
from crisiswatch.plaintext import safe_link
from crisiswatch.store import Store
from crisiswatch.store.reads import SEP, _dt_req
from crisiswatch.tally.casualties import Counter, casualty_counters
from crisiswatch.tally.decisions import Standing, standing
from crisiswatch.tally.results import ResultsTable


@dataclass(frozen=True, slots=True)
class WatchData:
    """A watch's reports known by --until, the decision log, and the tally they give."""

    watch: Watch
    reports: tuple[FigureReport, ...]
    state: Standing
    counters: dict[Kind, Counter]
    results: tuple[ResultsTable, ...]


def gather(store: Store, watch: Watch, window: Period, state: Standing | None = None) -> WatchData:
    """The tally as it stood at --until (every report published before it), with every
    decision in the log: an analyst's rejection says the figure was misread, whenever."""
    from crisiswatch.store.decisions import decision_log
    from crisiswatch.store.reads import figure_reports, share_reports, status_reports
    from crisiswatch.tally.results import race_tables

    if state is None:
        state = standing(decision_log(store))
    # Figures added by hand and pins taken after --until did not stand then; confirmations
    # and rejections say how a report reads, so they hold whenever they were taken.
    state = replace(
        state,
        added=tuple(d for d in state.added if window.before_end(d.at)),
        pins={k: d for k, d in state.pins.items() if window.before_end(d.at)},
    )
    reports = tuple(r for r in figure_reports(store, watch.name) if window.before_end(r.at))
    counters = casualty_counters(reports, watch.concurrent, state, watch.name)
    results: list[ResultsTable] = []
    if watch.election is not None:
        shares = [s for s in share_reports(store, watch.name) if window.before_end(s.at)]
        statuses = [s for s in status_reports(store, watch.name) if window.before_end(s.at)]
        results = race_tables(shares, watch.election, statuses)
    return WatchData(watch, reports, state, counters, tuple(results))


@dataclass(frozen=True, slots=True)
class ItemRow:
    """One feed's item as stored: the rows of `--what items`."""

    id: int
    story_id: int
    feed: str
    published: datetime
    title: str
    url: str | None
    summary: str
    watches: tuple[str, ...]


def items(
    store: Store, watch: str | None, window: Period, *, newest_first: bool = False
) -> list[ItemRow]:
    """Every item in the window (of one watch's stories, or all), oldest first by default."""
    clauses: list[str] = []
    args: list[object] = []
    if watch is not None:
        clauses.append(
            "EXISTS (SELECT 1 FROM story_watches w WHERE w.story_id = i.story_id AND w.watch = ?)"
        )
        args.append(watch)
    if window.since is not None:
        clauses.append("i.published >= ?")
        args.append(window.since.timestamp())
    if window.until is not None:
        clauses.append("i.published < ?")
        args.append(window.until.timestamp())
    where = (" WHERE " + " AND ".join(clauses)) if clauses else ""
    order = "DESC" if newest_first else "ASC"
    sql = (
        "SELECT i.id, i.story_id, i.feed, i.published, i.title, i.url, i.summary, "
        f"(SELECT group_concat(watch, '{SEP}') FROM story_watches w WHERE w.story_id = i.story_id) "
        f"FROM items i{where} ORDER BY i.published {order}, i.id {order}"
    )
    with store.reading() as c:
        rows = c.execute(sql, args).fetchall()
    return [
        ItemRow(
            id=r[0],
            story_id=r[1],
            feed=r[2],
            published=_dt_req(r[3]),
            title=r[4],
            url=safe_link(r[5]),
            summary=r[6],
            watches=tuple(sorted(str(r[7]).split(SEP))) if r[7] else (),
        )
        for r in rows
    ]
