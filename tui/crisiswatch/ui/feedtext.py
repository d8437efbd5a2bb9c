"""Feed text as inert rich `Text`: never parsed as markup, control characters stripped again."""

from __future__ import annotations

from datetime import datetime

from rich.style import Style
from rich.text import Text

from crisiswatch.plaintext import safe_link, strip_unsafe
from crisiswatch.ui.cells import steady_width


def inert(text: str, style: str | Style = "") -> Text:
    """Untrusted text as a `Text` object: brackets stay brackets, escapes lose their ESC.

    The parser already strips control characters; this is a second wall so nothing that
    reaches a widget depends on the first. Emoji joiners go too (ui/cells.py): a title must
    take the same cells in every terminal.
    """
    return Text(steady_width(strip_unsafe(text)), style=style, no_wrap=False, end="")


def inert_lines(text: str, style: str | Style = "") -> Text:
    """Like `inert`, but line breaks survive as line breaks (an item's title and body)."""
    out = Text(end="")
    for n, line in enumerate(text.split("\n")):
        if n:
            out.append("\n")
        out.append_text(inert(line, style))
    return out


def link_text(url: str | None, label: str | None = None) -> Text:
    """An http(s) link as an OSC 8 hyperlink; any other scheme is shown inert and never linked."""
    if not url:
        return Text("no link", style="dim")
    safe = safe_link(url)
    shown = inert(label if label is not None else url)
    if safe is None:
        shown.append(" (not an http link: not offered)", style="dim")
        return shown
    shown.stylize(Style(link=safe, underline=True))
    return shown


def short_age(when: datetime | None, now: datetime) -> str:
    """ "now", "4m", "3h", "2d": a headline row's age in at most three cells."""
    if when is None:
        return "—"
    secs = (now - when).total_seconds()
    if secs < 60:
        return "now" if secs > -60 else "new"
    if secs < 3600:
        return f"{int(secs // 60)}m"
    if secs < 86400:
        return f"{int(secs // 3600)}h"
    days = int(secs // 86400)
    return f"{days}d" if days < 1000 else "old"
