"""How often crisiswatch's parser agrees with feedparser, entry by entry and field by field,
on peers' test corpora, and how fast its fast path is beside feedparser on the same feeds.

Reads the feeds in place (no copy enters this project). Each argument is a corpus root:

    GIT_DIR[:PREFIX]   a git repository (bare, as `fetch` leaves it), files at HEAD under PREFIX
    DIRECTORY          files on disk

for example

    .venv/bin/python benchmarks/parser_agreement.py /work/.mirror/*/repo

Every .xml/.rdf/.atom/.rss/.feed file is read, and every raw string holding a feed in a Go test
file (miniflux keeps its feeds inline); files in which bare feedparser finds no entry
(feed-level tests, non-feeds) are left out. Bare feedparser is given the feed's address and its
text is reduced the way crisiswatch reduces text (one plain line, an http(s) link, a UTC date),
so a difference is one of reading, not of presentation. An entry counts for a field when both
sides give the same value; a feed where they find a different number of entries counts against
every field of every entry.

A disagreement is *deliberate* (crisiswatch right, feedparser wrong) when feedparser, given the
body with only that one change made or that one behaviour turned off, gives crisiswatch's answer:
an empty href gives no link, Atom ids are not resolved against the base, control characters are
stripped, the DOCTYPE is removed (the four the issue names); an undeclared charset is detected
(feedparser told the detector's charset agrees), markup is reduced by to_plain (feedparser
with its sanitizer off agrees: the sanitizer keeps a script's or a page title's text as
content). A link or id also counts as deliberate where feedparser's own test file states
crisiswatch's answer in its `Expect:` line and not feedparser's. "Where feedparser is right" is
the agreement on the rest. `-v` lists every disagreement that is left.
"""

from __future__ import annotations

import argparse
import io
import os
import re
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Any

import feedparser
from feedparser.mixin import _FeedParserMixin

from crisiswatch.models import ParsedFeed
from crisiswatch.plaintext import clean_token, safe_link, to_plain
from crisiswatch.pollers import parse
from crisiswatch.pollers.parse.charset import decode

FEED_URL = "https://example.org/feeds/feed.xml"
FIELDS = ("title", "link", "summary", "date", "id")
SUFFIXES = (".xml", ".rdf", ".atom", ".rss", ".feed")
GO_TESTS = "_test.go"
"""Go test files (miniflux's) hold their feeds inline, as raw `backquoted` strings."""
_GO_RAW = re.compile(rb"`([^`]*)`")
_FEED_ROOT = re.compile(rb"<(?:rss|feed|rdf:RDF)\b")


def _inline_feeds(name: str, source: bytes) -> Iterator[tuple[str, bytes]]:
    """Each raw string of a Go test file that holds a feed's root element."""
    for n, m in enumerate(_GO_RAW.finditer(source)):
        if _FEED_ROOT.search(m.group(1)):
            yield f"{name}#{n}", m.group(1).lstrip()


def _wanted(name: str) -> bool:
    lower = name.lower()
    return lower.endswith(SUFFIXES) or lower.endswith(GO_TESTS)


def _expand(name: str, body: bytes) -> Iterator[tuple[str, bytes]]:
    if name.lower().endswith(GO_TESTS):
        yield from _inline_feeds(name, body)
    else:
        yield name, body


Row = tuple[Any, ...]


# --- corpora ---------------------------------------------------------------------------------


def _git_files(git_dir: str, prefix: str) -> Iterator[tuple[str, bytes]]:
    listing = subprocess.run(
        ["git", "--git-dir", git_dir, "ls-tree", "-r", "HEAD", "--", prefix or "."],
        capture_output=True,
        check=True,
    ).stdout.decode("utf-8", errors="replace")
    wanted: list[tuple[str, str]] = []
    for line in listing.splitlines():
        meta, _, name = line.partition("\t")
        parts = meta.split()
        if len(parts) == 3 and parts[1] == "blob" and _wanted(name):
            wanted.append((parts[2], name))
    if not wanted:
        return
    # One `cat-file --batch` for the whole corpus, not one process a file.
    proc = subprocess.run(
        ["git", "--git-dir", git_dir, "cat-file", "--batch"],
        input="".join(f"{sha}\n" for sha, _ in wanted).encode(),
        capture_output=True,
        check=True,
    )
    out, pos = proc.stdout, 0
    for _sha, name in wanted:
        header_end = out.index(b"\n", pos)
        size = int(out[pos:header_end].split()[2])
        start = header_end + 1
        yield from _expand(name, out[start : start + size])
        pos = start + size + 1


