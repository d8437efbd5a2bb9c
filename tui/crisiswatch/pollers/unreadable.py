"""The base of "nothing usable in this body", importable without the parsers.

The poller's process only catches it: the parsing runs in the worker. Defined here, not in
`pollers/parse/`, so that catching it does not import lxml and feedparser into that process
before its first request (benchmarks/README.md, "Stop 9").
"""

from __future__ import annotations


class FeedUnreadable(Exception):
    """Nothing usable in a body; the message is the one line shown in feed health."""
