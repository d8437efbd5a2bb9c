"""Feed bodies to plain items: every format, both XML paths agreeing, and hostile bodies."""

from __future__ import annotations

import codecs
import contextlib
from datetime import UTC, datetime
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from crisiswatch.config import FeedFormat, JsonMapping
from crisiswatch.models import ParsedFeed
from crisiswatch.pollers.parse import (
    FeedParseError,
    _common_date,
    _via_feedparser,
    decode_body,
    parse_date,
    parse_feed,
    parse_xml_fast,
    parse_xml_feedparser,
    strip_prolog_dtd,
)

FEEDS = Path(__file__).parent.parent / "data" / "feeds"
WELL_FORMED = [
    "rss20.xml",
    "rss091.xml",
    "rss_cp1251.xml",
    "rdf.xml",
    "atom.xml",
    "atom_links.xml",
]
GDELT = JsonMapping(items="articles", published="seendate", guid="url", summary="domain")


def body(name: str) -> bytes:
    return (FEEDS / name).read_bytes()


def utc(*args: int) -> datetime:
    return datetime(*args, tzinfo=UTC)  # type: ignore[misc]


def every_text(feed: ParsedFeed) -> str:
    return "\n".join(f"{i.guid} {i.url} {i.title} {i.summary}" for i in feed.items)


def rss(items: str, head: str = "") -> bytes:
    return (
        f'<?xml version="1.0" encoding="utf-8"?>{head}<rss version="2.0"><channel>'
        f"<title>t</title>{items}</channel></rss>"
    ).encode()


# --- formats -------------------------------------------------------------------------------


def test_rss20() -> None:
    feed = parse_feed(body("rss20.xml"))
    assert feed.warning is None
    assert feed.ttl_seconds == 15 * 60
    first, qa, guid_only, content_only, hostile, spaced, untitled = feed.items
    assert first.guid == "steppe-0001"
    assert first.url == "https://news.example.org/2020/10/05/bishkek-protest"
    assert first.title == "Protesters gather in Bishkek after disputed vote"
    assert first.summary == (
        "Several thousand people gathered on Ala-Too Square on Monday evening. "
        "Police said 120 people were injured."
    )
    assert first.published == utc(2020, 10, 5, 15, 40)
    assert qa.title == "Q&A: what the election commission said"
    assert qa.summary == "The commission annulled the results — officials cited irregularities."
    assert guid_only.url == guid_only.guid == "https://news.example.org/2020/10/06/guid-only"
    assert guid_only.published == utc(2020, 10, 6, 3, 30)
    assert content_only.summary == "Body text été — with entities."
    assert content_only.published is None
    assert hostile.url is None
    assert spaced.title == "Whitespace spread over lines"
    assert spaced.guid == "steppe-0006"
    assert spaced.url == "https://news.example.org/2020/10/06/whitespace"
    assert untitled.title == "" and untitled.url is None


def test_rss091_latin1() -> None:
    feed = parse_feed(body("rss091.xml"))
    assert [i.title for i in feed.items] == ["Café owners count the damage", "Curfew announced"]
    assert "Chuí Avenue" in feed.items[0].summary


def test_declared_cp1251() -> None:
    feed = parse_feed(body("rss_cp1251.xml"))
    assert feed.items[0].title == "ЦИК признал выборы недействительными"
    assert feed.items[0].summary == (
        "Центральная избирательная комиссия «отменила» итоги голосования."
    )
    assert feed.ttl_seconds is None  # "bogus" ttl ignored


def test_rdf() -> None:
    feed = parse_feed(body("rdf.xml"))
    assert [i.guid for i in feed.items] == [
        "https://wire.example.com/a1",
        "https://wire.example.com/a2",
    ]
    assert feed.items[1].published == utc(2020, 10, 6, 8, 0)


def test_atom() -> None:
    feed = parse_feed(body("atom.xml"))
    freed, literal, plain, untitled = feed.items
    assert freed.title == "Opposition leader freed from jail"
    assert freed.published == utc(2020, 10, 5, 21, 0)  # published wins over updated
    assert literal.url == "https://atom.example.org/2020/10/relative"  # xml:base
    assert literal.title == "Markup-looking [bold red]text[/bold red] stays literal"
    assert literal.summary == "First paragraph. Second paragraph."
    assert plain.title == "Plain title with 5 < 6 in it"
    assert plain.summary == "one two"
    assert untitled.title == "" and untitled.url is None


