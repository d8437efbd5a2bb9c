"""`crisiswatch import`, `export --opml`, `remove` and `init` as a user runs them: real
processes on real files, feeds.toml checked line by line after each edit."""

from __future__ import annotations

import os
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

from crisiswatch.config import load_config
from crisiswatch.subscriptions.opml_in import read_opml

REPO = Path(__file__).resolve().parents[2]
LISTS = REPO / "tests" / "data" / "lists"

HEAD = """\
# Desk feeds: the comment at the top stays.
[settings]
interval = "10m"   # ten minutes

# --- agencies ----------
[[feed]]
name = "Existing wire"
url = "https://wire.example.net/world.xml"   # same URL as the export's first
tags = ["wire"]

[[feed]]
name = "JSON desk"
url = "https://json.example.org/api"
format = "json"

[feed.json]
items = "articles"

# --- the watched crisis ----------

[[watch]]
name = "KG"
keywords = ["Bishkek"]
"""


def run(
    *args: str, cwd: Path | None = None, env: dict[str, str] | None = None, stdin: str | None = None
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "crisiswatch", *args],
        capture_output=True,
        text=True,
        timeout=60,
        cwd=cwd,
        env=env,
        input=stdin,
    )


def feeds_toml(tmp_path: Path, text: str = HEAD) -> Path:
    path = tmp_path / "feeds.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_newsboat_export_imports_cleanly_keeping_comments_and_order(tmp_path: Path) -> None:
    path = feeds_toml(tmp_path)
    out = run("import", str(LISTS / "newsboat-export.opml"), "--config", str(path))
    assert out.returncode == 0, out.stderr
    assert out.stderr == ""
    assert "added 3 feeds" in out.stdout and "(OPML 1)" in out.stdout and "skipped 1" in out.stdout
    assert "already in feeds.toml as 'Existing wire'" in out.stdout
    config = load_config(path)
    assert [(f.name, f.url) for f in config.feeds] == [
        ("Existing wire", "https://wire.example.net/world.xml"),
        ("JSON desk", "https://json.example.org/api"),
        # newsboat exports an empty title for a feed it never fetched: the address names it
        ("radio.example.org/asia/feed.atom", "https://radio.example.org/asia/feed.atom"),
        ("Daily & Evening <Politics>", "https://daily.example.com/rss?section=politics&lang=en"),
        ("Relief updates", "https://relief.example.int/updates.rdf"),
    ]
    assert config.feeds[1].json is not None and config.feeds[1].json.items == "articles"
    text = path.read_text(encoding="utf-8")
    # Every line of the old file is still there, in the same order, and the new feeds sit
    # after the last feed and before the watches' heading comment.
    rest = iter(text.splitlines())
    assert all(line in rest for line in HEAD.splitlines())  # a subsequence: nothing lost or moved
    assert text.startswith(HEAD.split("# --- the watched")[0])
    assert text.endswith(
        '# --- the watched crisis ----------\n\n[[watch]]\nname = "KG"\nkeywords = ["Bishkek"]\n'
    )
    assert text.index('name = "Relief updates"') < text.index("# --- the watched crisis")
    assert run("check", "--config", str(path)).returncode == 0


def test_import_twice_adds_nothing_the_second_time(tmp_path: Path) -> None:
    path = feeds_toml(tmp_path)
    assert run("import", str(LISTS / "newsboat-export.opml"), "--config", str(path)).returncode == 0
    before = path.read_bytes()
    again = run("import", str(LISTS / "newsboat-export.opml"), "--config", str(path))
    assert again.returncode == 0, again.stderr
    assert "added 0 feeds" in again.stdout and "skipped 4" in again.stdout
    assert path.read_bytes() == before


