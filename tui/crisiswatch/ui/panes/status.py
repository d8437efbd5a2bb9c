"""The status bar: who polls (us, another process, the demo), feeds ok and failing, next poll."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from rich.text import Text
from textual.widgets import Static

from crisiswatch.console_views import ago
from crisiswatch.models import FeedHealth
from crisiswatch.ui.feedtext import inert


@dataclass(frozen=True, slots=True)
class StatusState:
    """Everything the status line says, so it can be rebuilt from scratch on any change."""

    mode: str
    """"polling", "following", "demo" or "reading"."""
    note: str | None = None
    health: tuple[FeedHealth, ...] = ()
    watch: str | None = None
    filter_text: str = ""
    include_read: bool = True
    tag: str | None = None
    """The tag the stream is narrowed to (`t`), if any."""
    demo_progress: float | None = None
    last_poll: str | None = None
    articles_waiting: int = 0


def status_text(state: StatusState, now: datetime) -> Text:
    """One line; every state is said in words, so nothing rests on colour."""
    text = Text(no_wrap=True, overflow="ellipsis", end="")
    mode_style = {"polling": "bold green", "following": "bold cyan", "demo": "bold magenta"}
    text.append(f" {state.mode.upper()} ", style=f"reverse {mode_style.get(state.mode, 'bold')}")
    if state.note:
        text.append(" ")
        text.append_text(inert(state.note))
    if state.demo_progress is not None:
        text.append(f" replay {state.demo_progress:.0%}")
    text.append(" │ ")
    health = state.health
    ok = sum(1 for h in health if h.ok)
    failing = sum(1 for h in health if h.failures)
    text.append(f"{len(health)} feeds: ")
    text.append(f"{ok} ok", style="green")
    text.append(", ")
    text.append(f"{failing} failing", style="bold red" if failing else "")
    upcoming = [h.next_poll for h in health if h.next_poll is not None]
    if upcoming and state.mode != "following":
        due = min(upcoming)
        # A poll already due is running or about to: "0 s ago" would read as something missed.
        text.append(f" · next poll {ago(due, now)}" if due > now else " · polling now")
    if state.last_poll:
        text.append(" · ")
        text.append_text(inert(state.last_poll))
    if state.articles_waiting:
        n = state.articles_waiting
        text.append(f" · {n} article{'s' if n != 1 else ''} waiting")
    if state.watch:
        text.append(" │ watch: ")
        text.append_text(inert(state.watch))
    if state.filter_text:
        text.append(" │ filter: ")
        text.append_text(inert(state.filter_text))
    if state.tag is not None:
        text.append(" │ tag: ")
        text.append_text(inert(state.tag))
    if not state.include_read:
        text.append(" │ unread only")
    return text


class StatusBar(Static):
    """A one-line Static that is only ever given `Text`, never markup."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__("", id=id, markup=False)
        self.state = StatusState(mode="reading")
        self.text = Text()

    def show(self, state: StatusState, now: datetime) -> None:
        self.state = state
        self.text = status_text(state, now)
        self.update(self.text)
