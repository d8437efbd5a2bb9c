"""An analyst's last word: confirm, reject, pin or add a figure, and undo any of it.

The store keeps decisions as an append-only log (who did what, when); an undo is a new entry
that retracts an earlier one. What stands is derived here, as a pure function of the log, so
every TUI on one store derives the same state from the same rows.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from crisiswatch.errors import BadFigure as BadFigure
from crisiswatch.models import Figure, FigureReport, Kind, Qual, Scope
from crisiswatch.wording import QUALIFIERS, figure_words, words_before


class Action(StrEnum):
    """What an analyst did."""

    CONFIRM = "confirm"
    """The report was read right: it is shown as confirmed and ranks before unconfirmed ones."""
    REJECT = "reject"
    """The report was read wrongly: it leaves the tally, with the reason given."""
    PIN = "pin"
    """The report's figure is the counter's headline until a later report exceeds it."""
    ADD = "add"
    """A figure from outside the feeds (a phone call, a press conference), with its source."""
    UNDO = "undo"
    """Retracts the decision named by `undoes`."""


@dataclass(frozen=True, slots=True)
class Decision:
    """One entry of the log, as stored."""

    id: int
    action: Action
    kind: Kind
    user: str
    at: datetime
    item_id: int | None = None
    """The report's item (its total for `kind`); None for ADD and UNDO."""
    watch: str | None = None
    """The counter a PIN or ADD belongs to; None for CONFIRM and REJECT (a misread figure is
    misread in every watch)."""
    value: int | None = None
    qual: Qual | None = None
    high: int | None = None
    """The figure confirmed, rejected, pinned or added, as it read when the analyst acted."""
    source: str | None = None
    """Who gave a hand-added figure ("the health ministry, press conference")."""
    note: str | None = None
    """The reason for a rejection, or a note on a hand-added figure."""
    undoes: int | None = None

    @property
    def target(self) -> tuple[int, Kind] | None:
        """The report (item and kind) a CONFIRM, REJECT or PIN is about."""
        return None if self.item_id is None else (self.item_id, self.kind)

    def figure_text(self) -> str:
        if self.value is None:
            return ""
        qual = self.qual or Qual.EXACT
        return figure_words(self.value, qual, self.high)

    def says(self) -> str:
        """One line for screens and --explain: what, by whom, when."""
        verb = {
            Action.CONFIRM: "confirmed",
            Action.REJECT: "rejected",
            Action.PIN: "pinned",
            Action.ADD: "added by hand",
            Action.UNDO: "undone",
        }[self.action]
        text = f"{verb} by {self.user} at {self.at:%d %b %H:%M} UTC"
        if self.action is Action.REJECT and self.note:
            text += f": {self.note}"
        return text


@dataclass(frozen=True, slots=True)
class Standing:
    """What the log says now: the decisions not undone, by what they are about."""

    confirmed: dict[tuple[int, Kind], Decision]
    rejected: dict[tuple[int, Kind], Decision]
    pins: dict[tuple[str | None, Kind], Decision]
    added: tuple[Decision, ...]
    log: tuple[Decision, ...]
    """Every entry, undos included, oldest first (for --explain and exports)."""

    def about(self, item_id: int, kind: Kind) -> Decision | None:
        """The confirmation or rejection standing on one report."""
        key = (item_id, kind)
        return self.confirmed.get(key) or self.rejected.get(key)

    def latest(self, kind: Kind, watch: str | None) -> Decision | None:
        """The newest standing decision of one kind in one watch (or in every watch)."""
        mine = [
            d
            for d in (*self.confirmed.values(), *self.rejected.values(), *self.added)
            if d.kind is kind and d.watch in (None, watch)
        ]
        pin = self.pins.get((watch, kind))
        if pin is not None:
            mine.append(pin)
        return max(mine, key=lambda d: d.id, default=None)


EMPTY = Standing({}, {}, {}, (), ())


