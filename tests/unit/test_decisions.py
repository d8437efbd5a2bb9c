"""An analyst's decisions: the log in a real store, what stands, and how the tally applies it."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from crisiswatch.models import Figure, FigureReport, Kind, Qual, Scope
from crisiswatch.store import SCHEMA_VERSION, Store
from crisiswatch.store.decisions import current_user, decision_log, record
from crisiswatch.store.schema import MIGRATIONS
from crisiswatch.tally.casualties import Status, casualty_counters
from crisiswatch.tally.decisions import (
    Action,
    BadFigure,
    Decision,
    parse_figure,
    standing,
)

T0 = datetime(2020, 10, 6, 8, 0, tzinfo=UTC)
WATCH = "Kyrgyzstan 2020"


def report(value: int, feed: str, hours: float, item: int, who: str | None) -> FigureReport:
    fig = Figure(Kind.INJURED, value, Qual.EXACT, None, who, f"{value} injured", 0, 1)
    return FigureReport(fig, item_id=item, source=feed, at=T0 + timedelta(hours=hours))


def decision(n: int, action: Action, **kw: object) -> Decision:
    kw.setdefault("kind", Kind.INJURED)
    kw.setdefault("user", "alice")
    kw.setdefault("at", T0 + timedelta(hours=10, minutes=n))
    return Decision(id=n, action=action, **kw)  # type: ignore[arg-type]


MINISTRY = report(590, "BBC Asia", 1, 1, "the health ministry")
UN = report(600, "UrduPoint", 2, 2, "the UN")


def injured(*log: Decision, reports: tuple[FigureReport, ...] = (MINISTRY, UN)):  # type: ignore[no-untyped-def]
    return casualty_counters(reports, decisions=standing(log), watch=WATCH)[Kind.INJURED]


def test_the_log_round_trips_through_a_real_store(tmp_path: Path) -> None:
    with Store(tmp_path / "s.db") as store:
        first = record(store, decision(0, Action.REJECT, item_id=7, value=590, note="a typo"))
        pin = record(
            store,
            decision(0, Action.PIN, item_id=8, watch=WATCH, value=10, qual=Qual.RANGE, high=15),
        )
        undo = record(store, decision(0, Action.UNDO, undoes=first.id))
        log = decision_log(store)
    assert [d.id for d in log] == [first.id, pin.id, undo.id]
    assert (
        log[0].note == "a typo"
        and log[0].action is Action.REJECT
        and log[0].target == (7, Kind.INJURED)
    )
    assert (log[1].qual, log[1].high, log[1].watch) == (Qual.RANGE, 15, WATCH)
    assert log[2].undoes == first.id and log[2].user == "alice"
    assert log[0].at == T0 + timedelta(hours=10)


def test_a_store_before_the_log_gains_it_and_keeps_its_items(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    conn = sqlite3.connect(path)
    conn.executescript(";".join(MIGRATIONS[:2]))
    conn.execute("PRAGMA user_version = 2")
    conn.execute(
        "INSERT INTO stories (id, key, title, published, first_seen) VALUES (1, 'k', 't', 0, 0)"
    )
    conn.commit()
    conn.close()
    with Store(path) as store:
        assert store.conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
        assert decision_log(store) == []
        assert store.conn.execute("SELECT count(*) FROM stories").fetchone()[0] == 1


def test_a_read_only_store_refuses_a_decision_with_a_sqlite_error(tmp_path: Path) -> None:
    path = tmp_path / "s.db"
    Store(path).close()
    with Store(path, readonly=True) as store, pytest.raises(sqlite3.OperationalError):
        record(store, decision(0, Action.CONFIRM, item_id=1))


def test_the_user_name_comes_from_the_os(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LOGNAME", "desk-analyst")
    assert current_user() == "desk-analyst"


def test_standing_replays_the_log_later_wins_undo_retracts() -> None:
    log = [
        decision(1, Action.CONFIRM, item_id=1),
        decision(2, Action.REJECT, item_id=1, note="misread"),
        decision(3, Action.PIN, item_id=2, watch=WATCH),
        decision(4, Action.UNDO, undoes=3),
        decision(5, Action.ADD, watch=WATCH, value=700, source="the mayor"),
    ]
    s = standing(reversed(log))
    assert set(s.rejected) == {(1, Kind.INJURED)} and not s.confirmed
    assert s.pins == {}
    assert [d.id for d in s.added] == [5]
    assert [d.id for d in s.log] == [1, 2, 3, 4, 5]
    assert s.latest(Kind.INJURED, WATCH) is not None and s.latest(Kind.INJURED, WATCH).id == 5
    assert s.latest(Kind.KILLED, WATCH) is None
    undone = standing([*log, decision(6, Action.UNDO, undoes=2)])
    back = undone.about(1, Kind.INJURED)
    assert back is not None and back.id == 1, "undoing the reject gives back the state before it"


def test_without_decisions_the_rule_alone_decides() -> None:
    c = injured()
    assert c.headline is not None and c.headline.value == 590 and c.disagree
    assert c.pin is None and c.rejected == () and not c.pinned


def test_a_rejected_report_leaves_the_counter_with_its_reason() -> None:
    c = injured(decision(1, Action.REJECT, item_id=1, value=590, note="590 was last year's"))
    assert c.shown is not None and c.shown.value == 600 and not c.disagree
    [(r, d)] = c.rejected
    assert r is MINISTRY and d.note == "590 was last year's"
    assert all(all(x.item_id != 1 for x in s.carriers) for s in (*c.current, *c.earlier))
    assert "rejected by alice" in d.says() and "590 was last year's" in d.says()


def test_a_confirmed_report_ranks_before_unconfirmed_ones() -> None:
    c = injured(decision(1, Action.CONFIRM, item_id=2, value=600))
    assert c.headline is not None and c.headline.value == 600
    assert c.headline.confirmed is not None and c.headline.confirmed.user == "alice"
    assert c.disagree, "confirming does not hide the disagreement"


def test_a_pin_holds_the_headline_and_says_so() -> None:
    c = injured(decision(1, Action.PIN, item_id=2, watch=WATCH, value=600))
    assert c.pinned and c.shown is not None and c.shown.value == 600
    assert c.headline is not None and c.headline.first is UN
    assert c.rule.startswith("Pinned by alice at 06 Oct 18:01 UTC: 600 from United Nations")
    other_watch = casualty_counters(
        (MINISTRY, UN),
        decisions=standing([decision(1, Action.PIN, item_id=2, watch=WATCH)]),
        watch="Belarus 2020",
    )[Kind.INJURED]
    assert other_watch.pin is None and other_watch.headline is not None
    assert other_watch.headline.value == 590, "a pin belongs to its watch's counter"


def test_a_newer_higher_report_passes_the_pin() -> None:
    pin = decision(1, Action.PIN, item_id=1, watch=WATCH, value=590)
    later = report(686, "24.kg", 11, 3, "the health ministry")
    c = injured(pin, reports=(MINISTRY, UN, later))
    assert not c.pinned and c.pin_passed_by is later
    assert c.shown is not None and c.shown.value == 686
    assert "was passed by 686 from 24.kg" in c.rule
    lower = report(300, "24.kg", 11, 4, "the police")
    held = injured(pin, reports=(MINISTRY, UN, lower))
    assert held.pinned and held.shown is not None and held.shown.value == 590


def test_an_older_higher_report_does_not_pass_the_pin() -> None:
    """UN's 600 came before the pin: the analyst saw it and pinned 590 anyway."""
    c = injured(decision(1, Action.PIN, item_id=1, watch=WATCH))
    assert c.pinned and c.shown is not None and c.shown.value == 590


