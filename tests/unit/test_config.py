"""feeds.toml: the shipped file loads, and every kind of mistake names file, line and key."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from crisiswatch.config import (
    MAX_CONFIG_BYTES,
    ConfigError,
    FeedFormat,
    SeatMethod,
    load_config,
    parse_duration,
    parse_size,
)
from crisiswatch.locations import find_config, find_db

REPO = Path(__file__).resolve().parents[2]

GOOD = """\
[settings]
interval = "5m"
timeout = "15s"
max_body = "2MB"
retention = "7d"

[[feed]]
name = "Wire"
url = "https://wire.example.org/rss"

[[feed]]
name = "Agency"
url = "https://agency.example.org/feed.json"
interval = "90s"
format = "json"
tags = ["agency"]

[feed.json]
items = "articles"
published = "seendate"

[[watch]]
name = "Test"
keywords = ["Bishkek"]

[watch.election]
seats = 120
threshold = 7
method = "dhondt"

[[watch.election.party]]
name = "Birimdik"
aliases = ["Unity"]
"""


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "feeds.toml"
    path.write_text(text)
    return path


def test_shipped_feeds_toml_is_valid() -> None:
    config = load_config(REPO / "feeds.toml")
    assert len(config.feeds) >= 5
    assert any(f.format is FeedFormat.JSON for f in config.feeds), "a JSON wire source"
    watch = next(w for w in config.watches if "Kyrgyz" in w.name)
    assert watch.election is not None
    assert watch.election.seats == 120 and watch.election.threshold == 7.0
    assert watch.election.method is SeatMethod.HARE
    names = {p.name for p in watch.election.parties}
    assert {"Birimdik", "Mekenim Kyrgyzstan", "Kyrgyzstan", "Butun Kyrgyzstan"} <= names


def test_good_config_reads_every_field(tmp_path: Path) -> None:
    c = load_config(write(tmp_path, GOOD))
    assert c.settings.interval == 300 and c.settings.timeout == 15
    assert c.settings.max_body == 2_000_000 and c.settings.retention == 7 * 86400
    wire, agency = c.feeds
    assert c.interval_for(wire) == 300 and c.interval_for(agency) == 90
    assert agency.format is FeedFormat.JSON and agency.json is not None
    assert agency.json.items == "articles" and agency.json.published == "seendate"
    assert agency.json.url == "url", "unset mapping fields keep their defaults"
    assert agency.tags == ("agency",) and agency.host == "agency.example.org"
    e = c.watches[0].election
    assert e is not None and e.method is SeatMethod.DHONDT
    assert e.parties[0].aliases == ("Unity",)


@pytest.mark.parametrize(
    ("text", "s"),
    [("90s", 90), ("2m", 120), ("1h", 3600), ("30d", 30 * 86400), ("500ms", 0.5), (45, 45)],
)
def test_durations(text: object, s: float) -> None:
    assert parse_duration(text) == s


@pytest.mark.parametrize("bad", ["soon", "5 minutes", "", True, "-5s"])
def test_bad_durations(bad: object) -> None:
    with pytest.raises(ValueError):
        parse_duration(bad)


def test_sizes() -> None:
    assert parse_size("5MB") == 5_000_000
    assert parse_size("512KiB") == 512 * 1024
    assert parse_size(2048) == 2048
    with pytest.raises(ValueError):
        parse_size("lots")


# Each case: the broken text, the line the error must name, and the key it must name.
BROKEN = [
    pytest.param(
        GOOD.replace('timeout = "15s"', 'timout = "15s"'),
        3,
        "settings.timout",
        id="unknown-setting",
    ),
    pytest.param(
        GOOD.replace('name = "Agency"', 'name = "Agency"\ncolour = "red"'),
        13,
        "feed[1].colour",
        id="unknown-feed-key",
    ),
    pytest.param(
        GOOD.replace('url = "https://wire.example.org/rss"', 'url = "ftp://wire.example.org/rss"'),
        9,
        "feed[0].url",
        id="bad-url-scheme",
    ),
    pytest.param(
        GOOD.replace('url = "https://wire.example.org/rss"', 'url = "not a url"'),
        9,
        "feed[0].url",
        id="bad-url",
    ),
    pytest.param(
        GOOD.replace('name = "Agency"', 'name = "wire"'),
        12,
        "feed[1].name",
        id="duplicate-feed-name",
    ),
    pytest.param(
        GOOD.replace('interval = "90s"', 'interval = "5s"'),
        14,
        "feed[1].interval",
        id="interval-too-short",
    ),
    pytest.param(
        GOOD.replace('interval = "90s"', 'interval = "30d"'),
        14,
        "feed[1].interval",
        id="interval-too-long",
    ),
    pytest.param(
        GOOD.replace('interval = "90s"', 'interval = "often"'),
        14,
        "feed[1].interval",
        id="interval-unreadable",
    ),
    pytest.param(
        GOOD.replace('tags = ["agency"]', 'tags = "agency"'),
        16,
        "feed[1].tags",
        id="wrong-type-tags",
    ),
    pytest.param(
        GOOD.replace('format = "json"', 'format = "yaml"'), 15, "feed[1].format", id="bad-format"
    ),
    pytest.param(
        GOOD.replace('format = "json"', "'format' = \"yaml\""),
        15,
        "feed[1].format",
        id="bad-value-under-a-quoted-key",
    ),
    pytest.param(
        GOOD.replace("seats = 120", 'seats = "120"'),
        27,
        "watch[0].election.seats",
        id="wrong-type-seats",
    ),
    pytest.param(
        GOOD.replace("threshold = 7", "threshold = 170"),
        28,
        "watch[0].election.threshold",
        id="threshold-range",
    ),
    pytest.param(
        GOOD.replace('method = "dhondt"', 'method = "fptp"'),
        29,
        "watch[0].election.method",
        id="bad-method",
    ),
    pytest.param(
        GOOD.replace('keywords = ["Bishkek"]', "keywords = []"),
        24,
        "watch[0].keywords",
        id="no-keywords",
    ),
    pytest.param(
        GOOD.replace('max_body = "2MB"', "max_body = true"), 4, "settings.max_body", id="bool-size"
    ),
    pytest.param(
        GOOD.replace('[[feed]]\nname = "Wire"\n', "[[feed]]\n"),
        7,
        "feed[0].name",
        id="missing-name",
    ),
    pytest.param(GOOD + "\n[oops\n", 35, "toml", id="toml-syntax"),
    pytest.param(
        # U+0085 and U+2028 in a string break no TOML line, so the lines after count as before
        GOOD.replace('name = "Wire"', 'name = "Wire\u0085\u2028"').replace(
            'interval = "90s"', 'interval = "often"'
        ),
        14,
        "feed[1].interval",
        id="line-breaks-of-unicode-in-a-string",
    ),
    pytest.param(
        GOOD.replace('timeout = "15s"', 'timeout = "15s"\nfetch_deadline = "2h"'),
        4,
        "settings.fetch_deadline",
        id="fetch-deadline-range",
    ),
    pytest.param(
        GOOD.replace('timeout = "15s"', 'timeout = "15s"\nfetch_deadline = "soon"'),
        4,
        "settings.fetch_deadline",
        id="fetch-deadline-unreadable",
    ),
]


def test_fetch_deadline_default_and_setting(tmp_path: Path) -> None:
    assert load_config(write(tmp_path, GOOD)).settings.fetch_deadline == 60
    text = GOOD.replace('timeout = "15s"', 'timeout = "15s"\nfetch_deadline = "90s"')
    assert load_config(write(tmp_path, text)).settings.fetch_deadline == 90


@pytest.mark.parametrize(("text", "line", "key"), BROKEN)
def test_errors_name_file_line_and_key(tmp_path: Path, text: str, line: int, key: str) -> None:
    path = write(tmp_path, text)
    with pytest.raises(ConfigError) as info:
        load_config(path)
    err = info.value
    assert err.path == str(path)
    assert err.key == key
    assert err.line == line, str(err)
    one_line = str(err)
    assert "\n" not in one_line
    assert one_line.startswith(f"{path}:{line}: {key}: ")


def test_missing_file_is_one_line(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="no such file"):
        load_config(tmp_path / "nope.toml")


def test_not_utf8_names_line(tmp_path: Path) -> None:
    path = tmp_path / "feeds.toml"
    path.write_bytes(b'[settings]\ninterval = "5m"\n# caf\xe9\n')
    with pytest.raises(ConfigError) as info:
        load_config(path)
    assert info.value.line == 3


def test_lookup_order(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("CRISISWATCH_CONFIG", raising=False)
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "xdg"))
    assert find_config(None) is None
    (tmp_path / "feeds.toml").write_text("")
    assert find_config(None) == tmp_path / "feeds.toml"
    monkeypatch.setenv("CRISISWATCH_CONFIG", "/env/feeds.toml")
    assert find_config(None) == Path("/env/feeds.toml")
    assert find_config("/explicit.toml") == Path("/explicit.toml")


def test_db_lookup(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("CRISISWATCH_DB", raising=False)
    assert find_db(None).name == "crisiswatch.db"
    monkeypatch.setenv("CRISISWATCH_DB", "/tmp/x.db")
    assert find_db(None) == Path("/tmp/x.db")
    assert find_db("/y.db") == Path("/y.db")


@pytest.mark.parametrize("kind", ["fifo", "dev-zero", "directory"])
def test_a_config_that_is_not_a_regular_file_is_refused_at_once(tmp_path: Path, kind: str) -> None:
    """A FIFO with no writer would block a plain open() forever; /dev/zero never ends."""
    path = tmp_path / "feeds.toml"
    if kind == "fifo":
        os.mkfifo(path)
        expected = "not a regular file (a named pipe)"
    elif kind == "dev-zero":
        path.symlink_to("/dev/zero")
        expected = "not a regular file (a character device)"
    else:
        path.mkdir()
        expected = "not a regular file (a directory)"
    with pytest.raises(ConfigError) as info:
        load_config(path)
    assert str(info.value) == f"{path}: file: {expected}"


def test_a_config_over_1_mib_is_refused_without_reading_it_all(tmp_path: Path) -> None:
    path = tmp_path / "feeds.toml"
    comment = "# " + "x" * 1021 + "\n"  # 1 KiB a line
    body = GOOD + comment * ((MAX_CONFIG_BYTES - len(GOOD)) // len(comment))
    path.write_text(body + "#" * (MAX_CONFIG_BYTES - len(body)))
    assert path.stat().st_size == MAX_CONFIG_BYTES
    assert len(load_config(path).feeds) == 2, "just under the cap still loads"
    with path.open("a") as f:
        f.write("#")  # one byte over
    with pytest.raises(ConfigError, match=r"file: larger than 1 MiB"):
        load_config(path)
    # A sparse file of 10 GB: refused as fast as one of 1 MiB, nothing near its size read.
    big = tmp_path / "big.toml"
    with big.open("wb") as f:
        f.truncate(10 << 30)
    with pytest.raises(ConfigError, match=r"file: larger than 1 MiB"):
        load_config(big)


@pytest.mark.parametrize(
    "value",
    [
        r"crisiswatch\r\nX-Injected: 1",
        r"crisiswatch\nX-Injected: 1",
        r"crisiswatch\u0000",
        r"crisiswatch\u001b[2J",
        "crisiswatch — Бишкек desk",
        r"crisiswatch\u0085next",
    ],
)
def test_a_user_agent_that_is_no_header_value_names_file_line_and_key(
    tmp_path: Path, value: str
) -> None:
    path = write(
        tmp_path, GOOD.replace('retention = "7d"', f'retention = "7d"\nuser_agent = "{value}"')
    )
    with pytest.raises(ConfigError) as info:
        load_config(path)
    one_line = str(info.value)
    assert one_line == (
        f"{path}:6: settings.user_agent: must be printable ASCII on one line "
        "(it is sent as an HTTP header)"
    )


@pytest.mark.parametrize(
    "value", ["crisiswatch/1.0 (desk; +mailto:desk@example.org)", "a\tb", "  padded  "]
)
def test_header_safe_user_agents_are_kept(tmp_path: Path, value: str) -> None:
    path = write(
        tmp_path, GOOD.replace('retention = "7d"', f'retention = "7d"\nuser_agent = "{value}"')
    )
    assert load_config(path).settings.user_agent == value.strip()
