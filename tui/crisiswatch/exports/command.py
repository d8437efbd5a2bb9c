"""`crisiswatch export`: its options, and writing the chosen rows to a file or stdout.

The format options form one mutually exclusive group (`FORMAT_GROUP`), so another export of
the same command (feeds as OPML) joins as one more option of that group."""

from __future__ import annotations

import argparse
import contextlib
import sys
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import TextIO

from crisiswatch.cli_help import epilog
from crisiswatch.config import Config, Watch
from crisiswatch.exports.period import Period
from crisiswatch.store import Store

WHATS = ("items", "figures", "history")
FORMATS = ("csv", "jsonl", "md")

NOTES = """\
--format md is the situation report (counters with ranges and sources, the analysts'
decisions, the results table, the newest headlines); --what applies to csv and jsonl.
Times are UTC: a date alone is the start of that day for --since and its end for --until.
"""


def arguments(p: argparse.ArgumentParser) -> argparse._MutuallyExclusiveGroup:
    """The export options; returns the format group for other exports to join."""
    p.formatter_class = argparse.RawDescriptionHelpFormatter
    p.epilog = epilog("export", NOTES)
    p.add_argument("--watch", metavar="NAME", help="only this watch (default: every watch)")
    p.add_argument("--since", metavar="WHEN", help="from this UTC date or time (inclusive)")
    p.add_argument("--until", metavar="WHEN", help="before this UTC date or time")
    p.add_argument(
        "--what",
        choices=WHATS,
        help="csv/jsonl rows: items, figures (with provenance and decisions; the default) or "
        "history (each counter's headline over time)",
    )
    group = p.add_mutually_exclusive_group()
    group.add_argument(
        "--format",
        choices=FORMATS,
        default=None,
        help="csv, jsonl (JSON Lines) or md (the default without --what; with it, csv)",
    )
    p.add_argument("-o", "--output", metavar="FILE", help="write here instead of stdout")
    return group


@contextlib.contextmanager
def opened(path: str | None) -> Iterator[TextIO]:
    """The output: stdout, or FILE written whole (a temporary file renamed over it), so a
    failed export never leaves half a report where the last good one was."""
    if path is None or path == "-":
        yield sys.stdout
        return
    target = Path(path)
    tmp = target.with_name(f".{target.name}.partial")
    with tmp.open("w", encoding="utf-8", newline="") as out:
        try:
            yield out
        except BaseException:
            out.close()
            tmp.unlink(missing_ok=True)
            raise
    tmp.replace(target)


def situation_report(store: Store, watches: list[Watch], window: Period, now: datetime) -> str:
    """The Markdown situation report of each watch, one after another."""
    from crisiswatch.exports.gather import gather, items
    from crisiswatch.exports.sitrep import NEWEST, watch_report
    from crisiswatch.store.decisions import decision_log
    from crisiswatch.tally.decisions import standing

    state = standing(decision_log(store))
    parts = []
    for watch in watches:
        data = gather(store, watch, window, state)
        newest = items(store, watch.name, window, newest_first=True)[:NEWEST]
        parts.append(watch_report(data, newest, window, now))
    return "\n".join(parts)


def write_export(
    out: TextIO,
    store: Store,
    config: Config,
    watches: list[Watch],
    what: str,
    fmt: str,
    window: Period,
    *,
    every_watch: bool,
) -> None:
    from crisiswatch.exports import rows as R
    from crisiswatch.exports.formats import write_csv, write_jsonl
    from crisiswatch.exports.gather import gather, items
    from crisiswatch.store.decisions import decision_log
    from crisiswatch.store.reads import figure_reports
    from crisiswatch.tally.decisions import standing

    if fmt == "md":
        out.write(situation_report(store, watches, window, datetime.now(UTC)))
        return
    state = standing(decision_log(store))
    writer = write_csv if fmt == "csv" else write_jsonl
    if what == "items":
        only = None if every_watch else watches[0].name
        found = items(store, only, window)
        writer(out, R.ITEM_COLUMNS, R.item_rows(found, figure_reports(store, only), state))
        return
    table = []
    for watch in watches:
        data = gather(store, watch, window, state)
        table += R.figure_rows(data, window) if what == "figures" else R.history_rows(data, window)
    writer(out, R.FIGURE_COLUMNS if what == "figures" else R.HISTORY_COLUMNS, table)


def write_tally_csv(out: TextIO, store: Store, watches: list[Watch]) -> None:
    """`crisiswatch tally --csv`: every watch's counters and results rows, one table."""
    from crisiswatch.exports.formats import write_csv
    from crisiswatch.exports.gather import gather
    from crisiswatch.exports.tally_csv import COLUMNS, tally_rows
    from crisiswatch.store.decisions import decision_log
    from crisiswatch.tally.decisions import standing

    state = standing(decision_log(store))
    rows = [row for w in watches for row in tally_rows(gather(store, w, Period(), state))]
    write_csv(out, COLUMNS, rows)
