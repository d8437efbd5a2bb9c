"""Killed, injured, arrested and crowd-size mentions, and the one total per kind a text reports."""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, replace
from functools import lru_cache
from itertools import accumulate

from crisiswatch.extract.anchors import PERSON_TOKENS, ZERO_TOKENS
from crisiswatch.extract.numbers import NUMBER, NUMBER_TOKENS, parse_number
from crisiswatch.extract.sentences import Sentence
from crisiswatch.models import Figure, Kind, Qual, Total

_F = re.IGNORECASE | re.VERBOSE
KINDS = tuple(Kind)
"""Every kind, in order: iterating the enum itself costs more each time."""
_ODD_FOLDS = {"\u0131": "i", "\u017f": "s", "\u0130": "i"}
"""Characters IGNORECASE matches to an ASCII letter that `str.lower` leaves alone (dotless i,
long s) or turns into two characters (dotted capital I)."""


def fold(text: str, low: str | None = None) -> str:
    """`text` lower-cased one character for one, so offsets stay those of `text`: what the
    casualty patterns run on. `low` is `text.lower()` when the caller has it already."""
    low = text.lower() if low is None else low
    if len(low) == len(text) and "\u0131" not in low and "\u017f" not in low:
        return low
    return "".join(_ODD_FOLDS.get(c) or (c.lower() if len(c.lower()) == 1 else c) for c in text)


def _folded(pattern: str, flags: int = _F) -> re.Pattern[str]:
    """Compile a case-insensitive pattern to run on `fold`ed text: lower-cased and without
    IGNORECASE, which `re` matches several times faster (its literal fast paths stay on)."""
    if re.search(r"\\[A-Z]|\(\?-i", pattern):  # \S, \W, \B ... would change meaning
        raise ValueError(f"pattern cannot be folded: {pattern[:40]}")
    return re.compile(pattern.lower().replace("(?p<", "(?P<"), flags & ~re.IGNORECASE)


QUALIFIERS: tuple[tuple[Qual, str], ...] = (
    (
        Qual.AT_LEAST,
        r"at\s+least|a\s+minimum\s+of|no\s+fewer\s+than|no\s+less\s+than|not\s+less\s+than",
    ),
    (
        Qual.MORE_THAN,
        r"more\s+than|just\s+over|well\s+over|over|upwards\s+of|in\s+excess\s+of|above",
    ),
    (
        Qual.UP_TO,
        r"up\s+to|as\s+many\s+as|at\s+most|no\s+more\s+than|fewer\s+than|less\s+than|under",
    ),
    (
        Qual.ABOUT,
        r"about|around|some|approximately|roughly|nearly|almost|close\s+to|an\s+estimated|estimated"
        r"|approx\.?|circa|reportedly",
    ),
)
"""Words before a number and the qualifier they give it, matched in this order."""

_QUAL = "|".join(f"(?:{p})" for _, p in QUALIFIERS)
_QUAL_RES = tuple((q, re.compile(rf"(?:{p})$", re.IGNORECASE)) for q, p in QUALIFIERS)
_DASH = r"(?:-|\u2013|\u2014|\bto\b|\bor\b)"
_QTY = rf"(?:between\s+{NUMBER}\s+and\s+{NUMBER}|{NUMBER}(?:\s*{_DASH}\s*{NUMBER})?)"
_NUM_IN_QTY = re.compile(rf"(?<![\w.,]){NUMBER}(?!\w)", re.IGNORECASE)

# A number followed by one of these is an age, a time, money, a share or a count of something else.
_UNIT = (
    r"(?![,.]\d)(?!\s*(?:-|\s)?(?:years?[- ]old|year|yr|%|per\s*cent|percent|pct|votes?|ballots?|seats?|"
    r"days?|hours?|minutes?|weeks?|months?|years|decades?|a\.m\.|p\.m\.|am\b|pm\b|o'clock|"
    r"km|kilomet|miles?|metres?|meters?|kg|tons?|tonnes?|dollars?|euros?|som\b|soms\b|rubles?|"
    r"roubles?|pounds?|usd|eur|billion|times|th\b|st\b|nd\b|rd\b|:\d|\.\d|/))"
)
_LEAD = r"(?<![\w$€£¥.,:/#-])"  # not in a word, price, time, URL or other number

_BLOCK = (
    r"(?:and|or|but|than|after|before|while|when|where|whereas|although|though|since|until|"
    r"because|said|says|say|including|among|whom|killed|died|dead|injured|wounded|arrested|"
    r"detained|gathered|rallied|marched|deployed|"
    + "|".join(
        (
            "one",
            "two",
            "three",
            "four",
            "five",
            "six",
            "seven",
            "eight",
            "nine",
            "ten",
            "twelve",
            "twenty",
            "thirty",
            "forty",
            "fifty",
            "hundred",
            "hundreds",
            "thousand",
            "thousands",
            "dozen",
            "dozens",
        )
    )
    + r")"
)
_GAPWORD = rf"(?!{_BLOCK}\b)[a-z][\w'\u2019-]*"

_KILLED_FWD = (
    r"fatally\s+(?:shot|wounded|injured|stabbed|beaten)|shot\s+dead|killed|dead|died|deaths?|"
    r"fatalities|lost\s+(?:their|his|her)\s+lives?|perished|slain|succumbed|bodies"
)
_INJURED_FWD = (
    r"injured|injuries|wounded|hurt|hospitali[sz]ed|hospitali[sz]ations|"
    r"(?:sought|needed|required|received)\s+(?:medical|hospital)\s+(?:help|attention|treatment|care)"
)
_ARRESTED_FWD = (
    r"arrested|detained|arrests|detentions|detainees|(?:were|are|being|been|was|is)\s+held|"
    r"(?:taken\s+)?into\s+custody|rounded\s+up|apprehended"
)
_FORWARD = _folded(
    rf"""{_LEAD}
    (?:(?P<qual>{_QUAL})\s+)?
    (?P<qty>{_QTY}){_UNIT}
    (?P<gap>(?:\s+of)?(?:\s+{_GAPWORD}){{0,6}}?)
    \s+(?:(?P<k>{_KILLED_FWD})|(?P<i>{_INJURED_FWD})|(?P<a>{_ARRESTED_FWD}))\b""",
    _F,
)

