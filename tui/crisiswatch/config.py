"""feeds.toml as frozen, typed settings; every error names the file, the line and the key."""

from __future__ import annotations

import math
import os
import re
import tomllib
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from enum import StrEnum
from pathlib import Path
from typing import Any, TypeVar
from urllib.parse import urlsplit

from crisiswatch import __version__
from crisiswatch.browser import BadBrowser, parse_browser
from crisiswatch.errors import InputError
from crisiswatch.filekind import not_regular
from crisiswatch.keymap import BadKeys, rebind
from crisiswatch.plaintext import header_value
from crisiswatch.themes import THEMES

T = TypeVar("T")

DEFAULT_USER_AGENT = f"crisiswatch/{__version__} (+https://pypi.org/project/crisiswatch/)"


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


class FeedFormat(StrEnum):
    """How to read a feed's body. `auto` sniffs RSS/RDF/Atom/JSON Feed."""

    AUTO = "auto"
    RSS = "rss"
    ATOM = "atom"
    JSONFEED = "jsonfeed"
    JSON = "json"
    RESULTS_JSON = "results-json"
    """An official results export in JSON, read through `[feed.results]`."""
    RESULTS_CSV = "results-csv"
    """An official results export in CSV, read through `[feed.results]`."""

    @property
    def results(self) -> bool:
        """A structured results export (`[feed.results]`), not a feed of stories."""
        return self in (FeedFormat.RESULTS_JSON, FeedFormat.RESULTS_CSV)


class SeatMethod(StrEnum):
    """Seat allocation rules a watch can project with."""

    HARE = "hare"
    DROOP = "droop"
    IMPERIALI_QUOTA = "imperiali-quota"
    DHONDT = "dhondt"
    SAINTE_LAGUE = "sainte-lague"
    MODIFIED_SAINTE_LAGUE = "modified-sainte-lague"
    IMPERIALI = "imperiali"


class ThresholdBase(StrEnum):
    """What a threshold is a share of: the valid votes, or every ballot cast (blank and
    invalid ones too)."""

    VALID = "valid"
    CAST = "cast"


@dataclass(frozen=True, slots=True)
class Settings:
    """Polling and storage policy shared by every feed (`[settings]`)."""

    interval: float = 600.0
    """Seconds between polls of a feed that sets no `interval` of its own ("10m")."""
    timeout: float = 20.0
    """Seconds allowed for connecting and for each read of a response ("20s")."""
    fetch_deadline: float = 60.0
    """Seconds one whole exchange may take, headers to last byte ("1m"): a server dripping a
    byte at a time never trips the per-read `timeout`, and would hold its host's slot."""
    max_connections: int = 16
    """How many feeds may be fetched at once, across all hosts."""
    per_host: int = 2
    """How many requests may be in flight to one host at once."""
    host_spacing: float = 0.5
    """Seconds between the starts of two requests to the same host, so many feeds on one host
    never arrive as a burst ("500ms", "1s")."""
    max_body: int = 5 * 1024 * 1024
    """Largest body read, in bytes, after decompression ("5MB"); a bigger one fails that poll."""
    max_items: int = 500
    """Most entries kept from one body; the rest are dropped with a warning."""
    max_backoff: float = 3600.0
    """Longest wait between retries of a failing feed ("1h"). Failing feeds are never dropped."""
    jitter: float = 0.1
    """Fraction of the interval added at random, so feeds drift apart instead of polling together."""
    user_agent: str = DEFAULT_USER_AGENT
    """Sent with every request; names crisiswatch and its version."""
    retention: float = 30 * 86400.0
    """Items older than this are pruned from the store ("30d")."""
    max_article: int = 2 * 1024 * 1024
    """Largest article page read for full text, in bytes, after decompression ("2MB")."""
    article_connections: int = 2
    """Article pages fetched at once (pollers/articles.py): their own limit, apart from feeds'."""
    ignore_robots: tuple[str, ...] = ()
    """Hosts whose robots.txt is not read before fetching an article: ones you have permission
    to fetch from. Host names as in the links ("news.example.org", "example.org:8080")."""
    browser: str | None = None
    """The command `o` opens a link with, newsboat's way ("w3m %u"); None: the system's."""
    browser_in_terminal: bool | None = None
    """Whether `browser` draws in the terminal (w3m) or opens a window; None: by its name."""
    notify_program: tuple[str, ...] = ()
    """newsboat's notify-program: run after a poll that stored new items, with a summary of
    them as its last argument and as JSON on stdin (README "Alerts"). A string is one program;
    an array is its argv."""


@dataclass(frozen=True, slots=True)
class JsonMapping:
    """Where a generic JSON wire body keeps its list and each item's fields (`[feed.json]`)."""

    items: str = "items"
    """Dotted path to the list of entries ("articles", "data.results")."""
    url: str = "url"
    title: str = "title"
    summary: str = "summary"
    published: str = "published"
    guid: str = "id"


