"""Election-results cases of our own, one per phrasing learnt from real reports: each must read
exactly the shares and facts written beside it (tests/data/extraction/results_cases.jsonl)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from crisiswatch.config import Election, Party
from crisiswatch.extract import extract

CASES_FILE = Path(__file__).resolve().parents[1] / "data/extraction/results_cases.jsonl"
CASES = [json.loads(x) for x in CASES_FILE.read_text(encoding="utf-8").splitlines() if x.strip()]


def _ballot(names: list[str] | None) -> Election | None:
    """A watch from "Name|alias|alias" entries."""
    if names is None:
        return None
    parties = tuple(Party(n.split("|")[0], tuple(n.split("|")[1:])) for n in names)
    return Election(seats=100, threshold=5.0, parties=parties)


@pytest.mark.parametrize("case", CASES, ids=[c["note"] for c in CASES])
def test_case(case: dict[str, Any]) -> None:
    ex = extract(case["text"], _ballot(case["ballot"]))
    assert [[r.party, r.pct] for r in ex.results] == case["results"]
    for fact in ("reporting_pct", "turnout_pct", "threshold_pct"):
        assert getattr(ex, fact) == pytest.approx(case[fact]), fact
    for r in ex.results:  # the span is the name as written (the watch's name may differ)
        assert r.known or r.party.startswith(case["text"][r.start : r.end])


def test_two_races_in_one_story_are_told_apart() -> None:
    """A presidential and a parliamentary race in one story: each share says its race, the
    candidates say they are candidates, and neither race adds up to more than a whole."""
    text = (
        "In the presidential race Ana Moreau won 55.5% and Paul Grin 44.5%. In the "
        "parliamentary election, her Union Party won 40.2% and the Blue List 30.1%."
    )
    ex = extract(text)
    races = {r.party: (r.race, r.candidate) for r in ex.results}
    assert races == {
        "Ana Moreau": ("presidential", True),
        "Paul Grin": ("presidential", True),
        "Union Party": ("parliamentary", False),
        "Blue List": ("parliamentary", False),
    }
    for race in ("presidential", "parliamentary"):
        assert sum(r.pct for r in ex.results if r.race == race) <= 100


def test_a_candidate_is_told_by_what_the_text_calls_them() -> None:
    ex = extract("Ana Moreau, the ruling party's candidate, won 55.5%; the Sea Party took 20%.")
    assert [(r.party, r.candidate) for r in ex.results] == [
        ("Ana Moreau", True),
        ("Sea Party", False),
    ]


def test_a_story_without_a_race_word_leaves_the_race_open() -> None:
    ex = extract("The Union led with 40.1% and the Greens had 20.2%.")
    assert [r.race for r in ex.results] == [None, None]


def test_a_sentence_of_hundreds_of_shares_reads_them_all() -> None:
    """A hostile or machine-made list: every share is read, each once (what a sentence holds is
    asked once per sentence, so the work grows with the shares, not with their square)."""
    text = (
        " ".join(f"List{i} {i % 90 + 1}.5%," for i in range(400)) + " said the election commission."
    )
    ex = extract(text)
    assert len(ex.results) == 400
    assert ex.results[7].party == "List7" and ex.results[7].pct == 8.5
