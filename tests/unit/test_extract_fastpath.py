"""The fast paths of extraction give exactly what the plain scans they replace would give."""

from __future__ import annotations

import json
import re
from bisect import bisect_right
from pathlib import Path

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from crisiswatch.extract import attribution as at
from crisiswatch.extract import coordination as co
from crisiswatch.extract import crowd, extract
from crisiswatch.extract import mentions as mn
from crisiswatch.extract.anchors import find_anchors
from crisiswatch.extract.casualty_patterns import PATTERNS
from crisiswatch.extract.folding import fold
from crisiswatch.extract.restated import RESTATED_FORMS
from crisiswatch.extract.results import RULES as RESULT_RULES
from crisiswatch.extract.results import _compiled, _fast_rules, live_rules, live_rules_plain
from crisiswatch.extract.results.names import span_in, span_in_plain
from crisiswatch.extract.results.rules import At
from crisiswatch.extract.results.shapes import SHARE_OBJECT_WORDS, SHARE_VERB_WORDS
from crisiswatch.extract.rules import trie
from crisiswatch.extract.sentences import (
    Sentence,
    is_noise,
    sentence_spans,
    sentences_around,
    sentences_around_each,
    story_sentences,
    strip_dateline,
)
from crisiswatch.extract.words import Words, matches_at

CORPUS = Path(__file__).resolve().parents[1] / "data/extraction/corpus.jsonl"
PASSAGES = [json.loads(x)["text"] for x in CORPUS.read_text(encoding="utf-8").splitlines()]
SENTENCES = [s.text for p in PASSAGES for s in story_sentences(p)]

# Each pattern with the words it may open with (number-led ones open where a quantity does):
# the openers are derived from the rules, and this checks the derivation against a full scan.
COMPILED = [c for shape in PATTERNS.values() for c in shape]
WORD_LED = [(c.rx, c.openers) for c in COMPILED if c.openers is not None] + [
    *crowd.WORD_LED,
    crowd.SECOND,
    *((rx, openers) for rx, openers, _ in RESTATED_FORMS),
]
QTY_LED = [c.rx for c in COMPILED if c.openers is None] + [
    *crowd.QTY_LED,
    crowd._CROWD_NOUN_FORM,
]

# Sentences that stretch the openers: every qualifier, vague amounts, ranges, trigger forms.
EXTRA = [
    "No fewer than half a dozen people were killed and a minimum of a few hundred were hurt.",
    "In excess of several thousand protesters gathered; upwards of 40 marched, as many as 9 died.",
    "Police rounded up 30, detaining another 12, and the death toll rose from 4 to 7.",
    "Security forces gunned down a protester and beat to death another man, killing two dozen.",
    "The number of people arrested has now reached 150, while the toll stood at twenty-three.",
    "Rallies of some 5,000 drew tens of thousands; organisers put the crowd at 20,000.",
    "Nobody was hurt and no one was detained, but approx. 300 attended a 2,000-strong rally.",
    "Between 10 and 15 were wounded, 10-15 were hospitalised and scores were held.",
    "The ministry said 61 were killed; organisers say more than 130 were, and insisted 9 had.",
    "Six died, bringing the total to 40, while officials put the number at 35 and gave it as 30.",
]


def _spans(matches: object) -> list[tuple[int, int]]:
    return [m.span() for m in matches]  # type: ignore[attr-defined]


@pytest.mark.parametrize("sentence", SENTENCES + EXTRA)
def test_patterns_tried_at_opening_words_find_every_match(sentence: str) -> None:
    folded = fold(sentence)
    words = Words(folded)
    for rx, openers in WORD_LED:
        assert _spans(matches_at(rx, folded, words.at(openers))) == _spans(rx.finditer(folded)), (
            rx.pattern[:40]
        )
    for rx in QTY_LED:
        assert _spans(matches_at(rx, folded, words.qty_starts)) == _spans(rx.finditer(folded)), (
            rx.pattern[:40]
        )
    for end in words.starts:  # the part before a figure, as _coordinated_before looks for it
        lo = max(0, end - 90)
        starts = [p for p in words.qty_starts if lo <= p < end]
        got = next(matches_at(co._COORD_BEFORE, folded, starts, end), None)
        want = co._COORD_BEFORE.search(folded, lo, end)
        assert (got and got.span()) == (want and want.span())


