"""Seat projection against real national-list allocations, and each rule on its own.

Every real election below is one where a single national count decides each list's seats.
Vote counts and seats are the official figures; the source is named with each. Lists under
the threshold are given where they decide something (a bloc just under its threshold); the
others only enter the valid total (`total`), which is what the threshold is measured on.
"""

from __future__ import annotations

from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from crisiswatch.config import Election, Party, SeatMethod, ThresholdBase
from crisiswatch.tally.seats import (
    DIVISOR_START,
    allocate,
    caveats,
    clears,
    eligible,
    project,
    threshold_for,
    threshold_note,
)

SEED = {
    "Birimdik": 24.52,
    "Mekenim Kyrgyzstan": 23.89,
    "Kyrgyzstan": 8.73,
    "Butun Kyrgyzstan": 7.11,
    "Ata-Jurt Kyrgyzstan": 4.64,
}


def test_seed_projection_hare() -> None:
    # Kyrgyzstan, 4 October 2020, at 98% counted (the count later annulled): the seeds'
    # projection by largest remainder among lists over 7%.
    got = allocate(SEED, 120, SeatMethod.HARE, 7.0)
    assert got == {
        "Birimdik": 46,
        "Mekenim Kyrgyzstan": 45,
        "Kyrgyzstan": 16,
        "Butun Kyrgyzstan": 13,
        "Ata-Jurt Kyrgyzstan": 0,
    }


# Kyrgyzstan, Supreme Council, 4 October 2015: 120 seats in one national constituency, Hare
# largest remainder among lists over 7% (and 0.7% in every region, which these six met).
# Votes and seats: Central Election Commission final result, as tabulated on Wikipedia's
# "2015 Kyrgyz parliamentary election" page.
KYRGYZSTAN_2015 = {
    "SDPK": 435_804,
    "Respublika-Ata Zhurt": 320_115,
    "Kyrgyzstan": 206_094,
    "Onuguu-Progress": 148_279,
    "Bir Bol": 135_875,
    "Ata Meken": 123_055,
}
KYRGYZSTAN_2015_SEATS = {
    "SDPK": 38,
    "Respublika-Ata Zhurt": 28,
    "Kyrgyzstan": 18,
    "Onuguu-Progress": 13,
    "Bir Bol": 12,
    "Ata Meken": 11,
}

# Slovakia, National Council, 29 February 2020: 150 seats in one national constituency,
# Hagenbach-Bischoff (Droop) quota and largest remainder; thresholds 5% for a party, 7% for a
# coalition of two or three, 10% for four or more. PS-Spolu, a coalition of two, stayed out
# on 6.96%; KDH on 4.65%. Statistical Office of the Slovak Republic final result (Wikipedia's
# "2020 Slovak parliamentary election"; shares as reported by TASR and The Slovak Spectator).
SLOVAKIA_2020 = {
    "OĽaNO": 721_166,
    "Smer-SD": 527_172,
    "Sme Rodina": 237_531,
    "ĽSNS": 229_660,
    "SaS": 179_246,
    "Za ľudí": 166_325,
    "PS-Spolu": 200_780,
    "KDH": 134_099,
}
SLOVAKIA_2020_VALID = 2_881_511
SLOVAKIA_2020_SEATS = {
    "OĽaNO": 53,
    "Smer-SD": 38,
    "Sme Rodina": 17,
    "ĽSNS": 17,
    "SaS": 13,
    "Za ľudí": 12,
    "PS-Spolu": 0,
    "KDH": 0,
}
SLOVAK_BLOCS = ((2, 7.0), (4, 10.0))

# Netherlands, Tweede Kamer, 22 November 2023: 150 seats, one national count, D'Hondt among
# lists with at least one full quota (valid votes / 150), no list combinations. Kiesraad
# official result: 10,432,726 valid votes; the last seat went to SP over D66 by 160 votes.
NETHERLANDS_2023 = {
    "PVV": 2_450_878,
    "GL-PvdA": 1_643_073,
    "VVD": 1_589_519,
    "NSC": 1_343_287,
    "D66": 656_292,
    "BBB": 485_551,
    "CDA": 345_822,
    "SP": 328_225,
    "DENK": 246_765,
    "PvdD": 235_148,
    "FvD": 232_963,
    "SGP": 217_270,
    "CU": 212_532,
    "Volt": 178_802,
    "JA21": 71_345,
}
NETHERLANDS_2023_VALID = 10_432_726
NETHERLANDS_2023_SEATS = {
    "PVV": 37,
    "GL-PvdA": 25,
    "VVD": 24,
    "NSC": 20,
    "D66": 9,
    "BBB": 7,
    "CDA": 5,
    "SP": 5,
    "DENK": 3,
    "PvdD": 3,
    "FvD": 3,
    "SGP": 3,
    "CU": 3,
    "Volt": 2,
    "JA21": 1,
}

