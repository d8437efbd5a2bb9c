"""Casualty counters per kind: headline figure, low-to-high range, sources, trend, and why."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime

from crisiswatch.models import FigureReport, Kind, Qual

HEADLINE_RULE = (
    "The headline is the most conservative well-sourced current figure (ACLED's practice): "
    "only the newest report from each source is current; among current reports, those that name "
    "who gave the figure (a ministry, the police, an agency) are preferred to unattributed ones, "
    'and counts are preferred to vague amounts such as "dozens"; of those, the lowest figure '
    "is the headline, with its qualifier; ties go to the most recent report, then to the source "
    "name that sorts first. Disagreeing sources stay side by side in the range from low to high."
)
"""The rule, word for word, as the README and `crisiswatch tally --explain` quote it."""

_QUAL_WORDS = {
    Qual.EXACT: "",
    Qual.AT_LEAST: "at least ",
    Qual.MORE_THAN: "more than ",
    Qual.ABOUT: "about ",
    Qual.UP_TO: "up to ",
    Qual.RANGE: "",
}


@dataclass(frozen=True, slots=True)
class Counter:
    """One kind's counter for a watch, with everything needed to explain it."""

    kind: Kind
    headline: FigureReport | None
    """The report whose figure is shown; one of `current`."""
    low: int | None
    """Lowest value among current reports."""
    high: int | None
    """Highest value (or range top) among current reports."""
    sources: int
    """Distinct sources among current reports."""
    current: tuple[FigureReport, ...]
    """The newest report of each source, oldest first."""
    superseded: tuple[FigureReport, ...]
    """Older reports replaced by a newer one from the same source, oldest first."""
    last_changed: datetime | None
    """Time of the report that last changed the headline figure."""
    trend: tuple[int, ...]
    """The headline value after each change, oldest first (for a sparkline)."""
    disagree: bool
    """True when current sources report different numbers."""
    rule: str
    """One sentence: why the headline is what it is, naming its source."""


def _order(r: FigureReport) -> tuple[datetime, int, str]:
    return (r.at, r.item_id, r.source)


def _rank(r: FigureReport) -> tuple[int, int, float, str]:
    f = r.figure
    return (f.value, f.high if f.high is not None else f.value, -r.at.timestamp(), r.source)


def pick_headline(current: Sequence[FigureReport]) -> FigureReport | None:
    """Apply HEADLINE_RULE to the current reports (one per source)."""
    if not current:
        return None
    pool = [r for r in current if r.figure.attribution] or list(current)
    pool = [r for r in pool if not r.figure.vague] or pool
    return min(pool, key=_rank)


def _label(r: FigureReport) -> str:
    f = r.figure
    if f.qual is Qual.RANGE and f.high is not None:
        return f"{f.value:,}\u2013{f.high:,}"
    return f"{_QUAL_WORDS[f.qual]}{f.value:,}"


def _explain(head: FigureReport | None, current: Sequence[FigureReport]) -> str:
    if head is None:
        return "No reports yet."
    who = head.source + (f" (citing {head.figure.attribution})" if head.figure.attribution else "")
    if len(current) == 1:
        return f"{_label(head)} from {who}, the only source reporting this figure."
    attributed = [r for r in current if r.figure.attribution]
    pool = attributed or list(current)
    counts = [r for r in pool if not r.figure.vague]
    if counts and len(counts) < len(pool):
        basis = "counts"
        pool = counts
    else:
        basis = "figures"
    kind = "attributed " if attributed and len(attributed) < len(current) else ""
    others = sorted({r.source for r in current} - {head.source})
    return (
        f"{_label(head)} from {who} is the lowest of {len(pool)} {kind}current {basis} "
        f"(also reporting: {', '.join(others)})."
    )


def _counter(kind: Kind, reports: Sequence[FigureReport]) -> Counter:
    latest: dict[str, FigureReport] = {}
    superseded: list[FigureReport] = []
    trend: list[int] = []
    last_key: tuple[int, Qual, int | None] | None = None
    last_changed: datetime | None = None
    for r in sorted(reports, key=_order):
        old = latest.get(r.source)
        if old is not None:
            superseded.append(old)
        latest[r.source] = r
        head = pick_headline(list(latest.values()))
        assert head is not None
        key = (head.figure.value, head.figure.qual, head.figure.high)
        if key != last_key:
            trend.append(head.figure.value)
            last_key = key
            last_changed = r.at
    current = sorted(latest.values(), key=_order)
    head = pick_headline(current)
    values = [r.figure.value for r in current]
    tops = [r.figure.high if r.figure.high is not None else r.figure.value for r in current]
    return Counter(
        kind=kind,
        headline=head,
        low=min(values) if values else None,
        high=max(tops) if tops else None,
        sources=len({r.source for r in current}),
        current=tuple(current),
        superseded=tuple(sorted(superseded, key=_order)),
        last_changed=last_changed,
        trend=tuple(trend),
        disagree=len({(r.figure.value, r.figure.high) for r in current}) > 1,
        rule=_explain(head, current),
    )


def casualty_counters(reports: Iterable[FigureReport]) -> dict[Kind, Counter]:
    """A counter for every kind (empty where nothing was reported).

    `reports` are per-item totals (one per kind per item), not every mention, so one item never
    counts twice. Deterministic: the same reports in any order give the same counters.
    """
    by_kind: dict[Kind, list[FigureReport]] = {k: [] for k in Kind}
    for r in reports:
        by_kind[r.figure.kind].append(r)
    return {k: _counter(k, by_kind[k]) for k in Kind}
