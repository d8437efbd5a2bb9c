"""feeds.toml's schema is the dataclasses' own declaration: every field is a key, read by its
type and rules, and every refusal is placed at its own table and line."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from pathlib import Path

import pytest

from crisiswatch.config import (
    AlertHook,
    AlertSettings,
    Config,
    ConfigError,
    Election,
    FeedConfig,
    JsonMapping,
    Party,
    ResultsMapping,
    Settings,
    Watch,
    parse_config,
)
from crisiswatch.config.walk import Walker

P = Path("f.toml")
FEED = '[[feed]]\nname = "A"\nurl = "https://a.example/rss"\n'
RESULTS = (
    FEED.replace("rss", "x.json")
    + 'format = "results-json"\n[feed.results]\nname = "n"\nvotes = "v"\n'
)
WATCH = '[[watch]]\nname = "W"\nkeywords = ["k"]\n'
ELECTION = WATCH + "[watch.election]\nseats = 10\n"


def refusal(text: str) -> ConfigError:
    with pytest.raises(ConfigError) as caught:
        parse_config(text, P)
    return caught.value


def toml_names(cls: type, renamed: dict[str, str]) -> list[str]:
    return sorted(renamed.get(f.name, f.name) for f in dataclasses.fields(cls))


@pytest.mark.parametrize(
    ("text", "cls", "renamed"),
    [
        ("[settings]\n", Settings, {}),
        (FEED, FeedConfig, {}),
        (FEED + 'format = "json"\n[feed.json]\n', JsonMapping, {}),
        (RESULTS, ResultsMapping, {}),
        (WATCH, Watch, {}),
        (ELECTION, Election, {"parties": "party"}),
        (ELECTION + '[[watch.election.party]]\nname = "P"\n', Party, {}),
        ("[alerts]\n", AlertSettings, {}),
        ('[[alert]]\ncommand = ["x"]\n', AlertHook, {}),
    ],
)
def test_the_known_keys_are_the_dataclass_fields(
    text: str, cls: type, renamed: dict[str, str]
) -> None:
    err = refusal(text + "zz_unknown = 1\n")
    assert err.message == f"unknown key (known keys: {', '.join(toml_names(cls, renamed))})"
    assert err.line == text.count("\n") + 1


def test_the_top_level_keys_are_configs_fields_under_their_file_names() -> None:
    err = refusal("zz_unknown = 1\n")
    assert err.message == (
        "unknown key (known keys: alert, alerts, feed, keys, settings, ui, watch)"
    )
    assert {f.name for f in dataclasses.fields(Config)} == {
        "path",
        "settings",
        "feeds",
        "watches",
        "keys",
        "theme",
        "alerts",
        "hooks",
    }


def test_an_empty_file_is_the_dataclass_defaults() -> None:
    assert parse_config("", P) == Config(path=P)
    feed = parse_config(FEED, P).feeds[0]
    assert feed == FeedConfig(name="A", url="https://a.example/rss")


def test_a_json_mapping_key_is_named_in_its_own_table_at_its_own_line() -> None:
    text = FEED + 'format = "json"\n\n[feed.json]\nitems = "articles"\nurl = 3\n'
    err = refusal(text)
    assert str(err) == "f.toml:8: feed[0].json.url: expected a string, got an integer"


def test_a_table_written_inline_is_shown_at_its_key() -> None:
    err = refusal(FEED + 'format = "json"\njson = { items = 3 }\n')
    assert (err.line, err.key) == (5, "feed[0].json.items")
    err = refusal(WATCH + 'election = { seats = "ten" }\n')
    assert (err.line, err.key) == (4, "watch[0].election.seats")


def test_a_check_across_keys_names_the_key_it_is_about() -> None:
    err = refusal(RESULTS + 'counted = "c"\n')
    assert str(err) == "f.toml:8: feed[0].results.counted: `counted` and `total` go together"
    err = refusal(ELECTION + "reserved = 10\n")
    assert (
        str(err) == "f.toml:6: watch[0].election.reserved: out of range (0 to 9, fewer than seats)"
    )


def test_a_misspelt_key_is_named_before_a_bad_value_after_it() -> None:
    err = refusal('[settings]\ninterval = "soon"\nintreval = "5m"\n')
    assert (err.line, err.key) == (3, "settings.intreval")
    err = refusal('[[feed]]\nurl = "ftp://x"\n')
    assert (err.line, err.key, err.message) == (1, "feed[0].name", "missing required key")


@dataclass(frozen=True, slots=True)
class _Undeclared:
    counts: dict[str, int]


def test_a_field_of_a_type_the_walker_cannot_read_fails_loudly() -> None:
    """No silent pass-through: a new field of an unknown shape must declare its Parse."""
    with pytest.raises(TypeError, match="declare a Parse"):
        Walker(P, "").decode(_Undeclared, {"counts": {}}, ())
