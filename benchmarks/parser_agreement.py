"""How often the fast path, the fallback and bare feedparser agree, per field, on peers' corpora.

Reads the feeds in place from git repositories (no copy enters this project), e.g. the
feedparser and gofeed test suites:

    .venv/bin/python benchmarks/parser_agreement.py \\
        /work/.mirror/kurtmckee+feedparser/repo:tests \\
        /work/.mirror/mmcdole+gofeed/repo:testdata

Each argument is GIT_DIR:PREFIX; every .xml/.rdf/.atom/.rss file under PREFIX at HEAD is read.
Bare feedparser is reduced the way crisiswatch reduces text (one plain line, an http(s) link,
a UTC date), so a difference is a difference in reading, not in presentation. An entry is
compared field by field when both sides found the same number of entries; a feed where they
did not counts against every field.
"""

from __future__ import annotations

import argparse
import io
import subprocess
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

import feedparser

from crisiswatch.models import ParsedFeed
from crisiswatch.plaintext import safe_link, to_plain
from crisiswatch.pollers import parse

FEED_URL = "https://example.org/feeds/feed.xml"
FIELDS = ("title", "link", "summary", "date")
SUFFIXES = (".xml", ".rdf", ".atom", ".rss")


def corpus(spec: str) -> Iterator[tuple[str, bytes]]:
    """(name, body) for every feed file under PREFIX in the git repository GIT_DIR."""
    git_dir, _, prefix = spec.partition(":")
    names = subprocess.run(
        ["git", "--git-dir", git_dir, "ls-tree", "-r", "--name-only", "HEAD", "--", prefix],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split("\n")
    for name in names:
        if name.endswith(SUFFIXES):
            body = subprocess.run(
                ["git", "--git-dir", git_dir, "show", f"HEAD:{name}"],
                capture_output=True,
                check=True,
            ).stdout
            yield f"{git_dir}:{name}", body


Row = tuple[str, str | None, str, Any]


def ours(feed: ParsedFeed) -> list[Row]:
    return [(i.title, i.url, i.summary, i.published) for i in feed.items]


def bare_feedparser(body: bytes) -> list[Row]:
    """feedparser on the raw body, given the feed's address, reduced like our items."""
    headers = {"content-location": FEED_URL, "content-type": "application/xml"}
    result = feedparser.parse(io.BytesIO(body), response_headers=headers)
    rows: list[Row] = []
    for e in result.entries:

        def text(value: Any, detail: Any, limit: int) -> str:
            kind = detail.get("type", "text/html") if isinstance(detail, dict) else "text/html"
            return to_plain(
                value if isinstance(value, str) else "", limit, html=kind != "text/plain"
            )

        summary = text(e.get("summary"), e.get("summary_detail"), parse.SUMMARY_LIMIT)
        if not summary and e.get("content"):
            first = e["content"][0]
            summary = text(first.get("value"), first, parse.SUMMARY_LIMIT)
        link = e.get("link")
        rows.append(
            (
                text(e.get("title"), e.get("title_detail"), parse.TITLE_LIMIT),
                safe_link(link if isinstance(link, str) else None),
                summary,
                parse.parse_date(e.get("published") or e.get("updated") or e.get("created")),
            )
        )
    return rows


def call(fn: Callable[..., ParsedFeed], body: bytes) -> list[Row] | None:
    """Our rows, or None when the path declines or fails the body."""
    try:
        try:
            return ours(fn(body, url=FEED_URL))
        except TypeError:  # a tree from before `url` existed
            return ours(fn(body))
    except Exception:
        return None


@dataclass
class Tally:
    feeds: int = 0
    agree: dict[str, int] = field(default_factory=lambda: dict.fromkeys(FIELDS, 0))

    def add(self, a: list[Row] | None, b: list[Row] | None) -> None:
        self.feeds += 1
        if a is None or b is None or len(a) != len(b):
            return
        for i, name in enumerate(FIELDS):
            if all(x[i] == y[i] for x, y in zip(a, b, strict=True)):
                self.agree[name] += 1

    def cells(self) -> list[str]:
        return [f"{100 * self.agree[f] / max(1, self.feeds):.1f}%" for f in FIELDS]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("corpora", nargs="+", help="GIT_DIR:PREFIX")
    args = ap.parse_args()
    pairs = {
        "fast path = fallback": Tally(),
        "fast path = feedparser": Tally(),
        "fallback = feedparser": Tally(),
        "parse_feed = feedparser": Tally(),
    }
    with_entries = declined = 0
    for spec in args.corpora:
        for _name, body in corpus(spec):
            theirs = bare_feedparser(body)
            if not theirs:
                continue  # a test of feed-level fields only: nothing to compare per entry
            with_entries += 1
            fast = call(parse.parse_xml_fast, body)
            slow = call(parse.parse_xml_feedparser, body)
            auto = call(parse.parse_feed, body)
            if fast is None:
                declined += 1
            else:
                pairs["fast path = fallback"].add(fast, slow)
                pairs["fast path = feedparser"].add(fast, theirs)
            pairs["fallback = feedparser"].add(slow, theirs)
            pairs["parse_feed = feedparser"].add(auto, theirs)
    print(f"{with_entries} feeds with entries; the fast path read {with_entries - declined}")
    print()
    print("| pair (feeds compared) | " + " | ".join(FIELDS) + " |")
    print("|---|" + "---|" * len(FIELDS))
    for label, tally in pairs.items():
        print(f"| {label} ({tally.feeds}) | " + " | ".join(tally.cells()) + " |")
    sys.stdout.flush()


if __name__ == "__main__":
    main()