# New Zealand, 17 October 2020 and 23 September 2017: the 120 seats are shared by party vote
# with Sainte-Laguë among parties over 5% or holding an electorate (the Māori Party by
# Waiariki in 2020, ACT by Epsom in 2017); no overhang either time. Electoral Commission
# official results.
NEW_ZEALAND_2020 = {
    "Labour": 1_443_545,
    "National": 738_275,
    "Green": 226_757,
    "ACT": 219_031,
    "Māori Party": 33_630,
}
NEW_ZEALAND_2020_SEATS = {"Labour": 65, "National": 33, "Green": 10, "ACT": 10, "Māori Party": 2}
NEW_ZEALAND_2017 = {
    "National": 1_152_075,
    "Labour": 956_184,
    "NZ First": 186_706,
    "Green": 162_443,
    "ACT": 13_075,
}
NEW_ZEALAND_2017_SEATS = {"National": 56, "Labour": 46, "NZ First": 9, "Green": 8, "ACT": 1}

# Nepal, House of Representatives, 20 November 2022: the 110 proportional seats are shared
# nationally by modified Sainte-Laguë (first divisor 1.4) among parties over 3% of valid
# votes. Election Commission of Nepal: the seven parties over the threshold had 9,271,712
# votes between them.
NEPAL_2022 = {
    "CPN (UML)": 2_845_641,
    "Nepali Congress": 2_715_225,
    "CPN (Maoist Centre)": 1_175_684,
    "Rastriya Swatantra Party": 1_130_344,
    "Rastriya Prajatantra Party": 588_849,
    "Janata Samajbadi Party": 421_314,
    "Janamat Party": 394_655,
}
NEPAL_2022_SEATS = {
    "CPN (UML)": 34,
    "Nepali Congress": 32,
    "CPN (Maoist Centre)": 14,
    "Rastriya Swatantra Party": 13,
    "Rastriya Prajatantra Party": 7,
    "Janata Samajbadi Party": 5,
    "Janamat Party": 5,
}


# Israel, 25th Knesset, 1 November 2022: 120 seats, one national count, D'Hondt (Bader-Ofer)
# among lists over 3.25% of 4,764,742 valid votes, with surplus agreements: lists that signed
# one share the allocation as one list and split its seats between them. Central Elections
# Committee final result (counts as tabulated on Wikipedia's "2022 Israeli legislative
# election"; their shares match the published 23.41%, 17.78%, ... to two decimals). Meretz,
# on 3.16%, and Balad stayed out. Of the agreements, Likud with Religious Zionism, Yesh Atid
# with National Unity and Shas with United Torah Judaism are the ones given here.
ISRAEL_2022 = {
    "Likud": 1_115_336,
    "Yesh Atid": 847_435,
    "Religious Zionism": 516_470,
    "National Unity": 432_482,
    "Shas": 392_964,
    "United Torah Judaism": 280_194,
    "Yisrael Beiteinu": 213_687,
    "Ra'am": 194_047,
    "Hadash-Ta'al": 178_735,
    "Labor": 175_992,
    "Meretz": 150_696,
}
ISRAEL_2022_VALID = 4_764_742
ISRAEL_2022_SURPLUS = (
    ("Likud", "Religious Zionism"),
    ("Yesh Atid", "National Unity"),
    ("Shas", "United Torah Judaism"),
)
ISRAEL_2022_SEATS = {
    "Likud": 32,
    "Yesh Atid": 24,
    "Religious Zionism": 14,
    "National Unity": 12,
    "Shas": 11,
    "United Torah Judaism": 7,
    "Yisrael Beiteinu": 6,
    "Ra'am": 5,
    "Hadash-Ta'al": 5,
    "Labor": 4,
    "Meretz": 0,
}


def test_israel_2022_dhondt_with_surplus_agreements() -> None:
    got = allocate(
        ISRAEL_2022,
        120,
        SeatMethod.DHONDT,
        3.25,
        total=ISRAEL_2022_VALID,
        surplus=ISRAEL_2022_SURPLUS,
    )
    assert got == ISRAEL_2022_SEATS
    # Without the agreements plain D'Hondt gives Likud's 32nd seat to Labor.
    plain = allocate(ISRAEL_2022, 120, SeatMethod.DHONDT, 3.25, total=ISRAEL_2022_VALID)
    assert (plain["Likud"], plain["Labor"]) == (31, 5)


