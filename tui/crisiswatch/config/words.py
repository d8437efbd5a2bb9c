"""The closed sets of words a feeds.toml key may take: feed formats, seat methods, threshold
bases, races and alert kinds."""

from __future__ import annotations

from enum import StrEnum

RACES = ("parliamentary", "presidential")
"""The races the results reader tells apart (extract/results/races.py); seats are projected
for the parliamentary race only."""

ALERT_KINDS = ("count", "disagreement", "results", "status")
"""What an `[[alert]]` hook's `kinds` may name (alerts/changes.py, ChangeKind)."""


class FeedFormat(StrEnum):
    """How to read a feed's body. `auto` sniffs RSS/RDF/Atom/JSON Feed."""

    AUTO = "auto"
    RSS = "rss"
    ATOM = "atom"
    JSONFEED = "jsonfeed"
    JSON = "json"
    RESULTS_JSON = "results-json"
    """An official results export in JSON, read through `[feed.results]`."""
    RESULTS_CSV = "results-csv"
    """An official results export in CSV, read through `[feed.results]`."""

    @property
    def results(self) -> bool:
        """A structured results export (`[feed.results]`), not a feed of stories."""
        return self in (FeedFormat.RESULTS_JSON, FeedFormat.RESULTS_CSV)


class SeatMethod(StrEnum):
    """Seat allocation rules a watch can project with."""

    HARE = "hare"
    DROOP = "droop"
    IMPERIALI_QUOTA = "imperiali-quota"
    DHONDT = "dhondt"
    SAINTE_LAGUE = "sainte-lague"
    MODIFIED_SAINTE_LAGUE = "modified-sainte-lague"
    IMPERIALI = "imperiali"


class ThresholdBase(StrEnum):
    """What a threshold is a share of: the valid votes, or every ballot cast (blank and
    invalid ones too)."""

    VALID = "valid"
    CAST = "cast"
