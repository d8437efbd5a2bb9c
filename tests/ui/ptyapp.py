"""The real `crisiswatch` in a real pseudo-terminal: what a user's terminal receives, byte for
byte, and keys sent as a user types them."""

from __future__ import annotations

import fcntl
import os
import pty
import select
import struct
import subprocess
import sys
import termios
import time
from collections.abc import Callable
from pathlib import Path


class PtyApp:
    def __init__(
        self,
        args: list[str],
        env: dict[str, str] | None = None,
        size: tuple[int, int] = (80, 24),
        cwd: Path | None = None,
    ) -> None:
        master, slave = pty.openpty()
        cols, rows = size
        fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", rows, cols, 0, 0))
        base = {k: v for k, v in os.environ.items() if k not in ("NO_COLOR", "COLORTERM")}
        base.setdefault("TERM", "xterm-256color")
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "crisiswatch", *args],
            stdin=slave,
            stdout=slave,
            stderr=slave,
            env={**base, **(env or {})},
            cwd=cwd,
            start_new_session=True,
        )
        os.close(slave)
        self.master = master
        self.out = bytearray()

    def pump(self, timeout: float = 0.1) -> bool:
        """Read what is waiting; False once the terminal is closed."""
        ready, _, _ = select.select([self.master], [], [], timeout)
        if not ready:
            return True
        try:
            chunk = os.read(self.master, 65536)
        except OSError:
            return False
        self.out += chunk
        return bool(chunk)

    def until(self, condition: Callable[[bytes], bool], timeout: float = 30.0) -> None:
        deadline = time.monotonic() + timeout
        while not condition(bytes(self.out)):
            if time.monotonic() > deadline or not self.pump():
                tail = bytes(self.out[-1500:])
                raise AssertionError(f"not seen on the terminal in time; last bytes: {tail!r}")

    def press(self, keys: bytes) -> None:
        os.write(self.master, keys)

    def quit(self, timeout: float = 15.0) -> int:
        """Press Q (quit from any screen; q only closes the one on top) and wait for the exit
        status, reading all the while (a full pty blocks)."""
        self.press(b"Q")
        deadline = time.monotonic() + timeout
        while self.proc.poll() is None and time.monotonic() < deadline:
            self.pump()
        return self.proc.wait(timeout=5)

    def close(self) -> None:
        if self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait()
        os.close(self.master)