def test_surplus_partner_under_the_threshold_leaves_the_list_alone() -> None:
    votes = {"A": 60, "B": 30, "C": 8, "D": 2}
    alone = allocate(votes, 10, SeatMethod.DHONDT, 5.0)
    assert allocate(votes, 10, SeatMethod.DHONDT, 5.0, surplus=[("C", "D")]) == alone


def test_project_reads_surplus_agreements_from_the_watch() -> None:
    election = Election(
        seats=120,
        threshold=3.25,
        method=SeatMethod.DHONDT,
        parties=(
            Party("Likud", surplus="religious zionism"),
            Party("Religious Zionism"),
            Party("Yesh Atid", surplus="National Unity"),
            Party("National Unity"),
            Party("Shas", surplus="United Torah Judaism"),
            Party("United Torah Judaism"),
        ),
    )
    shares = {p: v * 100 / ISRAEL_2022_VALID for p, v in ISRAEL_2022.items()}
    assert project(shares, election) == ISRAEL_2022_SEATS


def test_kyrgyzstan_2015_hare() -> None:
    assert allocate(KYRGYZSTAN_2015, 120, SeatMethod.HARE) == KYRGYZSTAN_2015_SEATS


def test_slovakia_2020_droop_with_coalition_threshold() -> None:
    got = allocate(
        SLOVAKIA_2020,
        150,
        SeatMethod.DROOP,
        5.0,
        total=SLOVAKIA_2020_VALID,
        blocs={"PS-Spolu": 2},
        bloc_thresholds=SLOVAK_BLOCS,
    )
    assert got == SLOVAKIA_2020_SEATS
    # As a single party PS-Spolu's 6.96% would have cleared 5% and taken seats.
    alone = allocate(SLOVAKIA_2020, 150, SeatMethod.DROOP, 5.0, total=SLOVAKIA_2020_VALID)
    assert alone["PS-Spolu"] > 0 and alone["OĽaNO"] < 53


def test_netherlands_2023_dhondt_with_full_quota_threshold() -> None:
    got = allocate(
        NETHERLANDS_2023,
        150,
        SeatMethod.DHONDT,
        100 / 150,
        total=NETHERLANDS_2023_VALID,
    )
    assert got == NETHERLANDS_2023_SEATS
    # The published margin of the last seat: 160 more votes for D66 would have taken it.
    closer = {**NETHERLANDS_2023, "D66": NETHERLANDS_2023["D66"] + 160}
    moved = allocate(closer, 150, SeatMethod.DHONDT, 100 / 150, total=NETHERLANDS_2023_VALID)
    assert (moved["D66"], moved["SP"]) == (10, 4)


@pytest.mark.parametrize(
    ("votes", "seats"),
    [(NEW_ZEALAND_2020, NEW_ZEALAND_2020_SEATS), (NEW_ZEALAND_2017, NEW_ZEALAND_2017_SEATS)],
    ids=["2020", "2017"],
)
def test_new_zealand_sainte_lague(votes: dict[str, int], seats: dict[str, int]) -> None:
    assert allocate(votes, 120, SeatMethod.SAINTE_LAGUE) == seats


def test_nepal_2022_modified_sainte_lague() -> None:
    assert allocate(NEPAL_2022, 110, SeatMethod.MODIFIED_SAINTE_LAGUE) == NEPAL_2022_SEATS


@pytest.mark.parametrize(
    ("votes", "seats", "method", "official"),
    [
        # Each real result told apart from another method's answer on the same votes, so the
        # tests above could not pass with the wrong method.
        (SLOVAKIA_2020, 150, SeatMethod.DHONDT, SLOVAKIA_2020_SEATS),
        (NEPAL_2022, 110, SeatMethod.DHONDT, NEPAL_2022_SEATS),
        (NEW_ZEALAND_2020, 120, SeatMethod.DHONDT, NEW_ZEALAND_2020_SEATS),
        (NEW_ZEALAND_2017, 120, SeatMethod.MODIFIED_SAINTE_LAGUE, NEW_ZEALAND_2017_SEATS),
        (NETHERLANDS_2023, 150, SeatMethod.SAINTE_LAGUE, NETHERLANDS_2023_SEATS),
    ],
)
def test_other_methods_give_other_seats(
    votes: dict[str, int], seats: int, method: SeatMethod, official: dict[str, int]
) -> None:
    passing = {p: v for p, v in votes.items() if official[p] > 0}
    assert allocate(passing, seats, method) != {p: official[p] for p in passing}


