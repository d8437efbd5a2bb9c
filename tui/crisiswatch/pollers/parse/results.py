"""Official results exports (CSV or JSON) to one stored snapshot: the item a desk reads in the
stream, and the shares and counting progress the tally takes from it as they stand, unread by
the text extractor.

Every value comes from a server we do not control: numbers are read by hand-made rules (no
`int()` of 5,000 digits, no NaN, no negative votes, no share over 100), a row that cannot be
read is skipped and named in the feed's warning, and a body with no usable row fails only
this feed, in one line.
"""

from __future__ import annotations

import csv
import hashlib
import io
import math
import re
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from crisiswatch.config import RACES, Election, FeedFormat, ResultsMapping
from crisiswatch.errors import RowError as RowError
from crisiswatch.models import Extraction, ParsedFeed, ParsedItem, PartyShare
from crisiswatch.plaintext import to_plain
from crisiswatch.pollers.parse.charset import decode_body
from crisiswatch.pollers.parse.common import FeedParseError, _one_line, only_feed_parse_error
from crisiswatch.pollers.parse.dates import parse_date
from crisiswatch.pollers.parse.jsonfeed import _dig, _load_json

NAME_LIMIT = 100
"""Characters kept of a party's or candidate's name."""
MAX_ROWS = 100
"""Rows kept from one export (with `max_items`, whichever is lower): a national table of
parties or candidates is far shorter, and the snapshot's summary stays under the store's cap."""
MAX_TRIED = 1000
"""Rows looked at before giving up on the rest: an export of 100,000 broken rows costs
milliseconds, not the second that an error per row would."""
MAX_DIGITS = 15
"""Digits a vote count may have: more is no country's electorate, and a 4,301-digit string
would make `int()` refuse (or, below Python's limit, take time)."""
TITLE_LIMIT = 300

_GROUPED = re.compile(r"\d{1,3}(?:([,. \u00a0\u202f'])\d{3})(?:\1\d{3})*")
"""Digits in groups of three with one separator throughout: "1,234,567", "1 234 567"."""
_DECIMAL = re.compile(r"\d{1,3}(?:[.,]\d+)?")
"""A per cent: "24.52", "24,52" (a decimal comma), "7"."""


@dataclass(frozen=True, slots=True)
class Row:
    """One party's or candidate's line of the export, as read."""

    name: str
    votes: int | None
    share: float | None
    race: str | None


def read_votes(value: object, field: str) -> int:
    """A vote count from a JSON number or a string with or without digit groups."""
    if isinstance(value, bool) or value is None:
        raise RowError(f"{field} missing")
    if isinstance(value, int):
        count = value
    elif isinstance(value, float):
        if not math.isfinite(value) or value != int(value):
            raise RowError(f"{field} {value!r} is not a whole number")
        count = int(value)
    elif isinstance(value, str):
        text = value.strip()
        if len(text) > MAX_DIGITS * 2:
            raise RowError(f"{field} is {len(text)} characters long, not a vote count")
        if text.isdigit() and text.isascii():
            digits = text
        elif _GROUPED.fullmatch(text):
            digits = re.sub(r"\D", "", text)
        else:
            raise RowError(f"{field} {_one_line(text, 30)!r} is not a number")
        if len(digits) > MAX_DIGITS:
            raise RowError(f"{field} has {len(digits)} digits, not a vote count")
        count = int(digits)
    else:
        raise RowError(f"{field} is a {type(value).__name__}, not a number")
    if count < 0:
        raise RowError(f"{field} is negative")
    if count >= 10**MAX_DIGITS:
        raise RowError(f"{field} has more than {MAX_DIGITS} digits, not a vote count")
    return count


def read_pct(value: object, field: str) -> float:
    """A per cent from 0 to 100: a JSON number, or "24.52", "24,52" or "24.52%"."""
    if isinstance(value, bool) or value is None:
        raise RowError(f"{field} missing")
    if isinstance(value, int | float):
        pct = float(value)
    elif isinstance(value, str):
        text = value.strip().removesuffix("%").strip()
        if not _DECIMAL.fullmatch(text):
            raise RowError(f"{field} {_one_line(value.strip(), 30)!r} is not a percentage")
        pct = float(text.replace(",", "."))
    else:
        raise RowError(f"{field} is a {type(value).__name__}, not a number")
    if not math.isfinite(pct) or not 0 <= pct <= 100:
        raise RowError(f"{field} {pct:g} is not a percentage from 0 to 100")
    return pct


