"""Every expected failure crisiswatch raises, and the exit statuses a process ends with.

The exception tree (a class's module, where it is not this one, in brackets):

* CrisiswatchError                 an expected failure: `str()` is the one line a user reads
  x CliError                       a command's failure as it is reported, with its exit status
  x InputError                     something the user typed or wrote, and can fix (status 2)
    + ConfigError                  feeds.toml [config]
    + Bad                          a refusal walk.py turns into a ConfigError [config.rules]
    + BadKeys                      its [keys] table
    + BadBrowser                   its `browser` setting
    + BadTime                      --since / --until
    + BadFigure                    a figure an analyst typed
    + NotOpml                      an import file that holds no OPML
    + KeepRefused                  --demo --keep DIR
    + NoSuchFeed                   remove NAME (an EditError too)
  x EditError                      feeds.toml left as it was: the change could not be made
    + Exists                       init: a file is there already
    + NoSuchFeed
  x PollError                      one poll failed; the poller records it and goes on
    + FetchFailed                  nothing usable came [pollers.fetch]
    + LookFailed                   add URL: the address could not be fetched
    + RobotsUnavailable            robots.txt unreadable: the article waits
    + WorkerDied                   the worker process went away [pollers.cpu]
    + ArticleUnreadable            an article page given up on [pollers.cpu]
    + FeedUnreadable               nothing usable in a body
      - FeedParseError             ... as the parsers report it
    + RowError                     one row of a results export
  x StoreError                     the store cannot be opened or written
    + SchemaTooNew                 written by a newer crisiswatch
    + StoreRefused                 not a crisiswatch store, left untouched (status 2)
      - NotAStore                  ... as the schema check finds it

Each class is importable from the module that raised it before this one existed, too. The
`Bad...`, `NotOpml` and `RowError` classes are ValueErrors as well, as they always were.

`exit_code` is the status a command ends with when the failure reaches `cli.main` unwrapped;
a command that knows better wraps it in a CliError with another. Private control flow stays
where it is used, outside this tree: `pollers.cpu._OutOfTime` (a BaseException, so that no
parser's `except Exception` can swallow the CPU timer), `pollers.parse.common._NotFast` (the
fast parser declining a body to feedparser) and `pollers.articles._Permanent` (an article
that another try would not change). None of them ever reaches a user.

This module imports nothing from crisiswatch, so that every layer may import it.
"""

from __future__ import annotations

from enum import IntEnum


class ExitCode(IntEnum):
    """Every status a crisiswatch process exits with; `cli_help.EXIT_STATUSES` says each."""

    OK = 0
    FAIL = 1
    USAGE = 2
    """A usage or config error, as argparse's own."""
    INTERRUPTED = 130
    """128 + SIGINT: what a shell reports for a command stopped by Ctrl-C."""
    PIPE = 141
    """128 + SIGPIPE: what a shell reports for a command whose output pipe was closed."""


class CrisiswatchError(Exception):
    """The root: an expected failure, never shown as a traceback."""

    exit_code: ExitCode = ExitCode.FAIL


class CliError(CrisiswatchError):
    """A command's expected failure, phrased: one line on stderr, then exit with `exit_code`.
    (`LaunchError` in `ui.launch` is this class.)"""

    def __init__(self, message: str, code: ExitCode = ExitCode.FAIL) -> None:
        super().__init__(message)
        self.exit_code = code


class InputError(CrisiswatchError):
    """Something the user typed or wrote (an option, a setting, a file): they can fix it."""

    exit_code: ExitCode = ExitCode.USAGE


class BadKeys(InputError, ValueError):
    """A `[keys]` mistake: `action` is the entry to name in the error."""

    def __init__(self, action: str, message: str) -> None:
        super().__init__(message)
        self.action = action


class BadBrowser(InputError, ValueError):
    """The setting cannot be a command line; the message says why."""


class BadTime(InputError, ValueError):
    """A --since/--until that is not a date or time; the message is the one line to print."""


class BadFigure(InputError, ValueError):
    """What an analyst typed is not a figure; the message says what is expected."""


class NotOpml(InputError, ValueError):
    """The bytes hold no <opml> document."""


class KeepRefused(InputError):
    """DIR cannot take the demo's files; the message says why."""


class EditError(CrisiswatchError):
    """feeds.toml could not be changed as asked; already phrased as the one line to print."""


class Exists(EditError):
    """The file is there already; init leaves it alone."""


class NoSuchFeed(EditError, InputError):
    """`remove NAME`: no feed has that name; the message lists the names there are."""

    exit_code: ExitCode = ExitCode.USAGE


class PollError(CrisiswatchError):
    """One poll (a feed, an article page, a robots.txt) got nothing usable; `str()` is the line
    feed health or the item's detail shows, and the poller carries on."""


class LookFailed(PollError):
    """The address could not be fetched; one line saying why."""


class RobotsUnavailable(PollError):
    """robots.txt could not be read (a server error, no answer): nothing is fetched meanwhile."""


class FeedUnreadable(PollError):
    """Nothing usable in a body; the message is the one line shown in feed health. Caught in
    the poller's process, which imports no parser: the parsing runs in the worker."""


class FeedParseError(FeedUnreadable):
    """Nothing usable in a body; the message is the one line shown in feed health."""


class RowError(PollError, ValueError):
    """One row cannot be read; the message names the field and what was wrong."""


class StoreError(CrisiswatchError):
    """The store cannot be opened or written; the message is the one line a user reads."""


class SchemaTooNew(StoreError):
    """The file was written by a newer crisiswatch; we refuse rather than guess."""


class StoreRefused(StoreError):
    """The path is not a crisiswatch store (a device, another program's database): it was left
    as it was, and the user must name another (exit status 2, like any bad argument)."""

    exit_code: ExitCode = ExitCode.USAGE


class NotAStore(StoreRefused):
    """The database belongs to someone else; the message says why, and nothing was written."""
