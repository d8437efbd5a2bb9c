"""The demo's official results feed: an election commission's export, in JSON, of the
parliamentary count of 4 October 2020 in Kyrgyzstan, as it stood at four stages of the count.

The shape is a commission's: every list on the ballot with its votes, and the polling stations
counted of their total, with the time of the update. The four leading parties' shares at 98%
(Birimdik 24.52%, Mekenim Kyrgyzstan 23.89%, Kyrgyzstan 8.73%, Butun Kyrgyzstan 7.11%) follow
what was reported at the time, and so does the number of polling stations (2,474 in the
country and 45 abroad). The earlier stages follow the demo's own texts (demo/timeline.py); the
number of valid votes and the shares of the lists under the threshold are illustrative, chosen
so that every stage adds up. The votes are those shares of the valid votes, so the shares
crisiswatch computes from them are the shares above.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import UTC, datetime

from crisiswatch.config import ResultsMapping
from crisiswatch.demo.timeline import BISHKEK, DemoFeed, Layout

STATIONS = 2474 + 45
"""Polling stations in the country and abroad."""

FEED = DemoFeed(
    "cec",
    "Demo CEC results",
    Layout.RESULTS,
    "/cec/results.json",
    "Central Election Commission of the Kyrgyz Republic",
)

MAPPING = ResultsMapping(
    name="name",
    rows="lists",
    votes="votes",
    counted="stations.counted",
    total="stations.total",
    published="updated",
    race="parliamentary",
    title="Kyrgyzstan CEC",
)
"""The `[feed.results]` mapping a desk would write for this export (feeds.toml shows it too)."""

LISTS = (
    "Birimdik",
    "Mekenim Kyrgyzstan",
    "Kyrgyzstan",
    "Butun Kyrgyzstan",
    "Ata-Meken",
    "Respublika",
    "Ata-Jurt Kyrgyzstan",
    "Mekenchil",
    "Reforma",
    "Social Democrats",
    "Bir Bol",
    "Yiman Nuru",
    "Zamandash",
    "Ordo",
    "Chon Kazat",
    "Meken Yntymagy",
)
"""The sixteen lists on the ballot, in the order the export gives them."""

_SMALL = (4.6, 4.1, 3.9, 3.6, 3.3, 3.0, 2.8, 2.5, 2.1, 1.7, 0.95)
"""The eleven lists after Ata-Meken at the last stage (illustrative); earlier stages scale them."""


@dataclass(frozen=True, slots=True)
class Stage:
    """The export as it stood at one update."""

    at: datetime
    counted: int
    valid: int
    """Valid votes counted so far (illustrative)."""
    leading: tuple[float, float, float, float, float]
    """Shares of the first five lists, as the demo's texts give them at this stage."""

    def shares(self) -> tuple[float, ...]:
        rest = 100.0 - sum(self.leading)
        scale = rest / sum(_SMALL)
        return (*self.leading, *(round(s * scale, 2) for s in _SMALL))

    def votes(self) -> tuple[int, ...]:
        shares = self.shares()
        votes = [round(self.valid * s / 100) for s in shares]
        votes[-1] += self.valid - sum(votes)  # rounding leftovers go to the smallest list
        return tuple(votes)


def _at(day: int, clock: str) -> datetime:
    hour, minute = clock.split(":")
    return datetime(2020, 10, day, int(hour), int(minute), tzinfo=BISHKEK)


STAGES = (
    Stage(_at(4, "21:15"), 378, 271_420, (25.9, 22.6, 9.4, 6.8, 3.3)),
    Stage(_at(4, "23:30"), 1260, 903_610, (25.1, 23.4, 9.1, 7.02, 3.4)),
    Stage(_at(5, "02:15"), 2267, 1_627_380, (24.7, 23.7, 8.8, 7.08, 3.3)),
    Stage(_at(5, "07:30"), 2469, 1_772_650, (24.52, 23.89, 8.73, 7.11, 3.2)),
)
"""Oldest first; each is served from its time on the replay's story clock."""


def stage_at(now: datetime) -> int | None:
    """Index of the stage the export shows at `now` (story time), None before the first."""
    out = None
    for index, stage in enumerate(STAGES):
        if stage.at <= now:
            out = index
    return out


def render(index: int | None) -> bytes:
    """The export at a stage; before the first, every list with no votes counted yet."""
    stage = STAGES[index] if index is not None else None
    votes = stage.votes() if stage is not None else (0,) * len(LISTS)
    doc = {
        "election": "Elections of deputies of the Jogorku Kenesh, 4 October 2020",
        "commission": FEED.title,
        "updated": (stage.at if stage else _at(4, "20:00")).isoformat(),
        "stations": {"counted": stage.counted if stage else 0, "total": STATIONS},
        "lists": [
            {"number": n, "name": name, "votes": v}
            for n, (name, v) in enumerate(zip(LISTS, votes, strict=True), 1)
        ],
    }
    return json.dumps(doc, ensure_ascii=False, indent=1).encode("utf-8")


def last_modified(index: int | None) -> datetime | None:
    return STAGES[index].at.astimezone(UTC) if index is not None else None
