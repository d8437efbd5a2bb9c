"""Party shares, counting progress, threshold and turnout read from election reporting."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from crisiswatch.config import Election
from crisiswatch.extract.sentences import Sentence
from crisiswatch.models import PartyShare

_F = re.IGNORECASE | re.VERBOSE

PERCENT = re.compile(
    r"(?P<num>\d(?<![\w.,]\d)\d{0,2}(?:\.\d+|,\d{1,2}(?!\d))?)(?:\s*%|\s*(?:per\s*cent|percent|pct)\b)",
    re.IGNORECASE,
)
"""A percentage not inside a longer number. It opens with the digit (the look-behind comes
after it) so that `re` can skip ahead to digits instead of trying every position."""
HINT = re.compile(r"%|per\s*cent|pct\b", re.IGNORECASE)
"""Cheap prefilter: no percentage, no share, threshold, turnout or counting progress."""

_TURNOUT_BEFORE = re.compile(r"\bturn-?out\b[^%\d]{0,40}$", re.IGNORECASE)
_TURNOUT_AFTER = re.compile(
    r"""^\s*(?:voter\s+|electoral\s+)?turn-?out\b
    |^\s*of\s+(?:the\s+)?(?:eligible\s+|registered\s+)?(?:voters|electorate|citizens)\s+
     (?:\w+\s+){0,2}?(?:turned\s+out|cast|voted|took\s+part|came|participated|showed\s+up)""",
    _F,
)
_THRESHOLD_AFTER = re.compile(
    r"""^\s*-?\s*(?:electoral\s+|entry\s+|parliamentary\s+|minimum\s+|qualifying\s+|legal\s+)?
    (?:threshold|barrier|hurdle|cut-?off|minimum)\b
    |^\s*(?:of\s+the\s+(?:vote|votes|ballots)\s+)?(?:needed|required|necessary)\s+(?:\w+\s+){0,2}?to\s+
     (?:enter|win|get|gain|qualify|make|secure|pass)""",
    _F,
)
_THRESHOLD_BEFORE = re.compile(
    r"""(?:\b(?:must|need|needs|needed|has\s+to|have\s+to|had\s+to|required\s+to)\s+
       (?:win|get|gain|receive|pass|clear|reach|secure|collect|score|poll)\s+(?:at\s+least\s+)?
    |\b(?:threshold|barrier|hurdle|cut-?off)\s+(?:\w+\s+){0,3}?(?:of|at|is|was|to|set\s+at)
    |\b(?:clear|clears|cleared|clearing|cross|crossed|pass|passed|overcome|overcame|surpass|
       surpassed|exceed|exceeded|reach|reached|meet|met|beat)\s+(?:the\s+)?)\s*$""",
    _F,
)
_REPORTING_AFTER = re.compile(
    r"""^\s*of\s+(?:all\s+)?(?:the\s+)?(?:\w+\s+)?(?:polling\s+(?:stations|places|units|booths)|
      precincts|stations|constituencies|districts|protocols|ballot\s+boxes|counting\s+cent(?:re|er)s|
      returns|tally\s+sheets|electoral\s+(?:districts|precincts|commissions))\b
    |^\s*of\s+(?:all\s+)?(?:the\s+)?(?:ballots|votes|vote|bulletins)\s+(?:(?:had|have|has|were|was|
      being|now|so\s+far)\s+)*(?:been\s+)?(?:counted|processed|tallied|tabulated|in|reported|reporting|
      verified)\b
    |^\s*(?:counted|reporting|processed|tallied|tabulated|of\s+the\s+count)\b""",
    _F,
)
_COUNTING = re.compile(
    r"\b(?:count|counted|counting|processed|processing|tallied|tallying|tabulated|reported|"
    r"reporting|results?|returns)\b",
    re.IGNORECASE,
)
_SURVEY = re.compile(
    r"^\s*of\s+(?:the\s+)?(?:respondents|those\s+(?:polled|asked|surveyed)|people|population|"
    r"households|citizens|residents|adults|the\s+public|men|women|young)",
    re.IGNORECASE,
)
_REPORTING_BEFORE = re.compile(
    r"\b(?:processing|processed|counting|counted|tallying|tallied|count\s+(?:of|from|at))"
    r"\s+(?:of\s+)?(?:\w+\s+){0,2}?(?:from|in|of|at|with)?\s*$",
    re.IGNORECASE,
)

_PAREN = r"(?:\([^()%\n]{0,80}\)\s*)?"
_VERB = (
    r"(?:won|wins|winning|received|receives|receiving|got|gets|getting|took|takes|taking|"
    r"secured|secures|securing|garnered|gained|gains|polled|polling|obtained|collected|scored|"
    r"leads|led|leading|trails|trailed|trailing|came|comes|finished|placed|stood|stands|sits|sat|"
    r"is|was|are|were|has|had|have|now|currently|so\s+far|also|first|second|third|fourth|fifth|"
    r"sixth|last|in|place|ahead|behind|followed|tallied|registered|recorded|claimed)"
)
_SHARE_QUAL = (
    r"(?:(?:about|around|some|nearly|almost|just\s+over|just\s+under|over|more\s+than|"
    r"less\s+than|roughly|approximately|an\s+estimated)\s+)?"
)
_VOTES = r"(?:[\d,.]+\s+(?:million\s+)?votes?\s*(?:,\s*(?:or\s+)?|\(\s*|or\s+)?)"
_GAP = re.compile(
    rf"""(?:
        \s*{_PAREN}(?::\s*|[-\u2013\u2014]\s*|\(\s*|=\s*)?(?:{_VOTES})?{_SHARE_QUAL}
      | \s*{_PAREN},?\s*(?:party\s+|bloc\s+)?(?:(?:which|that|who)\s+)?
        (?:(?:{_VERB})\s+)+(?:(?:with|at|on|by|of)\s+)?(?:{_VOTES})?{_SHARE_QUAL}
      | \s*{_PAREN},?\s*(?:with|at|on)\s+(?:{_VOTES})?{_SHARE_QUAL}
      | \s*{_PAREN},\s*{_VOTES}{_SHARE_QUAL}
      | \s*,\s*(?:which|who|that|a|an|the)\s[^,%()]{{1,80}},\s*(?:(?:{_VERB})\s+)+
        (?:(?:with|at|on|by|of)\s+)?(?:{_VOTES})?{_SHARE_QUAL}
    )""",
    _F,
)
_REVERSE = re.compile(
    r"\s*(?:of\s+(?:the\s+)?(?:vote|votes|ballots|voters|electorate)\s+)?"
    r"(?:\(\s*[\d,.]+\s+votes?\s*\)\s*)?"
    r"(?:went\s+to|for|voted\s+for|backed|supported|chose|to)\s+(?:the\s+)?",
    re.IGNORECASE,
)
_NAME = re.compile(
    r"(?<![\w'\u2019-])(?:[A-Z][\w'\u2019&.-]*(?:\s+(?:of|the|for|and|de|la|du|&)\s+|\s+)){0,4}[A-Z][\w'\u2019&-]*"
)
_NAME_END = re.compile(
    r"(?:(?<![\w'\u2019-])[A-Z][\w'\u2019&.-]*(?:\s+(?:of|the|for|and|de|la|du|&)\s+|\s+)){0,4}"
    r"(?<![\w'\u2019-])[A-Z][\w'\u2019&-]*$"
)
_LEADING_NOT_NAME = frozenset(
    [
        "the",
        "a",
        "an",
        "in",
        "on",
        "at",
        "and",
        "but",
        "while",
        "with",
        "according",
        "after",
        "before",
        "by",
        "of",
        "for",
        "to",
        "as",
        "this",
        "that",
        "these",
        "those",
        "its",
        "it",
        "his",
        "her",
        "their",
        "only",
        "just",
        "some",
        "roughly",
        "nearly",
        "almost",
        "about",
        "around",
        "over",
        "under",
        "another",
        "all",
        "both",
        "each",
        "every",
        "most",
        "more",
        "less",
        "fewer",
        "still",
        "now",
        "then",
        "there",
        "here",
        "meanwhile",
        "overall",
        "however",
        "also",
    ]
)
"""Capitalised words that open a sentence but never a party name."""
_NOT_A_NAME = _LEADING_NOT_NAME | frozenset(
    [
        "turnout",
        "results",
        "result",
        "preliminary",
        "official",
        "final",
        "data",
        "monday",
        "tuesday",
        "wednesday",
        "thursday",
        "friday",
        "saturday",
        "sunday",
        "january",
        "february",
        "march",
        "april",
        "may",
        "june",
        "july",
        "august",
        "september",
        "october",
        "november",
        "december",
        "jan",
        "feb",
        "mar",
        "apr",
        "jun",
        "jul",
        "aug",
        "sep",
        "sept",
        "oct",
        "nov",
        "dec",
        "party",
        "parties",
        "threshold",
        "percent",
        "vote",
        "votes",
        "election",
        "elections",
        "commission",
        "cec",
    ]
)
"""Words that are never a party name on their own."""


@dataclass(frozen=True, slots=True)
class ElectionFacts:
    """What one text says about an election: shares, counting progress, threshold, turnout."""

    shares: tuple[PartyShare, ...] = ()
    reporting_pct: float | None = None
    turnout_pct: float | None = None
    threshold_pct: float | None = None


@lru_cache(maxsize=64)
def _party_pattern(names: tuple[tuple[str, str], ...]) -> re.Pattern[str] | None:
    """One alternation of every name and alias, longest first ("Mekenim Kyrgyzstan" before
    "Kyrgyzstan"), so a longer name always wins where both could match."""
    if not names:
        return None
    ordered = sorted({n for n, _ in names}, key=lambda n: (-len(n), n))
    alts = "|".join(re.escape(n) for n in ordered)
    return re.compile(rf"(?<![\w'\u2019-])(?:{alts})(?![\w'\u2019-])", re.IGNORECASE)


def _party_names(election: Election | None) -> tuple[tuple[str, str], ...]:
    if election is None:
        return ()
    pairs: list[tuple[str, str]] = []
    for party in election.parties:
        pairs.append((party.name, party.name))
        pairs.extend((alias, party.name) for alias in party.aliases)
    return tuple(pairs)


def _pct(raw: str) -> float | None:
    value = float(raw.replace(",", "."))
    return value if 0 < value <= 100 else None


def read_election(sentences: Sequence[Sentence], election: Election | None = None) -> ElectionFacts:
    """Read shares, reporting %, threshold and turnout from story sentences.

    A percentage is classed first as turnout, threshold or counting progress by the words next to
    it; only what remains can be a party's share, and only when a party name stands next to it in
    one of the shapes reports use ("X with 24.5%", "X won 24.5 percent", "X: 24.5%", "X (24.5%)",
    "24.5% for X"). Names come from the watch (longest first, aliases mapped to the canonical
    name); a name the watch does not list is still reported, with `known=False`.
    """
    names = _party_names(election)
    canonical = {alias.lower(): name for alias, name in names}
    pattern = _party_pattern(names)
    shares: list[PartyShare] = []
    seen: set[str] = set()
    reporting = turnout = threshold = None
    for sentence in sentences:
        text = sentence.text
        if HINT.search(text) is None:
            continue
        prev_end = 0
        parties = list(pattern.finditer(text)) if pattern is not None else []
        for m in PERCENT.finditer(text):
            value = _pct(m.group("num"))
            if value is None:
                prev_end = m.end()
                continue
            before = text[max(prev_end, m.start() - 80) : m.start()]
            after = text[m.end() : m.end() + 80]
            if _TURNOUT_BEFORE.search(before) or _TURNOUT_AFTER.match(after):
                turnout = turnout if turnout is not None else value
            elif _THRESHOLD_AFTER.match(after) or _THRESHOLD_BEFORE.search(before):
                threshold = threshold if threshold is not None else value
            elif (
                _REPORTING_AFTER.match(after) or _REPORTING_BEFORE.search(before)
            ) and _COUNTING.search(text):
                reporting = reporting if reporting is not None else value
            elif not _SURVEY.match(after):
                share = _share_at(text, m, prev_end, parties, canonical)
                if share is not None:
                    name, known, s, e = share
                    if name.lower() not in seen:
                        seen.add(name.lower())
                        shares.append(
                            PartyShare(name, value, known, sentence.start + s, sentence.start + e)
                        )
            prev_end = m.end()
    return ElectionFacts(tuple(shares), reporting, turnout, threshold)


def _canonical_name(canonical: dict[str, str], found: str) -> str:
    """The watch's name for a matched alias. The pattern matches case-insensitively the way
    `re` does, which is wider than `str.lower` ("Bırımdık" with dotless ı matches "Birimdik"),
    so a miss in the lower-case table falls back to asking `re` which alias it was."""
    name = canonical.get(found.lower())
    if name is not None:
        return name
    for alias, listed in canonical.items():
        if re.fullmatch(re.escape(alias), found, re.IGNORECASE):
            return listed
    return found


def _share_at(
    text: str,
    m: re.Match[str],
    prev_end: int,
    parties: list[re.Match[str]],
    canonical: dict[str, str],
) -> tuple[str, bool, int, int] | None:
    """The party a percentage belongs to, as (name, known, start, end) of the name, or None.

    `known` is True only for a name the watch lists; without a watch every name is unknown.
    """
    start = m.start()
    # Known party names before the number, nearest first.
    for p in reversed(parties):
        if p.end() > start or p.start() < prev_end:
            continue
        if _GAP.fullmatch(text, p.end(), start):
            return _canonical_name(canonical, p.group(0)), True, p.start(), p.end()
    # Reverse shape: "24.5% for X".
    rev = _REVERSE.match(text, m.end())
    if rev is not None:
        at = rev.end()
        for p in parties:
            if p.start() == at:
                return _canonical_name(canonical, p.group(0)), True, p.start(), p.end()
        n = _NAME.match(text, at)
        if n is not None:
            name = _tidy_name(n.group(0))
            if name:
                return name, False, n.start(), n.end()
    # A name the watch does not list (or any name, without a watch).
    region_start = max(prev_end, start - 160)
    for gap_start in _gap_starts(text, region_start, start):
        n = _NAME_END.search(text, region_start, gap_start)
        if n is None:
            continue
        name = _tidy_name(n.group(0))
        if not name:
            continue
        for p in parties:  # a known name inside a longer run ("the ruling Birimdik")
            if p.end() == n.end():
                return _canonical_name(canonical, p.group(0)), True, p.start(), p.end()
        return name, False, n.end() - len(name), n.end()
    return None


_WORD_END = re.compile(r"\w(?![^\W_])")
"""A word's last character: one not followed by a letter or digit (what `str.isalnum`
accepts: a word character other than "_")."""


def _gap_starts(text: str, lo: int, hi: int) -> list[int]:
    """Positions (nearest the number first) where a name could end and a valid gap begin."""
    out: list[int] = []
    # The regex finds every word end in one pass (a superset: a word character not followed
    # by a letter or digit), instead of testing each position in Python; the exact test
    # follows.
    ends = [m.end() for m in _WORD_END.finditer(text, lo, hi)]
    for pos in reversed(ends):
        if (
            text[pos - 1].isalpha()
            and (pos == len(text) or not text[pos].isalnum())
            and _GAP.fullmatch(text, pos, hi)
        ):
            out.append(pos)
            if len(out) >= 3:
                break
    return out


def _tidy_name(name: str) -> str:
    words = name.split()
    while words and words[0].lower().rstrip(".") in _LEADING_NOT_NAME:
        words = words[1:]
    if len(words) == 1 and words[0].lower() in _NOT_A_NAME:
        return ""
    while words and words[-1].lower() in _NOT_A_NAME:
        words = words[:-1]
    return " ".join(words)
