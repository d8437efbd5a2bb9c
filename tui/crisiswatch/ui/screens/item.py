"""One story: each source's text with every extracted figure highlighted, its links, copy/open."""

from __future__ import annotations

import os
import sys
import webbrowser
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from datetime import datetime
from typing import ClassVar

from rich.style import Style
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.message import Message
from textual.widgets import Footer, OptionList, Static
from textual.widgets.option_list import Option

from crisiswatch.facts import item_text
from crisiswatch.models import Figure, FigureReport, StoredItem
from crisiswatch.plaintext import safe_link
from crisiswatch.store.articles import ArticleState
from crisiswatch.tally.decisions import Decision
from crisiswatch.ui.browser import command_for, run_browser
from crisiswatch.ui.feedtext import inert, inert_lines, link_text
from crisiswatch.ui.messages import Wanted
from crisiswatch.ui.reader import SourceView
from crisiswatch.ui.reading import BookmarkWanted, NextUnreadWanted, ReadWanted
from crisiswatch.ui.screens.decide import DecidingScreen, Desk, decision_mark
from crisiswatch.ui.tables import BACK
from crisiswatch.wording import ago, figure_short

FIGURE_STYLE = Style(bold=True, underline=True, reverse=True)
"""Reverse video and underline: visible with NO_COLOR and in a 16-colour terminal."""


