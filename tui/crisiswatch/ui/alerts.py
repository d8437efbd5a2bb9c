"""Alerts in the TUI: a toast and the bell for each change the store's alerts log gains.

Every TUI reads the log, whoever announced the change (this TUI's poller, a headless
`crisiswatch poll`, another analyst's decision): each desk sees each alert once, and the
hooks ran once, in the process that announced it. Only changes announced after this TUI
started are shown.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from crisiswatch.alerts.runner import AlertRunner
from crisiswatch.plaintext import strip_unsafe
from crisiswatch.store import StoreError

if TYPE_CHECKING:
    from crisiswatch.ui.app import CrisisApp

TOASTS_AT_ONCE = 3
"""More alerts than this in one read are one toast each for the first, then "and N more"."""
TOAST_SECONDS = 12.0


class AlertDesk:
    """What the app holds for alerts: its runner (when it may write) and the log's read mark."""

    def __init__(self, app: CrisisApp) -> None:
        self.app = app
        self.seen: int | None = None
        """The newest alert id already shown; None until the start-up read."""
        self.shown: list[str] = []
        """Every alert message toasted, oldest first (the newest 200)."""
        self.bells = 0
        self.unread_error: str | None = None
        """The last error reading the alert log, already shown; None once a read succeeds."""
        self.runner: AlertRunner | None = None
        if not app.readonly:
            self.runner = AlertRunner(app.config, app.store.writer, on_problem=self._problem)

    def start(self) -> None:
        self.app.run_worker(self._start, thread=True, group="alerts", exit_on_error=False)

    def _start(self) -> None:
        try:
            seen = self.app.store.last_alert_id()
        except StoreError as exc:
            self.app.call_from_thread(self._unread, str(exc))
            seen = 0
        self.app.call_from_thread(self._started, seen)

    def _started(self, seen: int) -> None:
        self.seen = seen
        self.look()

    def store_changed(self, reason: str) -> None:
        """Another commit landed: read the log again; after this TUI's own decision, tally too
        (a rejected or pinned report can change a headline)."""
        if reason == "decision" and self.runner is not None:
            self.runner.check_soon()
        self.look()

    def look(self) -> None:
        if self.seen is None:
            return
        self.app.run_worker(
            lambda: self._read(self.seen or 0),
            thread=True,
            group="alerts-read",
            exclusive=True,
            exit_on_error=False,
        )

    def _read(self, after: int) -> None:
        try:
            found = self.app.store.alerts_after(after)
        except StoreError as exc:
            self.app.call_from_thread(self._unread, str(exc))
            return
        if self.unread_error is not None:  # the log reads again: a later failure is news
            self.app.call_from_thread(self._read_again)
        if found:
            self.app.call_from_thread(self._show, found)

    def _show(self, found: list[tuple[int, dict[str, Any]]]) -> None:
        fresh = [(i, p) for i, p in found if self.seen is None or i > self.seen]
        if not fresh:
            return
        self.seen = max(i for i, _ in fresh)
        settings = self.app.config.alerts
        messages = [strip_unsafe(str(p.get("message", ""))) for _, p in fresh]
        self.shown.extend(messages)
        del self.shown[:-200]
        if settings.toast:
            for message in messages[:TOASTS_AT_ONCE]:
                self.app.notify(
                    message, title="figure changed", markup=False, timeout=TOAST_SECONDS
                )
            if len(messages) > TOASTS_AT_ONCE:
                self.app.notify(
                    f"and {len(messages) - TOASTS_AT_ONCE} more changes (crisiswatch tally)",
                    title="figure changed",
                    markup=False,
                    timeout=TOAST_SECONDS,
                )
        if settings.bell:
            self.bells += 1
            self.app.bell()
        if len(found) == 50:  # a full page: there may be more
            self.look()

    def _unread(self, error: str) -> None:
        """The alert log could not be read: said once, as a warning, until a read succeeds
        (every commit asks again, and a toast per commit would bury the desk)."""
        if error != self.unread_error:
            self.unread_error = error
            self._problem(f"alerts: {error}")

    def _read_again(self) -> None:
        self.unread_error = None

    def _problem(self, message: str) -> None:
        self.app.notify(strip_unsafe(message), severity="warning", markup=False)

    async def aclose(self) -> None:
        if self.runner is not None:
            await self.runner.aclose()
