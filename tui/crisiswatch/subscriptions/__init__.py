"""Feed lists in and out of feeds.toml: OPML and newsboat `urls` files read, OPML written,
feeds added and removed in place, a starter file, and the commands that do it.

One module a job: `listing` (what a read list holds), `opml_in`, `urls_in`, `opml_out`,
`feedsfile` (editing feeds.toml without losing its comments), `discover` (a page's feed
links), `adding` (one fetch for `add`), `starter` (`init`), `commands` (the CLI).
"""