def corpus(spec: str) -> tuple[str, Iterator[tuple[str, bytes]]]:
    """The corpus's label and its (name, body) pairs."""
    root, _, prefix = spec.partition(":")
    path = Path(root)
    label = path.parent.name.replace("+", "/") if path.name == "repo" else path.name
    if (path / "HEAD").is_file() and (path / "objects").is_dir():
        return label, _git_files(root, prefix)

    def files() -> Iterator[tuple[str, bytes]]:
        for dirpath, _dirs, names in os.walk(path):
            for n in sorted(names):
                if _wanted(n):
                    yield from _expand(n, (Path(dirpath) / n).read_bytes())

    return label, files()


# --- both sides, reduced alike ---------------------------------------------------------------


def ours(feed: ParsedFeed) -> list[Row]:
    return [(i.title, i.url, i.summary, i.published, i.guid) for i in feed.items]


def _fp_text(value: Any, detail: Any, limit: int) -> str:
    kind = detail.get("type", "text/html") if isinstance(detail, dict) else "text/html"
    return to_plain(value if isinstance(value, str) else "", limit, html=kind != "text/plain")


def feedparser_rows(body: bytes, *, sanitize: bool = True) -> list[Row]:
    """feedparser on the raw body, given the feed's address, reduced like our items."""
    headers = {"content-location": FEED_URL, "content-type": "application/xml"}
    result = feedparser.parse(io.BytesIO(body), response_headers=headers, sanitize_html=sanitize)
    rows: list[Row] = []
    for e in result.entries:
        # A summary feedparser copied from the content has no summary_detail: its type is
        # the content's.
        detail = e.get("summary_detail") or (e["content"][0] if e.get("content") else None)
        summary = _fp_text(e.get("summary"), detail, parse.SUMMARY_LIMIT)
        if not summary and e.get("content"):
            first = e["content"][0]
            summary = _fp_text(first.get("value"), first, parse.SUMMARY_LIMIT)
        link = e.get("link")
        ident = e.get("id")
        rows.append(
            (
                _fp_text(e.get("title"), e.get("title_detail"), parse.TITLE_LIMIT),
                safe_link(link if isinstance(link, str) else None),
                summary,
                parse.parse_date(e.get("published") or e.get("updated") or e.get("created")),
                clean_token(ident, parse.GUID_LIMIT) if isinstance(ident, str) and ident else None,
            )
        )
    return rows


def call(fn: Callable[..., ParsedFeed], body: bytes) -> list[Row] | None:
    """Our rows, or None when the path declines or fails the body."""
    try:
        return ours(fn(body, url=FEED_URL, max_items=1_000_000))
    except Exception:
        return None


# --- deliberate differences: feedparser with one thing changed --------------------------------