@dataclass(frozen=True, slots=True)
class ResultsMapping:
    """Where an official results export keeps its rows, names, votes or shares and the count's
    progress (`[feed.results]`). In JSON each key is a dotted path (the row fields within a
    row, the others from the top of the document); in CSV a column of the header row (the
    progress columns read from the first row)."""

    name: str
    """The party's or candidate's name."""
    rows: str = ""
    """JSON: dotted path to the list of rows; empty for a top-level list."""
    votes: str | None = None
    share: str | None = None
    """Per cent of the vote; when absent, computed from `votes`."""
    votes_total: str | None = None
    """The votes the shares are of; when absent, the sum of the rows' votes."""
    race: str | None = None
    """The race every row is in ("parliamentary", "presidential")."""
    race_field: str | None = None
    """Where each row names its race instead."""
    reporting: str | None = None
    """Per cent of the count done."""
    counted: str | None = None
    total: str | None = None
    """Stations (precincts, protocols) counted and their total: the progress, if no `reporting`."""
    published: str | None = None
    """When the count was published; when absent, when it was fetched."""
    candidates: bool | None = None
    """Rows are candidates; by default, when the race is presidential."""
    title: str | None = None
    """The stored snapshot's headline starts with this (default the feed's name); a watch's
    keywords must match it, as for any item."""
    delimiter: str = ","
    """CSV only: the column separator."""


@dataclass(frozen=True, slots=True)
class FeedConfig:
    """One feed to poll (`[[feed]]`)."""

    name: str
    """Unique; how the feed appears in the stream and in feed health."""
    url: str
    """http(s) address of the RSS, Atom, RDF, JSON Feed or JSON wire body."""
    interval: float | None = None
    """Seconds between polls; falls back to `[settings] interval`."""
    tags: tuple[str, ...] = ()
    enabled: bool = True
    format: FeedFormat = FeedFormat.AUTO
    json: JsonMapping | None = None
    """Field mapping for `format = "json"`."""
    results: ResultsMapping | None = None
    """Row mapping for `format = "results-json"` or `"results-csv"`."""
    fulltext: bool | None = None
    """Fetch the articles of this feed's items that match a watch (True), never (False), or as
    the matching watches say (None, unset). The feed's own setting wins over the watches'."""

    @property
    def host(self) -> str:
        return urlsplit(self.url).netloc.lower()


@dataclass(frozen=True, slots=True)
class Party:
    """A party on the ballot, with the other names reports use for it."""

    name: str
    aliases: tuple[str, ...] = ()
    bloc: int = 1
    """How many parties the list joins (`bloc`): a bloc of two or more may face a higher
    threshold (`bloc_thresholds`)."""
    surplus: str | None = None
    """The party this list has a surplus agreement with (`surplus`), as Israel's lists sign:
    the two share the allocation as one list, then split their seats."""


@dataclass(frozen=True, slots=True)
class Election:
    """The election a watch follows (`[watch.election]`)."""

    seats: int
    threshold: float
    """Per cent of the vote a party needs to win seats."""
    method: SeatMethod = SeatMethod.HARE
    parties: tuple[Party, ...] = ()
    races: tuple[str, ...] = ()
    """The races the watch follows, in the order the results pane shows them (`races`); shares
    whose text names no race go to the first. Empty: one parliamentary race."""
    bloc_thresholds: tuple[tuple[int, float], ...] = ()
    """(bloc size, per cent), smallest size first: a bloc of at least that many parties needs
    that share (`bloc_thresholds = { 2 = 7, 3 = 9 }`)."""
    threshold_base: ThresholdBase = ThresholdBase.VALID
    invalid: float | None = None
    """Per cent of ballots cast that were blank or invalid, for `threshold_base = "cast"`;
    None when not known (the threshold is then measured on valid votes, and the pane says so)."""
    reserved: int = 0
    """Seats filled outside the list allocation (minority or diaspora seats), taken off `seats`."""
    districts: bool = False
    """The country allocates seats by district: a national projection is only indicative."""


RACES = ("parliamentary", "presidential")
"""The races the results reader tells apart (extract/results/races.py); seats are projected
for the parliamentary race only."""


DEFAULT_CONCURRENT = 6 * 3600.0
"""`concurrent` when a watch does not set it: six hours, about one news cycle."""


@dataclass(frozen=True, slots=True)
class Watch:
    """A crisis to follow (`[[watch]]`): items matching a keyword count toward its panes."""

    name: str
    keywords: tuple[str, ...]
    election: Election | None = None
    concurrent: float = DEFAULT_CONCURRENT
    """Seconds within which two casualty figures count as said at the same time: a higher one
    inside this window disagrees with a lower one instead of making it out of date."""
    fulltext: bool = False
    """Fetch the article behind each new item matching this watch, unless its feed says no."""


@dataclass(frozen=True, slots=True)
class Config:
    """The whole of a feeds.toml."""

    path: Path
    settings: Settings = field(default_factory=Settings)
    feeds: tuple[FeedConfig, ...] = ()
    watches: tuple[Watch, ...] = ()
    keys: tuple[tuple[str, tuple[str, ...]], ...] = ()
    """`[keys]`: actions rebound, each with its keys as Textual names them (keymap.py)."""
    theme: str | None = None
    """`[ui] theme`: one of Textual's built-in themes; None leaves Textual's default."""
    alerts: AlertSettings = field(default_factory=lambda: AlertSettings())
    hooks: tuple[AlertHook, ...] = ()
    """The `[[alert]]` hooks, in file order."""

    def interval_for(self, feed: FeedConfig) -> float:
        return feed.interval if feed.interval is not None else self.settings.interval

    def wants_article(self, feed: FeedConfig, watches: tuple[str, ...]) -> bool:
        """Whether an item of `feed` matching `watches` (by name) gets its article fetched: only
        an item that matches a watch; then the feed's `fulltext` if set, else any matching
        watch's."""
        if not watches or feed.fulltext is False:
            return False
        if feed.fulltext:
            return True
        return any(w.fulltext and w.name in watches for w in self.watches)


