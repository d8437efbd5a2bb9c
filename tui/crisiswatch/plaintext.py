"""Feed text made safe to show in a terminal: HTML reduced to text, controls gone, links vetted."""

from __future__ import annotations

import re
from html import unescape
from urllib.parse import urlsplit

ELLIPSIS = "…"

MAX_URL = 4096
"""Longer addresses are refused: no real article needs them, and they bloat every row."""


# Invisible or terminal-active code points: C0/C1 controls (ESC included, so ANSI/OSC
# sequences lose their teeth) and DEL, bidi embeddings/overrides/isolates, zero-width
# characters, BOM/word joiner, lone surrogates (from JSON "\\ud800"; they would break SQLite
# writes) and non-characters. Whitespace controls are not here: they become spaces instead.
_HIDDEN = re.compile(
    "[\x00-\x08\x0e-\x1b\x7f-\x84\x86-\x9f\u200b-\u200d\u202a-\u202e\u2060\u2066-\u2069"
    "\ufeff\ud800-\udfff\ufffe\uffff]"
)
# Layout controls that would break a line or move the cursor; words either side stay apart.
_LAYOUT = re.compile("[\t\n\x0b\x0c\r\x1c-\x1f\x85\u2028\u2029]")

# Each pattern stops at the next "<" or ">" so a hostile body can never make it backtrack
# across the whole text (unclosed tags in bulk would otherwise be quadratic).
_DROP_BLOCKS = re.compile(
    r"<(script|style|template|noscript|head|title|metadata)\b[^<>]*>.*?(?:</\1\s*>|\Z)"
    r"|<!--.*?(?:-->|\Z)"
    r"|<!\[CDATA\[|\]\]>",
    re.IGNORECASE | re.DOTALL,
)
_BLOCK_OPENERS = ("<script", "<style", "<template", "<noscript", "<head", "<title", "<metadata")
# An SVG's <metadata> (its licence, author and title, in RDF) is never drawn.
_ATTRS = r"""(?:"[^"<>]*"|'[^'<>]*'|[^'"<>])*>"""
# Inline tags join their text ("H<sub>2</sub>O"); any other tag separates words.
_INLINE_TAG = re.compile(
    r"</?(?:a|abbr|b|bdi|bdo|cite|code|data|del|dfn|em|font|i|ins|kbd|mark|q|s|samp|small"
    r"|span|strike|strong|sub|sup|time|tt|u|var|wbr)(?![A-Za-z0-9:-])" + _ATTRS,
    re.IGNORECASE,
)
_TAG = re.compile(r"</?[A-Za-z][A-Za-z0-9:-]*" + _ATTRS + r"|<[!?][^<>]*>")


def _has_block(lowered: str) -> bool:
    # Cheaper than running _DROP_BLOCKS on every summary, which rarely holds any of these.
    return any(map(lowered.__contains__, _BLOCK_OPENERS))


def strip_unsafe(text: str) -> str:
    """Remove control, bidi and zero-width characters; layout controls become spaces."""
    if _HIDDEN.search(text) is not None:
        text = _HIDDEN.sub("", text)
    if _LAYOUT.search(text) is not None:
        text = _LAYOUT.sub(" ", text)
    return text


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
            if "<!" in text or "]]>" in text or _has_block(text.lower()):
                text = _DROP_BLOCKS.sub(" ", text)
            text = _INLINE_TAG.sub("", text)
            text = _TAG.sub(" ", text)
        if "&" in text:
            text = unescape(text)
    if _HIDDEN.search(text) is not None:
        text = _HIDDEN.sub("", text)
    # split() also breaks on every layout control, so they need no pass of their own.
    return cap(" ".join(text.split()), limit)


def clean_token(value: str, limit: int) -> str | None:
    """An identifier (guid) as given, minus unsafe characters and outer space; None if empty."""
    token = strip_unsafe(value[: limit * 4]).strip()
    if not token:
        return None
    return cap(token, limit)


_HEADER_VALUE = re.compile(r"[!-~]+(?:[ \t]+[!-~]+)*")


def header_value(value: str | None) -> str | None:
    """The value if it can be sent as an HTTP header as it is (visible ASCII words with spaces
    or tabs between them, as h11 accepts and httpx encodes), else None. A server's validator
    that is not one would fail every later request of its feed if it were sent back."""
    if value is not None and _HEADER_VALUE.fullmatch(value):
        return value
    return None


_PLAIN_HTTP = re.compile(r"https?://[A-Za-z0-9.-]+(?::[0-9]+)?(?:[/?#][!-~]*)?\Z")
"""A lower-case http(s) scheme, a plain host name and printable ASCII after it: urlsplit would
find that scheme and a host, so the answer is the URL itself."""


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
    if _PLAIN_HTTP.match(cleaned):  # the common case, decided without urlsplit
        return cleaned
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
