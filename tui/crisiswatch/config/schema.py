"""feeds.toml's schema, declared once: each dataclass is a table, each field a key, and its
Annotated rules (rules.py) say how the key is read, checked and worded when refused; walk.py
reads any table from these declarations alone. What spans keys (a surplus names another party
of the election) is each class's after-check, at the end of this file."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Annotated, Any
from urllib.parse import urlsplit

from crisiswatch import __version__
from crisiswatch.browser import parse_browser
from crisiswatch.config.rules import (
    ARGV,
    AT_LEAST_ONE,
    GIVEN,
    PROGRAM,
    STRIP,
    TEXT,
    As,
    Bad,
    Check,
    Parse,
    Table,
    after,
    duration,
    each,
    expected,
    members,
    once_each,
    one_of,
    parse_duration,
    percent,
    size,
    text,
    unique,
    within,
)
from crisiswatch.config.words import ALERT_KINDS, RACES, FeedFormat, SeatMethod, ThresholdBase
from crisiswatch.keymap import BadKeys, rebind
from crisiswatch.plaintext import header_value
from crisiswatch.themes import THEMES

DEFAULT_USER_AGENT = f"crisiswatch/{__version__} (+https://pypi.org/project/crisiswatch/)"

INTERVAL = duration("30s", "7d")
"""A feed's polling interval, in `[settings]` and on each feed."""
MIN_INTERVAL = parse_duration("30s")
MAX_INTERVAL = parse_duration("7d")

RACE_LIST = members(RACES, "{} is not a race crisiswatch reads (known: " + ", ".join(RACES) + ")")

DEFAULT_CONCURRENT = 6 * 3600.0
"""`concurrent` when a watch does not set it: six hours, about one news cycle."""

DEFAULT_HOOK_TIMEOUT = 10.0
"""Seconds a hook may run before it is killed, when it sets no `timeout`."""


