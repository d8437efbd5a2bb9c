"""Every report behind one casualty counter, grouped by source and standing, and the rule."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime
from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.widgets import Footer, OptionList, Static
from textual.widgets.option_list import Option

from crisiswatch.models import FigureReport, Kind, Scope
from crisiswatch.tally.casualties import HEADLINE_RULE, Counter, Statement, Status
from crisiswatch.ui.feedtext import inert, link_text
from crisiswatch.ui.screens.decide import DecidingScreen, Desk, decision_mark
from crisiswatch.ui.tables import BACK
from crisiswatch.wording import QUALIFIERS, ago, figure_short


def report_text(report: FigureReport, mark: str, now: datetime) -> Text:
    """figure, qualifier, feed, time, attribution, then the sentence it came from."""
    f = report.figure
    out = Text(end="")
    out.append(f"{mark} ")
    out.append(figure_short(f.value, f.qual, f.high), style="bold")
    out.append(f" ({QUALIFIERS[f.qual].name}{', vague amount' if f.vague else ''})")
    out.append(" · ")
    out.append_text(inert(report.source, "bold"))
    out.append(f" · {report.at:%d %b %H:%M} UTC ({ago(report.at, now)})")
    out.append(" · ")
    out.append_text(inert(f.attribution or "no attribution stated"))
    out.append("\n    “")
    out.append_text(inert(f.sentence or report.title))
    out.append("”\n")
    if report.article_url:
        out.append("    in the article at ", style="dim")
        out.append_text(link_text(report.article_url))
        out.append("\n")
    return out


def statement_head(s: Statement, mark: str) -> Text:
    """One source's figure: whose it is, what it is, where it stands."""
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
    return out


def carrier_text(r: FigureReport, counter: Counter, now: datetime) -> Text:
    """One feed's report of a statement, with what an analyst decided about it."""
    out = Text("  ", end="")
    line = report_text(r, "·", now)
    line.rstrip()
    out.append_text(line)
    mark = decision_mark(counter.decisions.about(r.item_id, r.figure.kind), counter.pin, r.item_id)
    if mark.plain:
        out.append("\n   ")
        out.append_text(mark)
    return out


def statement_text(s: Statement, mark: str, now: datetime) -> Text:
    """One source's figure, whose it is and what it is, then every feed that carried it."""
    out = statement_head(s, mark)
    for r in s.carriers:
        out.append("  ")
        out.append_text(report_text(r, "·", now))
    return out


SCOPE_WORDS = {
    Scope.RUNNING: "running toll",
    Scope.INCIDENT: "one incident",
    Scope.UNKNOWN: "scope not said",
}


def headline_text(kind: Kind, counter: Counter | None, now: datetime) -> Text:
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
        if counter.pinned and counter.pin is not None:
            out.append(" · ⚑ pinned by ", style="bold")
            out.append_text(inert(counter.pin.user, "bold"))
        elif counter.pin_passed_by is not None:
            out.append(" · pin passed by a newer report", style="bold")
        out.append("\n\n")
    if counter is not None:
        out.append("Why this figure: ", style="bold")
        out.append_text(inert(counter.rule))
        out.append("\n")
    return out


Part = tuple[Text, FigureReport | None]
"""A piece of the counter screen, and the report it shows (None for headings)."""


def counter_parts(kind: Kind, counter: Counter | None, now: datetime) -> list[Part]:
    """The counter screen, piece by piece: each report its own piece, for the cursor."""
    parts: list[Part] = [(headline_text(kind, counter, now), None)]
    if counter is not None:
        covered = [s for s in counter.current if s.status is Status.COVERED]
        groups: list[tuple[str, Sequence[Statement]]] = [
            ("In the counter, ★ = headline", counter.in_range),
            ("Incidents, counted apart", counter.incidents),
            ("Consistent with the headline, adding nothing", covered),
            ("Out of date or revised by their source", counter.earlier),
        ]
        in_groups = {id(s) for _, g in groups for s in g}
        if counter.headline is not None and id(counter.headline) not in in_groups:
            groups.insert(0, ("Pinned by an analyst, ★ = headline", (counter.headline,)))
        for title, group in groups:
            if not group:
                continue
            parts.append((Text(f"{title} ({len(group)}):", style="bold"), None))
            for s in group:
                mark = "★" if s is counter.headline else ("old" if s in counter.earlier else "·")
                head = statement_head(s, mark)
                head.rstrip()
                parts.append((head, None))
                for r in s.carriers:
                    parts.append((carrier_text(r, counter, now), r))
        if counter.rejected:
            title = f"Rejected by an analyst, out of the tally ({len(counter.rejected)}):"
            parts.append((Text(title, style="bold"), None))
            for r, _ in counter.rejected:
                parts.append((carrier_text(r, counter, now), r))
    rule = Text("The rule: ", style="bold", end="")
    rule.append(HEADLINE_RULE)
    parts.append((rule, None))
    return parts