def test_imperiali_divisors_and_their_tie() -> None:
    # Divisors 2, 3, 4, ...: 25, 16.7, 15, 12.5 take four seats; the fifth is a three-way tie
    # at 10 (50/5, 30/3, 20/2), which goes to the list with more votes.
    assert allocate({"A": 50, "B": 30, "C": 20}, 5, SeatMethod.IMPERIALI) == {
        "A": 4,
        "B": 1,
        "C": 0,
    }
    assert allocate({"A": 50, "B": 30, "C": 20}, 5, SeatMethod.DHONDT) == {"A": 3, "B": 1, "C": 1}


def test_imperiali_quota_and_its_over_allocation() -> None:
    # Quota 100/12: 6.6, 3.6 and 1.8 quotas, whole parts 6 + 3 + 1 = 10 seats.
    assert allocate({"A": 55, "B": 30, "C": 15}, 10, SeatMethod.IMPERIALI_QUOTA) == {
        "A": 6,
        "B": 3,
        "C": 1,
    }
    # Quota 100/7 gives 3 + 2 + 1 = 6 whole seats of 5: taken again with 100/6, 3 + 1 + 1.
    assert allocate({"A": 50, "B": 30, "C": 20}, 5, SeatMethod.IMPERIALI_QUOTA) == {
        "A": 3,
        "B": 1,
        "C": 1,
    }


def test_droop_differs_from_hare_on_remainders() -> None:
    # 36 votes, 4 seats. Hare quota 9: A 3.33, B 0.56, C 0.11; three whole seats to A, the
    # fourth to B's remainder. Droop quota 36/5 + 1 = 8 (whole): A 3.75, B 0.63, so A's
    # remainder takes it.
    votes = {"A": 30, "B": 5, "C": 1}
    assert allocate(votes, 4, SeatMethod.HARE) == {"A": 3, "B": 1, "C": 0}
    assert allocate(votes, 4, SeatMethod.DROOP) == {"A": 4, "B": 0, "C": 0}


def test_reserved_seats_are_taken_off_first() -> None:
    got = allocate(KYRGYZSTAN_2015, 120, SeatMethod.HARE, reserved=20)
    assert sum(got.values()) == 100
    assert got == allocate(KYRGYZSTAN_2015, 100, SeatMethod.HARE)


def test_threshold_is_inclusive_and_nobody_over_gives_nothing() -> None:
    assert allocate({"A": 7.0, "B": 6.99}, 10, SeatMethod.HARE, 7.0) == {"A": 10, "B": 0}
    assert allocate({"A": 3.0}, 10, SeatMethod.HARE, 7.0) == {"A": 0}


def test_bloc_thresholds_by_size() -> None:
    rules = ((2, 7.0), (3, 9.0))
    assert threshold_for(1, 5.0, rules) == 5.0
    assert threshold_for(2, 5.0, rules) == 7.0
    assert threshold_for(3, 5.0, rules) == 9.0
    assert threshold_for(6, 5.0, rules) == 9.0, "the largest size covers every larger bloc"
    assert threshold_for(3, 5.0, ((4, 10.0),)) == 5.0, "sizes under every entry: the party's"
    shares = {"Party": 6.0, "Pair": 8.0, "Trio": 8.5, "Big": 40.0}
    got = allocate(
        shares, 10, SeatMethod.DHONDT, 5.0, blocs={"Pair": 2, "Trio": 3}, bloc_thresholds=rules
    )
    assert got["Party"] > 0 and got["Pair"] > 0 and got["Trio"] == 0


def test_threshold_on_ballots_cast() -> None:
    # 5.0% of valid votes with 4% of ballots blank or invalid is 4.8% of ballots cast;
    # 5.25% is 5.04%.
    cast = Election(
        seats=10, threshold=5.0, threshold_base=ThresholdBase.CAST, invalid=4.0, parties=()
    )
    valid = Election(seats=10, threshold=5.0, parties=())
    shares = {"Small": 5.0, "Big": 50.0}
    assert project(shares, cast)["Small"] == 0
    assert project(shares, valid)["Small"] > 0
    assert not clears("Small", 5.0, cast) and clears("Small", 5.25, cast)
    assert caveats(cast) == ()
    # Unknown blank and invalid ballots: measured on valid votes, and said so.
    unknown = Election(seats=10, threshold=5.0, threshold_base=ThresholdBase.CAST)
    assert project(shares, unknown)["Small"] > 0
    assert any("not known" in c for c in caveats(unknown))
    assert threshold_note(unknown) == " (of ballots cast)"


