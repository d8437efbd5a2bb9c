"""The results rules' table: every rule reads its own examples alone, and the whole table reads
them too; the prefilter comes from the rules' triggers."""

from __future__ import annotations

import pytest

from crisiswatch.extract.results import RULES, classify, read_election, trigger_positions
from crisiswatch.extract.results.rules import PERCENT, PERCENT_MARKS, At, Gives, Rule, percent_value
from crisiswatch.extract.sentences import story_sentences
from crisiswatch.models import PartyShare

CASES = [(rule, ex) for rule in RULES for ex in rule.examples]


def _read(
    rule_set: tuple[Rule, ...], text: str
) -> tuple[dict[Gives, float | None], list[PartyShare]]:
    facts = read_election(text, story_sentences(text), None, rule_set)
    got = {
        Gives.REPORTING: facts.reporting_pct,
        Gives.TURNOUT: facts.turnout_pct,
        Gives.THRESHOLD: facts.threshold_pct,
    }
    return got, list(facts.shares)


def _gives(rule: Rule, text: str, want: float | None, party: str | None) -> bool:
    """Whether the table made of `rule` alone (plus the share shapes, for a rule that only
    stops a share) reads the example as the rule says."""
    if rule.gives is Gives.NOTHING or (
        rule.gives is Gives.SHARE and rule.at in (At.BEFORE, At.AFTER)
    ):
        # A rule that stops a percentage, or claims it for the share shapes before the counting
        # rules see it: alone, it is the rule that classes it.
        for sentence in story_sentences(text):
            prev = 0
            for m in PERCENT.finditer(sentence.text):
                if percent_value(m) == want:
                    return classify((rule,), sentence.text, m, prev) is rule
                prev = m.end()
        return False
    alone: tuple[Rule, ...] = (rule,)
    if rule.at is At.PAIR:  # the second of a pair needs the first one's owner
        alone = (*(r for r in RULES if r.at is At.GAP), rule)
    facts, shares = _read(alone, text)
    if want is None:
        return (not shares) if rule.gives is Gives.SHARE else facts[rule.gives] is None
    if rule.gives is Gives.SHARE:
        return any(abs(s.pct - want) < 1e-6 and s.party == party for s in shares)
    value = facts[rule.gives]
    return value is not None and abs(value - want) < 1e-6


@pytest.mark.parametrize(
    ("rule", "text", "want", "party"),
    [(r, ex.text, ex.want, ex.party) for r, ex in CASES],
    ids=[f"{r.name}:{i}" for r in RULES for i, _ in enumerate(r.examples)],
)
def test_each_rule_reads_its_examples_alone(
    rule: Rule, text: str, want: float | None, party: str | None
) -> None:
    assert _gives(rule, text, want, party), f"rule {rule.name!r} misreads {text!r}"


@pytest.mark.parametrize(
    ("rule", "text", "want", "party"),
    [(r, ex.text, ex.want, ex.party) for r, ex in CASES if r.gives is not Gives.NOTHING],
    ids=[
        f"{r.name}:{i}"
        for r in RULES
        for i, _ in enumerate(r.examples)
        if r.gives is not Gives.NOTHING
    ],
)
def test_the_whole_table_reads_every_example(
    rule: Rule, text: str, want: float | None, party: str | None
) -> None:
    facts, shares = _read(RULES, text)
    if want is None:
        assert rule.gives is Gives.SHARE or facts[rule.gives] is None, rule.name
    elif rule.gives is Gives.SHARE:
        assert (party, want) in [(s.party, s.pct) for s in shares], rule.name
    else:
        assert facts[rule.gives] == pytest.approx(want), rule.name


@pytest.mark.parametrize(
    ("rule", "text", "want"),
    [(r, ex.text, ex.want) for r, ex in CASES if r.gives is Gives.NOTHING],
    ids=[
        f"{r.name}:{i}" for r in RULES for i, _ in enumerate(r.examples) if r.gives is Gives.NOTHING
    ],
)
def test_the_whole_table_reads_no_result_where_a_rule_says_none(
    rule: Rule, text: str, want: float
) -> None:
    shares = _read(RULES, text)[1]
    assert all(abs(s.pct - want) > 1e-6 for s in shares), rule.name


