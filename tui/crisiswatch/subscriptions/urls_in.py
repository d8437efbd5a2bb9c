"""newsboat's `urls` file: one feed a line, the URL then its tags; `"~Title"` names the feed.

Lines newsboat itself makes feeds of are skipped with a reason: `query:` (a saved search over
other feeds), `exec:` and `filter:` (a command's output), which are no address to poll.
"""

from __future__ import annotations

import shlex

from crisiswatch.subscriptions.listing import (
    Listing,
    Skipped,
    Subscription,
    clean_name,
    clean_tags,
    http_url,
)

_NOT_FEEDS = {
    "query:": "a newsboat query feed (a search over other feeds), not an address",
    "exec:": "a newsboat exec: feed runs a command; crisiswatch polls only http(s)",
    "filter:": "a newsboat filter: feed runs a command; crisiswatch polls only http(s)",
}


def read_urls(text: str) -> Listing:
    """The feeds of a urls file in order; blank lines and `#` comments are passed over."""
    listing = Listing("newsboat urls")
    for no, line in enumerate(text.splitlines(), 1):
        stripped = line.strip()
        if not stripped or stripped.startswith("#"):
            continue
        where = f"line {no}"
        try:
            words = shlex.split(stripped, comments=False, posix=True)
        except ValueError as exc:  # an unclosed quote
            listing.skipped.append(Skipped(where, f"cannot be read ({exc})"))
            continue
        if not words:
            continue
        first = words[0]
        kind = next((k for k in _NOT_FEEDS if first.lower().startswith(k)), None)
        if kind is not None:
            listing.skipped.append(Skipped(f"{where}: {first[:60]}", _NOT_FEEDS[kind]))
            continue
        url = http_url(first)
        if url is None:
            listing.skipped.append(Skipped(f"{where}: {first[:60]}", "not an http(s) address"))
            continue
        name: str | None = None
        tags: list[str] = []
        for word in words[1:]:
            if word.startswith("~"):
                name = clean_name(word[1:]) or name
            elif word.startswith("!"):
                continue  # newsboat's "hide this feed" mark: not a tag
            elif word.startswith("#"):
                break  # a comment after the tags
            else:
                tags.append(word)
        listing.feeds.append(Subscription(url, name, clean_tags(tags)))
    return listing
