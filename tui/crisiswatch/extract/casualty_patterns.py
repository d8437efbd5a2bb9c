"""The casualty rules compiled: one pattern per shape, and every prefilter derived from them."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from crisiswatch.extract.casualty_rules import PERSONS, RULES
from crisiswatch.extract.folding import compile_folded
from crisiswatch.extract.quantities import LEAD, PLACE_NOUNS, PLACES, QTY, QUAL, UNIT
from crisiswatch.extract.rules import Rule, Shape, openers_of, stems_of, trie

_NUMBER_WORDS_BLOCK = (
    "one|two|three|four|five|six|seven|eight|nine|ten|twelve|twenty|thirty|forty|fifty|"
    "hundred|hundreds|thousand|thousands|dozen|dozens"
)
_LINK_WORDS_BLOCK = (
    "and|or|but|than|after|before|while|when|where|whereas|although|though|since|until|"
    "because|said|says|say|including|among|whom|gathered|rallied|marched|deployed"
)
_COUNT_FIRST_WORDS = sorted(
    {p for r in RULES if r.shape is Shape.COUNT_FIRST for p in r.expanded() if " " not in p}
)
BLOCK = trie([*_LINK_WORDS_BLOCK.split("|"), *_COUNT_FIRST_WORDS, *_NUMBER_WORDS_BLOCK.split("|")])
"""Words the gap between a count and its trigger never runs across: links to another clause,
another number, and every one-word trigger (so a gap never skips a figure of its own)."""
GAPWORD = rf"(?!{BLOCK}\b)[a-z][\w'\u2019-]*"
ASIDE = (
    r"(?:,?\s+(?:including|among\s+them|among\s+whom|(?:most|many|all|some|half)\s+of\s+them|"
    r"mostly|mainly)\b(?:[^,;.:]{1,100}?,"
    r"|[^;.:]{1,100}?(?=\s+(?:have|has|had|were|was|are|is)\s)))"
)
"""A subset set off inside a count ("59 people, including three children, had been killed",
"25 people, most of them students, were detained")."""
_IN_PLACES = rf"(?:\s+(?:in|across)\s+\d[\d,]*\s+{PLACES}\b)"
_HEARSAY = ("said", "believed", "thought", "feared", "reported")
_SAID_TO = rf"(?:\s+(?:is|are|was|were)\s+(?:{'|'.join(_HEARSAY)})\s+to)"
"""Hearsay between a count and its verb ("three people are said to have died")."""
AGES = r"""(?:,?\s+(?:both\s+|all\s+)?aged\s+(?:between\s+)?\d{1,3}(?:(?:\s*,\s*|\s+and\s+|\s+to\s+|
    \s*-\s*)\d{1,3})*(?:,|(?=\s+(?:have|has|had|were|was|are|is)\s)))"""
"""The ages of those counted, set off inside a count ("two men, aged 22 and 31, were shot
dead"): the numbers are ages, not more people."""
_ASIDES = rf"(?:{ASIDE}|{_IN_PLACES}|{_SAID_TO}|{AGES})"
AGED = r"\d{1,3}-year-old"
"""A person named by their age alone."""
AGED_MARK = "-year-old"
"""What every `AGED` holds: the implicit singles are tried where it stands, too."""
ASIDE_WORDS = frozenset(
    [
        *("including", "among", "aged", "them", "mostly", "mainly", *_HEARSAY),
        *(p.split(" ")[-1] for p in PLACE_NOUNS),
    ]
)
"""Words of which a sentence holds one when a count in it can have an aside in its gap."""
PERSON = rf"(?:{trie(PERSONS)}|{AGED})"
"""One person, named by what they are or by their age ("a 17-year-old was shot dead")."""


@dataclass(frozen=True, slots=True)
class Compiled:
    """One pattern for the rules of one shape: which named group is which rule, and the words
    a match may open with (None: it opens where a quantity does)."""

    rx: re.Pattern[str]
    groups: tuple[tuple[str, Rule], ...]
    openers: frozenset[str] | None
    needs: frozenset[str] = frozenset()
    """Words of which the sentence must hold one, near the match, for this variant to be tried."""
    phrases: dict[str, Rule] | None = None
    """Where all rules share one trie of phrases (group "trig"): which phrase is whose."""
    follows: dict[str, re.Pattern[str]] | None = None
    """Each such rule's lookahead, tried at the end of its phrase."""
    person: bool = True
    """Whether a match names its person: such a variant is tried only where a person word
    (or an age) stands in the sentence."""

    def rule_of(self, m: re.Match[str]) -> Rule | None:
        """The rule whose trigger the match holds; None when its lookahead refuses what
        follows ("died" before "of cholera", "held 12" before no people)."""
        if self.phrases is not None:
            said = m.group("trig")
            rule = self.phrases.get(said) or self.phrases[" ".join(said.split())]
            end = m.end("trig")
        else:
            rule = next(r for name, r in self.groups if m.start(name) >= 0)
            end = m.end()
        after = self.follows.get(rule.name) if self.follows else None
        if after is not None and after.match(m.string, end) is None:
            return None
        return rule


_ARTICLE_OPENERS = frozenset(["a", "an", "another"])
"""An implicit single opens "a protester was killed" (or "the protester who died", tried only
where "who" stands)."""
_ON_TOP = r"(?:(?:a\s+total\s+of|another|a\s+further|an\s+additional)\s+)?"
ELIDED_WORDS = frozenset(["another", "second", "third", "fourth", "fifth"])
"""The words of a single whose person is left unsaid, being the one of the clause before
("a policeman was killed and another wounded", "one was shot dead and a second hurt")."""


def _shared_trie(rules: Sequence[Rule]) -> tuple[dict[str, Rule], dict[str, re.Pattern[str]]]:
    """One phrase per rule of a shape: the rule each phrase reads, and each rule's lookahead."""
    phrases: dict[str, Rule] = {}
    for r in rules:
        for p in r.expanded():
            if p in phrases:
                raise ValueError(f"{p!r} is a phrase of both {phrases[p].name} and {r.name}")
            phrases[p] = r
    follows = {r.name: compile_folded(r.follow) for r in rules if r.follow}
    return phrases, follows


_WHAT_BEFELL = r"""(?:,?\s+(?:(?:who\s+)?(?:was|had\s+been)\s+)?(?:shot|hit|struck|beaten|stabbed|
    wounded|injured|hurt|run\s+over)(?:\s+(?:by|in|at|on|during|near|with)\s+(?:(?:the|an?)\s+)?
    [\w'\u2019-]+(?:\s+[\w'\u2019-]+)?)?,?(?:\s+and)?
    |(?:,\s+(?!and\b)(?:[^,;.:\d]{1,40}?|(?:aged\s+)?\d{1,3})){1,2},)?"""
"""What befell a single, or who they were, before the trigger that counts them ("a
protester who was shot by police died", "a man struck by a rubber bullet, died", "a
protester was shot in the head and died", "another demonstrator, Ali Ben Salah, gravely
wounded on Monday, died", "a student, 19, was killed"): the trigger, not the clause, says the
kind."""


def _compile(shape: Shape, rules: Sequence[Rule], follow: str) -> list[Compiled]:
    names = tuple((f"r{RULES.index(r)}", r) for r in rules)
    phrases: dict[str, Rule] | None = None
    follows: dict[str, re.Pattern[str]] | None = None
    if shape is not Shape.COUNT_AFTER:  # no tail: every rule's phrases in one trie
        phrases, follows = _shared_trie(rules)
        trig = f"(?P<trig>{trie(phrases)})"
        follow = ""
    else:  # tails differ: a group per rule; lookaheads checked after the count
        trig = "|".join(f"(?P<{n}>{r.source()})" for n, r in names)
        follows = {r.name: compile_folded(r.follow) for r in rules if r.follow}
        follow = ""
    openers: frozenset[str] | None = openers_of(rules)
    if shape is Shape.COUNT_FIRST:
        head = rf"{LEAD}(?:(?P<qual>{QUAL}(?:\s+(?:{QUAL}))?)\s+)?(?P<qty>{QTY}){UNIT}"
        plain = rf"(?P<gap>(?:\s+of(?:\s+whom)?)?(?:\s+{GAPWORD}){{0,6}}?)"
        aside = rf"(?P<gap>(?:\s+of)?(?:\s+{GAPWORD}){{0,2}}?{_ASIDES}(?:\s+{GAPWORD}){{0,5}}?)"
        tail = rf"\s+(?:{trig})\b{follow}"
        return [
            Compiled(
                compile_folded(head + plain + tail), names, None, frozenset(), phrases, follows
            ),
            Compiled(
                compile_folded(head + aside + tail), names, None, ASIDE_WORDS, phrases, follows
            ),
        ]
    if shape is Shape.PERSON_FIRST:
        the = rf"""\bthe\s+(?:[\w'\u2019-]+\s+){{0,2}}?{PERSON}\s+who\s+
        (?:(?:was|has|had|been|later|also)\s+){{0,2}}(?:{trig})\b{follow}"""
        src = rf"""\b(?:an?|another)\s+(?:[\w'\u2019-]+\s+){{0,2}}?{PERSON}{_WHAT_BEFELL}
        \s+(?:(?:who|was|has|had|been|reportedly|later|also|is|were)\s+){{0,3}}(?:{trig})\b"""
        # "a student was helped away after suffering a head injury": what befell
        # them, said after "after", however the clause before it goes
        after = rf"""\b(?:an?|another)\s+(?:[\w'\u2019-]+\s+){{0,2}}?{PERSON}
        (?:\s+[\w'\u2019-]+){{1,8}}?\s+after\s+(?:being\s+)?(?:{trig})\b"""
        # "a soldier was killed and another wounded": the person of the clause before, unsaid
        elided = rf"""\b(?:another|an?\s+(?:second|third|fourth|fifth))\s+
        (?:(?:was|were|has\s+been|had\s+been|is|also|later|reportedly)\s+){{0,2}}
        (?:[a-z]+ly\s+)?(?:{trig})\b"""
        return [
            Compiled(
                compile_folded(src + follow), names, _ARTICLE_OPENERS, frozenset(), phrases, follows
            ),
            Compiled(
                compile_folded(the), names, frozenset(["the"]), frozenset(["who"]), phrases, follows
            ),
            Compiled(
                compile_folded(after + follow),
                names,
                _ARTICLE_OPENERS,
                frozenset(["after"]),
                phrases,
                follows,
            ),
            Compiled(
                compile_folded(elided + follow),
                names,
                _ARTICLE_OPENERS,
                ELIDED_WORDS,
                phrases,
                follows,
                person=False,
            ),
        ]
    if shape is Shape.COUNT_AFTER:
        src = rf"""\b(?:{trig})\s+{_ON_TOP}(?:(?P<qual>{QUAL})\s+)?{LEAD}(?P<qty>{QTY}){UNIT}
        (?!\s+(?:of\s+(?:them|whom|those)|percent))"""
    elif shape is Shape.PERSON_AFTER:
        src = rf"\b(?:{trig})\s+(?:an?|another)\s+(?:[\w'\u2019-]+\s+){{0,2}}?{PERSON}\b"
    else:
        src = rf"\b(?:{trig})\b"
    return [Compiled(compile_folded(src + follow), names, openers, frozenset(), phrases, follows)]


def _by_shape() -> dict[Shape, tuple[Compiled, ...]]:
    out: dict[Shape, list[Compiled]] = {}
    for shape in Shape:
        follows: dict[str, list[Rule]] = {}
        for r in RULES:
            if r.shape is shape:  # one pattern per shape: lookaheads are checked after it
                follows.setdefault("", []).append(r)
        out[shape] = [c for f, rs in follows.items() for c in _compile(shape, rs, f)]
    return {s: tuple(c) for s, c in out.items()}


PATTERNS = _by_shape()
"""Each shape's compiled patterns (one per distinct `follow`)."""

KEY_WORDS = frozenset(w for r in RULES for w in r.key_words())
"""One telling word of every trigger phrase of every rule."""
CASUALTY_STEMS = stems_of(KEY_WORDS)
"""Substrings every sentence a casualty rule can read holds (one per telling word, fewest)."""
ZERO_OPENERS = openers_of(r for r in RULES if r.shape is Shape.ZERO)
"""The words an explicit zero opens with ("no", "nobody")."""
PERSON_WORDS = frozenset(max(re.findall(r"\w+", p), key=len) for p in PERSONS)
"""One word of each person (its longest: "police officer" → "officer"), for the anchors."""
CASUALTY_WORD = re.compile(
    r"\b(?:" + "|".join(map(re.escape, sorted(CASUALTY_STEMS, key=len, reverse=True))) + r")"
)
"""A casualty word anywhere (on folded text): where one stands, a phrase belongs to another
figure (coordination stops there, a crowd noun is no crowd)."""