def test_nested_outlines_and_categories_become_tags(tmp_path: Path) -> None:
    path = feeds_toml(tmp_path)
    out = run("import", str(LISTS / "folders.opml"), "--config", str(path))
    assert out.returncode == 0, out.stderr
    feeds = {f.name: f for f in load_config(path).feeds}
    # Declared ISO-8859-1: the accent survives.
    asie = feeds["Agence Centrale édition Asie"]
    assert asie.tags == ("wire", "urgent", "Agencies", "Asia")
    assert feeds["Second agency"].tags == ("Agencies",)
    assert feeds["Top level"].tags == ()
    assert "Not http" not in feeds
    assert "ftp://files.example.org/feed.xml: not an http(s) address" in out.stdout
    assert "https://lists.example.org/more.opml: a link to another list: not followed" in out.stdout
    assert "https://site.example.org/: a web page (htmlUrl) with no xmlUrl" in out.stdout


def test_newsboat_urls_file_names_tags_and_skipped_lines(tmp_path: Path) -> None:
    path = feeds_toml(tmp_path)
    out = run("import", str(LISTS / "urls"), "--config", str(path))
    assert out.returncode == 0, out.stderr
    assert "(newsboat urls)" in out.stdout
    feeds = {f.url: f for f in load_config(path).feeds}
    radio = feeds["https://radio.example.org/asia/feed.atom"]
    assert (radio.name, radio.tags) == ("radio.example.org/asia/feed.atom", ("asia", "broadcaster"))
    daily = feeds["https://daily.example.com/rss?section=politics&lang=en"]
    assert (daily.name, daily.tags) == ("Daily politics", ("politics and power",))
    assert feeds["https://wire.example.net/world.xml"].name == "Existing wire"
    assert "line 4: query:Unread Asia" in out.stdout and "newsboat query feed" in out.stdout
    assert "line 6: exec:~/bin/scrape-ministry.sh" in out.stdout
    assert "line 7: gopher://old.example.org/feed: not an http(s) address" in out.stdout


def test_export_then_import_gives_the_same_feeds_and_tags(tmp_path: Path) -> None:
    src = feeds_toml(tmp_path)
    assert run("import", str(LISTS / "folders.opml"), "--config", str(src)).returncode == 0
    opml = tmp_path / "out.opml"
    out = run("export", "--opml", "-o", str(opml), "--config", str(src))
    assert out.returncode == 0, out.stderr
    listing = read_opml(opml.read_bytes())
    assert listing.kind == "OPML 2"
    empty = tmp_path / "empty"
    empty.mkdir()
    dst = feeds_toml(empty, "# nothing yet\n")
    back = run("import", str(opml), "--config", str(dst))
    assert back.returncode == 0, back.stderr
    a = [(f.name, f.url, f.tags) for f in load_config(src).feeds]
    b = [(f.name, f.url, f.tags) for f in load_config(dst).feeds]
    assert sorted(a) == sorted(b)
    assert dst.read_text().startswith("# nothing yet\n")


def test_export_to_stdout_is_opml_2_and_takes_no_row_options(tmp_path: Path) -> None:
    path = feeds_toml(tmp_path)
    out = run("export", "--opml", "--config", str(path))
    assert out.returncode == 0 and out.stdout.startswith('<?xml version="1.0" encoding="UTF-8"?>')
    assert '<opml version="2.0">' in out.stdout
    assert 'xmlUrl="https://json.example.org/api"' in out.stdout
    mixed = run("export", "--opml", "--what", "figures", "--config", str(path))
    assert mixed.returncode == 2 and mixed.stderr.count("\n") == 1 and "--opml" in mixed.stderr


def test_hostile_names_are_inert_in_the_export(tmp_path: Path) -> None:
    path = feeds_toml(
        tmp_path,
        '[[feed]]\nname = "evil\\u001b]52;c;eA==\\u0007 name"\nurl = "https://e.example/"\n'
        'tags = ["a/b,c"]\n',
    )
    out = run("export", "--opml", "--config", str(path))
    assert out.returncode == 0, out.stderr
    assert "\x1b" not in out.stdout and "\x07" not in out.stdout
    [feed] = read_opml(out.stdout.encode()).feeds
    assert feed.name == "evil]52;c;eA== name" and feed.tags == ("a b c",)


