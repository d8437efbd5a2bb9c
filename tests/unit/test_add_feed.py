"""`crisiswatch add URL` against a real server on 127.0.0.1: a feed is added under its own
title, a page's <link rel="alternate"> feeds are offered, and failures are one line."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from crisiswatch.config import load_config
from feedserver import FeedServer, Route, atom, entries, rss

HEAD = '[settings]\ntimeout = "2s"\nhost_spacing = "0s"\n\n# my feeds\n[[feed]]\nname = "Old"\nurl = "https://old.example.org/rss"\n'


def run(*args: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "crisiswatch", *args],
        capture_output=True,
        text=True,
        timeout=60,
        input=stdin,
    )


def config(tmp_path: Path) -> Path:
    path = tmp_path / "feeds.toml"
    path.write_text(HEAD)
    return path


def page(*links: str) -> bytes:
    heads = "".join(links)
    return f"<!doctype html><html><head><title>Site</title>{heads}</head><body>x</body></html>".encode()


@pytest.mark.slow
def test_a_feed_is_added_under_its_own_title_with_tags(
    feed_server: FeedServer, tmp_path: Path
) -> None:
    feed_server.routes["/rss"] = Route(rss(entries("a", 2)))
    path = config(tmp_path)
    out = run(
        "add", feed_server.url("/rss"), "--tag", "wire", "--tag", "asia", "--config", str(path)
    )
    assert out.returncode == 0, out.stderr
    assert "added 'Test wire'" in out.stdout
    feeds = load_config(path).feeds
    assert [(f.name, f.url, f.tags) for f in feeds] == [
        ("Old", "https://old.example.org/rss", ()),
        ("Test wire", feed_server.url("/rss"), ("wire", "asia")),
    ]
    assert path.read_text().startswith(HEAD)
    assert len(feed_server.hits("/rss")) == 1  # fetched once
    again = run("add", feed_server.url("/rss"), "--config", str(path))
    assert again.returncode == 0 and "already" in again.stdout
    assert len(load_config(path).feeds) == 2


@pytest.mark.slow
def test_name_option_and_a_taken_name(feed_server: FeedServer, tmp_path: Path) -> None:
    feed_server.routes["/atom"] = Route(atom(entries("b", 1)), content_type="application/atom+xml")
    path = config(tmp_path)
    taken = run("add", feed_server.url("/atom"), "--name", "old", "--config", str(path))
    assert taken.returncode == 2 and "a feed named 'old' is there already" in taken.stderr
    assert feed_server.hits("/atom") == []  # refused before any fetch
    out = run("add", feed_server.url("/atom"), "--name", "Radio", "--config", str(path))
    assert out.returncode == 0, out.stderr
    assert load_config(path).feeds[-1].name == "Radio"


def test_a_page_with_one_feed_link_adds_that_feed(feed_server: FeedServer, tmp_path: Path) -> None:
    feed_server.routes["/news/feed.xml"] = Route(rss(entries("c", 1)))
    feed_server.routes["/news/"] = Route(
        page('<link rel="alternate" type="application/rss+xml" title="Site news" href="feed.xml">'),
        content_type="text/html; charset=utf-8",
    )
    path = config(tmp_path)
    out = run("add", feed_server.url("/news/"), "--config", str(path))
    assert out.returncode == 0, out.stderr
    assert "is a web page; it links to 1 feeds" in out.stdout
    last = load_config(path).feeds[-1]
    assert (last.name, last.url) == ("Test wire", feed_server.url("/news/feed.xml"))


@pytest.mark.slow
def test_a_page_with_several_feeds_needs_pick_when_not_on_a_terminal(
    feed_server: FeedServer, tmp_path: Path
) -> None:
    feed_server.routes["/a.xml"] = Route(rss(entries("d", 1)))
    feed_server.routes["/b.atom"] = Route(
        atom(entries("e", 1)), content_type="application/atom+xml"
    )
    feed_server.routes["/"] = Route(
        page(
            '<link rel="stylesheet" href="/s.css">',
            '<link rel="alternate" type="application/rss+xml" title="All" href="/a.xml">',
            '<link rel="alternate" type="application/atom+xml" title="Asia" href="/b.atom">',
            '<link rel="alternate" type="application/atom+xml" href="javascript:alert(1)">',
        ),
        content_type="text/html",
    )
    path = config(tmp_path)
    out = run("add", feed_server.url("/"), "--config", str(path), stdin="")
    assert out.returncode == 2, out
    assert "1. All" in out.stdout and "2. Asia" in out.stdout and "javascript" not in out.stdout
    assert "choose one with --pick N" in out.stderr and out.stderr.count("\n") == 1
    assert len(load_config(path).feeds) == 1
    bad = run("add", feed_server.url("/"), "--pick", "3", "--config", str(path))
    assert bad.returncode == 2 and "feeds 1 to 2" in bad.stderr
    out = run("add", feed_server.url("/"), "--pick", "2", "--tag", "asia", "--config", str(path))
    assert out.returncode == 0, out.stderr
    last = load_config(path).feeds[-1]
    assert (last.name, last.url, last.tags) == (
        "Test broadcaster",
        feed_server.url("/b.atom"),
        ("asia",),
    )


@pytest.mark.slow
def test_failures_are_one_line_and_change_nothing(feed_server: FeedServer, tmp_path: Path) -> None:
    feed_server.routes["/plain"] = Route(page(), content_type="text/html")
    feed_server.routes["/gone"] = Route(b"", status=410)
    feed_server.routes["/big"] = Route(chunked_size=10_000_000)
    feed_server.routes["/dead-link"] = Route(
        page('<link rel="alternate" type="application/rss+xml" href="/nowhere">'),
        content_type="text/html",
    )
    path = config(tmp_path)
    path.write_text(HEAD.replace('host_spacing = "0s"', 'host_spacing = "0s"\nmax_body = "64KB"'))
    before = path.read_bytes()
    cases = {
        "/plain": (1, "links to no feed"),
        "/gone": (1, "HTTP 410"),
        "/big": (1, "exceeds max_body"),
        "/dead-link": (1, "HTTP 404"),
    }
    for route, (code, words) in cases.items():
        out = run("add", feed_server.url(route), "--config", str(path))
        assert out.returncode == code, (route, out)
        assert words in out.stderr and out.stderr.count("\n") == 1, (route, out.stderr)
        assert "Traceback" not in out.stderr
    for args, words in (
        (("ftp://x.example/",), "is not an http(s) URL"),
        (("http://127.0.0.1:9/", "--tag", " "), "--tag must not be empty"),
    ):
        out = run("add", *args, "--config", str(path))
        assert out.returncode == 2 and words in out.stderr, out
    refused = run("add", "http://127.0.0.1:9/feed", "--config", str(path))  # nothing listens
    assert refused.returncode == 1 and "cannot connect" in refused.stderr
    assert path.read_bytes() == before


def test_on_a_terminal_the_prompt_picks_the_feed(feed_server: FeedServer, tmp_path: Path) -> None:
    import os
    import pty

    feed_server.routes["/a.xml"] = Route(rss(entries("f", 1)))
    feed_server.routes["/b.atom"] = Route(
        atom(entries("g", 1)), content_type="application/atom+xml"
    )
    feed_server.routes["/"] = Route(
        page(
            '<link rel="alternate" type="application/rss+xml" href="/a.xml">',
            '<link rel="alternate" type="application/atom+xml" href="/b.atom">',
        ),
        content_type="text/html",
    )
    path = config(tmp_path)
    master, slave = pty.openpty()
    try:
        proc = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "crisiswatch",
                "add",
                feed_server.url("/"),
                "--config",
                str(path),
            ],
            stdin=slave,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        os.close(slave)
        os.write(master, b"9\n2\n")  # out of range first: asked again
        out, err = proc.communicate(timeout=60)
    finally:
        os.close(master)
    assert proc.returncode == 0, err
    assert out.count("add which feed? [1-2]") == 2
    assert load_config(path).feeds[-1].url == feed_server.url("/b.atom")


@pytest.mark.slow
def test_every_new_command_has_help() -> None:
    for cmd in ("import", "export", "add", "remove", "init"):
        h = run(cmd, "--help")
        assert h.returncode == 0 and f"usage: crisiswatch {cmd}" in h.stdout, cmd
