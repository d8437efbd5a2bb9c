"""Where crisiswatch finds its config and keeps its store, by the documented look-up order."""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs

APP = "crisiswatch"


def user_config_file() -> Path:
    return Path(platformdirs.user_config_dir(APP)) / "feeds.toml"


def default_db_path() -> Path:
    return Path(platformdirs.user_data_dir(APP)) / "crisiswatch.db"


def find_config(explicit: str | os.PathLike[str] | None) -> Path | None:
    """`--config`, then `$CRISISWATCH_CONFIG`, then `./feeds.toml`, then the user config dir.

    An explicitly named file is returned even if missing, so the error can name it.
    """
    if explicit:
        return Path(explicit)
    env = os.environ.get("CRISISWATCH_CONFIG")
    if env:
        return Path(env)
    for candidate in (Path.cwd() / "feeds.toml", user_config_file()):
        if candidate.is_file():
            return candidate
    return None


def find_db(explicit: str | os.PathLike[str] | None) -> Path:
    """`--db`, then `$CRISISWATCH_DB`, then the user data dir."""
    if explicit:
        return Path(explicit)
    env = os.environ.get("CRISISWATCH_DB")
    if env:
        return Path(env)
    return default_db_path()
