"""Ctrl-C for the polling commands: the first stops them cleanly, a second one at once."""

from __future__ import annotations

import asyncio
import contextlib
import os
import signal
import sys
from collections.abc import Callable
from types import FrameType

from crisiswatch.errors import ExitCode

_FIRST = b"crisiswatch: interrupted: finishing the writes under way (Ctrl-C again to stop now)\n"
_AGAIN = b"crisiswatch: interrupted again: stopped at once\n"
_LATE = b"crisiswatch: interrupted: stopped at once\n"


class Interrupts:
    """SIGINT while a command runs its event loop calls `on_first` there once (cancel the round,
    or set the poller's stop event): polls in flight are cancelled, store writes already under
    way commit, and the command exits by its usual path. Any later SIGINT, or one that comes
    while the command is already closing down (store, worker processes), exits the process
    at once with status 130.

    Exiting at once cannot break the store: every write is one SQLite transaction, and a
    process that dies inside one leaves it uncommitted, as the kill -9 tests show. The poller
    lock is an flock, dropped by the kernel. A SIGINT before the loop starts raises
    KeyboardInterrupt as usual.
    """

    def __init__(self) -> None:
        self._loop: asyncio.AbstractEventLoop | None = None
        self._first: Callable[[], object] | None = None
        self._closing = False
        self._interrupted = False

    def install(self) -> None:
        # Set before asyncio.run: seeing a handler of ours, it installs none of its own (its
        # second Ctrl-C raises KeyboardInterrupt wherever the code happens to be).
        signal.signal(signal.SIGINT, self._on_sigint)

    def arm(self, on_first: Callable[[], object]) -> None:
        """Called from inside the running loop: what the first Ctrl-C does."""
        self._loop = asyncio.get_running_loop()
        self._first = on_first

    def closing(self) -> None:
        """The loop is done: from now on Ctrl-C no longer has anything to stop cleanly."""
        self._closing = True
        self._first = None

    def _on_sigint(self, signum: int, frame: FrameType | None) -> None:
        again, self._interrupted = self._interrupted, True
        first, loop = self._first, self._loop
        if first is not None and loop is not None and not loop.is_closed():
            self._first = None
            _say(_FIRST)
            loop.call_soon_threadsafe(first)
            return
        if self._closing or loop is not None:
            _say(_AGAIN if again else _LATE)
            _release_semaphores()
            os._exit(ExitCode.INTERRUPTED)
        raise KeyboardInterrupt


def _say(line: bytes) -> None:
    """One line on stderr, written at once (no buffer to flush at an os._exit). On a terminal
    it starts on a line of its own, after the "^C" the terminal echoed."""
    with contextlib.suppress(OSError):
        os.write(2, (b"\n" if os.isatty(2) else b"") + line)


def _release_semaphores() -> None:
    """Unlink the worker pool's named semaphores, as a normal exit would: without this, the
    resource tracker finds them at our death and prints a warning on the user's terminal.

    These are multiprocessing's own exit finalizers of priority 0 and up (semaphore unlinks,
    queue closes), none of which waits; the ones that join threads or processes are below 0.
    """
    util = sys.modules.get("multiprocessing.util")  # never imported: no pool, no semaphores
    run = getattr(util, "_run_finalizers", None)
    if run is not None:
        with contextlib.suppress(Exception):
            run(0)
