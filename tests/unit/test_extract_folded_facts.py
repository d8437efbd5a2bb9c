"""The results reader's fact rules run as folded twins behind substring gates
(`classify_folded`, `live_rules`) class every percentage as `classify` does."""

from __future__ import annotations

import json
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from crisiswatch.extract.folding import fold
from crisiswatch.extract.results import (
    RULES,
    _compiled,
    classify,
    classify_folded,
    live_rules,
)
from crisiswatch.extract.results.rules import PERCENT
from crisiswatch.extract.sentences import story_sentences

DATA = Path(__file__).resolve().parents[1] / "data/extraction"
SENTENCES = [
    s.text
    for path in sorted(DATA.glob("*.jsonl"))
    for line in path.read_text(encoding="utf-8").splitlines()
    if line.strip()
    for s in story_sentences(json.loads(line)["text"])
]
SENTENCES += [ex.text for rule in RULES for ex in rule.examples]
FACTS = _compiled(RULES).facts


def _both(sentence: str) -> tuple[list[str | None], list[str | None]]:
    folded = fold(sentence)
    live = live_rules(FACTS, folded)
    plain: list[str | None] = []
    fast: list[str | None] = []
    memo_plain: dict[int, bool] = {}
    memo_fast: dict[int, bool] = {}
    memo_live: dict[int, bool] = {}
    prev = 0
    for m in PERCENT.finditer(sentence):
        a = classify(FACTS, sentence, m, prev, memo_plain)
        b = classify_folded(FACTS, sentence, folded, m, prev, memo_fast)
        c = classify_folded(FACTS, sentence, folded, m, prev, memo_live, live)
        assert b is c, sentence
        plain.append(a and a.name)
        fast.append(b and b.name)
        prev = m.end()
    return plain, fast


def test_fact_rules_class_every_corpus_percentage_alike() -> None:
    classed = 0
    for sentence in SENTENCES:
        plain, fast = _both(sentence)
        assert plain == fast, sentence
        classed += sum(x is not None for x in plain)
    assert classed > 50  # the corpus exercises the rules, not only sentences none fires on


PIECES = [
    *[s for s in SENTENCES if "%" in s or "percent" in s.lower()][:60],
    "Turnout was 61.2%",
    " of registered voters",
    "With 98% of polling stations counted,",
    " the THRESHOLD of 5%",
    " in 2019 the party won 12%",
    " if it passes 7 per cent",
    "İ",
    "ı",
    "ſ",
    "\u212a",
    " ",
    ", ",
]


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(PIECES), min_size=1, max_size=8).map("".join))
def test_fact_rules_class_alike_on_mixed_and_odd_case_text(text: str) -> None:
    plain, fast = _both(text)
    assert plain == fast
