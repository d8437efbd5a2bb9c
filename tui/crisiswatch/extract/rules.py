"""A casualty rule as a value: the kind it gives, the phrases that trigger it, where its count
stands, and example sentences it must read. Patterns and prefilters are built from these."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from enum import Enum
from itertools import product

from crisiswatch.models import Kind


class Shape(Enum):
    """Where a rule's count stands against its trigger phrase."""

    COUNT_FIRST = "count_first"
    """A quantity, a few words, then the trigger: "12 protesters were killed"."""
    COUNT_AFTER = "count_after"
    """The trigger, then a quantity: "killing 12", "the death toll rose to 12"."""
    PERSON_FIRST = "person_first"
    """An implicit single, a person then the trigger: "a protester was killed" = 1."""
    PERSON_AFTER = "person_after"
    """An implicit single, the trigger then a person: "police shot dead a student" = 1."""
    ZERO = "zero"
    """The whole phrase states an explicit zero: "no arrests were made" = 0."""


@dataclass(frozen=True, slots=True)
class Example:
    """A sentence a rule must read on its own, and the figure it must give."""

    sentence: str
    value: int


@dataclass(frozen=True, slots=True)
class Rule:
    """One way news states a casualty figure.

    `phrases` are the trigger phrases in a small notation: words apart by spaces (any run of
    space matches), "{a|b|}" for alternatives (an empty one drops the part). Every expanded
    phrase is plain lower-case text, so the words a match opens with, and the stems every
    sentence it reads must hold, follow from the phrases alone.
    """

    name: str
    kind: Kind
    shape: Shape
    phrases: tuple[str, ...]
    examples: tuple[Example, ...]
    tail: str = ""
    """Regex source (lower-case, no capturing group) that may follow the phrase before the
    count, for COUNT_AFTER rules ("the death toll" + " has now risen to")."""
    follow: str = ""
    """Regex source (lower-case), a lookahead put after the whole match: what must, or must
    not, follow ("held 12" only before people, "died" not before "of cholera")."""
    toll: bool = False
    """The count is a running total ("the death toll rose to 17"): it holds the rest."""
    part: bool = False
    """The count is part of a larger one the text need not give ("two journalists were among
    the injured"): at least that many."""

    def expanded(self) -> tuple[str, ...]:
        """Every trigger phrase written out, longest first (so alternation takes the longest)."""
        out = {p for phrase in self.phrases for p in expand(phrase)}
        return tuple(sorted(out, key=lambda p: (-len(p), p)))

    def openers(self) -> frozenset[str]:
        """The first word of every trigger phrase."""
        return frozenset(p.split(" ")[0] for p in self.expanded())

    def key_words(self) -> frozenset[str]:
        """One telling word of every trigger phrase (its longest that is no function word):
        a sentence without any of them cannot hold this rule's trigger."""
        return frozenset(key_word(p) for p in self.expanded())

    def source(self) -> str:
        """Regex source of the trigger: the phrases as one trie, then the tail."""
        return f"{trie(self.expanded())}{self.tail}"


_BRACES = re.compile(r"\{([^{}]*)\}")
_PLAIN = re.compile(r"[a-z0-9'\u2019-]+(?: [a-z0-9'\u2019-]+)*")


def expand(phrase: str) -> list[str]:
    """ "lost {their|his} {life|lives}" → every phrase it stands for, spaces made single.
    Refuses anything but lower-case words, so no phrase hides a pattern."""
    parts = _BRACES.split(phrase)  # text, alternatives, text, ...
    choices = [[p] if i % 2 == 0 else p.split("|") for i, p in enumerate(parts)]
    out = []
    for pick in product(*choices):
        text = " ".join("".join(pick).split())
        if not _PLAIN.fullmatch(text):
            raise ValueError(f"a trigger phrase must be plain lower-case words: {text!r}")
        out.append(text)
    return out


def trie(phrases: Iterable[str]) -> str:
    """Regex source matching exactly `phrases` (a space matching any run of space), their
    shared beginnings factored out: "kill(?:ed|ing)" is tried far faster than "killed|killing".
    The longest phrase wins where one is the beginning of another, as in "deaths|death"."""
    root: dict[str, dict] = {}  # type: ignore[type-arg]
    for phrase in phrases:
        node = root
        for ch in phrase:
            node = node.setdefault(ch, {})
        node[""] = {}
    return _emit(root)


def _emit(node: dict[str, dict]) -> str:  # type: ignore[type-arg]
    ends = "" in node
    branches = [
        (r"\s+" if ch == " " else re.escape(ch)) + _emit(child)
        for ch, child in sorted(node.items())
        if ch
    ]
    if not branches:
        return ""
    body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
    return f"(?:{body})?" if ends else body


_FUNCTION_WORDS = frozenset(
    [
        "a",
        "an",
        "the",
        "of",
        "to",
        "up",
        "down",
        "into",
        "and",
        "or",
        "by",
        "their",
        "his",
        "her",
        "people",
        "those",
        "number",
        "help",
        "care",
        "attention",
        "treatment",
        "taken",
        "were",
        "was",
        "are",
        "is",
        "been",
        "being",
        "has",
        "have",
        "had",
        "police",
        # whom a running count is of ("the number of protesters killed"): a person is no
        # casualty word, and as one it would stop coordination ("five protesters and three
        # officers were killed")
        "persons",
        "protesters",
        "protestors",
        "demonstrators",
        "marchers",
        "civilians",
        "students",
        "activists",
        "supporters",
        "opposition",
        "officers",
        "soldiers",
        "children",
        "reported",
        "confirmed",
        "found",
        # "was among those who died": the death is what the phrase is about
        "among",
        "who",
    ]
)


def key_word(phrase: str) -> str:
    """The longest word of `phrase` that says what it is about ("claimed the lives of" →
    "claimed", "rounded up" → "rounded"); every match of the phrase holds it."""
    words = phrase.split(" ")
    telling = [w for w in words if w not in _FUNCTION_WORDS] or words
    return max(telling, key=len)


def openers_of(rules: Iterable[Rule]) -> frozenset[str]:
    """The words any of `rules` can open a trigger with."""
    return frozenset().union(*(r.openers() for r in rules))


def stems_of(words: Iterable[str]) -> tuple[str, ...]:
    """The fewest substrings that still find each of `words`: a word holding another one is
    found by that one ("killed" by "kill"). A sentence holding none of them holds no word."""
    ordered = sorted(set(words), key=lambda w: (len(w), w))
    stems: list[str] = []
    for w in ordered:
        if not any(s in w for s in stems):
            stems.append(w)
    return tuple(stems)
