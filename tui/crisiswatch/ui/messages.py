"""Messages the UI passes: polls finished, the store changed, what a pane wants read, and the
snapshots and pages the app's readers post back."""

from __future__ import annotations

from dataclasses import dataclass

from textual.message import Message
from textual.message_pump import MessagePump

from crisiswatch.models import StoredItem
from crisiswatch.pollers.poller import PollOutcome
from crisiswatch.store.reads import StoryFilter
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
class SnapshotFailed(Message):
    """A reader worker could not read the snapshot: the one line to show."""

    error: str


@dataclass
class Wanted(Message):
    """A pane or screen asks the app to read what it shows; the answer goes to `target`."""

    target: MessagePump


@dataclass
class PageWanted(Wanted):
    """The headline stream needs one page of its rows."""

    generation: int
    page: int
    filter: StoryFilter


@dataclass
class PageLoaded(Message):
    """A page of the headline stream was read from the store (or `error` says why not)."""

    generation: int
    page: int
    items: list[StoredItem]
    error: str | None = None


@dataclass
class ReadMarked(Message):
    """A story's read state was written to the store."""

    story_id: int
    read: bool
