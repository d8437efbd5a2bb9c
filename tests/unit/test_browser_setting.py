"""`[settings] browser`: the link as one argument wherever `%u` stands, text browsers told apart."""

from __future__ import annotations

import pytest

from crisiswatch.browser import BadBrowser, browser_command, parse_browser

HOSTILE = "https://example.org/a b;rm -rf ~ $(touch x) 'q\"`"


def test_the_link_replaces_every_mark_as_one_argument() -> None:
    cmd = browser_command(parse_browser("w3m %u"), HOSTILE)
    assert cmd.argv == ("w3m", HOSTILE)
    assert cmd.in_terminal and cmd.name == "w3m"
    cmd = browser_command(parse_browser("'/opt/my browser/ff' --new-tab --url=%u"), HOSTILE)
    assert cmd.argv == ("/opt/my browser/ff", "--new-tab", f"--url={HOSTILE}")
    assert not cmd.in_terminal


def test_without_a_mark_the_link_goes_last() -> None:
    assert browser_command(parse_browser("lynx -accept_all_cookies"), "https://a.b/").argv == (
        "lynx",
        "-accept_all_cookies",
        "https://a.b/",
    )


def test_text_browsers_by_name_unless_told() -> None:
    assert browser_command(parse_browser("/usr/bin/elinks %u"), "https://a.b/").in_terminal
    assert not browser_command(parse_browser("firefox %u"), "https://a.b/").in_terminal
    assert browser_command(parse_browser("mybrowser %u"), "https://a.b/", True).in_terminal
    assert not browser_command(parse_browser("w3m %u"), "https://a.b/", False).in_terminal


@pytest.mark.parametrize("bad", ["", "   ", "w3m 'oops", "w3m\n%u", "w3m\x1b[31m"])
def test_a_setting_that_is_no_command_line_is_refused(bad: str) -> None:
    with pytest.raises(BadBrowser):
        parse_browser(bad)
