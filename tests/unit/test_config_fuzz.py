"""Fuzzing feeds.toml loading: any text gives a Config or one ConfigError line naming the file."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from crisiswatch.config import MAX_INTERVAL, MIN_INTERVAL, Config, ConfigError, parse_config

REPO = Path(__file__).resolve().parents[2]
SHIPPED = (REPO / "feeds.toml").read_text()
NAME = Path("f.toml")
CONTROL = re.compile("[\x00-\x1f\x7f-\x9f]")


def check(text: str) -> Config | None:
    """The property: a valid Config, or a ConfigError that is one line starting with the file."""
    try:
        config = parse_config(text, NAME)
    except ConfigError as exc:
        message = str(exc)
        assert message.startswith(f"{NAME}:"), message
        assert CONTROL.search(message) is None, repr(message)
        assert exc.path == str(NAME)
        assert exc.line is None or 1 <= exc.line <= max(1, text.count("\n") + 1)
        return None
    # Whatever is accepted is a config the poller can use.
    names = [f.name.lower() for f in config.feeds]
    assert len(names) == len(set(names))
    for f in config.feeds:
        assert f.url.startswith(("http://", "https://")) and f.name.strip()
        assert MIN_INTERVAL <= config.interval_for(f) <= MAX_INTERVAL
    s = config.settings
    assert s.max_items >= 1 and s.per_host >= 1 and s.max_connections >= 1
    assert s.max_body >= 1024 and 0 <= s.jitter <= 1 and s.timeout >= 1
    return config


# --- arbitrary text ------------------------------------------------------------------------

TOML_BITS = [
    "[settings]\n",
    "[[feed]]\n",
    "[[watch]]\n",
    "[watch.election]\n",
    "[[watch.election.party]]\n",
    "[feed.json]\n",
    'name = "x"\n',
    'url = "http://127.0.0.1/x"\n',
    'interval = "1h"\n',
    'max_body = "5MB"\n',
    "seats = 120\n",
    "threshold = 7.0\n",
    'keywords = ["k"]\n',
    "=",
    '"',
    "'''",
    "[",
    "]",
    "{",
    "}",
    "\n",
    "#",
]


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(max_size=400))
def test_arbitrary_text(text: str) -> None:
    check(text)


@pytest.mark.slow
@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.sampled_from(TOML_BITS) | st.text(max_size=12), max_size=40))
def test_toml_shaped_junk(parts: list[str]) -> None:
    check("".join(parts))


# --- mutated valid configs -----------------------------------------------------------------

SMALL = """[settings]
interval = "2m"
max_body = "1MB"

[[feed]]
name = "A"
url = "https://a.example/rss"
tags = ["x"]

[[feed]]
name = "B"
url = "http://b.example/feed.json"
format = "json"
[feed.json]
items = "articles"