@only_feed_parse_error("the results")
def read_results(
    body: bytes,
    fmt: FeedFormat,
    mapping: ResultsMapping,
    *,
    max_items: int,
    content_type: str | None,
    election: Election | None,
    feed_name: str,
    fetched: datetime | None = None,
) -> tuple[ParsedFeed, list[Extraction]]:
    """The export as one item (the snapshot) and its extraction (official shares, progress).

    Raises FeedParseError, and nothing else, when the body holds no row that can be read.
    """
    if not body.strip():
        raise FeedParseError("empty body")
    if fmt is FeedFormat.RESULTS_CSV:
        records, top = _csv_records(body, mapping, content_type)
        where = "line"
    else:
        records, top = _json_records(body, mapping, content_type)
        where = "row"
    rows: list[Row] = []
    skipped: list[str] = []
    cut: str | None = None
    seen: set[str] = set()
    for number, record in records:
        if len(rows) >= min(max_items, MAX_ROWS):
            cut = f"rows after the first {len(rows)} dropped"
            break
        if number > MAX_TRIED:
            cut = f"rows after the first {MAX_TRIED} not read"
            break
        try:
            row = _row(record, mapping)
        except RowError as exc:
            skipped.append(f"{where} {number}: {exc}")
            continue
        key = f"{row.race}\x1f{_fold(row.name)}"
        if key in seen:
            skipped.append(f"{where} {number}: {row.name} listed twice (the first is kept)")
            continue
        seen.add(key)
        rows.append(row)
    if not rows:
        detail = f" ({skipped[0]})" if skipped else ""
        raise FeedParseError(f"no result row could be read{detail}")
    if all(row.share is None and not row.votes for row in rows):
        # Before the count starts a commission's export lists every party with no votes:
        # nothing to store yet, and nothing wrong.
        return ParsedFeed(items=(), warning="no votes counted yet"), []
    notes: list[str] = []
    if skipped:
        notes.append(f"{len(skipped)} row(s) skipped ({skipped[0]})")
    if cut:
        notes.append(cut)
    total = _votes_total(top, mapping, notes)
    shares = _shares(rows, total)
    progress, counted = _progress(top, mapping, notes)
    published = parse_date(top(mapping.published)) if mapping.published else None
    if mapping.published and published is None:
        notes.append(f"no date at {mapping.published!r}: the time it was fetched is used")
    when = published or fetched or datetime.now(UTC)
    item, extraction = _snapshot(
        rows, shares, progress, counted, when, mapping, election, feed_name
    )
    return ParsedFeed(items=(item,), warning="; ".join(notes) or None), [extraction]


Top = Callable[[str | None], Any]
"""A function from a key of the mapping to the value it names outside the rows."""


def _json_records(
    body: bytes, mapping: ResultsMapping, content_type: str | None
) -> tuple[Iterator[tuple[int, Mapping[str, Any]]], Top]:
    data = _load_json(body, content_type)
    items = _dig(data, mapping.rows)
    if not isinstance(items, list):
        where = mapping.rows or "the top level"
        raise FeedParseError(f"no list of result rows at {where!r} in the JSON body")

    def records() -> Iterator[tuple[int, Mapping[str, Any]]]:
        for number, entry in enumerate(items, 1):
            yield number, entry if isinstance(entry, dict) else {}

    def top(path: str | None) -> Any:
        return None if path is None else _dig(data, path)

    return records(), top


def _csv_records(
    body: bytes, mapping: ResultsMapping, content_type: str | None
) -> tuple[Iterator[tuple[int, Mapping[str, Any]]], Top]:
    text = decode_body(body, content_type).lstrip("\ufeff")
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=mapping.delimiter)
    try:
        header = [h.strip() for h in next(reader)]
    except StopIteration:
        raise FeedParseError("the CSV has no header row") from None
    except csv.Error as exc:
        raise FeedParseError(f"unreadable CSV header ({_one_line(str(exc), 80)})") from None
    wanted = [
        getattr(mapping, k)
        for k in ("name", "votes", "share", "race_field", "reporting", "counted", "total")
        if getattr(mapping, k)
    ]
    missing = [w for w in wanted if w not in header]
    if missing:
        shown = ", ".join(_one_line(h, 30) for h in header[:12]) or "none"
        raise FeedParseError(f"column {missing[0]!r} is not in the CSV header (columns: {shown})")
    first: dict[str, str] = {}

    def records() -> Iterator[tuple[int, Mapping[str, Any]]]:
        while True:
            begins = reader.line_num + 1
            try:
                cells = next(reader)
            except StopIteration:
                return
            except csv.Error as exc:
                raise FeedParseError(
                    f"unreadable CSV from line {begins} ({_one_line(str(exc), 80)})"
                ) from None
            if not any(c.strip() for c in cells):
                continue
            record = dict(zip(header, cells, strict=False))
            if not first:
                first.update(record)
            yield begins, record

    def top(column: str | None) -> Any:
        # Progress and totals repeat on every line of an export; the first line's are read.
        return None if column is None else first.get(column)

    return records(), top


