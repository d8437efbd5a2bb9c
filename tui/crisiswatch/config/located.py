"""Where a problem is in feeds.toml: ConfigError, and the line of a key, since tomllib keeps
no positions."""

from __future__ import annotations

import re
from functools import cached_property
from pathlib import Path

from crisiswatch.errors import InputError

At = tuple[str | int, ...]
"""A place in the parsed file: table and key names, with the index of each array of tables
("watch", 0, "election", "party", 2, "name")."""


class ConfigError(InputError):
    """A problem in a config file, already phrased as the one line the user will read."""

    def __init__(self, path: Path | str, line: int | None, key: str, message: str) -> None:
        # A quoted TOML key may hold a newline or ESC: shown escaped, the error stays one inert line.
        self.path = _printable(str(path))
        self.line = line
        self.key = _printable(key)
        self.message = _printable(message)
        where = f"{self.path}:{line}" if line else self.path
        super().__init__(f"{where}: {self.key}: {self.message}")


def _printable(text: str) -> str:
    if text.isprintable():
        return text
    return "".join(
        c if c.isprintable() else c.encode("unicode_escape").decode("ascii") for c in text
    )


def label(at: At) -> str:
    """How an error names the place: "watch[0].election.party[2].name"."""
    out = ""
    for part in at:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out = f"{out}.{part}" if out else part
    return out


class Lines:
    """Finds the line of a place in the raw TOML text."""

    _HEADER = re.compile(r"^\s*(\[\[?)\s*([A-Za-z0-9_.\-\" ]+?)\s*\]\]?\s*(#.*)?$")

    def __init__(self, text: str) -> None:
        self.text = text

    @cached_property
    def lines(self) -> list[str]:
        """Split only when an error needs a line: a valid file never does. At "\n" only, as
        TOML breaks lines: `str.splitlines` also breaks at U+0085, U+2028 and form feeds,
        which a string value may hold, and the line numbers after them came out too high."""
        return self.text.split("\n")

    def _headers(self) -> list[tuple[int, str]]:
        out = []
        for no, line in enumerate(self.lines, 1):
            m = self._HEADER.match(line)
            if m:
                out.append((no, m.group(2).replace('"', "").replace(" ", "")))
        return out

    def of(self, at: At, table: bool = False) -> int | None:
        """Line of the place `at`: of its last key, or of its table's header when `table` is
        set, the key is missing, or `at` ends with an index (one of an array of tables)."""
        names = [p for p in at if isinstance(p, str)]
        indexes = [p for p in at if isinstance(p, int)]
        key = None if table or not at or isinstance(at[-1], int) else names.pop()
        return self.find(
            ".".join(names), indexes[0] if indexes else None, key, indexes[1] if indexes[1:] else 0
        )

    def find(
        self, table: str, index: int | None, key: str | None, sub_index: int = 0
    ) -> int | None:
        """Line of `key` in a table, or of the table's header if `key` is None.

        `table` is dotted ("watch.election.party"); `index` picks the n-th header of its first
        part ("[[watch]]" number `index`), `sub_index` the n-th header of the full name within
        it. A table written inline (`json = { items = 1 }`) has no header: its key's line.
        """
        headers = self._headers()
        if not table:
            end = headers[0][0] - 1 if headers else len(self.lines)
            return self._key_line(key, 1, end) if key else None
        top = table.split(".")[0]
        tops = [pos for pos, h in enumerate(headers) if h[1] == top]
        if not tops:
            return None
        top_pos = tops[min(index or 0, len(tops) - 1)]
        top_end = next((p for p in tops if p > top_pos), len(headers))
        candidates = [p for p in range(top_pos, top_end) if headers[p][1] == table]
        if not candidates:
            # No header of its own: written inline, on the line of its key.
            start, end = self._section(headers, top_pos)
            return self._key_line(table.split(".")[-1], start + 1, end) or start
        start, end = self._section(headers, candidates[min(sub_index, len(candidates) - 1)])
        if key is None:
            return start
        return self._key_line(key, start + 1, end) or start

    def _section(self, headers: list[tuple[int, str]], pos: int) -> tuple[int, int]:
        """First and last line of the `pos`-th header's table."""
        end = headers[pos + 1][0] - 1 if pos + 1 < len(headers) else len(self.lines)
        return headers[pos][0], end

    def _key_line(self, key: str, first: int, last: int) -> int | None:
        pattern = re.compile(rf"^\s*[\"']?{re.escape(key)}[\"']?\s*=")
        for no in range(first, last + 1):
            if pattern.match(self.lines[no - 1]):
                return no
        return None
