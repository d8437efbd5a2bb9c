"""Seat projection from votes or vote shares, by the rules real parliaments use.

Largest remainder: Hare (quota votes/seats), Droop (votes/(seats+1), plus one and whole when
the input is whole votes) and the Imperiali quota (votes/(seats+2)). Highest averages:
D'Hondt (divisors 1, 2, 3, ...), Sainte-Laguë (1, 3, 5, ...), modified Sainte-Laguë (1.4, 3,
5, ...) and Imperiali (2, 3, 4, ...). Thresholds may depend on the list type (a party, a bloc
of two, of three or more) and be measured on valid votes or on all ballots cast; seats
reserved outside the list allocation are taken off first; lists with a surplus agreement
share the allocation as one list, then split what they won.

Ties, for the last seat of a divisor method or between equal remainders, go to the list with
more votes, then to the name that sorts first (by code point). A projection cannot draw lots
as some laws do, and it must give the same answer for the same input every time.

If the Imperiali quota's whole numbers alone hand out more seats than there are, the quota is
taken again with seats + 1, then with seats (Hare), the first that does not over-allocate; a
Droop quota on per cent shares (votes/(seats+1), not whole) falls back to Hare the same way.
"""

from __future__ import annotations

import heapq
import math
from collections.abc import Mapping, Sequence
from fractions import Fraction

from crisiswatch.config import Election, SeatMethod, ThresholdBase

DIVISOR_START: dict[SeatMethod, tuple[Fraction, Fraction, Fraction]] = {
    # method: (first divisor, second divisor, step after that)
    SeatMethod.DHONDT: (Fraction(1), Fraction(2), Fraction(1)),
    SeatMethod.SAINTE_LAGUE: (Fraction(1), Fraction(3), Fraction(2)),
    SeatMethod.MODIFIED_SAINTE_LAGUE: (Fraction(7, 5), Fraction(3), Fraction(2)),
    SeatMethod.IMPERIALI: (Fraction(2), Fraction(3), Fraction(1)),
}
"""The highest-averages methods by their divisor series."""


def threshold_for(
    size: int, threshold: float, bloc_thresholds: Sequence[tuple[int, float]]
) -> float:
    """The threshold a list of `size` parties must reach: the entry for the largest bloc size
    at or under `size` ("3" covers blocs of three or more), else the party `threshold`."""
    best = threshold
    for at_least, pct in sorted(bloc_thresholds):
        if size >= at_least:
            best = pct
    return best


def eligible(
    shares: Mapping[str, float],
    threshold: float,
    *,
    total: float = 100.0,
    cast: float | None = None,
    blocs: Mapping[str, int] | None = None,
    bloc_thresholds: Sequence[tuple[int, float]] = (),
) -> dict[str, float]:
    """Lists at or over their threshold, with a positive vote.

    `total` is the valid vote the figures are out of (100 for per cent shares); a threshold
    on all ballots cast is measured on `cast` instead (in the same unit), when given.
    `blocs` gives a list's number of parties (1 when absent) for `bloc_thresholds`.
    """
    base = cast if cast is not None else total
    out = {}
    for p, v in shares.items():
        size = (blocs or {}).get(p, 1)
        need = Fraction(threshold_for(size, threshold, bloc_thresholds))
        # Exact: 5% of 2,000,000 valid votes is 100,000 votes, not 99,999.99999.
        if v > 0 and base > 0 and Fraction(v) * 100 >= need * Fraction(base):
            out[p] = v
    return out


def allocate(
    shares: Mapping[str, float],
    seats: int,
    method: SeatMethod,
    threshold: float = 0.0,
    *,
    total: float = 100.0,
    cast: float | None = None,
    blocs: Mapping[str, int] | None = None,
    bloc_thresholds: Sequence[tuple[int, float]] = (),
    reserved: int = 0,
    surplus: Sequence[tuple[str, str]] = (),
) -> dict[str, int]:
    """Seats per list among those at or over their threshold; lists under it get 0.

    `shares` are votes or per cent shares of the valid vote (see `eligible` for `total`,
    `cast`, `blocs` and `bloc_thresholds`). `reserved` seats are kept out of the list
    allocation (seats for minorities, or for a region elected apart). `surplus` pairs lists
    with a surplus agreement (Israel's Bader-Ofer): two lists that both pass the threshold
    take part as one, and the seats they win are then split between them by the same method;
    a list whose partner fails the threshold stands alone. Ties as in the module docstring:
    more votes, then the name that sorts first.
    """
    result = dict.fromkeys(shares, 0)
    pool = {
        p: Fraction(v)
        for p, v in eligible(
            shares, threshold, total=total, cast=cast, blocs=blocs, bloc_thresholds=bloc_thresholds
        ).items()
    }
    lists_seats = seats - max(reserved, 0)
    if not pool or lists_seats <= 0:
        return result
    joined: dict[str, tuple[str, str]] = {}
    for a, b in surplus:
        if a in pool and b in pool and a != b and a not in joined and b not in joined:
            first, second = sorted((a, b))
            joined[first] = joined[second] = (first, second)
    combined = dict(pool)
    for first, second in set(joined.values()):
        combined[first] = combined.pop(first) + combined.pop(second)
    won = _allocate(combined, lists_seats, method)
    for first, second in set(joined.values()):
        won.update(_allocate({first: pool[first], second: pool[second]}, won[first], method))
    result.update(won)
    return result


def _allocate(pool: Mapping[str, Fraction], seats: int, method: SeatMethod) -> dict[str, int]:
    if seats <= 0:
        return dict.fromkeys(pool, 0)
    if method in DIVISOR_START:
        return _divisors(pool, seats, *DIVISOR_START[method])
    return _largest_remainder(pool, seats, method)


