"""An analyst's decisions from the counter and story screens: the keys' logic and the small
form that asks for a reason, or a figure with its source and a note."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any, ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen, Screen
from textual.widgets import Input, Static

from crisiswatch.models import FigureReport, Kind
from crisiswatch.plaintext import strip_unsafe
from crisiswatch.tally.decisions import Action, BadFigure, Decision, Standing, parse_figure
from crisiswatch.ui.feedtext import inert

NOTE_LIMIT = 300
"""Characters kept of a typed reason, source or note: a line, not a report."""

DECISION_KEYS: tuple[tuple[str, str], ...] = (
    ("v", "confirm the report under the cursor (again: take the confirmation back)"),
    ("x", "reject it, with a reason: it leaves the tally (again: take the rejection back)"),
    ("p", "pin its figure as the counter's headline (again: unpin)"),
    ("a", "add a figure by hand, with its source and a note (a phone call, a briefing)"),
    ("z", "undo the newest decision standing here, whoever took it"),
)
"""The keys, as the help screen and README list them."""


@dataclass(frozen=True, slots=True)
class Field:
    name: str
    label: str
    placeholder: str = ""
    required: bool = True


Check = Callable[[dict[str, str]], str | None]


class DecisionForm(ModalScreen[dict[str, str] | None]):
    """A few typed lines; Enter moves on and, on the last, submits; Escape cancels."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "cancel", "Cancel")]

    def __init__(self, title: str, fields: Sequence[Field], check: Check | None = None) -> None:
        super().__init__(classes="decision-form")
        self.form_title = title
        self.fields = tuple(fields)
        self.check = check

    def compose(self) -> ComposeResult:
        with Vertical(id="decision-box"):
            yield Static(inert(self.form_title, "bold"), markup=False)
            for f in self.fields:
                yield Static(Text(f.label), markup=False)
                yield Input(placeholder=f.placeholder, id=f"field-{f.name}", max_length=NOTE_LIMIT)
            yield Static(Text(""), id="decision-error", markup=False)
            yield Static(Text("Enter: next / save · Escape: cancel", style="dim"), markup=False)

    def values(self) -> dict[str, str]:
        return {
            f.name: " ".join(strip_unsafe(self.query_one(f"#field-{f.name}", Input).value).split())
            for f in self.fields
        }

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        inputs = list(self.query(Input))
        at = inputs.index(event.input)
        if at + 1 < len(inputs):
            inputs[at + 1].focus()
            return
        values = self.values()
        missing = next((f for f in self.fields if f.required and not values[f.name]), None)
        error = f"{missing.label.rstrip(':')} is needed" if missing else None
        if error is None and self.check is not None:
            error = self.check(values)
        if error:
            self.query_one("#decision-error", Static).update(Text(error, style="bold"))
            return
        self.dismiss(values)

    def action_cancel(self) -> None:
        self.dismiss(None)


def _figure_error(values: dict[str, str]) -> str | None:
    try:
        parse_figure(values["figure"])
    except BadFigure as exc:
        return str(exc)
    return None


