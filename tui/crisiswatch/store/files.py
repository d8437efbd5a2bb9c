"""Files of a store that several Unix accounts share: created so that the directory decides.

SQLite creates a database `rw-r--r--` whatever the umask allows, and copies that mode to its
`-wal` and `-shm` files, so a group-mate could neither write nor, in WAL mode, follow the store.
We create the database and the poller's lock file ourselves: with the mode the umask allows and,
in a set-group-ID directory (the usual shape of a shared directory), group read and write too.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

SHARED_GROUP_BITS = stat.S_IRGRP | stat.S_IWGRP


def in_shared_directory(path: Path) -> bool:
    """A set-group-ID directory: its files belong to its group, and are meant for it."""
    try:
        return bool(path.parent.stat().st_mode & stat.S_ISGID)
    except OSError:
        return False


def open_shared(path: Path, flags: int) -> int:
    """`os.open` that creates `path` with the modes above; an existing file keeps its own."""
    fd = os.open(path, flags | os.O_CREAT, 0o666)
    try:
        info = os.fstat(fd)
        # Only the file's creator (or root) may change its mode; a fresh file is ours.
        fresh = info.st_size == 0 and info.st_uid == os.geteuid()
        if fresh and in_shared_directory(path):
            wanted = stat.S_IMODE(info.st_mode) | SHARED_GROUP_BITS
            if wanted != stat.S_IMODE(info.st_mode):
                os.fchmod(fd, wanted)
    except OSError:
        os.close(fd)
        raise
    return fd


def create_database_file(path: Path) -> None:
    """Create an empty database file before SQLite does, so its mode follows the directory
    (SQLite gives `-wal` and `-shm` the database file's mode)."""
    try:
        fd = open_shared(path, os.O_WRONLY | os.O_EXCL)
    except FileExistsError:
        return
    os.close(fd)


def writable(path: Path) -> bool:
    """Whether this account may write an existing store (and so poll it or keep read marks)."""
    return os.access(path, os.W_OK) and os.access(path.parent, os.W_OK | os.X_OK)