def test_atom_text_types_links_and_odd_dates() -> None:
    feed = parse_feed(body("atom_links.xml"))
    one, two, three, four = feed.items
    assert one.title == "AT&T <b> is shown literally"
    assert one.url == "https://desk.example.net/2020/oct/story-one"
    assert one.summary == "Plain summary: 3 < 4 and tom & jerry."
    assert two.guid == "tag:desk.example.net,2020:2"
    assert two.title == "An XHTML title"
    assert two.summary == "Summary was blank, so content is used."
    assert three.title == "Title after a script" and three.url is None
    assert three.published == utc(1969, 7, 20, 20, 17)
    assert four.published == utc(2999, 12, 31, 23, 59, 59)


def test_json_feed() -> None:
    feed = parse_feed(body("jsonfeed.json"))
    first, second, hostile = feed.items
    assert first.guid == "jf-1" and first.url == "https://json.example.org/1"
    assert first.summary == "The curfew was lifted on Friday."
    assert first.published == utc(2020, 10, 16, 2, 0)
    assert second.guid == "2" and second.url == "https://elsewhere.example.net/story"
    assert second.summary == "An item that links out, with a numeric id."
    assert hostile.url is None
    assert hostile.title == "]52;c;aGVsbG8=Clipboard attack"
    assert hostile.summary == "Zerowidth and [31mred[0m text."


def test_json_feed_forced_by_format() -> None:
    with pytest.raises(FeedParseError, match="items"):
        parse_feed(b'{"articles": []}', fmt=FeedFormat.JSONFEED)


def test_gdelt_artlist() -> None:
    feed = parse_feed(body("gdelt_artlist.json"), fmt=FeedFormat.JSON, mapping=GDELT)
    first, second, third = feed.items
    assert first.url == first.guid == "https://www.example-news.kg/2020/10/06/protest"
    assert first.title == "Kyrgyzstan protesters seize government buildings"
    assert first.published == utc(2020, 10, 6, 10, 15)
    assert second.published == utc(2020, 10, 6, 13, 45)
    assert third.published is None
    assert first.summary == "example-news.kg"


def test_json_wire_dotted_path_and_epoch_dates() -> None:
    data = (
        b'{"data": {"results": [{"link": "https://x.example/1", "headline": "H",'
        b' "ts": 1601979300, "id": 7}, "not a dict"]}}'
    )
    mapping = JsonMapping(items="data.results", url="link", title="headline", published="ts")
    feed = parse_feed(data, fmt=FeedFormat.JSON, mapping=mapping)
    assert len(feed.items) == 1
    assert feed.items[0].guid == "7"
    assert feed.items[0].published == utc(2020, 10, 6, 10, 15)


def test_gdelt_empty_answer_is_not_an_error() -> None:
    assert parse_feed(b"{}", fmt=FeedFormat.JSON, mapping=GDELT).items == ()


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b'{"articles": [', "invalid JSON"),
        (b'{"other": 1}', "no list of entries at 'articles'"),
        (b"[" * 100_000 + b"]" * 100_000, "JSON"),
    ],
)
def test_json_errors(data: bytes, message: str) -> None:
    with pytest.raises(FeedParseError, match=message):
        parse_feed(data, fmt=FeedFormat.JSON, mapping=GDELT)


def test_auto_sniffs_json_feed_even_when_configured_as_rss() -> None:
    feed = parse_feed(body("jsonfeed.json"), fmt=FeedFormat.RSS)
    assert len(feed.items) == 3


# --- the two XML paths ---------------------------------------------------------------------


@pytest.mark.parametrize("name", WELL_FORMED)
def test_fast_path_and_feedparser_agree(name: str) -> None:
    fast = parse_xml_fast(body(name))
    slow = parse_xml_feedparser(body(name))
    assert fast.items, name
    assert [(i.guid, i.url, i.title, i.summary, i.published) for i in fast.items] == [
        (i.guid, i.url, i.title, i.summary, i.published) for i in slow.items
    ]
    assert fast.ttl_seconds == slow.ttl_seconds
    assert slow.warning is None


def test_malformed_xml_with_entries_warns() -> None:
    feed = parse_feed(body("malformed.xml"))
    assert [i.url for i in feed.items] == [
        "https://broken.example.org/1",
        "https://broken.example.org/2",
    ]
    assert feed.items[1].published == utc(2020, 10, 7, 10, 0)
    assert feed.warning is not None and "malformed" in feed.warning
    assert "\n" not in feed.warning


def test_html_page_is_an_error() -> None:
    with pytest.raises(FeedParseError, match="HTML page"):
        parse_feed(body("html_page.html"))


@pytest.mark.parametrize(
    "data",
    [b"", b"   \n", b"<rss><channel><title>x", b"not xml at all", b"\x00\x01\x02"],
)
def test_nothing_usable_is_an_error(data: bytes) -> None:
    with pytest.raises(FeedParseError):
        parse_feed(data)


def test_valid_feed_without_items_is_empty_not_an_error() -> None:
    assert parse_feed(rss("")).items == ()


