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


def test_keys_and_theme_are_read() -> None:
    config = parse_config(
        '[keys]\nnext_unread = "m"\nhelp = ["F1", "?"]\nquit = "ctrl+x"\n\n[ui]\ntheme = "nord"\n',
        PATH,
    )
    assert dict(config.keys) == {
        "next_unread": ("m",),
        "help": ("f1", "question_mark"),
        "quit": ("ctrl+x",),
    }
    assert config.theme == "nord"
    assert parse_config("", PATH).keys == () and parse_config("", PATH).theme is None


def test_keys_may_swap_places() -> None:
    config = parse_config('[keys]\nnext_unread = "b"\nbookmark = "n"\n', PATH)
    assert dict(config.keys) == {"next_unread": ("b",), "bookmark": ("n",)}


@pytest.mark.parametrize(
    ("table", "label", "says"),
    [
        ('nope = "x"', "keys.nope", "unknown action"),
        ('next_unread = "ctrl+"', "keys.next_unread", "is not a key name"),
        ('next_unread = "hyper+nothing"', "keys.next_unread", "is not a key name"),
        ('next_unread = ""', "keys.next_unread", "an empty key name"),
        ("next_unread = []", "keys.next_unread", "needs at least one key"),
        ("next_unread = 3", "keys.next_unread", "expected a key name"),
        ('next_unread = "b"', "keys.next_unread", "'b' is already bookmark's key on the main"),
        ('help = "v"', "keys.help", "'v' is already confirm's key on the story screen"),
        ('search = "j"', "keys.search", "'j' is already a fixed key on the main screen"),
        ('quit_now = "escape"', "keys.quit_now", "already a fixed key on every screen"),
    ],
)
def test_bad_keys_name_file_line_and_action(table: str, label: str, says: str) -> None:
    with pytest.raises(ConfigError) as err:
        parse_config(f'[settings]\ninterval = "5m"\n\n[keys]\n{table}\n', PATH)
    assert str(err.value).startswith(f"feeds.toml:5: {label}: "), str(err.value)
    assert says in str(err.value)


@pytest.mark.parametrize(
    ("ui", "label", "says"),
    [('theme = "neon"', "ui.theme", "unknown theme"), ("colour = 1", "ui.colour", "unknown key")],
)
def test_a_bad_ui_table_names_file_line_and_key(ui: str, label: str, says: str) -> None:
    with pytest.raises(ConfigError) as err:
        parse_config(f"[ui]\n{ui}\n", PATH)
    assert str(err.value).startswith(f"feeds.toml:2: {label}: ") and says in str(err.value)
