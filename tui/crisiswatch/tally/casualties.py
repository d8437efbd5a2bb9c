"""Casualty counters per kind: who said what, what is out of date, what disagrees, and why.

Reports become statements (one source's figure, with every feed that carried it); a source's
newer toll revises its older ones; a toll that a later report meets or exceeds is out of date;
what is left and cannot all be true at once is in disagreement, and the headline is the most
conservative well-sourced of those. Counts of separate incidents are summed, never ranged.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from enum import StrEnum

from crisiswatch.config import DEFAULT_CONCURRENT
from crisiswatch.models import Figure, FigureReport, Kind, Qual, Scope, Total
from crisiswatch.tally.decisions import EMPTY, Decision, Standing, for_counter
from crisiswatch.tally.sources import Source, outlet, source_of
from crisiswatch.wording import figure_words

HEADLINE_RULE = (
    "A figure's source is who gave it: the body the text names (a ministry, the police, a "
    "rights group, the UN), else the outlet; feeds quoting one figure carry one report of that "
    "source's. A source's newer toll replaces its older ones. Tolls grow, so a report is out "
    "of date, not in disagreement, once a later one from any source meets or exceeds it more "
    "than the watch's concurrent window after it was last said (at any time, for an "
    '"at least" figure). The basis is the current running toll; a figure that does not say '
    "whether it is a toll counts as one unless it is lower than that toll. Current reports "
    "that cannot all be true at once are in disagreement: the range shows them all from low "
    "to high with their sources, and the headline is the most conservative well-sourced of "
    "them (ACLED's practice): named sources before unattributed ones, counts before vague "
    'amounts such as "dozens", then the lowest; ties go to the newest report, then to the '
    "source name that sorts first. Counts of separate incidents add up and never disagree: "
    'with no running toll covering them the counter reads "at least N across K incidents", '
    "and where it cannot tell whether a figure includes them it says so. An analyst's "
    "decisions come last: a rejected report leaves the counter and is listed with the reason "
    "given. A confirmed report ranks before unconfirmed ones and shows who confirmed it and "
    "when. A pinned figure is the headline until it is unpinned or a report published after "
    "the pin exceeds it, and the counter says which. A figure added by hand is a running toll "
    "from the source the analyst names, carried by the analyst."
)
"""The rule, word for word, as the README, `crisiswatch tally --explain` and the counter
screen quote it."""

TREND_POINTS = 60
"""At most this many past states are worked out for the trend; beyond it they are sampled."""


class Status(StrEnum):
    """Where a statement stands in its counter."""

    CURRENT = "current"
    """A toll in the counter's basis (the headline or one end of its range)."""
    COVERED = "covered"
    """Consistent with the basis and adding nothing: lower than the running toll when it does
    not say its scope, or an "at least" that a current figure satisfies."""
    INCIDENT = "incident"
    """One incident's count, summed with the others or covered by the running toll."""
    REVISED = "revised"
    """Replaced by a newer toll from the same source."""
    OUT_OF_DATE = "out_of_date"
    """Met or exceeded by a later report."""


class Basis(StrEnum):
    """What the headline figure is."""

    NONE = "none"
    TOLL = "toll"
    """A running toll of the crisis."""
    FIGURE = "figure"
    """A figure that does not say whether it is a toll or one incident's count."""
    INCIDENTS = "incidents"
    """The sum of counts for separate incidents."""


