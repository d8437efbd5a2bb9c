"""feeds.toml's feeds as an OPML 2.0 subscription list that other readers import.

Readers file feeds in folders, so each feed sits in an outline named after its first tag;
every tag is also in its `category` attribute ("/un,/wire", OPML 2's form), which carries the
rest. `crisiswatch import` of the result gives back the same feeds with the same tags.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from datetime import UTC, datetime
from email.utils import format_datetime

from crisiswatch.config import Config, FeedConfig
from crisiswatch.plaintext import strip_unsafe

SPEC = "http://opml.org/spec2.opml"


def _inert(text: str) -> str:
    """XML 1.0 can hold no control character, and a name from feeds.toml may (as `\\u001b`)."""
    return " ".join(strip_unsafe(text).split())


def _tag(text: str) -> str:
    """A tag as OPML's category syntax can hold it: "," and "/" are its separators."""
    return " ".join(_inert(text).replace(",", " ").replace("/", " ").split())


def _feed_outline(parent: ET.Element, feed: FeedConfig) -> None:
    name = _inert(feed.name)
    attrs = {"type": "rss", "text": name, "title": name, "xmlUrl": feed.url}
    tags = [t for t in map(_tag, feed.tags) if t]
    if tags:
        attrs["category"] = ",".join(f"/{t}" for t in tags)
    ET.SubElement(parent, "outline", attrs)


def to_opml(config: Config, *, now: datetime | None = None) -> str:
    """The OPML document, as text ending in a newline."""
    opml = ET.Element("opml", {"version": "2.0"})
    head = ET.SubElement(opml, "head")
    ET.SubElement(head, "title").text = "crisiswatch feeds"
    when = now or datetime.now(UTC)
    ET.SubElement(head, "dateCreated").text = format_datetime(when, usegmt=True)
    ET.SubElement(head, "docs").text = SPEC
    body = ET.SubElement(opml, "body")
    folders: dict[str, ET.Element] = {}
    for feed in config.feeds:
        first = _tag(feed.tags[0]) if feed.tags else ""
        if not first:
            _feed_outline(body, feed)
            continue
        folder = folders.get(first)
        if folder is None:
            folder = folders[first] = ET.SubElement(
                body, "outline", {"text": first, "title": first}
            )
        _feed_outline(folder, feed)
    ET.indent(opml, space="  ")
    text = ET.tostring(opml, encoding="unicode", xml_declaration=False)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + text + "\n"