_DURATION = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*(ms|s|m|h|d)?\s*$")
_DURATION_UNITS = {"ms": 0.001, "s": 1.0, "m": 60.0, "h": 3600.0, "d": 86400.0, None: 1.0}
_SIZE = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*(B|KB|MB|GB|KiB|MiB|GiB)?\s*$", re.IGNORECASE)
_SIZE_UNITS = {
    "b": 1,
    "kb": 1000,
    "mb": 10**6,
    "gb": 10**9,
    "kib": 1024,
    "mib": 2**20,
    "gib": 2**30,
}

MIN_INTERVAL = 30.0
MAX_INTERVAL = 7 * 86400.0


def parse_duration(value: object) -> float:
    """Seconds from "90s", "2m", "1h", "30d" or a bare number of seconds."""
    if isinstance(value, bool):
        raise ValueError('expected a duration such as "90s", "2m" or "1h"')
    if isinstance(value, int | float):
        return float(value)
    if isinstance(value, str):
        m = _DURATION.match(value)
        if m:
            return float(m.group(1)) * _DURATION_UNITS[m.group(2)]
    raise ValueError(f'{value!r} is not a duration such as "90s", "2m" or "1h"')


def parse_size(value: object) -> int:
    """Bytes from "5MB", "512KiB" or a bare integer."""
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    if isinstance(value, str):
        m = _SIZE.match(value)
        if m:
            size = float(m.group(1)) * _SIZE_UNITS[(m.group(2) or "b").lower()]
            # float() of 400 digits is inf, and int(inf) raises OverflowError.
            if math.isfinite(size):
                return int(size)
    raise ValueError(f'{value!r} is not a size such as "5MB"')


