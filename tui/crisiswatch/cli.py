"""The `crisiswatch` command: the TUI by default, and the headless subcommands for servers."""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import os
import signal
import sys
import time
from collections.abc import Sequence
from pathlib import Path

from crisiswatch import __version__
from crisiswatch.cli_help import RAW, completion, epilog, path_options, subcommand
from crisiswatch.config import Config, Watch, load_found
from crisiswatch.errors import CliError as CliError
from crisiswatch.errors import CrisiswatchError, ExitCode
from crisiswatch.interrupts import Interrupts
from crisiswatch.locations import find_config, find_db
from crisiswatch.plaintext import strip_unsafe
from crisiswatch.store import Store, StoreError


def say_error(message: str) -> None:
    """The one line a failure prints on stderr. Messages quote paths, names and servers'
    words, so they pass the same sanitiser as everything else a terminal shows."""
    print(f"crisiswatch: {strip_unsafe(message)}", file=sys.stderr)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="crisiswatch",
        description="Casualty counts, election results and headlines from news feeds, in a terminal.",
        epilog=epilog(""),
        formatter_class=RAW,
    )
    completion(parser)
    parser.add_argument("--version", action="version", version=f"crisiswatch {__version__}")
    path_options(parser, suppress=False)
    parser.add_argument(
        "--demo",
        action="store_true",
        help="replay the bundled October 2020 Kyrgyzstan crisis offline, in a temporary store",
    )
    parser.add_argument(
        "--keep",
        metavar="DIR",
        help="with --demo: keep its store and a feeds.toml for it in DIR (for feeds, tally)",
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    subcommand(sub, "check", "validate the config and summarise its feeds and watches")

    p = subcommand(sub, "poll", "poll the feeds into the store (until interrupted, or --once)")
    p.add_argument(
        "--once", action="store_true", help="poll every feed once, print a line each, exit"
    )

    p = subcommand(sub, "feeds", "show the feed-health table")
    p.add_argument("--json", action="store_true", help="print JSON for scripts")

    p = subcommand(sub, "extract", "print the figures found in a text")
    p.add_argument("file", nargs="?", default="-", help="text file, or - for standard input")
    fmt = p.add_mutually_exclusive_group()
    fmt.add_argument("--json", action="store_true", help="print one JSON object")
    fmt.add_argument(
        "--jsonl",
        action="store_true",
        help='read JSON lines {"id", "text"} on standard input, write one object per line',
    )

    p = subcommand(sub, "tally", "print the casualty counters and results table per watch")
    p.add_argument("--watch", metavar="NAME", help="only this watch")
    p.add_argument("--explain", action="store_true", help="list every report behind each figure")
    fmt = p.add_mutually_exclusive_group()
    fmt.add_argument(
        "--json",
        action="store_true",
        help="print every counter and results table, with rules, reports and decisions, as JSON",
    )
    fmt.add_argument(
        "--csv", action="store_true", help="print every counter and results row as CSV"
    )

    p = subcommand(
        sub, "export", "export items, figures or counters' histories (CSV, JSON Lines, Markdown)"
    )
    from crisiswatch.exports.command import arguments
    from crisiswatch.subscriptions.export_opml import add_opml_option

    add_opml_option(arguments(p))

    from crisiswatch.subscriptions import commands as feed_list

    feed_list.add_parsers(sub)
    p = subcommand(sub, "serve", "serve the TUI to a web browser (textual-serve)")
    p.add_argument(
        "--demo", action="store_true", default=argparse.SUPPRESS, help="serve the offline demo"
    )
    p.add_argument(
        "--host",
        default="127.0.0.1",
        help="address to bind (default 127.0.0.1; any other warns and requires a token)",
    )
    p.add_argument("--port", type=int, default=8000, help="port to bind (default 8000)")
    return parser


def cmd_serve(args: argparse.Namespace) -> ExitCode:
    """Each browser session runs its own `crisiswatch` process on the same config and store."""
    from crisiswatch.ui.serve import serve

    argv: list[str] = []
    if args.demo:
        argv.append("--demo")
    for flag in ("config", "db"):
        value = getattr(args, flag, None)
        if value is not None:
            argv += [f"--{flag}", str(Path(value).resolve())]
    if not 0 < args.port < 65536:
        raise CliError(f"--port {args.port}: not a port (1-65535)", ExitCode.USAGE)
    try:
        return serve(argv, args.host, args.port, say_error)
    except OSError as exc:
        raise CliError(f"cannot listen on {args.host}:{args.port}: {exc.strerror or exc}") from None


def _config(args: argparse.Namespace, *, required: bool = True) -> Config | None:
    if not required and find_config(args.config) is None:
        return None
    return load_found(args.config)


def _store(args: argparse.Namespace, *, readonly: bool = False) -> Store:
    path = find_db(args.db)
    if readonly and not path.exists():
        raise CliError(f"no store at {path} yet: run `crisiswatch poll --once` first")
    try:
        return Store(path, readonly=readonly)
    except StoreError as exc:  # a path that is no store is the user's to fix (status 2)
        raise CliError(str(exc), exc.exit_code) from None


def cmd_check(args: argparse.Namespace) -> ExitCode:
    from crisiswatch.console_views import config_summary, console

    config = _config(args)
    assert config is not None
    console().print(config_summary(config))
    return ExitCode.OK


def cmd_poll(args: argparse.Namespace) -> ExitCode:
    from crisiswatch.pollers.lock import PollerLock

    config = _config(args)
    assert config is not None
    if not any(f.enabled for f in config.feeds):
        raise CliError(f"{config.path}: no enabled [[feed]] to poll", ExitCode.USAGE)
    store = _store(args)
    lock = PollerLock(store.path)
    if not lock.acquire():
        store.close()
        raise CliError(
            f"another crisiswatch (pid {lock.holder() or '?'}: `crisiswatch poll` or a TUI that "
            f"polls) already polls {store.path}"
        )
    interrupts = Interrupts()
    interrupts.install()
    try:
        from crisiswatch.pollers.cpu import shared_pool
        from crisiswatch.pollers.warmup import worker_wanted

        # The worker's start-up (an interpreter, the extractor's patterns) now overlaps this
        # process's own imports and first fetches instead of following them; a round of 304s
        # needs no worker, and one that gets a body starts it then (pollers/warmup.py).
        if not args.once or worker_wanted((f for f in config.feeds if f.enabled), store):
            shared_pool().warm()
        if args.once:
            try:
                return asyncio.run(_poll_once(config, store, interrupts))
            except asyncio.CancelledError:  # the first Ctrl-C cancelled the round
                raise KeyboardInterrupt from None
        asyncio.run(_poll_forever(config, store, interrupts))
        return ExitCode.OK
    finally:
        interrupts.closing()
        store.close()
        lock.release()


async def _poll_once(config: Config, store: Store, interrupts: Interrupts) -> ExitCode:
    from crisiswatch.alerts.console import alert_runner
    from crisiswatch.console_views import console, outcome_printer
    from crisiswatch.pollers.poller import Poller

    main = asyncio.current_task()
    assert main is not None
    interrupts.arm(main.cancel)
    out = console()
    alerts = alert_runner(config, store, out, once=True)
    poller = Poller(config, store, on_outcome=outcome_printer(out), alerts=alerts)
    try:
        outcomes = await poller.poll_once()
        await alerts.drain()
    finally:
        await poller.aclose()
        await alerts.aclose()
    await asyncio.to_thread(store.prune, time.time() - config.settings.retention)
    return ExitCode.OK if any(o.ok for o in outcomes) else ExitCode.FAIL


async def _poll_forever(config: Config, store: Store, interrupts: Interrupts) -> None:
    from crisiswatch.alerts.console import alert_runner
    from crisiswatch.console_views import console, outcome_printer, shown
    from crisiswatch.pollers.poller import Poller

    out = console()
    stop = asyncio.Event()
    asyncio.get_running_loop().add_signal_handler(signal.SIGTERM, stop.set)
    interrupts.arm(stop.set)
    alerts = alert_runner(config, store, out, once=False)
    poller = Poller(config, store, on_outcome=outcome_printer(out), alerts=alerts)
    out.print(shown(f"polling {len(poller.feeds)} feeds into {store.path} (Ctrl-C to stop)"))

    async def prune_daily() -> None:
        while True:
            await asyncio.to_thread(store.prune, time.time() - config.settings.retention)
            await asyncio.sleep(3600)

    pruner = asyncio.create_task(prune_daily())
    try:
        await poller.run(stop)
    finally:
        pruner.cancel()
        await poller.aclose()
        await alerts.aclose()
    out.print("stopped")


def cmd_feeds(args: argparse.Namespace) -> ExitCode:
    from crisiswatch.console_views import console, health_json, health_table
    from crisiswatch.feedtags import tags_by_feed
    from crisiswatch.store.reads import feed_health

    # Tags live in feeds.toml: shown when a config is found; the table needs none, so a
    # broken feeds.toml that was not named only leaves the tags out.
    config = None
    if args.config:
        config = _config(args)
    elif find_config(None) is not None:
        with contextlib.suppress(CliError):
            config = _config(args, required=False)
    tags = tags_by_feed(config.feeds) if config else None
    store = _store(args, readonly=True)
    with store:
        health = feed_health(store)
    if args.json:
        # ASCII JSON, as always: every control, bidi or non-ASCII character is a \u escape.
        print(json.dumps(health_json(health, tags), indent=2))
    else:
        console().print(health_table(health, tags))
    return ExitCode.OK


def _read_text(name: str) -> str:
    if name == "-":
        return sys.stdin.read()
    try:
        return Path(name).read_text(encoding="utf-8", errors="replace")
    except OSError as exc:
        raise CliError(f"{name}: {exc.strerror or exc}") from None


def cmd_extract(args: argparse.Namespace) -> ExitCode:
    from crisiswatch.console_views import console, dumps, extraction_json, extraction_table
    from crisiswatch.facts import WatchList, extraction

    config = _config(args, required=False) if args.config or find_config(None) else None
    # Read as a poll reads an item: with every watch's parties.
    watches = WatchList.of(config.watches if config else ())
    if args.jsonl:
        for no, line in enumerate(sys.stdin, 1):
            if not line.strip():
                continue
            try:
                record = json.loads(line)
                text = record["text"]
                if not isinstance(text, str):
                    raise TypeError
            except (ValueError, KeyError, TypeError):
                raise CliError(
                    f'<stdin>:{no}: expected a JSON object with a string "text"'
                ) from None
            out = extraction_json(extraction(text, watches))
            print(dumps({"id": record.get("id"), **out}))
        return ExitCode.OK
    text = _read_text(args.file)
    result = extraction(text, watches)
    if args.json:
        print(dumps(extraction_json(result), indent=2))
    else:
        console().print(extraction_table(result))
    return ExitCode.OK


def _watches(args: argparse.Namespace) -> tuple[Config, list[Watch]]:
    """The config and its watches: all, or the one `--watch` names (none by that name: status 2)."""
    config = _config(args)
    assert config is not None
    watches = [w for w in config.watches if args.watch in (None, w.name)]
    if args.watch and not watches:
        raise CliError(f"{config.path}: no watch named {args.watch!r}", ExitCode.USAGE)
    return config, watches


def cmd_tally(args: argparse.Namespace) -> ExitCode:
    from crisiswatch.console_views import console, tally_view

    _, watches = _watches(args)
    store = _store(args, readonly=True)
    if args.csv:
        from crisiswatch.exports.command import write_tally_csv

        with store:
            write_tally_csv(sys.stdout, store, watches)
        return ExitCode.OK
    if args.json:
        from crisiswatch.console_views import tally_json

        with store:
            data = {"watches": [tally_json(store, watch) for watch in watches]}
        print(json.dumps(data, ensure_ascii=False, indent=2))
        return ExitCode.OK
    out = console()
    with store:
        for watch in watches:
            out.print(tally_view(store, watch, explain=args.explain, relative=out.is_terminal))
    return ExitCode.OK


def cmd_export(args: argparse.Namespace) -> ExitCode:
    from crisiswatch.exports.command import opened, write_export
    from crisiswatch.exports.period import BadTime, period

    if args.opml:
        from crisiswatch.subscriptions.commands import cmd_export_opml

        if args.what or args.since or args.until or args.watch:
            raise CliError(
                "--opml exports the feed list; --what, --since, --until and --watch do not "
                "apply to it",
                ExitCode.USAGE,
            )
        return cmd_export_opml(args)

    try:
        window = period(args.since, args.until)
    except BadTime as exc:
        raise CliError(str(exc), ExitCode.USAGE) from None
    fmt = args.format or ("md" if args.what is None else "csv")
    if fmt == "md" and args.what is not None:
        raise CliError(
            "--format md is the situation report; --what applies to csv and jsonl", ExitCode.USAGE
        )
    config, watches = _watches(args)
    store = _store(args, readonly=True)
    try:
        with store, opened(args.output) as out:
            write_export(
                out,
                store,
                config,
                watches,
                args.what or "figures",
                fmt,
                window,
                every_watch=args.watch is None,
            )
    except OSError as exc:
        if isinstance(exc, BrokenPipeError):
            raise
        raise CliError(f"{args.output or '<stdout>'}: {exc.strerror or exc}") from None
    return ExitCode.OK


def cmd_ui(args: argparse.Namespace) -> int:
    from crisiswatch.ui.launch import run_ui

    return run_ui(args)


COMMANDS = {
    "check": cmd_check,
    "poll": cmd_poll,
    "feeds": cmd_feeds,
    "extract": cmd_extract,
    "tally": cmd_tally,
    "serve": cmd_serve,
    "export": cmd_export,
}


def main(argv: Sequence[str] | None = None) -> int:
    try:
        # Inside the try: --help and --print-completion write to stdout while parsing.
        from crisiswatch.subscriptions import commands as feed_list

        args = build_parser().parse_args(argv)
        handler = {**COMMANDS, **feed_list.COMMANDS}.get(args.command or "", cmd_ui)
        return handler(args)
    except CrisiswatchError as exc:  # a CliError, or one no command wrapped: its branch's status
        say_error(str(exc))
        return exc.exit_code
    except KeyboardInterrupt:
        return ExitCode.INTERRUPTED
    except BrokenPipeError:
        # The reader of stdout went away (`| head -1`): stop as a Unix tool killed by SIGPIPE
        # would, with its status, but after a clean shutdown. Python's last flush of stdout at
        # exit would fail again, so stdout now leads nowhere.
        with contextlib.suppress(OSError):
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, sys.stdout.fileno())
        return ExitCode.PIPE