_TOLL_VERBS = (
    r"(?:\s+(?:from|in|of)\s+(?:the\s+)?[a-z]+(?:\s+[a-z]+)?(?=\s+(?:has|had|rose|risen|climbed|"
    r"jumped|increased|grew|reached|hit|stood|stands|rises|climbs|is|was|now)\b))?"
    r"(?:\s+(?:has|had|have|was|is|now|rose|risen|climbed|jumped|increased|grew|reached|hit|"
    r"stood|stands|rises|climbs|officially|reportedly|to|at|of)){0,4}"
)
_KILLED_BWD = (
    r"killing|killed|kills|kill|claimed\s+the\s+lives\s+of|shot\s+dead|fatally\s+shot|"
    r"shot\s+and\s+killed|beat\s+to\s+death|gunned\s+down|"
    rf"(?:death|fatality)\s+toll{_TOLL_VERBS}|\btoll{_TOLL_VERBS}|"
    rf"number\s+of\s+(?:the\s+)?(?:dead|deaths|fatalities|people\s+killed|those\s+killed){_TOLL_VERBS}"
)
_INJURED_BWD = (
    r"injuring|wounding|injured|wounded|hurting|hospitali[sz]ing|"
    r"number\s+of\s+(?:the\s+)?(?:injured|wounded|injuries|people\s+injured|those\s+injured|"
    rf"people\s+hospitali[sz]ed){_TOLL_VERBS}"
)
_ARRESTED_BWD = (
    r"arresting|arrested|arrests|arrest|detaining|detained|detains|detain|rounded\s+up|"
    r"rounding\s+up|apprehended|"
    r"number\s+of\s+(?:the\s+)?(?:detainees|arrests|detentions|people\s+(?:arrested|detained)|"
    rf"those\s+(?:arrested|detained)){_TOLL_VERBS}"
)
_BACKWARD = _folded(
    rf"""\b(?:(?P<k>{_KILLED_BWD})|(?P<i>{_INJURED_BWD})|(?P<a>{_ARRESTED_BWD}))
    \s+(?:(?:a\s+total\s+of|another|a\s+further|an\s+additional)\s+)?
    (?:(?P<qual>{_QUAL})\s+)?
    {_LEAD}(?P<qty>{_QTY}){_UNIT}(?!\s+(?:of\s+(?:them|whom|those)|percent))""",
    _F,
)

_PERSON = (
    r"(?:person|man|woman|protester|protestor|demonstrator|civilian|student|policeman|policewoman|"
    r"police\s+officer|officer|soldier|journalist|reporter|photographer|child|boy|girl|teenager|"
    r"bystander|activist|supporter|resident|guard|serviceman|leader|politician|lawmaker|"
    r"candidate|doctor|pensioner|youth|passer-by|worker|member)"
)
_SINGLE_FWD = _folded(
    rf"""\b(?:an?|another)\s+(?:[\w'\u2019-]+\s+){{0,2}}?{_PERSON}
    \s+(?:(?:who|was|has|had|been|reportedly|later|also|is|were)\s+){{0,3}}
    (?:(?P<k>{_KILLED_FWD})|(?P<i>injured|wounded|hurt|hospitali[sz]ed)|(?P<a>arrested|detained|
    taken\s+into\s+custody))\b""",
    _F,
)
_SINGLE_BWD = _folded(
    rf"""\b(?:(?P<k>killing|killed|kills|shot\s+dead|fatally\s+shot|fatally\s+wounded|
    fatally\s+stabbed|shot\s+and\s+killed|beat\s+to\s+death|gunned\s+down)|
    (?P<i>injuring|injured|wounding|wounded)|(?P<a>arresting|arrested|detaining|detained))
    \s+(?:an?|another)\s+(?:[\w'\u2019-]+\s+){{0,2}}?{_PERSON}\b""",
    _F,
)
_ZERO = _folded(
    r"""\b(?:no|zero)\s+(?:(?P<k>deaths|death|fatalities|one\s+(?:was\s+|has\s+been\s+|had\s+been\s+|
    were\s+)?(?:killed|died)|lives\s+were\s+lost)|(?P<i>injuries|one\s+(?:was\s+|has\s+been\s+|had\s+been\s+|
    were\s+)?(?:injured|hurt|wounded))|(?P<a>arrests|detentions|one\s+(?:was\s+|has\s+been\s+|
    had\s+been\s+)?(?:arrested|detained)))\b
    |\b(?:nobody|none)\s+(?:was\s+|has\s+been\s+|had\s+been\s+|were\s+)?(?:(?P<k2>killed|died)|
    (?P<i2>injured|hurt|wounded)|(?P<a2>arrested|detained))\b""",
    _F,
)

