"""JSON bodies: JSON Feed 1.0/1.1, and generic JSON wires read through a field mapping."""

from __future__ import annotations

import json
from typing import Any

from crisiswatch.config import JsonMapping
from crisiswatch.models import ParsedFeed
from crisiswatch.pollers.parse.charset import decode_body
from crisiswatch.pollers.parse.common import FeedParseError, _finish, _join, _one_line, _Raw

MAX_JSON_DIGITS = 30
"""Longer integers are no id, date or count any feed means; they read as a missing field."""


def _json_int(digits: str) -> int | None:
    # Python refuses to convert over 4,300 digits, and the whole body would fail for one field.
    return int(digits) if len(digits.lstrip("-")) <= MAX_JSON_DIGITS else None


def _load_json(body: bytes, content_type: str | None) -> Any:
    text = decode_body(body, content_type).lstrip("\ufeff")
    try:
        return json.loads(text, parse_int=_json_int)
    except json.JSONDecodeError as exc:
        raise FeedParseError(
            f"invalid JSON (line {exc.lineno}, column {exc.colno}: {exc.msg})"
        ) from None
    except (ValueError, RecursionError) as exc:
        raise FeedParseError(f"invalid JSON ({_one_line(str(exc), 120)})") from None


def _as_text(value: Any) -> str | None:
    if isinstance(value, str):
        return value
    if isinstance(value, int | float) and not isinstance(value, bool):
        return str(value)
    return None


def _is_jsonfeed(data: Any) -> bool:
    # Version 1 was announced as `https://jsonfeed.org/version/1`, but many feeds (and
    # feedparser) use the `http://` form.
    return isinstance(data, dict) and str(data.get("version", "")).startswith(
        ("https://jsonfeed.org/version/", "http://jsonfeed.org/version/")
    )


def _json_link(value: Any, url: str | None) -> str | None:
    link = _as_text(value)
    return _join(url, link) if link else None


def _jsonfeed(data: Any, max_items: int, url: str | None = None) -> ParsedFeed:
    """JSON Feed 1.0/1.1: `items` with id, url, title, summary/content, dates."""
    items = data.get("items") if isinstance(data, dict) else None
    if not isinstance(items, list):
        raise FeedParseError("JSON Feed has no `items` list")
    raws: list[_Raw] = []
    for entry in items[:max_items]:
        if not isinstance(entry, dict):
            continue
        raw = _Raw(guid=_as_text(entry.get("id")))
        raw.link = _json_link(entry.get("url"), url) or _json_link(entry.get("external_url"), url)
        raw.title = _as_text(entry.get("title")) or ""
        raw.title_html = False
        for key, is_html in (("summary", False), ("content_html", True), ("content_text", False)):
            text = _as_text(entry.get(key))
            if text and text.strip():
                raw.summary, raw.summary_html = text, is_html
                break
        raw.date = entry.get("date_published") or entry.get("date_modified")
        raws.append(raw)
    return _finish(raws, len(items), max_items, None, None)


def _dig(data: Any, path: str) -> Any:
    """Follow a dotted path through dicts (and list indices); None when it leads nowhere."""
    if not path:
        return data
    for part in path.split("."):
        if isinstance(data, dict):
            data = data.get(part)
        elif isinstance(data, list) and part.isdigit() and int(part) < len(data):
            data = data[int(part)]
        else:
            return None
    return data


def _json_wire(data: Any, mapping: JsonMapping, max_items: int) -> ParsedFeed:
    """A generic JSON list of entries, read through the feed's field mapping (e.g. GDELT)."""
    items = _dig(data, mapping.items)
    if items is None and data == {}:
        # GDELT answers a query with no matches with `{}`: nothing new, not a failure.
        return ParsedFeed(items=())
    if not isinstance(items, list):
        where = mapping.items or "the top level"
        raise FeedParseError(f"no list of entries at {where!r} in the JSON body")
    raws: list[_Raw] = []
    for entry in items[:max_items]:
        if not isinstance(entry, dict):
            continue
        raws.append(
            _Raw(
                guid=_as_text(_dig(entry, mapping.guid)),
                link=_as_text(_dig(entry, mapping.url)),
                title=_as_text(_dig(entry, mapping.title)) or "",
                summary=_as_text(_dig(entry, mapping.summary)) or "",
                date=_dig(entry, mapping.published),
            )
        )
    return _finish(raws, len(items), max_items, None, None)
