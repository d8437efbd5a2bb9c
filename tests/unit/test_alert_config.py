"""`[alerts]`, `[[alert]]` and `notify_program` in feeds.toml: read into typed settings, and
every bad value refused with the file, the line and the key."""

from __future__ import annotations

from pathlib import Path

import pytest

from crisiswatch.config import DEFAULT_HOOK_TIMEOUT, ConfigError, parse_config

BASE = '[[watch]]\nname = "Kyrgyzstan 2020"\nkeywords = ["Bishkek"]\n\n'


def parse(text: str):  # type: ignore[no-untyped-def]
    return parse_config(BASE + text, Path("feeds.toml"))


def test_defaults_are_toast_and_bell_and_no_hooks() -> None:
    config = parse("")
    assert config.alerts.toast and config.alerts.bell
    assert config.hooks == () and config.settings.notify_program == ()


def test_everything_set() -> None:
    config = parse(
        '[settings]\nnotify_program = "notify-send"\n\n'
        "[alerts]\ntoast = false\nbell = false\n\n"
        '[[alert]]\ncommand = ["desk-chat", "--room", "kg"]\nwatch = "kyrgyzstan 2020"\n'
        'kinds = ["count", "status"]\ntimeout = "30s"\n\n'
        '[[alert]]\ncommand = ["notify-send", "crisiswatch"]\n'
    )
    assert config.settings.notify_program == ("notify-send",)
    assert not config.alerts.toast and not config.alerts.bell
    first, second = config.hooks
    assert first.command == ("desk-chat", "--room", "kg")
    assert first.watch == "Kyrgyzstan 2020"  # the watch's own spelling
    assert first.kinds == ("count", "status") and first.timeout == 30.0
    assert second.watch is None and second.kinds == ()
    assert second.timeout == DEFAULT_HOOK_TIMEOUT


def test_notify_program_as_argv() -> None:
    config = parse('[settings]\nnotify_program = ["notify-send", "-u", "low"]\n')
    assert config.settings.notify_program == ("notify-send", "-u", "low")


@pytest.mark.parametrize(
    ("text", "where", "message"),
    [
        ('[[alert]]\ncommand = "notify-send"\n', "feeds.toml:6: alert[0].command", "argv"),
        ("[[alert]]\ncommand = []\n", "feeds.toml:6: alert[0].command", "a program"),
        ('[[alert]]\ncommand = ["x", 3]\n', "feeds.toml:6: alert[0].command", "a program"),
        ('[[alert]]\nwatch = "KG"\n', "feeds.toml:5: alert[0].command", "missing"),
        (
            '[[alert]]\ncommand = ["x"]\nwatch = "Belarus"\n',
            "feeds.toml:7: alert[0].watch",
            "no [[watch]] named 'Belarus'",
        ),
        (
            '[[alert]]\ncommand = ["x"]\nkinds = ["deaths"]\n',
            "feeds.toml:7: alert[0].kinds",
            "'deaths' is not one of count, disagreement, results, status",
        ),
        (
            '[[alert]]\ncommand = ["x"]\ntimeout = "1h"\n',
            "feeds.toml:7: alert[0].timeout",
            "out of range",
        ),
        ('[[alert]]\ncommand = ["x"]\nshell = true\n', "feeds.toml:7: alert[0].shell", "unknown"),
        ('[alerts]\ntoast = "yes"\n', "feeds.toml:6: alerts.toast", "true or false"),
        ("[alerts]\nsound = true\n", "feeds.toml:6: alerts.sound", "unknown key"),
        ("[settings]\nnotify_program = 5\n", "feeds.toml:6: settings.notify_program", "program"),
        ('[settings]\nnotify_program = ""\n', "feeds.toml:6: settings.notify_program", "program"),
        ("[alert]\ncommand = 1\n", "feeds.toml: alert", "an array"),
    ],
)
def test_bad_values_name_file_line_and_key(text: str, where: str, message: str) -> None:
    with pytest.raises(ConfigError) as caught:
        parse(text)
    said = str(caught.value)
    assert said.startswith(where), said
    assert message in said, said


def test_check_lists_the_alerts() -> None:
    from crisiswatch.alerts.console import alerts_summary

    config = parse(
        '[settings]\nnotify_program = ["notify-send", "-u", "low"]\n\n'
        "[alerts]\nbell = false\n\n"
        '[[alert]]\ncommand = ["desk-chat"]\nwatch = "Kyrgyzstan 2020"\nkinds = ["status"]\n'
    )
    line = alerts_summary(config).plain
    assert line.startswith("alerts: in the TUI toast · 1 [[alert]] hook")
    assert "desk-chat (watch Kyrgyzstan 2020, status, timeout 10s)" in line
    assert line.endswith("notify_program notify-send -u low")