def _quotas(votes: Fraction, seats: int, method: SeatMethod) -> list[Fraction]:
    """The quota to use, or for the Imperiali quota the ones to try in turn."""
    if method is SeatMethod.HARE:
        return [votes / seats]
    if method is SeatMethod.DROOP:
        # The Droop quota proper is a whole number of votes; shares in per cent are not votes.
        if votes.denominator == 1:
            return [Fraction(math.floor(votes / (seats + 1)) + 1)]
        return [votes / (seats + 1), votes / seats]
    return [votes / (seats + 2), votes / (seats + 1), votes / seats]


def _largest_remainder(
    pool: Mapping[str, Fraction], seats: int, method: SeatMethod
) -> dict[str, int]:
    """Whole quotas first, then the seats left to the largest remainders."""
    exact = dict(pool)
    votes = sum(exact.values(), Fraction(0))
    for quota in _quotas(votes, seats, method):
        won = {p: math.floor(v / quota) for p, v in exact.items()}
        if sum(won.values()) <= seats:
            break
    left = seats - sum(won.values())
    rest = {p: exact[p] / quota - won[p] for p in exact}
    order = sorted(exact, key=lambda p: (-rest[p], -exact[p], p))
    for i in range(left):
        # More seats left than lists happens only with a few votes and many seats.
        won[order[i % len(order)]] += 1
    return won


def _divisors(
    pool: Mapping[str, Fraction], seats: int, first: Fraction, second: Fraction, step: Fraction
) -> dict[str, int]:
    """Highest averages: each seat to the list whose votes over its next divisor are highest."""
    exact = dict(pool)

    def divisor(won: int) -> Fraction:
        return first if won == 0 else second + step * (won - 1)

    # Every method here has divisors close to n + c with c at most 2, so each list wins at
    # least its quota less (lists + 2) seats: give those at once and hand out the rest one by
    # one. The seats so given are among the highest quotients, so the result is unchanged.
    votes = sum(exact.values(), Fraction(0))
    won = {p: max(0, math.floor(v * seats / votes) - len(pool) - 2) for p, v in exact.items()}
    heap = [(-exact[p] / divisor(won[p]), -exact[p], p) for p in pool]
    heapq.heapify(heap)
    for _ in range(seats - sum(won.values())):
        _, neg, p = heapq.heappop(heap)
        won[p] += 1
        heapq.heappush(heap, (-exact[p] / divisor(won[p]), neg, p))
    return won


def _cast_base(election: Election) -> float | None:
    """Ballots cast in per cent of valid votes, when the threshold counts them and the share
    of blank and invalid ballots is known; None otherwise (the threshold is then on valid)."""
    if election.threshold_base is not ThresholdBase.CAST or election.invalid is None:
        return None
    return 100.0 * 100.0 / (100.0 - election.invalid)


def _blocs(election: Election) -> dict[str, int]:
    return {p.name.casefold(): p.bloc for p in election.parties if p.bloc > 1}


def clears(party: str, pct: float, election: Election) -> bool:
    """Whether a party's share (per cent of valid votes) reaches its list's threshold."""
    got = eligible(
        {party: pct},
        election.threshold,
        cast=_cast_base(election),
        blocs={party: _blocs(election).get(party.casefold(), 1)},
        bloc_thresholds=election.bloc_thresholds,
    )
    return party in got


def project(shares: Mapping[str, float], election: Election) -> dict[str, int]:
    """Seats from per cent shares of the valid vote under every rule the watch sets."""
    blocs = _blocs(election)
    return allocate(
        shares,
        election.seats,
        election.method,
        election.threshold,
        cast=_cast_base(election),
        blocs={p: blocs.get(p.casefold(), 1) for p in shares},
        bloc_thresholds=election.bloc_thresholds,
        reserved=election.reserved,
        surplus=_surplus_pairs(election, shares),
    )


def _surplus_pairs(election: Election, shares: Mapping[str, float]) -> list[tuple[str, str]]:
    """The watch's surplus agreements, in the names the shares use."""
    named = {p.casefold(): p for p in shares}
    pairs = []
    for party in election.parties:
        if party.surplus is None:
            continue
        a, b = named.get(party.name.casefold()), named.get(party.surplus.casefold())
        if a is not None and b is not None:
            pairs.append((a, b))
    return pairs


def caveats(election: Election) -> tuple[str, ...]:
    """What a reader must know about the projection, in words for the results pane."""
    out = []
    if election.threshold_base is ThresholdBase.CAST and election.invalid is None:
        out.append(
            "threshold is on ballots cast, but blank and invalid ballots are not known: "
            "measured on valid votes, so parties near it may be shown over"
        )
    if election.districts:
        out.append(
            "national projection: this country allocates seats by district, which it ignores"
        )
    return tuple(out)


def threshold_note(election: Election) -> str:
    """What follows the party threshold in a header: the blocs' thresholds and, for a
    threshold on ballots cast, that base; "" when neither applies."""
    parts = []
    if election.bloc_thresholds:
        ranges = []
        sizes = [size for size, _ in election.bloc_thresholds]
        for (size, pct), after in zip(election.bloc_thresholds, [*sizes[1:], None], strict=True):
            span = (
                f"{size}+"
                if after is None
                else (f"{size}" if after == size + 1 else f"{size}-{after - 1}")
            )
            ranges.append(f"{span}: {pct:g}%")
        parts.append("blocs of " + ", ".join(ranges))
    if election.threshold_base is ThresholdBase.CAST:
        parts.append("of ballots cast")
    return f" ({'; '.join(parts)})" if parts else ""