_CROWD_NOUN = (
    r"(?:people|protesters|protestors|demonstrators|supporters|backers|followers|loyalists|marchers|residents|citizens|"
    r"students|activists|opponents|participants|rally-goers|women|men|workers|youths|mourners|"
    r"voters|pensioners|villagers|farmers|Kyrgyz)"
)
_HELD = _folded(
    rf"""\b(?P<a>held|holding|holds)\s+(?:(?P<qual>{_QUAL})\s+)?{_LEAD}(?P<qty>{_QTY}){_UNIT}
    (?=(?:\s+[a-z][\w-]*)?\s+{_CROWD_NOUN}\b)""",
    _F,
)
_CROWD_VERB = _folded(
    r"""\b(?:gathered|gather|rallied|rally|rallying|marched|march|marching|protested|protesting|
    demonstrated|demonstrating|took\s+to\s+the\s+streets|turned\s+out|came\s+out|poured|filled|
    flooded|massed|assembled|converged|joined|attended|took\s+part|packed|thronged|stormed|
    blocked|surrounded|gathering|chanting|calling\s+for|demanding|waving)\b""",
    _F,
)
_CROWD_NOUN_FORM = _folded(
    rf"""{_LEAD}(?:(?P<qual>{_QUAL})\s+)?(?P<qty>{_QTY}){_UNIT}
    (?:\s+of)?(?:\s+(?:the|their|angry|young|local|opposition|anti-government|pro-government|
    government|other|more|[A-Z][\w'\u2019-]*)){{0,3}}\s+{_CROWD_NOUN}\b""",
    _F,
)
_CROWD_BARE = _folded(
    rf"""{_LEAD}(?:(?P<qual>{_QUAL})\s+)?(?P<qty>{_QTY}){_UNIT}
    (?:\s+(?:had|have|also|then|reportedly))?\s+(?=(?:gathered|rallied|marched|protested|
    demonstrated|took\s+to\s+the\s+streets|turned\s+out|came\s+out|poured|massed|assembled|
    converged|took\s+part)\b)""",
    _F,
)
_CROWD_OF = _folded(
    rf"""\b(?:crowds?|rally|rallies|gathering|demonstration|march|protest)\s+
    (?:(?:estimated|put|numbering|numbered|which\s+numbered|of\s+what\s+appeared\s+to\s+be)\s+(?:at\s+)?)?
    (?:of\s+)?(?:(?P<qual>{_QUAL})\s+)?{_LEAD}(?P<qty>{_QTY}){_UNIT}""",
    _F,
)
_CROWD_ESTIMATE = _folded(
    rf"""\b(?:estimated|estimates|estimate|put|puts|put\s+the\s+size\s+of|numbered)\s+the\s+
    (?:crowd|rally|turnout|protest)(?:\s+size)?\s+(?:at\s+)?(?:(?P<qual>{_QUAL})\s+)?{_LEAD}
    (?P<qty>{_QTY}){_UNIT}""",
    _F,
)
_CROWD_STRONG = _folded(
    rf"{_LEAD}(?:(?P<qual>{_QUAL})\s+)?(?P<qty>{_QTY})-strong\s+(?:crowd|rally|march|protest)",
    re.IGNORECASE,
)
_CROWD_DRAW = _folded(
    rf"""\b(?:drew|drawing|draws|attracted|attracting|brought\s+out|brought)\s+
    (?:(?:a\s+crowd\s+of|crowds\s+of)\s+)?(?:(?P<qual>{_QUAL})\s+)?{_LEAD}(?P<qty>{_QTY}){_UNIT}""",
    _F,
)

_CASUALTY_WORD = _folded(
    r"\b(?:kill|dead|died|death|fatal|injur|wound|hurt|hospital|medical|arrest|detain|detention|"
    r"held|custody|rounded|apprehend|toll|lost\s+(?:their|his|her)|perish|slain|succumb|bodies|"
    r"shot|nobody|none|lives|claimed)",
    re.IGNORECASE,
)

# Which patterns may read a sentence at all: a casualty stem for the casualty patterns, a crowd
# stem for the crowd ones (plain substring tests on the lower-cased sentence).
_CASUALTY_STEMS = (
    "kill",
    "dead",
    "died",
    "death",
    "fatal",
    "lives",
    "perish",
    "slain",
    "succumb",
    "bodies",
    "injur",
    "wound",
    "hurt",
    "hospital",
    "medical",
    "arrest",
    "detain",
    "detention",
    "held",
    "custody",
    "rounded",
    "apprehend",
    "toll",
    "shot",
    "nobody",
    "none",
)
_CROWD_STEMS = (
    "crowd",
    "rallied",
    "rally",
    "rallies",
    "rallying",
    "gather",
    "marched",
    "marching",
    "march ",
    "protested",
    "protesting",
    "demonstrated",
    "demonstrating",
    "to the streets",
    "turned out",
    "came out",
    "poured",
    "filled",
    "flooded",
    "massed",
    "assembled",
    "converged",
    "joined",
    "attended",
    "took part",
    "packed",
    "thronged",
    "stormed",
    "blocked",
    "surrounded",
    "chanting",
    "calling for",
    "demanding",
    "waving",
    "-strong",
    "drew",
    "drawing",
    "attract",
    "brought",
    "estimate",
    "put the",
    "numbered",
    "numbering",
)

# The first word of every match of each pattern (lower-cased). A pattern is tried only where a
# word it can open with stands, instead of at every character: the main saving of the reader.
# tests/unit/test_extract_fastpath.py checks each set against a scan of the whole corpus.
_QTY_OPENERS = (
    frozenset(alt.split("\\")[0] for _, p in QUALIFIERS for alt in p.split("|"))
    | NUMBER_TOKENS
    | {"between", "a", "several", "half"}
)
"""Words a qualified quantity ("at least 12", "a few hundred", "between 10 and 15") opens with,
besides digits: the opening words of every number-led pattern."""
_QTY_REACH = 6
"""Most words from a quantity's opening word to its first number word or digit: a qualifier of
three words ("no fewer than"), "between", then "half a" before "dozen"."""
_BACKWARD_OPENERS = frozenset(
    [
        "killing",
        "killed",
        "kills",
        "kill",
        "claimed",
        "shot",
        "fatally",
        "beat",
        "gunned",
        "death",
        "fatality",
        "toll",
        "number",
        "injuring",
        "wounding",
        "injured",
        "wounded",
        "hurting",
        "hospitalising",
        "hospitalizing",
        "arresting",
        "arrested",
        "arrests",
        "arrest",
        "detaining",
        "detained",
        "detains",
        "detain",
        "rounded",
        "rounding",
        "apprehended",
    ]
)
_HELD_OPENERS = frozenset(["held", "holding", "holds"])
_ARTICLES = frozenset(["a", "an", "another"])
_SINGLE_BWD_OPENERS = frozenset(
    [
        "killing",
        "killed",
        "kills",
        "shot",
        "fatally",
        "beat",
        "gunned",
        "injuring",
        "injured",
        "wounding",
        "wounded",
        "arresting",
        "arrested",
        "detaining",
        "detained",
    ]
)
_CROWD_OF_OPENERS = frozenset(
    ["crowd", "crowds", "rally", "rallies", "gathering", "demonstration", "march", "protest"]
)
_CROWD_ESTIMATE_OPENERS = frozenset(
    ["estimated", "estimates", "estimate", "put", "puts", "numbered"]
)
_CROWD_DRAW_OPENERS = frozenset(["drew", "drawing", "draws", "attracted", "attracting", "brought"])
_CROWD_VERB_WORDS = frozenset(
    [
        *("gathered", "gather", "gathering", "rallied", "rally", "rallying", "marched", "march"),
        *("marching", "protested", "protesting", "demonstrated", "demonstrating", "took"),
        *("turned", "came", "poured", "filled", "flooded", "massed", "assembled", "converged"),
        *("joined", "attended", "packed", "thronged", "stormed", "blocked", "surrounded"),
        *("chanting", "calling", "demanding", "waving"),
    ]
)
"""The first word of every `_CROWD_VERB` match, a whole word (a superset of the verbs
`_CROWD_BARE` looks ahead for)."""
_CROWD_WORDS = _CROWD_OF_OPENERS | _CROWD_ESTIMATE_OPENERS | _CROWD_DRAW_OPENERS | _CROWD_VERB_WORDS
"""Where none of these words stands (and no "-strong"), no crowd pattern can match: each
opens with one of its openers, or needs a gathering verb after its number."""
_CROWD_VERB_REACH = 160
"""`_crowd_verb_follows` reads this far: in a longer sentence its window can cut a word short
("marchers" → "march"), so whole words no longer prove a verb absent."""
_WORD_SPLIT = re.compile(r"(\w+)")