@dataclass(frozen=True, slots=True)
class Statement:
    """One figure of one source's, with every feed that carried it, oldest first."""

    source: Source
    carriers: tuple[FigureReport, ...]
    scope: Scope
    status: Status = Status.CURRENT
    why: str = ""
    """What put it where it stands ("health ministry now says 686"), when not current."""
    named: bool = False
    """The text named who gave it (not just the outlet that carried it)."""
    confirmed: Decision | None = None
    """An analyst confirmed one of its carriers."""

    @property
    def first(self) -> FigureReport:
        return self.carriers[0]

    @property
    def figure(self) -> Figure:
        return self.carriers[0].figure

    @property
    def at(self) -> datetime:
        return self.carriers[0].at

    @property
    def last(self) -> datetime:
        """When a carrier last said it: a source repeating its figure keeps it standing."""
        return self.carriers[-1].at

    @property
    def value(self) -> int:
        return self.figure.value

    @property
    def top(self) -> int:
        f = self.figure
        return f.high if f.high is not None else f.value

    @property
    def bound(self) -> bool:
        """An "at least" kind of figure: any higher count satisfies it."""
        f = self.figure
        return f.vague or f.qual in (Qual.AT_LEAST, Qual.MORE_THAN)

    @property
    def feeds(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(c.source for c in self.carriers))


@dataclass(frozen=True, slots=True)
class Counter:
    """One kind's counter for a watch, with everything needed to explain it."""

    kind: Kind
    shown: Total | None
    """What the digits say; None while nothing counts."""
    basis: Basis
    headline: Statement | None
    """The statement behind `shown`; None for a sum of incidents or no report."""
    low: int | None
    """Lowest figure among the reports in disagreement (the headline's when none disagree)."""
    high: int | None
    range_label: str | None
    """ "590 to more than 600" when reports disagree, else None."""
    disagree: bool
    """True when current reports cannot all be true at once."""
    in_range: tuple[Statement, ...]
    """The reports in the basis (headline and disagreeing ones), low to high."""
    current: tuple[Statement, ...]
    """Every statement still standing (basis, covered, incidents), oldest first."""
    incidents: tuple[Statement, ...]
    """Counts of separate incidents, oldest first."""
    earlier: tuple[Statement, ...]
    """Revised or out-of-date statements, oldest first."""
    sources: int
    """Distinct sources behind the headline figure (its range or its incidents)."""
    last_changed: datetime | None
    trend: tuple[int, ...]
    """The headline value after each change, oldest first (for a sparkline)."""
    rule: str
    """Why the headline is what it is, naming its sources."""
    unsure: str | None = None
    """Said when the counter cannot tell how its figures relate."""
    rejected: tuple[tuple[FigureReport, Decision], ...] = ()
    """Reports an analyst rejected, with the decision (who, when, why), oldest first."""
    pin: Decision | None = None
    """The pin standing on this counter, whether it holds or was passed."""
    pin_passed_by: FigureReport | None = None
    """The report, published after the pin, that exceeded the pinned figure."""
    decisions: Standing = EMPTY
    """The whole decision log as it stood when the counter was made."""

    @property
    def pinned(self) -> bool:
        """The headline is the analyst's pin, not the rule's choice."""
        return self.pin is not None and self.pin_passed_by is None and self.headline is not None

    @property
    def label(self) -> str:
        """The headline as a desk would write it ("at least 17 across 2 incidents")."""
        if self.shown is None:
            return "no reports yet"
        text = figure_words(self.shown.value, self.shown.qual, self.shown.high)
        if self.basis is Basis.INCIDENTS:
            n = len(self.incidents)
            return f"{text} across {n} incidents" if n > 1 else f"{text} in one incident"
        return text


def _label(s: Statement) -> str:
    f = s.figure
    return figure_words(f.value, f.qual, f.high)


def _order(r: FigureReport) -> tuple[datetime, int, str]:
    return (r.at, r.item_id, r.source)


