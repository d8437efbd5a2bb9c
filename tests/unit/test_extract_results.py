"""Election results: share shapes, counting progress, threshold, turnout and party matching."""

from __future__ import annotations

import pytest

from crisiswatch.config import Election, Party
from crisiswatch.extract import extract

BALLOT = Election(
    seats=120,
    threshold=7.0,
    parties=(
        Party("Birimdik", ("Unity",)),
        Party("Mekenim Kyrgyzstan", ("Native Kyrgyzstan",)),
        Party("Kyrgyzstan"),
        Party("Butun Kyrgyzstan", ("United Kyrgyzstan",)),
        Party("Ata Meken"),
    ),
)


def shares(text: str, election: Election | None = BALLOT) -> list[tuple[str, float, bool]]:
    return [(r.party, r.pct, r.known) for r in extract(text, election).results]


def test_seed_shaped_sentence_with_parentheses_and_progress() -> None:
    text = (
        "With 98 percent of polling stations processed, four parties clear the bar: Birimdik "
        "(Unity, pro-government) with 24.52% of the vote, Mekenim Kyrgyzstan (Native Kyrgyzstan) "
        "with 23.89%, Kyrgyzstan (centrist) with 8.73% and Butun Kyrgyzstan (United Kyrgyzstan) "
        "with 7.11%. The rest fell short of the 7 percent threshold."
    )
    ex = extract(text, BALLOT)
    assert [(r.party, r.pct) for r in ex.results] == [
        ("Birimdik", 24.52),
        ("Mekenim Kyrgyzstan", 23.89),
        ("Kyrgyzstan", 8.73),
        ("Butun Kyrgyzstan", 7.11),
    ]
    assert all(r.known for r in ex.results)
    assert ex.reporting_pct == 98.0
    assert ex.threshold_pct == 7.0
    assert ex.turnout_pct is None
    r = ex.results[1]
    assert text[r.start : r.end] == "Mekenim Kyrgyzstan"


@pytest.mark.parametrize(
    ("text", "want"),
    [
        ("Birimdik won 24.5 percent of the vote.", [("Birimdik", 24.5, True)]),
        ("Birimdik: 24.5%.", [("Birimdik", 24.5, True)]),
        ("The count gave 24.5% for Birimdik.", [("Birimdik", 24.5, True)]),
        ("Ata Meken (2.3%) did not pass.", [("Ata Meken", 2.3, True)]),
        ("Birimdik received 452,000 votes, or 24.52 percent.", [("Birimdik", 24.52, True)]),
        ("Unity took 24.5 per cent.", [("Birimdik", 24.5, True)]),
        (
            "Birimdik 24.52%, Mekenim Kyrgyzstan 23.89% and Kyrgyzstan 8.73%.",
            [
                ("Birimdik", 24.52, True),
                ("Mekenim Kyrgyzstan", 23.89, True),
                ("Kyrgyzstan", 8.73, True),
            ],
        ),
    ],
)
def test_share_shapes(text: str, want: list[tuple[str, float, bool]]) -> None:
    assert shares(text) == want


@pytest.mark.parametrize(
    ("text", "want"),
    [
        # A relative clause is about the name right before it, not a rival named earlier.
        (
            "With 40% of the vote, Birimdik finished ahead of Ata Meken, which took 22%.",
            [("Birimdik", 40.0, True), ("Ata Meken", 22.0, True)],
        ),
        ("Birimdik defeated Ata Meken, which won 9%.", [("Ata Meken", 9.0, True)]),
        # Without one, the share after a rival verb is still the first name's.
        ("Birimdik trails Ata Meken with 34.6%.", [("Birimdik", 34.6, True)]),
        # A capitalised "Party" before its leader is the end of the party's name.
        ("The Lake Party of Prime Minister Jon Ek won 31.4%.", [("Lake Party", 31.4, False)]),
        # A share a party slipped or surged to is its own; the one it came from is none.
        ("The Greens slipped to 6.1 percent from 9.8 percent.", [("Greens", 6.1, False)]),
    ],
)
def test_who_owns_a_share_in_longer_shapes(text: str, want: list[tuple[str, float, bool]]) -> None:
    assert shares(text) == want


def test_longest_name_first() -> None:
    assert shares("Butun Kyrgyzstan polled 7.11%.") == [("Butun Kyrgyzstan", 7.11, True)]


def test_country_is_not_a_party_without_a_share() -> None:
    ex = extract("Kyrgyzstan's election commission said turnout reached 56.2%.", BALLOT)
    assert ex.results == ()
    assert ex.turnout_pct == 56.2