class _Words:
    """The words of one `fold`ed sentence and where each starts: the only places a pattern
    can start (every pattern opens a word)."""

    __slots__ = ("has_number", "present", "qty_starts", "starts", "words")

    def __init__(self, folded: str) -> None:
        # One regex pass, the rest at C speed: the split holds gap, word, gap, ..., gap, so the
        # words stand at odd indexes and each starts where the running length of the pieces
        # before it ends (no match object, no `m.start()` call per word).
        pieces = _WORD_SPLIT.split(folded)
        self.words: list[str] = pieces[1::2]
        self.starts: list[int] = list(accumulate(map(len, pieces)))[:-1:2]
        self.present = frozenset(self.words)
        numbers = [i for i, w in enumerate(self.words) if w in NUMBER_TOKENS or w[0].isdecimal()]
        self.has_number = bool(numbers)
        self.qty_starts = self._qty_starts(numbers) if numbers else []

    def _qty_starts(self, numbers: list[int]) -> list[int]:
        """Where a quantity, qualifier included, may open: a few words before a number."""
        words = self.words
        out: list[int] = []
        done = -1  # words up to here are checked: windows of nearby numbers overlap
        for j in numbers:
            for i in range(max(done + 1, j - _QTY_REACH), j + 1):
                w = words[i]
                if w in _QTY_OPENERS or w[0].isdecimal():
                    out.append(self.starts[i])
            done = j
        return out

    def at(self, openers: frozenset[str]) -> list[int]:
        """Start offsets, ascending, of every word in `openers`."""
        if openers.isdisjoint(self.present):
            return []
        return [p for p, w in zip(self.starts, self.words, strict=True) if w in openers]

    def has_any(self, words: frozenset[str]) -> bool:
        return not words.isdisjoint(self.present)

    def may_hold_crowd(self, folded: str) -> bool:
        """False only when no crowd pattern can match `folded` (the sentence these words
        are of): a cheap test that spares the crowd stem scan in most casualty sentences."""
        return (
            not _CROWD_WORDS.isdisjoint(self.present)
            or "-strong" in folded
            or len(folded) > _CROWD_VERB_REACH
        )


def _matches_at(
    rx: re.Pattern[str], text: str, starts: Iterable[int], endpos: int | None = None
) -> Iterator[re.Match[str]]:
    """What `rx.finditer(text)` yields when a match can only start at one of `starts`
    (ascending): tried there alone, left to right, never inside an earlier match."""
    end = 0
    for pos in starts:
        if pos < end:
            continue
        m = rx.match(text, pos) if endpos is None else rx.match(text, pos, endpos)
        if m is not None:
            end = m.end()
            yield m


# Attribution: who gave the figure.
_ACCORDING = re.compile(
    r"\b(?:according\s+to|citing|cited\s+by|per)\s+(?P<src>[^,.;:()\"“”]{2,80})", re.IGNORECASE
)
_SAID_BEFORE = re.compile(
    r"(?:^|[,;:\"“”(\u2014\u2013]\s*)(?P<src>[A-Za-z][^,;:\"“”()\u2014\u2013]{1,70}?)\s+(?:has\s+|had\s+|have\s+)?"
    r"(?:said|says|reported|reports|announced|stated|confirmed|told|added|wrote|posted|tweeted)\b",
)
_SAID_OPEN = re.compile('[,;:"“”(\u2014\u2013]')
"""Where a `_SAID_BEFORE` match can open, besides the start of the sentence."""
_SAID_STOP = re.compile('[,;:"“”()\u2014\u2013]')
"""What a speaker's name in `_SAID_BEFORE` cannot hold."""
_SAID_AFTER = re.compile(
    r"\b(?:said|says|reported|announced|confirmed)\s+(?P<src>(?:the\s+)?[A-Z][^,.;:()\"“”]{1,60})"
    r"(?:[,.;]|$)"
)
_SPEECH_VERB = re.compile(
    "said|says|reported|reports|announced|stated|confirmed|told|added|wrote|posted|tweeted"
)
"""Every verb `_SAID_BEFORE` and `_SAID_AFTER` need (both are case-sensitive)."""
_SPEECH_STEMS = (
    "said",
    "says",
    "report",
    "announced",
    "stated",
    "confirmed",
    "told",
    "added",
    "wrote",
    "posted",
    "tweeted",
)
"""A part of every `_SPEECH_VERB` match, case kept."""
_PUT_NUMBER = re.compile(
    r"(?:^|[,;:(]\s*|\b(?:while|but|whereas|and)\s+)(?P<src>[A-Za-z][^,;:\"()]{1,60}?)\s+"
    r"(?:put|puts|estimated|estimates|gave|gives|placed|places)\s+the\s+(?:number|toll|figure|count)",
    re.IGNORECASE,
)
_PUT_TAIL = _folded(
    r"\b(?:put|puts|estimated|estimates|gave|gives|placed|places)\s+the\s+(?:number|toll|figure|count)"
)
"""The end of every `_PUT_NUMBER` match, found far faster on its own."""
_PUT_STEMS = ("put", "estimat", "gave", "gives", "plac")
"""A part of every `_PUT_TAIL` match (folded)."""
_PRONOUN_SOURCE = re.compile(
    r"^(?:he|she|they|it|we|i|you|this|that|which|who|there|officials?\s+have|reports?)$",
    re.IGNORECASE,
)
_SOURCE_TRIM = re.compile(
    r"\s+(?:on|in|late|early|last|this|yesterday|today|tonight|overnight)\b.*$", re.IGNORECASE
)
_SOURCE_NOT = re.compile(r"\d|\b(?:killed|injured|died|dead|arrested|detained|were|was)\b", re.I)

