"""Feed text made safe to show in a terminal: HTML reduced to text, controls gone, links vetted."""

from __future__ import annotations

import re
from html import unescape
from urllib.parse import urlsplit

ELLIPSIS = "…"

MAX_URL = 4096
"""Longer addresses are refused: no real article needs them, and they bloat every row."""


def _build_table() -> dict[int, str | None]:
    """One `str.translate` table: it is the cheapest way to drop many code points at once."""
    table: dict[int, str | None] = {}
    # C0 and C1 controls (ESC included, so ANSI/OSC sequences lose their teeth) and DEL.
    for cp in [*range(0x00, 0x20), 0x7F, *range(0x80, 0xA0)]:
        table[cp] = None
    # Layout controls become spaces so words on either side do not fuse.
    for cp in (0x09, 0x0A, 0x0B, 0x0C, 0x0D, 0x85, 0x2028, 0x2029):
        table[cp] = " "
    # Bidi embeddings/overrides/isolates can make text read differently from what it is.
    for cp in [*range(0x202A, 0x202F), *range(0x2066, 0x206A)]:
        table[cp] = None
    # Zero-width characters hide text and defeat matching; BOM/word joiner likewise.
    for cp in (0x200B, 0x200C, 0x200D, 0x2060, 0xFEFF):
        table[cp] = None
    # Lone surrogates (from JSON "\ud800") cannot be encoded and would break SQLite writes.
    for cp in range(0xD800, 0xE000):
        table[cp] = None
    for cp in (0xFFFE, 0xFFFF):
        table[cp] = None
    return table


_TABLE = _build_table()
_UNSAFE = re.compile(
    "[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069"
    "\u200b-\u200d\u2060\ufeff\ud800-\udfff\ufffe\uffff]"
)

# Each pattern stops at the next "<" or ">" so a hostile body can never make it backtrack
# across the whole text (unclosed tags in bulk would otherwise be quadratic).
_DROP_BLOCKS = re.compile(
    r"<(script|style|template|noscript|head|title)\b[^<>]*>.*?(?:</\1\s*>|\Z)"
    r"|<!--.*?(?:-->|\Z)"
    r"|<!\[CDATA\[|\]\]>",
    re.IGNORECASE | re.DOTALL,
)
_TAG = re.compile(r"</?([A-Za-z][A-Za-z0-9:-]*)(?:\"[^\"<>]*\"|'[^'<>]*'|[^'\"<>])*>|<[!?][^<>]*>")
_INLINE = frozenset(
    "a abbr b bdi bdo cite code data del dfn em font i ins kbd mark q s samp small span "
    "strike strong sub sup time tt u var wbr".split()
)


def _tag_space(m: re.Match[str]) -> str:
    # Inline tags join their text ("H<sub>2</sub>O"); anything else separates words.
    name = m.group(1)
    return "" if name is not None and name.lower() in _INLINE else " "


def strip_unsafe(text: str) -> str:
    """Remove control, bidi and zero-width characters; layout controls become spaces."""
    if _UNSAFE.search(text) is None:
        return text
    return text.translate(_TABLE)


def cap(text: str, limit: int) -> str:
    """At most `limit` characters, ending in "…" when cut."""
    if len(text) <= limit:
        return text
    if limit <= 0:
        return ""
    return text[: limit - 1].rstrip() + ELLIPSIS


def to_plain(html_or_text: str, limit: int, *, html: bool = True) -> str:
    """Reduce HTML (or plain text, with `html=False`) to one line of inert, capped text.

    Brackets are left alone: Rich-markup-looking text stays literal here, and it is the UI's
    job to render it as `Text`, never as markup.
    """
    text = html_or_text
    # Bound the work on absurd inputs (a 10 MB title): markup rarely outweighs text 20 to 1.
    budget = max(limit * 20, 65536)
    if len(text) > budget:
        text = text[:budget]
    if html and ("<" in text or "&" in text):
        if "<" in text:
            text = _DROP_BLOCKS.sub(" ", text)
            text = _TAG.sub(_tag_space, text)
        if "&" in text:
            text = unescape(text)
    text = strip_unsafe(text)
    return cap(" ".join(text.split()), limit)


def clean_token(value: str, limit: int) -> str | None:
    """An identifier (guid) as given, minus unsafe characters and outer space; None if empty."""
    token = strip_unsafe(value[: limit * 4]).strip()
    if not token:
        return None
    return cap(token, limit)


def safe_link(url: str | None) -> str | None:
    """The URL if it is an absolute http(s) address with a host, else None.

    `javascript:`, `file:`, `data:` and friends are refused here so nothing downstream can
    open or offer them.
    """
    if not url:
        return None
    cleaned = strip_unsafe(url[: MAX_URL + 256]).strip()
    if not cleaned or len(cleaned) > MAX_URL:
        return None
    if " " in cleaned:
        cleaned = cleaned.replace(" ", "%20")
    try:
        parts = urlsplit(cleaned)
        host = parts.hostname
    except ValueError:
        return None
    if parts.scheme.lower() not in ("http", "https") or not host:
        return None
    return cleaned