def test_unpinning_gives_the_rule_back() -> None:
    pin = decision(1, Action.PIN, item_id=2, watch=WATCH)
    c = injured(pin, decision(2, Action.UNDO, undoes=1))
    assert c.pin is None and c.headline is not None and c.headline.value == 590


def test_a_hand_added_figure_is_a_report_carried_by_the_analyst() -> None:
    add = decision(
        1, Action.ADD, watch=WATCH, value=700, qual=Qual.AT_LEAST, source="the mayor", note="call"
    )
    c = injured(add)
    hand = [s for s in (*c.current, *c.earlier) if s.first.item_id == -1]
    [s] = hand
    assert s.first.source == "alice (by hand)" and s.source.label == "mayor"
    assert s.scope is Scope.RUNNING and s.first.figure.sentence == "call"
    assert c.shown is not None and c.shown.value == 700 and s.status is Status.CURRENT
    other = casualty_counters((MINISTRY,), decisions=standing([add]), watch="Belarus 2020")
    assert other[Kind.INJURED].shown is not None and other[Kind.INJURED].shown.value == 590


def test_a_hand_added_figure_can_be_rejected_like_any_other() -> None:
    add = decision(1, Action.ADD, watch=WATCH, value=700, source="the mayor")
    c = injured(add, decision(2, Action.REJECT, item_id=-1, note="mayor retracted"))
    assert [r.item_id for r, _ in c.rejected] == [-1]
    assert c.shown is not None and c.shown.value == 590


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("590", (590, Qual.EXACT, None)),
        ("1,200", (1200, Qual.EXACT, None)),
        ("at least 12", (12, Qual.AT_LEAST, None)),
        ("More than 600", (600, Qual.MORE_THAN, None)),
        ("over 600", (600, Qual.MORE_THAN, None)),
        ("about 5000", (5000, Qual.ABOUT, None)),
        ("up to 30", (30, Qual.UP_TO, None)),
        ("10-15", (10, Qual.RANGE, 15)),
        ("10 to 15", (10, Qual.RANGE, 15)),
    ],
)
def test_a_figure_typed_by_hand(text: str, expected: tuple[int, Qual, int | None]) -> None:
    assert parse_figure(text) == expected


@pytest.mark.parametrize("text", ["", "dozens", "15-10", "at least 10-15", "12 people", "-3"])
def test_what_is_not_a_figure_says_what_is(text: str) -> None:
    with pytest.raises(BadFigure):
        parse_figure(text)
