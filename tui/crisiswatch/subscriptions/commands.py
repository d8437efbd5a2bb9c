"""The commands that change or copy the feed list: import, export --opml, add, remove, init.

`cli.py` registers them with `add_parsers` and runs them from `COMMANDS`. `export` is shared
with the other export formats: `cli.py` registers it, `export_opml` holds its `--opml` part.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable
from pathlib import Path

from crisiswatch.cli_help import Subcommands, subcommand
from crisiswatch.config import Config, ConfigError
from crisiswatch.errors import CliError, ExitCode
from crisiswatch.filekind import not_regular
from crisiswatch.locations import find_config, user_config_file
from crisiswatch.plaintext import strip_unsafe
from crisiswatch.subscriptions import feedsfile
from crisiswatch.subscriptions.export_opml import run_opml_export
from crisiswatch.subscriptions.listing import Listing, Skipped, Subscription, clean_tags, http_url

MAX_LIST_BYTES = 16 << 20
"""A subscription list is read up to 16 MiB; ten thousand feeds take about 2 MB of OPML."""


def add_parsers(sub: Subcommands) -> None:
    """The subcommands that edit or copy the feed list (all but `export`, which cli.py adds)."""
    p = subcommand(
        sub,
        "import",
        "add the feeds of an OPML file or a newsboat urls file to feeds.toml",
        "Add the feeds of an OPML 1 or 2 file, or of newsboat's urls file, to "
        "feeds.toml; feeds already there (same URL) are skipped. Comments and order stay.",
    )
    p.add_argument("file", help="the OPML or urls file, or - for standard input")
    p.add_argument("--dry-run", action="store_true", help="report, but leave feeds.toml alone")

    p = subcommand(
        sub,
        "add",
        "add a feed, or the feed a web page links to, to feeds.toml",
        "Fetch URL once. A feed is added; a web page's feeds (<link "
        'rel="alternate">) are listed: one is added, of several pick one with --pick N '
        "(or at the prompt, on a terminal).",
    )
    p.add_argument("url", help="the feed's or the page's http(s) address")
    p.add_argument("--name", help="the feed's name (else its own title)")
    p.add_argument(
        "--tag", action="append", default=[], metavar="TAG", help="a tag (repeat for more)"
    )
    p.add_argument("--pick", type=int, metavar="N", help="of the page's feeds, take number N")

    p = subcommand(sub, "remove", "remove a feed from feeds.toml by name")
    p.add_argument("name", help="the feed's name (any case)")

    subcommand(sub, "init", f"write a starter feeds.toml with comments (to {user_config_file()})")


def _target(args: argparse.Namespace) -> Path:
    path = find_config(args.config)
    if path is None:
        raise CliError(
            f"no feeds.toml found (tried --config, $CRISISWATCH_CONFIG, ./feeds.toml, "
            f"{user_config_file()}): `crisiswatch init` writes one",
            ExitCode.USAGE,
        )
    return path


def _read_config(path: Path) -> Config:
    try:
        config, _ = feedsfile.read(path)
    except ConfigError as exc:
        raise CliError(str(exc), ExitCode.USAGE) from None
    return config


def _read_list(name: str) -> bytes:
    """The list's bytes, up to MAX_LIST_BYTES. Opened without blocking and checked on the open
    file, so a named pipe or a device is refused at once instead of hanging or never ending."""
    if name == "-":
        data = sys.stdin.buffer.read(MAX_LIST_BYTES + 1)
    else:
        try:
            fd = os.open(name, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
        except OSError as exc:
            raise CliError(f"{name}: {exc.strerror or exc}", ExitCode.USAGE) from None
        try:
            kind = not_regular(os.fstat(fd).st_mode)
            if kind is not None:
                raise CliError(f"{name}: not a regular file ({kind})", ExitCode.USAGE)
            with os.fdopen(fd, "rb", closefd=False) as f:
                data = f.read(MAX_LIST_BYTES + 1)
        except OSError as exc:
            raise CliError(f"{name}: {exc.strerror or exc}", ExitCode.USAGE) from None
        finally:
            os.close(fd)
    if len(data) > MAX_LIST_BYTES:
        raise CliError(f"{name}: larger than 16 MiB: not a subscription list", ExitCode.USAGE)
    return data


def _parse_list(name: str, data: bytes) -> Listing:
    from crisiswatch.pollers.parse.charset import decode_body
    from crisiswatch.subscriptions.opml_in import NotOpml, read_opml
    from crisiswatch.subscriptions.urls_in import read_urls

    if data.lstrip(b"\xef\xbb\xbf \t\r\n")[:1] == b"<":
        try:
            return read_opml(data)
        except NotOpml as exc:
            raise CliError(f"{name}: {exc}", ExitCode.USAGE) from None
    listing = read_urls(decode_body(data))
    if (
        not listing.feeds
        and listing.skipped
        and all(s.reason.startswith("not an http") for s in listing.skipped)
    ):
        raise CliError(
            f"{name}: neither OPML nor a newsboat urls file (no line starts with an http(s) URL)",
            ExitCode.USAGE,
        )
    return listing


def _say(line: str) -> None:
    print(strip_unsafe(line))


def _report(plan: feedsfile.Plan, listing_skipped: list[Skipped], path: Path) -> None:
    for f in plan.added:
        tags = f"  [{', '.join(f.tags)}]" if f.tags else ""
        _say(f"+ {f.name}  {f.url}{tags}")
    for s in (*listing_skipped, *plan.skipped):
        _say(f"- skipped {s.what}: {s.reason}")


def cmd_import(args: argparse.Namespace) -> ExitCode:
    path = _target(args)
    _read_config(path)
    listing = _parse_list(args.file, _read_list(args.file))
    try:
        plan = feedsfile.add_feeds(path, listing.feeds, dry_run=args.dry_run)
    except ConfigError as exc:
        raise CliError(str(exc), ExitCode.USAGE) from None
    except feedsfile.EditError as exc:
        raise CliError(str(exc)) from None
    _report(plan, listing.skipped, path)
    skipped = len(listing.skipped) + len(plan.skipped)
    verb = "would add" if args.dry_run else "added"
    _say(
        f"{verb} {len(plan.added)} feeds from {args.file} ({listing.kind}) to {path}; "
        f"skipped {skipped}"
    )
    return ExitCode.OK


def cmd_export_opml(args: argparse.Namespace) -> ExitCode:
    """`export --opml`: the feed list of the feeds.toml found as OPML (see `export_opml`);
    `cli.cmd_export` hands the option here."""
    return run_opml_export(args, _target(args))


def _choose(args: argparse.Namespace, count: int) -> int:
    """The index of the page's feed to add: --pick, the prompt on a terminal, or a refusal."""
    if args.pick is not None:
        if not 1 <= args.pick <= count:
            raise CliError(f"--pick {args.pick}: the page lists feeds 1 to {count}", ExitCode.USAGE)
        return int(args.pick) - 1
    if count == 1:
        return 0
    if not sys.stdin.isatty():
        raise CliError(f"the page lists {count} feeds: choose one with --pick N", ExitCode.USAGE)
    while True:
        try:
            answer = input(f"add which feed? [1-{count}] ").strip()
        except EOFError:
            raise CliError("no feed chosen", ExitCode.USAGE) from None
        if answer.isdigit() and 1 <= int(answer) <= count:
            return int(answer) - 1


