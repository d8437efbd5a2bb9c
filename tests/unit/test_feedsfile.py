"""feeds.toml edited in place: where new tables go in files of every shape, what a removal
takes with it, and that an edit which would change anything else is refused."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

from crisiswatch.config import parse_config
from crisiswatch.subscriptions import feedsfile
from crisiswatch.subscriptions.feedsfile import NewFeed, with_feeds, without_feed
from crisiswatch.subscriptions.listing import Subscription

NEW = (NewFeed('New "quoted" \\ name', "https://n.example/rss?a=1&b=2", ("x", "ü")),)


def feeds_of(text: str) -> list[tuple[str, str, tuple[str, ...]]]:
    return [(f.name, f.url, f.tags) for f in parse_config(text, Path("t")).feeds]


@pytest.mark.parametrize(
    "text",
    [
        "",
        "# only a comment",
        '[settings]\ninterval = "10m"',  # no trailing newline
        '[[watch]]\nname = "W"\nkeywords = ["k"]\n',
        '# heading\n\n# --- watches\n[[watch]]\nname = "W"\nkeywords = ["k"]\n',
        '[[feed]]\nname = "A"\nurl = "https://a.example/"',
        '[[feed]]\nname = "A"\nurl = "https://a.example/"\nformat = "json"\n[feed.json]\nitems = "x"\n\n# tail\n',
        '[[feed]]\r\nname = "A"\r\nurl = "https://a.example/"\r\n',
    ],
)
def test_new_feeds_parse_back_after_the_old_ones(text: str) -> None:
    out = with_feeds(text, NEW)
    assert feeds_of(out) == feeds_of(text) + [(f.name, f.url, f.tags) for f in NEW]
    rest = iter(out.splitlines())
    assert all(line in rest for line in text.splitlines())  # every old line, in order
    if "[[watch]]" in text:
        assert tomllib.loads(out)["watch"] == tomllib.loads(text)["watch"]
        assert out.index("New") < out.index("[[watch]]")
    if "# --- watches" in text:
        assert out.index("New") < out.index("# --- watches")
    if "# tail" in text:
        assert out.index("[feed.json]") < out.index("New") < out.index("# tail")


def test_removal_takes_the_table_and_its_subtables_only() -> None:
    text = (
        '# top\n[[feed]]\nname = "A"\nurl = "https://a.example/"\n\n# about B\n[[feed]]\n'
        'name = "B"\nurl = "https://b.example/"\nformat = "json"\n\n[feed.json]\nitems = "x"\n\n'
        '# --- watches\n[[watch]]\nname = "W"\nkeywords = ["k"]\n'
    )
    out = without_feed(text, 1)
    assert feeds_of(out) == [("A", "https://a.example/", ())]
    assert "[feed.json]" not in out and "# about B" in out and "# --- watches" in out
    assert "\n\n\n" not in out
    first = without_feed(text, 0)
    assert [f[0] for f in feeds_of(first)] == ["B"] and first.startswith("# top\n")


def test_feeds_written_inline_are_refused_not_garbled(tmp_path: Path) -> None:
    path = tmp_path / "feeds.toml"
    text = 'feed = [{name = "A", url = "https://a.example/"}]\n'
    path.write_text(text)
    with pytest.raises(feedsfile.EditError, match="cannot edit"):
        feedsfile.add_feeds(path, [Subscription("https://b.example/", "B")])
    with pytest.raises(feedsfile.EditError, match="cannot edit"):
        feedsfile.remove_feed(path, "A")
    assert path.read_text() == text


def test_names_from_addresses_and_taken_names() -> None:
    config = parse_config('[[feed]]\nname = "Wire"\nurl = "https://w.example/"\n', Path("t"))
    plan = feedsfile.plan(
        config,
        [
            Subscription("HTTPS://W.EXAMPLE/", "dup by case"),
            Subscription("https://x.example/a/", None),
            Subscription("https://y.example/", "wire"),
            Subscription("https://z.example/", "Wire"),
            Subscription("https://x.example/a/", "twice in the list"),
        ],
    )
    assert [(f.name, f.url) for f in plan.added] == [
        ("x.example/a", "https://x.example/a/"),
        ("wire (2)", "https://y.example/"),
        ("Wire (3)", "https://z.example/"),
    ]
    assert [s.reason for s in plan.skipped] == [
        "already in feeds.toml as 'Wire'",
        "already earlier in the list as 'x.example/a'",
    ]


def test_the_file_keeps_its_mode_and_a_symlink_keeps_pointing(tmp_path: Path) -> None:
    real = tmp_path / "real.toml"
    real.write_text('[[feed]]\nname = "A"\nurl = "https://a.example/"\n')
    real.chmod(0o600)
    link = tmp_path / "feeds.toml"
    link.symlink_to(real)
    feedsfile.add_feeds(link, [Subscription("https://b.example/", "B")])
    assert link.is_symlink() and (real.stat().st_mode & 0o777) == 0o600
    assert "https://b.example/" in real.read_text()
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".tmp")]
