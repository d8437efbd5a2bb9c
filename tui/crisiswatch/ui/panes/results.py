"""The results table of one race at a time: party shares with bars, changes, threshold status
and seats, diffed by key; `n` shows the next race."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.message import Message
from textual.widgets import DataTable, ProgressBar, Static
from textual.widgets._progress_bar import Bar  # ProgressBar's own bar: no public name

from crisiswatch.models import RaceStatus
from crisiswatch.tally.results import (
    PartyRow,
    ResultsTable,
    earlier_mark,
    race_label,
    status_label,
)
from crisiswatch.ui.feedtext import inert
from crisiswatch.ui.tables import KeyTable
from crisiswatch.wording import change_words

BAR_CELLS = 10
_EIGHTHS = " ▏▎▍▌▋▊▉"
COLUMNS = ("party", "share", "change", "threshold", "seats")


@dataclass
class PartyOpened(Message):
    """Enter (or a click) on a party: show its share over time."""

    party: str
    table: str | None = None
    """The results table (race) the party was picked in."""


def bar(pct: float, scale: float, cells: int = BAR_CELLS) -> str:
    """A horizontal bar in eighths of a cell, `scale` per cent filling all `cells` of it."""
    if scale <= 0 or cells <= 0:
        return ""
    eighths = round(max(0.0, min(pct / scale, 1.0)) * cells * 8)
    full, part = divmod(eighths, 8)
    return "█" * full + (_EIGHTHS[part] if part else "")


def change_text(change: float | None, *, from_earlier: bool = False) -> Text:
    """The change in words (▲/▼ with the amount), green for a rise and red for a fall."""
    words = change_words(change, from_earlier=from_earlier)
    if from_earlier or change is None or change == 0:
        return Text(words, style="dim")
    return Text(words, style="green" if change > 0 else "red")


def row_cells(
    row: PartyRow, scale: float, candidates: bool = False, fit: Fit | None = None
) -> tuple[Text, ...]:
    """The row's cells; with a `fit`, the name cut with "…" to its width and the bar shortened."""
    name = inert(row.party)
    marks = Text()
    if row.official:
        marks.append(" ◉", style="bold")
    if not row.known:
        marks.append(" (not in watch)", style="dim")
    if row.from_earlier:
        marks.append(f" ({earlier_mark(row)})", style="dim italic")
    if fit is not None and name.cell_len + marks.cell_len > fit.party:
        room = fit.party - marks.cell_len
        if room >= NAME_MIN:  # the name gives way before what is said about it
            name.truncate(room, overflow="ellipsis")
        else:
            name.append_text(marks)
            marks = Text()
            name.truncate(fit.party, overflow="ellipsis")
    name.append_text(marks)
    cells = BAR_CELLS if fit is None else fit.bar
    share = Text(f"{row.pct:5.2f}%")
    if cells:
        share.append(" ")
        share.append(bar(row.pct, scale, cells).ljust(cells), style="bold")
    if candidates:
        threshold = (
            Text("✓ majority", style="green")
            if row.over_threshold
            else Text("✗ no majority", style="dim")
        )
    else:
        threshold = (
            Text("✓ over", style="green") if row.over_threshold else Text("✗ under", style="red")
        )
    seats = Text("" if row.seats is None else str(row.seats), justify="right")
    change = change_text(row.change, from_earlier=row.from_earlier)
    return (name, share, change, threshold, seats)


NAME_MIN = 8
"""A party name is cut no shorter than this to keep its marks; below, the whole cell is cut."""
BAR_MIN = 4
"""The shortest bar still worth drawing when the name needs the room."""
PAD = 2
"""Cells a DataTable column spends on padding (one each side)."""


@dataclass(frozen=True, slots=True)
class Fit:
    """The columns' widths for a pane so many cells wide: the bar shrinks first, then the
    party name (cut with "…"); share, change, threshold and seats always keep their width."""

    party: int
    bar: int
    change: int = 6
    threshold: int = 9
    seats: int = 5

    @property
    def widths(self) -> tuple[int, ...]:
        return (
            self.party,
            6 + (self.bar + 1 if self.bar else 0),
            self.change,
            self.threshold,
            self.seats,
        )


