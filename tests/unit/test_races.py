"""Races told apart and their status: read by the real extractor, kept in a real SQLite store,
tallied into one table per race (issue 10, results part)."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from crisiswatch.config import RACES, ConfigError, Election, Party, SeatMethod, load_config
from crisiswatch.extract import extract
from crisiswatch.extract.results.races import PARLIAMENTARY, PRESIDENTIAL
from crisiswatch.extract.results.status import STATUS_RULES, read_statuses, rule_status
from crisiswatch.models import ParsedItem, RaceStatus
from crisiswatch.store import SCHEMA_VERSION, Store
from crisiswatch.store.reads import share_reports, status_reports
from crisiswatch.store.schema import MIGRATIONS
from crisiswatch.tally.results import race_tables, races_present, results_table, status_label
from stored import store_items

T0 = datetime(2020, 10, 5, 6, 0, tzinfo=UTC)
KG = Election(
    seats=120,
    threshold=7.0,
    method=SeatMethod.HARE,
    parties=tuple(
        Party(n) for n in ("Birimdik", "Mekenim Kyrgyzstan", "Kyrgyzstan", "Butun Kyrgyzstan")
    ),
)
TWO_RACES = Election(
    seats=100,
    threshold=5.0,
    parties=(Party("Union for Progress"), Party("Green Front"), Party("Civic Platform")),
    races=("parliamentary", "presidential"),
)

BOTH = (
    "Voters chose a president and a new parliament on Sunday. In the presidential race, "
    "Anna Marek won 54.2% and Pavel Horn 45.8%. In the parliamentary vote, Union for Progress "
    "took 38.5%, Green Front 31.0% and Civic Platform 22.4%."
)


def stored(tmp_path: Path, texts: list[tuple[str, float]], election: Election) -> Store:
    """Each text as one item of the feed "Wire", published `hours` after T0, read by the real
    extractor and written to a real store."""
    store = Store(tmp_path / "races.db")
    items = [
        ParsedItem(f"g{n}", None, text.split(".")[0], text, T0 + timedelta(hours=hours))
        for n, (text, hours) in enumerate(texts)
    ]
    store_items(
        store,
        "Wire",
        items,
        watches=[("vote", ["vote", "election", "results"])],
        extractions=[extract(f"{i.title}\n{i.summary}", election) for i in items],
        now=(T0 + timedelta(days=1)).timestamp(),
    )
    return store


def test_known_races_are_the_readers() -> None:
    assert set(RACES) == {PARLIAMENTARY, PRESIDENTIAL}


@pytest.mark.parametrize(
    ("rule", "text", "want"),
    [(r.name, e.text, e.want) for r in STATUS_RULES for e in r.examples],
)
def test_each_status_example_alone(rule: str, text: str, want: RaceStatus | None) -> None:
    [the_rule] = [r for r in STATUS_RULES if r.name == rule]
    got = rule_status(text, (the_rule,))
    assert (got.status if got else None) == want


def test_every_example_a_rule_reads_holds_one_of_its_triggers() -> None:
    """The triggers are the prefilter: an example they miss would never reach the pattern."""
    for rule in STATUS_RULES:
        for example in rule.examples:
            if example.want is not None:
                assert any(t in example.text.lower() for t in rule.triggers), example.text


def test_a_presidential_and_a_parliamentary_race_are_two_tables(tmp_path: Path) -> None:
    with stored(tmp_path, [(BOTH, 0)], TWO_RACES) as store:
        reports = share_reports(store, "vote")
        assert {r.share.race for r in reports} == {PARLIAMENTARY, PRESIDENTIAL}
        assert {r.share.candidate for r in reports if r.share.race == PRESIDENTIAL} == {True}
        assert races_present(reports, TWO_RACES) == [PARLIAMENTARY, PRESIDENTIAL]
        parl, pres = race_tables(reports, TWO_RACES, status_reports(store, "vote"))
    assert sum(r.share.pct for r in reports) > 100  # one list of them all would sum past 100%
    assert [r.party for r in parl.rows] == ["Union for Progress", "Green Front", "Civic Platform"]
    assert [r.party for r in pres.rows] == ["Anna Marek", "Pavel Horn"]
    assert sum(r.pct for r in parl.rows) <= 100 and sum(r.pct for r in pres.rows) <= 100
    assert parl.projected and sum(r.seats or 0 for r in parl.rows) == 100
    assert pres.candidates and not pres.projected and pres.seats_total is None
    assert [r.seats for r in pres.rows] == [None, None]
    assert [r.over_threshold for r in pres.rows] == [True, False]  # a majority, not 5%


def test_a_share_naming_no_race_goes_to_the_first_race(tmp_path: Path) -> None:
    later = "Union for Progress now has 40.1% of the vote with 90% of polling stations counted."
    with stored(tmp_path, [(BOTH, 0), (later, 3)], TWO_RACES) as store:
        reports = share_reports(store, "vote")
        assert [r.share.race for r in reports if r.share.pct == 40.1] == [None]
        parl = results_table(reports, TWO_RACES, PARLIAMENTARY)
    assert parl.reporting_pct == 90 and parl.rows[0].pct == 40.1


KG_COUNT = (
    "Preliminary results of the parliamentary election, with 98% of polling stations "
    "counted, gave Birimdik 24.5%, Mekenim Kyrgyzstan 23.9%, Kyrgyzstan 8.7% and "
    "Butun Kyrgyzstan 7.1%."
)
KG_ANNULLED = (
    "After a night of unrest in Bishkek, the Central Election Commission annulled the results "
    "of Sunday's parliamentary election, a spokeswoman said."
)


def test_an_annulled_count_shows_annulled_and_projects_no_seats(tmp_path: Path) -> None:
    with stored(tmp_path, [(KG_COUNT, 0), (KG_ANNULLED, 24)], KG) as store:
        statuses = status_reports(store, "vote")
        [table] = race_tables(share_reports(store, "vote"), KG, statuses)
    assert [s.mention.status for s in statuses] == [RaceStatus.PRELIMINARY, RaceStatus.ANNULLED]
    assert table.reporting_pct == 98 and table.rows[0].party == "Birimdik"
    assert table.status is not None and table.status.mention.status is RaceStatus.ANNULLED
    assert status_label(table) == "annulled 6 Oct"
    assert table.not_projected == "annulled" and not table.projected
    assert all(r.seats is None for r in table.rows)


def test_before_the_annulment_the_same_count_is_preliminary_and_projected(
    tmp_path: Path,
) -> None:
    with stored(tmp_path, [(KG_COUNT, 0)], KG) as store:
        [table] = race_tables(share_reports(store, "vote"), KG, status_reports(store, "vote"))
    assert status_label(table) == "preliminary 5 Oct"
    assert table.projected and table.not_projected is None
    assert sum(r.seats or 0 for r in table.rows) == 120


def test_final_results_text_sets_final(tmp_path: Path) -> None:
    final = (
        "The commission published the final results of the parliamentary election on Friday: "
        "Birimdik 26.0%, Mekenim Kyrgyzstan 24.1%, Kyrgyzstan 9.0%."
    )
    with stored(tmp_path, [(KG_COUNT, 0), (final, 48)], KG) as store:
        [table] = race_tables(share_reports(store, "vote"), KG, status_reports(store, "vote"))
    assert table.status is not None and table.status.mention.status is RaceStatus.FINAL
    assert table.projected and table.rows[0].pct == 26.0


def test_final_results_still_awaited_set_nothing() -> None:
    assert read_statuses("Final results of the election are expected on Thursday.") == ()


def test_a_runoff_belongs_to_its_race() -> None:
    text = (
        "No candidate won a majority, so the presidential vote goes to a runoff on 21 "
        "November, while the parliamentary count goes on."
    )
    [mention] = read_statuses(text)
    assert mention.status is RaceStatus.RUNOFF and mention.race == PRESIDENTIAL


def test_one_text_reads_the_stronger_status() -> None:
    text = (
        "Preliminary results had given the ruling party a lead. On Tuesday the commission "
        "cancelled the results of the vote."
    )
    assert [m.status for m in read_statuses(text)] == [RaceStatus.ANNULLED]


def test_a_version_two_store_gains_races_and_statuses(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    conn = sqlite3.connect(path)
    conn.executescript(MIGRATIONS[0])
    conn.executescript(MIGRATIONS[1])
    conn.execute(
        "INSERT INTO stories (id, key, title, published, first_seen) VALUES (1, 'k', 't', 0, 0)"
    )
    conn.execute(
        "INSERT INTO items (id, feed, dedup, story_id, title, summary, published, first_seen, "
        "extracted) VALUES (1, 'Wire', 'd', 1, 'Birimdik 24.5%', '', 0, 0, 1)"
    )
    conn.execute(
        "INSERT INTO shares (item_id, party, pct, known, start, end) "
        "VALUES (1, 'Birimdik', 24.5, 1, 0, 8)"
    )
    conn.execute("PRAGMA user_version = 2")
    conn.commit()
    conn.close()
    with Store(path) as store:
        assert store.conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
        [report] = share_reports(store, None)
        assert report.share.race is None and report.share.candidate is False
        assert status_reports(store, None) == []


WATCH_TOML = """[[feed]]
name = "Wire"
url = "https://wire.example.org/rss"

