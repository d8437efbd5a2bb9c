"""robots.txt per article host, read once and cached, before any of its pages is fetched.

Feeds are published to be polled; article pages are a site's own, and its robots.txt says
what it lets a program fetch. Hosts listed in `[settings] ignore_robots` (ones you have
permission for) are fetched without asking.
"""

from __future__ import annotations

import asyncio
import time
import urllib.robotparser
from collections.abc import Awaitable, Callable

from crisiswatch.errors import RobotsUnavailable as RobotsUnavailable
from crisiswatch.pollers.fetch import FetchFailed

ROBOTS_MAX = 512 * 1024
"""Largest robots.txt read (Google reads 500 KiB); a bigger one fails like an unreachable one."""

ROBOTS_TTL = 6 * 3600.0
"""How long a host's answer is kept before robots.txt is read again."""

AGENT = "crisiswatch"
"""The name robots.txt rules are matched against (`User-agent: crisiswatch`, or `*`)."""

Getter = Callable[[str], Awaitable[bytes | None]]
"""Fetches a robots.txt address's body, raising FetchFailed when nothing came."""


class RobotsCache:
    """One parsed robots.txt per scheme and host, fetched once however many articles wait."""

    def __init__(self, get: Getter, *, ttl: float = ROBOTS_TTL) -> None:
        self._get = get
        self._ttl = ttl
        self._rules: dict[str, tuple[float, urllib.robotparser.RobotFileParser]] = {}
        self._locks: dict[str, asyncio.Lock] = {}
        self.fetched: list[str] = []
        """Every robots.txt address fetched, in order (tests read it)."""

    async def allowed(self, scheme: str, host: str, url: str) -> bool:
        """Whether `url` on `host` may be fetched; raises RobotsUnavailable (see RFC 9309:
        a server error means "disallow all" until it answers)."""
        key = f"{scheme}://{host}"
        async with self._locks.setdefault(key, asyncio.Lock()):
            cached = self._rules.get(key)
            if cached is None or time.monotonic() - cached[0] > self._ttl:
                cached = (time.monotonic(), await self._read(key))
                self._rules[key] = cached
        return cached[1].can_fetch(AGENT, url)

    async def _read(self, key: str) -> urllib.robotparser.RobotFileParser:
        address = f"{key}/robots.txt"
        self.fetched.append(address)
        parser = urllib.robotparser.RobotFileParser(address)
        try:
            body = await self._get(address)
        except FetchFailed as exc:
            if exc.status is not None and 400 <= exc.status < 500:
                parser.parse([])  # no robots.txt (404, 403, 410...): everything is allowed
                return parser
            raise RobotsUnavailable(f"robots.txt unreadable: {exc}") from None
        text = (body or b"").decode("utf-8", errors="replace")
        parser.parse(text.splitlines())
        return parser