[[watch]]
name = "W"
keywords = ["Bishkek"]
[watch.election]
seats = 120
threshold = 7
method = "hare"
[[watch.election.party]]
name = "P"
aliases = ["Q"]
"""


def toml_string(text: str) -> str:
    # JSON string escapes are TOML basic-string escapes, for what json.dumps emits.
    return json.dumps(text, ensure_ascii=False)


scalars = st.one_of(
    st.text(max_size=30).map(toml_string),
    st.sampled_from(
        [
            '"0s"',
            '"29s"',
            '"7d"',
            '"8d"',
            '"1.5h"',
            '"-1m"',
            '"5XB"',
            '"1023"',
            '"1GiB"',
            '"2GiB"',
            '"ftp://x"',
            '"http://"',
            '"https://a.example:99999/"',
            '"  "',
            '""',
            '"auto"',
            '"jsonfeed"',
            '"dhondt"',
            '"sainte-lague"',
            "inf",
            "-inf",
            "nan",
            "true",
            "false",
            "0",
            "-1",
            "1e308",
            "9223372036854775807",
            "-9223372036854775808",
            "1979-05-27T07:32:00Z",
            "[]",
            '["a", 1]',
            "[[]]",
            "{}",
            '{ name = "x" }',
        ]
    ),
    st.integers().map(str),
    st.floats(allow_nan=False).map(repr).filter(lambda r: "e" not in r or "." in r),
)

KEYS = [
    "interval",
    "timeout",
    "max_connections",
    "per_host",
    "host_spacing",
    "max_body",
    "max_items",
    "max_backoff",
    "jitter",
    "user_agent",
    "retention",
    "name",
    "url",
    "tags",
    "enabled",
    "format",
    "json",
    "items",
    "title",
    "keywords",
    "election",
    "seats",
    "threshold",
    "method",
    "party",
    "aliases",
    "unknown_key",
]


@st.composite
def mutated(draw: st.DrawFn) -> str:
    lines = draw(st.sampled_from([SMALL, SHIPPED])).splitlines()
    for _ in range(draw(st.integers(min_value=1, max_value=4))):
        if not lines:
            break
        where = draw(st.integers(min_value=0, max_value=len(lines) - 1))
        op = draw(st.sampled_from(["value", "insert", "delete", "dup", "key", "cut", "char"]))
        line = lines[where]
        if op == "value" and "=" in line:
            lines[where] = line.split("=", 1)[0] + "= " + draw(scalars)
        elif op == "insert":
            lines.insert(where, f"{draw(st.sampled_from(KEYS))} = {draw(scalars)}")
        elif op == "delete":
            del lines[where]
        elif op == "dup":
            lines.insert(where, line)
        elif op == "key" and "=" in line:
            lines[where] = draw(st.sampled_from(KEYS)) + " =" + line.split("=", 1)[1]
        elif op == "cut":
            lines[where] = line[: draw(st.integers(min_value=0, max_value=len(line)))]
        elif op == "char" and line:
            at = draw(st.integers(min_value=0, max_value=len(line) - 1))
            lines[where] = line[:at] + draw(st.characters()) + line[at + 1 :]
    return "\n".join(lines) + "\n"


@pytest.mark.slow
@settings(max_examples=600, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(mutated())
def test_mutated_valid_configs(text: str) -> None:
    check(text)


# --- structured: generated tables with fuzzed values ---------------------------------------


def table_body(data: dict[str, str]) -> str:
    return "".join(f"{key} = {value}\n" for key, value in data.items())


key_values = st.dictionaries(st.sampled_from(KEYS), scalars, max_size=6)
feed_tables = st.fixed_dictionaries(
    {"name": st.text(min_size=0, max_size=8).map(toml_string), "url": scalars}
).flatmap(lambda base: key_values.map(lambda extra: {**base, **extra}))


@st.composite
def structured(draw: st.DrawFn) -> str:
    parts = []
    if draw(st.booleans()):
        parts.append("[settings]\n" + table_body(draw(key_values)))
    for feed in draw(st.lists(feed_tables, max_size=4)):
        parts.append("[[feed]]\n" + table_body(feed))
        if draw(st.booleans()):
            parts.append("[feed.json]\n" + table_body(draw(key_values)))
    for _ in range(draw(st.integers(min_value=0, max_value=2))):
        parts.append("[[watch]]\n" + table_body(draw(key_values)))
        if draw(st.booleans()):
            parts.append("[watch.election]\n" + table_body(draw(key_values)))
            for _ in range(draw(st.integers(min_value=0, max_value=2))):
                parts.append("[[watch.election.party]]\n" + table_body(draw(key_values)))
    return "\n".join(parts)


@pytest.mark.slow
@settings(max_examples=600, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(structured())
def test_generated_tables(text: str) -> None:
    check(text)


def test_the_properties_are_not_vacuous() -> None:
    """The shipped config passes, and the checker does reject what it should."""
    config = check(SHIPPED)
    assert config is not None and len(config.feeds) >= 5
    assert check(SMALL) is not None
    assert check("[[feed]]\nname = 1\n") is None  # a ConfigError, checked and accepted


# --- inputs that once escaped as tracebacks or raw escapes; each stays a clean one-liner ----

REGRESSIONS = {
    # float("9"*400) is inf; int(inf) raised OverflowError.
    "huge-size": '[settings]\nmax_body = "' + "9" * 400 + '"\n',
    # tomllib recurses per level and raised RecursionError.
    "deep-nesting": "a = " + "[" * 3000 + "]" * 3000 + "\n",
    # urlsplit raised ValueError("Invalid IPv6 URL").
    "bad-ipv6-url": '[[feed]]\nname = "a"\nurl = "http://[::1/rss"\n',
    # a quoted key's ESC and newline went raw into the message.
    "control-in-key": '[settings]\n"x\\u001b]52;c;Zm9v\\u0007\\ny" = 1\n',
}


@pytest.mark.parametrize("case", sorted(REGRESSIONS))
def test_hostile_inputs_give_one_clean_line(case: str) -> None:
    with pytest.raises(ConfigError) as caught:
        parse_config(REGRESSIONS[case], NAME)
    message = str(caught.value)
    assert message.startswith(f"{NAME}:") and CONTROL.search(message) is None, repr(message)
    assert "\n" not in message


def test_a_control_character_in_a_key_is_shown_escaped() -> None:
    with pytest.raises(ConfigError) as caught:
        parse_config(REGRESSIONS["control-in-key"], NAME)
    assert caught.value.key == "settings.x\\x1b]52;c;Zm9v\\x07\\ny"
