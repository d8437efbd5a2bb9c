"""Every report behind one casualty counter, current and superseded, and the rule that chose."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Footer, Static

from crisiswatch.console_views import ago, qualified
from crisiswatch.models import FigureReport, Kind
from crisiswatch.tally.casualties import HEADLINE_RULE, Counter
from crisiswatch.ui.feedtext import inert
from crisiswatch.ui.panes.counters import QUAL_WORDS


def report_text(report: FigureReport, mark: str, now: datetime) -> Text:
    """figure, qualifier, source, time, attribution, then the sentence it came from."""
    f = report.figure
    out = Text(end="")
    out.append(f"{mark} ")
    out.append(qualified(f.value, f.qual.value, f.high), style="bold")
    words = QUAL_WORDS.get(f.qual, "")
    out.append(f" ({words or 'exact'}{', vague amount' if f.vague else ''})")
    out.append(" · ")
    out.append_text(inert(report.source, "bold"))
    out.append(f" · {report.at:%d %b %H:%M} UTC ({ago(report.at, now)})")
    out.append(" · ")
    out.append_text(inert(f.attribution or "no attribution stated"))
    out.append("\n    “")
    out.append_text(inert(f.sentence or report.title))
    out.append("”\n")
    return out


def counter_text(kind: Kind, counter: Counter | None, now: datetime) -> Text:
    out = Text(end="")
    label = "crowd size" if kind is Kind.CROWD else kind.value
    if counter is None or counter.headline is None:
        out.append(f"No report of people {label} yet.\n", style="dim")
    else:
        f = counter.headline.figure
        out.append(f"{label}: ", style="bold")
        out.append(qualified(f.value, f.qual.value, f.high), style="bold")
        if counter.low is not None and counter.high is not None and counter.low != counter.high:
            out.append(f" · range {counter.low:,}–{counter.high:,}")
        out.append(f" · {counter.sources} source(s) · changed {ago(counter.last_changed, now)}")
        if counter.disagree:
            out.append(" · ⚠ sources disagree", style="bold")
        out.append("\n\n")
    if counter is not None:
        out.append("Why this figure: ", style="bold")
        out.append_text(inert(counter.rule))
        out.append("\n\n")
        out.append(f"Current reports ({len(counter.current)}), ★ = headline:\n", style="bold")
        for r in counter.current:
            out.append_text(report_text(r, "★" if r is counter.headline else "·", now))
        if counter.superseded:
            out.append(
                f"\nSuperseded by a newer report from the same source ({len(counter.superseded)}):\n",
                style="bold",
            )
            for r in counter.superseded:
                out.append_text(report_text(r, "old", now))
    out.append("\nThe rule: ", style="bold")
    out.append(HEADLINE_RULE)
    return out


class CounterScreen(Screen[None]):
    """Escape goes back."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "app.pop_screen", "Back"),
        Binding("j,down", "scroll(1)", "Down", show=False),
        Binding("k,up", "scroll(-1)", "Up", show=False),
    ]

    def __init__(
        self, kind: Kind, counter: Counter | None, watch: str | None, now: Callable[[], datetime]
    ) -> None:
        super().__init__(classes="detail-screen")
        self.kind = kind
        self.counter = counter
        self.watch_name = watch
        self.now = now

    def compose(self) -> ComposeResult:
        title = Text(f"{self.kind.value} · ", style="bold")
        title.append_text(inert(self.watch_name or "all items", "bold"))
        with VerticalScroll(id="counter-body"):
            yield Static(title, id="counter-title", markup=False)
            yield Static(
                counter_text(self.kind, self.counter, self.now()),
                id="counter-reports",
                markup=False,
            )
        yield Footer(compact=True, show_command_palette=False)

    def action_scroll(self, step: int) -> None:
        self.query_one(VerticalScroll).scroll_relative(y=step, animate=False)
