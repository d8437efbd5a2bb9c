"""Casualty counters: killed, injured, arrested, and crowd size kept apart, each with its why."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.geometry import Size
from textual.message import Message
from textual.widget import Widget
from textual.widgets import Digits, Sparkline, Static

from crisiswatch.models import Kind, Qual
from crisiswatch.tally.casualties import Basis, Counter
from crisiswatch.ui.feedtext import inert
from crisiswatch.wording import ago, words_before

HARM = (Kind.KILLED, Kind.INJURED, Kind.ARRESTED)


@dataclass
class CounterOpened(Message):
    """Enter (or a click) on a counter: show every report behind it."""

    kind: Kind
    counter: Counter | None


def digits_for(counter: Counter | None) -> str:
    """What the big digits say: the headline figure, a range as "10-15", "-" when none yet."""
    if counter is None or counter.shown is None:
        return "-"
    f = counter.shown
    if f.qual is Qual.RANGE and f.high is not None:
        return f"{f.value:,}-{f.high:,}"
    return f"{f.value:,}"


def detail_parts(counter: Counter | None) -> list[Text]:
    """What qualifies the digits, most telling first: the qualifier and a vague amount (the
    digits alone would read as a count), incidents, the range, the number of sources."""
    if counter is None or counter.shown is None:
        return [Text("no reports yet", style="dim")]
    f = counter.shown
    parts: list[Text] = []
    words = words_before(f.qual)
    if words:
        parts.append(Text(words, style="bold"))
    head = counter.headline.figure if counter.headline is not None else None
    if head is not None and head.vague and head.value == f.value:
        parts.append(Text("vague amount, not a count", style="bold"))
    if counter.basis is Basis.INCIDENTS:
        n = len(counter.incidents)
        parts.append(Text(f"across {n} incidents" if n > 1 else "one incident"))
    if counter.range_label is not None:
        parts.append(Text(f"range {counter.range_label}"))
    parts.append(Text(f"{counter.sources} source{'s' if counter.sources != 1 else ''}"))
    return parts


def changed_text(counter: Counter | None, now: datetime) -> Text | None:
    if counter is None or counter.shown is None:
        return None
    return Text(f"changed {ago(counter.last_changed, now)}", style="dim")


def detail_text(counter: Counter | None, now: datetime) -> Text:
    """The lines under the digits, unfitted: the parts joined by " · ", then the change's age."""
    text = Text(" · ").join(detail_parts(counter))
    changed = changed_text(counter, now)
    if changed is not None:
        text.append("\n")
        text.append_text(changed)
    return text


def pack(parts: list[Text], width: int) -> list[Text]:
    """Parts joined by " · " into lines no wider than `width`, never splitting a part; a part
    wider than a line is cut with "…" rather than wrapped."""
    lines: list[Text] = []
    for part in parts:
        part = part.copy()
        if part.cell_len > width:
            part.truncate(max(1, width), overflow="ellipsis")
        if lines and lines[-1].cell_len + 3 + part.cell_len <= width:
            lines[-1].append(" · ")
            lines[-1].append_text(part)
        else:
            lines.append(part)
    return lines


class CardDetail(Widget):
    """The card's lines under its digits, packed to the card's width: a part moves to the next
    line whole instead of wrapping mid-phrase, and "changed … ago" keeps a line of its own."""

    DEFAULT_CSS = "CardDetail { height: auto; }"

    def __init__(self, *, classes: str | None = None) -> None:
        super().__init__(classes=classes)
        self.parts: list[Text] = [Text("no reports yet", style="dim")]
        self.changed: Text | None = None

    def show(self, parts: list[Text], changed: Text | None) -> None:
        self.parts, self.changed = parts, changed
        self.refresh(layout=True)

    def lines(self, width: int) -> list[Text]:
        lines = pack(self.parts, max(1, width))
        if self.changed is not None:
            lines.extend(pack([self.changed], max(1, width)))
        return lines

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        return len(self.lines(width))

    def render(self) -> Text:
        return Text("\n").join(self.lines(self.size.width))


