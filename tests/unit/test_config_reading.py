"""feeds.toml's reading settings: `browser`, and its mistakes named by file, line and key."""

from __future__ import annotations

from pathlib import Path

import pytest

from crisiswatch.config import ConfigError, parse_config

PATH = Path("feeds.toml")


def test_browser_is_kept_as_written() -> None:
    config = parse_config('[settings]\nbrowser = "w3m %u"\nbrowser_in_terminal = true\n', PATH)
    assert config.settings.browser == "w3m %u"
    assert config.settings.browser_in_terminal is True
    assert parse_config("", PATH).settings.browser is None


@pytest.mark.parametrize(
    ("value", "says"),
    [
        ('""', "must name a program"),
        ('"w3m \'oops"', "cannot be read as a command line"),
        ('"w3m\\t%u"', "control characters"),
        ("3", "expected a string"),
    ],
)
def test_a_bad_browser_names_file_line_and_key(value: str, says: str) -> None:
    with pytest.raises(ConfigError) as err:
        parse_config(f'[settings]\ninterval = "5m"\nbrowser = {value}\n', PATH)
    assert str(err.value).startswith("feeds.toml:3: settings.browser: ")
    assert says in str(err.value)
