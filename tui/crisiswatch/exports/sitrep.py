"""The one-page situation report (Markdown) a desk pastes: per watch, the counters with their
ranges and sources, the analysts' decisions, the results table, the newest headlines.

Every string that came from a feed, the config or the store goes through `inert.md`; the only
links are the items' own addresses, vetted by `safe_link` and written as autolinks."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from urllib.parse import quote

from crisiswatch.exports.gather import ItemRow, WatchData
from crisiswatch.exports.inert import md
from crisiswatch.exports.period import Period, utc_text
from crisiswatch.exports.rows import decision_words
from crisiswatch.models import FigureReport, Kind
from crisiswatch.plaintext import cap, safe_link
from crisiswatch.tally.casualties import Counter, Statement
from crisiswatch.tally.decisions import Decision
from crisiswatch.tally.results import ResultsTable, earlier_mark, race_label, status_label
from crisiswatch.tally.sources import source_of
from crisiswatch.wording import figure_words

NEWEST = 10
"""Headlines listed at the foot of a watch's report."""
SENTENCE = 240
"""A quoted sentence is cut at this many characters."""


def link(url: str | None) -> str:
    """An item's address as a Markdown autolink, or "" when it is not a plain http(s) one."""
    safe = safe_link(url)
    if safe is None:
        return ""
    return "<" + quote(safe, safe="/:?#[]@!$&'()*+,;=%~") + ">"


def _report_line(r: FigureReport, source: str) -> str:
    f = r.figure
    where = "by hand" if r.item_id < 0 else md(r.source)
    line = f"{figure_words(f.value, f.qual, f.high)} from {md(source)} ({where}, {utc_text(r.at)})"
    if f.sentence:
        line += f": “{md(cap(f.sentence, SENTENCE))}”"
    url = link(r.url)
    return f"{line} {url}" if url else line


def _statement_lines(s: Statement, c: Counter, indent: str) -> list[str]:
    lines = []
    for r in s.carriers:
        line = f"{indent}- {_report_line(r, s.source.label)}"
        d = c.decisions.about(r.item_id, r.figure.kind)
        if d is not None:
            line += f" — **{md(d.says())}**"
        lines.append(line)
    return lines


def _counter_section(kind: Kind, c: Counter) -> list[str]:
    if c.shown is None and not c.rejected:
        return []
    head = f"### {kind.value}: {md(c.label)}"
    if c.range_label:
        head += f" (range {md(c.range_label)}, sources disagree)"
    lines = [head, "", md(c.rule), ""]
    if c.pin is not None:
        how = "holds" if c.pinned else "passed by a newer report"
        lines.append(f"- pin ({how}): {md(c.pin.figure_text())}, **{md(c.pin.says())}**")
    for s in c.current:
        mark = "headline" if s is c.headline else s.status.value.replace("_", " ")
        lines.append(f"- {mark}:")
        lines += _statement_lines(s, c, "  ")
    if c.earlier:
        lines.append("- superseded:")
        for s in c.earlier:
            why = f" ({md(s.why)})" if s.why else ""
            lines.append(f"  - {md(s.status.value.replace('_', ' '))}{why}:")
            lines += _statement_lines(s, c, "    ")
    for r, d in c.rejected:
        who = source_of(r.figure.attribution, r.source).label
        lines.append(f"- rejected: {_report_line(r, who)} — **{md(d.says())}**")
    return [*lines, ""]


def _counters_table(counters: dict[Kind, Counter]) -> list[str]:
    lines = [
        "| kind | headline | range | sources | last change | note |",
        "| --- | --- | --- | --- | --- | --- |",
    ]
    for kind in Kind:
        c = counters[kind]
        if c.shown is None:
            lines.append(f"| {kind.value} | — |  | 0 |  |  |")
            continue
        note = "sources disagree" if c.disagree else (c.unsure or "")
        if c.pinned and c.pin is not None:
            note = f"pinned by {c.pin.user}"
        lines.append(
            f"| {kind.value} | {md(c.label)} | {md(c.range_label or '')} | {c.sources} "
            f"| {utc_text(c.last_changed)} | {md(note)} |"
        )
    return [*lines, ""]


