"""From parsed items to stored items with their figures: the write path every poll ends in."""

from __future__ import annotations

from collections.abc import Sequence

from crisiswatch.config import Election, Party, Watch
from crisiswatch.extract import extract
from crisiswatch.models import Extraction, ParsedItem
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
    return [(item, extract(item_text(item.title, item.summary), election)) for item in items]


def ingest(
    store: Store,
    feed: str,
    items: Sequence[ParsedItem],
    watches: Sequence[Watch],
    election: Election | None,
) -> int:
    """Store new items, then read figures from those alone (never the whole store again).

    Two transactions: if a kill lands between them, the items are kept and `catch_up` reads
    them on the next start.
    """
    new = store.add_items(feed, items, watches=[(w.name, w.keywords) for w in watches])
    if new:
        store.add_extractions(extract_items(new, election))
    return len(new)


def catch_up(store: Store, election: Election | None, batch: int = 500) -> int:
    """Read figures from items a previous run stored but did not get to."""
    done = 0
    while pending := store.pending_extraction(batch):
        store.add_extractions(extract_items(pending, election))
        done += len(pending)
    return done