_EMPTY_HREF = re.compile(rb"""\shref\s*=\s*(?:""|'')""")
_CONTROLS = re.compile(rb"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def _no_empty_href(body: bytes) -> bytes:
    return _EMPTY_HREF.sub(b" ", body)


def _no_controls(body: bytes) -> bytes:
    return _CONTROLS.sub(b"", body)


def _no_doctype(body: bytes) -> bytes:
    # Latin-1 maps bytes one to one, and the DOCTYPE is ASCII in any ASCII-based encoding.
    return parse.strip_prolog_dtd(body.decode("latin-1")).encode("latin-1")


@contextmanager
def _ids_unresolved() -> Iterator[None]:
    saved = _FeedParserMixin.can_be_relative_uri
    _FeedParserMixin.can_be_relative_uri = saved - {"id"}
    try:
        yield
    finally:
        _FeedParserMixin.can_be_relative_uri = saved


def _ids_as_written(body: bytes) -> list[Row]:
    with _ids_unresolved():
        return feedparser_rows(body)


def _charset_as_guessed(body: bytes) -> list[Row]:
    """feedparser told the charset crisiswatch's detector chose (only where it had to guess,
    and not for a mix of UTF-8 and Windows-1252, which is a repair, not a detection)."""
    decoded = decode(body)
    note = decoded.note or ""
    if not note.endswith("(guessed)") or "UTF-8 and" in note:
        return []
    text = re.sub(r"\A\s*<\?xml\b[^>]*>", "", decoded.text.lstrip("\ufeff"), count=1)
    return feedparser_rows(b'<?xml version="1.0" encoding="utf-8"?>' + text.encode("utf-8"))


def _markup_left_to_to_plain(body: bytes) -> list[Row]:
    return feedparser_rows(body, sanitize=False)


DELIBERATE: dict[str, Callable[[bytes], list[Row]]] = {
    "an empty href gives no link": lambda b: feedparser_rows(_no_empty_href(b)),
    "Atom ids not resolved": _ids_as_written,
    "control characters stripped": lambda b: feedparser_rows(_no_controls(b)),
    "DOCTYPE removed": lambda b: feedparser_rows(_no_doctype(b)),
    # Added by this benchmark's author, each with a reason (benchmarks/README.md) and a test
    # in tests/unit/test_parse_fidelity.py:
    "undeclared charset detected": _charset_as_guessed,
    "markup reduced by to_plain, not feedparser's sanitizer": _markup_left_to_to_plain,
}

_EXPECT = re.compile(rb"^\s*Expect:(.*)$", re.MULTILINE)


def _expected_by_feedparser_itself(body: bytes, ours: Any, theirs: Any) -> bool:
    """feedparser's own test file states crisiswatch's answer (and not feedparser's) for an
    address (a link or an id)."""
    m = _EXPECT.search(body[:2000])
    if m is None or not isinstance(ours, str) or not ours:
        return False
    expect = m.group(1).decode("utf-8", errors="replace")
    quoted = [f"'{ours}'", f'"{ours}"']
    # Our link is the feed's address joined to the test's relative value, or the value itself.
    tail = ours.removeprefix(FEED_URL.rsplit("/", 1)[0] + "/").replace("%20", " ")
    quoted += [f"'{tail}'", f'"{tail}"']
    return any(q in expect for q in quoted) and not (
        isinstance(theirs, str) and theirs and f"'{theirs}'" in expect
    )


class Variants:
    """feedparser's rows for each deliberate change, computed only when first asked for."""

    def __init__(self, body: bytes) -> None:
        self.body = body
        self.cache: dict[str, list[Row]] = {}

    def rows(self, reason: str) -> list[Row]:
        if reason not in self.cache:
            self.cache[reason] = DELIBERATE[reason](self.body)
        return self.cache[reason]

    def reason(self, index: int, column: int, want: Any, theirs: Any, count: int) -> str | None:
        for reason in DELIBERATE:
            rows = self.rows(reason)
            if len(rows) == count and rows[index][column] == want:
                return reason
        # Only for addresses: a text field's expected value may be markup, not plain text.
        if FIELDS[column] in ("link", "id") and _expected_by_feedparser_itself(
            self.body, want, theirs
        ):
            return "feedparser's own test expects it"
        return None


# --- tallies ---------------------------------------------------------------------------------


@dataclass
class Tally:
    feeds: int = 0
    entries: int = 0
    miscount: int = 0
    agree: Counter[str] = field(default_factory=Counter)
    deliberate: Counter[str] = field(default_factory=Counter)
    reasons: Counter[str] = field(default_factory=Counter)
    misses: dict[str, list[str]] = field(default_factory=dict)
    explained: list[str] = field(default_factory=list)

    def add(self, name: str, a: list[Row] | None, b: list[Row], body: bytes | None) -> None:
        """Compare our rows `a` with feedparser's `b`; with `body`, classify the differences."""
        self.feeds += 1
        if a is None or len(a) != len(b):
            self.entries += max(len(b), len(a or ()))
            self.miscount += 1
            for f in FIELDS:
                self.misses.setdefault(f, []).append(f"{name}: {len(a or ())} vs {len(b)} entries")
            return
        self.entries += len(b)
        variants = Variants(body) if body is not None else None
        for i, (x, y) in enumerate(zip(a, b, strict=True)):
            for c, f in enumerate(FIELDS):
                if x[c] == y[c]:
                    self.agree[f] += 1
                    continue
                why = variants.reason(i, c, x[c], y[c], len(b)) if variants else None
                if why is not None:
                    self.deliberate[f] += 1
                    self.reasons[why] += 1
                    self.explained.append(f"[{f}: {why}] {name}[{i}]: {x[c]!r} vs {y[c]!r}")
                else:
                    self.misses.setdefault(f, []).append(f"{name}[{i}]: {x[c]!r} vs {y[c]!r}")

    def merge(self, other: Tally) -> None:
        self.feeds += other.feeds
        self.entries += other.entries
        self.miscount += other.miscount
        self.agree.update(other.agree)
        self.deliberate.update(other.deliberate)
        self.reasons.update(other.reasons)
        self.explained.extend(other.explained)
        for f, lines in other.misses.items():
            self.misses.setdefault(f, []).extend(lines)

    def raw(self, f: str) -> str:
        return _pct(self.agree[f], self.entries)

    def right(self, f: str) -> str:
        return _pct(self.agree[f], self.entries - self.deliberate[f])


def _pct(n: int, d: int) -> str:
    if d <= 0:
        return "—"
    share = 100 * n / d
    return "100%" if n == d else f"{min(share, 99.9):.1f}%"


@dataclass
class Timing:
    fast: float = 0.0
    feedparser: float = 0.0
    feeds: int = 0

    def merge(self, other: Timing) -> None:
        self.fast += other.fast
        self.feedparser += other.feedparser
        self.feeds += other.feeds

    def ratio(self) -> str:
        return f"{self.feedparser / self.fast:.1f}×" if self.fast else "—"


def _bare(body: bytes) -> Any:
    headers = {"content-location": FEED_URL, "content-type": "application/xml"}
    return feedparser.parse(io.BytesIO(body), response_headers=headers)


def _best(fn: Callable[[], Any], repeat: int) -> float:
    best = float("inf")
    for _ in range(repeat):
        t0 = time.process_time()
        fn()
        best = min(best, time.process_time() - t0)
    return best


# --- the run ---------------------------------------------------------------------------------


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("corpora", nargs="+", help="GIT_DIR[:PREFIX] or DIRECTORY")
    ap.add_argument("--repeat", type=int, default=3, help="timing: best of N parses a feed")
    ap.add_argument("-v", "--verbose", action="store_true", help="list every disagreement left")
    args = ap.parse_args()

    overall = {"parse_feed": Tally(), "fast = fallback": Tally()}
    timing_all = Timing()
    rows_out: list[tuple[str, int, int, Tally, Timing]] = []
    rejected: list[str] = []
    for spec in args.corpora:
        label, files = corpus(spec)
        mine, same, timing = Tally(), Tally(), Timing()
        n_files = 0
        for name, body in files:
            n_files += 1
            theirs = feedparser_rows(body)
            if not theirs:
                continue  # a test of feed-level fields only: nothing to compare per entry
            auto = call(parse.parse_feed, body)
            if auto is None:
                rejected.append(f"{label}:{name}")
            mine.add(f"{label}:{name}", auto, theirs, body)
            fast = call(parse.parse_xml_fast, body)
            if fast is not None:
                slow = call(parse.parse_xml_feedparser, body)
                if slow is not None:
                    same.add(f"{label}:{name}", fast, slow, None)
                timing.fast += _best(partial(parse.parse_xml_fast, body, url=FEED_URL), args.repeat)
                timing.feedparser += _best(partial(_bare, body), args.repeat)
                timing.feeds += 1
        rows_out.append((label, n_files, mine.feeds, mine, timing))
        overall["parse_feed"].merge(mine)
        overall["fast = fallback"].merge(same)
        timing_all.merge(timing)

    print(
        "Agreement of parse_feed with bare feedparser, per entry: raw / where feedparser is right"
    )
    print()
    print("| corpus | files | feeds (entries) | " + " | ".join(FIELDS) + " | fast path speed |")
    print("|---|---|---|" + "---|" * len(FIELDS) + "---|")
    total = overall["parse_feed"]
    n_all = sum(r[1] for r in rows_out)
    for label, n_files, n_feeds, t, tm in [
        *rows_out,
        ("all", n_all, total.feeds, total, timing_all),
    ]:
        cells = [f"{t.raw(f)} / {t.right(f)}" for f in FIELDS]
        speed = f"{tm.ratio()} ({tm.feeds} feeds)"
        print(
            f"| {label} | {n_files} | {n_feeds} ({t.entries}) | "
            + " | ".join(cells)
            + f" | {speed} |"
        )
    print()
    same = overall["fast = fallback"]
    print(
        f"fast path = fallback, on the {same.feeds} feeds ({same.entries} entries) both read: "
        + ", ".join(f"{f} {same.raw(f)}" for f in FIELDS)
    )
    print(
        f"feeds with a different entry count: {total.miscount}; "
        f"feeds feedparser reads and crisiswatch rejects: {len(rejected)}"
    )
    for r in rejected:
        print(f"  rejected: {r}")
    print(
        "deliberate differences (entry fields): "
        + (", ".join(f"{k} {v}" for k, v in total.reasons.most_common()) or "none")
    )
    print(
        f"fast path CPU {timing_all.fast:.2f} s, bare feedparser {timing_all.feedparser:.2f} s "
        f"on the same {timing_all.feeds} feeds (best of {args.repeat}): {timing_all.ratio()}"
    )
    if args.verbose:
        for line in overall["parse_feed"].explained:
            print(f"deliberate {line}")
        for f in FIELDS:
            for line in overall["parse_feed"].misses.get(f, []):
                print(f"[{f}] {line}")
        for f in FIELDS:
            for line in same.misses.get(f, []):
                print(f"[fast!=fallback {f}] {line}")
    sys.stdout.flush()


if __name__ == "__main__":
    main()
