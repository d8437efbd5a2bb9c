"""When a watch's headline figures change: pure functions, counters and results tables in,
alerts out.

A watch's figures are reduced to a few *subjects* ("killed", "killed disagreement",
"parliamentary results", "parliamentary status"), each with one value in words. What was last
announced for each subject is kept (in the store); a change is a subject whose value now
differs from it. Comparing words rather than objects means a re-read of the same reports, a
restart or another process's identical tally never looks like a change.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import TYPE_CHECKING, Any

from crisiswatch.models import Kind

if TYPE_CHECKING:  # the tally is imported where one is run: a poll with no watch needs none
    from crisiswatch.tally.casualties import Counter, Statement
    from crisiswatch.tally.results import ResultsTable


class ChangeKind(StrEnum):
    """What changed; the `kinds` filter of an `[[alert]]` hook names these."""

    COUNT = "count"
    """A casualty counter's headline figure (or crowd size)."""
    DISAGREEMENT = "disagreement"
    """Current reports of a counter began to disagree, or their range moved."""
    RESULTS = "results"
    """A race's table: its leader, the leader's share, or the count it shows."""
    STATUS = "status"
    """A race's stated status (preliminary, final, annulled, re-run, runoff, ...)."""


@dataclass(frozen=True, slots=True)
class Headline:
    """One subject of a watch as the tally now has it, with where its value came from."""

    subject: str
    kind: ChangeKind
    value: str | None
    """The value in words ("at least 590"); None while there is nothing to say."""
    source: str | None = None
    sentence: str | None = None
    item_id: int | None = None
    """The stored item the value was read from, if one (a link and title are looked up)."""
    link: str | None = None
    published: datetime | None = None


@dataclass(frozen=True, slots=True)
class Alert:
    """One change of one subject: what a toast shows and what a hook receives as JSON."""

    watch: str
    kind: ChangeKind
    subject: str
    old: str | None
    new: str | None
    source: str | None
    sentence: str | None
    link: str | None
    published: datetime | None
    time: datetime
    title: str | None = None

    @property
    def message(self) -> str:
        """The change in one line, as the toast and the poll log say it."""
        was = self.old if self.old is not None else "none"
        now = self.new if self.new is not None else "no reports"
        by = f" ({self.source})" if self.source else ""
        return f"{self.watch}: {self.subject} {was} \u2192 {now}{by}"

    def payload(self) -> dict[str, Any]:
        """The JSON object a hook reads on stdin (README "Alerts")."""
        return {
            "watch": self.watch,
            "kind": self.kind.value,
            "subject": self.subject,
            "old": self.old,
            "new": self.new,
            "source": self.source,
            "sentence": self.sentence,
            "link": self.link,
            "title": self.title,
            "published": None if self.published is None else self.published.isoformat(),
            "time": self.time.isoformat(),
            "message": self.message,
        }


COUNTED_KINDS = (Kind.KILLED, Kind.INJURED, Kind.ARRESTED, Kind.CROWD)


def _kind_word(kind: Kind) -> str:
    return "crowd size" if kind is Kind.CROWD else kind.value


def _provenance(s: Statement | None) -> dict[str, Any]:
    if s is None:
        return {}
    newest = s.carriers[-1]
    return {
        "source": s.source.label,
        "sentence": newest.figure.sentence,
        "item_id": newest.item_id if newest.item_id >= 0 else None,
        "link": newest.url,
        "published": newest.at,
    }


def _behind(c: Counter) -> Statement | None:
    """The statement a counter's headline rests on: its own, else its newest incident."""
    if c.headline is not None:
        return c.headline
    return c.incidents[-1] if c.incidents else None


def counter_headlines(counters: Mapping[Kind, Counter]) -> list[Headline]:
    """A counter gives two subjects: its headline figure and its disagreement (the range)."""
    out: list[Headline] = []
    for kind in COUNTED_KINDS:
        c = counters.get(kind)
        if c is None:
            continue
        word = _kind_word(kind)
        value = c.label if c.shown is not None else None
        out.append(Headline(word, ChangeKind.COUNT, value, **_provenance(_behind(c))))
        rng = c.range_label if c.disagree else None
        newest = max(c.in_range, key=lambda s: s.last, default=None) if rng else None
        out.append(
            Headline(f"{word} disagreement", ChangeKind.DISAGREEMENT, rng, **_provenance(newest))
        )
    return out


def _race_name(table: ResultsTable) -> str:
    return table.race or "results"


def results_headlines(tables: Sequence[ResultsTable]) -> list[Headline]:
    """A race gives two subjects: its table (leader, share, count) and its status."""
    out: list[Headline] = []
    for table in tables:
        race = _race_name(table)
        leader = table.rows[0] if table.rows else None
        value = None
        if leader is not None:
            parts = [f"{leader.party} leads with {leader.pct:g}%"]
            if table.reporting_pct is not None:
                parts.append(f"{table.reporting_pct:g}% counted")
            if table.source:
                parts.append(f"count from {table.source}")
            value = ", ".join(parts)
        out.append(
            Headline(
                f"{race} results",
                ChangeKind.RESULTS,
                value,
                source=table.source,
                published=table.as_of,
            )
        )
        st = table.status
        out.append(
            Headline(
                f"{race} status",
                ChangeKind.STATUS,
                None if st is None else st.mention.status.value,
                source=None if st is None else st.source,
                sentence=None if st is None else st.mention.sentence,
                item_id=None if st is None else st.item_id,
                published=None if st is None else st.at,
            )
        )
    return out


def watch_headlines(
    counters: Mapping[Kind, Counter], tables: Sequence[ResultsTable]
) -> list[Headline]:
    """Every subject of one watch, in a stable order."""
    return counter_headlines(counters) + results_headlines(tables)


FIRES_WHEN_CLEARED = frozenset({ChangeKind.COUNT})
"""A headline figure going away (every report behind it rejected) is news; a disagreement
settling, a table or a status no longer read are not: they stay recorded, without an alert."""


def changes(
    watch: str,
    previous: Mapping[str, str | None],
    current: Iterable[Headline],
    now: datetime,
) -> list[Alert]:
    """The alerts for one watch: each subject whose value differs from the one last announced.
    A subject missing from `previous` was never announced: it stood at nothing."""
    out: list[Alert] = []
    for h in current:
        old = previous.get(h.subject)
        if old == h.value:
            continue
        if h.value is None and h.kind not in FIRES_WHEN_CLEARED:
            continue
        out.append(
            Alert(
                watch=watch,
                kind=h.kind,
                subject=h.subject,
                old=old,
                new=h.value,
                source=h.source,
                sentence=h.sentence,
                link=h.link,
                published=h.published,
                time=now,
            )
        )
    return out