def test_every_figure_sentence_holds_an_anchor() -> None:
    for passage in PASSAGES + EXTRA:
        anchored = {s.start for s in sentences_around(passage, find_anchors(passage).positions)}
        for s in story_sentences(passage):
            if mn.sentence_mentions(s, s.start):
                assert s.start in anchored, s.text


def _cut_from_full_split(text: str, positions: list[int]) -> list[Sentence]:
    """What `sentences_around` replaces: split the whole text, then pick pieces."""
    starts = sentence_spans(text)
    out: list[Sentence] = []
    for i in sorted({bisect_right(starts, p) - 1 for p in positions}):
        end = starts[i + 1] if i + 1 < len(starts) else len(text)
        piece = text[starts[i] : end]
        stripped = piece.strip()
        if stripped and not is_noise(stripped):
            at = starts[i] + len(piece) - len(piece.lstrip())
            out.append(strip_dateline(Sentence(stripped, at, at + len(stripped))))
    return out


PIECES = [*"aA .!?\n\"')]\u201d0U", "Mr.", "U.S.", "Oct. 6", "J. ", "...", "No. 5"]


@pytest.mark.slow
@settings(max_examples=500, deadline=None)
@given(st.lists(st.sampled_from(PIECES), max_size=40).map("".join), st.data())
def test_sentences_around_cuts_what_the_full_split_cuts(text: str, data: st.DataObject) -> None:
    words = [i for i, ch in enumerate(text) if ch.isalnum()]
    positions = data.draw(st.lists(st.sampled_from(words), max_size=6)) if words else []
    assert sentences_around(text, positions) == _cut_from_full_split(text, positions)
    assert sentences_around_each(text, [positions, words]) == [
        _cut_from_full_split(text, positions),
        _cut_from_full_split(text, words),
    ]


@settings(max_examples=300, deadline=None)
@given(
    st.lists(
        st.sampled_from([*"ab ,:;()\u201c\u2014", " said", "Police", " has", " told"]),
        max_size=30,
    ).map("".join)
)
def test_said_before_tries_only_where_a_verb_can_follow(text: str) -> None:
    verbs = [m.start() for m in at._SPEECH_VERB.finditer(text)]
    assert _spans(at._said_before(text, verbs)) == _spans(at._SAID_BEFORE.finditer(text))


@pytest.mark.parametrize("text", ["KİLLED 5", "ſcores", "Dotless ı and Kelvin \u212a", "ÀÉ"])
def test_fold_keeps_offsets_and_matches_like_ignorecase(text: str) -> None:
    folded = fold(text)
    assert len(folded) == len(text)
    for ch, f in zip(text, folded, strict=True):
        if f.isascii() and f.isalpha():
            assert re.fullmatch(f, ch, re.IGNORECASE)


@pytest.mark.parametrize(
    "text",
    [
        "The fire spread fast, killing tenants of the block.",
        "Police arrested onetime mayor Ivanov.",
        "Crowds of thousandfold supporters were expected.",
    ],
)
def test_number_words_inside_longer_words_are_no_figures(text: str) -> None:
    assert extract(text).figures == ()


def test_a_text_without_anchors_is_not_read() -> None:
    text = "The opposition demanded that the vote be annulled and a new election held. " * 20
    assert find_anchors(text).positions == []
    assert extract(text).figures == ()


_RUN_WORDS = st.sampled_from(["Ash", "Party", "of", "Moreau", "the", "Green", "A", "a", "A.", "'s"])
_GAPS = st.sampled_from([" ", " ", " ", "  ", "\t", "\n", "\u00a0", " \n "])


@st.composite
def _runs_and_names(draw: st.DrawFn) -> tuple[str, str]:
    words = draw(st.lists(_RUN_WORDS, min_size=1, max_size=7))
    gaps = [draw(_GAPS) for _ in words[1:]]
    run = words[0] + "".join(g + w for g, w in zip(gaps, words[1:], strict=True))
    if draw(st.booleans()):  # a tidied name: some of the run's words, in order
        lo = draw(st.integers(0, len(words) - 1))
        hi = draw(st.integers(lo + 1, len(words)))
        name = " ".join(words[lo:hi])
    else:
        name = " ".join(draw(st.lists(_RUN_WORDS, min_size=0, max_size=3)))
    return run, name


