"""Alerts in `crisiswatch poll`'s output: one line per change and per hook that failed."""

from __future__ import annotations

import sys
from collections.abc import Callable

from rich.console import Console
from rich.text import Text

from crisiswatch.alerts.changes import Alert
from crisiswatch.alerts.runner import AlertRunner
from crisiswatch.config import Config
from crisiswatch.plaintext import strip_unsafe
from crisiswatch.store import Store


def _printer(out: Console, label: str, style: str) -> Callable[[str], None]:
    """Like the poll lines: styled on a terminal, plain and flushed into a pipe or a log.
    The words come from feeds, so they pass the sanitiser first."""

    def say(message: str) -> None:
        text = strip_unsafe(message)
        if out.is_terminal:
            line = Text(f"{label:<5}", style=style)
            line.append(text)
            out.print(line)
        else:
            out.file.write(f"{label:<5}{text}\n")
            out.file.flush()

    return say


def alert_runner(config: Config, store: Store, out: Console, *, once: bool) -> AlertRunner:
    """The runner a headless poll uses: alerts on stdout, hook failures on stderr. `poll
    --once` checks once, at the end of its round."""
    alert = _printer(out, "ALERT", "bold yellow")
    problem = _printer(Console(file=sys.stderr, highlight=False), "warn", "yellow")

    def on_alert(a: Alert) -> None:
        alert(f" {a.message}")

    return AlertRunner(
        config, store, on_alert=on_alert, on_problem=lambda m: problem(f" {m}"), live=not once
    )


def alerts_summary(config: Config) -> Text:
    """`crisiswatch check`'s line on alerts: what the TUI does, the hooks, the notify program."""
    a = config.alerts
    tui = ", ".join(w for w, on in (("toast", a.toast), ("bell", a.bell)) if on) or "off"
    line = Text(f"alerts: in the TUI {tui} · ")
    line.append(f"{len(config.hooks)} [[alert]] hook{'' if len(config.hooks) == 1 else 's'}")
    for hook in config.hooks:
        only = []
        if hook.watch is not None:
            only.append(f"watch {hook.watch}")
        if hook.kinds:
            only.append("/".join(hook.kinds))
        line.append(
            strip_unsafe(
                f" · {' '.join(hook.command)} ({', '.join(only) or 'every change'}, "
                f"timeout {hook.timeout:g}s)"
            )
        )
    program = config.settings.notify_program
    if program:
        line.append(strip_unsafe(f" · notify_program {' '.join(program)}"))
    return line
