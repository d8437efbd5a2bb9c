"""Who polls a store: an advisory file lock, so one poller writes and every TUI can follow."""

from __future__ import annotations

import contextlib
import fcntl
import os
from pathlib import Path

from crisiswatch.store.files import open_shared


class PollerLock:
    """Held by the process that polls a store for as long as it polls.

    An flock is released by the kernel when its holder dies, even by SIGKILL, so a crashed
    poller never leaves a stale lock behind.
    """

    def __init__(self, db_path: Path) -> None:
        self.path = db_path.with_name(db_path.name + ".poller")
        self._fd: int | None = None

    def acquire(self) -> bool:
        """True if we now hold it; False if another process polls this store."""
        self.path.parent.mkdir(parents=True, exist_ok=True)
        try:
            fd = open_shared(self.path, os.O_RDWR)
        except PermissionError:
            # A group-mate's lock file we may not write: flock needs only an open file, and
            # a reader that cannot write the store only asks whether someone polls it.
            fd = os.open(self.path, os.O_RDONLY)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            os.close(fd)
            return False
        with contextlib.suppress(OSError):  # a read-only fd: the holder's pid stays unwritten
            os.ftruncate(fd, 0)
            os.write(fd, str(os.getpid()).encode())
        self._fd = fd
        return True

    def holder(self) -> str | None:
        """The pid written by the holder, for messages."""
        try:
            return self.path.read_text().strip() or None
        except OSError:
            return None

    def release(self) -> None:
        if self._fd is not None:
            fcntl.flock(self._fd, fcntl.LOCK_UN)
            os.close(self._fd)
            self._fd = None
