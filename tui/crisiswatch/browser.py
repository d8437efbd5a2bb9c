"""The `[settings] browser` command line, newsboat's way: `"w3m %u"`, `%u` standing for the link.

The link becomes one argument of its own (no shell ever reads it), and whether the browser
takes over the terminal (w3m, lynx) or opens a window of its own is decided here, not in the UI."""

from __future__ import annotations

import os
import shlex
from dataclasses import dataclass

from crisiswatch.errors import BadBrowser as BadBrowser

URL_MARK = "%u"

TEXT_BROWSERS = frozenset(
    {"w3m", "lynx", "links", "links2", "elinks", "browsh", "carbonyl", "cha", "www-browser"}
)
"""Browsers that draw in the terminal they were started from: the TUI steps aside for them."""


def parse_browser(template: str) -> tuple[str, ...]:
    """The setting's words, as a POSIX shell would split them (quotes kept together), checked."""
    if any(ord(c) < 0x20 or ord(c) == 0x7F for c in template):
        raise BadBrowser("must be one line without control characters")
    try:
        words = tuple(shlex.split(template))
    except ValueError as exc:  # an unclosed quote
        raise BadBrowser(f"cannot be read as a command line: {exc}") from None
    if not words:
        raise BadBrowser('must name a program, e.g. "w3m %u" or "firefox --new-tab %u"')
    return words


@dataclass(frozen=True, slots=True)
class BrowserCommand:
    argv: tuple[str, ...]
    in_terminal: bool
    """True for a text browser: it runs in our terminal while the TUI is suspended."""

    @property
    def name(self) -> str:
        return os.path.basename(self.argv[0])


def browser_command(
    words: tuple[str, ...], url: str, in_terminal: bool | None = None
) -> BrowserCommand:
    """The argv for one link: each `%u` replaced by it (a word may be `--url=%u`), or the link
    appended as the last argument when no word holds `%u`. `in_terminal` None: by the name."""
    argv = [w.replace(URL_MARK, url) for w in words]
    if not any(URL_MARK in w for w in words):
        argv.append(url)
    name = os.path.basename(words[0])
    text = name in TEXT_BROWSERS if in_terminal is None else in_terminal
    return BrowserCommand(tuple(argv), text)