def test_turnout_is_never_a_share() -> None:
    ex = extract("Turnout was 56.2 percent, and Birimdik led with 24.5%.", BALLOT)
    assert ex.turnout_pct == 56.2
    assert [(r.party, r.pct) for r in ex.results] == [("Birimdik", 24.5)]


def test_threshold_and_reporting_shapes() -> None:
    assert extract("Parties must win 7% of the vote to enter parliament.").threshold_pct == 7.0
    assert extract("The threshold is 5 percent.").threshold_pct == 5.0
    assert extract("With 99% of ballots counted, the race was close.").reporting_pct == 99.0
    assert extract("Around 20 percent of polling stations opened late.").reporting_pct is None


def test_a_results_post_that_names_only_its_units_gives_the_share_counted() -> None:
    """No "election", "vote" or "ballot" in the text: the units counted say what it is."""
    text = (
        "Here are the results declared at 6pm.\nAna Moreau 994 090 - 44 %\n"
        "Paul Dubois 808 506 - 36%\nThese are 116 of the 150 parliamentary constituencies, "
        "counted and verified."
    )
    assert extract(text).reporting_pct == 77.33
    assert (
        extract("Results from 40 out of 160 constituencies have been tallied.").reporting_pct
        == 25.0
    )
    # and no other n of m is read as one
    text = "Police said 12 of the 40 schools used as shelters were damaged, officials reported."
    assert extract(text).reporting_pct is None


def test_unknown_name_is_reported_as_not_in_watch() -> None:
    assert shares("Respublika won 6.8%.") == [("Respublika", 6.8, False)]


def test_without_a_watch_names_are_read_from_text() -> None:
    got = shares("Georgian Dream won 48.2% and the United National Movement 27.1%.", None)
    assert got == [("Georgian Dream", 48.2, False), ("United National Movement", 27.1, False)]


@pytest.mark.parametrize(
    "text",
    [
        "Only 35 percent of respondents trusted the commission.",
        "Prices rose by 12 percent in September.",
        "The two leading parties together took almost half of the votes.",
        "In the previous election the Birimdik party won 38% of the vote.",
        "At the last parliamentary elections, Birimdik took 21.4 percent.",
    ],
)
def test_percentages_that_are_not_shares(text: str) -> None:
    assert shares(text) == []


def test_last_weeks_election_is_this_one() -> None:
    assert shares("In last week's election Birimdik won 38% of the vote.") == [
        ("Birimdik", 38.0, True)
    ]


@pytest.mark.parametrize(
    "spelt",
    ["Bırımdık", "BİRİMDİK", "birimdik", "BIRIMDIK"],
    ids=["dotless-i", "dotted-capital-I", "lower", "upper"],
)
def test_a_party_in_any_case_is_the_watchs_party(spelt: str) -> None:
    """Turkic i's and other case pairs outside ASCII: the name still maps to the watch's party
    (this raised KeyError, failing the whole feed's poll)."""
    assert shares(f"{spelt} won 24.5% of the vote.") == [("Birimdik", 24.5, True)]


def test_a_listed_party_owns_a_share_however_far_in_its_clause() -> None:
    text = (
        "The ruling Birimdik, backed by the president and his allies in the regions, took a "
        "clear lead in the count and stood at 24.5 percent on Monday."
    )
    assert shares(text) == [("Birimdik", 24.5, True)]
    assert shares(text, None) == [], "without a ballot, no shape names the owner"


def test_a_change_or_another_clause_is_not_the_listed_partys_share() -> None:
    change = "Ata Meken held on to its base despite a loss of about 3% in the capital."
    assert shares(change) == []
    clause = "Ata Meken campaigned hard in the south; turnout there was 41% by noon."
    assert [s for s in shares(clause) if s[0] == "Ata Meken"] == []


def test_what_is_left_to_count_gives_way_to_a_share_counted_stated_outright() -> None:
    left = "With 30 percent of the votes still to be counted, Ata Meken led the field."
    assert extract(left, BALLOT).reporting_pct == 70.0
    both = (
        "With under 4 percent of ballots still uncounted, Birimdik led. By 10 p.m., with "
        "96.2 percent of precincts counted, its lead had narrowed."
    )
    assert extract(both, BALLOT).reporting_pct == 96.2


def test_without_a_ballot_the_sentences_subject_owns_its_first_share() -> None:
    text = (
        "The Green Union, which governs the capital, held its lead through the night and "
        "finished with 41.2 percent."
    )
    assert shares(text, None) == [("Green Union", 41.2, False)]
    later = "Turnout was low. The Green Union finished the night ahead on 41.2 percent."
    assert [s[0] for s in shares(later, None)] != ["Turnout"]
    common = "Voters of the northern regions gave the alliance 33 percent."
    assert shares(common, None) == [] or shares(common, None)[0][0] != "Voters"