@dataclass
class Desk:
    """What a screen needs to take decisions: who, what time it is, how to write one, and
    the log as the last snapshot read it."""

    user: str
    now: Callable[[], datetime]
    write: Callable[[Decision], object]
    standing: Callable[[], Standing]

    def _decide(self, action: Action, kind: Kind, **kw: object) -> None:
        self.write(Decision(id=0, action=action, kind=kind, user=self.user, at=self.now(), **kw))  # type: ignore[arg-type]

    def _undo(self, d: Decision) -> None:
        self._decide(Action.UNDO, d.kind, undoes=d.id)

    def confirm(self, r: FigureReport) -> str:
        f = r.figure
        d = self.standing().about(r.item_id, f.kind)
        if d is not None and d.action is Action.CONFIRM:
            self._undo(d)
            return "confirmation taken back"
        self._decide(
            Action.CONFIRM, f.kind, item_id=r.item_id, value=f.value, qual=f.qual, high=f.high
        )
        return "confirmed"

    def reject(self, screen: Screen[Any], r: FigureReport) -> str | None:
        f = r.figure
        d = self.standing().about(r.item_id, f.kind)
        if d is not None and d.action is Action.REJECT:
            self._undo(d)
            return "rejection taken back"

        def done(values: dict[str, str] | None) -> None:
            if values is None:
                return
            self._decide(
                Action.REJECT,
                f.kind,
                item_id=r.item_id,
                value=f.value,
                qual=f.qual,
                high=f.high,
                note=values["reason"],
            )
            screen.notify("rejected: it leaves the tally")

        fields = [Field("reason", "Why is it wrong?", "read from last year's clashes")]
        screen.app.push_screen(DecisionForm(f"Reject {f.kind.value} {f.value:,}", fields), done)
        return None

    def pin(self, r: FigureReport, watch: str | None) -> str:
        f = r.figure
        pin = self.standing().pins.get((watch, f.kind))
        if pin is not None and pin.item_id == r.item_id:
            self._undo(pin)
            return "unpinned"
        self._decide(
            Action.PIN,
            f.kind,
            item_id=r.item_id,
            watch=watch,
            value=f.value,
            qual=f.qual,
            high=f.high,
        )
        return "pinned as the headline"

    def add(self, screen: Screen[Any], kind: Kind, watch: str | None) -> None:
        def done(values: dict[str, str] | None) -> None:
            if values is None:
                return
            value, qual, high = parse_figure(values["figure"])
            self._decide(
                Action.ADD,
                kind,
                watch=watch,
                value=value,
                qual=qual,
                high=high,
                source=values["source"],
                note=values["note"] or None,
            )
            screen.notify("figure added by hand")

        label = "crowd size" if kind is Kind.CROWD else kind.value
        fields = [
            Field("figure", "Figure:", '590, "at least 12", "10-15"'),
            Field("source", "Who gave it:", "the health ministry, press conference"),
            Field("note", "Note (optional):", "phoned 09:40", required=False),
        ]
        screen.app.push_screen(
            DecisionForm(f"Add people {label} by hand", fields, _figure_error), done
        )

    def undo(self, latest: Decision | None) -> str:
        if latest is None:
            return "nothing to undo here"
        self._undo(latest)
        return f"undone: {latest.action.value} by {latest.user}"


def decision_mark(d: Decision | None, pin: Decision | None, item_id: int) -> Text:
    """What an analyst decided about one report, in words (colour only repeats it)."""
    out = Text(end="")
    if d is not None:
        mark = "✓" if d.action is Action.CONFIRM else "✗"
        out.append(f" {mark} ", style="bold")
        out.append_text(inert(d.says(), "bold"))
    if pin is not None and pin.item_id == item_id:
        out.append(" ⚑ ", style="bold")
        out.append_text(inert(pin.says(), "bold"))
    return out


class DecidingScreen(Screen[None]):
    """A screen whose cursor stands on a report an analyst may confirm, reject or pin (the
    counter and story screens): the keys' actions, written once. A subclass sets `desk` and
    `watch_name`, keeps `report` on the report under its cursor and says in `no_report` why
    there may be none."""

    desk: Desk | None = None
    watch_name: str | None = None
    no_report = "no report under the cursor"

    @property
    def report(self) -> FigureReport | None:
        return None

    def _say(self, text: str | None) -> None:
        if text:
            # The words may carry a user name another account wrote: never markup.
            self.notify(text, markup=False)

    def _on_report(self) -> FigureReport | None:
        if self.desk is None:
            self.notify("decisions are not available here", severity="warning")
            return None
        if self.report is None:
            self.notify(self.no_report, severity="warning")
        return self.report

    def action_confirm(self) -> None:
        if (r := self._on_report()) is not None and self.desk is not None:
            self._say(self.desk.confirm(r))

    def action_reject(self) -> None:
        if (r := self._on_report()) is not None and self.desk is not None:
            self._say(self.desk.reject(self, r))

    def action_pin(self) -> None:
        if (r := self._on_report()) is not None and self.desk is not None:
            self._say(self.desk.pin(r, self.watch_name))