# Background: a figure about another event or an earlier year.
_BACKGROUND = _folded(
    r"""\b(?:last\s+year|last\s+month|a\s+year\s+ago|years\s+ago|a\s+decade\s+ago|decades?\s+ago|
    in\s+(?:19|20)\d\d\b|(?:19|20)\d\d(?:'s)?\s+(?:revolution|uprising|unrest|protests?|clashes|
    riots?|violence|crackdown|events|election|coup)|since\s+(?:19|20)\d\d|previous|earlier\s+
    (?:unrest|uprising|revolution|protests|clashes|riots)|back\s+in|the\s+(?:19|20)\d\d\s|
    (?:revolutions?|uprisings?)\s+(?:of|in)\s+(?:19|20)\d\d|historic(?:al)?|in\s+the\s+past)""",
    _F,
)
_BACKGROUND_STEMS = ("last", "ago", "19", "20", "previous", "earlier", "back", "historic", "past")
"""A part of every `_BACKGROUND` match: where none stands, the costly search is skipped."""
_CLAUSE_BREAK = re.compile(r"(?<!\d),|,(?!\d)|[;:\u2014\u2013()]|\s-\s")
_RELATIVE_BACK = _folded(r"^\s*(?:when|in\s+which|which\s+left|that\s+left|where)\b", re.I)

_SUBSET = _folded(
    r"\b(?:including|among\s+(?:them|whom|the\s+\w+|those\s+\w+)|of\s+whom|of\s+them|"
    r"(?:mostly|mainly))\s*(?:were\s+)?(?:\w+\s+)?$",
    re.IGNORECASE,
)
_SUBSET_AFTER = _folded(r"^\s*of\s+(?:them|whom|those)\b", re.IGNORECASE)
_SUBSET_STEMS = ("includ", "among", "whom", "them", "those", "mostly", "mainly")
"""A word of every `_SUBSET` and `_SUBSET_AFTER` match: where none stands, neither matches."""
_GENERIC_NOUN = _folded(
    r"^\s*(?:of\s+)?(?:the\s+)?(?:people|persons?|others?|individuals|in\s+total|"
    r"(?:were|was|have|had|been|are|reportedly|\s)*)?\s*$",
    re.IGNORECASE,
)
_ADDITIVE = _folded(r"\b(?:more|other|others|another|additional|further)\b", re.IGNORECASE)
_TOLL_WORD = _folded(r"\b(?:toll|number\s+of)\b", re.IGNORECASE)
_FROM = re.compile(r"\bfrom\s*$", re.IGNORECASE)


# The words between or around a figure and its verb are short and few ("people", "the death
# toll rose to"): cached, the patterns below run once per distinct phrase.
@lru_cache(maxsize=1024)
def _generic_gap(gap: str) -> bool:
    """The words between a number and its verb count people in general ("12 people")."""
    return _GENERIC_NOUN.match(gap) is not None


@lru_cache(maxsize=1024)
def _extra_marks(extra: str) -> tuple[bool, bool]:
    """Whether the words around a figure make it additive ("two more") and a running toll."""
    return _ADDITIVE.search(extra) is not None, _TOLL_WORD.search(extra) is not None


@dataclass(slots=True)
class Mention:
    """A figure plus what decides whether it counts toward the text's total. Read-only by
    convention: not frozen, as a frozen dataclass costs three times as much to build."""

    figure: Figure
    sentence_index: int
    subset: bool = False
    """Part of a larger figure stated beside it ("including 7 children")."""
    background: bool = False
    """About another event or an earlier year ("last year's clashes left 43 dead")."""
    generic: bool = True
    """Counts people in general ("12 people"), so it can be the total of a breakdown."""
    additive: bool = False
    """Adds to an earlier figure ("two more people died")."""
    coordinated: bool = False
    """One part of "30 in Bishkek and 12 in Osh": the parts add up."""
    toll: bool = False
    """Stated as a running total ("raising the death toll to four"): it already holds the rest."""


@lru_cache(maxsize=256)
def _qual_of(text: str | None) -> Qual | None:
    """The qualifier a qualifier phrase gives. Cached: news repeats a few dozen phrases."""
    if not text:
        return None
    for qual, rx in _QUAL_RES:
        if rx.search(text):
            return qual
    return None


@lru_cache(maxsize=4096)
def _qty_values(qty: str) -> tuple[tuple[int, bool], ...] | None:
    """(value, vague) of every number in a quantity phrase; None when one is no whole count.
    Cached: the same few quantities ("two", "dozens", "1,000") recur across items."""
    values: list[tuple[int, bool]] = []
    for m in _NUM_IN_QTY.finditer(qty):
        parsed = parse_number(m.group(0))
        if parsed is None:
            return None
        values.append(parsed)
    return tuple(values)


def _read_qty(qty: str, prefix: str) -> tuple[int, int | None, bool] | None:
    """(value, high or None, vague) from a quantity phrase, ranges included."""
    values = _qty_values(qty)
    if not values:
        return None
    if len(values) == 1:
        return values[0][0], None, values[0][1]
    (lo, lo_vague), (hi, hi_vague) = values[0], values[-1]
    if _FROM.search(prefix):  # "rose from 12 to 15": the figure is the new one
        return hi, None, hi_vague
    if hi < lo:
        return None
    if hi == lo:
        return lo, None, lo_vague
    return lo, hi, lo_vague or hi_vague


def _kind_of(m: re.Match[str]) -> Kind:
    groups = m.groupdict()
    if groups.get("k") or groups.get("k2"):
        return Kind.KILLED
    if groups.get("i") or groups.get("i2"):
        return Kind.INJURED
    return Kind.ARRESTED


