"""Official results, pure: the export reader (numbers, rows, races, progress), the tally's rule
that an official count outranks texts of the same count, its JSON, and feeds.toml's keys."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from crisiswatch.config import (
    ConfigError,
    Election,
    FeedFormat,
    Party,
    ResultsMapping,
    parse_config,
)
from crisiswatch.models import Extraction, ParsedFeed, PartyShare, ShareReport
from crisiswatch.pollers.parse.common import FeedParseError
from crisiswatch.pollers.parse.results import RowError, read_pct, read_results, read_votes
from crisiswatch.tally.export import results_json
from crisiswatch.tally.results import race_tables, results_table, stage

T0 = datetime(2020, 10, 5, 1, 0, tzinfo=UTC)
BALLOT = Election(
    seats=120,
    threshold=7.0,
    parties=tuple(
        Party(n) for n in ("Birimdik", "Mekenim Kyrgyzstan", "Kyrgyzstan", "Butun Kyrgyzstan")
    ),
)
SEED = {
    "Birimdik": 24.52,
    "Mekenim Kyrgyzstan": 23.89,
    "Kyrgyzstan": 8.73,
    "Butun Kyrgyzstan": 7.11,
}


def read(
    body: object, mapping: ResultsMapping, fmt: FeedFormat = FeedFormat.RESULTS_JSON
) -> tuple[ParsedFeed, list[Extraction]]:
    raw = body if isinstance(body, bytes) else json.dumps(body).encode()
    return read_results(
        raw,
        fmt,
        mapping,
        max_items=500,
        content_type=None,
        election=BALLOT,
        feed_name="CEC",
        fetched=T0,
    )


# --- numbers --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "votes"),
    [
        (441360, 441360),
        ("441360", 441360),
        ("441,360", 441360),
        ("1 234 567", 1234567),
        ("1\u202f234", 1234),
        (12.0, 12),
        ("0", 0),
    ],
)
def test_vote_counts_in_the_shapes_exports_write_them(raw: object, votes: int) -> None:
    assert read_votes(raw, "votes") == votes


@pytest.mark.parametrize(
    "raw",
    [
        "",
        "12a",
        "1,23,456",
        "1,234.567",
        "-5",
        -5,
        1.5,
        float("inf"),
        float("nan"),
        True,
        None,
        [1],
        "9" * 16,
        "9" * 4301,
        10**15,
    ],
)
def test_what_is_no_vote_count_is_a_row_error(raw: object) -> None:
    with pytest.raises(RowError):
        read_votes(raw, "votes")


@pytest.mark.parametrize(
    ("raw", "pct"), [(24.52, 24.52), ("24.52", 24.52), ("24,52", 24.52), ("7%", 7.0), (0, 0.0)]
)
def test_shares_in_the_shapes_exports_write_them(raw: object, pct: float) -> None:
    assert read_pct(raw, "share") == pct


@pytest.mark.parametrize("raw", ["101", 100.5, -1, "1e2", "nan", float("nan"), "24.5.2", "", "x"])
def test_what_is_no_share_is_a_row_error(raw: object) -> None:
    with pytest.raises(RowError):
        read_pct(raw, "share")


# --- the export -----------------------------------------------------------------------------


def test_shares_are_computed_from_votes_per_race_or_of_the_stated_total() -> None:
    rows = [
        {"name": "Birimdik", "votes": 300, "race": "Parliamentary"},
        {"name": "Kyrgyzstan", "votes": 100, "race": "parliamentary"},
        {"name": "Ana Moreau", "votes": 51, "race": "presidential"},
        {"name": "Ida Lund", "votes": 49, "race": "presidential"},
    ]
    mapping = ResultsMapping(name="name", votes="votes", race_field="race", rows="rows")
    feed, [ex] = read({"rows": rows, "valid": 1000}, mapping)
    got = {(s.race, s.party): (s.pct, s.candidate, s.known) for s in ex.results}
    assert got == {
        ("parliamentary", "Birimdik"): (75.0, False, True),
        ("parliamentary", "Kyrgyzstan"): (25.0, False, True),
        ("presidential", "Ana Moreau"): (51.0, True, False),
        ("presidential", "Ida Lund"): (49.0, True, False),
    }
    assert feed.items[0].published == T0 and ex.reporting_pct is None
    assert "share counted not stated" in feed.items[0].title
    # With the total of valid votes stated, shares are of that total.
    total = ResultsMapping(
        name="name", votes="votes", race_field="race", rows="rows", votes_total="valid"
    )
    _, [ex] = read({"rows": rows, "valid": 1000}, total)
    assert [s.pct for s in ex.results] == [30.0, 10.0, 5.1, 4.9]


def test_a_stated_share_wins_over_votes_and_a_blank_one_falls_back_to_them() -> None:
    rows = [
        {"name": "Birimdik", "votes": 1, "pct": 24.52},
        {"name": "Kyrgyzstan", "votes": 3, "pct": ""},
    ]
    _, [ex] = read(rows, ResultsMapping(name="name", votes="votes", share="pct"))
    assert {s.party: s.pct for s in ex.results} == {"Birimdik": 24.52, "Kyrgyzstan": 75.0}


def test_bad_rows_and_duplicates_are_skipped_and_named_once() -> None:
    rows = [
        {"name": "Birimdik", "votes": 300},
        "not a row",
        {"name": "", "votes": 1},
        {"name": "birimdik", "votes": 5},
        {"name": "Kyrgyzstan", "votes": 100},
    ]
    feed, [ex] = read(rows, ResultsMapping(name="name", votes="votes"))
    assert [(s.party, s.pct) for s in ex.results] == [("Birimdik", 75.0), ("Kyrgyzstan", 25.0)]
    assert feed.warning == "3 row(s) skipped (row 2: no name at 'name')"


def test_an_export_with_no_readable_row_fails_in_one_line() -> None:
    with pytest.raises(FeedParseError, match=r"^no result row could be read \(row 1: votes"):
        read([{"name": "Birimdik", "votes": "many"}], ResultsMapping(name="name", votes="votes"))
    with pytest.raises(FeedParseError, match=r"no list of result rows at 'data.rows'"):
        read({"data": {}}, ResultsMapping(name="name", votes="votes", rows="data.rows"))
    with pytest.raises(FeedParseError, match="empty body"):
        read(b"  \n", ResultsMapping(name="name", votes="votes"))


def test_progress_from_stations_or_reporting_and_bad_progress_is_a_warning() -> None:
    body = {"s": {"n": 1285, "of": 2475}, "rows": [{"name": "Birimdik", "v": 1}]}
    stations = ResultsMapping(name="name", votes="v", rows="rows", counted="s.n", total="s.of")
    feed, [ex] = read(body, stations)
    assert ex.reporting_pct == 51.92
    assert feed.items[0].title == "CEC: official results, 1,285 of 2,475 stations counted (51.92%)"
    body["s"] = {"n": 3000, "of": 2475}
    feed, [ex] = read(body, stations)
    assert ex.reporting_pct is None
    assert feed.warning == "progress not read (3,000 counted of 2,475 is no progress)"
    reporting = ResultsMapping(name="name", votes="v", rows="rows", reporting="pct")
    _, [ex] = read({**body, "pct": "98,5"}, reporting)
    assert ex.reporting_pct == 98.5


def test_rows_past_the_cap_are_dropped_with_a_warning() -> None:
    rows = [{"name": f"List {i}", "votes": i + 1} for i in range(150)]
    feed, [ex] = read(rows, ResultsMapping(name="name", votes="votes"))
    assert len(ex.results) == 100 and feed.warning == "rows after the first 100 dropped"
    assert len(feed.items[0].summary) < 20_000


def test_names_are_plain_text_and_capped() -> None:
    rows = [{"name": "\x1b]52;c;aGk=\x07[bold]Birimdik[/]" + "x" * 500, "votes": 1}]
    feed, [ex] = read(rows, ResultsMapping(name="name", votes="votes"))
    name = ex.results[0].party
    assert "\x1b" not in name and "\x07" not in name and len(name) <= 100
    assert name.startswith("]52;c;aGk=[bold]Birimdik[/]")
    assert "\x1b" not in feed.items[0].summary


def test_a_csv_export_is_read_by_its_header() -> None:
    body = "\ufeffparty\tshare\treporting\nBirimdik\t24.52\t98\n\nKyrgyzstan\t8.73\t98\n"
    mapping = ResultsMapping(name="party", share="share", reporting="reporting", delimiter="\t")
    feed, [ex] = read(body.encode(), mapping, FeedFormat.RESULTS_CSV)
    assert [(s.party, s.pct) for s in ex.results] == [("Birimdik", 24.52), ("Kyrgyzstan", 8.73)]
    assert ex.reporting_pct == 98.0 and feed.warning is None
    with pytest.raises(FeedParseError, match="unreadable CSV from line 2"):
        read(
            b'party,share\n"Birimdik,24\n' + b"x" * 200_000,
            mapping.__class__(name="party", share="share"),
            FeedFormat.RESULTS_CSV,
        )


def test_the_same_figures_are_the_same_snapshot_and_new_ones_are_new() -> None:
    """An export re-stamped every minute with the same figures is one count, not sixty."""
    mapping = ResultsMapping(name="name", votes="votes", rows="rows", published="at")
    rows = [{"name": "Birimdik", "votes": 1}]
    a, _ = read({"at": "2020-10-05T01:00:00Z", "rows": rows}, mapping)
    b, _ = read({"at": "2020-10-05T01:01:00Z", "rows": rows}, mapping)
    c, _ = read({"at": "2020-10-05T01:02:00Z", "rows": [{"name": "Birimdik", "votes": 2}]}, mapping)
    assert a.items[0].published == datetime(2020, 10, 5, 1, 0, tzinfo=UTC)
    assert a.items[0].guid == b.items[0].guid != c.items[0].guid


# --- the tally ------------------------------------------------------------------------------


def rep(
    party: str,
    pct: float,
    item: int,
    hours: float,
    reporting: float | None,
    source: str = "Wire",
    official: bool = False,
) -> ShareReport:
    return ShareReport(
        PartyShare(party, pct, True),
        item_id=item,
        source=source,
        at=T0 + timedelta(hours=hours),
        reporting_pct=reporting,
        official=official,
    )


def official(
    item: int, hours: float, reporting: float | None, **shares: float
) -> list[ShareReport]:
    return [
        rep(p.replace("_", " "), v, item, hours, reporting, "CEC", official=True)
        for p, v in shares.items()
    ]


def test_stages_are_whole_per_cents() -> None:
    assert [stage(p) for p in (None, 97.5, 98.02, 98.49, 98.5, 100.0)] == [-1, 98, 98, 98, 99, 100]


def test_an_official_count_outranks_newer_texts_of_the_same_count() -> None:
    text = [rep(p, v + 0.1, 10, 5.0, 98.0) for p, v in SEED.items()]
    other = [rep("Birimdik", 24.6, 11, 6.0, 98.4, source="Agency")]
    cec = [rep(p, v, 1, 0.0, 98.02, "CEC", official=True) for p, v in SEED.items()]
    table = results_table([*cec, *text, *other], BALLOT)
    assert (table.source, table.official, table.reporting_pct) == ("CEC", True, 98.02)
    assert table.outranked == ("Wire", "Agency")
    assert {r.party: (r.pct, r.seats, r.official) for r in table.rows} == {
        "Birimdik": (24.52, 46, True),
        "Mekenim Kyrgyzstan": (23.89, 45, True),
        "Kyrgyzstan": (8.73, 16, True),
        "Butun Kyrgyzstan": (7.11, 13, True),
    }
    # Without the official count, the newest text of that count is the table.
    assert results_table([*text, *other], BALLOT).source == "Agency"


def test_a_more_complete_text_count_still_wins_over_an_earlier_official_stage() -> None:
    cec = [rep(p, v, 1, 0.0, 90.0, "CEC", official=True) for p, v in SEED.items()]
    final = [rep(p, v, 2, 3.0, 100.0) for p, v in SEED.items()]
    table = results_table([*cec, *final], BALLOT)
    assert (table.source, table.official, table.outranked) == ("Wire", False, ())
    assert not any(r.official for r in table.rows)


def test_the_official_table_compares_with_the_commissions_own_previous_count() -> None:
    half = [rep("Birimdik", 25.1, 1, 0.0, 50.02, "CEC", official=True)]
    text = [rep("Birimdik", 24.7, 2, 1.0, 90.0)]
    late = [rep("Birimdik", 24.52, 3, 2.0, 98.02, "CEC", official=True)]
    table = results_table([*half, *text, *late], BALLOT)
    assert table.previous is not None and table.previous.item_id == 1
    assert table.rows[0].change == -0.58 and table.outranked == ()


def test_a_party_the_official_count_leaves_out_is_marked_from_the_text() -> None:
    cec = [rep("Birimdik", 24.52, 1, 0.0, 98.0, "CEC", official=True)]
    text = [rep("Birimdik", 24.5, 2, 1.0, 98.0), rep("Ata-Meken", 3.2, 2, 1.0, 98.0)]
    table = results_table([*cec, *text], BALLOT)
    ata = next(r for r in table.rows if r.party == "Ata-Meken")
    assert ata.from_earlier and not ata.official and table.official


def test_races_are_apart_for_official_counts_too() -> None:
    parl = [rep("Birimdik", 24.52, 1, 0.0, 98.0, "CEC", official=True)]
    pres = ShareReport(
        PartyShare("Ana Moreau", 51.0, False, race="presidential", candidate=True),
        item_id=1,
        source="CEC",
        at=T0,
        reporting_pct=98.0,
        official=True,
    )
    text = [rep("Birimdik", 30.0, 2, 1.0, 98.0)]
    tables = race_tables([*parl, pres, *text], BALLOT)
    assert [(t.race, t.official, t.outranked) for t in tables] == [
        ("parliamentary", True, ("Wire",)),
        ("presidential", True, ()),
    ]


def test_the_json_marks_the_official_count_and_what_it_outranks() -> None:
    cec = [rep("Birimdik", 24.52, 1, 0.0, 98.0, "CEC", official=True)]
    data = results_json(results_table([*cec, rep("Birimdik", 24.5, 2, 1.0, 98.0)], BALLOT))
    assert (data["official"], data["outranked"], data["rows"][0]["official"]) == (
        True,
        ["Wire"],
        True,
    )
    assert "official results feed" in data["rule"]


# --- feeds.toml -----------------------------------------------------------------------------

GOOD = """\
[[feed]]
name = "CEC"
url = "https://results.example.org/export.json"
format = "results-json"

