"""`poll`'s own process reaches its first request without the parsers, the extractor or the UI:
parsing and extraction run in the worker, which imports them itself."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import crisiswatch
from crisiswatch.pollers.parse import FeedParseError
from crisiswatch.pollers.poller import FeedUnreadable

HEAVY = (
    "lxml",
    "feedparser",
    "charset_normalizer",
    "trafilatura",
    "textual",
    "crisiswatch.extract",
)


def test_the_poll_path_imports_no_parser_extractor_or_ui() -> None:
    tui = Path(crisiswatch.__file__).resolve().parents[1]
    code = (
        "import sys\n"
        "import crisiswatch.cli, crisiswatch.console_views, crisiswatch.pollers.poller\n"
        "import crisiswatch.pollers.cpu, crisiswatch.pollers.warmup\n"
        # What `poll` itself imports before its first request: the alert runner reads the
        # store's alerts, and must not bring the extractor with it.
        "import crisiswatch.alerts.console, crisiswatch.pollers.lock\n"
        f"print(' '.join(m for m in {HEAVY!r} if m in sys.modules))\n"
    )
    env = {**os.environ, "PYTHONPATH": str(tui)}
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=env, check=True
    )
    assert out.stdout.strip() == "", f"imported on the poll path: {out.stdout}"


def test_the_poller_still_catches_a_parse_error() -> None:
    assert issubclass(FeedParseError, FeedUnreadable)
