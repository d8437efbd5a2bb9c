"""Rows of `crisiswatch export`: items, figures with provenance and decisions, and each
counter's headline over time. Plain dicts in a fixed column order, for CSV and JSON Lines."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import replace
from datetime import datetime
from typing import Any

from crisiswatch.exports.gather import ItemRow, WatchData
from crisiswatch.exports.period import Period, iso, utc_text
from crisiswatch.models import FigureReport, Kind
from crisiswatch.plaintext import safe_link
from crisiswatch.tally.casualties import Counter, casualty_counters
from crisiswatch.tally.decisions import Action, Decision, Standing, for_counter
from crisiswatch.tally.sources import source_of
from crisiswatch.wording import figure_words

DECISION_COLUMNS = (
    "confirmed_by",
    "confirmed_at",
    "rejected_by",
    "rejected_at",
    "rejected_why",
    "pinned_by",
    "pinned_at",
    "added_by",
    "added_at",
    "decision_log",
)
FIGURE_COLUMNS = (
    "watch",
    "kind",
    "figure",
    "value",
    "qual",
    "high",
    "vague",
    "scope",
    "source",
    "attribution",
    "feed",
    "at",
    "title",
    "sentence",
    "link",
    "item_id",
    "standing",
    "headline",
    *DECISION_COLUMNS,
)
COUNTER_COLUMNS = ("value", "qual", "high", "range", "sources", "disagree", "basis")
"""A counter's state as data, in a counter's history rows and in `tally --csv` alike."""
HISTORY_COLUMNS = (
    "watch",
    "kind",
    "at",
    "headline",
    *COUNTER_COLUMNS,
    "pinned_by",
    "after",
    "feed",
    "title",
    "link",
    "item_id",
    "decision_log",
)
ITEM_COLUMNS = (
    "item_id",
    "story_id",
    "feed",
    "published",
    "title",
    "link",
    "summary",
    "watches",
    "figures",
    "decision_log",
)


def decision_words(d: Decision) -> str:
    """ "confirm 590 by dana at 2026-12-01 12:00 UTC": one log entry, for a CSV cell."""
    text = f"{d.action.value}"
    if d.figure_text():
        text += f" {d.figure_text()}"
    if d.undoes is not None:
        text += f" (of #{d.undoes})"
    text += f" by {d.user} at {utc_text(d.at)}"
    if d.source:
        text += f", source {d.source}"
    if d.note:
        text += f": {d.note}"
    return f"#{d.id} {text}"


def _about(log: Sequence[Decision], item_id: int, kind: Kind, watch: str) -> list[Decision]:
    """Every log entry on one report (undone ones too, with their undos), oldest first."""
    mine = [
        d
        for d in log
        if d.kind is kind
        and d.watch in (None, watch)
        and (d.item_id == item_id or (d.action is Action.ADD and -d.id == item_id))
    ]
    ids = {d.id for d in mine}
    return sorted(mine + [d for d in log if d.undoes in ids], key=lambda d: d.id)


def _decisions(r: FigureReport, state: Standing, watch: str) -> dict[str, Any]:
    kind = r.figure.kind
    key = (r.item_id, kind)
    confirmed = state.confirmed.get(key)
    rejected = state.rejected.get(key)
    pin = state.pins.get((watch, kind))
    if pin is not None and pin.item_id != r.item_id:
        pin = None
    added = next((d for d in state.added if -d.id == r.item_id), None)
    log = _about(state.log, r.item_id, kind, watch)
    return {
        "confirmed_by": confirmed and confirmed.user,
        "confirmed_at": confirmed and iso(confirmed.at),
        "rejected_by": rejected and rejected.user,
        "rejected_at": rejected and iso(rejected.at),
        "rejected_why": rejected and rejected.note,
        "pinned_by": pin and pin.user,
        "pinned_at": pin and iso(pin.at),
        "added_by": added and added.user,
        "added_at": added and iso(added.at),
        "decision_log": log,
    }


def _placed(counters: dict[Kind, Counter]) -> dict[tuple[int, Kind], tuple[str, bool, str]]:
    """Where each report stands in its counter: status, headline or not, its source."""
    out: dict[tuple[int, Kind], tuple[str, bool, str]] = {}
    for kind, c in counters.items():
        for s in (*c.current, *c.earlier):
            for r in s.carriers:
                out[(r.item_id, kind)] = (s.status.value, s is c.headline, s.source.label)
        for r, _ in c.rejected:
            out[(r.item_id, kind)] = (
                "rejected",
                False,
                source_of(r.figure.attribution, r.source).label,
            )
    return out


def figure_rows(data: WatchData, window: Period) -> list[dict[str, Any]]:
    """Every report a counter weighed (rejected and hand-added ones too) in the window."""
    name = data.watch.name
    kept, gone = for_counter(list(data.reports), data.state, name)
    every = sorted([*kept, *(r for r, _ in gone)], key=lambda r: (r.at, r.item_id, r.figure.kind))
    placed = _placed(data.counters)
    rows = []
    for r in every:
        if not window.holds(r.at):
            continue
        f = r.figure
        status, headline, source = placed.get(
            (r.item_id, f.kind), ("", False, source_of(f.attribution, r.source).label)
        )
        by_hand = r.item_id < 0
        rows.append(
            {
                "watch": name,
                "kind": f.kind.value,
                "figure": figure_words(f.value, f.qual, f.high),
                "value": f.value,
                "qual": f.qual.value,
                "high": f.high,
                "vague": f.vague,
                "scope": f.scope.value,
                "source": source,
                "attribution": f.attribution,
                "feed": None if by_hand else r.source,
                "at": iso(r.at),
                "title": r.title,
                "sentence": f.sentence,
                "link": safe_link(r.url),
                "item_id": None if by_hand else r.item_id,
                "standing": status,
                "headline": headline,
                **_decisions(r, data.state, name),
            }
        )
    return rows


def _label(c: Counter) -> str:
    return c.label if c.shown is not None else ""


def history_rows(data: WatchData, window: Period) -> list[dict[str, Any]]:
    """Each counter's headline as the reports came in: a row whenever the headline, its range
    or its pin changed, worked out from the reports known at that moment.

    Confirmations and rejections hold throughout (a misread figure was never right); a pin
    counts from the moment it was taken; a hand-added figure from the moment it was added."""
    name = data.watch.name
    kept, _ = for_counter(list(data.reports), data.state, name)
    # The hand-added figures are in `kept` already, as reports at their decision's time.
    base = replace(data.state, added=(), pins={})
    pins = sorted(data.state.pins.items(), key=lambda kv: kv[1].at)
    rows: list[dict[str, Any]] = []
    for kind in Kind:
        mine = sorted((r for r in kept if r.figure.kind is kind), key=lambda r: (r.at, r.item_id))
        pin_times = [d for (w, k), d in pins if k is kind and w == name and window.before_end(d.at)]
        events: list[tuple[datetime, FigureReport | Decision]] = [(r.at, r) for r in mine]
        events += [(d.at, d) for d in pin_times]
        events.sort(key=lambda e: (e[0], isinstance(e[1], Decision)))
        last: tuple[str, str | None, str | None] | None = None
        for n, (at, event) in enumerate(events):
            if n + 1 < len(events) and events[n + 1][0] == at:
                continue  # reports published together are one step
            known = [r for r in mine if r.at <= at]
            standing_pins = {(w, k): d for (w, k), d in pins if d.at <= at}
            state = replace(base, pins=standing_pins)
            c = casualty_counters(known, data.watch.concurrent, state, name, trend_points=1)[kind]
            pinned_by = c.pin.user if c.pinned and c.pin is not None else None
            key = (_label(c), c.range_label, pinned_by)
            if key == last:
                continue
            last = key
            if not window.holds(at):
                continue
            row = _history_row(name, kind, at, c, pinned_by, event)
            if isinstance(event, Decision):
                row["decision_log"] = [event]
            else:
                row["decision_log"] = _about(data.state.log, event.item_id, kind, name)
            rows.append(row)
    rows.sort(key=lambda row: (row["at"], list(Kind).index(Kind(row["kind"]))))
    return rows


def counter_cells(c: Counter) -> dict[str, Any]:
    """`COUNTER_COLUMNS` of a counter: its headline figure's parts and how it stands."""
    shown = c.shown
    return {
        "value": None if shown is None else shown.value,
        "qual": None if shown is None else shown.qual.value,
        "high": None if shown is None else shown.high,
        "range": c.range_label,
        "sources": c.sources,
        "disagree": c.disagree,
        "basis": c.basis.value,
    }