def standing(log: Iterable[Decision]) -> Standing:
    """Replay the log in order: a later confirm or reject of a report replaces the earlier one,
    a later pin on a counter replaces the earlier pin, an undo retracts what it names."""
    ordered = sorted(log, key=lambda d: d.id)
    undone = {d.undoes for d in ordered if d.action is Action.UNDO}
    confirmed: dict[tuple[int, Kind], Decision] = {}
    rejected: dict[tuple[int, Kind], Decision] = {}
    pins: dict[tuple[str | None, Kind], Decision] = {}
    added: list[Decision] = []
    for d in ordered:
        if d.id in undone or d.action is Action.UNDO:
            continue
        target = d.target
        if d.action is Action.ADD:
            added.append(d)
        elif d.action is Action.PIN and target is not None:
            pins[(d.watch, d.kind)] = d
        elif target is not None and d.action in (Action.CONFIRM, Action.REJECT):
            confirmed.pop(target, None)
            rejected.pop(target, None)
            (confirmed if d.action is Action.CONFIRM else rejected)[target] = d
    return Standing(confirmed, rejected, pins, tuple(added), tuple(ordered))


def hand_report(d: Decision) -> FigureReport:
    """A hand-added figure as a report: the analyst carries it, the named source gave it.

    Its item id is the decision's, negated, so it never meets a stored item's."""
    assert d.action is Action.ADD and d.value is not None
    qual = d.qual or Qual.EXACT
    figure = Figure(
        kind=d.kind,
        value=d.value,
        qual=qual,
        high=d.high,
        attribution=d.source,
        sentence=d.note or f"added by hand by {d.user}",
        start=0,
        end=0,
        scope=Scope.RUNNING,
    )
    return FigureReport(
        figure=figure,
        item_id=-d.id,
        source=f"{d.user} (by hand)",
        at=d.at,
        title=d.note or "",
    )


def for_counter(
    reports: Sequence[FigureReport], state: Standing, watch: str | None
) -> tuple[list[FigureReport], list[tuple[FigureReport, Decision]]]:
    """The reports a counter tallies (rejected ones out, hand-added ones in), and the rejected
    ones with their decisions."""
    kept: list[FigureReport] = []
    out: list[tuple[FigureReport, Decision]] = []
    for r in reports:
        d = state.rejected.get((r.item_id, r.figure.kind))
        if d is None:
            kept.append(r)
        else:
            out.append((r, d))
    for d in state.added:
        if d.watch == watch and d.value is not None:
            r = hand_report(d)
            rej = state.rejected.get((r.item_id, r.figure.kind))
            if rej is None:
                kept.append(r)
            else:
                out.append((r, rej))
    return kept, out


_QUALS = {
    **{words_before(q): q for q in QUALIFIERS if words_before(q)},
    "over": Qual.MORE_THAN,
    "around": Qual.ABOUT,
}
"""What may stand before a typed figure: every qualifier's display words (a figure the app
wrote can be typed back as it reads), and the two other words desks use for them."""
_FIGURE = re.compile(
    rf"^\s*(?P<qual>{'|'.join(map(re.escape, _QUALS))})?\s*"
    r"(?P<value>\d[\d,]*)(?:\s*(?:-|–|to)\s*(?P<high>\d[\d,]*))?\s*$",
    re.IGNORECASE,
)


def parse_figure(text: str) -> tuple[int, Qual, int | None]:
    """ "590", "at least 12", "more than 600", "10-15": a figure typed by hand."""
    m = _FIGURE.match(text)
    if m is None:
        raise BadFigure('a figure reads "590", "at least 12", "more than 600" or "10-15"')
    value = int(m["value"].replace(",", ""))
    if m["high"] is not None:
        high = int(m["high"].replace(",", ""))
        if high <= value or m["qual"]:
            raise BadFigure("a range runs from the lower figure to the higher, with no qualifier")
        return value, Qual.RANGE, high
    qual = _QUALS[m["qual"].casefold()] if m["qual"] else Qual.EXACT
    return value, qual, None
