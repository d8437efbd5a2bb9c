"""What every command's `--help` ends with: examples, where the config and store are looked for,
and the exit statuses; and `subcommand`, which gives each command that ending and its --config
and --db. Written once here; the man page is generated from the same parser."""

from __future__ import annotations

import argparse
from typing import TypeAlias

from crisiswatch.errors import ExitCode

LOOKUP = """\
config looked for in: --config PATH, $CRISISWATCH_CONFIG, ./feeds.toml, then
  the user config dir (~/.config/crisiswatch/feeds.toml on Linux)

store looked for in: --db PATH, $CRISISWATCH_DB, then
  the user data dir (~/.local/share/crisiswatch/crisiswatch.db on Linux)"""

EXIT_STATUSES: dict[ExitCode, str] = {
    ExitCode.OK: "success",
    ExitCode.FAIL: "failure (for poll --once: every feed failed)",
    ExitCode.USAGE: "a usage or config error, or a --db that is not a crisiswatch store",
    ExitCode.INTERRUPTED: "interrupted by Ctrl-C (a running `poll` stops cleanly with 0)",
    ExitCode.PIPE: "the reader of the output went away (as in `| head -1`)",
}
"""What each exit status means, as every --help and the man page list them (a test holds the
keys equal to ExitCode)."""

EXIT_CODES = "exit status:\n" + "\n".join(
    f"  {int(code):<5}{meaning}" for code, meaning in EXIT_STATUSES.items()
)

EXAMPLES: dict[str, tuple[str, ...]] = {
    "": (
        "crisiswatch                       # the TUI on your feeds.toml",
        "crisiswatch --demo                # October 2020 replayed, offline",
        "crisiswatch --demo --keep ~/demo  # and keep its store and config",
        "crisiswatch check && crisiswatch poll --once",
    ),
    "check": (
        "crisiswatch check",
        "crisiswatch check --config ./desk/feeds.toml",
    ),
    "poll": (
        "crisiswatch poll                  # until Ctrl-C or SIGTERM (systemd, tmux)",
        "crisiswatch poll --once           # one round, a line a feed",
        "crisiswatch poll --once | head -1",
    ),
    "feeds": (
        "crisiswatch feeds",
        "crisiswatch feeds --json | jq '.[] | select(.failures > 0)'",
    ),
    "extract": (
        "echo 'At least 12 people were killed, police said.' | crisiswatch extract",
        "crisiswatch extract report.txt --json",
        'printf \'%s\\n\' \'{"id": 1, "text": "590 injured"}\' | crisiswatch extract --jsonl',
    ),
    "import": (
        "crisiswatch import subscriptions.opml",
        "crisiswatch import ~/.newsboat/urls --dry-run",
    ),
    "export": (
        'crisiswatch export --format md --watch "Kyrgyzstan 2020" -o sitrep.md',
        "crisiswatch export --what figures --format csv --since 2020-10-05 --until 2020-10-06",
        "crisiswatch export --what history --format jsonl | jq .headline",
        "crisiswatch export --what items --format csv --since 2020-10-06T00:00Z",
        "crisiswatch export --opml -o desk.opml   # the feed list, for newsboat or another reader",
    ),
    "add": (
        "crisiswatch add https://news.example.org/world/rss.xml --tag world",
        "crisiswatch add https://news.example.org/ --pick 2",
    ),
    "remove": ("crisiswatch remove 'Example News'",),
    "init": ("crisiswatch init && crisiswatch check",),
    "serve": (
        "crisiswatch serve --demo          # then open http://127.0.0.1:8000",
        "crisiswatch serve --port 8080",
        "crisiswatch serve --host 0.0.0.0  # warns, and prints a link with a token",
    ),
    "tally": (
        "crisiswatch tally --watch 'Kyrgyzstan 2020' --explain",
        "crisiswatch tally --json > tally.json",
        "crisiswatch tally --config ~/demo/feeds.toml --db ~/demo/demo.db",
    ),
}


def epilog(command: str, notes: str = "") -> str:
    """The end of `crisiswatch [COMMAND] --help`: examples, the command's `notes`, then where
    the config and store are looked for and the exit statuses."""
    lines = ["examples:", *(f"  {e}" for e in EXAMPLES.get(command, ())), ""]
    if notes:
        lines += [notes.rstrip("\n"), ""]
    return "\n".join([*lines, LOOKUP, "", EXIT_CODES])


RAW = argparse.RawDescriptionHelpFormatter
"""Keeps the examples and the exit-status table as written."""

Subcommands: TypeAlias = "argparse._SubParsersAction[argparse.ArgumentParser]"
"""What `add_subparsers` returns (a string: argparse does not subscript it at run time)."""


def path_options(parser: argparse.ArgumentParser, *, suppress: bool) -> None:
    """--config and --db, which every command takes (`suppress`: a subcommand's, which leave
    the value given before the command name in place when they are not given again)."""
    default = argparse.SUPPRESS if suppress else None
    parser.add_argument(
        "--config",
        metavar="PATH",
        default=default,
        help="feeds.toml to use (else $CRISISWATCH_CONFIG, ./feeds.toml, the user config dir)",
    )
    parser.add_argument(
        "--db",
        metavar="PATH",
        default=default,
        help="SQLite store (else $CRISISWATCH_DB, the user data dir)",
    )


def subcommand(
    sub: Subcommands, name: str, help: str, description: str | None = None
) -> argparse.ArgumentParser:
    """`crisiswatch NAME`, its --help ending with `epilog(NAME)`, taking --config and --db."""
    p = sub.add_parser(
        name, help=help, description=description, epilog=epilog(name), formatter_class=RAW
    )
    path_options(p, suppress=True)
    return p


SHELLS = ("bash", "zsh", "tcsh", "fish", "powershell")
"""The shells shtab writes completion for (`shtab.SUPPORTED_SHELLS`; a test holds them equal)."""


class _PrintCompletion(argparse.Action):
    """Prints shtab's script for the chosen shell and exits; shtab is imported only then, so
    the other commands (every `poll`, every TUI start) never pay for loading it."""

    def __call__(
        self,
        parser: argparse.ArgumentParser,
        namespace: argparse.Namespace,
        values: object,
        option_string: str | None = None,
    ) -> None:
        import shtab

        print(shtab.complete(parser, str(values)))
        parser.exit(ExitCode.OK)


def completion(parser: argparse.ArgumentParser) -> None:
    """`--print-completion bash|zsh|tcsh`: a completion script made from the parser by shtab."""
    parser.add_argument(
        "--print-completion",
        choices=SHELLS,
        default=None,
        action=_PrintCompletion,
        help="print a shell completion script",
    )