@dataclass(frozen=True, slots=True)
class Settings:
    """Polling and storage policy shared by every feed (`[settings]`)."""

    interval: Annotated[float, INTERVAL] = 600.0
    """Seconds between polls of a feed that sets no `interval` of its own ("10m")."""
    timeout: Annotated[float, duration("1s", "10m")] = 20.0
    """Seconds allowed for connecting and for each read of a response ("20s")."""
    fetch_deadline: Annotated[float, duration("1s", "1h")] = 60.0
    """Seconds one whole exchange may take, headers to last byte ("1m"): a server dripping a
    byte at a time never trips the per-read `timeout`, and would hold its host's slot."""
    max_connections: Annotated[int, AT_LEAST_ONE] = 16
    """How many feeds may be fetched at once, across all hosts."""
    per_host: Annotated[int, AT_LEAST_ONE] = 2
    """How many requests may be in flight to one host at once."""
    host_spacing: Annotated[float, duration("0s", "60s")] = 0.5
    """Seconds between the starts of two requests to the same host, so many feeds on one host
    never arrive as a burst ("500ms", "1s")."""
    max_body: Annotated[int, size(1024, 1024**3, "1KB to 1GiB")] = 5 * 1024 * 1024
    """Largest body read, in bytes, after decompression ("5MB"); a bigger one fails that poll."""
    max_items: Annotated[int, AT_LEAST_ONE] = 500
    """Most entries kept from one body; the rest are dropped with a warning."""
    max_backoff: Annotated[float, duration("1m", "1d")] = 3600.0
    """Longest wait between retries of a failing feed ("1h"). Failing feeds are never dropped."""
    jitter: Annotated[float, within(0, 1, "must be between 0 and 1")] = 0.1
    """Fraction of the interval added at random, so feeds drift apart instead of polling together."""
    user_agent: Annotated[str, text(" \t"), Check(_header_safe)] = DEFAULT_USER_AGENT
    """Sent with every request; names crisiswatch and its version."""
    retention: Annotated[float, duration("1h")] = 30 * 86400.0
    """Items older than this are pruned from the store ("30d")."""
    max_article: Annotated[int, size(1024, 100 * 1024**2, "1KB to 100MiB")] = 2 * 1024 * 1024
    """Largest article page read for full text, in bytes, after decompression ("2MB")."""
    article_connections: Annotated[int, AT_LEAST_ONE] = 2
    """Article pages fetched at once (pollers/articles.py): their own limit, apart from feeds'."""
    ignore_robots: Annotated[tuple[str, ...], each(_host)] = ()
    """Hosts whose robots.txt is not read before fetching an article: ones you have permission
    to fetch from. Host names as in the links ("news.example.org", "example.org:8080")."""
    browser: Annotated[str | None, Check(_browser)] = None
    """The command `o` opens a link with, newsboat's way ("w3m %u"); None: the system's."""
    browser_in_terminal: bool | None = None
    """Whether `browser` draws in the terminal (w3m) or opens a window; None: by its name."""
    notify_program: Annotated[tuple[str, ...], PROGRAM] = ()
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

    name: Annotated[str, TEXT]
    """The party's or candidate's name."""
    rows: Annotated[str, STRIP] = ""
    """JSON: dotted path to the list of rows; empty for a top-level list."""
    votes: Annotated[str | None, TEXT] = None
    share: Annotated[str | None, TEXT] = None
    """Per cent of the vote; when absent, computed from `votes`."""
    votes_total: Annotated[str | None, TEXT] = None
    """The votes the shares are of; when absent, the sum of the rows' votes."""
    race: Annotated[
        str | None,
        TEXT,
        Check(one_of(RACES, "{} is not a race crisiswatch reads (" + ", ".join(RACES) + ")")),
    ] = None
    """The race every row is in ("parliamentary", "presidential")."""
    race_field: Annotated[str | None, TEXT] = None
    """Where each row names its race instead."""
    reporting: Annotated[str | None, TEXT] = None
    """Per cent of the count done."""
    counted: Annotated[str | None, TEXT] = None
    total: Annotated[str | None, TEXT] = None
    """Stations (precincts, protocols) counted and their total: the progress, if no `reporting`."""
    published: Annotated[str | None, TEXT] = None
    """When the count was published; when absent, when it was fetched."""
    candidates: bool | None = None
    """Rows are candidates; by default, when the race is presidential."""
    title: Annotated[str | None, TEXT] = None
    """The stored snapshot's headline starts with this (default the feed's name); a watch's
    keywords must match it, as for any item."""
    delimiter: Annotated[str, Check(_one_character)] = ","
    """CSV only: the column separator."""


@dataclass(frozen=True, slots=True)
class FeedConfig:
    """One feed to poll (`[[feed]]`)."""

    name: Annotated[str, TEXT]
    """Unique; how the feed appears in the stream and in feed health."""
    url: Annotated[str, STRIP, Check(_http_url)]
    """http(s) address of the RSS, Atom, RDF, JSON Feed or JSON wire body."""
    interval: Annotated[float | None, INTERVAL] = None
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

    name: Annotated[str, TEXT]
    aliases: Annotated[tuple[str, ...], each(str.strip)] = ()
    bloc: Annotated[int, within(1, 50, "expected a whole number of parties from 1 to 50")] = 1
    """How many parties the list joins (`bloc`): a bloc of two or more may face a higher
    threshold (`bloc_thresholds`)."""
    surplus: Annotated[
        str | None, text(problem="expected the name of another party of this election")
    ] = None
    """The party this list has a surplus agreement with (`surplus`), as Israel's lists sign:
    the two share the allocation as one list, then split their seats."""