class _Grouper:
    """Groups reports, fed oldest first, into statements: a source's figure and its carriers.

    A report that names nobody, with the very figure an earlier named report gave, is that
    report carried again; so is a bare count equal to an incident's. Equal incident counts are
    taken for one incident (the conservative error: two incidents of the same size count once).
    Where a report goes depends only on the reports before it, so the statements after any
    number of reports (for the trend) come from one pass.
    """

    def __init__(self, confirmed: Mapping[tuple[int, Kind], Decision] | None = None) -> None:
        self.confirmed = confirmed or {}
        self.groups: dict[tuple[object, ...], list[FigureReport]] = {}
        self.heads: dict[tuple[object, ...], tuple[Source, bool]] = {}
        self.named_figure: dict[tuple[int, int | None], tuple[object, ...]] = {}
        self.incident_figure: dict[tuple[int, int | None], tuple[object, ...]] = {}

    def add(self, r: FigureReport) -> None:
        f = r.figure
        source = source_of(f.attribution, r.source)
        named = source != outlet(r.source)
        fig = (f.value, f.high)
        if f.scope is Scope.INCIDENT:
            key: tuple[object, ...] = ("incident", *fig)
        elif f.scope is Scope.UNKNOWN and fig in self.incident_figure:
            key = self.incident_figure[fig]
        elif not named and fig in self.named_figure:
            key = self.named_figure[fig]
        else:
            key = ("toll", source.key, *fig)
        group = self.groups.get(key)
        if group is None:
            self.groups[key] = group = []
            self.heads[key] = (source, named)
        group.append(r)
        if key[0] == "incident":
            self.incident_figure.setdefault(fig, key)
        elif named:
            self.named_figure[fig] = key

    def statements(self) -> list[Statement]:
        """The statements so far, oldest first."""
        out: list[Statement] = []
        for key, carriers in self.groups.items():
            source, named = self.heads[key]
            if key[0] == "incident":
                scope = Scope.INCIDENT
            elif any(c.figure.scope is Scope.RUNNING for c in carriers):
                scope = Scope.RUNNING
            else:
                scope = carriers[0].figure.scope
            confirmed = (
                next(
                    (
                        d
                        for c in carriers
                        if (d := self.confirmed.get((c.item_id, c.figure.kind))) is not None
                    ),
                    None,
                )
                if self.confirmed
                else None
            )
            out.append(Statement(source, tuple(carriers), scope, named=named, confirmed=confirmed))
        out.sort(key=lambda s: _order(s.first))
        return out


def _rank(s: Statement) -> tuple[bool, bool, bool, int, int, float, str]:
    """The most conservative well-sourced first: confirmed by an analyst, named, a count,
    lowest, newest, by name."""
    return (
        s.confirmed is None,
        not s.named,
        s.figure.vague,
        s.value,
        s.top,
        -s.at.timestamp(),
        s.source.label.casefold(),
    )


def _implied(b: Statement, by: Statement) -> bool:
    """`b` is an "at least" figure that `by` already satisfies."""
    if by is b or not b.bound:
        return False
    if by.value > b.value:
        return True
    return by.value == b.value and (not by.bound or _order(by.first) < _order(b.first))


@dataclass(frozen=True, slots=True)
class _State:
    statements: tuple[Statement, ...]
    shown: Total | None
    basis: Basis
    headline: Statement | None
    pool: tuple[Statement, ...]
    later_incidents: tuple[Statement, ...]
    unsure: str | None


def _why(template: str, by: Statement | None) -> str:
    if by is None:
        return template
    return template.format(who=by.source.label, what=_label(by))


