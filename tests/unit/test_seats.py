"""Seat projection: Hare largest remainder, D'Hondt and Sainte-Laguë, with the threshold."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from crisiswatch.config import SeatMethod
from crisiswatch.tally.seats import allocate

SEED = {
    "Birimdik": 24.52,
    "Mekenim Kyrgyzstan": 23.89,
    "Kyrgyzstan": 8.73,
    "Butun Kyrgyzstan": 7.11,
    "Ata-Jurt Kyrgyzstan": 4.64,
}


def test_seed_projection_hare() -> None:
    got = allocate(SEED, 120, SeatMethod.HARE, 7.0)
    assert got == {
        "Birimdik": 46,
        "Mekenim Kyrgyzstan": 45,
        "Kyrgyzstan": 16,
        "Butun Kyrgyzstan": 13,
        "Ata-Jurt Kyrgyzstan": 0,
    }


def test_dhondt_favours_larger_parties() -> None:
    got = allocate({"A": 41.0, "B": 29.0, "C": 17.0, "D": 13.0}, 10, SeatMethod.DHONDT, 0.0)
    # Quotients 41, 29, 20.5, 17, 14.5, 13.7, 13, 10.25, 9.7, 8.5 take the ten seats.
    assert got == {"A": 4, "B": 3, "C": 2, "D": 1}


def test_sainte_lague() -> None:
    got = allocate({"A": 53.0, "B": 24.0, "C": 23.0}, 7, SeatMethod.SAINTE_LAGUE, 0.0)
    assert got == {"A": 3, "B": 2, "C": 2}
    assert allocate({"A": 53.0, "B": 24.0, "C": 23.0}, 7, SeatMethod.DHONDT, 0.0) == {
        "A": 4,
        "B": 2,
        "C": 1,
    }


def test_threshold_is_inclusive_and_nobody_over_gives_nothing() -> None:
    assert allocate({"A": 7.0, "B": 6.99}, 10, SeatMethod.HARE, 7.0) == {"A": 10, "B": 0}
    assert allocate({"A": 3.0}, 10, SeatMethod.HARE, 7.0) == {"A": 0}


def test_ties_are_deterministic() -> None:
    a = allocate({"X": 50.0, "Y": 50.0}, 3, SeatMethod.HARE, 0.0)
    b = allocate({"Y": 50.0, "X": 50.0}, 3, SeatMethod.HARE, 0.0)
    assert a == b == {"X": 2, "Y": 1}


@given(
    st.dictionaries(st.text(min_size=1, max_size=5), st.floats(0.01, 100), min_size=1, max_size=8),
    st.integers(1, 300),
    st.sampled_from(list(SeatMethod)),
)
def test_every_seat_is_given_out(shares: dict[str, float], seats: int, method: SeatMethod) -> None:
    got = allocate(shares, seats, method, 0.0)
    assert sum(got.values()) == seats
    assert set(got) == set(shares)
