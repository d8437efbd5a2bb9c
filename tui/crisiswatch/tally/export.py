"""The tally as plain data for scripts (`crisiswatch tally --json`): every counter and results
table with its rule, its current and superseded reports, and the analyst's decisions."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from crisiswatch.models import FigureReport, Kind
from crisiswatch.tally.casualties import HEADLINE_RULE, Counter, Statement
from crisiswatch.tally.decisions import Decision, Standing
from crisiswatch.tally.results import ResultsTable

RESULTS_RULE = (
    "The table is one count, never a mix: the most complete snapshot a source gave (highest "
    "share of stations counted, then the newest). Two counts of a race at the same whole per "
    "cent of stations counted are the same count: an official results feed's outranks any "
    "text's there, however new. A party that count leaves out comes from the "
    "most complete count that has it, without change or seats. Changes are against the same "
    "source's previous count; seats are projected from that one count by the watch's method "
    "among the parties at or over the threshold that are in the watch."
)
"""How the results table is chosen, in the words of README's "How the counters decide"."""


def _iso(when: datetime | None) -> str | None:
    return None if when is None else when.isoformat()


def decision_json(d: Decision) -> dict[str, Any]:
    return {
        "id": d.id,
        "action": d.action.value,
        "kind": d.kind.value,
        "item_id": d.item_id,
        "watch": d.watch,
        "value": d.value,
        "qual": None if d.qual is None else d.qual.value,
        "high": d.high,
        "source": d.source,
        "note": d.note,
        "undoes": d.undoes,
        "user": d.user,
        "at": _iso(d.at),
    }


def _report(r: FigureReport, state: Standing) -> dict[str, Any]:
    f = r.figure
    d = state.about(r.item_id, f.kind)
    return {
        "item_id": r.item_id,
        "feed": r.source,
        "at": _iso(r.at),
        "value": f.value,
        "qual": f.qual.value,
        "high": f.high,
        "vague": f.vague,
        "attribution": f.attribution,
        "sentence": f.sentence,
        "title": r.title,
        "url": r.url,
        "article_url": r.article_url,
        "decision": None if d is None else d.action.value,
        "decision_id": None if d is None else d.id,
    }


def _statement(s: Statement, c: Counter) -> dict[str, Any]:
    return {
        "source": s.source.label,
        "named": s.named,
        "scope": s.scope.value,
        "status": s.status.value,
        "why": s.why,
        "headline": s is c.headline,
        "confirmed_by": None if s.confirmed is None else s.confirmed.user,
        "reports": [_report(r, c.decisions) for r in s.carriers],
    }


def counter_json(c: Counter) -> dict[str, Any]:
    shown = c.shown
    return {
        "kind": c.kind.value,
        "headline": None
        if shown is None
        else {"value": shown.value, "qual": shown.qual.value, "high": shown.high},
        "label": c.label,
        "basis": c.basis.value,
        "range": c.range_label,
        "disagree": c.disagree,
        "sources": c.sources,
        "last_changed": _iso(c.last_changed),
        "unsure": c.unsure,
        "why": c.rule,
        "pinned": c.pinned,
        "pin": None if c.pin is None else decision_json(c.pin),
        "pin_passed_by": None if c.pin_passed_by is None else _report(c.pin_passed_by, c.decisions),
        "current": [_statement(s, c) for s in c.current],
        "superseded": [_statement(s, c) for s in c.earlier],
        "rejected": [
            {**_report(r, c.decisions), "rejection": decision_json(d)} for r, d in c.rejected
        ],
    }


def results_json(rt: ResultsTable) -> dict[str, Any]:
    return {
        "rule": RESULTS_RULE,
        "race": rt.race,
        "candidates": rt.candidates,
        "status": None if rt.status is None else rt.status.mention.status.value,
        "not_projected": rt.not_projected,
        "count_from": rt.source,
        "official": rt.official,
        "outranked": list(rt.outranked),
        "reporting_pct": rt.reporting_pct,
        "as_of": _iso(rt.as_of),
        "threshold": rt.threshold,
        "method": rt.method.value,
        "seats": rt.seats_total,
        "reserved": rt.reserved,
        "caveats": list(rt.caveats),
        "projected": rt.projected,
        "previous_count": None
        if rt.previous is None
        else {
            "source": rt.previous.source,
            "reporting_pct": rt.previous.reporting_pct,
            "at": _iso(rt.previous.at),
        },
        "rows": [
            {
                "party": row.party,
                "pct": row.pct,
                "previous_pct": row.previous_pct,
                "change": row.change,
                "over_threshold": row.over_threshold,
                "seats": row.seats,
                "known": row.known,
                "source": row.source,
                "at": _iso(row.at),
                "from_earlier": row.from_earlier,
                "earlier_reporting_pct": row.earlier_reporting_pct,
                "official": row.official,
            }
            for row in rt.rows
        ],
    }


def watch_json(
    name: str,
    counters: dict[Kind, Counter],
    results: Sequence[ResultsTable],
    state: Standing,
) -> dict[str, Any]:
    """One watch: its counters, one results table per race (`results` is the first race's,
    None without an election; `races` all of them), and every decision on it (undone ones
    too, with the undo, so a script sees who did what)."""
    mine = [d for d in state.log if d.watch in (None, name)]
    return {
        "watch": name,
        "rule": HEADLINE_RULE,
        "counters": {k.value: counter_json(counters[k]) for k in Kind},
        "results": results_json(results[0]) if results else None,
        "races": [results_json(rt) for rt in results],
        "decisions": [decision_json(d) for d in mine],
    }