class _Lines:
    """Finds the line of a key in the raw TOML text, since tomllib keeps no positions."""

    _HEADER = re.compile(r"^\s*(\[\[?)\s*([A-Za-z0-9_.\-\" ]+?)\s*\]\]?\s*(#.*)?$")

    def __init__(self, text: str) -> None:
        self.lines = text.splitlines()

    def _headers(self) -> list[tuple[int, str, bool]]:
        out = []
        for no, line in enumerate(self.lines, 1):
            m = self._HEADER.match(line)
            if m:
                out.append((no, m.group(2).replace('"', "").replace(" ", ""), m.group(1) == "[["))
        return out

    def find(
        self, table: str, index: int | None, key: str | None, sub_index: int = 0
    ) -> int | None:
        """Line of `key` in a table, or of the table's header if `key` is None.

        `table` is dotted ("watch.election.party"); `index` picks the n-th header of its first
        part ("[[watch]]" number `index`), `sub_index` the n-th header of the full name within it.
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
            return headers[top_pos][0]
        pos = candidates[min(sub_index, len(candidates) - 1)]
        start = headers[pos][0]
        end = headers[pos + 1][0] - 1 if pos + 1 < len(headers) else len(self.lines)
        if key is None:
            return start
        return self._key_line(key, start + 1, end) or start

    def _key_line(self, key: str, first: int, last: int) -> int | None:
        pattern = re.compile(rf"^\s*[\"']?{re.escape(key)}[\"']?\s*=")
        for no in range(first, last + 1):
            if pattern.match(self.lines[no - 1]):
                return no
        return None


class _Reader:
    """Walks the parsed TOML, turning each bad value into a ConfigError with its line."""

    def __init__(self, path: Path, text: str) -> None:
        self.path = path
        self.lines = _Lines(text)

    def fail(self, table: str, index: int | None, key: str, message: str) -> ConfigError:
        line = self.lines.find(table, index, key.split(".")[-1] if key else None)
        label = _label(table, index, key)
        return ConfigError(self.path, line, label, message)

    def check_keys(
        self, data: Mapping[str, Any], allowed: set[str], table: str, index: int | None
    ) -> None:
        for key in data:
            if key not in allowed:
                known = ", ".join(sorted(allowed))
                raise self.fail(table, index, key, f"unknown key (known keys: {known})")

    def get(
        self,
        data: Mapping[str, Any],
        key: str,
        kind: type[T] | tuple[type, ...],
        table: str,
        index: int | None,
        default: T | None = None,
        required: bool = False,
    ) -> Any:
        if key not in data:
            if required:
                line = self.lines.find(table, index, None)
                raise ConfigError(
                    self.path, line, _label(table, index, key), "missing required key"
                )
            return default
        value = data[key]
        kinds = kind if isinstance(kind, tuple) else (kind,)
        # bool is an int in Python, but `seats = true` is a mistake, not 1.
        ok = isinstance(value, kinds) and not (isinstance(value, bool) and bool not in kinds)
        if not ok:
            names = " or ".join(_type_name(k) for k in kinds)
            raise self.fail(table, index, key, f"expected {names}, got {_type_name(type(value))}")
        return value

    def convert(
        self,
        data: Mapping[str, Any],
        key: str,
        fn: Callable[[object], T],
        table: str,
        index: int | None,
        default: T,
    ) -> T:
        if key not in data:
            return default
        try:
            return fn(data[key])
        except ValueError as exc:
            raise self.fail(table, index, key, str(exc)) from None


def _label(table: str, index: int | None, key: str) -> str:
    first, _, rest = table.partition(".")
    head = f"{first}[{index}]" if index is not None else first
    if rest:
        head = f"{head}.{rest}"
    return f"{head}.{key}" if head and key else (head or key)


def _type_name(t: type) -> str:
    return {
        str: "a string",
        int: "an integer",
        float: "a number",
        bool: "true or false",
        list: "an array",
        dict: "a table",
    }.get(t, t.__name__)


def _str_list(
    r: _Reader, data: Mapping[str, Any], key: str, table: str, idx: int | None
) -> tuple[str, ...]:
    values = r.get(data, key, list, table, idx, default=[])
    for v in values:
        if not isinstance(v, str) or not v.strip():
            raise r.fail(table, idx, key, "expected an array of non-empty strings")
    return tuple(values)


def _read_settings(r: _Reader, data: Mapping[str, Any]) -> Settings:
    t = "settings"
    d = Settings()
    r.check_keys(data, set(Settings.__dataclass_fields__), t, None)

    def positive_int(key: str, default: int) -> int:
        v = r.get(data, key, int, t, None, default=default)
        if v < 1:
            raise r.fail(t, None, key, "must be at least 1")
        return int(v)

    interval = r.convert(data, "interval", parse_duration, t, None, d.interval)
    if not MIN_INTERVAL <= interval <= MAX_INTERVAL:
        raise r.fail(t, None, "interval", "out of range (30s to 7d)")
    timeout = r.convert(data, "timeout", parse_duration, t, None, d.timeout)
    if not 1 <= timeout <= 600:
        raise r.fail(t, None, "timeout", "out of range (1s to 10m)")
    fetch_deadline = r.convert(data, "fetch_deadline", parse_duration, t, None, d.fetch_deadline)
    if not 1 <= fetch_deadline <= 3600:
        raise r.fail(t, None, "fetch_deadline", "out of range (1s to 1h)")
    spacing = r.convert(data, "host_spacing", parse_duration, t, None, d.host_spacing)
    if not 0 <= spacing <= 60:
        raise r.fail(t, None, "host_spacing", "out of range (0s to 60s)")
    max_body = r.convert(data, "max_body", parse_size, t, None, d.max_body)
    if not 1024 <= max_body <= 1024**3:
        raise r.fail(t, None, "max_body", "out of range (1KB to 1GiB)")
    max_backoff = r.convert(data, "max_backoff", parse_duration, t, None, d.max_backoff)
    if not 60 <= max_backoff <= 86400:
        raise r.fail(t, None, "max_backoff", "out of range (1m to 1d)")
    retention = r.convert(data, "retention", parse_duration, t, None, d.retention)
    if retention < 3600:
        raise r.fail(t, None, "retention", "must be at least 1h")
    max_article = r.convert(data, "max_article", parse_size, t, None, d.max_article)
    if not 1024 <= max_article <= 100 * 1024**2:
        raise r.fail(t, None, "max_article", "out of range (1KB to 100MiB)")
    ignore_robots = _str_list(r, data, "ignore_robots", t, None)
    for host in ignore_robots:
        if not re.fullmatch(r"[A-Za-z0-9.\-]+(:\d{1,5})?|\[[0-9A-Fa-f:.]+\](:\d{1,5})?", host):
            raise r.fail(
                t, None, "ignore_robots", f"{host!r} is not a host name (like news.example.org)"
            )
    jitter = float(r.get(data, "jitter", (int, float), t, None, default=d.jitter))
    if not 0 <= jitter <= 1:
        raise r.fail(t, None, "jitter", "must be between 0 and 1")
    ua = r.get(data, "user_agent", str, t, None, default=d.user_agent).strip(" \t")
    if not ua.strip():
        raise r.fail(t, None, "user_agent", "must not be empty")
    if header_value(ua) is None:
        # Sent as is in every request: a CR or LF would fail each poll with a protocol error
        # (or, with a laxer client, smuggle a header), and httpx encodes header values as ASCII.
        raise r.fail(
            t,
            None,
            "user_agent",
            "must be printable ASCII on one line (it is sent as an HTTP header)",
        )
    browser = r.get(data, "browser", str, t, None, default=None)
    if browser is not None:
        try:
            parse_browser(browser)
        except BadBrowser as exc:
            raise r.fail(t, None, "browser", str(exc)) from None
    in_terminal = r.get(data, "browser_in_terminal", bool, t, None, default=None)
    return Settings(
        browser=browser,
        browser_in_terminal=in_terminal,
        interval=interval,
        timeout=timeout,
        fetch_deadline=fetch_deadline,
        max_connections=positive_int("max_connections", d.max_connections),
        per_host=positive_int("per_host", d.per_host),
        host_spacing=spacing,
        max_body=max_body,
        max_items=positive_int("max_items", d.max_items),
        max_backoff=max_backoff,
        jitter=jitter,
        user_agent=ua,
        retention=retention,
        max_article=max_article,
        article_connections=positive_int("article_connections", d.article_connections),
        ignore_robots=tuple(h.lower() for h in ignore_robots),
        notify_program=_argv(r, data, "notify_program", t, None),
    )


def _read_json_mapping(r: _Reader, data: Any, idx: int) -> JsonMapping:
    t = "feed.json"
    if not isinstance(data, dict):
        raise r.fail("feed", idx, "json", "expected a table")
    r.check_keys(data, set(JsonMapping.__dataclass_fields__), "feed", idx)
    d = JsonMapping()
    values = {
        k: r.get(data, k, str, "feed", idx, default=getattr(d, k))
        for k in JsonMapping.__dataclass_fields__
    }
    del t
    return JsonMapping(**values)


def _read_feed(r: _Reader, data: Any, idx: int, settings: Settings) -> FeedConfig:
    t = "feed"
    if not isinstance(data, dict):
        raise r.fail(t, idx, "", "expected a table")
    r.check_keys(data, set(FeedConfig.__dataclass_fields__), t, idx)
    name = r.get(data, "name", str, t, idx, required=True).strip()
    if not name:
        raise r.fail(t, idx, "name", "must not be empty")
    url = r.get(data, "url", str, t, idx, required=True).strip()
    try:
        parts = urlsplit(url)
    except ValueError as exc:  # e.g. "Invalid IPv6 URL" for http://[::1/rss
        raise r.fail(t, idx, "url", f"{url!r} is not a valid URL ({exc})") from None
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise r.fail(t, idx, "url", f"{url!r} is not an http(s) URL")
    interval = None
    if "interval" in data:
        interval = r.convert(data, "interval", parse_duration, t, idx, 0.0)
        if not MIN_INTERVAL <= interval <= MAX_INTERVAL:
            raise r.fail(t, idx, "interval", "out of range (30s to 7d)")
    fmt_raw = r.get(data, "format", str, t, idx, default="auto")
    try:
        fmt = FeedFormat(fmt_raw)
    except ValueError:
        allowed = ", ".join(f.value for f in FeedFormat)
        raise r.fail(t, idx, "format", f"{fmt_raw!r} is not one of {allowed}") from None
    mapping = _read_json_mapping(r, data["json"], idx) if "json" in data else None
    if fmt is FeedFormat.JSON and mapping is None:
        mapping = JsonMapping()
    results = _read_results_mapping(r, data.get("results"), idx, fmt)
    if results is not None and results.title is None:
        results = replace(results, title=name)
    return FeedConfig(
        name=name,
        url=url,
        interval=interval,
        tags=_str_list(r, data, "tags", t, idx),
        enabled=r.get(data, "enabled", bool, t, idx, default=True),
        format=fmt,
        json=mapping,
        results=results,
        fulltext=r.get(data, "fulltext", bool, t, idx, default=None),
    )


def _read_results_mapping(
    r: _Reader, data: Any, idx: int, fmt: FeedFormat
) -> ResultsMapping | None:
    """`[feed.results]`: required by the two results formats, refused by every other."""
    t = "feed.results"
    if data is None:
        if fmt.results:
            raise ConfigError(
                r.path,
                r.lines.find("feed", idx, "format"),
                f"feed[{idx}].results",
                f'format = "{fmt.value}" needs a [feed.results] table (at least `name`, and '
                "`votes` or `share`)",
            )
        return None
    if not fmt.results:
        raise r.fail(t, idx, "", 'only for format = "results-json" or "results-csv"')
    if not isinstance(data, dict):
        raise r.fail("feed", idx, "results", "expected a table")
    fields = ResultsMapping.__dataclass_fields__
    for key in data:
        if key not in fields:
            raise r.fail(t, idx, key, f"unknown key (known keys: {', '.join(sorted(fields))})")
    values: dict[str, Any] = {}
    for key in fields:
        if key == "candidates":
            values[key] = r.get(data, key, bool, t, idx, default=None)
            continue
        value = r.get(data, key, str, t, idx, default=None, required=key == "name")
        if value is not None:
            value = value if key == "delimiter" else value.strip()
            if not value and key != "rows":
                raise r.fail(t, idx, key, "must not be empty")
            values[key] = value
    if "votes" not in values and "share" not in values:
        raise r.fail(t, idx, "name", "a results feed needs `votes` or `share` (or both)")
    if "race" in values and values["race"] not in RACES:
        raise r.fail(
            t,
            idx,
            "race",
            f"{values['race']!r} is not a race crisiswatch reads ({', '.join(RACES)})",
        )
    if "race" in values and "race_field" in values:
        raise r.fail(t, idx, "race_field", "give `race` or `race_field`, not both")
    if ("counted" in values) != ("total" in values):
        raise r.fail(
            t,
            idx,
            "counted" if "counted" in values else "total",
            "`counted` and `total` go together",
        )
    if "reporting" in values and "counted" in values:
        raise r.fail(t, idx, "counted", "give `reporting` or `counted` and `total`, not both")
    if "delimiter" in values:
        if fmt is not FeedFormat.RESULTS_CSV:
            raise r.fail(t, idx, "delimiter", 'only for format = "results-csv"')
        if len(values["delimiter"]) != 1 or values["delimiter"] in '"\r\n':
            raise r.fail(t, idx, "delimiter", "must be one character (not a quote or newline)")
    if fmt is FeedFormat.RESULTS_CSV and values.get("rows"):
        raise r.fail(
            t, idx, "rows", 'only for format = "results-json" (a CSV\'s rows are its lines)'
        )
    return ResultsMapping(**values)


def _read_election(r: _Reader, data: Any, idx: int) -> Election:
    t = "watch"
    if not isinstance(data, dict):
        raise r.fail(t, idx, "election", "expected a table")
    allowed = {"seats", "threshold", "method", "party", "races", *SEAT_RULE_KEYS}
    for key in data:
        if key not in allowed:
            line = r.lines.find("watch.election", idx, key)
            raise ConfigError(
                r.path,
                line,
                f"watch[{idx}].election.{key}",
                f"unknown key (known keys: {', '.join(sorted(allowed))})",
            )
    seats = r.get(data, "seats", int, "watch.election", idx, required=True)
    if not 1 <= seats <= 10000:
        raise r.fail("watch.election", idx, "seats", "out of range (1 to 10000)")
    threshold = float(r.get(data, "threshold", (int, float), "watch.election", idx, default=0.0))
    if not 0 <= threshold < 100:
        raise r.fail("watch.election", idx, "threshold", "must be a percentage from 0 to 100")
    method_raw = r.get(data, "method", str, "watch.election", idx, default="hare")
    try:
        method = SeatMethod(method_raw)
    except ValueError:
        allowed_m = ", ".join(m.value for m in SeatMethod)
        raise r.fail(
            "watch.election", idx, "method", f"{method_raw!r} is not one of {allowed_m}"
        ) from None
    parties = []
    seen: set[str] = set()
    for p_idx, p in enumerate(r.get(data, "party", list, "watch.election", idx, default=[])):
        if not isinstance(p, dict):
            raise r.fail("watch.election", idx, "party", "expected [[watch.election.party]] tables")
        for key in p:
            if key not in ("name", "aliases", "bloc", "surplus"):
                raise ConfigError(
                    r.path,
                    r.lines.find("watch.election.party", idx, key, p_idx),
                    f"watch[{idx}].election.party[{p_idx}].{key}",
                    "unknown key (known keys: aliases, bloc, name, surplus)",
                )
        name = p.get("name")
        if not isinstance(name, str) or not name.strip():
            raise ConfigError(
                r.path,
                r.lines.find("watch.election.party", idx, "name", p_idx),
                f"watch[{idx}].election.party[{p_idx}].name",
                "expected a non-empty string",
            )
        if name.lower() in seen:
            raise ConfigError(
                r.path,
                r.lines.find("watch.election.party", idx, "name", p_idx),
                f"watch[{idx}].election.party[{p_idx}].name",
                f"duplicate party {name!r}",
            )
        seen.add(name.lower())
        aliases = p.get("aliases", [])
        if not isinstance(aliases, list) or not all(
            isinstance(a, str) and a.strip() for a in aliases
        ):
            raise ConfigError(
                r.path,
                r.lines.find("watch.election.party", idx, "aliases", p_idx),
                f"watch[{idx}].election.party[{p_idx}].aliases",
                "expected an array of non-empty strings",
            )
        bloc = _read_bloc(r, p, idx, p_idx)
        surplus = p.get("surplus")
        if surplus is not None and (not isinstance(surplus, str) or not surplus.strip()):
            raise ConfigError(
                r.path,
                r.lines.find("watch.election.party", idx, "surplus", p_idx),
                f"watch[{idx}].election.party[{p_idx}].surplus",
                "expected the name of another party of this election",
            )
        parties.append(
            Party(
                name=name.strip(),
                aliases=tuple(a.strip() for a in aliases),
                bloc=bloc,
                surplus=surplus.strip() if surplus else None,
            )
        )
    _check_surplus(r, parties, idx)
    races = r.get(data, "races", list, "watch.election", idx, default=[])
    for race in races:
        if not isinstance(race, str) or race not in RACES:
            raise r.fail(
                "watch.election",
                idx,
                "races",
                f"{race!r} is not a race crisiswatch reads (known: {', '.join(RACES)})",
            )
    if len(set(races)) != len(races):
        raise r.fail("watch.election", idx, "races", "a race is listed twice")
    return Election(
        seats=seats,
        threshold=threshold,
        method=method,
        parties=tuple(parties),
        races=tuple(races),
        **_read_seat_rules(r, data, idx, seats),
    )


SEAT_RULE_KEYS = ("bloc_thresholds", "threshold_base", "invalid", "reserved", "districts")
"""The `[watch.election]` keys of the seat rules beyond method, seats and threshold."""


def _check_surplus(r: _Reader, parties: list[Party], idx: int) -> None:
    """Each `surplus` names another party of the election, and no party is in two agreements
    (A with B and B with A is one agreement, written on either side or both)."""
    names = {p.name.casefold(): p.name for p in parties}
    partner: dict[str, str] = {}
    for p_idx, p in enumerate(parties):
        if p.surplus is None:
            continue
        other = p.surplus.casefold()
        problem = ""
        if other not in names:
            problem = f"{p.surplus!r} is not a party of this election"
        elif other == p.name.casefold():
            problem = "a party cannot have a surplus agreement with itself"
        else:
            for a, b in ((p.name.casefold(), other), (other, p.name.casefold())):
                if partner.get(a, b) != b:
                    problem = (
                        f"{names[a]!r} already has a surplus agreement with {names[partner[a]]!r}"
                    )
                    break
                partner[a] = b
        if problem:
            raise ConfigError(
                r.path,
                r.lines.find("watch.election.party", idx, "surplus", p_idx),
                f"watch[{idx}].election.party[{p_idx}].surplus",
                problem,
            )


def _read_bloc(r: _Reader, p: Mapping[str, Any], idx: int, p_idx: int) -> int:
    """A party's `bloc`: how many parties its list joins (1 to 50)."""
    bloc = p.get("bloc", 1)
    if isinstance(bloc, bool) or not isinstance(bloc, int) or not 1 <= bloc <= 50:
        raise ConfigError(
            r.path,
            r.lines.find("watch.election.party", idx, "bloc", p_idx),
            f"watch[{idx}].election.party[{p_idx}].bloc",
            "expected a whole number of parties from 1 to 50",
        )
    return bloc


