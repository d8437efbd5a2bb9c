"""`crisiswatch --demo --keep DIR`: the demo's store stays in DIR with a feeds.toml for it, so
the headless commands (`feeds`, `tally`, `check`) can be tried on the demo's data afterwards."""

from __future__ import annotations

import json
import shlex
from dataclasses import fields
from pathlib import Path

from crisiswatch.config import (
    DEFAULT_CONCURRENT,
    Config,
    FeedFormat,
    JsonMapping,
    ResultsMapping,
    Watch,
)
from crisiswatch.errors import KeepRefused as KeepRefused

STORE_NAME = "demo.db"
CONFIG_NAME = "feeds.toml"


def _s(value: str) -> str:
    """A TOML basic string: JSON's escapes are TOML's (\\uXXXX included)."""
    return json.dumps(value)


def _list(values: tuple[str, ...]) -> str:
    return "[" + ", ".join(_s(v) for v in values) + "]"


def _json_mapping(m: JsonMapping) -> list[str]:
    lines = ["[feed.json]"]
    lines += [f"{f.name} = {_s(getattr(m, f.name))}" for f in fields(JsonMapping)]
    return lines


def _results_mapping(m: ResultsMapping) -> list[str]:
    lines = ["[feed.results]"]
    for f in fields(ResultsMapping):
        value = getattr(m, f.name)
        if value is None or value == f.default:
            continue
        lines.append(f"{f.name} = {str(value).lower() if isinstance(value, bool) else _s(value)}")
    return lines


def _watch(w: Watch) -> list[str]:
    lines = ["[[watch]]", f"name = {_s(w.name)}", f"keywords = {_list(w.keywords)}"]
    if w.fulltext:
        lines.append("fulltext = true")
    if w.concurrent != DEFAULT_CONCURRENT:
        lines.append(f"concurrent = {w.concurrent:g}")
    e = w.election
    if e is not None:
        lines += ["", "[watch.election]", f"seats = {e.seats}", f"threshold = {e.threshold:g}"]
        lines.append(f"method = {_s(e.method.value)}")
        if e.races:
            lines.append(f"races = {_list(e.races)}")
        for p in e.parties:
            lines += ["", "[[watch.election.party]]", f"name = {_s(p.name)}"]
            if p.aliases:
                lines.append(f"aliases = {_list(p.aliases)}")
    return lines


def config_toml(config: Config) -> str:
    """The demo's feeds and watches as a feeds.toml. Its settings are left at the defaults: the
    replay's 2 s interval is for our own server only and is below what a file may ask."""
    lines = [
        "# Written by `crisiswatch --demo --keep`: the demo's feeds and watch, for trying",
        "# `crisiswatch feeds`, `tally` and `check` on the kept store. The feeds' addresses were",
        "# the replay's own server on 127.0.0.1, gone once the demo closed: polling them fails.",
    ]
    for f in config.feeds:
        lines += ["", "[[feed]]", f"name = {_s(f.name)}", f"url = {_s(f.url)}"]
        if f.tags:
            lines.append(f"tags = {_list(f.tags)}")
        if f.format is not FeedFormat.AUTO:
            lines.append(f"format = {_s(f.format.value)}")
        if f.fulltext is not None:
            lines.append(f"fulltext = {str(f.fulltext).lower()}")
        if f.json is not None:
            lines += _json_mapping(f.json)
        if f.results is not None:
            lines += _results_mapping(f.results)
    for w in config.watches:
        lines += ["", *_watch(w)]
    return "\n".join(lines) + "\n"


def prepare(directory: Path) -> tuple[Path, Path]:
    """Make DIR if needed and say where the store and config go; refuse to mix runs."""
    try:
        directory.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise KeepRefused(f"--keep {directory}: {exc.strerror or exc}") from None
    if not directory.is_dir():
        raise KeepRefused(f"--keep {directory}: not a directory")
    store, config = directory / STORE_NAME, directory / CONFIG_NAME
    for path in (store, config):
        if path.exists():
            raise KeepRefused(
                f"--keep {directory}: {path.name} is already there (from an earlier demo?): "
                "remove it or choose another directory"
            )
    return store, config


def write_config(config: Config, path: Path) -> None:
    try:
        path.write_text(config_toml(config), encoding="utf-8")
    except OSError as exc:
        raise KeepRefused(f"--keep: cannot write {path}: {exc.strerror or exc}") from None


def farewell(directory: Path) -> str:
    """What to type next, the paths quoted for a shell."""
    config, store = (shlex.quote(str(directory / n)) for n in (CONFIG_NAME, STORE_NAME))
    return (
        f"the demo's store and config are kept in {directory}; try\n"
        f"  crisiswatch tally --config {config} --db {store}\n"
        f"  crisiswatch feeds --db {store}"
    )