# --- hostile XML ---------------------------------------------------------------------------


def test_billion_laughs_not_expanded() -> None:
    feed = parse_feed(body("billion_laughs.xml"))
    assert "lollol" not in every_text(feed)
    assert len(every_text(feed)) < 1000


def test_quadratic_blowup_not_expanded() -> None:
    entity = "A" * 50_000
    data = rss(
        "<item><title>&big;</title><description>" + "&big;" * 2000 + "</description></item>",
        head=f'<!DOCTYPE rss [<!ENTITY big "{entity}">]>',
    )
    try:
        feed = parse_feed(data)
    except FeedParseError:
        return
    assert "AAAA" not in every_text(feed)


def test_xxe_reads_no_file() -> None:
    passwd = Path("/etc/passwd").read_text(errors="replace")
    feed = parse_feed(body("xxe.xml"))
    text = every_text(feed)
    assert "root:" not in text
    assert passwd.splitlines()[0] not in text


def test_xxe_on_both_paths_directly() -> None:
    data = rss(
        "<item><title>&xxe;</title><link>https://a.example/1</link></item>",
        head='<!DOCTYPE rss [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>',
    )
    for path in (parse_xml_fast, parse_xml_feedparser):
        try:
            feed = path(data)
        except Exception:
            continue
        assert "root:" not in every_text(feed)


def test_body_that_names_a_local_file_is_not_opened() -> None:
    # feedparser opens bytes it is given as a path; the parser must never let it.
    with pytest.raises(FeedParseError):
        parse_feed(b"/etc/passwd")


def test_doctype_stripping_handles_tricky_subsets() -> None:
    text = (
        '<!-- c --><?pi x?><!DOCTYPE r [ <!ENTITY a "]>" > <!-- ]> --> '
        "<!ENTITY b '<x>'> ]><!DOCTYPE again><r>&a;</r>"
    )
    assert strip_prolog_dtd(text) == "<!-- c --><?pi x?><r>&a;</r>"
    assert strip_prolog_dtd("<r><![CDATA[<!DOCTYPE html>]]></r>") == (
        "<r><![CDATA[<!DOCTYPE html>]]></r>"
    )


# --- encodings -----------------------------------------------------------------------------


@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be", "utf-8"])
def test_bom(codec: str) -> None:
    bom = {
        "utf-16-le": codecs.BOM_UTF16_LE,
        "utf-16-be": codecs.BOM_UTF16_BE,
        "utf-8": codecs.BOM_UTF8,
    }[codec]
    text = rss("<item><title>Ош — Бишкек</title><guid>g</guid></item>").decode()
    text = text.replace('encoding="utf-8"', 'encoding="utf-16"')
    feed = parse_feed(bom + text.encode(codec))
    assert feed.items[0].title == "Ош — Бишкек"


def test_invalid_utf8_is_guessed_not_replaced() -> None:
    data = rss("<item><title>bad \xff\xfe bytes</title><guid>g</guid></item>")
    data = data.replace("bad \xff\xfe".encode(), b"bad \xff\xfe")
    feed = parse_feed(data)
    assert feed.items[0].title == "bad \xff\xfe bytes"  # the Windows-1252 reading, no U+FFFD
    assert feed.warning is not None and "(guessed)" in feed.warning


def test_wrong_declared_charset_falls_back_to_utf8() -> None:
    data = rss("<item><title>Жогорку Кеңеш</title></item>").replace(b"utf-8", b"iso-8859-1")
    assert parse_feed(data).items[0].title == "Жогорку Кеңеш"


def test_content_type_charset_used_without_declaration() -> None:
    data = "<rss><channel><item><title>Café</title></item></channel></rss>".encode("latin-1")
    feed = parse_feed(data, content_type="application/rss+xml; charset=ISO-8859-1")
    assert feed.items[0].title == "Café"


def test_bogus_declared_codecs_do_not_crash() -> None:
    for name in (b"rot13", b"base64", b"idna", b"no-such-codec", b"utf-16"):
        data = rss("<item><title>ok</title></item>").replace(b"utf-8", name)
        assert decode_body(data).endswith("</rss>")
        assert parse_feed(data).items[0].title == "ok"


def test_illegal_xml_characters_keep_the_fast_path() -> None:
    data = rss("<item><title>bell\x07 and esc\x1b[1m</title></item>")
    assert parse_xml_fast(data).items[0].title == "bell and esc[1m"


# --- limits and details --------------------------------------------------------------------


def test_max_items() -> None:
    data = rss("".join(f"<item><guid>g{n}</guid><title>t{n}</title></item>" for n in range(1000)))
    feed = parse_feed(data, max_items=10)
    assert [i.guid for i in feed.items] == [f"g{n}" for n in range(10)]
    assert feed.warning == "dropped 990 of 1000 entries (max_items)"


