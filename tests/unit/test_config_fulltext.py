"""The full-text keys of feeds.toml: where `fulltext` may stand, what wins, and their errors."""

from __future__ import annotations

from pathlib import Path

import pytest

from crisiswatch.config import ConfigError, load_config

BASE = """\
[settings]
interval = "5m"

[[feed]]
name = "Wire"
url = "https://wire.example.org/rss"

[[feed]]
name = "Paywalled"
url = "https://paper.example.org/rss"
fulltext = false

[[feed]]
name = "Own"
url = "https://own.example.org/rss"
fulltext = true

[[watch]]
name = "Bishkek"
keywords = ["Bishkek"]
fulltext = true

[[watch]]
name = "Gaza"
keywords = ["Gaza"]
"""


def test_defaults_and_settings(tmp_path: Path) -> None:
    config = load_config(_write(tmp_path, BASE))
    s = config.settings
    assert s.max_article == 2 * 1024 * 1024 and s.article_connections == 2
    assert s.ignore_robots == ()
    text = BASE.replace(
        'interval = "5m"',
        'interval = "5m"\nmax_article = "512KiB"\narticle_connections = 3\n'
        'ignore_robots = ["Own.example.org", "127.0.0.1:8080"]',
    )
    s = load_config(_write(tmp_path, text)).settings
    assert s.max_article == 512 * 1024 and s.article_connections == 3
    assert s.ignore_robots == ("own.example.org", "127.0.0.1:8080")


def test_the_feeds_setting_wins_over_the_watches(tmp_path: Path) -> None:
    config = load_config(_write(tmp_path, BASE))
    wire, paywalled, own = config.feeds
    assert [f.fulltext for f in config.feeds] == [None, False, True]
    assert [w.fulltext for w in config.watches] == [True, False]
    # Unset on the feed: the matching watches decide.
    assert config.wants_article(wire, ("Bishkek",))
    assert not config.wants_article(wire, ("Gaza",))
    # The feed says no: never, whatever the watch.
    assert not config.wants_article(paywalled, ("Bishkek", "Gaza"))
    # The feed says yes: for an item matching any watch, but not for one matching none.
    assert config.wants_article(own, ("Gaza",))
    assert not config.wants_article(own, ())


BROKEN = [
    pytest.param(BASE.replace("fulltext = false", 'fulltext = "no"'), 11, "feed[1].fulltext"),
    pytest.param(
        BASE.replace("fulltext = true\n\n[[watch]]", "fulltext = 1\n\n[[watch]]"),
        16,
        "feed[2].fulltext",
    ),
    pytest.param(
        BASE.replace(
            'keywords = ["Bishkek"]\nfulltext = true', 'keywords = ["Bishkek"]\nfulltext = "yes"'
        ),
        21,
        "watch[0].fulltext",
    ),
    pytest.param(
        BASE.replace('interval = "5m"', 'interval = "5m"\nmax_article = "200MB"'),
        3,
        "settings.max_article",
    ),
    pytest.param(
        BASE.replace('interval = "5m"', 'interval = "5m"\nmax_article = "big"'),
        3,
        "settings.max_article",
    ),
    pytest.param(
        BASE.replace('interval = "5m"', 'interval = "5m"\narticle_connections = 0'),
        3,
        "settings.article_connections",
    ),
    pytest.param(
        BASE.replace('interval = "5m"', 'interval = "5m"\nignore_robots = ["a b/"]'),
        3,
        "settings.ignore_robots",
    ),
    pytest.param(
        BASE.replace('interval = "5m"', 'interval = "5m"\nignore_robots = "x.org"'),
        3,
        "settings.ignore_robots",
    ),
]


@pytest.mark.parametrize(
    ("text", "line", "key"), BROKEN, ids=lambda v: v if isinstance(v, str) and len(v) < 40 else ""
)
def test_errors_name_file_line_and_key(tmp_path: Path, text: str, line: int, key: str) -> None:
    path = _write(tmp_path, text)
    with pytest.raises(ConfigError) as info:
        load_config(path)
    assert (info.value.key, info.value.line) == (key, line), str(info.value)
    assert str(info.value).startswith(f"{path}:{line}: {key}: ")


def _write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "feeds.toml"
    path.write_text(text)
    return path
