"""feeds.toml as frozen, typed settings; every error names the file, the line and the key."""

from __future__ import annotations

import math
import os
import re
import tomllib
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path
from typing import Any, TypeVar
from urllib.parse import urlsplit

from crisiswatch import __version__
from crisiswatch.filekind import not_regular
from crisiswatch.plaintext import header_value

T = TypeVar("T")

DEFAULT_USER_AGENT = f"crisiswatch/{__version__} (+https://pypi.org/project/crisiswatch/)"


class ConfigError(Exception):
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


class SeatMethod(StrEnum):
    """Seat allocation rules a watch can project with."""

    HARE = "hare"
    DHONDT = "dhondt"
    SAINTE_LAGUE = "sainte-lague"


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

    @property
    def host(self) -> str:
        return urlsplit(self.url).netloc.lower()


@dataclass(frozen=True, slots=True)
class Party:
    """A party on the ballot, with the other names reports use for it."""

    name: str
    aliases: tuple[str, ...] = ()


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


@dataclass(frozen=True, slots=True)
class Config:
    """The whole of a feeds.toml."""

    path: Path
    settings: Settings = field(default_factory=Settings)
    feeds: tuple[FeedConfig, ...] = ()
    watches: tuple[Watch, ...] = ()
    alerts: AlertSettings = field(default_factory=lambda: AlertSettings())
    hooks: tuple[AlertHook, ...] = ()
    """The `[[alert]]` hooks, in file order."""

    def interval_for(self, feed: FeedConfig) -> float:
        return feed.interval if feed.interval is not None else self.settings.interval


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
    return Settings(
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
    return FeedConfig(
        name=name,
        url=url,
        interval=interval,
        tags=_str_list(r, data, "tags", t, idx),
        enabled=r.get(data, "enabled", bool, t, idx, default=True),
        format=fmt,
        json=mapping,
    )


def _read_election(r: _Reader, data: Any, idx: int) -> Election:
    t = "watch"
    if not isinstance(data, dict):
        raise r.fail(t, idx, "election", "expected a table")
    allowed = {"seats", "threshold", "method", "party", "races"}
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
            if key not in ("name", "aliases"):
                raise ConfigError(
                    r.path,
                    r.lines.find("watch.election.party", idx, key, p_idx),
                    f"watch[{idx}].election.party[{p_idx}].{key}",
                    "unknown key (known keys: aliases, name)",
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
        parties.append(Party(name=name.strip(), aliases=tuple(a.strip() for a in aliases)))
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
        seats=seats, threshold=threshold, method=method, parties=tuple(parties), races=tuple(races)
    )


def _read_watch(r: _Reader, data: Any, idx: int) -> Watch:
    t = "watch"
    if not isinstance(data, dict):
        raise r.fail(t, idx, "", "expected a table")
    r.check_keys(data, {"name", "keywords", "election", "concurrent"}, t, idx)
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
    return Watch(name=name, keywords=keywords, election=election, concurrent=concurrent)


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
    r.check_keys(data, {"settings", "feed", "watch", "alerts", "alert"}, "", None)
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
        alerts=alerts,
        hooks=hooks,
    )


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
