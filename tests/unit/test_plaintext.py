"""Feed text reduced to inert plain text, and links vetted, before anything shows them."""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from crisiswatch.plaintext import ELLIPSIS, clean_token, safe_link, strip_unsafe, to_plain

DANGEROUS = set(range(0x00, 0x20)) | set(range(0x7F, 0xA0))
DANGEROUS |= set(range(0x202A, 0x202F)) | set(range(0x2066, 0x206A))
DANGEROUS |= {0x200B, 0x200C, 0x200D, 0x2060, 0xFEFF}


def test_html_reduced_to_text() -> None:
    html = (
        "<div><p>Police said <b>120</b> people were injured.</p>"
        "<script>alert('x')</script><style>p { color: red }</style>"
        "<p>H<sub>2</sub>O &amp; &eacute;t&eacute; &#8212; &#x41;</p><!-- hidden --></div>"
    )
    assert to_plain(html, 1000) == "Police said 120 people were injured. H2O & été — A"


def test_unclosed_script_drops_the_rest() -> None:
    assert to_plain("before <script>evil() and everything after", 100) == "before"


def test_angle_brackets_that_are_not_tags_stay() -> None:
    assert to_plain("5 < 6 and 7 > 3", 100) == "5 < 6 and 7 > 3"


def test_plain_mode_keeps_tags_and_entities_literal() -> None:
    assert to_plain("AT&amp;T <b>", 100, html=False) == "AT&amp;T <b>"


def test_whitespace_collapsed() -> None:
    assert to_plain("  a\n\n\tb \r\n c  ", 100) == "a b c"


def test_ansi_and_osc_sequences_become_inert() -> None:
    text = "\x1b[31mred\x1b[0m \x1b]52;c;aGVsbG8=\x07clip \x1b]8;;https://evil\x1b\\link\x9b2J"
    out = to_plain(text, 200)
    assert "\x1b" not in out and "\x07" not in out and "\x9b" not in out
    assert out == "[31mred[0m ]52;c;aGVsbG8=clip ]8;;https://evil\\link2J"


def test_bidi_and_zero_width_stripped() -> None:
    text = "safe\u202egpj.exe\u202c \u2066iso\u2069 zero\u200bwidth\u200c\u200d\u2060\ufeff"
    assert to_plain(text, 200) == "safegpj.exe iso zerowidth"


def test_entity_encoded_controls_are_stripped_too() -> None:
    assert to_plain("a&#27;[31mb&#x202e;c&#8203;d", 100) == "a[31mbcd"


def test_rich_markup_kept_literally() -> None:
    text = "[bold red]alarm[/bold red] [link=https://x]y[/link] [@click=app.quit]q[/]"
    assert to_plain(text, 200) == text


def test_cap_with_ellipsis() -> None:
    out = to_plain("word " * 100, 20)
    assert len(out) <= 20
    assert out.endswith(ELLIPSIS)
    assert to_plain("short", 20) == "short"


def test_huge_input_is_bounded() -> None:
    out = to_plain("<b>x</b>" * 2_000_000, 500)
    assert len(out) <= 500


def test_many_unclosed_tags_are_fast() -> None:
    # Quadratic backtracking would take minutes here.
    out = to_plain('<a "' * 50_000, 100)
    assert len(out) <= 100


@pytest.mark.parametrize(
    "url",
    [
        "https://example.org/a?b=c#d",
        "http://example.org",
        "HTTPS://Example.org/x",
        "http://127.0.0.1:8080/feed",
    ],
)
def test_http_links_pass(url: str) -> None:
    assert safe_link(url) == url


@pytest.mark.parametrize(
    "url",
    [
        None,
        "",
        "   ",
        "javascript:alert(1)",
        "JaVaScRiPt:alert(1)",
        " java\tscript:alert(1)",
        "file:///etc/passwd",
        "data:text/html;base64,PHNjcmlwdD4=",
        "ftp://example.org/x",
        "mailto:a@example.org",
        "vbscript:msgbox",
        "//example.org/protocol-relative",
        "/relative/path",
        "http://",
        "http://[::1",
        "https://" + "a" * 5000 + ".org/",
    ],
)
def test_other_links_refused(url: str | None) -> None:
    assert safe_link(url) is None


def test_link_whitespace_and_controls_stripped() -> None:
    assert safe_link("  https://ex\x00ample.org/a b\u202e\n ") == "https://example.org/a%20b"


def test_clean_token() -> None:
    assert clean_token("  id-1\x1b\u200b ", 100) == "id-1"
    assert clean_token(" \x00 ", 100) is None
    assert len(clean_token("x" * 5000, 1000) or "") == 1000


@given(st.text())
def test_no_dangerous_character_survives(text: str) -> None:
    for out in (to_plain(text, 300), to_plain(text, 300, html=False), strip_unsafe(text)):
        assert not any(ord(c) in DANGEROUS - {0x09, 0x0A, 0x0D} for c in out)
    assert len(to_plain(text, 300)) <= 300


@given(st.text())
def test_safe_link_never_raises(text: str) -> None:
    out = safe_link(text)
    assert out is None or out.lower().startswith(("http://", "https://"))


def _safe_link_by_urlsplit(url: str | None) -> str | None:
    """safe_link as first written, always through urlsplit: the fast path must agree with it."""
    if not url:
        return None
    cleaned = strip_unsafe(url[:4352]).strip()
    if not cleaned or len(cleaned) > 4096:
        return None
    cleaned = cleaned.replace(" ", "%20")
    try:
        parts = urlsplit(cleaned)
        host = parts.hostname
    except ValueError:
        return None
    if parts.scheme.lower() not in ("http", "https") or not host:
        return None
    return cleaned


LINK_PIECES = st.sampled_from(
    [
        "http://",
        "https://",
        "HTTP://",
        "javascript:",
        "//",
        "news.kg",
        "a-b.example.org",
        "-",
        ".",
        ":",
        ":8080",
        ":99999",
        "@",
        "user:pw@",
        "[::1]",
        "[",
        "]",
        "/",
        "?",
        "#",
        "a",
        " ",
        "%20",
        "é",
        "\\",
        "\t",
        "~",
        "x=1&y=2",
    ]
)


@pytest.mark.slow
@settings(max_examples=3000, deadline=None)
@given(st.lists(LINK_PIECES, max_size=7).map("".join))
def test_safe_link_agrees_with_urlsplit(url: str) -> None:
    assert safe_link(url) == _safe_link_by_urlsplit(url)
