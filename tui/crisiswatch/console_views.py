"""Rich renderings for the headless commands; every string that did not come from this module
goes in through `shown` (as Text, never markup, with `strip_unsafe` applied)."""

from __future__ import annotations

import json
import os
import re
from collections.abc import Callable, Mapping
from datetime import datetime
from typing import TYPE_CHECKING, Any

from rich.console import Console, Group, RenderableType
from rich.table import Table
from rich.text import Text

from crisiswatch.config import Config, Watch
from crisiswatch.models import Extraction, FeedHealth, Kind
from crisiswatch.plaintext import strip_unsafe
from crisiswatch.pollers.poller import PollOutcome
from crisiswatch.store import Store
from crisiswatch.wording import ago, change_words, figure_short, health_words

if TYPE_CHECKING:
    from crisiswatch.tally.casualties import Counter
    from crisiswatch.tally.decisions import Standing
    from crisiswatch.tally.results import ResultsTable


def console() -> Console:
    # Rich reads NO_COLOR itself; highlight=False keeps it from colouring numbers in feed text.
    # soft_wrap: one poll outcome stays one line, however narrow the terminal or pipe.
    # markup and emoji off: a plain string that slips past `shown` is still never read as
    # "[link=...]" or ":warning:".
    return Console(
        highlight=False,
        soft_wrap=True,
        markup=False,
        emoji=False,
        no_color=bool(os.environ.get("NO_COLOR")) or None,
    )


def shown(text: object, style: str = "") -> Text:
    """Any string from a server, a feed, a file or the config, as inert Text for the terminal.

    Rich's own Text strips only BEL, BS, VT, FF and CR: ESC would pass, and with it OSC 52
    (clipboard writes), OSC 0 (window title) and CSI sequences. `strip_unsafe` is the one
    sanitiser for everything that reaches a terminal, the TUI's included.
    """
    return Text(strip_unsafe(str(text)), style=style)


# What json.dumps(ensure_ascii=False) leaves raw that a terminal may act on or reorder: C1
# controls (U+009B is CSI), DEL, bidi and zero-width controls, line separators, and lone
# surrogates (which could not even be encoded for output). json.dumps escapes C0 itself.
_JSON_RAW = re.compile(
    "[\x7f-\x9f\u061c\u200b-\u200f\u2028-\u202e\u2060-\u2069\ufeff\ud800-\udfff]"
)


def dumps(value: object, *, indent: int | None = None) -> str:
    """JSON for a terminal or a pipe: readable non-ASCII text, but every character a terminal
    could act on written as a \\u escape, so the data is whole and the output is inert."""
    text = json.dumps(value, ensure_ascii=False, indent=indent)
    return _JSON_RAW.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


def duration(seconds: float) -> str:
    if seconds < 90:
        return f"{seconds:.0f}s"
    if seconds < 5400:
        return f"{seconds / 60:.0f}m"
    return f"{seconds / 3600:.1f}h"


def config_summary(config: Config) -> RenderableType:
    feeds = Table(title=shown(f"{len(config.feeds)} feeds in {config.path}"), title_justify="left")
    for col in ("name", "format", "interval", "enabled", "url"):
        feeds.add_column(col, overflow="fold")
    for f in config.feeds:
        feeds.add_row(
            shown(f.name),
            f.format.value,
            duration(config.interval_for(f)),
            "yes" if f.enabled else "no",
            shown(f.url),
        )
    from crisiswatch.tally.seats import threshold_note

    watches = Table(title=f"{len(config.watches)} watches", title_justify="left")
    for col in ("name", "keywords", "election"):
        watches.add_column(col, overflow="fold")
    for w in config.watches:
        e = w.election
        election = (
            f"{len(e.parties)} parties, {e.seats} seats"
            + (f" ({e.reserved} reserved)" if e.reserved else "")
            + f", {e.threshold:g}% threshold{threshold_note(e)}, {e.method.value}"
            + (", by district" if e.districts else "")
            if e
            else "—"
        )
        watches.add_row(shown(w.name), shown(", ".join(w.keywords)), election)
    s = config.settings
    settings = Text(
        f"interval {duration(s.interval)} · timeout {duration(s.timeout)} · "
        f"{s.max_connections} connections, {s.per_host} per host, {s.host_spacing:g}s spacing · "
        f"max body {s.max_body // 1000} KB · max {s.max_items} items/feed · "
        f"retention {duration(s.retention)} · user agent "
    )
    settings.append_text(shown(s.user_agent))
    from crisiswatch.alerts.console import alerts_summary

    return Group(Text("config OK", style="green"), settings, feeds, watches, alerts_summary(config))


