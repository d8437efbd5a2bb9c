"""feeds.toml from disk: the file checked before it is read, the TOML parsed, and the whole
read as a Config by walk.py from the schema."""

from __future__ import annotations

import os
import re
import tomllib
from pathlib import Path

from crisiswatch.config.located import ConfigError
from crisiswatch.config.schema import Config
from crisiswatch.config.walk import Walker
from crisiswatch.errors import CliError, ExitCode
from crisiswatch.filekind import not_regular
from crisiswatch.locations import find_config, user_config_file

MAX_CONFIG_BYTES = 1 << 20
"""feeds.toml is read up to 1 MiB: a thousand feeds take about 100 KB, and a path that never
ends (a symlink to /dev/zero, a FIFO left open) must not hang the command or eat memory."""


def parse_config(text: str, path: Path) -> Config:
    """Build a Config from TOML text; `path` is only used to name the file in errors."""
    try:
        data = tomllib.loads(text)
    except RecursionError:
        # tomllib recurses per nesting level; a hostile file nests deeper than the stack.
        raise ConfigError(path, None, "toml", "arrays or tables nested too deeply") from None
    except tomllib.TOMLDecodeError as exc:
        m = re.search(r"line (\d+)", str(exc))
        line = int(m.group(1)) if m else None
        msg = re.sub(r"\s*\(at line \d+, column \d+\)", "", str(exc))
        raise ConfigError(path, line, "toml", msg) from None
    return Walker(path, text).decode(Config, data, (), path=path)


def _read_config_bytes(path: Path) -> bytes:
    """The file's bytes, if it is a regular file of at most MAX_CONFIG_BYTES.

    Opened non-blocking so a FIFO with no writer is refused instead of waiting forever, and
    checked with fstat on the open file, so what is read is what was checked (no race with a
    rename), whatever symlinks led to it.
    """
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    except FileNotFoundError:
        raise ConfigError(path, None, "file", "no such file") from None
    except OSError as exc:
        raise ConfigError(path, None, "file", exc.strerror or str(exc)) from None
    try:
        kind = not_regular(os.fstat(fd).st_mode)
        if kind is not None:
            raise ConfigError(path, None, "file", f"not a regular file ({kind})")
        with os.fdopen(fd, "rb", closefd=False) as f:
            raw = f.read(MAX_CONFIG_BYTES + 1)
    except OSError as exc:
        raise ConfigError(path, None, "file", exc.strerror or str(exc)) from None
    finally:
        os.close(fd)
    if len(raw) > MAX_CONFIG_BYTES:
        raise ConfigError(path, None, "file", "larger than 1 MiB: not a feeds.toml")
    return raw


def load_config(path: Path) -> Config:
    """Read and validate a feeds.toml file."""
    raw = _read_config_bytes(path)
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise ConfigError(path, line, "file", "not valid UTF-8") from None
    return parse_config(text, path)


def load_found(explicit: str | os.PathLike[str] | None, *, tip: str = "") -> Config:
    """The config a command runs on, found by the documented order (locations.py), with the
    one-line usage error every command and the TUI give when there is none or it is broken.
    `tip` ends the "none found" line (the TUI points at the demo)."""
    path = find_config(explicit)
    if path is None:
        raise CliError(
            f"no feeds.toml found (tried --config, $CRISISWATCH_CONFIG, ./feeds.toml, "
            f"{user_config_file()}){tip}",
            ExitCode.USAGE,
        )
    try:
        return load_config(path)
    except ConfigError as exc:
        raise CliError(str(exc), ExitCode.USAGE) from None