@dataclass(frozen=True, slots=True)
class Election:
    """The election a watch follows (`[watch.election]`)."""

    seats: Annotated[int, within(1, 10000, "out of range (1 to 10000)")]
    threshold: Annotated[float, percent()] = 0.0
    """Per cent of the vote a party needs to win seats."""
    method: SeatMethod = SeatMethod.HARE
    parties: Annotated[tuple[Party, ...], As("party")] = ()
    races: Annotated[tuple[str, ...], RACE_LIST, unique("a race is listed twice")] = ()
    """The races the watch follows, in the order the results pane shows them (`races`); shares
    whose text names no race go to the first. Empty: one parliamentary race."""
    bloc_thresholds: Annotated[tuple[tuple[int, float], ...], Parse(_bloc_thresholds)] = ()
    """(bloc size, per cent), smallest size first: a bloc of at least that many parties needs
    that share (`bloc_thresholds = { 2 = 7, 3 = 9 }`)."""
    threshold_base: ThresholdBase = ThresholdBase.VALID
    invalid: Annotated[
        float | None, percent("must be a percentage from 0 to 100 of the ballots cast")
    ] = None
    """Per cent of ballots cast that were blank or invalid, for `threshold_base = "cast"`;
    None when not known (the threshold is then measured on valid votes, and the pane says so)."""
    reserved: int = 0
    """Seats filled outside the list allocation (minority or diaspora seats), taken off `seats`;
    fewer than `seats`, which the election's after-check holds it to."""
    districts: bool = False
    """The country allocates seats by district: a national projection is only indicative."""


@dataclass(frozen=True, slots=True)
class Watch:
    """A crisis to follow (`[[watch]]`): items matching a keyword count toward its panes."""

    name: Annotated[str, TEXT]
    keywords: Annotated[tuple[str, ...], Check(_some_keyword)]
    election: Election | None = None
    concurrent: Annotated[float, duration("0s", "7d")] = DEFAULT_CONCURRENT
    """Seconds within which two casualty figures count as said at the same time: a higher one
    inside this window disagrees with a lower one instead of making it out of date."""
    fulltext: bool = False
    """Fetch the article behind each new item matching this watch, unless its feed says no."""


@dataclass(frozen=True, slots=True)
class AlertSettings:
    """How the TUI says a headline figure changed (`[alerts]`)."""

    toast: bool = True
    """A notification in the corner of the screen (Textual's toast)."""
    bell: bool = True
    """The terminal bell."""


@dataclass(frozen=True, slots=True)
class AlertHook:
    """A command run with each change as JSON on stdin (`[[alert]]`)."""

    command: Annotated[tuple[str, ...], ARGV]
    """The argv, run without a shell."""
    watch: str | None = None
    """Only this watch's changes; None for every watch."""
    kinds: Annotated[
        tuple[str, ...],
        each(one_of(ALERT_KINDS, "{} is not one of " + ", ".join(ALERT_KINDS))),
        Check(once_each),
    ] = ()
    """Only these kinds of change; empty for every kind."""
    timeout: Annotated[float, duration("100ms", "10m")] = DEFAULT_HOOK_TIMEOUT


@dataclass(frozen=True, slots=True)
class UiSettings:
    """How the TUI looks (`[ui]`)."""

    theme: Annotated[
        str | None, Check(one_of(THEMES, f"unknown theme (known: {', '.join(sorted(THEMES))})"))
    ] = None
    """One of Textual's built-in themes; None leaves Textual's default."""


@dataclass(frozen=True, slots=True)
class Config:
    """The whole of a feeds.toml."""

    path: Annotated[Path, GIVEN]
    settings: Settings = field(default_factory=Settings)
    feeds: Annotated[tuple[FeedConfig, ...], As("feed")] = ()
    watches: Annotated[tuple[Watch, ...], As("watch")] = ()
    keys: Annotated[tuple[tuple[str, tuple[str, ...]], ...], Parse(_keys)] = ()
    """`[keys]`: actions rebound, each with its keys as Textual names them (keymap.py)."""
    theme: Annotated[str | None, As("ui"), Table(UiSettings, "theme")] = None
    """`[ui] theme`: one of Textual's built-in themes; None leaves Textual's default."""
    alerts: AlertSettings = field(default_factory=AlertSettings)
    hooks: Annotated[tuple[AlertHook, ...], As("alert")] = ()
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


