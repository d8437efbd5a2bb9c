"""The base of "nothing usable in this body", importable without the parsers.

The poller's process only catches it: the parsing runs in the worker. It lives in
`crisiswatch.errors` (re-exported here), not in `pollers/parse/`, so that catching it does not
import lxml and feedparser into that process before its first request (benchmarks/README.md,
"Stop 9").
"""

from __future__ import annotations

from crisiswatch.errors import FeedUnreadable as FeedUnreadable