def _read_seat_rules(r: _Reader, data: Mapping[str, Any], idx: int, seats: int) -> dict[str, Any]:
    """Bloc thresholds, the threshold's base, blank and invalid ballots, reserved seats and
    the district flag, each checked like every key."""
    t = "watch.election"
    raw = r.get(data, "bloc_thresholds", dict, t, idx, default={})
    blocs: list[tuple[int, float]] = []
    for size, pct in raw.items():
        if not size.isdigit() or not 2 <= int(size) <= 50:
            raise r.fail(t, idx, "bloc_thresholds", f"{size!r} is not a bloc size from 2 to 50")
        if isinstance(pct, bool) or not isinstance(pct, int | float) or not 0 <= pct < 100:
            raise r.fail(
                t,
                idx,
                "bloc_thresholds",
                f"the threshold for {size} must be a percentage from 0 to 100",
            )
        blocs.append((int(size), float(pct)))
    base_raw = r.get(data, "threshold_base", str, t, idx, default="valid")
    try:
        base = ThresholdBase(base_raw)
    except ValueError:
        known = ", ".join(b.value for b in ThresholdBase)
        raise r.fail(t, idx, "threshold_base", f"{base_raw!r} is not one of {known}") from None
    invalid = r.get(data, "invalid", (int, float), t, idx, default=None)
    if invalid is not None and not 0 <= invalid < 100:
        raise r.fail(t, idx, "invalid", "must be a percentage from 0 to 100 of the ballots cast")
    reserved = r.get(data, "reserved", int, t, idx, default=0)
    if not 0 <= reserved < seats:
        raise r.fail(t, idx, "reserved", f"out of range (0 to {seats - 1}, fewer than seats)")
    return {
        "bloc_thresholds": tuple(sorted(blocs)),
        "threshold_base": base,
        "invalid": None if invalid is None else float(invalid),
        "reserved": reserved,
        "districts": r.get(data, "districts", bool, t, idx, default=False),
    }


