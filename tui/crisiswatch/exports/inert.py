"""Feed text made inert for the two formats a person opens: Markdown and spreadsheets.

Markdown: every character that could start markup (emphasis, links, images, HTML, tables,
code) is backslash-escaped, and the starts of bare addresses that GitHub-flavoured renderers
turn into links ("http://", "www.", "user@host") are broken by escaping their punctuation.
CSV: a cell a spreadsheet would read as a formula (starting with =, +, -, @, tab or carriage
return) gets a leading apostrophe, OWASP's advice against CSV injection.
"""

from __future__ import annotations

import re

from crisiswatch.plaintext import strip_unsafe

_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]<>|~&#!])")
_AUTOLINK = re.compile(r":(?=//)|(?<=www)\.|@", re.IGNORECASE)
_LINE_START = re.compile(r"^(\d*)([-+=>.)])")
_FORMULA = ("=", "+", "-", "@", "\t", "\r")


def md(text: object) -> str:
    """Any string from a feed, the config or the store, as plain Markdown text on one line."""
    plain = strip_unsafe(str(text))
    plain = _MD_SPECIAL.sub(r"\\\1", plain)
    plain = _AUTOLINK.sub(lambda m: "\\" + m.group(), plain)
    # A cell or list item never starts a line, but a pasted fragment might.
    return _LINE_START.sub(r"\1\\\2", plain)


def cell(value: object) -> object:
    """One CSV cell: text stripped of controls and kept from being run as a formula."""
    if value is None:
        return ""
    if not isinstance(value, str):
        return value
    text = strip_unsafe(value)
    return "'" + text if text.startswith(_FORMULA) else text