def _results(rt: ResultsTable, index: int, races: int) -> list[str]:
    head = f"## Results · {md(race_label(rt))}"
    if races > 1:
        head += f" (race {index + 1} of {races})"
    if status_label(rt):
        head += f" · {md(status_label(rt))}"
    if rt.reporting_pct is not None:
        head += f" · {rt.reporting_pct:g}% counted"
    if rt.as_of is not None:
        head += f" · as of {utc_text(rt.as_of)}"
    if rt.source:
        head += f" · count from {md(rt.source)}"
    if not rt.rows:
        return [head, "", "No results reported yet.", ""]
    mark = "over 50%" if rt.candidates else f"over {rt.threshold:g}%"
    name = "candidate" if rt.candidates else "party"
    lines = [
        head,
        "",
        f"| {name} | share | change | {mark} | seats |",
        "| --- | ---: | ---: | :---: | ---: |",
    ]
    for row in rt.rows:
        change = "" if row.change is None else f"{row.change:+.2f}"
        party = md(row.party) + ("" if row.known else " (not in watch)")
        if row.from_earlier:
            party += f" ({md(earlier_mark(row))})"
        seats = "" if row.seats is None else str(row.seats)
        lines.append(
            f"| {party} | {row.pct:.2f}% | {change} | {'yes' if row.over_threshold else 'no'} "
            f"| {seats} |"
        )
    lines.append("")
    if rt.not_projected and rt.status is not None:
        lines += [f"Seats not projected: {md(rt.not_projected)}.", ""]
    elif rt.projected:
        lines += [f"Seats projected: {rt.seats_total}, {rt.method.value}, from that one count.", ""]
    lines += [f"- {md(caveat)}" for caveat in rt.caveats]
    return lines


def _decisions_on(data: WatchData) -> list[Decision]:
    """The log entries on this watch: its pins and hand-added figures, the confirmations and
    rejections of its reports, and the undos of any of those."""
    name = data.watch.name
    items = {r.item_id for r in data.reports}
    mine = [
        d
        for d in data.state.log
        if d.watch == name or (d.watch is None and d.item_id is not None and d.item_id in items)
    ]
    ids = {d.id for d in mine}
    return [d for d in data.state.log if d.id in ids or d.undoes in ids]


def watch_report(
    data: WatchData, newest: Sequence[ItemRow], window: Period, written: datetime
) -> str:
    """One watch's situation report, as of the window's end."""
    name = data.watch.name
    lines = [f"# Situation report: {md(name)}", ""]
    newest_at = max((r.at for r in data.reports), default=None)
    if newest and (newest_at is None or newest[0].published > newest_at):
        newest_at = newest[0].published
    as_of = (
        f"as of {utc_text(window.until)}"
        if window.until
        else f"as of its newest report, {utc_text(newest_at)}"
        if newest_at
        else "with no reports yet"
    )
    lines.append(f"Written {utc_text(written)} by crisiswatch, {as_of}.")
    if window.since is not None:
        lines.append(f"Headlines and reports listed from {utc_text(window.since)}.")
    lines += ["", "## Casualties", "", *_counters_table(data.counters)]
    for kind in Kind:
        lines += _counter_section(kind, data.counters[kind])
    mine = _decisions_on(data)
    if mine:
        lines += ["## Analysts' decisions", ""]
        lines += [f"- {md(decision_words(d))}" for d in mine]
        lines.append("")
    for n, rt in enumerate(data.results):
        lines += _results(rt, n, len(data.results))
    lines += ["## Newest headlines", ""]
    if not newest:
        lines.append("None in this window.")
    for it in newest[:NEWEST]:
        url = link(it.url)
        line = f"- {utc_text(it.published)} · {md(it.feed)} · {md(it.title)}"
        lines.append(f"{line} {url}" if url else line)
    return "\n".join(lines).rstrip() + "\n"