def note_text(counter: Counter | None) -> Text:
    """The card's warning line, in words: disagreement first, else doubt about what it covers."""
    if counter is None:
        return Text("")
    if counter.pinned and counter.pin is not None:
        return inert(f"⚑ pinned by {counter.pin.user}", "bold")
    if counter.pin_passed_by is not None:
        return Text("⚑ pin passed by a newer report", style="bold")
    if counter.disagree:
        return Text("⚠ sources disagree", style="bold")
    if counter.unsure:
        return Text("? incidents unclear", style="bold")
    return Text("")


class CounterCard(Widget, can_focus=True):
    """One kind's headline figure in large type, its range, sources, age and trend."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "open", "Reports", show=True),
    ]

    def __init__(self, kind: Kind, now: Callable[[], datetime], *, id: str | None = None) -> None:
        super().__init__(id=id, classes="counter")
        self.kind = kind
        self.now = now
        self.counter: Counter | None = None

    def compose(self) -> ComposeResult:
        label = "crowd size" if self.kind is Kind.CROWD else self.kind.value
        yield Static(Text(label.upper()), classes="counter-title", markup=False)
        yield Digits("-", classes="counter-digits")
        yield CardDetail(classes="counter-detail")
        yield Sparkline([], classes="counter-trend")
        yield Static(Text(""), classes="counter-note", markup=False)

    @property
    def value_shown(self) -> str:
        return self.query_one(".counter-digits", Digits).value

    def show(self, counter: Counter | None) -> None:
        self.counter = counter
        self.query_one(".counter-digits", Digits).update(digits_for(counter))
        detail = self.query_one(CardDetail)
        detail.show(detail_parts(counter), changed_text(counter, self.now()))
        trend = list(counter.trend) if counter is not None else []
        spark = self.query_one(".counter-trend", Sparkline)
        spark.data = [float(v) for v in trend] if len(trend) > 1 else []
        self.query_one(".counter-note", Static).update(note_text(counter))
        self.set_class(counter is not None and counter.disagree, "-disagree")
        self.set_class(counter is None or counter.shown is None, "-empty")
        if counter is not None and counter.shown is not None:
            who = counter.headline.source.label if counter.headline is not None else None
            self.tooltip = inert(counter.label + (f" from {who}" if who else ""))
        else:  # another watch, or no report yet: never the previous watch's figure
            self.tooltip = None

    def action_open(self) -> None:
        self.post_message(CounterOpened(self.kind, self.counter))

    def on_click(self) -> None:
        self.focus()
        self.action_open()


class CountersPane(Vertical):
    """The three harm counters side by side, crowd size below them, clearly apart."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("l,right", "move(1)", "Next counter", show=False),
        Binding("h,left", "move(-1)", "Previous counter", show=False),
        Binding("j,down", "move(1)", "Next counter", show=False),
        Binding("k,up", "move(-1)", "Previous counter", show=False),
    ]

    def __init__(self, now: Callable[[], datetime], *, id: str | None = None) -> None:
        super().__init__(id=id, classes="pane")
        self.now = now
        self.border_title = "Casualties"
        self.last_focused = Kind.KILLED

    def compose(self) -> ComposeResult:
        with Horizontal(id="harm"):
            for kind in HARM:
                yield CounterCard(kind, self.now, id=f"counter-{kind.value}")
        yield Static(
            Text("crowd size — people gathered, not a casualty figure", style="italic"),
            id="crowd-rule",
            markup=False,
        )
        yield CounterCard(Kind.CROWD, self.now, id=f"counter-{Kind.CROWD.value}")

    def card(self, kind: Kind) -> CounterCard:
        return self.query_one(f"#counter-{kind.value}", CounterCard)

    def show(self, counters: dict[Kind, Counter], watch: str | None) -> None:
        # A watch name is the user's text, not markup: "[election]" stays, "[/]" cannot crash.
        self.border_title = inert(f"Casualties · {watch}" if watch else "Casualties · all items")
        for kind in Kind:
            self.card(kind).show(counters.get(kind))

    def focus_first(self) -> None:
        self.card(self.last_focused).focus()

    def action_move(self, step: int) -> None:
        order = [*HARM, Kind.CROWD]
        focused = self.screen.focused
        current = order.index(focused.kind) if isinstance(focused, CounterCard) else 0
        self.card(order[(current + step) % len(order)]).focus()