[[watch]]
name = "Vote"
keywords = ["vote"]

[watch.election]
seats = 100
threshold = 5
races = RACES
"""


def test_a_watch_names_its_races(tmp_path: Path) -> None:
    path = tmp_path / "feeds.toml"
    path.write_text(WATCH_TOML.replace("RACES", '["presidential", "parliamentary"]'))
    [watch] = load_config(path).watches
    assert watch.election is not None
    assert watch.election.races == (PRESIDENTIAL, PARLIAMENTARY)


@pytest.mark.parametrize(
    ("races", "message"),
    [
        ('["presidental"]', "'presidental' is not a race crisiswatch reads"),
        ('["presidential", "presidential"]', "a race is listed twice"),
        ('"presidential"', "expected an array, got a string"),
        ("[3]", "3 is not a race"),
    ],
)
def test_bad_races_name_file_line_and_key(tmp_path: Path, races: str, message: str) -> None:
    path = tmp_path / "feeds.toml"
    path.write_text(WATCH_TOML.replace("RACES", races))
    with pytest.raises(ConfigError) as info:
        load_config(path)
    err = str(info.value)
    assert str(path) in err and ":12:" in err and "watch[0].election.races" in err
    assert message in err and "\n" not in err


def rendered(store: Store, election: Election) -> str:
    """`crisiswatch tally`'s view of the watch, as plain text."""
    import io

    from rich.console import Console

    from crisiswatch.config import Watch
    from crisiswatch.console_views import tally_view

    out = io.StringIO()
    view = tally_view(store, Watch("vote", ("vote",), election), explain=False)
    Console(file=out, width=200, color_system=None).print(view)
    return out.getvalue()