def fit_columns(width: int, names: Sequence[Text], candidates: bool = False) -> Fit:
    """Widths for a table `width` cells wide (one kept for a scrollbar) whose name cells are
    `names` (marks included)."""
    threshold = 13 if candidates else 9
    natural = max([5, *(n.cell_len for n in names)])
    room = width - 1 - PAD * len(COLUMNS) - 6 - 1 - 6 - threshold - 5
    cells = max(0, min(BAR_CELLS, room - natural))
    if cells < BAR_MIN and room - BAR_MIN >= 2 * NAME_MIN:
        cells = BAR_MIN
    party = max(NAME_MIN, min(natural, room - cells))
    return Fit(party=party, bar=cells, threshold=threshold)


class PartyTable(KeyTable):
    """One row per party of the race shown."""


class ResultsPane(Vertical):
    """Header with the race, its status and counting progress, then one row per party of that
    race, updated in place by party name; `]` shows the next race and `[` the previous one
    (`n` is newsboat's next unread)."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("right_square_bracket", "next_race(1)", "Next race", id="next_race"),
        Binding(
            "left_square_bracket", "next_race(-1)", "Previous race", show=False, id="previous_race"
        ),
    ]

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id, classes="pane")
        self.border_title = "Results"
        self._shown: dict[str, tuple[Text, ...]] = {}
        self.table_state: ResultsTable | None = None
        self.races: tuple[ResultsTable, ...] = ()
        self.race_index = 0
        self._watch: str | None = None
        self._has_election = False
        self.head_text = Text("no results reported yet", style="dim")
        """What the header shows (for tests)."""
        self.fit: Fit | None = None
        """The columns' widths now drawn; None until the pane knows its width."""

    def compose(self) -> ComposeResult:
        yield Static(Text("no results reported yet", style="dim"), id="results-head", markup=False)
        yield ProgressBar(total=100, show_eta=False, id="results-progress")
        table: PartyTable = PartyTable(id="results-table", cursor_type="row", zebra_stripes=True)
        yield table

    def on_mount(self) -> None:
        self._add_columns(None)

    def _add_columns(self, fit: Fit | None) -> None:
        table = self.query_one(PartyTable)
        widths = fit.widths if fit is not None else (None,) * len(COLUMNS)
        for key, width in zip(COLUMNS, widths, strict=True):
            table.add_column(Text(key), key=key, width=width)

    def on_resize(self) -> None:
        self._render_race()

    @property
    def table(self) -> PartyTable:
        return self.query_one(PartyTable)

    def show(
        self,
        results: Sequence[ResultsTable] | ResultsTable | None,
        watch: str | None,
        has_election: bool,
    ) -> None:
        """Show a watch's race tables, keeping the race on screen selected across refreshes."""
        if isinstance(results, ResultsTable):
            results = (results,)
        shown_race = self.table_state.race if self.table_state is not None else None
        self.races = tuple(results or ())
        self._watch, self._has_election = watch, has_election
        names = [t.race for t in self.races]
        self.race_index = names.index(shown_race) if shown_race in names else 0
        self._render_race()

    def action_next_race(self, step: int = 1) -> None:
        """`]` / `[`: the next / previous race of the watch's election, round the ends."""
        if len(self.races) > 1:
            self.race_index = (self.race_index + step) % len(self.races)
            self._render_race()

    def _render_race(self) -> None:
        results = self.races[self.race_index] if self.races else None
        watch, has_election = self._watch, self._has_election
        self.table_state = results
        head = self.query_one("#results-head", Static)
        progress = self.query_one("#results-progress", ProgressBar)
        if not has_election:
            head.update(Text("this watch follows no election", style="dim"))
            self.border_title = "Results"
            progress.display = False
            self._diff([], 0.0)
            self.table.display = False  # no column header left from the previous watch
            return
        # A watch name is the user's text, not markup: "[election]" stays, "[/]" cannot crash.
        self.border_title = inert(f"Results · {watch}") if watch else "Results"
        if results is None or not results.rows:
            head.update(Text("no results reported yet", style="dim"))
            progress.display = False
            self._diff([], 0.0)
            self.table.display = False
            return
        self.table.display = True
        self.head_text = header(results, self.race_index, len(self.races))
        head.update(self.head_text)
        progress.display = results.reporting_pct is not None
        progress.update(total=100, progress=results.reporting_pct or 0.0)
        self._fit_bar()
        # The bar may have no size yet (its tab hidden, or the first layout still to come):
        # once laid out it is given its share again, so it draws the same whenever it was shown.
        self.call_after_refresh(self._fit_bar)
        self._diff(list(results.rows), max(r.pct for r in results.rows), results.candidates)

    def _fit_bar(self) -> None:
        """The bar rounds its share to the cells it had when it was last given one (none while
        it has no size): given again at the width it has now, a screen (and a snapshot) does not
        depend on when the pane was shown."""
        progress = self.query_one("#results-progress", ProgressBar)
        for shown in progress.query(Bar):
            shown.percentage = progress.percentage

    def _refit(self, rows: list[PartyRow], scale: float, candidates: bool) -> Fit | None:
        """The widths for the pane's width now; the table is rebuilt only when they change."""
        if self.size.width <= 0:
            return self.fit
        names = [row_cells(row, scale, candidates)[0] for row in rows]
        fit = fit_columns(self.size.width, names, candidates)
        if fit != self.fit:
            table = self.table
            cursor = table.cursor_row
            table.clear(columns=True)
            self._shown.clear()
            self.fit = fit
            self._add_columns(fit)
            self._diff(rows, scale, candidates, refit=False)
            table.move_cursor(row=cursor)
        return self.fit

    def _diff(
        self, rows: list[PartyRow], scale: float, candidates: bool = False, refit: bool = True
    ) -> None:
        """Update cells that changed, add new parties, remove gone ones, and keep the rows in
        the order of `rows` (the tally's); the table is cleared only when the pane's width
        changes the columns' widths."""
        if refit and rows:
            drawn = self.fit
            self._refit(rows, scale, candidates)
            if self.fit != drawn:
                return
        table = self.table
        wanted = {row.party: row_cells(row, scale, candidates, self.fit) for row in rows}
        for party in list(self._shown):
            if party not in wanted:
                table.remove_row(party)
                del self._shown[party]
        for party, cells in wanted.items():
            old = self._shown.get(party)
            if old is None:
                table.add_row(*cells, key=party)
            else:
                for column, before, after in zip(COLUMNS, old, cells, strict=True):
                    if before != after:
                        table.update_cell(party, column, after)
            self._shown[party] = cells
        order = [row.party for row in rows]  # the tally's order: by share, then by name
        if order != self.parties():
            table.order_rows(order)

    def parties(self) -> list[str]:
        """Parties in display order (for tests and the history screen); `rows` would give
        them in the order they were added, which a sort leaves alone."""
        return [str(row.key.value) for row in self.table.ordered_rows]

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        if event.row_key.value is not None:
            race = self.table_state.race if self.table_state is not None else None
            self.post_message(PartyOpened(event.row_key.value, race))


