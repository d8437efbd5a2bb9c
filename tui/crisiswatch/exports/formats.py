"""CSV and JSON Lines writers for export rows: CSV cells inert for spreadsheets, JSON whole
but with every character a terminal could act on escaped."""

from __future__ import annotations

import csv
from collections.abc import Iterable, Sequence
from typing import Any, TextIO

from crisiswatch.exports.inert import cell
from crisiswatch.exports.rows import decision_words
from crisiswatch.tally.decisions import Decision
from crisiswatch.tally.export import decision_json


def _csv_value(value: object) -> object:
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, list):
        return "; ".join(decision_words(v) if isinstance(v, Decision) else str(v) for v in value)
    return value


def write_csv(out: TextIO, columns: Sequence[str], rows: Iterable[dict[str, Any]]) -> None:
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(columns)
    for row in rows:
        writer.writerow([cell(_csv_value(row.get(col))) for col in columns])


def _json_value(value: object) -> object:
    if isinstance(value, list):
        return [decision_json(v) if isinstance(v, Decision) else v for v in value]
    return value


def write_jsonl(out: TextIO, columns: Sequence[str], rows: Iterable[dict[str, Any]]) -> None:
    from crisiswatch.console_views import dumps

    for row in rows:
        out.write(dumps({col: _json_value(row.get(col)) for col in columns}) + "\n")
