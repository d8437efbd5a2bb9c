"""`crisiswatch init`: a first feeds.toml with comments, in the user config dir.

It never replaces a file: a feeds.toml someone has edited is worth more than a starter.
"""

from __future__ import annotations

import os
from pathlib import Path

from crisiswatch.errors import Exists as Exists

STARTER = """\
# crisiswatch's feeds and watches. Written by `crisiswatch init`; edit it freely.
# Every key is described in README.md, "feeds.toml reference". After an edit,
# `crisiswatch check` says whether the file is valid and, if not, names the line.
#
# Add feeds without editing by hand:
#   crisiswatch add https://example.org/           (a feed, or a page that links to one)
#   crisiswatch import subscriptions.opml          (OPML, or newsboat's urls file)
#   crisiswatch remove "Feed name"

[settings]
interval = "10m"          # time between two polls of one feed
# timeout = "20s"         # for connecting and for each read
# max_body = "5MB"        # a larger feed body fails that poll
# retention = "30d"       # stories older than this are pruned

# --- feeds: one [[feed]] table each -------------------------------------------------------
# `name` is shown in the stream and in feed health; `tags` are free labels: `t` in the
# app shows one tag's stories at a time.

[[feed]]
name = "UN News"
url = "https://news.un.org/feed/subscribe/en/news/all/rss.xml"
tags = ["un"]

[[feed]]
name = "ReliefWeb headlines"
url = "https://reliefweb.int/headlines/rss.xml"
interval = "30m"
tags = ["humanitarian"]

[[feed]]
name = "BBC World"
url = "https://feeds.bbci.co.uk/news/world/rss.xml"
tags = ["broadcaster"]

# --- watches: the crises you follow -------------------------------------------------------
# A story counts toward a watch when one of its keywords stands in its title or summary
# as a whole word. Change these to the place and people of your crisis.

[[watch]]
name = "My crisis"
keywords = ["earthquake", "flood", "ceasefire"]

# An election adds a results table and a seat projection:
# [watch.election]
# seats = 120
# threshold = 7           # per cent
# method = "hare"         # or "dhondt", "sainte-lague"
# [[watch.election.party]]
# name = "Party A"
# aliases = ["PA"]
"""


def write_starter(path: Path) -> None:
    """Create `path` (and its directory) holding STARTER; Exists if anything is at `path`.

    O_EXCL makes the check and the creation one step, so two inits at once cannot both write.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
    except FileExistsError:
        raise Exists(str(path)) from None
    with os.fdopen(fd, "w", encoding="utf-8") as f:
        f.write(STARTER)