def browser_available() -> bool:
    """A graphical browser this process can open: none over plain SSH or on a bare console,
    where `webbrowser` would start a text browser inside our terminal."""
    if sys.platform in ("darwin", "win32"):
        return True
    if not (os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY")):
        return False
    try:
        browser = webbrowser.get()
    except webbrowser.Error:
        return False
    # With X forwarded but only w3m or lynx installed, webbrowser offers the text browser (a
    # plain GenericBrowser), which would take over this terminal. GUI ones run in the background.
    return not (
        type(browser) is webbrowser.GenericBrowser
        and browser.name in ("www-browser", "links", "elinks", "lynx", "w3m")
    )


def highlighted(text: str, figures: Sequence[Figure]) -> Text:
    """The text with each figure's span marked. Spans index into the raw text, so it is sliced
    before each piece is made inert (stripping could otherwise shift later spans)."""
    out = Text(end="")
    pos = 0
    for f in sorted(figures, key=lambda f: (f.start, f.end)):
        start, end = max(f.start, pos), min(f.end, len(text))
        if start >= end:
            continue
        out.append_text(inert_lines(text[pos:start]))
        out.append_text(inert_lines(text[start:end], FIGURE_STYLE))
        pos = end
    out.append_text(inert_lines(text[pos:]))
    return out


def article_text(article: ArticleState, figures: Sequence[Figure], offset: int) -> Text:
    """The item's article with its figures marked where they were read (their spans index
    the text extraction read, where the article starts at `offset`), or why there is none."""
    out = Text(end="")
    if article.text is None:
        out.append("full text: ", style="italic")
        if article.state == "wait":
            out.append("waiting to be fetched" if not article.tries else "to be tried again")
            if article.error:
                out.append(" (")
                out.append_text(inert(article.error))
                out.append(")")
        else:
            out.append_text(inert(article.error or "not fetched"))
        out.append("\n")
        return out
    out.append("\narticle text, from ", style="italic")
    out.append_text(link_text(article.final_url or article.url))
    out.append(":\n")
    shifted = [
        replace(f, start=f.start - offset, end=f.end - offset) for f in figures if f.start >= offset
    ]
    out.append_text(highlighted(article.text, shifted))
    out.append("\n")
    return out


def figure_legend(figures: Sequence[Figure]) -> Text:
    """A line per figure marked in the text ("◆"), saying when one is a vague amount."""
    return _legend(figures, "◆", vague=True)


def totals_legend(totals: Sequence[Figure]) -> Text:
    """A line per total the item gives ("="), one per kind."""
    return _legend(totals, "=", vague=False)


def _legend(figures: Sequence[Figure], mark: str, *, vague: bool) -> Text:
    out = Text(end="")
    for f in figures:
        out.append(f"  {mark} ")
        out.append(f"{f.kind.value} {figure_short(f.value, f.qual, f.high)}", style="bold")
        if vague and f.vague:
            out.append(" (vague amount)")
        if f.attribution:
            out.append(" — ")
            out.append_text(inert(f.attribution))
        out.append("\n")
    return out


@dataclass
class ItemWanted(Wanted):
    """The screen asks for its story's sources, figures and article pages."""

    story_id: int


@dataclass
class ItemLoaded(Message):
    """The story's sources and figures were read (or `error` says why not)."""

    views: list[SourceView]
    error: str | None = None


class ItemScreen(DecidingScreen):
    """Escape goes back; `c` copies the link (OSC 52), `o` opens it where a browser exists;
    ↑↓ pick one of the figures that counted, and the decision keys (v x p a z) act on it."""

    no_report = "no figure from this story counts in a tally"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "app.pop_screen", "Back"),
        BACK,
        Binding("c", "copy_link", "Copy link", id="copy_link"),
        Binding("o", "open_link", "Open link", id="open_link"),
        Binding("j,down", "scroll(1)", "Down", show=False),
        Binding("k,up", "scroll(-1)", "Up", show=False),
        Binding("space", "page(1)", "Page down", show=False),
        Binding("b", "bookmark", "Bookmark", id="bookmark"),
        Binding("N", "toggle_read", "Read/unread", show=False, id="toggle_read"),
        Binding("n", "next_unread", "Next unread", show=False, id="next_unread"),
        Binding("v", "confirm", "Confirm", show=False, id="confirm"),
        Binding("x", "reject", "Reject", show=False, id="reject"),
        Binding("p", "pin", "Pin", show=False, id="pin"),
        Binding("a", "add", "Add", show=False, id="add"),
        Binding("z", "undo", "Undo", show=False, id="undo"),
    ]

    def __init__(
        self,
        item: StoredItem,
        now: Callable[[], datetime],
        desk: Desk | None = None,
        watch: str | None = None,
    ) -> None:
        super().__init__(classes="detail-screen")
        self.item = item
        self.now = now
        self.desk = desk
        self.watch_name = watch
        self.views: list[SourceView] = []
        self.link = safe_link(item.url)
        self.reports: dict[str, FigureReport] = {}
        self.read = True
        """Opening a story marks it read; `N` flips that."""
        self.loaded = False
        """The story's sources have arrived (a snapshot may come before them)."""

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="item-body"):
            yield Static(inert(self.item.title, "bold"), id="item-title", markup=False)
            yield Static(self._meta(), id="item-meta", markup=False)
            yield Static(link_text(self.item.url), id="item-link", markup=False)
            yield Static(Text(""), id="item-counted", markup=False)
            yield OptionList(id="item-totals", compact=True)
            yield Static(Text("reading…", style="dim"), id="item-sources", markup=False)
        yield Footer(compact=True, show_command_palette=False)

    def _meta(self) -> Text:
        meta = Text(end="")
        meta.append(
            f"{self.item.published:%d %b %Y %H:%M} UTC ({ago(self.item.published, self.now())})"
        )
        meta.append(" · ")
        meta.append_text(inert(", ".join(self.item.sources) or "no source"))
        if self.item.watches:
            meta.append(" · watch: ")
            meta.append_text(inert(", ".join(self.item.watches)))
        return meta

    def on_mount(self) -> None:
        self.post_message(ItemWanted(self, self.item.id))

    def on_item_loaded(self, message: ItemLoaded) -> None:
        self.views = message.views
        self.loaded = True
        body = Text(end="")
        for n, view in enumerate(message.views):
            src = view.source
            if n:
                body.append("\n")
            body.append("── ", style="dim")
            body.append_text(inert(src.feed, "bold"))
            body.append(f" · {src.published:%d %b %H:%M} UTC · ")
            body.append_text(link_text(src.url))
            body.append("\n")
            base = item_text(src.title, src.summary)
            body.append_text(highlighted(base, view.figures))
            body.append("\n")
            if view.article is not None:
                body.append_text(article_text(view.article, view.figures, len(base) + 2))
            if view.figures:
                body.append(f"{len(view.figures)} figure(s) read from this text:\n", style="italic")
                body.append_text(figure_legend(view.figures))
            else:
                body.append("no figures read from this text\n", style="dim")
            if view.totals:
                body.append("What counted (the text's total per kind):\n", style="italic")
                body.append_text(totals_legend(view.totals))
        if message.error is not None:
            body.append(message.error, style="bold red")
        elif not message.views:
            body.append("no sources stored for this story", style="dim")
        self.query_one("#item-sources", Static).update(body)
        self.show_decisions()
        if self.reports:
            # Focus without scrolling: the story opens at its top, and no animated scroll can
            # still be running when the screen is read.
            self.query_one(OptionList).focus(scroll_visible=False)

    def show_decisions(self) -> None:
        """The figures that counted, each with what an analyst decided (read again whenever
        the store changes, so another TUI's decision shows here too)."""
        if not self.is_mounted or not self.loaded:
            return
        options = self.query_one(OptionList)
        was = options.highlighted_option.id if options.highlighted_option is not None else None
        state = self.desk.standing() if self.desk is not None else None
        self.reports = {}
        opts: list[Option] = []
        for view in self.views:
            for r in view.reports():
                key = f"total-{r.item_id}-{r.figure.kind.value}"
                self.reports[key] = r
                text = Text(end="")
                text.append_text(inert(r.source, "bold"))
                f = r.figure
                text.append(f" · {f.kind.value} {figure_short(f.value, f.qual, f.high)}")
                if state is not None:
                    text.append_text(
                        decision_mark(
                            state.about(r.item_id, f.kind),
                            state.pins.get((self.watch_name, f.kind)),
                            r.item_id,
                        )
                    )
                opts.append(Option(text, id=key))
        options.set_options(opts)
        options.display = bool(opts)
        counted = self.query_one("#item-counted", Static)
        counted.display = bool(opts)
        counted.update(Text("What counted in the tally (↑↓ pick; v x p a z decide, ? says how):"))
        if was is not None and was in self.reports:
            options.highlighted = options.get_option_index(was)
        elif opts:
            options.highlighted = 0

    @property
    def report(self) -> FigureReport | None:
        option = self.query_one(OptionList).highlighted_option
        return None if option is None or option.id is None else self.reports.get(option.id)

    def action_add(self) -> None:
        if (r := self._on_report()) is not None and self.desk is not None:
            self.desk.add(self, r.figure.kind, self.watch_name)

    def action_undo(self) -> None:
        if self.desk is None:
            return
        state = self.desk.standing()
        items = {r.item_id for r in self.reports.values()}
        here: list[Decision | None] = [
            state.about(r.item_id, r.figure.kind) for r in self.reports.values()
        ]
        here += [p for p in state.pins.values() if p.item_id in items]
        latest = max((d for d in here if d is not None), key=lambda d: d.id, default=None)
        self._say(self.desk.undo(latest))

    def action_scroll(self, step: int) -> None:
        scroll = self.query_one(VerticalScroll)
        scroll.scroll_relative(y=step, animate=False)

    def action_page(self, step: int) -> None:
        scroll = self.query_one(VerticalScroll)
        scroll.scroll_relative(y=step * max(1, scroll.size.height - 1), animate=False)

    def action_toggle_read(self) -> None:
        self.read = not self.read
        self.post_message(ReadWanted(self.item.id, self.read))

    def action_bookmark(self) -> None:
        self.post_message(BookmarkWanted(self.item.id))

    def action_next_unread(self) -> None:
        self.post_message(NextUnreadWanted(open=True))

    def action_copy_link(self) -> None:
        if self.link is None:
            self.notify("no http(s) link to copy", severity="warning")
            return
        self.app.copy_to_clipboard(self.link)
        self.notify("link copied to the terminal clipboard (OSC 52)")

    def action_open_link(self) -> None:
        if self.link is None:
            self.notify("no http(s) link to open", severity="warning")
            return
        settings = getattr(self.app, "config", None)
        cmd = command_for(settings.settings, self.link) if settings is not None else None
        if cmd is not None:
            # The browser's name comes from feeds.toml, the link from a feed: never markup.
            self.notify(run_browser(self.app, cmd), markup=False)
            return
        if not browser_available():
            self.notify(
                'no browser here: press c to copy the link, or set [settings] browser = "w3m %u"',
                severity="warning",
                markup=False,
            )
            return
        self.app.open_url(self.link)
        self.notify("opening the link in a browser")
