"""`crisiswatch poll` prints one line per poll: plain into pipes and logs, coloured on a terminal,
and never a control sequence that came from a feed or a server."""

from __future__ import annotations

import io

from rich.console import Console

from crisiswatch.console_views import outcome_printer
from crisiswatch.pollers.poller import PollOutcome

GOOD = PollOutcome("AKIpress", True, 200, 12, 0.25, None, None, 900.0)
HOSTILE = PollOutcome(
    "evil\x1b]8;;http://x\x07feed",
    False,
    502,
    0,
    1.5,
    "HTTP 502 \x1b[2J\x1b[31mgone\x9b",
    None,
    60.0,
)


def printed(console: Console, *outcomes: PollOutcome) -> str:
    show = outcome_printer(console)
    for o in outcomes:
        show(o)
    file = console.file
    assert isinstance(file, io.StringIO)
    return file.getvalue()


def test_into_a_pipe_each_poll_is_one_plain_line() -> None:
    out = printed(Console(file=io.StringIO()), GOOD, HOSTILE)
    lines = out.splitlines()
    assert len(lines) == 2 and out.endswith("\n")
    assert lines[0].split() == ["ok", "AKIpress", "200", "12", "new", "0.25s"]
    assert lines[1].startswith("FAIL evil]8;;http://xfeed")
    assert "HTTP 502 [2J[31mgone" in lines[1]
    assert not any(c in out for c in "\x1b\x07\x9b")


def test_on_a_terminal_the_line_is_coloured_and_still_inert() -> None:
    out = printed(Console(file=io.StringIO(), force_terminal=True, width=200), GOOD, HOSTILE)
    assert "\x1b[32m" in out, "ok in green"
    # Every ESC left is Rich's own SGR: none opens a hyperlink or clears the screen.
    assert "\x1b]" not in out and "\x1b[2J" not in out and "\x07" not in out