def _row(record: Mapping[str, Any], mapping: ResultsMapping) -> Row:
    raw_name = _dig(record, mapping.name)
    if not isinstance(raw_name, str | int) or isinstance(raw_name, bool):
        raise RowError(f"no name at {mapping.name!r}")
    name = to_plain(str(raw_name), NAME_LIMIT, html=False)
    if not name:
        raise RowError(f"empty name at {mapping.name!r}")
    votes = share = None
    if mapping.share is not None:
        value = _dig(record, mapping.share)
        if (value is not None and value != "") or mapping.votes is None:
            share = read_pct(value, mapping.share)
    if share is None and mapping.votes is not None:
        votes = read_votes(_dig(record, mapping.votes), mapping.votes)
    elif mapping.votes is not None:
        value = _dig(record, mapping.votes)
        if value not in (None, ""):
            votes = read_votes(value, mapping.votes)
    race = mapping.race
    if mapping.race_field is not None:
        raw = _dig(record, mapping.race_field)
        race = str(raw).strip().casefold() if isinstance(raw, str | int) else None
        if race not in RACES:
            shown = _one_line(str(raw), 30) if raw is not None else "nothing"
            raise RowError(f"race {shown!r} is not one crisiswatch reads ({', '.join(RACES)})")
    return Row(name, votes, share, race)


def _votes_total(top: Top, mapping: ResultsMapping, notes: list[str]) -> int | None:
    if mapping.votes_total is None:
        return None
    try:
        total = read_votes(top(mapping.votes_total), mapping.votes_total)
    except RowError as exc:
        notes.append(f"{exc}: shares are of the rows' votes")
        return None
    return total or None


def _shares(rows: Sequence[Row], total: int | None) -> list[float]:
    """Each row's share: as given, else of `total`, else of the votes of its race's rows."""
    sums: dict[str | None, int] = {}
    for row in rows:
        sums[row.race] = sums.get(row.race, 0) + (row.votes or 0)
    out = []
    for row in rows:
        if row.share is not None:
            out.append(row.share)
            continue
        of = total or sums[row.race]
        out.append(round(100.0 * (row.votes or 0) / of, 2) if of else 0.0)
    return out


def _progress(
    top: Top, mapping: ResultsMapping, notes: list[str]
) -> tuple[float | None, tuple[int, int] | None]:
    """The share of the count done, and the stations counted of their total if given."""
    try:
        if mapping.reporting is not None:
            return read_pct(top(mapping.reporting), mapping.reporting), None
        if mapping.counted is not None and mapping.total is not None:
            counted = read_votes(top(mapping.counted), mapping.counted)
            total = read_votes(top(mapping.total), mapping.total)
            if total == 0 or counted > total:
                raise RowError(f"{counted:,} counted of {total:,} is no progress")
            return round(100.0 * counted / total, 2), (counted, total)
    except RowError as exc:
        notes.append(f"progress not read ({exc})")
    return None, None


def _fold(name: str) -> str:
    return " ".join(name.replace("-", " ").split()).casefold()


def _match(name: str, election: Election | None) -> tuple[str, bool]:
    """The watch's own name for a party (its name or an alias, case and hyphens aside)."""
    if election is not None:
        folded = _fold(name)
        for party in election.parties:
            if folded in (_fold(n) for n in (party.name, *party.aliases)):
                return party.name, True
    return name, False


def _snapshot(
    rows: Sequence[Row],
    shares: Sequence[float],
    progress: float | None,
    counted: tuple[int, int] | None,
    when: datetime,
    mapping: ResultsMapping,
    election: Election | None,
    feed_name: str,
) -> tuple[ParsedItem, Extraction]:
    """The item a desk reads (title: whose results and how far; summary: each share) and the
    shares as the tally takes them, each spanning its line in the summary."""
    label = to_plain(mapping.title or feed_name, TITLE_LIMIT, html=False)
    if counted is not None:
        stage = f"{counted[0]:,} of {counted[1]:,} stations counted ({progress:g}%)"
    elif progress is not None:
        stage = f"{progress:g}% counted"
    else:
        stage = "share counted not stated"
    title = f"{label}: official results, {stage}"
    order = sorted(range(len(rows)), key=lambda i: (str(rows[i].race), -shares[i]))
    parts: list[str] = []
    results: list[PartyShare] = []
    offset = len(title) + 2  # facts.item_text joins title and summary with a blank line
    race_shown: str | None = None
    for i in order:
        row, pct = rows[i], shares[i]
        if row.race != race_shown and row.race is not None and len({r.race for r in rows}) > 1:
            prefix = f"{row.race}: "
            race_shown = row.race
        else:
            prefix = ""
        party, known = _match(row.name, election)
        line = f"{row.name} {pct:g}%"
        if row.votes is not None:
            line += f" ({row.votes:,} votes)"
        start = offset + sum(len(p) + 2 for p in parts) + len(prefix)
        parts.append(prefix + line)
        candidate = (
            mapping.candidates if mapping.candidates is not None else row.race == "presidential"
        )
        results.append(PartyShare(party, pct, known, start, start + len(line), row.race, candidate))
    summary = "; ".join(parts)
    # `; ` and `, ` are both two characters: the spans above hold for either joiner.
    digest = hashlib.sha1(
        repr((title, [(r.name, r.votes, r.share, r.race) for r in rows])).encode(),
        usedforsecurity=False,
    ).hexdigest()
    item = ParsedItem(
        guid=f"results:{digest}", url=None, title=title, summary=summary, published=when
    )
    return item, Extraction(results=tuple(results), reporting_pct=progress)
