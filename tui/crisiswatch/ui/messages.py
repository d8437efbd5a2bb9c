"""Messages the UI passes upward: polls finished, the store changed, snapshots and pages loaded."""

from __future__ import annotations

from dataclasses import dataclass

from textual.message import Message

from crisiswatch.models import StoredItem
from crisiswatch.pollers.poller import PollOutcome
from crisiswatch.ui.snapshot import Snapshot


@dataclass
class PollFinished(Message):
    """One feed's poll came to an outcome (posted on the app's loop by the poller worker)."""

    outcome: PollOutcome


@dataclass
class StoreChanged(Message):
    """Something was committed to the store. A burst collapses into one refresh."""

    reason: str = ""

    def can_replace(self, message: Message) -> bool:
        return isinstance(message, StoreChanged)


@dataclass
class SnapshotLoaded(Message):
    """A reader worker finished reading what the panes show; applied on the UI thread."""

    snapshot: Snapshot


@dataclass
class PageLoaded(Message):
    """A page of the headline stream was read from the store."""

    generation: int
    page: int
    items: list[StoredItem]


@dataclass
class ReadMarked(Message):
    """A story's read state was written to the store."""

    story_id: int
    read: bool