def _speakers(sentence: str, low: str | None = None) -> list[tuple[int, str, bool]]:
    """(position, source, is_channel) of every "X said", "said X", "X put the number at" and
    "according to X" in a sentence; "according to" marks a channel that may relay a speaker.
    `low` is `fold(sentence)` when the caller has it already."""
    # Skip the costly scans whose own words are missing (substring tests cost far less).
    if _has_stem(sentence, _SPEECH_STEMS):
        verbs = [m.start() for m in _SPEECH_VERB.finditer(sentence)]
    else:
        verbs = []
    if low is None:
        low = fold(sentence)
    put = _has_stem(low, _PUT_STEMS) and _PUT_TAIL.search(low) is not None
    according = "accord" in low or "cit" in low or "per" in low
    if not (verbs or put or according):  # most figure sentences name no speaker
        return []
    found: list[tuple[Iterable[re.Match[str]], bool]] = [
        (_said_before(sentence, verbs), False),
        (_SAID_AFTER.finditer(sentence) if verbs else (), False),
        (_PUT_NUMBER.finditer(sentence) if put else (), False),
        (_ACCORDING.finditer(sentence) if according else (), True),
    ]
    out: list[tuple[int, str, bool]] = []
    for matches, channel in found:
        for m in matches:
            src = _clean_source(m.group("src"))
            if src:
                out.append((m.start("src"), src, channel))
    out.sort()
    return out


def _said_before(sentence: str, verbs: Sequence[int]) -> list[re.Match[str]]:
    """`_SAID_BEFORE.finditer(sentence)`, tried only where a speech verb follows before the
    next punctuation the speaker's name cannot hold: each try scans up to 70 characters."""
    if not verbs:
        return []
    opens = [0, *(m.start() for m in _SAID_OPEN.finditer(sentence, 1))]
    stops = [m.start() for m in _SAID_STOP.finditer(sentence)]
    out: list[re.Match[str]] = []
    end = 0
    for at in opens:
        if at < end:
            continue
        # Both lists ascend: the first stop and the first verb after `at`.
        i = bisect_right(stops, at)
        stop = stops[i] if i < len(stops) else len(sentence)
        j = bisect_right(verbs, at)
        if j == len(verbs) or verbs[j] >= stop:
            continue
        m = _SAID_BEFORE.match(sentence, at)
        if m is not None:
            out.append(m)
            end = m.end()
    return out


def attribution(sentence: str, pos: int = 0) -> str | None:
    """Who the sentence says gave the figure at `pos`: "the health ministry", "AKI Press", or
    "the health ministry via AKI Press".

    A speaker named before the figure ("According to police, 3,000 gathered; organisers said
    10,000 rallied") gives it, the nearest one winning, so two sources in one sentence stay
    apart. Otherwise the speakers after it do, a speaker relayed by a channel read as both.
    """
    return _attribute(_speakers(sentence), pos)


def _attribute(speakers: Sequence[tuple[int, str, bool]], pos: int) -> str | None:
    """`attribution` from the sentence's speakers, found once per sentence."""
    if not speakers:
        return None
    before = [sp for sp in speakers if sp[0] <= pos]
    if before:
        return before[-1][1]
    said = next((name for _, name, channel in speakers if not channel), None)
    via = next((name for _, name, channel in speakers if channel), None)
    if said and via and said.lower() != via.lower():
        return f"{said} via {via}"
    return said or via


@lru_cache(maxsize=1024)
def _clean_source(src: str) -> str | None:
    """The speaker's name, tidied, or None. Cached: the same sources recur across items."""
    src = _SOURCE_TRIM.sub("", src.strip())
    src = src.strip(" '\"“”")
    words = src.split()
    if not words or len(words) > 7 or _PRONOUN_SOURCE.match(src) or _SOURCE_NOT.search(src):
        return None
    return src


def _clause_breaks(sentence: str) -> list[int]:
    return [0, *(m.end() for m in _CLAUSE_BREAK.finditer(sentence)), len(sentence) + 1]


def _is_background(sentence: str, pos: int, breaks: Sequence[int] | None = None) -> bool:
    """A figure belongs to another event when a background marker is in its clause, in a
    sentence-opening clause ("In 2010, ..."), or before a "when ..." clause it stands in.
    Callers first check that the sentence holds a marker at all; `breaks` are its
    `_clause_breaks`, when already known."""
    if breaks is None:
        breaks = _clause_breaks(sentence)
    for i in range(len(breaks) - 1):
        lo, hi = breaks[i], breaks[i + 1]
        if lo <= pos < hi:
            clause = sentence[lo:hi]
            if _BACKGROUND.search(clause):
                return True
            if (
                i > 0
                and _BACKGROUND.search(sentence[breaks[0] : breaks[1]])
                and (breaks[1] < 40 or _RELATIVE_BACK.match(clause))
            ):
                return True
            return bool(
                i > 0
                and _RELATIVE_BACK.match(clause)
                and _BACKGROUND.search(sentence[breaks[i - 1] : lo])
            )
    return False


def _figure(
    kind: Kind,
    qual_text: str | None,
    qty: str,
    prefix: str,
    sentence: Sentence,
    start: int,
    end: int,
    source: str | None,
) -> Figure | None:
    read = _read_qty(qty, prefix)
    if read is None:
        return None
    value, high, vague = read
    if high is not None:
        qual = Qual.RANGE
    elif vague:
        qual = _qual_of(qual_text) or Qual.AT_LEAST
    else:
        qual = _qual_of(qual_text) or Qual.EXACT
    return Figure(
        kind=kind,
        value=value,
        qual=qual,
        high=high,
        attribution=source,
        sentence=sentence.text,
        start=sentence.start + start,
        end=sentence.start + end,
        vague=vague,
    )


def _has_stem(low: str, stems: tuple[str, ...]) -> bool:
    for stem in stems:  # noqa: SIM110 -- a plain loop skips the generator `any(...)` sets up
        if stem in low:
            return True
    return False