def test_tally_prints_each_race_and_the_annulment(tmp_path: Path) -> None:
    annul = "The commission annulled the results of the parliamentary vote on Tuesday."
    with stored(tmp_path, [(BOTH, 0), (annul, 24)], TWO_RACES) as store:
        text = rendered(store, TWO_RACES)
    parl = text.index("results · parliamentary (race 1 of 2) · annulled 6 Oct")
    pres = text.index("results · presidential (race 2 of 2)")
    assert parl < text.index("Union for Progress") < pres < text.index("Anna Marek")
    assert "seats not projected: annulled (2020-10-06, Wire)" in text
    assert "seat projection" not in text
    assert "Anna Marek has a majority" in text


@pytest.mark.parametrize(
    ("before", "after"), [("", ""), ("Crowds stayed in the square. ", " Shops shut early.")]
)
def test_a_status_keeps_its_sentence_and_span(before: str, after: str) -> None:
    said = "The commission annulled the results of the vote on Tuesday."
    text = before + said + after
    [mention] = read_statuses(text)
    assert mention.sentence == said
    assert text[mention.start : mention.end] == "annulled the results"


def test_hostile_status_text_is_read_in_bounded_pieces() -> None:
    repeated = "the vote was annulled cancelled results " * 20000
    unbroken = "the results of the vote were " + "very " * 50000 + "annulled"
    [mention] = read_statuses(repeated)
    assert mention.status is RaceStatus.ANNULLED and len(mention.sentence) <= 800
    assert read_statuses(unbroken) == ()  # too many words between the vote and the verb


