"""Feed text helpers: inert Text, OSC 8 links only for http(s), figure highlights, bars, arrows."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from rich.console import Console

from crisiswatch.models import Figure, Kind, Qual
from crisiswatch.ui.feedtext import inert, inert_lines, link_text, short_age
from crisiswatch.ui.panes.results import bar, change_text
from crisiswatch.ui.screens.item import FIGURE_STYLE, highlighted


def rendered(text: object) -> str:
    console = Console(file=None, force_terminal=True, color_system="truecolor", width=200)
    with console.capture() as cap:
        console.print(text, end="")
    return cap.get()


def test_markup_and_escapes_stay_inert() -> None:
    title = "[bold red]x[/] [@click=app.quit]q[/] \x1b]52;c;aGk=\x07 \x1b[2J \u202eevil"
    text = inert(title)
    assert text.plain == "[bold red]x[/] [@click=app.quit]q[/] ]52;c;aGk= [2J evil"
    assert not text.spans
    out = rendered(text)
    assert "\x1b]52" not in out and "\x1b[2J" not in out and "\x1b]8;" not in out
    assert "[bold red]x[/]" in out


def test_line_breaks_survive_in_bodies() -> None:
    assert inert_lines("a\n\nb\x1bc").plain == "a\n\nbc"


def test_only_http_links_become_osc8_hyperlinks() -> None:
    good = link_text("https://news.example/a?b=1")
    assert any(span.style.link == "https://news.example/a?b=1" for span in good.spans)  # type: ignore[union-attr]
    assert "\x1b]8;" in rendered(good)
    for bad in ("javascript:alert(1)", "file:///etc/passwd", "data:text/html,hi"):
        text = link_text(bad)
        assert not any(getattr(span.style, "link", None) for span in text.spans)
        assert "\x1b]8;" not in rendered(text)
        assert "not offered" in text.plain
    assert link_text(None).plain == "no link"


def test_figures_are_highlighted_by_span() -> None:
    text = "Two killed\n\nAt least 5 people were injured."
    figs = [
        Figure(Kind.KILLED, 2, Qual.EXACT, None, None, "Two killed", 0, 10),
        Figure(Kind.INJURED, 5, Qual.AT_LEAST, None, None, "", 12, 42),
    ]
    out = highlighted(text, figs)
    assert out.plain == text
    marked = [out.plain[s.start : s.end] for s in out.spans if s.style == FIGURE_STYLE]
    assert marked == ["Two killed", "At least 5 people were injured"]


def test_short_age() -> None:
    now = datetime(2020, 10, 6, 9, 0, tzinfo=UTC)
    assert short_age(now - timedelta(seconds=5), now) == "now"
    assert short_age(now - timedelta(minutes=4), now) == "4m"
    assert short_age(now - timedelta(hours=3), now) == "3h"
    assert short_age(now - timedelta(days=2), now) == "2d"
    assert short_age(None, now) == "—"


def test_bars_and_arrows_carry_meaning_without_colour() -> None:
    assert bar(50.0, 50.0) == "█" * 10
    assert bar(0.0, 50.0) == ""
    assert bar(25.0, 50.0) == "█" * 5
    assert change_text(0.52).plain == "▲0.52"
    assert change_text(-1.0).plain == "▼1.00"
    assert change_text(None).plain == "new"
