"""`concurrent` under [[watch]]: a duration with a documented default, checked like every key."""

from __future__ import annotations

from pathlib import Path

import pytest

from crisiswatch.config import DEFAULT_CONCURRENT, ConfigError, load_config

WATCH = """\
[[feed]]
name = "Wire"
url = "https://wire.example.org/rss"

[[watch]]
name = "Test"
keywords = ["Bishkek"]
"""


def load(tmp_path: Path, extra: str) -> float:
    path = tmp_path / "feeds.toml"
    path.write_text(WATCH + extra)
    return load_config(path).watches[0].concurrent


def test_default_is_six_hours(tmp_path: Path) -> None:
    assert load(tmp_path, "") == DEFAULT_CONCURRENT == 6 * 3600


def test_duration_is_read(tmp_path: Path) -> None:
    assert load(tmp_path, 'concurrent = "90m"\n') == 5400


@pytest.mark.parametrize("value", ['"8d"', '"soon"', "true"])
def test_bad_value_names_line_and_key(tmp_path: Path, value: str) -> None:
    with pytest.raises(ConfigError) as info:
        load(tmp_path, f"concurrent = {value}\n")
    assert info.value.key == "watch[0].concurrent"
    assert info.value.line == 8
    assert "\n" not in str(info.value)