@settings(max_examples=400)
@given(_runs_and_names())
@example(("A A A", "A A"))  # the name's copies overlap: the last one finditer sees is the first
@example(("Ash  Party", "Ash Party"))
def test_span_in_agrees_with_its_pattern(case: tuple[str, str]) -> None:
    run, name = case
    assert span_in(run, name) == span_in_plain(run, name)


def _plain(phrases: tuple[str, ...]) -> str:
    """The alternation a trie replaces: each phrase in turn, a space matching any run."""
    return "|".join(re.escape(p).replace(r"\ ", r"\s+") for p in phrases)


_VERB_GAPS = [
    r for r in RESULT_RULES if r.at is At.GAP and trie(SHARE_VERB_WORDS) in r.pattern.pattern
]
_GAP_WORDS = sorted({*SHARE_VERB_WORDS, *SHARE_OBJECT_WORDS, "the", "by", "with", "of", "Party"})


@st.composite
def _gaps(draw: st.DrawFn) -> str:
    """What stands between a name and a share: words of the shapes and others, spaced and
    punctuated as in the news, sometimes with a vote count."""
    words = draw(
        st.lists(st.sampled_from([*_GAP_WORDS, "scheduled", "Kovac", "weeks"]), max_size=7)
    )
    seps = draw(st.lists(st.sampled_from([" ", "  ", ", ", " ("]), min_size=len(words) + 1))
    votes = draw(st.sampled_from(["", "452,000 votes, or ", "770,718 ("]))
    return "".join(s + w for s, w in zip(seps, words, strict=False)) + seps[-1] + votes


@pytest.mark.slow
@settings(max_examples=300, deadline=None)
@given(_gaps())
@example(" came in second place with ")
@example(" second round is scheduled in 5 weeks if no candidate passes ")
@example(" led by Nadia Kovac had ")
def test_share_gaps_read_the_same_with_the_word_tries(gap: str) -> None:
    # The share shapes take their verbs and nouns as tries; each alternation spelled out
    # phrase by phrase must fit exactly the same gaps.
    assert {"share-verb", "share-apposition", "share-pronoun"} <= {r.name for r in _VERB_GAPS}
    for rule in _VERB_GAPS:
        source = rule.pattern.pattern
        for phrases in (SHARE_VERB_WORDS, SHARE_OBJECT_WORDS):
            source = source.replace(trie(phrases), f"(?:{_plain(phrases)})")
        plain = re.compile(source, rule.pattern.flags)
        text = f"The Sun Bloc{gap}41.5 percent"
        stop = text.index("41.5")
        fast = rule.pattern.fullmatch(text, len("The Sun Bloc"), stop) is not None
        assert fast == (plain.fullmatch(text, len("The Sun Bloc"), stop) is not None), rule.name


_FACTS = _compiled(RESULT_RULES).facts
_GATE_PIECES = sorted({g for f in _fast_rules(_FACTS) for g in f.gate or ()})
_SHARE_SENTENCES = [
    s.text
    for path in sorted(CORPUS.parent.glob("*.jsonl"))
    for line in path.read_text(encoding="utf-8").splitlines()
    for s in story_sentences(json.loads(line)["text"])
    if "%" in s.text or "cent" in s.text
]


def test_the_gate_words_are_read_from_the_rules() -> None:
    assert len(_GATE_PIECES) > 50
    assert len(_SHARE_SENTENCES) > 80


@pytest.mark.parametrize("sentence", _SHARE_SENTENCES)
def test_live_rules_look_for_each_word_once_and_keep_the_same_rules(sentence: str) -> None:
    folded = fold(sentence)
    assert live_rules(_FACTS, folded) == live_rules_plain(_FACTS, folded)


@given(st.lists(st.sampled_from([*_GATE_PIECES, " ", "x", "41.5%"]), max_size=12))
def test_live_rules_agree_on_any_mix_of_gate_words(pieces: list[str]) -> None:
    folded = fold(" ".join(pieces))
    assert live_rules(_FACTS, folded) == live_rules_plain(_FACTS, folded)
