"""The status bar: who polls (us, another process, the demo), feeds ok and failing, next poll."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from rich.text import Text
from textual.widgets import Static

from crisiswatch.models import FeedHealth
from crisiswatch.ui.feedtext import inert
from crisiswatch.wording import ago


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


# When the bar is too narrow, its parts give way in this order (to their next shorter form,
# else entirely), so what the panes are showing (the watch, the filter, "unread only"), the
# mode, who polls and a failing feed outlast poll timings and the replay's progress.
GIVE_WAY = ("last", "articles", "next", "demo", "feeds", "feeds", "note", "note", "feeds")
_NOTE_SHORT = 24
"""Cells a long note (a follower's "following pid N's poller, read-only") is cut to first."""


def _cut(text: Text, cells: int) -> Text:
    text = text.copy()
    text.truncate(cells, overflow="ellipsis")
    return text


def status_parts(state: StatusState, now: datetime) -> list[tuple[str, list[Text]]]:
    """The line's parts in display order, each with its name and its forms, longest first."""
    parts: list[tuple[str, list[Text]]] = []
    mode_style = {"polling": "bold green", "following": "bold cyan", "demo": "bold magenta"}
    mode = Text(f" {state.mode.upper()} ", style=f"reverse {mode_style.get(state.mode, 'bold')}")
    parts.append(("mode", [mode]))
    if state.note:
        note = Text(" ").append_text(inert(state.note))
        forms = [note, _cut(note, _NOTE_SHORT)] if note.cell_len > _NOTE_SHORT else [note]
        parts.append(("note", forms))
    if state.demo_progress is not None:
        parts.append(("demo", [Text(f" replay {state.demo_progress:.0%}")]))
    health = state.health
    ok = sum(1 for h in health if h.ok)
    failing = sum(1 for h in health if h.failures)
    failing_style = "bold red" if failing else ""
    feeds = Text(f" │ {len(health)} feeds: ")
    feeds.append(f"{ok} ok", style="green")
    feeds.append(", ")
    feeds.append(f"{failing} failing", style=failing_style)
    short = Text(" │ ")
    short.append(f"{ok}/{len(health)} ok", style="green")
    short.append(", ")
    short.append(f"{failing} failing", style=failing_style)
    shortest = (
        Text(f" │ {failing} failing", style=failing_style)
        if failing
        else Text(" │ ").append(f"{ok} ok", style="green")
    )
    parts.append(("feeds", [feeds, short, shortest]))
    upcoming = [h.next_poll for h in health if h.next_poll is not None]
    if upcoming and state.mode != "following":
        due = min(upcoming)
        # A poll already due is running or about to: "0 s ago" would read as something missed.
        nxt = f" · next poll {ago(due, now)}" if due > now else " · polling now"
        parts.append(("next", [Text(nxt)]))
    if state.last_poll:
        parts.append(("last", [Text(" · ").append_text(inert(state.last_poll))]))
    if state.articles_waiting:
        n = state.articles_waiting
        parts.append(("articles", [Text(f" · {n} article{'s' if n != 1 else ''} waiting")]))
    if state.watch:
        parts.append(("view", [Text(" │ watch: ").append_text(inert(state.watch))]))
    if state.filter_text:
        parts.append(("view", [Text(" │ filter: ").append_text(inert(state.filter_text))]))
    if state.tag is not None:
        parts.append(("view", [Text(" │ tag: ").append_text(inert(state.tag))]))
    if not state.include_read:
        parts.append(("view", [Text(" │ unread only")]))
    return parts


def status_text(state: StatusState, now: datetime, width: int | None = None) -> Text:
    """One line; every state is said in words, so nothing rests on colour. Given a width, the
    least important parts give way first, and what is left is cut with "…"."""
    parts = status_parts(state, now)
    if width is not None:
        for name in GIVE_WAY:
            if sum(forms[0].cell_len for _, forms in parts) <= width:
                break
            for i, (key, forms) in enumerate(parts):
                if key == name:
                    if len(forms) > 1:
                        parts[i] = (key, forms[1:])
                    else:
                        del parts[i]
                    break
    text = Text(no_wrap=True, overflow="ellipsis", end="")
    for _, forms in parts:
        text.append_text(forms[0])
    if width is not None and text.cell_len > width:
        text.truncate(width, overflow="ellipsis")
    return text


class StatusBar(Static):
    """A one-line Static that is only ever given `Text`, never markup."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__("", id=id, markup=False)
        self.state = StatusState(mode="reading")
        self.text = Text()
        self.now = datetime.min

    def show(self, state: StatusState, now: datetime) -> None:
        self.state = state
        self.now = now
        self._fit()

    def _fit(self) -> None:
        width = self.size.width or None
        self.text = status_text(self.state, self.now, width)
        self.update(self.text)

    def on_resize(self) -> None:
        self._fit()