def test_max_items_on_fallback_path_keeps_bozo_warning() -> None:
    data = rss("".join(f"<item><title>t{n} &nbsp;</title></item>" for n in range(5)))
    feed = parse_feed(data, max_items=2)
    assert len(feed.items) == 2
    assert feed.warning is not None
    assert feed.warning.startswith("malformed")
    assert feed.warning.endswith("dropped 3 of 5 entries (max_items)")


def test_field_caps() -> None:
    big = "x" * 30_000
    data = rss(
        f"<item><title>{big}</title><guid>{big}</guid><description>{big}</description></item>"
    )
    item = parse_feed(data).items[0]
    assert len(item.title) == 500 and item.title.endswith("…")
    assert len(item.summary) == 20_000
    assert item.guid is not None and len(item.guid) == 1_000


def test_ttl_bounds() -> None:
    assert parse_feed(rss("<ttl>60</ttl>")).ttl_seconds == 3600
    assert parse_feed(rss("<ttl>-5</ttl>")).ttl_seconds is None
    assert parse_feed(rss("<ttl>99999999</ttl>")).ttl_seconds == 7 * 86400


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("20201006T101500Z", utc(2020, 10, 6, 10, 15)),
        ("2020-10-06T10:15:00Z", utc(2020, 10, 6, 10, 15)),
        ("2020-10-06T16:15:00+06:00", utc(2020, 10, 6, 10, 15)),
        ("Tue, 06 Oct 2020 16:15:00 +0600", utc(2020, 10, 6, 10, 15)),
        ("Tue, 06 Oct 2020 10:15:00 GMT", utc(2020, 10, 6, 10, 15)),
        ("1960-01-01T00:00:00Z", utc(1960, 1, 1)),
        ("9999-12-31T23:59:59Z", utc(9999, 12, 31, 23, 59, 59)),
        ("", None),
        ("yesterday", None),
        ("20201399T999999Z", None),
        (1601979300, utc(2020, 10, 6, 10, 15)),
        (1601979300000, utc(2020, 10, 6, 10, 15)),
        (10**30, None),
        (float("nan"), None),
        (True, None),
        (None, None),
    ],
)
def test_parse_date(text: object, expected: datetime | None) -> None:
    assert parse_date(text) == expected


# --- never anything but FeedParseError -----------------------------------------------------

FRAGMENTS = [
    b"<?xml version='1.0' encoding='utf-16'?>",
    b"<!DOCTYPE rss [<!ENTITY a 'aaaa'>]>",
    b"<rss version='2.0'>",
    b"<channel>",
    b"<item>",
    b"<title>",
    b"&a;",
    b"&nbsp;",
    b"</title>",
    b"<link>javascript:x</link>",
    b"<pubDate>Tue, 06 Oct 2020</pubDate>",
    b"</item>",
    b"<feed xmlns='http://www.w3.org/2005/Atom'>",
    b"<entry><title type='xhtml'><div>",
    b'{"version": "https://jsonfeed.org/version/1.1", "items": [',
    b'{"id": 1, "date_published": 12}',
    b"\xff\xfe",
    b"\x00",
    b"]]>",
]


def _check(data: bytes) -> None:
    for fmt in FeedFormat:
        with contextlib.suppress(FeedParseError):
            parse_feed(data, fmt=fmt, mapping=GDELT if fmt is FeedFormat.JSON else None)


@pytest.mark.slow
@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.binary(max_size=2048))
def test_arbitrary_bytes_raise_only_feed_parse_error(data: bytes) -> None:
    _check(data)


@pytest.mark.slow
@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.sampled_from(FRAGMENTS) | st.binary(max_size=16), max_size=30))
def test_feed_shaped_junk_raises_only_feed_parse_error(parts: list[bytes]) -> None:
    _check(b"".join(parts))


@settings(max_examples=500, deadline=None)
@given(
    st.datetimes(min_value=datetime(1900, 1, 1), max_value=datetime(2200, 1, 1)),
    st.integers(min_value=-14 * 60, max_value=14 * 60),
    st.booleans(),
)
def test_common_date_shapes_match_feedparser(when: datetime, offset: int, iso: bool) -> None:
    sign = "-" if offset < 0 else "+"
    hh, mm = divmod(abs(offset), 60)
    if iso:
        text = when.strftime("%Y-%m-%dT%H:%M:%S") + f"{sign}{hh:02d}:{mm:02d}"
    else:
        text = when.strftime("%a, %d %b %Y %H:%M:%S") + f" {sign}{hh:02d}{mm:02d}"
    fast = _common_date(text)
    assert fast is not None
    assert fast == _via_feedparser(text)