def _evaluate(stmts: Sequence[Statement], window: timedelta, *, full: bool = True) -> _State:
    """Give every statement its status and pick the headline; `stmts` oldest first. Without
    `full`, only what the headline shows (for the trend)."""
    tolls = [s for s in stmts if s.scope is not Scope.INCIDENT]
    incidents = [s for s in stmts if s.scope is Scope.INCIDENT]
    # Status and what caused it; the words are written only for the final state.
    status: dict[int, tuple[Status, str, Statement | None]] = {}
    newest: dict[str, Statement] = {}
    for s in tolls:
        newest[s.source.key] = s
    live: list[Statement] = []
    for s in tolls:
        n = newest[s.source.key]
        if n is not s:
            status[id(s)] = (Status.REVISED, "{who} now says {what}", n)
        else:
            live.append(s)
    # A later report answers s when it meets or exceeds it past the window (or at all, for an
    # "at least"): `suffix[i]` is the highest value from live[i] on, so most checks are a
    # bisect, and the scan for the first answer runs only where there is one.
    times = [t.at for t in live]
    suffix = [-1] * (len(live) + 1)
    for i in range(len(live) - 1, -1, -1):
        suffix[i] = max(live[i].value, suffix[i + 1])
    current: list[Statement] = []
    for s in live:
        j = bisect_right(times, s.last if s.bound else s.last + window)
        if suffix[j] < s.value:
            current.append(s)
            continue
        answer = next(live[k] for k in range(j, len(live)) if live[k].value >= s.value)
        status[id(s)] = (Status.OUT_OF_DATE, "{what} from {who} came later", answer)
    running = [s for s in current if s.scope is Scope.RUNNING]
    pool: list[Statement]
    if running:
        floor = min(s.value for s in running)
        pool = [s for s in current if s.scope is Scope.RUNNING or s.top > floor]
        kept = {id(s) for s in pool}
        for s in current:
            if id(s) not in kept:
                status[id(s)] = (Status.COVERED, "lower than the running toll: part of it", None)
    else:
        pool = list(current)
    if pool:
        strongest = max(pool, key=lambda t: t.value)
        same: dict[int, list[Statement]] = {}
        for t in pool:
            same.setdefault(t.value, []).append(t)
        implied: dict[int, Statement] = {}
        for s in pool:
            if not s.bound:
                continue
            by = strongest if strongest.value > s.value else None
            by = by or next((t for t in same[s.value] if _implied(s, t)), None)
            if by is not None:
                implied[id(s)] = by
        for s in pool:
            if id(s) in implied:
                status[id(s)] = (Status.COVERED, "consistent with {what}", implied[id(s)])
        pool = [s for s in pool if id(s) not in implied]
    for s in current:
        status.setdefault(id(s), (Status.CURRENT, "", None))
    later: list[Statement] = []
    last_toll = max((s.at for s in running), default=None)
    for s in incidents:
        if last_toll is not None and s.at > last_toll + window:
            later.append(s)
            status[id(s)] = (Status.INCIDENT, "after the running toll", None)
        elif last_toll is not None:
            status[id(s)] = (Status.INCIDENT, "within the running toll", None)
        else:
            status[id(s)] = (Status.INCIDENT, "", None)
    head = min(pool, key=_rank) if pool else None
    unsure: str | None = None
    shown: Total | None
    if head is not None:
        basis = Basis.TOLL if running else Basis.FIGURE
        shown = Total(head.value, head.figure.qual, head.figure.high)
        if not running and incidents:
            total = sum(s.value for s in incidents)
            unsure = (
                f"Cannot tell whether {_label(head)} includes the {total:,} counted in "
                f"{len(incidents)} incident{'s' if len(incidents) != 1 else ''}."
            )
        elif later:
            total = sum(s.value for s in later)
            unsure = (
                f"{total:,} more counted in {len(later)} incident"
                f"{'s' if len(later) != 1 else ''} reported after the running toll."
            )
    elif incidents:
        basis = Basis.INCIDENTS
        if len(incidents) == 1:
            f = incidents[0].figure
            shown = Total(f.value, f.qual, f.high)
        else:
            shown = Total(sum(s.value for s in incidents), Qual.AT_LEAST)
    else:
        basis, shown = Basis.NONE, None
    if not full:
        return _State((), shown, basis, None, (), (), None)
    marked = tuple(
        replace(s, status=st, why=_why(why, by))
        for s in stmts
        for st, why, by in [status.get(id(s), (Status.CURRENT, "", None))]
    )
    by_id = {id(old): new for old, new in zip(stmts, marked, strict=True)}
    return _State(
        statements=marked,
        shown=shown,
        basis=basis,
        headline=by_id[id(head)] if head is not None else None,
        pool=tuple(sorted((by_id[id(s)] for s in pool), key=lambda s: (s.value, s.top))),
        later_incidents=tuple(by_id[id(s)] for s in later),
        unsure=unsure,
    )