def _history_row(
    watch: str,
    kind: Kind,
    at: datetime,
    c: Counter,
    pinned_by: str | None,
    event: FigureReport | Decision,
) -> dict[str, Any]:
    if isinstance(event, Decision):
        after = f"pin by {event.user}"
        feed = title = link = item_id = None
    else:
        by_hand = event.item_id < 0
        after = "figure added by hand" if by_hand else "report"
        feed = None if by_hand else event.source
        title, link = event.title, safe_link(event.url)
        item_id = None if by_hand else event.item_id
    return {
        "watch": watch,
        "kind": kind.value,
        "at": iso(at),
        "headline": _label(c),
        **counter_cells(c),
        "pinned_by": pinned_by,
        "after": after,
        "feed": feed,
        "title": title,
        "link": link,
        "item_id": item_id,
    }


def item_rows(
    found: Iterable[ItemRow], reports: Iterable[FigureReport], state: Standing
) -> list[dict[str, Any]]:
    """Each item with the totals it gave per kind and every decision taken on them."""
    totals: dict[int, list[str]] = {}
    for r in reports:
        f = r.figure
        label = f"{f.kind.value} {figure_words(f.value, f.qual, f.high)}"
        if label not in totals.setdefault(r.item_id, []):
            totals[r.item_id].append(label)
    by_item: dict[int, list[Decision]] = {}
    for d in state.log:
        if d.item_id is not None:
            by_item.setdefault(d.item_id, []).append(d)
    undos = {d.undoes: d for d in state.log if d.undoes is not None}
    rows = []
    for it in found:
        log = by_item.get(it.id, [])
        log = sorted(log + [undos[d.id] for d in log if d.id in undos], key=lambda d: d.id)
        rows.append(
            {
                "item_id": it.id,
                "story_id": it.story_id,
                "feed": it.feed,
                "published": iso(it.published),
                "title": it.title,
                "link": it.url,
                "summary": it.summary,
                "watches": list(it.watches),
                "figures": totals.get(it.id, []),
                "decision_log": log,
            }
        )
    return rows
