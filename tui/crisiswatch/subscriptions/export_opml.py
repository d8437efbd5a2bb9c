"""`crisiswatch export --opml`: the OPML part of the `export` command, kept apart so that other
export formats (items, figures) can share the one `export` subcommand.

To merge another format in: create the `export` parser once, call `add_opml_option(parser)` on
it beside the other format flags, and let its handler call `run_opml_export(args)` when
`args.opml` is set. `--output` is meant to be shared by every format.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from crisiswatch.errors import CliError, ExitCode
from crisiswatch.plaintext import strip_unsafe


def add_opml_option(group: argparse._ActionsContainer) -> None:
    """`--opml`, as one more choice of `export`'s format group."""
    group.add_argument("--opml", action="store_true", help="feeds.toml's feeds as OPML 2.0")


def run_opml_export(args: argparse.Namespace, config_path: Path) -> ExitCode:
    """Write the OPML of the feeds.toml at `config_path` to `args.output` or stdout."""
    from crisiswatch.config import ConfigError, load_config
    from crisiswatch.subscriptions.opml_out import to_opml

    try:
        config = load_config(config_path)
    except ConfigError as exc:
        raise CliError(str(exc), ExitCode.USAGE) from None
    text = to_opml(config)
    output = getattr(args, "output", None)
    if not output or output == "-":
        sys.stdout.write(text)
        return ExitCode.OK
    try:
        Path(output).write_text(text, encoding="utf-8")
    except OSError as exc:
        raise CliError(f"{output}: {exc.strerror or exc}") from None
    print(f"wrote {len(config.feeds)} feeds to {strip_unsafe(output)}", file=sys.stderr)
    return ExitCode.OK
