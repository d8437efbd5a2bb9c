"""Every key the app answers to, on every screen."""

from __future__ import annotations

from typing import ClassVar

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Footer, Static

from crisiswatch.ui.screens.decide import DECISION_KEYS

KEYS: tuple[tuple[str, tuple[tuple[str, str], ...]], ...] = (
    (
        "Everywhere",
        (
            ("q, Ctrl+Q", "quit"),
            ("Ctrl+P", "Textual's command palette (theme, key panel, screenshot)"),
            ("?", "this help"),
            ("Escape", "close the screen on top (or the headline filter)"),
            ("r", "poll every feed now (when following another poller: read the store again)"),
            ("w", "next watch: the counters, results and ★ marks follow it"),
            ("f", "feed health: every feed's status and last error"),
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
            ("/", "filter headlines by words in the title (Enter keeps it, Escape clears it)"),
            ("u", "show or hide headlines already read"),
            ("h / l, ← / →", "previous / next counter"),
            ("n", "next race in the results (presidential, parliamentary), back to the first"),
        ),
    ),
    (
        "Headline",
        (
            ("c", "copy the link to the clipboard (OSC 52: works over SSH)"),
            ("o", "open the link in a browser, where one exists"),
            ("j / k", "scroll"),
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


def help_table() -> Table:
    table = Table(box=None, show_header=False, padding=(0, 2, 0, 0), expand=False)
    table.add_column("key", style="bold", no_wrap=True)
    table.add_column("what")
    for n, (section, rows) in enumerate(KEYS):
        if n:
            table.add_row("", "")
        table.add_row(Text(section, style="bold underline"), "")
        for key, what in rows:
            table.add_row(Text(key), Text(what))
    return table


class HelpScreen(Screen[None]):
    """Escape goes back."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "app.pop_screen", "Back"),
        Binding("question_mark", "app.pop_screen", "Back", show=False),
    ]

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="help-body"):
            yield Static(help_table(), id="help-keys", markup=False)
        yield Footer(compact=True, show_command_palette=False)
