"""feeds.toml edited in place: feeds appended after the last `[[feed]]`, or one cut out, with
every other line (comments, blank lines, order, spelling) left exactly as it was.

tomlkit writes each new table, so names, URLs and tags are quoted and escaped as TOML wants.
Where the table goes is decided here, on the lines, because tomlkit's own document model
gives a comment standing between two tables to the one above it: appended to the array of
`[[feed]]` tables, a new feed landed below a "# --- the watched crisis ---" comment that
introduces the `[[watch]]` after it, and deleting a feed deleted the next section's comment.
Every edit is checked before it is written: the new text must pass the same validation as
`crisiswatch check`, with the feeds changed exactly as asked and settings and watches as they
were. The file is replaced atomically (a temporary file renamed over it), keeping its mode.
"""

from __future__ import annotations

import contextlib
import os
import re
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from crisiswatch.config import Config, ConfigError, FeedConfig, load_config, parse_config
from crisiswatch.errors import EditError as EditError
from crisiswatch.errors import NoSuchFeed
from crisiswatch.subscriptions.listing import (
    NAME_LIMIT,
    Skipped,
    Subscription,
    same_url_key,
)

_HEADER = re.compile(r"^\s*(\[\[?)\s*([A-Za-z0-9_.\-\"' ]+?)\s*\]\]?\s*(#.*)?$")


@dataclass(frozen=True, slots=True)
class NewFeed:
    name: str
    url: str
    tags: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Plan:
    """What an import or `add` will do: feeds to append, entries left out."""

    added: tuple[NewFeed, ...]
    skipped: tuple[Skipped, ...]


def _name_from_url(url: str) -> str:
    """A name for a feed whose list gave no title (newsboat exports none for feeds it has
    not fetched): its host and path, which tell feeds of one site apart."""
    parts = urlsplit(url)
    path = parts.path.rstrip("/")
    return (parts.netloc.lower() + path)[:NAME_LIMIT] or url[:NAME_LIMIT]


def plan(config: Config, subscriptions: list[Subscription]) -> Plan:
    """The feeds of a list that are new to `config`, each with a name no feed uses yet.

    A feed whose address is already listed (scheme and host in any case) is skipped, so an
    import can be run again; a name already taken gets " (2)", " (3)" after it.
    """
    by_url = {same_url_key(f.url): f.name for f in config.feeds}
    taken = {f.name.lower() for f in config.feeds}
    added: list[NewFeed] = []
    skipped: list[Skipped] = []
    new_keys: set[str] = set()
    for sub in subscriptions:
        key = same_url_key(sub.url)
        if key in by_url:
            where = "earlier in the list" if key in new_keys else "in feeds.toml"
            skipped.append(Skipped(sub.url, f"already {where} as {by_url[key]!r}"))
            continue
        base = sub.name or _name_from_url(sub.url)
        name, n = base, 2
        while name.lower() in taken:
            name = f"{base} ({n})"
            n += 1
        taken.add(name.lower())
        by_url[key] = name
        new_keys.add(key)
        added.append(NewFeed(name, sub.url, sub.tags))
    return Plan(tuple(added), tuple(skipped))


def render(feed: NewFeed) -> str:
    """One `[[feed]]` table as TOML text, by tomlkit (imported here: every command builds the
    parser that names this module, and only `import` and `add` write tables)."""
    import tomlkit

    table = tomlkit.table()
    table.add("name", feed.name)
    table.add("url", feed.url)
    if feed.tags:
        table.add("tags", list(feed.tags))
    aot = tomlkit.aot()
    aot.append(table)
    doc = tomlkit.document()
    doc.append("feed", aot)
    return tomlkit.dumps(doc)


def _headers(lines: list[str]) -> list[tuple[int, str]]:
    """(line index, table name without quotes or spaces) of every table header."""
    out = []
    for no, line in enumerate(lines):
        m = _HEADER.match(line)
        if m:
            out.append((no, re.sub(r"[\"' ]", "", m.group(2))))
    return out


def _is_content(line: str) -> bool:
    s = line.strip()
    return bool(s) and not s.startswith("#")


def _feed_blocks(lines: list[str]) -> list[tuple[int, int]]:
    """(header index, index after its last key line) of each `[[feed]]` with its subtables
    (`[feed.json]`); comments and blank lines after its last key belong to what follows."""
    headers = _headers(lines)
    blocks = []
    for pos, (start, name) in enumerate(headers):
        if name != "feed" or not lines[start].lstrip().startswith("[["):
            continue
        end = len(lines)
        for later, later_name in headers[pos + 1 :]:
            if not later_name.startswith("feed."):
                end = later
                break
        last = start
        for no in range(start, end):
            if _is_content(lines[no]):
                last = no
        blocks.append((start, last + 1))
    return blocks