def _who(s: Statement) -> str:
    feeds = s.feeds
    if not s.named:
        return s.source.label
    return f"{s.source.label} (carried by {', '.join(feeds)})"


def _explain(state: _State) -> str:
    head = state.headline
    if head is None:
        if state.basis is Basis.INCIDENTS:
            parts = "; ".join(
                f"{_label(s)} ({s.source.label})"
                for s in state.statements
                if s.status is Status.INCIDENT
            )
            return f"Counts of separate incidents, added up: {parts}. No running toll covers them."
        return "No reports yet."
    kind = "running toll" if state.basis is Basis.TOLL else "figure (its scope not said)"
    if len(state.pool) == 1:
        text = f"{_label(head)} from {_who(head)} is the only current {kind}."
    else:
        others = ", ".join(f"{_label(s)} ({s.source.label})" for s in state.pool)
        text = (
            f"{_label(head)} from {_who(head)} is the most conservative well-sourced of "
            f"{len(state.pool)} current reports in disagreement: {others}."
        )
    gone = [s for s in state.statements if s.status in (Status.REVISED, Status.OUT_OF_DATE)]
    if gone:
        text += f" {len(gone)} earlier report{'s are' if len(gone) != 1 else ' is'} out of date."
    if state.unsure:
        text += f" {state.unsure}"
    return text


def _range(pool: Sequence[Statement]) -> tuple[int | None, int | None, str | None]:
    if not pool:
        return None, None, None
    lo = min(pool, key=lambda s: (s.value, s.top))
    hi = max(pool, key=lambda s: (s.top, s.value))
    if len({(s.value, s.figure.high) for s in pool}) < 2:
        return lo.value, hi.top, None
    return lo.value, hi.top, f"{_label(lo)} to {_label(hi)}"


def _counter(
    kind: Kind,
    reports: Sequence[FigureReport],
    window: timedelta,
    decisions: Standing = EMPTY,
    watch: str | None = None,
    rejected: Sequence[tuple[FigureReport, Decision]] = (),
    history: bool = True,
    points: int = TREND_POINTS,
) -> Counter:
    ordered = sorted(reports, key=_order)
    trend: list[int] = []
    last_key: tuple[int, Qual, int | None] | None = None
    last_changed: datetime | None = None
    n = len(ordered)
    ends = (
        range(1, n + 1)
        if n <= points
        else sorted({round(i * n / points) for i in range(1, points + 1)})
    )
    if not history:
        ends = range(n, n + 1) if n else range(0)
    state: _State | None = None
    grouper = _Grouper(decisions.confirmed)
    fed = 0
    for end in ends:
        for r in ordered[fed:end]:
            grouper.add(r)
        fed = end
        state = _evaluate(grouper.statements(), window, full=end == n)
        shown = state.shown
        key = None if shown is None else (shown.value, shown.qual, shown.high)
        if key is not None and key != last_key:
            assert shown is not None
            trend.append(shown.value)
            last_key = key
            last_changed = ordered[end - 1].at
    if state is None:
        state = _evaluate([], window)
    low, high, range_label = _range(state.pool)
    if state.basis is Basis.INCIDENTS:
        low = high = state.shown.value if state.shown else None
    st = state.statements
    incidents = tuple(s for s in st if s.status is Status.INCIDENT)
    basis_sources = state.pool if state.headline is not None else incidents
    counter = Counter(
        kind=kind,
        shown=state.shown,
        basis=state.basis,
        headline=state.headline,
        low=low,
        high=high,
        range_label=range_label,
        disagree=range_label is not None,
        in_range=state.pool,
        current=tuple(
            s for s in st if s.status in (Status.CURRENT, Status.COVERED, Status.INCIDENT)
        ),
        incidents=incidents,
        earlier=tuple(s for s in st if s.status in (Status.REVISED, Status.OUT_OF_DATE)),
        sources=len({s.source.key for s in basis_sources}),
        last_changed=last_changed,
        trend=tuple(trend),
        rule=_explain(state),
        unsure=state.unsure,
        rejected=tuple(sorted(rejected, key=lambda rd: _order(rd[0]))),
        decisions=decisions,
    )
    pin = decisions.pins.get((watch, kind))
    return counter if pin is None else _pinned(counter, pin, ordered)