@pytest.mark.parametrize(
    "text",
    [
        "The Green Union also made it into parliament, winning six seats (7.02%).",
        "The Green Union came second with 17 seats, after garnering 7.02% of the vote.",
        "The Green Union did not qualify for seats in the legislature, with only 7.02 percent.",
    ],
)
def test_without_a_ballot_the_subject_owns_a_share_after_its_seats_or_an_only(text: str) -> None:
    assert shares(text, None) == [("Green Union", 7.02, False)]


@pytest.mark.parametrize("election", [BALLOT, None], ids=["ballot", "no ballot"])
@pytest.mark.parametrize(
    ("text", "want"),
    [
        (
            "Mekenim Kyrgyzstan will stay in parliament. The party received 120,400 votes "
            "(6.1 percent).",
            ("Mekenim Kyrgyzstan", 6.1),
        ),
        (
            "Butun Kyrgyzstan failed to cross the threshold. The bloc mustered 4.3 per cent of "
            "the national vote.",
            ("Butun Kyrgyzstan", 4.3),
        ),
        (
            "Mekenim Kyrgyzstan was heading for a clear win, officials said on Monday. With "
            "most districts counted, the ruling party was standing at 58.2 %.",
            ("Mekenim Kyrgyzstan", 58.2),
        ),
    ],
)
def test_the_party_is_the_one_the_sentence_before_is_about(
    text: str, want: tuple[str, float], election: Election | None
) -> None:
    assert [(name, pct) for name, pct, _ in shares(text, election)] == [want]


def test_a_party_named_congress_is_the_one_the_ruling_party_refers_to() -> None:
    """ "Congress" names a parliament, but not in "National Renewal Congress"."""
    text = (
        "THE National Renewal Congress (NRC) looked set to keep power, early returns showed on "
        "Friday. With most districts in, the ruling party stood at 61.5 % and the Civic "
        "Alliance (CA) at 21.2 %."
    )
    assert [(name, pct) for name, pct, _ in shares(text, None)] == [
        ("National Renewal Congress", 61.5),
        ("Civic Alliance (CA)", 21.2),
    ]


def test_the_party_with_no_party_before_it_owns_nothing() -> None:
    text = "The commission published the count on Monday. The party received 30 percent."
    assert shares(text, None) == []
    assert shares(text) == []


def test_support_for_a_party_is_the_partys_share() -> None:
    assert shares("Support for the Homeland Front rose to 12.4%.", None) == [
        ("Homeland Front", 12.4, False)
    ]


@pytest.mark.parametrize("election", [BALLOT, None], ids=["ballot", "no ballot"])
def test_a_second_share_given_to_a_party(election: Election | None) -> None:
    text = "Of the votes counted, 41.2% went to Birimdik and 22.5% to Ata Meken."
    assert [(n, p) for n, p, _ in shares(text, election)] == [
        ("Birimdik", 41.2),
        ("Ata Meken", 22.5),
    ]


def test_a_party_described_as_the_leaders_party_owns_the_share() -> None:
    text = "Green Union, the party of President Ivo Horn, won 43.2% of the vote."
    assert shares(text, None) == [("Green Union", 43.2, False)]


def test_a_person_introduced_as_the_incumbent_is_a_candidate() -> None:
    (share,) = extract(
        "The incumbent, Ana Moreau, secured a second term with 55.5 percent."
    ).results
    assert (share.party, share.pct, share.candidate) == ("Ana Moreau", 55.5, True)


def test_ballot_boxes_name_a_vote_for_the_counting_rules() -> None:
    text = "By midnight all of the ballot boxes had been opened. The Sun Bloc took 40.8%."
    assert extract(text).reporting_pct == 100.0


@pytest.mark.parametrize(
    ("text", "want"),
    [
        ("Turnout reached 70% in the capital.", None),
        ("Turnout was 64 percent in cities including the port.", None),
        ("Turnout reached 61% in the first round.", 61.0),
    ],
)
def test_a_turnout_of_some_places_is_not_the_races(text: str, want: float | None) -> None:
    assert extract(text).turnout_pct == want


def test_no_break_and_thin_spaces_read_as_spaces_and_offsets_hold() -> None:
    text = "The Sun\u00a0Bloc won 31.2\u00a0per\u00a0cent, and police held 1\u202f200\u00a0people."
    ex = extract(text)
    assert [(s.party, s.pct) for s in ex.results] == [("Sun Bloc", 31.2)]
    (figure,) = ex.figures
    assert figure.value == 1200
    assert text[figure.start : figure.end] == "held 1\u202f200"