def outcome_printer(out: Console) -> Callable[[PollOutcome], None]:
    """Prints one line per poll. Into a pipe or a log file (systemd, `> poll.log`) the line goes
    out as plain text: Rich's full render per line cost a 1,000-feed round a second of CPU. Text
    has already stripped control characters from the feed's words, so plain is still safe.

    Each line is flushed as it is written: a log shows a poll when it happens, and a reader
    that went away (`| head -1`) is noticed at the next line, as BrokenPipeError, which the
    poller passes up to stop the round."""
    if out.is_terminal:
        return lambda o: out.print(outcome_line(o))
    stream = out.file

    def plain(o: PollOutcome) -> None:
        stream.write(outcome_line(o).plain + "\n")
        stream.flush()

    return plain


def outcome_line(o: PollOutcome) -> Text:
    line = Text()
    if o.ok:
        line.append("ok   ", style="green")
    else:
        line.append("FAIL ", style="bold red")
    line.append(f"{strip_unsafe(o.feed):<28} ")
    line.append(f"{o.status or '---':>3} ")
    if o.ok:
        line.append(f"{o.new_items:>4} new ")
    else:
        line.append("       ")
    line.append(f"{o.seconds:6.2f}s")
    if o.error:
        line.append(f"  {strip_unsafe(o.error)}")
    elif o.warning:
        line.append(f"  warning: {strip_unsafe(o.warning)}", style="yellow")
    return line


def health_table(
    health: list[FeedHealth], tags: Mapping[str, tuple[str, ...]] | None = None
) -> Table:
    """The feed-health table; `tags` (each feed's, from feeds.toml) adds a tags column."""
    ok = sum(1 for h in health if h.ok)
    failing = sum(1 for h in health if h.failures)
    table = Table(title=f"{len(health)} feeds · {ok} ok · {failing} failing", title_justify="left")
    columns = ["", "feed", "status", "last success", "next poll", "items", "last error"]
    if tags is not None:
        columns.insert(2, "tags")
    for col in columns:
        table.add_column(col, overflow="fold")
    for h in health:
        words = health_words(h)
        style = "green" if h.ok else "red" if h.failures else ""
        cells: list[RenderableType] = [
            Text(words.sign, style=style),
            shown(h.name),
            words.status,
            words.last_success,
            words.next_poll,
            words.items,
            shown(words.problem),
        ]
        if tags is not None:
            cells.insert(2, shown(", ".join(tags.get(h.name, ()))))
        table.add_row(*cells)
    return table


def _iso(when: datetime | None) -> str | None:
    return when.isoformat() if when else None


def health_json(
    health: list[FeedHealth], tags: Mapping[str, tuple[str, ...]] | None = None
) -> list[dict[str, Any]]:
    return [
        {
            "name": h.name,
            "url": h.url,
            "tags": list((tags or {}).get(h.name, ())),
            "ok": h.ok,
            "last_attempt": _iso(h.last_attempt),
            "last_success": _iso(h.last_success),
            "last_status": h.last_status,
            "last_error": h.last_error,
            "warning": h.warning,
            "failures": h.failures,
            "next_poll": _iso(h.next_poll),
            "items_total": h.items_total,
        }
        for h in health
    ]


def extraction_json(ex: Extraction) -> dict[str, Any]:
    return {
        "figures": [
            {
                "kind": f.kind.value,
                "value": f.value,
                "qual": f.qual.value,
                "high": f.high,
                "attribution": f.attribution,
                "sentence": f.sentence,
                "start": f.start,
                "end": f.end,
            }
            for f in ex.figures
        ],
        "totals": {
            kind.value: (
                {"value": t.value, "qual": t.qual.value, "high": t.high}
                if (t := ex.totals.get(kind)) is not None
                else None
            )
            for kind in Kind
        },
        "results": [
            {
                "party": r.party,
                "pct": r.pct,
                "known": r.known,
                "race": r.race,
                "candidate": r.candidate,
            }
            for r in ex.results
        ],
        "reporting_pct": ex.reporting_pct,
        "turnout_pct": ex.turnout_pct,
        "threshold_pct": ex.threshold_pct,
        "statuses": [
            {"status": m.status.value, "race": m.race, "sentence": m.sentence} for m in ex.statuses
        ],
    }