def test_names_are_unique_and_every_rule_has_an_example() -> None:
    names = [r.name for r in RULES]
    assert len(names) == len(set(names))
    assert all(r.examples for r in RULES)


def test_prefilter_is_the_rules_triggers() -> None:
    triggers = {t for r in RULES for t in r.triggers}
    assert set(PERCENT_MARKS) <= triggers
    # Every trigger of every rule finds its place in a text about a vote that holds it.
    for t in triggers:
        assert trigger_positions(f"after the vote, {t} 12") != [], t
    # No trigger: nothing is cut, whatever the text is about.
    assert trigger_positions("the vote was held on 12 may and 4 people were hurt") == []


def test_every_mark_is_one_the_percentage_pattern_reads() -> None:
    """The marks the prefilter looks for and the marks a percentage is read with agree."""
    for mark in PERCENT_MARKS:
        m = PERCENT.search(f"Birimdik won 24.5 {mark} of the vote")
        assert m is not None and percent_value(m) == 24.5, mark


def test_rules_without_a_mark_need_a_text_about_a_vote() -> None:
    counted = [r for r in RULES if r.at is At.SENTENCE and r.context]
    assert counted, "the 'N of M polling stations' rules have context words"
    assert trigger_positions("1,285 of 2,475 forms counted") == []
    assert trigger_positions("1,285 of 2,475 forms counted after the vote") != []
    # the units a vote is counted in say what the text is about
    assert trigger_positions("1,285 of 2,475 polling stations counted") != []


def test_count_patterns_that_open_with_a_digit_read_as_the_plain_ones() -> None:
    """The n-of-m pattern opens with its first digit (the look-behinds after it) so `re` skips
    to digits; the plain version, look-behinds first, must read every text alike."""
    import re

    from crisiswatch.extract.results import counts

    num = counts.NUM
    plain = re.compile(
        rf"""(?<!won\s)(?<!took\s)(?<!carried\s)(?<!swept\s)(?<!captured\s)(?<!secured\s)
        (?<![\d.,])(?P<n>{num})\s*\)?\s+(?:out\s+)?of\s+(?:the\s+|a\s+total\s+of\s+|all\s+)?
        (?P<m>{num})\s+(?:[\w-]+\s+){{0,2}}?{counts.UNITS}\b
        |(?<![\d.,])(?P<n2>{num})\s+(?:[\w-]+\s+){{0,2}}?{counts.UNITS}\s+out\s+of\s+(?:the\s+)?
         (?P<m2>{num})\b""",
        re.IGNORECASE | re.VERBOSE,
    )
    fast = next(r.pattern for r in counts.COUNTS if r.name == "reporting-n-of-m")
    pieces = [
        "won ",
        "took ",
        "1,285",
        "2,475",
        " of ",
        "out of ",
        "all ",
        "the ",
        "polling stations",
        "precincts",
        "12",
        "3.5",
        ",",
        ".",
        " ",
        "(",
        ")",
        "secured ",
        "a total of ",
    ]
    import random

    rng = random.Random(7)
    for _ in range(5000):
        text = "".join(rng.choice(pieces) for _ in range(rng.randint(1, 12)))
        a, b = plain.search(text), fast.search(text)
        assert (a and (a.span(), a.groupdict())) == (b and (b.span(), b.groupdict())), text


@pytest.mark.parametrize(
    ("text", "values"),
    [
        ("Ash beat Moreau 55 to 45 percent.", [55.0, 45.0]),
        ("Ash led 51.2 vs. 47.9 percent.", [51.2, 47.9]),
        ("They took 31.2, 22.4 and 9 percent respectively.", [31.2, 22.4, 9.0]),
        # a change: the first number is no share
        ("Support rose from 40 to 45 percent.", [45.0]),
        ("Turnout climbed from 52.3 to 61.8 percent.", [61.8]),
        ("Turnout climbed From 5,25 to 6,5 percent.", [6.5]),
        ("Its share grew by 5 to 45 percent.", [45.0]),
        # "and" without "respectively" shares no mark
        ("Between 10 and 15 percent backed it.", [15.0]),
    ],
)
def test_a_pair_or_list_shares_the_last_mark_but_a_change_does_not(
    text: str, values: list[float]
) -> None:
    assert [percent_value(m) for m in PERCENT.finditer(text)] == values