def sentence_mentions(sentence: Sentence, index: int) -> list[Mention]:
    """Every casualty and crowd figure in one sentence, left to right."""
    text = sentence.text
    low = text.lower()
    casualty = _has_stem(low, _CASUALTY_STEMS)
    crowd: bool | None = None  # looked up only when a crowd pattern could run
    if not casualty:
        crowd = _has_stem(low, _CROWD_STEMS)
        if not crowd:
            return []
    folded = fold(text, low)  # the patterns read this; figures quote `text`
    words = _Words(folded)
    taken: list[tuple[int, int]] = []
    found: list[tuple[int, Mention]] = []
    speakers: list[tuple[int, str, bool]] | None = None
    marked: bool | None = None  # any background marker at all, once a figure is found
    breaks: list[int] = []  # clause breaks, once a marked sentence has a figure
    # Every word `_SUBSET` or `_SUBSET_AFTER` needs, once a figure is found: most sentences
    # hold none, and then neither pattern runs per figure.
    subset_words: bool | None = None

    def background(pos: int) -> bool:
        nonlocal marked
        if marked is None:
            marked = _has_stem(folded, _BACKGROUND_STEMS) and _BACKGROUND.search(folded) is not None
        if not marked:
            return False
        if not breaks:
            breaks.extend(_clause_breaks(folded))
        return _is_background(folded, pos, breaks)

    def source(pos: int) -> str | None:
        nonlocal speakers
        if speakers is None:  # the same for every figure of the sentence
            speakers = _speakers(text, folded)
        return _attribute(speakers, pos)

    def free(a: int, b: int) -> bool:
        return all(b <= s or a >= e for s, e in taken)

    def add(
        kind: Kind,
        m: re.Match[str],
        qs: int,
        qe: int,
        generic: bool,
        extra: str,
        fixed: int | None = None,
        coordinated: bool = False,
    ) -> bool:
        if not free(qs, qe):
            return False
        fig: Figure | None
        if fixed is not None:  # "fatally shot a protester" = 1, "no arrests were made" = 0
            fig = Figure(
                kind,
                fixed,
                Qual.EXACT,
                None,
                source(m.start()),
                text,
                sentence.start + m.start(),
                sentence.start + m.end(),
            )
        else:
            qual_text = m.group("qual") if "qual" in m.re.groupindex else None
            fig = _figure(
                kind,
                qual_text,
                text[qs:qe],
                text[max(0, qs - 12) : qs],
                sentence,
                m.start(),
                m.end(),
                source(m.start()),
            )
        if fig is None:
            return False
        taken.append((qs, qe))
        nonlocal subset_words
        if subset_words is None:
            subset_words = _has_stem(folded, _SUBSET_STEMS)
        subset = subset_words and bool(
            _SUBSET.search(folded[max(0, m.start() - 40) : m.start()])
            or _SUBSET_AFTER.match(folded[qe : qe + 20])
        )
        additive, toll = _extra_marks(extra)
        found.append(
            (
                m.start(),
                Mention(
                    figure=fig,
                    sentence_index=index,
                    subset=subset,
                    background=background(m.start()),
                    generic=generic,
                    additive=additive,
                    coordinated=coordinated,
                    toll=toll,
                ),
            )
        )
        return True

    def coordinate(kind: Kind, m: re.Match[str], main_added: bool) -> None:
        parts = _coordinated_before(folded, m, kind, add, words) + _coordinated_after(
            folded, m, kind, add, words
        )
        if parts and main_added:
            pos = next(i for i, (p, _) in enumerate(found) if p == m.start())
            found[pos] = (m.start(), replace(found[pos][1], coordinated=True))

    numeric = words.has_number
    if casualty:
        for m in _matches_at(_ZERO, folded, words.at(ZERO_TOKENS)):
            add(_kind_of(m), m, m.start(), m.end(), False, "", fixed=0)
        for m in _matches_at(_FORWARD, folded, words.qty_starts):
            gap = m.group("gap")
            kind = _kind_of(m)
            ok = add(kind, m, m.start("qty"), m.end("qty"), _generic_gap(gap), gap)
            coordinate(kind, m, ok)
        for rx, openers in ((_BACKWARD, _BACKWARD_OPENERS), (_HELD, _HELD_OPENERS)):
            for m in _matches_at(rx, folded, words.at(openers) if numeric else ()):
                trig = m.group(0)[: m.start("qty") - m.start()]
                kind = _kind_of(m)
                coordinate(kind, m, add(kind, m, m.start("qty"), m.end("qty"), True, trig))
        if words.has_any(PERSON_TOKENS):  # an implicit single names its person
            for m in _matches_at(_SINGLE_FWD, folded, words.at(_ARTICLES)):
                kind = _kind_of(m)
                coordinate(kind, m, add(kind, m, m.start(), m.end(), False, m.group(0), fixed=1))
            for m in _matches_at(_SINGLE_BWD, folded, words.at(_SINGLE_BWD_OPENERS)):
                add(_kind_of(m), m, m.start(), m.end(), False, m.group(0), fixed=1)
    if crowd is None:  # a casualty sentence: scan the crowd stems only where a match could be
        crowd = numeric and words.may_hold_crowd(folded) and _has_stem(low, _CROWD_STEMS)
    if numeric and crowd:
        for rx, starts in (
            (_CROWD_OF, words.at(_CROWD_OF_OPENERS)),
            (_CROWD_ESTIMATE, words.at(_CROWD_ESTIMATE_OPENERS)),
            (_CROWD_STRONG, words.qty_starts),
            (_CROWD_DRAW, words.at(_CROWD_DRAW_OPENERS)),
            (_CROWD_BARE, words.qty_starts),
        ):
            for m in _matches_at(rx, folded, starts):
                add(Kind.CROWD, m, m.start("qty"), m.end("qty"), True, "")
        for m in _matches_at(_CROWD_NOUN_FORM, folded, words.qty_starts):
            if _crowd_verb_follows(folded, m.end()):
                add(Kind.CROWD, m, m.start("qty"), m.end("qty"), True, "")
    found.sort(key=lambda pair: pair[0])
    return [mention for _, mention in found]


_Adder = Callable[..., bool]

_COORD_BEFORE = _folded(
    rf"""{_LEAD}(?:(?P<qual>{_QUAL})\s+)?(?P<qty>{_QTY}){_UNIT}(?:\s+{_GAPWORD}){{1,3}}
    \s*(?:,\s*(?:and\s+)?|\s+and\s+)$""",
    _F,
)