def _read_watch(r: _Reader, data: Any, idx: int) -> Watch:
    t = "watch"
    if not isinstance(data, dict):
        raise r.fail(t, idx, "", "expected a table")
    r.check_keys(data, {"name", "keywords", "election", "concurrent", "fulltext"}, t, idx)
    name = r.get(data, "name", str, t, idx, required=True).strip()
    if not name:
        raise r.fail(t, idx, "name", "must not be empty")
    keywords = _str_list(r, data, "keywords", t, idx)
    if not keywords:
        raise r.fail(t, idx, "keywords", "a watch needs at least one keyword")
    election = _read_election(r, data["election"], idx) if "election" in data else None
    concurrent = r.convert(data, "concurrent", parse_duration, t, idx, DEFAULT_CONCURRENT)
    if not 0 <= concurrent <= 7 * 86400:
        raise r.fail(t, idx, "concurrent", "out of range (0s to 7d)")
    return Watch(
        name=name,
        keywords=keywords,
        election=election,
        concurrent=concurrent,
        fulltext=r.get(data, "fulltext", bool, t, idx, default=False),
    )


@dataclass(frozen=True, slots=True)
class AlertSettings:
    """How the TUI says a headline figure changed (`[alerts]`)."""

    toast: bool = True
    """A notification in the corner of the screen (Textual's toast)."""
    bell: bool = True
    """The terminal bell."""


