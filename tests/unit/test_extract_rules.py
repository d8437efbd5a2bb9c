"""Every casualty rule reads its own examples, and every prefilter follows from the rules."""

from __future__ import annotations

import pytest

from crisiswatch.extract.casualty_patterns import CASUALTY_STEMS, PATTERNS, ZERO_OPENERS
from crisiswatch.extract.casualty_rules import ARRESTED, INJURED, KILLED, RULES
from crisiswatch.extract.context import (
    BACKGROUND,
    BACKGROUND_STEMS,
    SUBSET,
    SUBSET_AFTER,
    SUBSET_STEMS,
)
from crisiswatch.extract.folding import compile_folded, required_substrings
from crisiswatch.extract.mentions import sentence_mentions
from crisiswatch.extract.rules import Example, Rule, Shape, expand, stems_of
from crisiswatch.extract.sentences import Sentence
from crisiswatch.models import Kind

CASES = [(r, ex) for r in RULES for ex in r.examples]


@pytest.mark.parametrize(
    ("rule", "example"), CASES, ids=[f"{r.name}-{i}" for i, (r, _) in enumerate(CASES)]
)
def test_each_rule_reads_its_examples_on_its_own(rule: Rule, example: Example) -> None:
    found = sentence_mentions(Sentence(example.sentence, 0, len(example.sentence)), 0)
    mine = [(m.figure.kind, m.figure.value) for m in found if m.rule == rule.name]
    assert (rule.kind, example.value) in mine, (rule.name, example.sentence, found)


def test_every_rule_has_an_example_a_unique_name_and_its_own_table() -> None:
    assert len({r.name for r in RULES}) == len(RULES)
    for table, kind in ((KILLED, Kind.KILLED), (INJURED, Kind.INJURED), (ARRESTED, Kind.ARRESTED)):
        assert table and all(r.kind is kind and r.examples for r in table)


def test_every_trigger_phrase_passes_the_sentence_prefilter() -> None:
    """A phrase added to a rule is never skipped by a stem list kept elsewhere."""
    for rule in RULES:
        for phrase in rule.expanded():
            assert any(stem in phrase for stem in CASUALTY_STEMS), (rule.name, phrase)


def test_a_new_phrase_is_read_without_touching_any_other_list() -> None:
    """The defect the tables fix: "executed" added to the pattern alone was never read."""
    executed = Rule(
        "killed-executed-test",
        Kind.KILLED,
        Shape.COUNT_FIRST,
        ("executed",),
        (Example("Five prisoners were executed.", 5),),
    )
    assert executed.key_words() == {"executed"}
    assert "executed" in stems_of([*CASUALTY_STEMS, *executed.key_words()])
    assert executed.openers() == {"executed"}


def test_zero_openers_and_shapes_come_from_the_rules() -> None:
    assert {"no", "zero", "nobody", "none"} == ZERO_OPENERS
    assert all(PATTERNS[shape] for shape in Shape)


def test_phrase_notation_expands_and_refuses_patterns() -> None:
    assert expand("lost {their|his} {life|lives}") == [
        "lost their life",
        "lost their lives",
        "lost his life",
        "lost his lives",
    ]
    assert expand("number of {the|} dead") == ["number of the dead", "number of dead"]
    with pytest.raises(ValueError, match="plain lower-case"):
        expand(r"killed\s+by")
    with pytest.raises(ValueError, match="plain lower-case"):
        expand("Killed")


def test_folded_patterns_refuse_capitals_instead_of_rewriting_them() -> None:
    with pytest.raises(ValueError, match="capital"):
        compile_folded(r"in\s+[A-Z]\w+")
    with pytest.raises(ValueError, match="folded"):
        compile_folded(r"\S+")
    assert compile_folded(r"(?P<qty>\d+)\s+dead").match("12 dead") is not None


@pytest.mark.parametrize(
    ("pattern", "want"),
    [
        (r"\blast\s+year\b", ("last",)),
        (r"\b(?:mostly|mainly)\s+", ("mainly", "mostly")),
        (r"\bin\s+(?:19|20)\d\d\b", ("19", "20")),
        (r"\b(?:dead|\w+)\b", None),
        (r"\bkilled?\b", ("kille",)),
    ],
)
def test_required_substrings_are_read_from_the_pattern(
    pattern: str, want: tuple[str, ...] | None
) -> None:
    assert required_substrings(compile_folded(pattern)) == want


def test_context_prefilters_are_read_from_their_patterns() -> None:
    """Every background and subset marker holds one of the stems that let it be looked for."""
    for rx, stems in (
        (BACKGROUND, BACKGROUND_STEMS),
        (SUBSET, SUBSET_STEMS),
        (SUBSET_AFTER, SUBSET_STEMS),
    ):
        for text in ("last year", "in 2010", "years ago", "including", "of whom", "mostly"):
            for m in rx.finditer(f"{text} "):
                assert any(stem in m.group(0) for stem in stems), (rx.pattern[:30], text)