# --- the steps of single keys, named in the annotations above ---------------------------------

_HOST = re.compile(r"[A-Za-z0-9.\-]+(:\d{1,5})?|\[[0-9A-Fa-f:.]+\](:\d{1,5})?")


def _host(host: str) -> str:
    if not _HOST.fullmatch(host):
        raise ValueError(f"{host!r} is not a host name (like news.example.org)")
    return host.lower()


def _header_safe(user_agent: str) -> str:
    # Sent as is in every request: a CR or LF would fail each poll with a protocol error
    # (or, with a laxer client, smuggle a header), and httpx encodes header values as ASCII.
    if header_value(user_agent) is None:
        raise ValueError("must be printable ASCII on one line (it is sent as an HTTP header)")
    return user_agent


def _browser(command: str) -> str:
    parse_browser(command)  # BadBrowser, a ValueError, says what is wrong
    return command


_PLAIN_URL = re.compile(r"https?://[A-Za-z0-9.-]+(?::[0-9]+)?(?:[/?#][!-~]*)?\Z")
"""A lower-case http(s) scheme, a plain host name, printable ASCII after: a URL urlsplit would
accept with that scheme and a host, decided without it (a file of a thousand feeds)."""


def _http_url(url: str) -> str:
    if _PLAIN_URL.match(url):
        return url
    try:
        parts = urlsplit(url)
    except ValueError as exc:  # e.g. "Invalid IPv6 URL" for http://[::1/rss
        raise ValueError(f"{url!r} is not a valid URL ({exc})") from None
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise ValueError(f"{url!r} is not an http(s) URL")
    return url


def _one_character(delimiter: str) -> str:
    if len(delimiter) != 1 or delimiter in '"\r\n':
        raise ValueError("must be one character (not a quote or newline)")
    return delimiter


def _some_keyword(keywords: tuple[str, ...]) -> tuple[str, ...]:
    if not keywords:
        raise ValueError("a watch needs at least one keyword")
    return keywords


def _bloc_thresholds(raw: object) -> tuple[tuple[int, float], ...]:
    """`{ 2 = 7, 3 = 9 }`: bloc size (2 to 50) → per cent, smallest size first."""
    if not isinstance(raw, dict):
        raise expected(dict, raw)
    blocs = []
    for bloc, pct in raw.items():
        if not bloc.isdecimal() or not 2 <= int(bloc) <= 50:
            raise ValueError(f"{bloc!r} is not a bloc size from 2 to 50")
        if isinstance(pct, bool) or not isinstance(pct, int | float) or not 0 <= pct < 100:
            raise ValueError(f"the threshold for {bloc} must be a percentage from 0 to 100")
        blocs.append((int(bloc), float(pct)))
    return tuple(sorted(blocs))


def _keys(raw: object) -> tuple[tuple[str, tuple[str, ...]], ...]:
    """`[keys]`: action = "key" or ["key", ...]; keymap.py says what is refused."""
    if not isinstance(raw, dict):
        raise expected(dict, raw)
    wanted: dict[str, list[str]] = {}
    for action, value in raw.items():
        keys = [value] if isinstance(value, str) else value
        if not isinstance(keys, list) or not all(isinstance(k, str) for k in keys):
            raise Bad("expected a key name or an array of key names", action)
        wanted[action] = keys
    try:
        return tuple(rebind(wanted).items())
    except BadKeys as exc:
        raise Bad(str(exc), exc.action) from None


# --- what spans keys: each class's after-check (rules.after) ----------------------------------