ALERT_KINDS = ("count", "disagreement", "results", "status")
"""What an `[[alert]]` hook's `kinds` may name (alerts/changes.py, ChangeKind)."""
DEFAULT_HOOK_TIMEOUT = 10.0
"""Seconds a hook may run before it is killed, when it sets no `timeout`."""


@dataclass(frozen=True, slots=True)
class AlertHook:
    """A command run with each change as JSON on stdin (`[[alert]]`)."""

    command: tuple[str, ...]
    """The argv, run without a shell."""
    watch: str | None = None
    """Only this watch's changes; None for every watch."""
    kinds: tuple[str, ...] = ()
    """Only these kinds of change; empty for every kind."""
    timeout: float = DEFAULT_HOOK_TIMEOUT


def _argv(
    r: _Reader, data: Mapping[str, Any], key: str, table: str, idx: int | None
) -> tuple[str, ...]:
    """A program as a string (one path, newsboat's way) or an array (its argv)."""
    if key not in data:
        return ()
    value = data[key]
    if isinstance(value, str):
        value = [value]
    if (
        not isinstance(value, list)
        or not value
        or not all(isinstance(v, str) and v and "\x00" not in v for v in value)
        or not value[0].strip()
    ):
        raise r.fail(table, idx, key, "expected a program: a string or an array of strings")
    return tuple(value)


def _read_alerts(r: _Reader, data: Mapping[str, Any]) -> AlertSettings:
    t = "alerts"
    r.check_keys(data, set(AlertSettings.__dataclass_fields__), t, None)
    d = AlertSettings()
    return AlertSettings(
        toast=r.get(data, "toast", bool, t, None, default=d.toast),
        bell=r.get(data, "bell", bool, t, None, default=d.bell),
    )


def _read_hook(r: _Reader, data: Any, idx: int, watch_names: Mapping[str, str]) -> AlertHook:
    t = "alert"
    if not isinstance(data, dict):
        raise r.fail(t, idx, "", "expected a table")
    r.check_keys(data, set(AlertHook.__dataclass_fields__), t, idx)
    if "command" not in data:
        raise ConfigError(
            r.path, r.lines.find(t, idx, None), f"alert[{idx}].command", "missing required key"
        )
    if not isinstance(data["command"], list):
        raise r.fail(t, idx, "command", "expected an array of strings (argv, no shell)")
    command = _argv(r, data, "command", t, idx)
    watch = r.get(data, "watch", str, t, idx, default=None)
    if watch is not None and watch.strip().lower() not in watch_names:
        raise r.fail(t, idx, "watch", f"no [[watch]] named {watch!r}")
    kinds = _str_list(r, data, "kinds", t, idx)
    for kind in kinds:
        if kind not in ALERT_KINDS:
            raise r.fail(t, idx, "kinds", f"{kind!r} is not one of {', '.join(ALERT_KINDS)}")
    timeout = r.convert(data, "timeout", parse_duration, t, idx, DEFAULT_HOOK_TIMEOUT)
    if not 0.1 <= timeout <= 600:
        raise r.fail(t, idx, "timeout", "out of range (100ms to 10m)")
    return AlertHook(
        command=command,
        watch=None if watch is None else watch_names[watch.strip().lower()],
        kinds=tuple(dict.fromkeys(kinds)),
        timeout=timeout,
    )