def test_remove_cuts_one_table_and_keeps_the_rest(tmp_path: Path) -> None:
    path = feeds_toml(tmp_path)
    out = run("remove", "existing WIRE", "--config", str(path))
    assert out.returncode == 0, out.stderr
    assert "removed 'Existing wire'" in out.stdout
    text = path.read_text()
    assert "Existing wire" not in text
    assert "# --- agencies ----------\n" in text and "# ten minutes" in text
    assert [f.name for f in load_config(path).feeds] == ["JSON desk"]
    assert load_config(path).feeds[0].json is not None
    # The JSON feed's subtable goes with it.
    assert run("remove", "JSON desk", "--config", str(path)).returncode == 0
    assert "[feed.json]" not in path.read_text()
    assert tomllib.loads(path.read_text())["watch"][0]["name"] == "KG"
    missing = run("remove", "nobody", "--config", str(path))
    assert missing.returncode == 2 and "no feed named 'nobody'" in missing.stderr
    assert missing.stderr.count("\n") == 1


@pytest.mark.slow
def test_bad_input_is_one_line_and_leaves_feeds_toml_alone(tmp_path: Path) -> None:
    path = feeds_toml(tmp_path)
    before = path.read_bytes()
    (tmp_path / "notes.txt").write_text("just some notes\nnothing here\n")
    (tmp_path / "page.html").write_text("<html><body>hi</body></html>")
    fifo = tmp_path / "pipe.opml"
    os.mkfifo(fifo)  # no writer: opening it must not wait
    cases = [
        ("import", str(tmp_path / "missing.opml")),
        ("import", str(tmp_path / "notes.txt")),
        ("import", str(tmp_path / "page.html")),
        ("import", str(tmp_path)),
        ("import", str(fifo)),
        ("import", "/dev/zero"),
    ]
    for args in cases:
        out = run(*args, "--config", str(path))
        assert out.returncode == 2, (args, out)
        assert out.stderr.startswith("crisiswatch: ") and out.stderr.count("\n") == 1, out.stderr
        assert "Traceback" not in out.stderr
    assert path.read_bytes() == before
    (tmp_path / "b").mkdir()
    broken = feeds_toml(tmp_path / "b", "[[feed]\n")
    out = run("import", str(LISTS / "urls"), "--config", str(broken))
    assert out.returncode == 2 and "feeds.toml:1" in out.stderr


def test_billion_laughs_opml_is_read_as_text(tmp_path: Path) -> None:
    bomb = tmp_path / "bomb.opml"
    laughs = "".join(f'<!ENTITY l{i} "{f"&l{i - 1};" * 10 if i else "ha"}">' for i in range(10))
    bomb.write_text(
        f'<?xml version="1.0"?><!DOCTYPE opml [{laughs}<!ENTITY x SYSTEM "file:///etc/passwd">]>'
        '<opml version="2.0"><body><outline text="&l9; &x;" xmlUrl="https://b.example/"/>'
        "</body></opml>"
    )
    [feed] = read_opml(bomb.read_bytes()).feeds
    assert feed.name == "&l9; &x;"


def test_dry_run_reports_and_writes_nothing(tmp_path: Path) -> None:
    path = feeds_toml(tmp_path)
    out = run("import", "--dry-run", str(LISTS / "urls"), "--config", str(path))
    assert out.returncode == 0 and "would add 2 feeds" in out.stdout
    assert path.read_text() == HEAD


def test_import_reads_standard_input(tmp_path: Path) -> None:
    path = feeds_toml(tmp_path)
    out = run("import", "-", "--config", str(path), stdin="https://stdin.example.org/rss x\n")
    assert out.returncode == 0, out.stderr
    assert load_config(path).feeds[-1].tags == ("x",)


