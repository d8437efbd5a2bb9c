"""A figure's sentence stored once: rows point into the item's own texts, readers slice it out."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime
from pathlib import Path

from crisiswatch.extract import extract
from crisiswatch.facts import item_text
from crisiswatch.facts.spans import layout, sentence_span
from crisiswatch.models import ParsedItem
from crisiswatch.store import SCHEMA_VERSION, Store
from crisiswatch.store.reads import figure_reports, item_figures, item_totals
from crisiswatch.store.schema import MIGRATIONS
from stored import store_items

T0 = datetime(2020, 10, 6, 8, 0, tzinfo=UTC)


def _store_one(store: Store, title: str, summary: str) -> None:
    parsed = ParsedItem(
        guid="g1", url="https://news.example.org/1", title=title, summary=summary, published=T0
    )
    ex = extract(item_text(title, summary))
    store_items(store, "Wire", [parsed], extractions=[ex])


def test_the_item_text_joins_its_parts_where_layout_places_them() -> None:
    assert item_text("T", "S") == "T\n\nS"
    assert item_text("T", "") == "T"
    text = item_text("Title", "Sum", "Article body")
    for part in layout("Title", "Sum", "Article body"):
        assert text[part.offset : part.offset + part.length] in ("Title", "Sum", "Article body")


def test_rows_hold_spans_not_copies_and_readers_show_the_same_sentences(tmp_path: Path) -> None:
    title = "Two killed in Bishkek unrest"
    summary = (
        "Clashes went on overnight. At least 590 people were injured, the health ministry said. "
        "Police detained 14 people over looting."
    )
    expected = extract(item_text(title, summary))
    with Store(tmp_path / "s.db") as store:
        _store_one(store, title, summary)
        copies = store.conn.execute(
            "SELECT count(*) FROM figures WHERE sentence <> '' OR source IS NULL"
        ).fetchone()[0]
        sources = {r[0] for r in store.conn.execute("SELECT source FROM figures")}
        shown = item_figures(store, 1)
        totals = item_totals(store, 1)
        reports = figure_reports(store, None)
    assert copies == 0, "no row keeps its own copy of a sentence it can point at"
    assert sources == {"title", "summary"}
    assert [(f.kind, f.value, f.sentence) for f in shown] == [
        (f.kind, f.value, f.sentence) for f in sorted(expected.figures, key=lambda f: f.start)
    ]
    by_kind = {f.kind: f.sentence for f in totals}
    assert "590 people were injured" in by_kind[next(k for k in by_kind if k.value == "injured")]
    assert {r.figure.sentence for r in reports} == set(by_kind.values())


def test_a_long_sentence_quotes_the_same_window_from_its_span(tmp_path: Path) -> None:
    filler = "the crowd moved from the square toward the government building and back " * 8
    summary = f"In the night {filler}while 37 people were injured and {filler}end."
    expected = extract(item_text("Night of unrest", summary)).figures
    assert expected and len(expected[0].sentence) == 400, "the extractor quotes a window"
    with Store(tmp_path / "s.db") as store:
        _store_one(store, "Night of unrest", summary)
        stored = store.conn.execute("SELECT sent_start, sent_end FROM figures").fetchall()
        shown = item_figures(store, 1)
    assert all(end - start == 400 for start, end in stored)
    assert [f.sentence for f in shown] == [f.sentence for f in expected]


def test_a_repeated_phrase_stores_no_sentence_text(tmp_path: Path) -> None:
    summary = ", ".join(["3 dead"] * 300) + "."
    with Store(tmp_path / "s.db") as store:
        _store_one(store, "Clashes", summary)
        n, stored_chars = store.conn.execute(
            "SELECT count(*), sum(length(sentence)) FROM figures"
        ).fetchone()
        shown = item_figures(store, 1)
    assert n > 1 and stored_chars == 0
    assert all("3 dead" in f.sentence for f in shown)


def test_a_quote_that_is_not_in_the_text_keeps_its_copy() -> None:
    parts = layout("Title", "Summary text")
    assert sentence_span(parts, 7, 14, "not there", item_text("Title", "Summary text")) is None
    # A quote across the title and the summary belongs to neither.
    text = item_text("Ten", "dead")
    assert sentence_span(layout("Ten", "dead"), 0, 3, "Ten\n\ndead", text) is None
    assert sentence_span(layout("Ten", "dead"), 5, 9, "dead", text) == ("summary", 0, 4)


def test_a_store_from_before_spans_keeps_its_sentences(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    conn = sqlite3.connect(path)
    conn.executescript(";".join(MIGRATIONS[:4]))
    conn.execute("PRAGMA user_version = 4")
    conn.execute(
        "INSERT INTO stories (id, key, title, published, first_seen) VALUES (1, 'k', 't', 0, 0)"
    )
    conn.execute(
        "INSERT INTO items (id, feed, dedup, story_id, title, summary, published, first_seen, "
        "extracted) VALUES (1, 'Wire', 'd', 1, 'Clashes', '590 were injured.', 0, 0, 1)"
    )
    conn.execute(
        "INSERT INTO figures (item_id, is_total, kind, value, qual, vague, sentence, start, end) "
        "VALUES (1, 1, 'injured', 590, 'exact', 0, '590 were injured.', 9, 25), "
        "(1, 0, 'injured', 590, 'exact', 0, '590 were injured.', 9, 25)"
    )
    conn.commit()
    conn.close()
    with Store(path) as store:
        assert store.conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
        assert [f.sentence for f in item_figures(store, 1)] == ["590 were injured."]
        assert [r.figure.sentence for r in figure_reports(store, None)] == ["590 were injured."]


CORPUS = Path(__file__).resolve().parents[1] / "data/extraction/corpus.jsonl"


def _placements(text: str) -> list[tuple[str, str, str | None]]:
    """The same text as an item's summary, as its title, and as its article."""
    return [("Report", text, None), (text, "", None), ("Report", "A teaser.", text)]


def test_every_corpus_sentence_sliced_from_its_span_is_the_sentence_it_quoted() -> None:
    import json

    from crisiswatch.facts import FigureRow
    from crisiswatch.facts.poll import figure_rows

    placed = 0
    for line in CORPUS.read_text().splitlines():
        for title, summary, article in _placements(json.loads(line)["text"]):
            ex = extract(item_text(title, summary, article))
            quotes = {(f.start, f.end): f.sentence for f in ex.figures}
            stored = {"title": title, "summary": summary, "article": article or ""}
            for row in figure_rows(ex, title, summary, article):
                r = FigureRow(*row)  # type: ignore[arg-type]
                if r.source is None:
                    assert r.sentence == quotes.get((r.start, r.end), r.sentence)
                    continue
                placed += 1
                assert r.sentence == ""
                assert stored[r.source][r.sent_start : r.sent_end] == quotes[(r.start, r.end)]
    assert placed > 500
