"""Every key the app answers to, on every screen."""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar

from rich.console import Group
from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Footer, Static

from crisiswatch.keymap import ACTIONS, shown
from crisiswatch.ui.screens.decide import DECISION_KEYS
from crisiswatch.ui.tables import BACK

KEYS: tuple[tuple[str, tuple[tuple[str, str], ...]], ...] = (
    (
        "Everywhere",
        (
            ("q", "close the screen on top; on the main screen, quit"),
            ("Q, Ctrl+Q", "quit from any screen"),
            ("Ctrl+P", "Textual's command palette (theme, key panel, screenshot)"),
            ("?", "this help"),
            ("Escape", "close the screen on top (or the headline filter)"),
            ("r", "poll every feed now (when following another poller: read the store again)"),
            ("w", "next watch: the counters, results and ★ marks follow it"),
            ("f", "feed health: every feed's status and last error"),
            ("B", "bookmarks: every bookmarked story (Enter opens one, b takes it away)"),
            ("j / k, ↓ / ↑, Space", "move or scroll on every screen; Space a page down"),
            ("e", "write the watch's situation report (Markdown) to the reports dir"),
        ),
    ),
    (
        "Main screen",
        (
            ("Tab / Shift+Tab", "next / previous pane (headlines, casualties, results)"),
            ("j / k, ↓ / ↑", "move down / up in the pane"),
            ("PgDn / PgUp, Space", "a page down / up in the headlines"),
            ("g / G, Home / End", "newest / oldest headline"),
            ("Enter", "open: the headline's text, the counter's reports, the party's history"),
            ("/", "search: words in the title or the text (Enter keeps it, Escape clears it)"),
            ("u", "show or hide headlines already read"),
            ("t", "next tag: only the stories of feeds with that tag, then every feed again"),
            ("n", "next unread headline (round to the top)"),
            ("N", "mark the headline read, or unread again"),
            ("A", "mark every headline shown read (only those the search shows)"),
            ("b", "bookmark the headline, or take its bookmark away"),
            ("h / l, ← / →", "previous / next counter"),
            ("] / [", "next / previous race in the results (presidential, parliamentary)"),
        ),
    ),
    (
        "Headline",
        (
            ("c", "copy the link to the clipboard (OSC 52: works over SSH)"),
            ("o", "open the link in a browser, where one exists"),
            ("j / k, Space", "scroll a line / a page"),
            ("N", "mark the story unread again (or read)"),
            ("b", "bookmark the story, or take its bookmark away"),
            ("n", "open the next unread story"),
        ),
    ),
    (
        "Counter's reports and a story's figures: an analyst's decisions",
        (
            ("↑ / ↓, j / k", "the report under the cursor (on a story, j / k scroll the text)"),
            ("Enter", "on a counter's report: open its story"),
            *DECISION_KEYS,
            ("Enter / Escape", "in the form: next field or save / cancel"),
            ("✓ / ✗ / ⚑", "confirmed / rejected / pinned by an analyst, with who and when"),
        ),
    ),
    (
        "Marks in the headline stream",
        (
            ("●", "unread"),
            ("◆", "a figure (casualties, crowd or results) was read from it"),
            ("★", "matches the selected watch's keywords"),
            ("+N", "N more feeds carried the same story"),
        ),
    ),
    (
        "Marks in the results table",
        (
            ("▲ / ▼", "a party's share rose / fell since its previous report"),
            ("✓ / ✗", "a party is over / under the threshold (a candidate: over half the vote)"),
        ),
    ),
)


def rebound_rows(rebound: Sequence[tuple[str, tuple[str, ...]]]) -> tuple[tuple[str, str], ...]:
    """feeds.toml's [keys], first in the help: what each rebound key does now."""
    rows = []
    for action, keys in rebound:
        spec = ACTIONS[action]
        was = ", ".join(shown(k) for k in spec.keys)
        rows.append((", ".join(shown(k) for k in keys), f"{spec.what} (in place of {was})"))
    return tuple(rows)


def help_table(rebound: Sequence[tuple[str, tuple[str, ...]]] = ()) -> Group:
    """One table a section under its heading, the key columns of all as wide as the widest
    key: a heading in the key column would make that column as wide as the heading, and the
    descriptions one word a line at 80 columns. feeds.toml's [keys] come first."""
    sections = KEYS
    if rebound:
        sections = (("Your keys (feeds.toml [keys])", rebound_rows(rebound)), *KEYS)
    width = max(Text(key).cell_len for _, rows in sections for key, _ in rows)
    parts: list[Text | Table] = []
    for n, (section, rows) in enumerate(sections):
        if n:
            parts.append(Text(""))
        parts.append(Text(section, style="bold underline"))
        table = Table(box=None, show_header=False, padding=(0, 2, 0, 0), expand=False)
        table.add_column("key", style="bold", no_wrap=True, width=width)
        table.add_column("what")
        for key, what in rows:
            table.add_row(Text(key), Text(what))
        parts.append(table)
    return Group(*parts)


class HelpScreen(Screen[None]):
    """Escape goes back."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "app.pop_screen", "Back"),
        BACK,
        Binding("question_mark", "app.pop_screen", "Back", show=False),
        Binding("j,down", "scroll(1)", "Down", show=False),
        Binding("k,up", "scroll(-1)", "Up", show=False),
        Binding("space,pagedown", "page(1)", "Page down", show=False),
        Binding("pageup", "page(-1)", "Page up", show=False),
    ]

    def __init__(self, rebound: Sequence[tuple[str, tuple[str, ...]]] = ()) -> None:
        super().__init__()
        self.rebound = tuple(rebound)

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="help-body"):
            yield Static(help_table(self.rebound), id="help-keys", markup=False)
        yield Footer(compact=True, show_command_palette=False)

    def action_scroll(self, step: int) -> None:
        self.query_one(VerticalScroll).scroll_relative(y=step, animate=False)

    def action_page(self, step: int) -> None:
        body = self.query_one(VerticalScroll)
        body.scroll_relative(y=step * max(1, body.size.height - 1), animate=False)