def _insert_point(lines: list[str]) -> tuple[int, str, str]:
    """Where new tables go, and the text to put before and after them."""
    blocks = _feed_blocks(lines)
    if blocks:
        return blocks[-1][1], "\n", ""
    for no, name in _headers(lines):
        if name == "watch":
            while no > 0 and lines[no - 1].strip().startswith("#"):
                no -= 1  # the watches' own heading comment stays above them
            return no, "", "\n"
    return len(lines), "\n" if any(s.strip() for s in lines) else "", ""


def _lines(text: str) -> list[str]:
    lines = text.splitlines(keepends=True)
    if lines and not lines[-1].endswith(("\n", "\r")):
        lines[-1] += "\n"
    return lines


def with_feeds(text: str, feeds: tuple[NewFeed, ...]) -> str:
    """`text` with `feeds` appended as `[[feed]]` tables after the last one."""
    if not feeds:
        return text
    lines = _lines(text)
    at, before, after = _insert_point(lines)
    block = before + "\n".join(render(f) for f in feeds) + after
    return "".join(lines[:at]) + block + "".join(lines[at:])


def without_feed(text: str, index: int) -> str:
    """`text` without the `index`-th `[[feed]]` table (and its subtables). Comments above
    or below it are kept: they may head a section rather than describe this one feed."""
    lines = _lines(text)
    blocks = _feed_blocks(lines)
    if index >= len(blocks):
        raise EditError("feeds.toml lists its feeds in a form this command cannot edit")
    start, end = blocks[index]
    while (
        start > 0 and not lines[start - 1].strip() and (end >= len(lines) or not lines[end].strip())
    ):
        start -= 1  # one blank line where the table was, not two
    return "".join(lines[:start] + lines[end:])


def _feed_tuple(f: FeedConfig | NewFeed) -> tuple[str, str, tuple[str, ...]]:
    return (f.name, f.url, tuple(f.tags))


def _verified(
    path: Path, old: Config, text: str, expected: list[tuple[str, str, tuple[str, ...]]]
) -> None:
    """Refuse an edit whose text does not read back as the old config with the feeds changed
    as asked (an inline `feed = [...]` array, a header inside a multi-line string)."""
    refusal = (
        f"{path}: its [[feed]] tables are written in a form this command cannot edit safely; "
        "feeds.toml left as it was"
    )
    try:
        new = parse_config(text, path)
    except ConfigError as exc:
        raise EditError(f"{refusal} (the edit would read: {exc.message})") from None
    same_rest = new.settings == old.settings and new.watches == old.watches
    if not same_rest or [_feed_tuple(f) for f in new.feeds] != expected:
        raise EditError(refusal)


def read(path: Path) -> tuple[Config, str]:
    """The validated config and its text; a ConfigError if `check` would fail on it."""
    config = load_config(path)
    return config, path.read_text(encoding="utf-8")


def write_atomically(path: Path, text: str) -> None:
    """Replace the file behind `path` (through any symlink) with `text`, keeping its mode: a
    crash mid-write leaves the old file or the new one, never half of either."""
    real = path.resolve()
    tmp = real.with_name(f".{real.name}.{os.getpid()}.tmp")
    try:
        mode = real.stat().st_mode & 0o7777
    except FileNotFoundError:
        mode = 0o644
    try:
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, mode)
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as f:
            f.write(text)
            f.flush()
            os.fsync(f.fileno())
        os.chmod(tmp, mode)
        os.replace(tmp, real)
    except OSError as exc:
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise EditError(f"{path}: cannot write ({exc.strerror or exc})") from None


def add_feeds(path: Path, subscriptions: list[Subscription], *, dry_run: bool = False) -> Plan:
    """Append the new feeds of `subscriptions` to feeds.toml at `path`; what was done."""
    config, text = read(path)
    p = plan(config, subscriptions)
    if not p.added:
        return p
    new_text = with_feeds(text, p.added)
    expected = [_feed_tuple(f) for f in config.feeds] + [_feed_tuple(f) for f in p.added]
    _verified(path, config, new_text, expected)
    if not dry_run:
        write_atomically(path, new_text)
    return p


def remove_feed(path: Path, name: str) -> FeedConfig:
    """Cut the feed called `name` (case-insensitive) out of feeds.toml; the feed removed."""
    config, text = read(path)
    index = next(
        (i for i, f in enumerate(config.feeds) if f.name.lower() == name.strip().lower()), None
    )
    if index is None:
        known = ", ".join(repr(f.name) for f in config.feeds[:10]) or "none"
        raise NoSuchFeed(f"{path}: no feed named {name!r} (feeds: {known})")
    new_text = without_feed(text, index)
    expected = [_feed_tuple(f) for i, f in enumerate(config.feeds) if i != index]
    _verified(path, config, new_text, expected)
    write_atomically(path, new_text)
    return config.feeds[index]