def extraction_table(ex: Extraction) -> RenderableType:
    parts: list[RenderableType] = []
    table = Table(title="figures", title_justify="left")
    for col in ("kind", "figure", "attribution", "sentence"):
        table.add_column(col, overflow="fold")
    for f in ex.figures:
        table.add_row(
            f.kind.value,
            figure_short(f.value, f.qual, f.high),
            shown(f.attribution or "—"),
            shown(f.sentence),
        )
    parts.append(table)
    totals = Text("totals: ")
    totals.append(
        ", ".join(
            f"{k.value} {figure_short(t.value, t.qual, t.high)}"
            for k in Kind
            if (t := ex.totals.get(k)) is not None
        )
        or "none"
    )
    parts.append(totals)
    if ex.results:
        res = Table(title="results", title_justify="left")
        res.add_column("party")
        res.add_column("share", justify="right")
        res.add_column("in watch")
        for r in ex.results:
            res.add_row(shown(r.party), f"{r.pct:.2f}%", "yes" if r.known else "no")
        parts.append(res)
    extras = [
        f"{label} {value:g}%"
        for label, value in (
            ("reporting", ex.reporting_pct),
            ("turnout", ex.turnout_pct),
            ("threshold", ex.threshold_pct),
        )
        if value is not None
    ]
    if extras:
        parts.append(Text(" · ".join(extras)))
    return Group(*parts)


def watch_counters(store: Store, watch: Watch) -> tuple[dict[Kind, Counter], Standing]:
    """A watch's counters with the analysts' decisions applied, and the decisions."""
    from crisiswatch.store.decisions import decision_log
    from crisiswatch.store.reads import figure_reports
    from crisiswatch.tally.casualties import casualty_counters
    from crisiswatch.tally.decisions import standing

    state = standing(decision_log(store))
    reports = figure_reports(store, watch.name)
    return casualty_counters(reports, watch.concurrent, state, watch.name), state


def tally_json(store: Store, watch: Watch) -> dict[str, Any]:
    """`crisiswatch tally --json`: one watch, as tally/export.py shapes it."""
    from crisiswatch.store.reads import share_reports, status_reports
    from crisiswatch.tally.export import watch_json
    from crisiswatch.tally.results import race_tables

    counters, state = watch_counters(store, watch)
    results = []
    if watch.election is not None:
        results = race_tables(
            share_reports(store, watch.name), watch.election, status_reports(store, watch.name)
        )
    return watch_json(watch.name, counters, results, state)


def _decision_lines(c: Counter) -> list[RenderableType]:
    """The decisions behind a counter, for --explain: the pin, every confirmation and
    rejection on its reports, with who, when and why."""
    out: list[RenderableType] = []
    if c.pin is not None:
        how = (
            "holds" if c.pinned else "passed" if c.pin_passed_by is not None else "holds no report"
        )
        figure = c.pin.figure_text() or (c.label if c.pinned else "a figure")
        out.append(Text(strip_unsafe(f"  pin ({how}): {figure}, {c.pin.says()}")))
    for s in (*c.current, *c.earlier):
        for r in s.carriers:
            d = c.decisions.about(r.item_id, r.figure.kind)
            if d is not None:
                line = Text(f"  {figure_short(r.figure.value, r.figure.qual, r.figure.high)}")
                line.append(strip_unsafe(f" from {r.source}: {d.says()}"))
                out.append(line)
    for r, d in c.rejected:
        line = Text(f"  {figure_short(r.figure.value, r.figure.qual, r.figure.high)}")
        line.append(strip_unsafe(f" from {r.source} (out of the tally): {d.says()}"))
        out.append(line)
    return out


def when_text(when: datetime | None, *, relative: bool) -> str:
    """ "2020-10-06 00:10 UTC", with "(2247 d ago)" beside it on a terminal: the absolute
    time is what a desk copies, the age is what a reader on screen wants at a glance."""
    from crisiswatch.exports.period import utc_text

    if when is None:
        return ""
    return f"{utc_text(when)} ({ago(when)})" if relative else utc_text(when)


