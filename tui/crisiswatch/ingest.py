"""What the write path shares: the parties every watch reads, the text figures index into, and
the catch-up for items a killed run stored but never read."""

from __future__ import annotations

from collections.abc import Sequence

from crisiswatch.config import Election, Party, Watch
from crisiswatch.models import Extraction
from crisiswatch.store import NewItem, Store


def ballot(watches: Sequence[Watch]) -> Election | None:
    """Every watch's parties in one list, so each text is read once whichever watch it serves."""
    elections = [w.election for w in watches if w.election is not None]
    if not elections:
        return None
    parties: dict[str, Party] = {}
    for election in elections:
        for party in election.parties:
            parties.setdefault(party.name.lower(), party)
    first = elections[0]
    return Election(
        seats=first.seats,
        threshold=first.threshold,
        method=first.method,
        parties=tuple(parties.values()),
    )


def item_text(title: str, summary: str) -> str:
    """The text extraction reads; figure spans index into exactly this string."""
    return f"{title}\n\n{summary}" if summary else title


def extract_items(
    items: Sequence[NewItem], election: Election | None
) -> list[tuple[NewItem, Extraction]]:
    # Imported here: compiling the extractor's patterns costs a poller's start-up a quarter of
    # a second, and the poller's own process reads figures only when catching up.
    from crisiswatch.extract import extract

    return [(item, extract(item_text(item.title, item.summary), election)) for item in items]


def catch_up(store: Store, election: Election | None, batch: int = 500) -> int:
    """Read figures from items a previous run stored but did not get to."""
    done = 0
    while pending := store.pending_extraction(batch):
        store.add_extractions(extract_items(pending, election))
        done += len(pending)
    return done