@pytest.mark.slow
def test_init_writes_a_starter_that_check_accepts_and_never_overwrites(tmp_path: Path) -> None:
    env = {**os.environ, "XDG_CONFIG_HOME": str(tmp_path / "xdg"), "HOME": str(tmp_path)}
    env.pop("CRISISWATCH_CONFIG", None)
    work = tmp_path / "elsewhere"
    work.mkdir()
    out = run("init", cwd=work, env=env)
    assert out.returncode == 0, out.stderr
    target = tmp_path / "xdg" / "crisiswatch" / "feeds.toml"
    assert str(target) in out.stdout and "crisiswatch check" in out.stdout
    assert target.read_text().startswith("# crisiswatch's feeds and watches.")
    check = run("check", cwd=work, env=env)
    assert check.returncode == 0, check.stderr
    assert "config OK" in check.stdout and str(target) in check.stdout
    target.write_text(target.read_text() + "# my edit\n")
    again = run("init", cwd=work, env=env)
    assert again.returncode == 1 and "exists already" in again.stderr
    assert again.stderr.count("\n") == 1
    assert target.read_text().endswith("# my edit\n")


def test_commands_without_a_config_say_init_writes_one(tmp_path: Path) -> None:
    env = {**os.environ, "XDG_CONFIG_HOME": str(tmp_path / "xdg"), "HOME": str(tmp_path)}
    env.pop("CRISISWATCH_CONFIG", None)
    out = run("import", str(LISTS / "urls"), cwd=tmp_path, env=env)
    assert out.returncode == 2 and "`crisiswatch init` writes one" in out.stderr


@pytest.mark.slow
def test_feeds_command_shows_each_feeds_tags(tmp_path: Path) -> None:
    import json

    from crisiswatch.store import Store

    path = feeds_toml(tmp_path)
    db = tmp_path / "store.db"
    with Store(db) as store:
        store.sync_feeds(
            [
                ("Existing wire", "https://wire.example.net/world.xml"),
                ("JSON desk", "https://json.example.org/api"),
            ]
        )
    env = {**os.environ, "COLUMNS": "200"}
    out = run("feeds", "--config", str(path), "--db", str(db), env=env)
    assert out.returncode == 0, out.stderr
    assert "tags" in out.stdout
    [wire_line] = [line for line in out.stdout.splitlines() if "Existing wire" in line]
    assert "wire" in wire_line.replace("Existing wire", "")
    data = json.loads(run("feeds", "--json", "--config", str(path), "--db", str(db)).stdout)
    assert {d["name"]: d["tags"] for d in data} == {"Existing wire": ["wire"], "JSON desk": []}
    # Without a config the table still works, with no tags column.
    (tmp_path / "b").mkdir()
    env = {**env, "XDG_CONFIG_HOME": str(tmp_path / "none")}
    env.pop("CRISISWATCH_CONFIG", None)
    bare = run("feeds", "--db", str(db), cwd=tmp_path / "b", env=env)
    assert bare.returncode == 0, bare.stderr
    assert "tags" not in bare.stdout and "Existing wire" in bare.stdout


def test_an_opml_files_dtd_and_entities_are_never_fetched(tmp_path: Path, feed_server) -> None:
    from feedserver import Route

    feed_server.routes["/evil.dtd"] = Route(b'<!ENTITY x "fetched">', content_type="text/xml")
    feed_server.routes["/x"] = Route(b"fetched", content_type="text/plain")
    opml = tmp_path / "evil.opml"
    opml.write_text(
        f'<?xml version="1.0"?><!DOCTYPE opml SYSTEM "{feed_server.url("/evil.dtd")}" '
        f'[<!ENTITY y SYSTEM "{feed_server.url("/x")}">]>'
        '<opml version="2.0"><body><outline text="a &x; &y;" xmlUrl="https://a.example/"/>'
        "</body></opml>"
    )
    path = feeds_toml(tmp_path)
    out = run("import", str(opml), "--config", str(path))
    assert out.returncode == 0, out.stderr
    assert feed_server.requests == []
    assert load_config(path).feeds[-1].name == "a &x; &y;"
