"""The scope reader's cues, led by the letter every cue opens with, find what the cues as
written find: the same scope for every figure."""

from __future__ import annotations

import json
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from crisiswatch.extract import extract
from crisiswatch.extract.scope import CUES_PLAIN, INCIDENT_CUES, RUNNING_CUES, figure_scope
from crisiswatch.models import Scope

DATA = Path(__file__).resolve().parents[1] / "data/extraction"
PASSAGES = [
    json.loads(line)["text"]
    for path in sorted(DATA.glob("*.jsonl"))
    for line in path.read_text(encoding="utf-8").splitlines()
    if line.strip()
]


def test_every_corpus_figure_scoped_alike() -> None:
    seen: set[Scope] = set()
    for text in PASSAGES:
        for f in extract(text).figures:
            fast = figure_scope(text, f.start, f.end)
            assert fast == figure_scope(text, f.start, f.end, CUES_PLAIN), text
            seen.add(fast)
    assert {Scope.RUNNING, Scope.INCIDENT} <= seen


PIECES = [
    "12 people were killed",
    " in an air strike",
    ", bringing the death toll to 40",
    " so far",
    " since Monday",
    " detained over looting",
    "Death Toll",
    "İ",
    "ß",
    "\u212a",
    " ",
    "-",
    "x" * 30,
]


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(PIECES), min_size=1, max_size=12).map("".join), st.data())
def test_scope_alike_anywhere(text: str, data: st.DataObject) -> None:
    start = data.draw(st.integers(0, len(text)))
    end = data.draw(st.integers(start, len(text)))
    assert figure_scope(text, start, end) == figure_scope(text, start, end, CUES_PLAIN)


def test_every_cue_opens_with_a_lower_case_letter() -> None:
    """What the fast form relies on: a cue opening otherwise would be missed by it."""
    for cue in RUNNING_CUES + INCIDENT_CUES:
        head = cue.lstrip("(?:")
        assert "a" <= head[0] <= "z", cue
