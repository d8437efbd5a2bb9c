"""The main screen: headlines beside counters and results when wide, one pane per tab when narrow."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import ClassVar

from textual import events
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import Footer, Input, Tab, Tabs

from crisiswatch.ui.layout import side_width
from crisiswatch.ui.panes.counters import CounterCard, CountersPane
from crisiswatch.ui.panes.headlines import HeadlineList
from crisiswatch.ui.panes.results import ResultsPane
from crisiswatch.ui.panes.status import StatusBar

PANES = ("headlines", "counters", "results")
PANE_TITLES = {"headlines": "Headlines", "counters": "Casualties", "results": "Results"}


@dataclass
class FilterEdited(Message):
    """The headline filter's text changed (or was cleared)."""

    text: str


class HeadlinePane(Vertical):
    """The stream with its filter box above it."""

    def __init__(self, now: Callable[[], datetime]) -> None:
        super().__init__(id="headlines-pane", classes="pane")
        self.now = now
        self.border_title = "Headlines"

    def compose(self) -> ComposeResult:
        yield Input(
            placeholder="search headlines: words in the title or text, any order", id="filter"
        )
        yield HeadlineList(self.now, id="headlines")


class MainScreen(Screen[None]):
    """Owns layout and focus between panes; the app owns data."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("tab", "next_pane(1)", "Next pane", show=False),
        Binding("shift+tab", "next_pane(-1)", "Previous pane", show=False),
        Binding("slash", "open_filter", "Search", id="search"),
        Binding("escape", "close_filter", "Clear filter", show=False),
        Binding("A", "app.mark_all_read", "All read", show=False, id="mark_all_read"),
    ]

    def __init__(self, now: Callable[[], datetime]) -> None:
        super().__init__(id="main-screen")
        self.now = now
        self.active_pane = "headlines"

    def compose(self) -> ComposeResult:
        yield Tabs(
            *(Tab(PANE_TITLES[p], id=f"tab-{p}") for p in PANES), id="tabs", active="tab-headlines"
        )
        with Horizontal(id="main"):
            yield HeadlinePane(self.now)
            with Vertical(id="side"):
                yield CountersPane(self.now, id="counters")
                yield ResultsPane(id="results")
        yield StatusBar(id="status")
        yield Footer(compact=True, show_command_palette=False)

    def on_resize(self, event: events.Resize) -> None:
        # The split follows the width (a share with minimums), not a fixed right column.
        width = side_width(event.size.width)
        self.query_one("#side").styles.width = width  # None: the stylesheet's (tabs)

    def on_mount(self) -> None:
        self.query_one("#filter", Input).display = False
        self._show_pane("headlines")
        self.headlines.focus()

    @property
    def headlines(self) -> HeadlineList:
        return self.query_one(HeadlineList)

    @property
    def counters(self) -> CountersPane:
        return self.query_one(CountersPane)

    @property
    def results(self) -> ResultsPane:
        return self.query_one(ResultsPane)

    @property
    def status(self) -> StatusBar:
        return self.query_one(StatusBar)

    # --- panes -----------------------------------------------------------------------------------

    def pane_of(self, widget: Widget | None) -> str:
        while widget is not None:
            if widget.id == "headlines-pane":
                return "headlines"
            if widget.id in ("counters", "results"):
                return str(widget.id)
            parent = widget.parent
            widget = parent if isinstance(parent, Widget) else None
        return self.active_pane

    def _show_pane(self, pane: str) -> None:
        self.active_pane = pane
        for name in PANES:
            self.set_class(name == pane, f"-show-{name}")
        tabs = self.query_one(Tabs)
        if tabs.active != f"tab-{pane}":
            tabs.active = f"tab-{pane}"

    def focus_pane(self, pane: str) -> None:
        self._show_pane(pane)
        if pane == "headlines":
            self.headlines.focus()
        elif pane == "counters":
            self.counters.focus_first()
        else:
            self.results.table.focus()

    def action_next_pane(self, step: int) -> None:
        current = self.pane_of(self.focused)
        self.focus_pane(PANES[(PANES.index(current) + step) % len(PANES)])

    def on_tabs_tab_activated(self, event: Tabs.TabActivated) -> None:
        event.stop()
        pane = (event.tab.id or "tab-headlines").removeprefix("tab-")
        if pane != self.pane_of(self.focused) and pane in PANES:
            self.focus_pane(pane)

    def on_descendant_focus(self, event: events.DescendantFocus) -> None:
        pane = self.pane_of(self.focused)
        if pane != self.active_pane:
            self._show_pane(pane)
        if isinstance(self.focused, CounterCard):
            self.counters.last_focused = self.focused.kind

    # --- filter ----------------------------------------------------------------------------------

    def action_open_filter(self) -> None:
        self.focus_pane("headlines")
        box = self.query_one("#filter", Input)
        box.display = True
        box.focus()

    def action_close_filter(self) -> None:
        box = self.query_one("#filter", Input)
        if not box.display:
            return
        box.value = ""
        box.display = False
        self.post_message(FilterEdited(""))
        self.headlines.focus()

    def on_input_changed(self, event: Input.Changed) -> None:
        if event.input.id == "filter":
            event.stop()
            self.post_message(FilterEdited(event.value.strip()))

    def on_input_submitted(self, event: Input.Submitted) -> None:
        if event.input.id == "filter":
            event.stop()
            if not event.value.strip():
                event.input.display = False
            self.headlines.focus()