def parse_config(text: str, path: Path) -> Config:
    """Build a Config from TOML text; `path` is only used to name the file in errors."""
    try:
        data = tomllib.loads(text)
    except RecursionError:
        # tomllib recurses per nesting level; a hostile file nests deeper than the stack.
        raise ConfigError(path, None, "toml", "arrays or tables nested too deeply") from None
    except tomllib.TOMLDecodeError as exc:
        m = re.search(r"line (\d+)", str(exc))
        line = int(m.group(1)) if m else None
        msg = re.sub(r"\s*\(at line \d+, column \d+\)", "", str(exc))
        raise ConfigError(path, line, "toml", msg) from None
    r = _Reader(path, text)
    r.check_keys(data, {"settings", "feed", "watch", "keys", "ui", "alerts", "alert"}, "", None)
    settings_raw = r.get(data, "settings", dict, "", None, default={})
    settings = _read_settings(r, settings_raw)
    feeds: list[FeedConfig] = []
    names: dict[str, int] = {}
    for idx, raw in enumerate(r.get(data, "feed", list, "", None, default=[])):
        feed = _read_feed(r, raw, idx, settings)
        if feed.name.lower() in names:
            raise r.fail(
                "feed",
                idx,
                "name",
                f"duplicate feed name {feed.name!r} (first used by feed[{names[feed.name.lower()]}])",
            )
        names[feed.name.lower()] = idx
        feeds.append(feed)
    watches: list[Watch] = []
    watch_names: set[str] = set()
    for idx, raw in enumerate(r.get(data, "watch", list, "", None, default=[])):
        watch = _read_watch(r, raw, idx)
        if watch.name.lower() in watch_names:
            raise r.fail("watch", idx, "name", f"duplicate watch name {watch.name!r}")
        watch_names.add(watch.name.lower())
        watches.append(watch)
    keys = _read_keys(r, r.get(data, "keys", dict, "", None, default={}))
    theme = _read_theme(r, r.get(data, "ui", dict, "", None, default={}))
    alerts = _read_alerts(r, r.get(data, "alerts", dict, "", None, default={}))
    hooks = tuple(
        _read_hook(r, raw, idx, {w.name.lower(): w.name for w in watches})
        for idx, raw in enumerate(r.get(data, "alert", list, "", None, default=[]))
    )
    return Config(
        path=path,
        settings=settings,
        feeds=tuple(feeds),
        watches=tuple(watches),
        keys=keys,
        theme=theme,
        alerts=alerts,
        hooks=hooks,
    )


def _read_keys(r: _Reader, data: Mapping[str, Any]) -> tuple[tuple[str, tuple[str, ...]], ...]:
    """`[keys]`: action = "key" or ["key", ...]; see keymap.py for what is refused."""
    raw: dict[str, list[str]] = {}
    for action, value in data.items():
        keys = [value] if isinstance(value, str) else value
        if not isinstance(keys, list) or not all(isinstance(k, str) for k in keys):
            raise r.fail("keys", None, action, "expected a key name or an array of key names")
        raw[action] = keys
    try:
        return tuple(rebind(raw).items())
    except BadKeys as exc:
        raise r.fail("keys", None, exc.action, str(exc)) from None


def _read_theme(r: _Reader, data: Mapping[str, Any]) -> str | None:
    r.check_keys(data, {"theme"}, "ui", None)
    theme: str | None = r.get(data, "theme", str, "ui", None, default=None)
    if theme is not None and theme not in THEMES:
        raise r.fail("ui", None, "theme", f"unknown theme (known: {', '.join(sorted(THEMES))})")
    return theme


MAX_CONFIG_BYTES = 1 << 20
"""feeds.toml is read up to 1 MiB: a thousand feeds take about 100 KB, and a path that never
ends (a symlink to /dev/zero, a FIFO left open) must not hang the command or eat memory."""


def _read_config_bytes(path: Path) -> bytes:
    """The file's bytes, if it is a regular file of at most MAX_CONFIG_BYTES.

    Opened non-blocking so a FIFO with no writer is refused instead of waiting forever, and
    checked with fstat on the open file, so what is read is what was checked (no race with a
    rename), whatever symlinks led to it.
    """
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    except FileNotFoundError:
        raise ConfigError(path, None, "file", "no such file") from None
    except OSError as exc:
        raise ConfigError(path, None, "file", exc.strerror or str(exc)) from None
    try:
        kind = not_regular(os.fstat(fd).st_mode)
        if kind is not None:
            raise ConfigError(path, None, "file", f"not a regular file ({kind})")
        with os.fdopen(fd, "rb", closefd=False) as f:
            raw = f.read(MAX_CONFIG_BYTES + 1)
    except OSError as exc:
        raise ConfigError(path, None, "file", exc.strerror or str(exc)) from None
    finally:
        os.close(fd)
    if len(raw) > MAX_CONFIG_BYTES:
        raise ConfigError(path, None, "file", "larger than 1 MiB: not a feeds.toml")
    return raw


def load_config(path: Path) -> Config:
    """Read and validate a feeds.toml file."""
    raw = _read_config_bytes(path)
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise ConfigError(path, line, "file", "not valid UTF-8") from None
    return parse_config(text, path)
