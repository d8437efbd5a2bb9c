"""Every report behind one casualty counter, grouped by source and standing, and the rule."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime
from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Footer, Static

from crisiswatch.console_views import ago, qualified
from crisiswatch.models import FigureReport, Kind, Scope
from crisiswatch.tally.casualties import HEADLINE_RULE, Counter, Statement, Status
from crisiswatch.ui.feedtext import inert
from crisiswatch.ui.panes.counters import QUAL_WORDS


def report_text(report: FigureReport, mark: str, now: datetime) -> Text:
    """figure, qualifier, feed, time, attribution, then the sentence it came from."""
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


def statement_text(s: Statement, mark: str, now: datetime) -> Text:
    """One source's figure, whose it is and what it is, then every feed that carried it."""
    out = Text(end="")
    out.append(f"{mark} ")
    out.append_text(inert(s.source.label, "bold"))
    out.append(f" · {SCOPE_WORDS[s.scope]}")
    if len(s.carriers) > 1:
        out.append(f" · carried by {len(s.feeds)} feed{'s' if len(s.feeds) != 1 else ''}")
    if s.status is not Status.CURRENT:
        out.append(f" · {s.status.value.replace('_', ' ')}")
    if s.why:
        out.append(": ")
        out.append_text(inert(s.why))
    out.append("\n")
    for r in s.carriers:
        out.append("  ")
        out.append_text(report_text(r, "·", now))
    return out


SCOPE_WORDS = {
    Scope.RUNNING: "running toll",
    Scope.INCIDENT: "one incident",
    Scope.UNKNOWN: "scope not said",
}


def counter_text(kind: Kind, counter: Counter | None, now: datetime) -> Text:
    out = Text(end="")
    label = "crowd size" if kind is Kind.CROWD else kind.value
    if counter is None or counter.shown is None:
        out.append(f"No report of people {label} yet.\n", style="dim")
    else:
        out.append(f"{label}: ", style="bold")
        out.append(counter.label, style="bold")
        if counter.range_label is not None:
            out.append(f" · range {counter.range_label}")
        out.append(f" · {counter.sources} source(s) · changed {ago(counter.last_changed, now)}")
        if counter.disagree:
            out.append(" · ⚠ sources disagree", style="bold")
        out.append("\n\n")
    if counter is not None:
        out.append("Why this figure: ", style="bold")
        out.append_text(inert(counter.rule))
        out.append("\n\n")
        covered = [s for s in counter.current if s.status is Status.COVERED]
        groups: list[tuple[str, Sequence[Statement]]] = [
            ("In the counter, ★ = headline", counter.in_range),
            ("Incidents, counted apart", counter.incidents),
            ("Consistent with the headline, adding nothing", covered),
            ("Out of date or revised by their source", counter.earlier),
        ]
        for title, group in groups:
            if not group:
                continue
            out.append(f"{title} ({len(group)}):\n", style="bold")
            for s in group:
                mark = "★" if s is counter.headline else ("old" if s in counter.earlier else "·")
                out.append_text(statement_text(s, mark, now))
            out.append("\n")
    out.append("The rule: ", style="bold")
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