[feed.results]
rows = "parties"
name = "party.name"
votes = "votes"
counted = "stations.counted"
total = "stations.total"
published = "updated"
"""


def test_a_results_feed_reads_its_mapping_and_titles_itself_by_its_name() -> None:
    feed = parse_config(GOOD, Path("feeds.toml")).feeds[0]
    assert feed.format is FeedFormat.RESULTS_JSON
    assert feed.results == ResultsMapping(
        name="party.name",
        rows="parties",
        votes="votes",
        counted="stations.counted",
        total="stations.total",
        published="updated",
        title="CEC",
    )


@pytest.mark.parametrize(
    ("text", "line", "message"),
    [
        (
            GOOD.replace('votes = "votes"\n', ""),
            8,
            "feed[0].results.name: a results feed needs `votes` or `share` (or both)",
        ),
        (GOOD + 'colour = "red"\n', 13, "feed[0].results.colour: unknown key"),
        (
            GOOD.replace('total = "stations.total"\n', ""),
            10,
            "feed[0].results.counted: `counted` and `total` go together",
        ),
        (GOOD + 'race = "senate"\n', 13, "feed[0].results.race: 'senate' is not a race"),
        (
            GOOD + 'delimiter = ";"\n',
            13,
            'feed[0].results.delimiter: only for format = "results-csv"',
        ),
        (GOOD + "candidates = 1\n", 13, "feed[0].results.candidates: expected true or false"),
        (
            GOOD.replace('name = "party.name"', 'name = ""'),
            8,
            "feed[0].results.name: must not be empty",
        ),
        (
            GOOD.replace('name = "party.name"\n', ""),
            6,
            "feed[0].results.name: missing required key",
        ),
        (GOOD.split("[feed.results]")[0], 4, 'feed[0].results: format = "results-json" needs'),
        (
            GOOD.replace('format = "results-json"', 'format = "rss"'),
            6,
            'feed[0].results: only for format = "results-json" or "results-csv"',
        ),
        (
            GOOD.replace("results-json", "results-csv"),
            7,
            'feed[0].results.rows: only for format = "results-json"',
        ),
        (
            GOOD.replace("results-json", "results-csv").replace('rows = "parties"\n', "")
            + 'delimiter = ";;"\n',
            12,
            "feed[0].results.delimiter: must be one character",
        ),
    ],
)
def test_results_config_errors_name_file_line_and_key(text: str, line: int, message: str) -> None:
    with pytest.raises(ConfigError) as info:
        parse_config(text, Path("feeds.toml"))
    assert info.value.line == line, str(info.value)
    assert str(info.value).startswith(f"feeds.toml:{line}: {message}"), str(info.value)


def test_the_commented_example_in_the_shipped_feeds_toml_is_a_valid_results_feed() -> None:
    shipped = (Path(__file__).resolve().parents[2] / "feeds.toml").read_text(encoding="utf-8")
    section = shipped.split("# --- an official results feed", 1)[1].split("\n# ---", 1)[0]
    block = section[section.index("# [[feed]]") :]
    example = "\n".join(line.removeprefix("#").removeprefix(" ") for line in block.splitlines())
    config = parse_config(shipped + "\n" + example, Path("feeds.toml"))
    feed = next(f for f in config.feeds if f.format is FeedFormat.RESULTS_JSON)
    assert feed.results is not None
    assert (feed.results.rows, feed.results.votes, feed.results.counted) == (
        "lists",
        "votes",
        "stations.counted",
    )


# --- feeds.toml fuzzing of [feed.results] ---------------------------------------------------

_FIELDS = [*ResultsMapping.__dataclass_fields__, "unknown_key"]
_VALUES = st.one_of(
    st.sampled_from(
        [
            '"votes"',
            '""',
            '";"',
            '"\\t"',
            '";;"',
            '"parliamentary"',
            '"senate"',
            "true",
            "1",
            "[]",
            "{}",
            '"\\u001b]52;c;Zm9v\\u0007"',
        ]
    ),
    st.text(max_size=12).map(lambda t: json.dumps(t, ensure_ascii=False)),
)


@st.composite
def results_feeds(draw: st.DrawFn) -> str:
    fmt = draw(st.sampled_from(["results-json", "results-csv", "rss", "json"]))
    text = f'[[feed]]\nname = "R"\nurl = "https://r.example/x"\nformat = "{fmt}"\n'
    if draw(st.booleans()):
        keys = draw(st.lists(st.sampled_from(_FIELDS), unique=True, max_size=8))
        text += "[feed.results]\n" + "".join(f"{k} = {draw(_VALUES)}\n" for k in keys)
    return text


@pytest.mark.slow
@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(results_feeds())
def test_any_results_table_gives_a_usable_feed_or_one_clean_line(text: str) -> None:
    try:
        config = parse_config(text, Path("f.toml"))
    except ConfigError as exc:
        message = str(exc)
        assert message.startswith("f.toml:") and "\n" not in message
        assert not any(ord(c) < 32 or 0x7F <= ord(c) <= 0x9F for c in message), repr(message)
        assert exc.line is None or 1 <= exc.line <= text.count("\n") + 1
        return
    feed = config.feeds[0]
    assert (feed.results is not None) == feed.format.results
    if feed.results is not None:
        assert feed.results.name and (feed.results.votes or feed.results.share)
        assert len(feed.results.delimiter) == 1 and feed.results.title


def test_tally_prints_the_official_mark_and_what_it_outranks() -> None:
    from rich.console import Console

    from crisiswatch.console_views import results_view

    cec = [rep(p, v, 1, 0.0, 98.02, "CEC", official=True) for p, v in SEED.items()]
    text = [rep("Birimdik", 24.6, 2, 1.0, 98.0), rep("Birimdik", 24.5, 3, 2.0, 98.0, "Agency")]
    console = Console(width=200, record=True, color_system=None)
    for part in results_view(results_table([*cec, *text], BALLOT), 0, 1):
        console.print(part)
    out = " ".join(console.export_text().split())  # the title wraps to the table's width
    assert "98.02% counted" in out
    assert "◉ official count from CEC (outranks Wire, Agency, same count)" in out
    assert "Birimdik ◉" in out and "24.52%" in out and "24.60%" not in out
    # A text count is printed as before, with no mark.
    console = Console(width=200, record=True, color_system=None)
    for part in results_view(results_table(text, BALLOT), 0, 1):
        console.print(part)
    plain = " ".join(console.export_text().split())
    assert "◉" not in plain and "count from Agency" in plain


def test_an_export_of_broken_rows_is_given_up_after_a_thousand() -> None:
    rows = [{"name": "Birimdik", "votes": 5}] + [
        {"name": f"L{i}", "votes": "x"} for i in range(5000)
    ]
    feed, [ex] = read(
        [*rows, {"name": "Kyrgyzstan", "votes": 5}], ResultsMapping(name="name", votes="votes")
    )
    assert [s.party for s in ex.results] == ["Birimdik"]
    assert feed.warning == (
        "999 row(s) skipped (row 2: votes 'x' is not a number); rows after the first 1000 not read"
    )
