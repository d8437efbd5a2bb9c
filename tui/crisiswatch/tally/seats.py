"""Seat projection from vote shares: Hare largest remainder, D'Hondt and Sainte-Laguë."""

from __future__ import annotations

import math
from collections.abc import Mapping

from crisiswatch.config import SeatMethod


def eligible(shares: Mapping[str, float], threshold: float) -> dict[str, float]:
    """Parties at or over the threshold (per cent of the vote) with a positive share."""
    return {p: s for p, s in shares.items() if s > 0 and s >= threshold}


def allocate(
    shares: Mapping[str, float], seats: int, method: SeatMethod, threshold: float
) -> dict[str, int]:
    """Seats per party among those at or over `threshold`; parties under it get 0.

    Ties (equal remainders or quotients) go to the larger share, then to the name that sorts
    first, so the same input always gives the same projection.
    """
    result = dict.fromkeys(shares, 0)
    pool = eligible(shares, threshold)
    if not pool or seats <= 0:
        return result
    if method is SeatMethod.HARE:
        result.update(_hare(pool, seats))
    else:
        step = 1.0 if method is SeatMethod.DHONDT else 2.0
        result.update(_divisors(pool, seats, step))
    return result


def _hare(pool: Mapping[str, float], seats: int) -> dict[str, int]:
    quota = sum(pool.values()) / seats
    quotas = {p: s / quota for p, s in pool.items()}
    won = {p: math.floor(q) for p, q in quotas.items()}
    left = seats - sum(won.values())
    order = sorted(pool, key=lambda p: (-(quotas[p] - won[p]), -pool[p], p))
    for p in order[:left]:
        won[p] += 1
    return won


def _divisors(pool: Mapping[str, float], seats: int, step: float) -> dict[str, int]:
    """Highest averages: D'Hondt divides by 1, 2, 3, ...; Sainte-Laguë by 1, 3, 5, ..."""
    won = dict.fromkeys(pool, 0)
    for _ in range(seats):
        best = min(pool, key=lambda p: (-pool[p] / (1 + step * won[p]), -pool[p], p))
        won[best] += 1
    return won