def test_two_rounds_are_two_tables(tmp_path: Path) -> None:
    first = (
        "In the presidential election on Sunday, Anna Marek won 44.1%, Pavel Horn 38.0% and "
        "Ida Lund 17.9%; the presidential vote goes to a runoff on 21 November."
    )
    second = (
        "Anna Marek won the runoff with 52.3% of the vote in the presidential election, "
        "against 47.7% for Pavel Horn."
    )
    with stored(tmp_path, [(first, 0), (second, 24 * 14)], TWO_RACES) as store:
        statuses = status_reports(store, "vote")
        reports = share_reports(store, "vote")
        tables = race_tables(reports, TWO_RACES, statuses)
    assert [t.race for t in tables] == ["presidential", "presidential, second round"]
    one, two = tables
    assert [r.party for r in one.rows] == ["Anna Marek", "Pavel Horn", "Ida Lund"]
    assert [r.party for r in two.rows] == ["Anna Marek", "Pavel Horn"]
    assert sum(r.pct for r in one.rows) <= 100 and sum(r.pct for r in two.rows) <= 100
    assert status_label(one) == "runoff 5 Oct" and two.candidates and not two.projected
    assert [r.over_threshold for r in two.rows] == [True, False]


def test_a_partys_history_is_its_tables_own(tmp_path: Path) -> None:
    """The history screen of a candidate picked in the first-round table shows the first
    round's shares only; the second round's are its own table's."""
    from crisiswatch.tally.results import ANY_TABLE, SECOND_ROUND, party_history

    election = Election(
        seats=0,
        threshold=50.0,
        parties=(Party("Anna Marek"), Party("Pavel Horn")),
        races=(PRESIDENTIAL,),
    )
    texts = (
        "In the presidential election, Anna Marek won 44.1% and Pavel Horn 39.7%.",
        "In the second round, Anna Marek took 52.3% of the vote and Pavel Horn 47.7%.",
    )
    start = datetime(2024, 5, 1, tzinfo=UTC)
    with Store(tmp_path / "rounds.db") as store:
        items = [
            ParsedItem(f"r{n}", None, t[:30], t, start + timedelta(days=14 * n))
            for n, t in enumerate(texts)
        ]
        store_items(
            store,
            "Wire",
            items,
            watches=[("Vote", ("election", "round"))],
            extractions=[extract(f"{i.title}\n{i.summary}", election) for i in items],
            now=start.timestamp(),
        )
        shares, statuses = share_reports(store, "Vote"), status_reports(store, "Vote")
    first = party_history(shares, "Anna Marek", PRESIDENTIAL, election, statuses)
    second = party_history(
        shares, "Anna Marek", f"{PRESIDENTIAL}{SECOND_ROUND}", election, statuses
    )
    assert [pct for _, pct, _ in first] == [44.1]
    assert [pct for _, pct, _ in second] == [52.3]
    assert [pct for _, pct, _ in party_history(shares, "Anna Marek", ANY_TABLE)] == [44.1, 52.3]