def cmd_add(args: argparse.Namespace) -> ExitCode:
    from crisiswatch.subscriptions.adding import LookFailed, look
    from crisiswatch.subscriptions.listing import same_url_key

    path = _target(args)
    config = _read_config(path)
    url = http_url(args.url)
    if url is None:
        raise CliError(f"{args.url!r} is not an http(s) URL", ExitCode.USAGE)
    name = " ".join(strip_unsafe(args.name).split()) if args.name is not None else None
    if args.name is not None and not name:
        raise CliError("--name must not be empty", ExitCode.USAGE)
    if name and any(f.name.lower() == name.lower() for f in config.feeds):
        raise CliError(f"{path}: a feed named {name!r} is there already", ExitCode.USAGE)
    if any(not t.strip() for t in args.tag):
        raise CliError("--tag must not be empty", ExitCode.USAGE)
    tags = clean_tags(args.tag)
    listed = {same_url_key(f.url): f.name for f in config.feeds}
    if same_url_key(url) in listed:
        _say(f"{url} is in {path} already, as {listed[same_url_key(url)]!r}: nothing added")
        return ExitCode.OK
    try:
        seen = look(url, config.settings)
        if not seen.is_feed:
            if not seen.links:
                raise CliError(f"{url}: {seen.why_not_feed}, and it links to no feed")
            _say(f"{url} is a web page; it links to {len(seen.links)} feeds:")
            for no, link in enumerate(seen.links, 1):
                there = listed.get(same_url_key(link.url))
                note = f"  (in feeds.toml as {there!r})" if there else ""
                _say(f"  {no}. {link.title or '(no title)'}  {link.url}{note}")
            chosen = seen.links[_choose(args, len(seen.links))]
            if same_url_key(chosen.url) in listed:
                _say(f"{chosen.url} is in {path} already: nothing added")
                return ExitCode.OK
            feed = look(chosen.url, config.settings)
            if not feed.is_feed:
                raise CliError(f"{chosen.url}: the page's link is not a feed ({feed.why_not_feed})")
            url, title = chosen.url, feed.title or chosen.title
        else:
            title = seen.title
    except LookFailed as exc:
        raise CliError(f"{url}: {exc}") from None
    try:
        plan = feedsfile.add_feeds(path, [Subscription(url, name or title, tags)])
    except (feedsfile.EditError, ConfigError) as exc:
        raise CliError(str(exc)) from None
    for f in plan.added:
        extra = f"  [{', '.join(f.tags)}]" if f.tags else ""
        _say(f"added {f.name!r}  {f.url}{extra} to {path}")
    return ExitCode.OK


def cmd_remove(args: argparse.Namespace) -> ExitCode:
    path = _target(args)
    _read_config(path)
    try:
        feed = feedsfile.remove_feed(path, args.name)
    except feedsfile.EditError as exc:
        raise CliError(str(exc), exc.exit_code) from None
    _say(
        f"removed {feed.name!r} ({feed.url}) from {path}; its stored stories stay until "
        "`retention` prunes them"
    )
    return ExitCode.OK


def cmd_init(args: argparse.Namespace) -> ExitCode:
    from crisiswatch.subscriptions.starter import Exists, write_starter

    path = Path(args.config) if args.config else user_config_file()
    try:
        write_starter(path)
    except Exists:
        raise CliError(
            f"{path} exists already: init leaves it as it is (edit it, or move it away first)"
        ) from None
    except OSError as exc:
        raise CliError(f"{path}: {exc.strerror or exc}") from None
    editor = os.environ.get("VISUAL") or os.environ.get("EDITOR") or "your editor"
    _say(f"wrote a starter feeds.toml to {path}")
    _say(f"edit its feeds and watch with {editor}, then run `crisiswatch check`;")
    _say("`crisiswatch add URL` and `crisiswatch import FILE` add feeds without editing")
    return ExitCode.OK


COMMANDS: dict[str, Callable[[argparse.Namespace], int]] = {
    "import": cmd_import,
    "add": cmd_add,
    "remove": cmd_remove,
    "init": cmd_init,
}