def counter_text(kind: Kind, counter: Counter | None, now: datetime) -> Text:
    """The whole screen as one text (what the tests and a plain reading see)."""
    out = Text(end="")
    for n, (text, _) in enumerate(counter_parts(kind, counter, now)):
        if n:
            out.append("\n")
        out.append_text(text)
    return out


class ReportList(OptionList):
    """The counter's pieces with a cursor on its reports. Past the first or last report the
    keys scroll on, so the headline above and the rule below can still be read."""

    def _more(self, step: int) -> bool:
        """Is there a report beyond the cursor in this direction (the list would wrap)?"""
        at = self.highlighted
        if at is None:
            return False
        rng = range(at + 1, self.option_count) if step > 0 else range(at - 1, -1, -1)
        return any(not self.get_option_at_index(i).disabled for i in rng)

    def action_cursor_down(self) -> None:
        if self._more(1):
            super().action_cursor_down()
        else:
            self.scroll_relative(y=1, animate=False)

    def action_cursor_up(self) -> None:
        if self._more(-1):
            super().action_cursor_up()
        else:
            self.scroll_relative(y=-1, animate=False)


class CounterScreen(DecidingScreen):
    """Escape goes back; the cursor is on a report: Enter opens its story, and the decision
    keys (v x p a z) act on it. Redrawn whenever the store changes (another TUI's decision)."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "app.pop_screen", "Back"),
        BACK,
        Binding("j", "cursor(1)", "Down", show=False),
        Binding("k", "cursor(-1)", "Up", show=False),
        Binding("space", "page", "Page down", show=False),
        Binding("v", "confirm", "Confirm", id="confirm"),
        Binding("x", "reject", "Reject", id="reject"),
        Binding("p", "pin", "Pin", id="pin"),
        Binding("a", "add", "Add", id="add"),
        Binding("z", "undo", "Undo", id="undo"),
    ]

    def __init__(
        self,
        kind: Kind,
        counter: Counter | None,
        watch: str | None,
        now: Callable[[], datetime],
        desk: Desk | None = None,
        open_report: Callable[[FigureReport], object] | None = None,
    ) -> None:
        super().__init__(classes="detail-screen")
        self.kind = kind
        self.counter = counter
        self.watch_name = watch
        self.now = now
        self.desk = desk
        self.open_report = open_report
        self.reports: dict[str, FigureReport] = {}

    def compose(self) -> ComposeResult:
        title = Text(f"{self.kind.value} · ", style="bold")
        title.append_text(inert(self.watch_name or "all items", "bold"))
        yield Static(title, id="counter-title", markup=False)
        yield ReportList(id="counter-reports", compact=True)
        yield Footer(compact=True, show_command_palette=False)

    def on_mount(self) -> None:
        self._fill()

    def _fill(self) -> None:
        """Rebuild the list, keeping the cursor on the report it was on."""
        options = self.query_one(OptionList)
        was = options.highlighted_option.id if options.highlighted_option is not None else None
        self.reports = {}
        opts: list[Option] = []
        for n, (text, report) in enumerate(counter_parts(self.kind, self.counter, self.now())):
            if report is None:
                opts.append(Option(text, id=f"part-{n}", disabled=True))
            else:
                key = f"report{report.item_id}"
                self.reports[key] = report
                opts.append(Option(text, id=key))
        options.set_options(opts)
        if was is not None and was in self.reports:
            options.highlighted = options.get_option_index(was)
        elif self.reports:
            options.highlighted = options.get_option_index(next(iter(self.reports)))

    def show(self, counter: Counter | None) -> None:
        """The store changed: the same counter, read again."""
        self.counter = counter
        if self.is_mounted:
            self._fill()

    @property
    def report(self) -> FigureReport | None:
        """The report under the cursor."""
        option = self.query_one(OptionList).highlighted_option
        return None if option is None or option.id is None else self.reports.get(option.id)

    def action_cursor(self, step: int) -> None:
        options = self.query_one(OptionList)
        if step > 0:
            options.action_cursor_down()
        else:
            options.action_cursor_up()

    def action_page(self) -> None:
        self.query_one(OptionList).action_page_down()  # type: ignore[no-untyped-call]

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        report = self.reports.get(event.option.id or "")
        if report is not None and self.open_report is not None:
            self.open_report(report)

    def action_add(self) -> None:
        if self.desk is not None:
            self.desk.add(self, self.kind, self.watch_name)

    def action_undo(self) -> None:
        if self.desk is not None:
            state = self.desk.standing()
            here = [state.about(r.item_id, r.figure.kind) for r in self.reports.values()]
            here += [state.pins.get((self.watch_name, self.kind))]
            here += [d for d in state.added if d.kind is self.kind and d.watch == self.watch_name]
            latest = max((d for d in here if d is not None), key=lambda d: d.id, default=None)
            self._say(self.desk.undo(latest))
