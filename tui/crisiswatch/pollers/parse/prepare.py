"""XML bodies made safe for either parser: UTF-8, no declaration, no DTD, no illegal characters."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Protocol

from crisiswatch.models import ParsedFeed
from crisiswatch.pollers.parse.charset import decode, fix_cp1252

_XML_DECL = re.compile(r"\A\s*<\?xml\b[^>]*>")
_PROLOG_STEP = re.compile(r"<(\?|!--|!doctype|[A-Za-z_:])", re.IGNORECASE)
_DTD_STOP = re.compile(r"""["'\[\]>]|<!--""")
_XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _dtd_end(text: str, pos: int) -> int:
    """Index just past the DOCTYPE starting before `pos`, skipping quoted and bracketed parts."""
    depth = 0
    n = len(text)
    while pos < n:
        m = _DTD_STOP.search(text, pos)
        if m is None:
            return n
        tok = m.group()
        pos = m.end()
        if tok in ('"', "'"):
            close = text.find(tok, pos)
            if close < 0:
                return n
            pos = close + 1
        elif tok == "<!--":
            close = text.find("-->", pos)
            if close < 0:
                return n
            pos = close + 3
        elif tok == "[":
            depth += 1
        elif tok == "]":
            depth = max(0, depth - 1)
        elif depth == 0:
            return pos
    return n


def strip_prolog_dtd(text: str) -> str:
    """Drop every DOCTYPE (with its internal subset) before the root element.

    Entity declarations can only live there, so with them gone neither parser can expand an
    entity (billion laughs) or fetch one (XXE, a remote DTD), whatever its own settings.
    """
    kept: list[str] = []
    start = pos = 0
    while (m := _PROLOG_STEP.search(text, pos)) is not None:
        kind = m.group(1)
        if kind == "?" or kind == "!--":
            close = text.find("?>" if kind == "?" else "-->", m.end())
            if close < 0:
                break
            pos = close + (2 if kind == "?" else 3)
        elif kind.lower() == "!doctype":
            kept.append(text[start : m.start()])
            start = pos = _dtd_end(text, m.end())
        else:
            break  # the root element: the prolog is over
    if not kept:
        return text
    kept.append(text[start:])
    return "".join(kept)


def _clean_xml(body: bytes, content_type: str | None) -> tuple[bytes, str | None]:
    """UTF-8 bytes with no declaration and no DTD, and the note when the charset was guessed."""
    decoded = decode(body, content_type)
    text = decoded.text
    if text.startswith("\ufeff"):
        text = text[1:]
    text = _XML_DECL.sub("", text, count=1)
    return fix_cp1252(strip_prolog_dtd(text)), decoded.note


class XmlParser(Protocol):
    """How an XML parser is called: the body as fetched, its Content-Type and address."""

    def __call__(
        self,
        body: bytes,
        *,
        max_items: int = 500,
        content_type: str | None = None,
        url: str | None = None,
    ) -> ParsedFeed: ...


def xml_parser(read: Callable[[bytes, str | None, int, str | None], ParsedFeed]) -> XmlParser:
    """An XmlParser made of `read(data, note, max_items, url)`, which gets the body made safe
    by `_clean_xml`, the note that made (a guessed charset, for the feed's warning), at most
    how many items to read, and the feed's address after redirects, which relative links in
    the body resolve against. `read`'s name and docstring stay the parser's."""

    def parse(
        body: bytes,
        *,
        max_items: int = 500,
        content_type: str | None = None,
        url: str | None = None,
    ) -> ParsedFeed:
        data, note = _clean_xml(body, content_type)
        return read(data, note, max_items, url)

    # Copied by hand rather than by functools.wraps: its __wrapped__ would make `help()` and
    # inspect show `read`'s arguments instead of the ones a caller passes.
    parse.__module__, parse.__name__ = read.__module__, read.__name__
    parse.__qualname__, parse.__doc__ = read.__qualname__, read.__doc__
    return parse


def _without_illegal(data: bytes) -> bytes | None:
    """The body minus characters XML 1.0 forbids, or None if it had none.

    Only tried after lxml refuses a body: scanning every body costs more than parsing it.
    Vertical tab and form feed become spaces, as in every other text (`to_plain`).
    """
    text = data.decode("utf-8", errors="replace")
    if _XML_ILLEGAL.search(text) is None:
        return None
    text = text.replace("\x0b", " ").replace("\x0c", " ")
    return _XML_ILLEGAL.sub("", text).encode("utf-8", errors="replace")