_COORD_AFTER = _folded(
    rf"""(?:\s+(?:in|at|on|near|from)\s+[A-Z][\w'-]*(?:\s+[A-Z][\w'-]*)?|\s+{_GAPWORD}){{0,3}}
    \s*(?:,\s*(?:and\s+)?|\s+and\s+)(?:(?P<qual>{_QUAL})\s+)?{_LEAD}(?P<qty>{_QTY}){_UNIT}
    (?=(?:\s+(?:more|other|others|people|protesters|demonstrators|officers|policemen|activists|
    students|journalists|civilians|soldiers))?(?:\s+(?:in|at|on|near)\s+[A-Z]|\s*[,.;]|\s*$))""",
    _F,
)


def _coordinated_before(text: str, m: re.Match[str], kind: Kind, add: _Adder, words: _Words) -> int:
    """ "five protesters and three police officers were killed": the first part shares the verb."""
    end = m.start()
    added = 0
    for _ in range(4):
        lo = max(0, end - 90)
        # Every match ends in "," or "and" and then space: where the text before `end` does
        # not, no quantity before it need be tried.
        if not text[lo:end].rstrip().endswith((",", "and")):
            break
        starts = (p for p in words.qty_starts if lo <= p < end)
        c = next(_matches_at(_COORD_BEFORE, text, starts, end), None)
        if c is None or _CASUALTY_WORD.search(c.group(0)):
            break
        added += add(kind, c, c.start("qty"), c.end("qty"), False, c.group(0), coordinated=True)
        end = c.start()
    return added


def _coordinated_after(text: str, m: re.Match[str], kind: Kind, add: _Adder, words: _Words) -> int:
    """ "police detained 30 people in Bishkek and 12 in Osh": the later part shares the verb."""
    pos = m.end()
    added = 0
    for _ in range(4):
        if not words.qty_starts or words.qty_starts[-1] < pos:
            break  # no quantity opens further on, so no later part
        last = words.qty_starts[-1]
        if text.find(",", pos, last) < 0 and text.find("and", pos, last) < 0:
            break  # the later part opens with "," or "and" before its quantity
        c = _COORD_AFTER.match(text, pos)
        if c is None or _CASUALTY_WORD.search(c.group(0)):
            break
        added += add(kind, c, c.start("qty"), c.end("qty"), False, c.group(0), coordinated=True)
        pos = c.end()
    return added


def _crowd_verb_follows(text: str, pos: int) -> bool:
    """A crowd noun counts as a crowd only when a gathering verb follows in the same clause,
    with no casualty word between (so "hundreds of protesters were detained" is no crowd)."""
    window = text[pos : pos + 160]
    semi = window.find(";")
    if semi >= 0:
        window = window[:semi]
    v = _CROWD_VERB.search(window)
    if v is None:
        return False
    return _CASUALTY_WORD.search(window, 0, v.start()) is None


def text_totals(mentions: Sequence[Mention]) -> dict[Kind, Total | None]:
    """One total per kind for a whole text: the figure an analyst would write down.

    Per sentence, several figures of one kind are a breakdown and add up, unless the first is
    a general count at least as large as the rest (a total followed by its breakdown). Subsets
    ("including 7 children") and background figures never count. Across sentences the largest
    figure stands, plus any that say they come on top ("two more died"); figures from two
    different named sources that disagree become a range. A zero counts only when nothing else
    does.
    """
    if not mentions:
        return dict.fromkeys(KINDS)
    by_kind: dict[Kind, list[Mention]] = {kind: [] for kind in KINDS}
    for m in mentions:  # one pass, not one per kind
        by_kind[m.figure.kind].append(m)
    return {kind: _total_for(group) if group else None for kind, group in by_kind.items()}


def _total_for(mentions: Sequence[Mention]) -> Total | None:
    if len(mentions) == 1:  # the usual case: what the general rule below gives one mention
        only = mentions[0]
        if only.subset or only.background:
            return None
        f = only.figure
        if f.value > 0 or f.high:
            return Total(f.value, f.qual, f.high)
        return Total(0, Qual.EXACT)
    usable = [m for m in mentions if not m.subset and not m.background]
    if not usable:
        return None
    nonzero = [m for m in usable if m.figure.value > 0 or m.figure.high]
    if not nonzero:
        return Total(0, Qual.EXACT)
    attributed = {m.figure.attribution.lower() for m in nonzero if m.figure.attribution}
    if len(attributed) > 1:
        lows = [m.figure.value for m in nonzero]
        highs = [m.figure.high or m.figure.value for m in nonzero]
        if min(lows) != max(highs):
            by_source: dict[str, Mention] = {}
            for m in nonzero:
                by_source.setdefault((m.figure.attribution or "").lower(), m)
            if len({(m.figure.value, m.figure.high) for m in by_source.values()}) > 1:
                return Total(min(lows), Qual.RANGE, max(highs))
    per_sentence: dict[int, list[Mention]] = {}
    for m in nonzero:
        per_sentence.setdefault(m.sentence_index, []).append(m)
    best: Total | None = None
    extra = 0
    for _, group in sorted(per_sentence.items()):
        total = _sentence_total(group)
        if best is not None and all(m.additive for m in group):
            extra += total.value
            continue
        if best is None or (total.high or total.value) > (best.high or best.value):
            best = total
    assert best is not None
    if extra:
        return Total(best.value + extra, best.qual, best.high + extra if best.high else None)
    return best


def _sentence_total(group: Sequence[Mention]) -> Total:
    tolls = [m.figure for m in group if m.toll]
    if tolls:
        f = max(tolls, key=lambda f: f.value)
        return Total(f.value, f.qual, f.high)
    if len(group) == 1:
        f = group[0].figure
        return Total(f.value, f.qual, f.high)
    first = group[0].figure
    rest = sum(m.figure.value for m in group[1:])
    if group[0].generic and first.value >= rest and not (group[0].additive or group[0].coordinated):
        return Total(first.value, first.qual, first.high)
    value = sum(m.figure.value for m in group)
    quals = {m.figure.qual for m in group}
    qual = first.qual if len(quals) == 1 and first.qual is not Qual.RANGE else Qual.AT_LEAST
    if quals == {Qual.EXACT}:
        qual = Qual.EXACT
    return Total(value, qual)


def all_mentions(sentences: Iterable[tuple[int, Sentence]]) -> list[Mention]:
    """Mentions of every (index, sentence) pair given, in order."""
    out: list[Mention] = []
    for index, sentence in sentences:
        out.extend(sentence_mentions(sentence, index))
    return out
