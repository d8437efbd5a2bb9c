"""Resident memory sampled while a block runs: what a test of a size cap must bound."""

from __future__ import annotations

import threading


class PeakRss:
    """Samples this process's resident memory every few milliseconds while in the block."""

    def __init__(self) -> None:
        self.start = self.peak = resident_bytes()
        self._done = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        while not self._done.wait(0.003):
            self.peak = max(self.peak, resident_bytes())

    def __enter__(self) -> PeakRss:
        self.start = self.peak = resident_bytes()
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._done.set()
        self._thread.join()
        self.peak = max(self.peak, resident_bytes())

    @property
    def growth(self) -> int:
        return self.peak - self.start


def resident_bytes() -> int:
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) * 1024
    raise AssertionError("no VmRSS in /proc/self/status")
