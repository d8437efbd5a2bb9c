"""The TUI's `e`: the selected watch's situation report, written to the user's data dir."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from pathlib import Path

import platformdirs

from crisiswatch.config import Watch
from crisiswatch.exports.period import Period
from crisiswatch.locations import APP
from crisiswatch.store import Store


def reports_dir() -> Path:
    """`reports/` in the user's own data dir (~/.local/share/crisiswatch/reports on Linux):
    writable by whoever runs the TUI, even a follower of a store another account owns."""
    return Path(platformdirs.user_data_dir(APP)) / "reports"


def report_name(watch: str, when: datetime) -> str:
    """ "kyrgyzstan-2020-20261202-015012Z.md": the watch and the UTC time it was written."""
    slug = re.sub(r"[^\w]+", "-", watch.casefold()).strip("-_")[:60] or "watch"
    return f"{slug}-{when.astimezone(UTC):%Y%m%d-%H%M%S}Z.md"


def write_report(store: Store, watch: Watch, now: datetime, folder: Path | None = None) -> Path:
    """Write the report whole (a temporary file renamed into place) and return its path."""
    from crisiswatch.exports.command import situation_report

    folder = folder or reports_dir()
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / report_name(watch.name, now)
    text = situation_report(store, [watch], Period(), now)
    tmp = path.with_name(f".{path.name}.partial")
    tmp.write_text(text, encoding="utf-8")
    tmp.replace(path)
    return path
