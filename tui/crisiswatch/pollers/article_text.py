"""An article page's main text, as plain capped lines, and what it reports with title and summary.

Runs in a parse worker (pollers/cpu.py), under its CPU limit: trafilatura builds an lxml tree
of the whole page and scores its blocks, which is the poll's heaviest work per item. It keeps
the article body and drops menus, "related stories" boxes, cookie banners and comments, so a
toll quoted in a sidebar about another story never reaches the counters.
"""

from __future__ import annotations

import logging
import re
from typing import NamedTuple

from crisiswatch.facts.poll import Reading, WatchList, read_item
from crisiswatch.plaintext import cap, strip_unsafe
from crisiswatch.pollers.cpu import Page
from crisiswatch.pollers.parse.charset import decode

MAX_ARTICLE_TEXT = 50_000
"""Characters of an article's text kept and read: a long feature runs to some 30,000."""

MAX_LINE = 5_000
"""Characters of one paragraph: a 1 MB single line is cut here, not carried whole."""

_QUIET = logging.NullHandler()

_META_CHARSET = re.compile(
    rb"""<meta[^>]{0,200}?charset\s*=\s*["']?([A-Za-z0-9_.:\-]{1,40})""", re.I
)


_CONTROLS = re.compile(
    r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]"
    r"|&#0*(?:[0-8]|1[124-9]|2[0-9]|3[01]|127);"
    r"|&#[xX]0*(?:[0-8bBcCeEfF]|1[0-9a-fA-F]|7[fF]);"
)
"""Control characters, raw or as references: never text, and one `&#27;` made the HTML
parser give up on a whole page."""


class ArticleRead(NamedTuple):
    """What an article page gave: its text (None when no main text was found) and what the
    item's title, summary and article report together."""

    text: str | None
    reading: Reading


def page_text(body: bytes, content_type: str | None, url: str | None) -> str | None:
    """The page's main text as plain lines, inert and capped; None if there is none."""
    import trafilatura  # in the worker only: it pulls lxml, justext, htmldate and courlan

    # Its warnings about a page ("discarding data") would otherwise reach stderr, which is the
    # terminal under the TUI when the work runs in threads; a page's failure is said in its
    # item's detail instead.
    for name in ("trafilatura", "htmldate", "courlan", "justext"):
        logging.getLogger(name).addHandler(_QUIET)

    if content_type is None or "charset" not in content_type.lower():
        m = _META_CHARSET.search(body[:4096])
        if m:
            content_type = f"text/html; charset={m.group(1).decode('ascii')}"
    html = _CONTROLS.sub("", decode(body, content_type).text)
    found = trafilatura.extract(
        html,
        url=url,
        output_format="txt",
        include_comments=False,
        include_tables=False,
        include_images=False,
        include_links=False,
        favor_precision=True,
        deduplicate=False,
        with_metadata=False,
    )
    if not found:
        return None
    lines = []
    for line in found.split("\n"):
        flat = " ".join(strip_unsafe(line).split())
        if flat:
            lines.append(cap(flat, MAX_LINE))
    text = cap("\n".join(lines), MAX_ARTICLE_TEXT)
    return text or None


def read_article(page: Page, title: str, summary: str, watches: WatchList) -> ArticleRead:
    """The page's text, and what title, summary and article report read as one text (as the
    worker reads a feed's items): figure rows point into the article by their spans."""
    text = page_text(page.body, page.content_type, page.url)
    if text is not None and text.split("\n", 1)[0].casefold() == title.casefold():
        # The page's own headline, which trafilatura keeps: the item's title says it already.
        text = text.split("\n", 1)[1] if "\n" in text else None
    return read_text(text, title, summary, watches)


def read_text(text: str | None, title: str, summary: str, watches: WatchList) -> ArticleRead:
    """What title, summary and an article's text already read (another feed's copy of the
    story fetched it) report together."""
    if text is None:
        return ArticleRead(None, Reading())
    return ArticleRead(text, read_item(title, summary, watches, text))