@after(ResultsMapping)
def _results_columns(m: ResultsMapping, raw: Mapping[str, Any]) -> ResultsMapping:
    """Columns that go together, or exclude each other."""
    if m.votes is None and m.share is None:
        raise Bad("a results feed needs `votes` or `share` (or both)", "name")
    if m.race is not None and m.race_field is not None:
        raise Bad("give `race` or `race_field`, not both", "race_field")
    if (m.counted is None) != (m.total is None):
        raise Bad("`counted` and `total` go together", "total" if m.counted is None else "counted")
    if m.reporting is not None and m.counted is not None:
        raise Bad("give `reporting` or `counted` and `total`, not both", "counted")
    return m


@after(FeedConfig)
def _feed_format(feed: FeedConfig, raw: Mapping[str, Any]) -> FeedConfig:
    """`[feed.results]` where the format reads one and nowhere else; a JSON feed's mapping
    and a results feed's title filled in when unset."""
    fmt, results = feed.format, feed.results
    if results is None:
        if fmt.results:
            raise Bad(
                f'format = "{fmt.value}" needs a [feed.results] table (at least `name`, and '
                "`votes` or `share`)",
                "results",
                line_at=("format",),
            )
        if fmt is FeedFormat.JSON and feed.json is None:
            return replace(feed, json=JsonMapping())
        return feed
    if not fmt.results:
        raise Bad('only for format = "results-json" or "results-csv"', "results", table=True)
    if "delimiter" in raw["results"] and fmt is not FeedFormat.RESULTS_CSV:
        raise Bad('only for format = "results-csv"', "results", "delimiter")
    if fmt is FeedFormat.RESULTS_CSV and results.rows:
        raise Bad(
            'only for format = "results-json" (a CSV\'s rows are its lines)', "results", "rows"
        )
    return replace(feed, results=replace(results, title=results.title or feed.name))


@after(Election)
def _election_parties(e: Election, raw: Mapping[str, Any]) -> Election:
    """Reserved seats fewer than the seats, each party once, surplus agreements in pairs."""
    if not 0 <= e.reserved < e.seats:
        raise Bad(f"out of range (0 to {e.seats - 1}, fewer than seats)", "reserved")
    seen: set[str] = set()
    for at, party in enumerate(e.parties):
        if party.name.lower() in seen:
            raise Bad(f"duplicate party {party.name!r}", "party", at, "name")
        seen.add(party.name.lower())
    _check_surplus(e.parties)
    return e


def _check_surplus(parties: tuple[Party, ...]) -> None:
    """Each `surplus` names another party of the election, and no party is in two agreements
    (A with B and B with A is one agreement, written on either side or both)."""
    names = {p.name.casefold(): p.name for p in parties}
    partner: dict[str, str] = {}
    for at, p in enumerate(parties):
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
            raise Bad(problem, "party", at, "surplus")


@after(Config)
def _config_names(config: Config, raw: Mapping[str, Any]) -> Config:
    """Feed and watch names unique (in any case), and each hook's watch one of the watches,
    kept in the watch's own spelling."""
    first: dict[str, int] = {}
    for at, feed in enumerate(config.feeds):
        was = first.setdefault(feed.name.lower(), at)
        if was != at:
            problem = f"duplicate feed name {feed.name!r} (first used by feed[{was}])"
            raise Bad(problem, "feed", at, "name")
    watches: dict[str, str] = {}
    for at, watch in enumerate(config.watches):
        if watch.name.lower() in watches:
            raise Bad(f"duplicate watch name {watch.name!r}", "watch", at, "name")
        watches[watch.name.lower()] = watch.name
    hooks = []
    for at, hook in enumerate(config.hooks):
        if hook.watch is not None:
            own = watches.get(hook.watch.strip().lower())
            if own is None:
                raise Bad(f"no [[watch]] named {hook.watch!r}", "alert", at, "watch")
            hook = replace(hook, watch=own)
        hooks.append(hook)
    return replace(config, hooks=tuple(hooks))