def tally_view(
    store: Store, watch: Watch, *, explain: bool, relative: bool = True
) -> RenderableType:
    from crisiswatch.store.reads import share_reports, status_reports
    from crisiswatch.tally.casualties import HEADLINE_RULE
    from crisiswatch.tally.results import race_tables

    counters, _ = watch_counters(store, watch)
    parts: list[RenderableType] = [shown(f"\n{watch.name}", style="bold")]
    table = Table(title="casualty counters", title_justify="left")
    for col in ("kind", "headline", "range", "sources", "last change", "note"):
        table.add_column(col, overflow="fold")
    for kind in Kind:
        c = counters[kind]
        if c.shown is None:
            table.add_row(kind.value, "—", "", "0", "", "")
            continue
        note = "sources disagree" if c.disagree else (c.unsure or "")
        if c.pinned and c.pin is not None:
            note = f"pinned by {c.pin.user}"
        table.add_row(
            kind.value,
            c.label,
            c.range_label or "",
            str(c.sources),
            when_text(c.last_changed, relative=relative),
            Text(note),
        )
    parts.append(table)
    if explain:
        parts.append(Text(f"Headline rule: {HEADLINE_RULE}", style="italic"))
        for kind in Kind:
            c = counters[kind]
            if not c.current and not c.earlier and not c.rejected:
                continue
            parts.append(shown(f"{kind.value}: {c.rule}"))
            decided = _decision_lines(c)
            if decided:
                parts.append(Text("analysts' decisions:", style="bold"))
                parts.extend(decided)
            reports = Table(show_header=True, box=None, padding=(0, 1))
            for col in ("", "standing", "figure", "source", "scope", "feed", "time", "said"):
                reports.add_column(col, overflow="fold")
            for s in (*c.current, *c.earlier):
                mark = "★" if s is c.headline else ("old" if s in c.earlier else "·")
                for i, r in enumerate(s.carriers):
                    first = i == 0
                    reports.add_row(
                        mark if first else "",
                        (s.status.value.replace("_", " ") + (f": {s.why}" if s.why else ""))
                        if first
                        else "",
                        figure_short(r.figure.value, r.figure.qual, r.figure.high),
                        shown(s.source.label) if first else Text("〃"),
                        s.scope.value if first else "",
                        shown(r.source),
                        r.at.strftime("%Y-%m-%d %H:%M UTC"),
                        shown(
                            f"{r.figure.attribution or '—'}: {r.figure.sentence}"
                            + (f" (article: {r.article_url})" if r.article_url else "")
                        ),
                    )
            parts.append(reports)
    if watch.election is not None:
        tables = race_tables(
            share_reports(store, watch.name), watch.election, status_reports(store, watch.name)
        )
        for n, rt in enumerate(tables):
            parts += results_view(rt, n, len(tables))
    return Group(*parts)


def results_view(rt: ResultsTable, index: int, races: int) -> list[RenderableType]:
    """One race's table for `crisiswatch tally`: its status, count, shares and projection."""
    from crisiswatch.tally.results import earlier_mark, race_label, status_label

    head = Text(f"results · {race_label(rt)}")
    if races > 1:
        head.append(f" (race {index + 1} of {races})")
    if status_label(rt):
        head.append(f" · {status_label(rt)}")
    if rt.reporting_pct is not None:
        head.append(f" · {rt.reporting_pct:g}% counted")
    if rt.as_of is not None:
        head.append(f" · as of {rt.as_of:%Y-%m-%d %H:%M} UTC")
    if rt.source:
        head.append(" · ◉ official count from " if rt.official else " · count from ")
        head.append_text(shown(rt.source))
        if rt.outranked:
            head.append(" (outranks ")
            head.append_text(shown(", ".join(rt.outranked)))
            head.append(", same count)")
    if rt.previous is not None:
        prev = rt.previous.reporting_pct
        head.append(f" · change since its {f'{prev:g}% ' if prev is not None else ''}count")
    res = Table(title=head, title_justify="left")
    mark = ">50%" if rt.candidates else f"≥{rt.threshold:g}%"
    for col in ("candidate" if rt.candidates else "party", "share", "change", mark, "seats"):
        res.add_column(col, justify="left" if col in ("party", "candidate") else "right")
    for row in rt.rows:
        name = shown(
            row.party + (" ◉" if row.official else "") + ("" if row.known else " (not in watch)")
        )
        if row.from_earlier:
            name.append(f" ({earlier_mark(row)})")
        res.add_row(
            name,
            f"{row.pct:.2f}%",
            change_words(row.change, from_earlier=row.from_earlier),
            "✓" if row.over_threshold else "✗",
            "" if row.seats is None else str(row.seats),
        )
    out: list[RenderableType] = [res]
    if rt.rows and rt.not_projected and rt.status is not None:
        out.append(
            shown(
                f"seats not projected: {rt.not_projected} ({rt.status.at:%Y-%m-%d}, "
                f"{rt.status.source}): {rt.status.mention.sentence}"
            )
        )
    elif rt.rows and rt.projected:
        out.append(
            Text(
                f"seat projection: {rt.seats_total} seats"
                + (f" ({rt.reserved} reserved outside the lists)" if rt.reserved else "")
                + f", {rt.method.value}, among parties at or over "
                + f"{rt.threshold:g}%{rt.threshold_note}"
                + " in that one count"
            )
        )
        out.extend(Text(f"⚠ {caveat}") for caveat in rt.caveats)
    elif rt.rows and rt.candidates:
        leader = rt.rows[0]
        out.append(
            shown(f"{leader.party} has a majority")
            if leader.over_threshold
            else Text("no candidate over 50% in that count")
        )
    return out
