"""Where a figure's sentence stands in the item's stored texts, so it is stored once, not copied.

Extraction reads one string, the item's title, summary and (with full text) article joined by
blank lines (`item_text`). Each figure quotes its sentence (the
part around the figure, in a long one). A figure row records which stored text holds that
quote and its span there; readers slice it out of the item (`store/reads.py`). A repeated
figure then costs a few integers a mention instead of a copy of its sentence each.
"""

from __future__ import annotations

from typing import NamedTuple

TITLE = "title"
SUMMARY = "summary"
ARTICLE = "article"


class Part(NamedTuple):
    """One stored text and where it starts in the string extraction read."""

    name: str
    offset: int
    length: int


Layout = tuple[Part, ...]


def item_text(title: str, summary: str, article: str | None = None) -> str:
    """The one string extraction reads and keywords are matched in: title, summary and article
    joined by blank lines. Figure spans index into exactly this string."""
    text = f"{title}\n\n{summary}" if summary else title
    return f"{text}\n\n{article}" if article else text


def layout(title: str, summary: str, article: str | None = None) -> Layout:
    """The parts of `item_text(title, summary, article)`, in order, with their offsets."""
    parts = [Part(TITLE, 0, len(title))]
    end = len(title)
    if summary:
        parts.append(Part(SUMMARY, end + 2, len(summary)))
        end += 2 + len(summary)
    if article:
        parts.append(Part(ARTICLE, end + 2, len(article)))
    return tuple(parts)


def sentence_span(
    parts: Layout, text_at: int, text_end: int, quote: str, text: str | None = None
) -> tuple[str, int, int] | None:
    """(part, start, end) of `quote` around the figure at [text_at, text_end) of the whole text,
    or None when it cannot be placed (no quote, or one that crosses two parts); then the row
    keeps its own copy. `text` is the whole string, to find the quote in."""
    if not quote or text is None:
        return None
    lo = max(0, text_end - len(quote))
    at = text.find(quote, lo, text_at + len(quote))
    if at < 0:
        return None
    for part in parts:
        if part.offset <= at and at + len(quote) <= part.offset + part.length:
            return part.name, at - part.offset, at - part.offset + len(quote)
    return None