def header(results: ResultsTable, index: int, races: int) -> Text:
    """The race, how many there are, its stated status, then whose count, how far it had got,
    the threshold (or majority) and the projection, or why there is none."""
    text = Text()
    if results.race is not None or races > 1:
        text.append(race_label(results), style="bold")
        if races > 1:
            text.append(f" (race {index + 1} of {races}, ]: next)")
        text.append(" · ")
    status = status_label(results)
    if status and results.status is not None:
        strong = results.status.mention.status in (RaceStatus.ANNULLED, RaceStatus.RERUN)
        text.append(status, style="bold red" if strong else "bold")
        text.append(" · ")
    if results.reporting_pct is not None:
        text.append(f"{results.reporting_pct:g}% counted")
    else:
        text.append("share counted not stated")
    if results.as_of is not None:
        text.append(f" · as of {results.as_of:%d %b %H:%M} UTC")
    if results.source:
        if results.official:
            text.append(" · ")
            text.append("◉ official", style="bold")
            text.append(" count from ")
        else:
            text.append(" · count from ")
        text.append_text(inert(results.source))
        if results.outranked:
            n = len(results.outranked)
            text.append(f" (outranks {n} text report{'s' if n > 1 else ''} of this count)")
    if results.previous is not None:
        prev = results.previous.reporting_pct
        text.append(f" · change since its {f'{prev:g}% ' if prev is not None else ''}count")
    if results.candidates:
        text.append(" · majority over 50%")
    else:
        text.append(f" · threshold {results.threshold:g}%{results.threshold_note}")
    if results.not_projected:
        text.append(f" · seats not projected: {results.not_projected}", style="bold")
    elif results.projected and results.seats_total:
        reserved = f" ({results.reserved} reserved)" if results.reserved else ""
        text.append(f" · {results.seats_total} seats{reserved}, {results.method.value}")
        for caveat in results.caveats:
            text.append(f"\n⚠ {caveat}")
    return text
