"""A race's status as the text states it: preliminary, final, annulled, to be re-run or going
to a runoff. Every rule is a value with its own example sentences, so that the table is the
reader and its tests; the first rule of the table that holds for a sentence gives its status."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from crisiswatch.extract.folding import fold, folded_twin
from crisiswatch.extract.results.races import race_at, race_marks
from crisiswatch.extract.sentences import Sentence
from crisiswatch.extract.words import find_all
from crisiswatch.models import RaceStatus, StatusMention


@dataclass(frozen=True, slots=True)
class StatusExample:
    """A sentence of our own a rule must read as `want`, or leave alone (`want=None`)."""

    text: str
    want: RaceStatus | None


@dataclass(frozen=True, slots=True)
class StatusRule:
    """One way reports state where a count stands."""

    name: str
    status: RaceStatus
    pattern: re.Pattern[str]
    examples: tuple[StatusExample, ...]
    triggers: tuple[str, ...]
    """Lower-case substrings one of which every match holds: a text with none of them is not
    searched with the pattern."""
    anywhere: bool = False
    """Read in any text about a vote; other rules only in texts that report results (a share
    or counting progress), which keeps the cost off the many texts that merely mention one."""
    unless: re.Pattern[str] | None = None
    """The rule does not hold in a sentence that also matches this (a demand, a rule of the
    system, an expectation: "final results are due on Friday")."""

    def __post_init__(self) -> None:
        if not self.examples:
            raise ValueError(f"status rule {self.name!r} has no example")


def _re(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern, re.IGNORECASE | re.VERBOSE)


_RESULT = r"(?:results?|vote|votes|ballot|election|elections|count|tally|outcome|poll)"
_NOT_LINK = r"(?!(?:after|before|during|amid|over|following|because|ahead|until|since|as)\b)"
"""A word between the verb and the vote that is no preposition: "cancelled after the vote"
cancelled something else."""
_NOT_DONE = _re(
    r"""\b(?:call(?:s|ed|ing)?\s+(?:for|to)|demand(?:s|ed|ing)?|urg(?:e|es|ed|ing)|
    refus(?:e|es|ed|ing)|threaten(?:s|ed|ing)?|could|may|might|would|should|unless|if|whether|
    reject(?:s|ed|ing)?\s+(?:calls|demands)|asked|petition(?:s|ed)?|seek(?:s|ing)?|sought|
    wants?|wanted|push(?:es|ed|ing)?\s+(?:for|to))\b"""
)
"""Words that make an annulment or a re-run something asked for or feared, not done."""
_EXPECTED = _re(
    r"""\b(?:expected|due|pending|awaited|await(?:s|ing)?|will|to\s+be\s+(?:announced|
    published|released)|not\s+yet|yet\s+to|before|until|once|when|ahead\s+of)\b"""
)
"""Words that put final results in the future."""

STATUS_RULES: tuple[StatusRule, ...] = (
    StatusRule(
        "annulled",
        RaceStatus.ANNULLED,
        _re(
            rf"""\b(?:annul(?:led|s)?|cancel(?:led|ed|s)?|invalidat(?:ed|es))\s+(?:{_NOT_LINK}[\w'\u2019-]+\s+){{0,4}}?{_RESULT}\b
            |\b{_RESULT}\s+(?:\w+\s+){{0,6}}?(?:was|were|have\s+been|had\s+been|has\s+been|
            is|are|been)\s+(?:\w+\s+)?(?:annulled|cancell?ed|invalidated|
            declared\s+(?:null\s+and\s+)?(?:void|invalid))\b"""
        ),
        (
            StatusExample(
                "The electoral commission annulled the results of Sunday's vote on Tuesday.",
                RaceStatus.ANNULLED,
            ),
            StatusExample(
                "Officials said the results of the parliamentary election were annulled.",
                RaceStatus.ANNULLED,
            ),
            StatusExample(
                "The commission cancelled the official results after days of protest.",
                RaceStatus.ANNULLED,
            ),
            StatusExample(
                "The supreme court said the ballot had been declared void.",
                RaceStatus.ANNULLED,
            ),
            StatusExample(
                "Opposition parties demanded that the commission annul the results.",
                None,
            ),
            StatusExample("The concert was cancelled after the vote.", None),
            StatusExample("Several flights were cancelled because of the storm.", None),
        ),
        triggers=("annul", "cancel", "invalid", "void"),
        anywhere=True,
        unless=_NOT_DONE,
    ),
    StatusRule(
        "re-run",
        RaceStatus.RERUN,
        _re(
            rf"""\b{_RESULT}\s+(?:\w+\s+){{0,4}}?(?:will|would|is\s+to|are\s+to|must)\s+be\s+
            (?:re-?run|repeated)\b
            |\b(?:repeat|re-?run)\s+(?:parliamentary\s+|presidential\s+)?
            (?:elections?|vote|ballot|poll)\s+(?:will|is\s+to|are\s+to|was|were)\s+
            (?:be\s+)?(?:held|called|scheduled|set)\b
            |\b(?:re-?run|repeat\s+vote)\s+(?:of\s+the\s+\w+\s+)?(?:is|was)\s+
            (?:set|scheduled|called)\b"""
        ),
        (
            StatusExample("The vote will be re-run within two months.", RaceStatus.RERUN),
            StatusExample(
                "A repeat election is to be held in December, the commission said.",
                RaceStatus.RERUN,
            ),
            StatusExample("Protesters want the election to be rerun.", None),
            StatusExample("If fraud is proven, the vote would be re-run.", None),
        ),
        triggers=("re-run", "rerun", "repeat"),
        anywhere=True,
        unless=_NOT_DONE,
    ),
    StatusRule(
        "second-round results",
        RaceStatus.SECOND_ROUND,
        _re(
            r"""\b(?:won|wins|winning|took|takes|taking|leads?|leading|ahead|secured|got)\s+
            (?:\w+\s+){0,3}?(?:in\s+)?(?:the|Sunday's|today's|this\s+week's)\s+
            (?:runoff|run-off|second\s+round)\b
            |\b(?:runoff|run-off|second[\s-]round)\s+(?:official\s+)?(?:results?|count|tally|
            returns)\b
            |^(?:in\s+)?the\s+(?:runoff|run-off|second\s+round)\b,"""
        ),
        (
            StatusExample(
                "Marek won the runoff with 52.3% of the vote, the commission said.",
                RaceStatus.SECOND_ROUND,
            ),
            StatusExample(
                "Second-round results gave Horn 47.7% and Marek 52.3%.",
                RaceStatus.SECOND_ROUND,
            ),
            StatusExample(
                "In the second round, Marek took 52.3% and Horn 47.7%.",
                RaceStatus.SECOND_ROUND,
            ),
            StatusExample("The two leaders meet in the runoff on 21 November.", None),
            StatusExample("Marek is favoured to win the runoff.", None),
        ),
        triggers=("runoff", "run-off", "second round", "second-round"),
        unless=_re(r"\b(?:if|unless|would|could|may|might|favou?red|expected|poll|polls|survey)\b"),
    ),
    StatusRule(
        "runoff",
        RaceStatus.RUNOFF,
        _re(
            r"""\b(?:heads?|goes|go|going|headed|heading|proceeds?|moves?)\s+to\s+a\s+
            (?:runoff|run-off|second\s+round)\b
            |\b(?:runoff|run-off|second\s+round)\s+(?:vote\s+|ballot\s+)?(?:will|is\s+to)\s+
            (?:be\s+held|take\s+place)\b
            |\b(?:face|faces|meet|meets|will\s+contest)\s+(?:\w+\s+){0,4}?in\s+a\s+
            (?:runoff|run-off|second\s+round)\b"""
        ),
        (
            StatusExample(
                "The presidential race goes to a runoff after no one won a majority.",
                RaceStatus.RUNOFF,
            ),
            StatusExample(
                "A second round will be held on 21 November between the two leaders.",
                RaceStatus.RUNOFF,
            ),
            StatusExample(
                "She will face the incumbent in a run-off next month.", RaceStatus.RUNOFF
            ),
            StatusExample("A runoff will be held if no candidate wins half the vote.", None),
            StatusExample("He hopes to avoid a second round.", None),
        ),
        triggers=("runoff", "run-off", "second round"),
        unless=_re(r"\b(?:if|unless|avoid(?:s|ed|ing)?|would|could|may|might)\b"),
    ),
    StatusRule(
        "final",
        RaceStatus.FINAL,
        _re(
            rf"""\bfinal\s+(?:official\s+)?(?:results?|count|tally|figures)\b
            |\bcertified\s+the\s+(?:official\s+|final\s+)?{_RESULT}\b
            |\b{_RESULT}\s+(?:was|were|have\s+been|has\s+been)\s+(?:officially\s+)?
            certified\b"""
        ),
        (
            StatusExample(
                "Final results published on Thursday gave the ruling party 41.2%.",
                RaceStatus.FINAL,
            ),
            StatusExample("The commission certified the results on Monday.", RaceStatus.FINAL),
            StatusExample("Final results are expected next week.", None),
            StatusExample("The final count is due by Friday evening.", None),
        ),
        triggers=("final", "certified"),
        unless=_EXPECTED,
    ),
    StatusRule(
        "preliminary",
        RaceStatus.PRELIMINARY,
        _re(
            r"""\b(?:preliminary|provisional)\s+(?:official\s+)?(?:results?|count|tally|figures|
            returns)\b
            |\b(?:partial|early)\s+(?:results?|count|tally|figures|returns)\b"""
        ),
        (
            StatusExample(
                "Preliminary results gave the Greens 12.4% of the vote.",
                RaceStatus.PRELIMINARY,
            ),
            StatusExample("Early returns put the Union ahead.", RaceStatus.PRELIMINARY),
            StatusExample("The early morning rally drew hundreds.", None),
        ),
        triggers=("preliminary", "provisional", "partial", "early"),
    ),
)

_CONTEXT = ("elect", "vote", "ballot")
"""A text must speak of a vote at all before its sentences are cut ("count" would not do: it
stands in "country" and "account")."""


_TWINS: dict[int, tuple[re.Pattern[str], re.Pattern[str] | None]] = {}
"""Each rule pattern's twin for folded text (`folding.folded_twin`), made on first use. Keyed
by identity, the pattern kept beside its twin (so the id is never another's): hashing a
compiled pattern hashes its whole program, which cost more than the twin saved."""


def search(rx: re.Pattern[str], sentence: str, folded: str) -> re.Match[str] | None:
    """`rx.search(sentence)`, run as its folded twin on `folded` (`fold(sentence)`, the same
    offsets) where it has one: the same match, found without IGNORECASE."""
    entry = _TWINS.get(id(rx))
    if entry is None:
        entry = _TWINS[id(rx)] = (rx, folded_twin(rx))
    twin = entry[1]
    return rx.search(sentence) if twin is None else twin.search(folded)


def rule_status(
    sentence: str, rules: tuple[StatusRule, ...] = STATUS_RULES, plain: bool = False
) -> StatusRule | None:
    """The first rule that holds for one sentence, or None. A rule none of whose triggers
    stands in the sentence is not searched. `plain`: search the patterns as written, on the
    sentence itself (what the folded twins are tested against)."""
    low = sentence.lower()
    folded: str | None = None
    for rule in rules:
        if not any(map(low.__contains__, rule.triggers)):
            continue
        if plain:
            if (rule.unless is None or not rule.unless.search(sentence)) and rule.pattern.search(
                sentence
            ):
                return rule
            continue
        if folded is None:
            folded = fold(sentence, low)
        # The words that undo a rule are the cheaper search, and in a demand they stand.
        if (rule.unless is None or not search(rule.unless, sentence, folded)) and search(
            rule.pattern, sentence, folded
        ):
            return rule
    return None


def read_statuses(
    text: str,
    reports_results: bool = True,
    rules: tuple[StatusRule, ...] = STATUS_RULES,
    low: str | None = None,
) -> tuple[StatusMention, ...]:
    """Each race's status as this text states it: one per race, the first rule in table order
    (annulled before re-run before runoff before final before preliminary), so a story that
    recalls the preliminary count before saying the results were annulled reads annulled.
    `reports_results`: the results reader found a share or counting progress to read in the
    text; without, only the `anywhere` rules (annulled, re-run) are tried. `low` is
    `text.lower()` when the caller has it already."""
    low = text.lower() if low is None else low
    if not any(map(low.__contains__, _CONTEXT)):
        return ()
    hit, positions = trigger_hits(low, reports_results, rules)
    if not hit:
        return ()
    marks: Sequence[tuple[int, str]] | None = None  # where the text names races, once needed
    rank = {rule.status: n for n, rule in enumerate(rules)}
    best: dict[str | None, StatusMention] = {}
    tried = tuple(hit)
    for sentence in _sentences(text, positions):
        rule = rule_status(sentence.text, tried)
        if rule is None:
            continue
        m = search(rule.pattern, sentence.text, fold(sentence.text))
        start = sentence.start + (m.start() if m else 0)
        end = sentence.start + (m.end() if m else len(sentence.text))
        if marks is None:
            marks = race_marks(text)
        race = race_at(marks, start, sentence.start, sentence.end)
        old = best.get(race)
        if old is None or rank[rule.status] < rank[old.status]:
            best[race] = StatusMention(rule.status, race, sentence.text, start, end)
    return tuple(best.values())


def trigger_hits(
    low: str, reports_results: bool = True, rules: tuple[StatusRule, ...] = STATUS_RULES
) -> tuple[list[StatusRule], list[int]]:
    """The rules (in table order) one of whose triggers stands in the lower-cased text, and
    where every trigger of those stands: one scan per rule and trigger finds both whether a
    rule may hold and where to cut sentences. (One scan per distinct trigger, the runoff
    words being triggers of two rules, cost more than it spared: measured.)"""
    hit: list[StatusRule] = []
    positions: list[int] = []
    contains = low.__contains__
    for candidate in rules:
        if not (reports_results or candidate.anywhere):
            continue
        # Most texts hold none of a rule's triggers: tests at C speed settle that before the
        # positions of the few that stand are listed.
        if not any(map(contains, candidate.triggers)):
            continue
        hit.append(candidate)
        for t in candidate.triggers:
            positions += find_all(low, t)
    return hit, positions


_ENDS = (". ", "! ", "? ", "\n")
_REACH = 400
"""How far either side of a trigger a sentence boundary is looked for."""


def _sentences(
    text: str, positions: list[int], ends: tuple[str, ...] | None = None
) -> list[Sentence]:
    """The sentence around each position, each once: cut at the nearest full stop or line
    break either side, within `_REACH` (a status sentence is short and plain; the story
    sentence cutter, with its abbreviations and datelines, cost more than the reading).
    `ends`: the ends looked for; by default those whose first character the text holds
    ("!", "?", often "\n" stand nowhere in it: a one-character test is a memchr, and the
    searches it spares scan the whole reach both ways). The plain version passes `_ENDS`."""
    out: list[Sentence] = []
    done_to = -1
    marks = tuple(e for e in _ENDS if e[0] in text) if ends is None else ends
    size = len(text)
    for pos in sorted(positions):
        if pos < done_to:
            continue
        lo = pos - _REACH if pos > _REACH else 0
        start, end = lo, min(size, pos + _REACH)
        hi = end
        for e in marks:
            i = text.rfind(e, lo, pos)
            if i >= 0 and i + len(e) > start:
                start = i + len(e)
            i = text.find(e, pos, hi)
            if 0 <= i < end - 1:
                end = i + 1
        piece = text[start:end]
        stripped = piece.strip()
        if stripped:
            lead = start + len(piece) - len(piece.lstrip())
            out.append(Sentence(stripped, lead, lead + len(stripped)))
        done_to = end
    return out
