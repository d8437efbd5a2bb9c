"""`o` with `[settings] browser`: a text browser gets the terminal while the TUI is suspended
and gives it back on the same screen; a graphical one runs on its own, detached from us."""

from __future__ import annotations

import subprocess
from typing import Any

from textual.app import App, SuspendNotSupported

from crisiswatch.browser import BrowserCommand, browser_command, parse_browser
from crisiswatch.config import Settings


def command_for(settings: Settings, url: str) -> BrowserCommand | None:
    """The configured browser's argv for this (already checked http(s)) link, if one is set."""
    if settings.browser is None:
        return None
    return browser_command(parse_browser(settings.browser), url, settings.browser_in_terminal)


def run_browser(app: App[Any], cmd: BrowserCommand) -> str:
    """Start it, and say in a few words what happened (for a toast)."""
    try:
        if cmd.in_terminal:
            try:
                # The event loop waits with it, as newsboat does: nothing may draw over it.
                with app.suspend():
                    status = subprocess.run(cmd.argv, check=False).returncode
            except SuspendNotSupported:
                return f"{cmd.name} needs this terminal, which cannot be handed over here"
            return f"back from {cmd.name}" + (f" (exit status {status})" if status else "")
        subprocess.Popen(
            cmd.argv,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
        )
    except OSError as exc:
        return f"cannot start the browser {cmd.name}: {exc.strerror or exc}"
    return f"opening the link in {cmd.name}"
