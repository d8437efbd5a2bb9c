"""What a path that is not a regular file is, in words for a one-line refusal."""

from __future__ import annotations

import stat

_KINDS = (
    (stat.S_ISDIR, "a directory"),
    (stat.S_ISFIFO, "a named pipe"),
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
    (stat.S_ISSOCK, "a socket"),
)


def not_regular(mode: int) -> str | None:
    """None for a regular file; otherwise what it is ("a named pipe"). The config and the
    store refuse anything else: a FIFO blocks the reader, /dev/zero never ends, /dev/null
    swallows every write."""
    if stat.S_ISREG(mode):
        return None
    return next((name for test, name in _KINDS if test(mode)), "not a file")