def _pinned(counter: Counter, pin: Decision, ordered: Sequence[FigureReport]) -> Counter:
    """The pin holds the headline until a report published after it exceeds the figure."""
    pinned = next(
        (
            s
            for s in (*counter.current, *counter.earlier)
            if any(c.item_id == pin.item_id for c in s.carriers)
        ),
        None,
    )
    if pinned is None:
        rule = f"{counter.rule} The pin on {pin.figure_text()} ({pin.user}) holds no report now."
        return replace(counter, pin=pin, rule=rule)
    passer = next(
        (r for r in reversed(ordered) if r.at > pin.at and r.figure.value > pinned.top), None
    )
    who = f"{pin.user} at {pin.at:%d %b %H:%M} UTC"
    if passer is not None:
        f = passer.figure
        rule = (
            f"{counter.rule} The pin on {_label(pinned)} from {pinned.source.label} ({who}) was "
            f"passed by {figure_words(f.value, f.qual, f.high)} from {passer.source}, published "
            "after it."
        )
        return replace(counter, pin=pin, pin_passed_by=passer, rule=rule)
    f = pinned.figure
    basis = Basis.TOLL if pinned.scope is Scope.RUNNING else Basis.FIGURE
    rule = f"Pinned by {who}: {_label(pinned)} from {_who(pinned)}. By the rule: {counter.rule}"
    return replace(
        counter,
        shown=Total(f.value, f.qual, f.high),
        basis=basis,
        headline=pinned,
        pin=pin,
        rule=rule,
    )


def casualty_counters(
    reports: Iterable[FigureReport],
    concurrent: float = DEFAULT_CONCURRENT,
    decisions: Standing = EMPTY,
    watch: str | None = None,
    *,
    history: bool = True,
    trend_points: int = TREND_POINTS,
) -> dict[Kind, Counter]:
    """A counter for every kind (empty where nothing was reported).

    `history=False` skips the past states (`trend` holds the headline alone, `last_changed`
    is the newest report's time): the alerts need only where the counter stands now, at a
    sixtieth of the cost on a large store.

    `reports` are per-item totals (one per kind per item), not every mention, so one item never
    counts twice; `concurrent` is the watch's window in seconds; `decisions` (an analyst's,
    for the counters of `watch`) take rejected reports out, add hand-added ones, rank
    confirmed ones first and pin headlines. Deterministic: the same reports in any order give
    the same counters.
    """
    kept, rejected = for_counter(list(reports), decisions, watch)
    by_kind: dict[Kind, list[FigureReport]] = {k: [] for k in Kind}
    for r in kept:
        by_kind[r.figure.kind].append(r)
    gone: dict[Kind, list[tuple[FigureReport, Decision]]] = {k: [] for k in Kind}
    for r, d in rejected:
        gone[r.figure.kind].append((r, d))
    window = timedelta(seconds=concurrent)
    # `trend_points` = 1 skips the trend (and `last_changed` is then the newest report's
    # time): a caller working out many past states, as `export --what history` does, needs
    # only each one's headline; `history=False` skips even that (alerts: the headline alone).
    return {
        k: _counter(k, by_kind[k], window, decisions, watch, gone[k], history, trend_points)
        for k in Kind
    }