def test_project_uses_the_watchs_parties_blocs_and_reserved_seats() -> None:
    election = Election(
        seats=110,
        threshold=5.0,
        method=SeatMethod.DROOP,
        parties=(Party("Coalition", bloc=2), Party("Solo")),
        bloc_thresholds=((2, 7.0), (4, 10.0)),
        reserved=10,
        districts=True,
    )
    got = project({"coalition": 6.5, "Solo": 6.5, "Big": 60.0}, election)
    assert got["coalition"] == 0, "bloc size is matched case-insensitively"
    assert got["Solo"] > 0 and sum(got.values()) == 100
    assert threshold_note(election) == " (blocs of 2-3: 7%, 4+: 10%)"
    assert any("district" in c for c in caveats(election))


def test_ties_are_deterministic() -> None:
    a = allocate({"X": 50.0, "Y": 50.0}, 3, SeatMethod.HARE, 0.0)
    b = allocate({"Y": 50.0, "X": 50.0}, 3, SeatMethod.HARE, 0.0)
    assert a == b == {"X": 2, "Y": 1}
    # Equal quotients with unequal votes: the list with more votes takes the seat.
    assert allocate({"A": 20, "B": 10}, 2, SeatMethod.DHONDT) == {"A": 2, "B": 0}


@given(
    st.dictionaries(st.text(min_size=1, max_size=5), st.floats(0.01, 100), min_size=1, max_size=8),
    st.integers(1, 300),
    st.sampled_from(list(SeatMethod)),
)
def test_every_seat_is_given_out(shares: dict[str, float], seats: int, method: SeatMethod) -> None:
    got = allocate(shares, seats, method, 0.0)
    assert sum(got.values()) == seats
    assert set(got) == set(shares)


@given(
    st.dictionaries(st.sampled_from("ABCDEFGH"), st.integers(1, 10**6), min_size=1, max_size=8),
    st.integers(1, 200),
    st.sampled_from(sorted(DIVISOR_START)),
)
def test_divisor_methods_meet_their_definition(
    votes: dict[str, int], seats: int, method: SeatMethod
) -> None:
    """No list left out has a higher next quotient than the lowest one that won a seat."""
    first, second, step = DIVISOR_START[method]

    def divisor(n: int) -> Fraction:
        return first if n == 0 else second + step * (n - 1)

    got = allocate(votes, seats, method)
    won_last = [Fraction(votes[p]) / divisor(got[p] - 1) for p in votes if got[p] > 0]
    next_up = [Fraction(votes[p]) / divisor(got[p]) for p in votes]
    assert min(won_last) >= max(next_up)


@given(
    st.dictionaries(st.sampled_from("ABCDEFGH"), st.integers(1, 10**6), min_size=1, max_size=8),
    st.integers(1, 200),
)
def test_hare_gives_each_list_its_quota_rounded_down_or_up(
    votes: dict[str, int], seats: int
) -> None:
    got = allocate(votes, seats, SeatMethod.HARE)
    total = sum(votes.values())
    for p, v in votes.items():
        quota = Fraction(v * seats, total)
        assert quota - 1 < got[p] <= quota + 1


@pytest.mark.slow
@given(
    st.dictionaries(st.sampled_from("ABCDEFGH"), st.integers(1, 1000), min_size=1, max_size=8),
    st.integers(1, 2000),
    st.sampled_from(sorted(DIVISOR_START)),
)
def test_divisor_methods_match_seat_by_seat_allocation(
    votes: dict[str, int], seats: int, method: SeatMethod
) -> None:
    """The seats given at once before the one-by-one part change nothing, ties included:
    the same answer as giving every seat one at a time (small vote counts make many ties)."""
    first, second, step = DIVISOR_START[method]

    def divisor(n: int) -> Fraction:
        return first if n == 0 else second + step * (n - 1)

    won = dict.fromkeys(votes, 0)
    for _ in range(seats):
        best = min(votes, key=lambda p: (-Fraction(votes[p]) / divisor(won[p]), -votes[p], p))
        won[best] += 1
    assert allocate(votes, seats, method) == won


def test_threshold_on_raw_votes_is_exact() -> None:
    # 3.25% of 4,764,742 valid votes is 154,854.115 votes: 154,855 clears it, 154,854 does not.
    votes = {"Over": 154_855, "Under": 154_854, "Rest": 4_764_742 - 309_709}
    got = allocate(votes, 120, SeatMethod.DHONDT, 3.25, total=4_764_742)
    assert got["Over"] > 0 and got["Under"] == 0
    # 5% of 2,000,000 is exactly 100,000: at the threshold counts as over.
    assert "A" in eligible({"A": 100_000, "B": 1_900_000}, 5.0, total=2_000_000)
    assert "A" not in eligible({"A": 99_999, "B": 1_900_001}, 5.0, total=2_000_000)
