"""`crisiswatch` with no subcommand: find config and store, decide who polls, run the app."""

from __future__ import annotations

import argparse
import contextlib
import shutil
import sys
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from crisiswatch.config import Config, load_found
from crisiswatch.demo.keep import KeepRefused, farewell, prepare, write_config
from crisiswatch.errors import CliError, ExitCode
from crisiswatch.locations import find_db
from crisiswatch.plaintext import strip_unsafe
from crisiswatch.pollers.lock import PollerLock
from crisiswatch.store import StoreError, probe_path
from crisiswatch.store.files import writable

if TYPE_CHECKING:
    from crisiswatch.demo.replay import DemoReplay

LaunchError = CliError
"""An expected failure before the app starts: the commands' CliError, under its old name."""


@dataclass
class Plan:
    """What to run: the config and store, whether we poll, and what to undo afterwards."""

    config: Config
    db_path: Path
    poll: bool
    follower_note: str | None = None
    demo: DemoReplay | None = None
    takeover: Callable[[], bool] | None = None
    """For a follower: try to become the poller (True once it is), when the other one stops."""
    readonly: bool = False
    """The store is not writable by this account: follow it, keep no read marks."""
    cleanups: list[Callable[[], None]] = field(default_factory=list)
    farewell: str | None = None
    """Said on stderr once the app has closed (where `--demo --keep` left its files)."""

    def cleanup(self) -> None:
        while self.cleanups:
            with contextlib.suppress(OSError):
                self.cleanups.pop()()


def _load(args: argparse.Namespace) -> Config:
    return load_found(getattr(args, "config", None), tip="; try `crisiswatch --demo`")


def plan(args: argparse.Namespace) -> Plan:
    """Everything that can fail in an expected way happens here, before the terminal is taken."""
    if getattr(args, "demo", False):
        from crisiswatch.demo.replay import DemoReplay

        keep = getattr(args, "keep", None)
        keep_dir = Path(keep) if keep is not None else None
        kept = _keep_paths(keep_dir) if keep_dir is not None else None
        replay = DemoReplay(duration=60.0)
        replay.start()
        if keep_dir is not None and kept is not None:
            p = Plan(config=replay.config(), db_path=kept[0], poll=True, demo=replay)
            p.cleanups.append(replay.stop)
            _keep_config(p, kept[1])
            p.farewell = farewell(keep_dir)
            return p
        tmp = Path(tempfile.mkdtemp(prefix="crisiswatch-demo-"))
        p = Plan(config=replay.config(), db_path=tmp / "demo.db", poll=True, demo=replay)
        p.cleanups.append(lambda: shutil.rmtree(tmp, ignore_errors=True))
        p.cleanups.append(replay.stop)
        return p
    if getattr(args, "keep", None) is not None:
        raise CliError("--keep DIR goes with --demo (it keeps the demo's store)", ExitCode.USAGE)
    config = _load(args)
    db_path = find_db(getattr(args, "db", None))
    try:
        # Before the lock file is made beside it: a refused path gets nothing new next to it.
        probe_path(db_path, readonly=False)
    except StoreError as exc:  # a path that is no store is the user's to fix (status 2)
        raise CliError(str(exc), exc.exit_code) from None
    lock = PollerLock(db_path)
    try:
        held = lock.acquire()
    except OSError as exc:
        raise CliError(
            f"cannot use store {db_path}: {exc.strerror or exc} (choose another with --db)"
        ) from None
    if db_path.exists() and not writable(db_path):
        return _read_only_follower(config, db_path, lock, held)
    if held:
        p = Plan(config=config, db_path=db_path, poll=True)
        p.cleanups.append(lock.release)
        return p
    pid = lock.holder() or "?"

    def takeover() -> bool:
        try:
            return lock.acquire()
        except OSError:
            return False

    p = Plan(
        config=config,
        db_path=db_path,
        poll=False,
        follower_note=f"following pid {pid}'s poller",
        takeover=takeover,
    )
    p.cleanups.append(lock.release)
    return p


def _keep_paths(directory: Path) -> tuple[Path, Path]:
    try:
        return prepare(directory)
    except KeepRefused as exc:
        raise CliError(str(exc), ExitCode.USAGE) from None


def _keep_config(p: Plan, path: Path) -> None:
    try:
        write_config(p.config, path)
    except KeepRefused as exc:
        p.cleanup()
        raise CliError(str(exc)) from None


def _read_only_follower(config: Config, db_path: Path, lock: PollerLock, held: bool) -> Plan:
    """A group-mate's store this account may read but not write: follow its poller, if any."""
    if held:
        lock.release()
        raise CliError(
            f"store {db_path} is read-only for this account and no poller runs on it: start "
            "`crisiswatch poll` as an account that may write it, or see README, 'A shared desk'"
        )
    note = f"following pid {lock.holder() or '?'}'s poller, read-only"
    return Plan(config=config, db_path=db_path, poll=False, follower_note=note, readonly=True)


def run_ui(args: argparse.Namespace) -> int:
    try:
        p = plan(args)
    except CliError as exc:
        print(f"crisiswatch: {strip_unsafe(str(exc))}", file=sys.stderr)
        return exc.exit_code
    try:
        from crisiswatch.ui.app import CrisisApp
        from crisiswatch.ui.reader import StoreReader

        try:
            # Opened here, before the app's loop runs: the app is handed its store.
            store = StoreReader.open(p.db_path, readonly=p.readonly)
        except StoreError as exc:
            print(f"crisiswatch: {strip_unsafe(str(exc))}", file=sys.stderr)
            return exc.exit_code
        app = CrisisApp(
            p.config,
            store,
            poll=p.poll,
            follower_note=p.follower_note,
            demo=p.demo,
            takeover=p.takeover,
        )
        try:
            result = app.run()
        finally:
            app.close_stores()
        if p.farewell is not None:
            for line in p.farewell.splitlines():
                print(strip_unsafe(line), file=sys.stderr)
        return result if result is not None else (app.return_code or ExitCode.OK)
    finally:
        p.cleanup()
