"""Party and candidate names as reports write them: capitalised runs, quoted names, titles,
leaders and owners ("Batkivshchina, led by X"), and abbreviations given in brackets."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from crisiswatch.config import Election
from crisiswatch.extract.results.words import (
    BALLOT_OPTIONS,
    DESCRIPTIONS,
    INSTITUTIONS,
    LEANINGS,
    NEVER_NAME,
    NOT_NAME_START,
    PARTY_WORDS,
    POLITICAL_WORDS,
    TITLES,
)

CAP = (
    r"(?<![\w'\u2019-])(?:(?:al|el|ad|an|ar|as|ash|at|az|ud|ul|bin|ibn)-)?"
    r"[^\W\d_a-z\u00df-\u00ff](?:[\w'\u2019&.!-]|/(?=[^\W\d_a-z]))*"
)
"""A capitalised word: a letter that is neither a digit nor a lower-case Latin letter opens it
("İnce", "Łukasz", "Şahin" open names too), after an Arabic article or patronymic if any
("el-Sisi", "al-Assad")."""
NAME_PARTICLES = (
    *("of", "the", "for", "de", "la", "du", "to", "da", "do", "dos", "das", "del", "di"),
    *("von", "van", "der", "den", "bin", "ibn", "a"),
)
"""The small words a name holds between its capitalised ones ("Party of Action", "Ursula von
der Leyen"); "and" and "&" join one name's words too, but part two names of a list."""
_JOIN = rf"(?:\s+(?:{'|'.join((*NAME_PARTICLES, 'and', '&'))}))*\s+|\s*[-\u2013\u2014]\s*"
NAME_END = re.compile(rf"(?:{CAP}(?:{_JOIN})){{0,6}}{CAP}$")
"""A capitalised name ending where the search's end is: "Party of Action and Solidarity",
"Servant of the People", "Opposition Platform \u2014 For Life"."""
NAME_START = re.compile(rf"(?:{CAP}(?:{_JOIN})){{0,6}}{CAP}")
"""The same, read forward from where a name starts ("24.5% for the Sea Party")."""

_QUOTES = {"\u201d": "\u201c", '"': '"', "\u00bb": "\u00ab", "\u2019": "\u2018"}
_OPEN_QUOTES = '\u201c"\u00ab\u2018'

_KINDS = "party|bloc|coalition|alliance|movement|list"
"""The words a party's name may end with, or a report may put after it ("the Yelk alliance")."""
_LEADER_BEFORE = re.compile(
    rf"""(?:\b(?:-?led|headed|founded|fronted|chaired)\s+by|,\s*(?:supporting|backing|backed\s+by)|
    ,\s*(?:a|an|the)(?=\s[^,%]{{1,60}},)|
    \b(?i:{_KINDS})\s+of|[)\"\u201d]\s+of|[\"\u201d])
    \s+(?:(?:the\s+)?(?:[a-z][\w-]*)\s+){{0,6}}$""",
    re.VERBOSE,
)
"""Words before a person that make the share theirs only as the leader of what comes before."""
_RIVAL_BEFORE = re.compile(
    r"(?<=\w)\s+(?:trails|trailed|trailing|beat|beats|defeated|defeats|edged|edges|edging|"
    r"led|leads|leading|"
    r"(?:is|was|came|finished)\s+(?:just\s+)?(?:ahead\s+of|behind))\s+(?:the\s+)?$"
)
"""A verb between two names: the share that follows is the first one's."""
_OWNER_GAP = re.compile(
    rf"""(?:\s*\([^()]{{0,60}}\))?
    (?:(?<=[\"\u201d])\s+(?i:{_KINDS})|
    \s+(?:{_KINDS}))?(?:-led\s+(?:coalition|alliance|bloc|list))?
    \s*(?:\([^()]{{0,60}}\)\s*)?[\"\u201d]?\s*
    (?:,\s*(?:the|a|an)\s+[^,%()]{{0,60}}?\b(?:{_KINDS}))?\s*,?\s*$""",
    re.VERBOSE,
)
_NAMED_KIND = re.compile(rf"(?:{_KINDS.title()})\b")
"""A party word written as part of a name (a lower-case one is only a description)."""
_KIND_WORD = re.compile(rf"(?:{_KINDS})\b")
"""A party word in lower case: a description ("the party of Y"), which `_OWNER_GAP` reads."""
_POSSESSIVE = re.compile(
    r"^(?:[^\s'\u2019]+\s+){0,3}?[^\s'\u2019]+['\u2019]s\s+"
    r"(?=[A-Z])(?!(?i:party|bloc|alliance|coalition|movement|union|front|list)\b)"
)
_ABBREVIATION = re.compile(r"\s*\(\s*([A-Z][A-Z0-9&.!-]{1,9}|[A-Z][\w&.!-]{1,15})\s*\)")


_MID_SENTENCE = tuple("abcdefghijklmnopqrstuvwxyz,0123456789")
"""A run after one of these stands inside a sentence, not at its opening."""


@dataclass(frozen=True, slots=True)
class Name:
    """A name as found: what to report, whether the watch lists it, and its span."""

    name: str
    known: bool
    start: int
    end: int


def watch_names(election: Election | None) -> tuple[tuple[str, str], ...]:
    """Every (name or alias, canonical name) pair of the watch."""
    if election is None:
        return ()
    pairs: list[tuple[str, str]] = []
    for party in election.parties:
        pairs.append((party.name, party.name))
        pairs.extend((alias, party.name) for alias in party.aliases)
    return tuple(pairs)


@lru_cache(maxsize=64)
@lru_cache(maxsize=32)
def watch_pattern(names: tuple[tuple[str, str], ...]) -> re.Pattern[str] | None:
    """One alternation of every name and alias, longest first ("Mekenim Kyrgyzstan" before
    "Kyrgyzstan"), so a longer name always wins where both could match. Cached: every text
    of a poll is read with the same watch's names."""
    if not names:
        return None
    ordered = sorted({n for n, _ in names}, key=lambda n: (-len(n), n))
    alts = "|".join(re.escape(n) for n in ordered)
    return re.compile(rf"(?<![\w'\u2019-])(?:{alts})(?![\w'\u2019-])", re.IGNORECASE)


def canonical_name(canonical: dict[str, str], found: str) -> str:
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


def tidy(name: str, opens_sentence: bool = True) -> str:
    """A run of capitalised words as a name: without opening words ("The", "According"; only
    where the run opens a sentence or a list item, as "For Georgia" elsewhere is a name),
    titles, an owner's possessive ("Albin Kurti's Movement" is the movement's) or trailing
    non-name words."""
    words = name.split()
    while (
        len(words) > 1
        and opens_sentence
        and (_adverb(words) or words[0].lower().rstrip(".,") in NOT_NAME_START)
    ) or (words and words[0].lower() in ("the", "a", "an")):
        words = words[1:]
    if len(words) > 1 and words[0].lower() in LEANINGS and _bare(words[1]) not in PARTY_WORDS:
        words = words[1:]  # "the Islamist Ennahda movement"; "Nationalist Party" stays whole
    if words and words[-1].endswith(".") and "." not in words[-1][:-1]:
        words[-1] = words[-1][:-1]
    if words and words[-1].endswith(("'s", "\u2019s")) and len(words[-1]) > 3:
        words[-1] = words[-1][:-2]  # "Stoianoglo's 44.65%" is Stoianoglo's
    if _names_a_body(words):
        return ""
    last_title = max(
        (i for i, w in enumerate(words[:-1]) if w.lower().rstrip(".") in TITLES), default=-1
    )
    led = _led_by_titled(words, last_title)
    words = words[:led] if led > 0 else words[last_title + 1 :]
    while words and _bare(words[-1]) in NEVER_NAME - {"party", "opposition"}:
        words = words[:-1]
    if len(words) == 1 and (_bare(words[0]) in NEVER_NAME or words[0].lower() in DESCRIPTIONS):
        return ""  # "Ruling party leads with 45%": "Ruling" names nobody
    out = " ".join(_person_before_party(_without_leader(words)))
    if out.lower() in BALLOT_OPTIONS:
        return ""
    m = _POSSESSIVE.match(out)
    return out[m.end() :] if m is not None and m.end() < len(out) else out


def _adverb(words: list[str]) -> bool:
    """Whether a run opens with an adverb ("Reportedly the Sea Party"), not a name's first word
    ending in "ly" ("Rally for the Republic", "Family of Greens"): a name goes on with "of"."""
    return words[0].lower().endswith("ly") and words[1].lower() not in ("of", "for", "and", "&")


_STATE_WORDS = frozenset(["republic", "federation", "congress"])
"""Institution words that also stand in parties' names ("New Republic", "Armenian
Revolutionary Federation", "African National Congress"): they name the state or its
parliament only in the forms a state's are written in."""
_DEMONYM_ENDS = ("an", "ic", "ch", "sh", "yz", "ak", "ese", "i", "us", "u.s")
"""How the word before "Republic", "Federation" or "Congress" ends when it names a state or
its parliament ("Czech Republic", "Russian Federation", "Peruvian Congress", "US Congress")."""


def _names_a_body(words: list[str]) -> bool:
    """Whether a run names the body voted for or counting the vote, not a party: it holds an
    institution's word, "Republic", "Federation" or "Congress" only as a state's are written
    ("Republic of Moldova", "Czech Republic", "Congress"; not "New Republic")."""
    for i, word in enumerate(words):
        low = word.lower().strip(".,")
        if low not in INSTITUTIONS:
            continue
        if low not in _STATE_WORDS:
            return True
        if any(_bare(w) in PARTY_WORDS - _STATE_WORDS for w in words):
            continue  # "Malawi Congress Party"
        after = words[i + 1].lower() if i + 1 < len(words) else None
        before = words[i - 1].lower() if i > 0 else ""
        if low == "congress" and before in POLITICAL_WORDS:
            continue  # "National Democratic Congress", "Indian National Congress"
        if after == "of" or len(words) == 1 or before.endswith(_DEMONYM_ENDS):
            return True
    return False


def _led_by_titled(words: list[str], last_title: int) -> int:
    """Where "of" stands when the run names a party and then its titled leader ("Civic Union
    of Prime Minister Ana Moreau", "Socialist Party of Albanian Prime Minister X"): the share
    is the party's, so the name ends there; -1 otherwise."""
    if last_title < 0:
        return -1
    first = last_title
    while first > 0 and words[first - 1].lower().rstrip(".") in TITLES:
        first -= 1
    at = first - 1
    if at >= 2 and words[at] != "of" and words[at - 1] == "of":  # "of Albanian Prime Minister"
        at -= 1
    return at if at >= 1 and words[at] == "of" else -1


def _person_before_party(words: list[str]) -> list[str]:
    """ "Ana Moreau of the Civic Union" is the candidate, named with the party that fields
    them: a person's name, "of", then a run holding a party's word, or a one-word party after
    a name of two words or more ("Hou Yu-ih of the Kuomintang"). ("Union of Right Forces" and
    "Servant of the People" stay whole: no person opens the one, and one word opens the
    other.)"""
    for i in range(1, min(len(words) - 1, 4)):
        if words[i] != "of":
            continue
        rest = [w for w in words[i + 1 :] if w.lower() != "the"]
        person = " ".join(words[:i])
        party = any(_bare(w) in PARTY_WORDS for w in rest) or (
            # "Hou Yu-ih of the Kuomintang", "Ko Wen-je of the TPP"; not "... of Poles"
            len(rest) == 1 and i >= 2 and not rest[0].endswith("s")
        )
        if party and looks_like_person(person):
            return words[:i]
        break
    return words


def _without_leader(words: list[str]) -> list[str]:
    """ "Radical Party of Ivan Petrov" is the party: a person named after "Party of" leads it."""
    for i in range(1, len(words) - 2):
        tail = words[i + 1 :]
        if (
            words[i] == "of"
            and words[i - 1].lower() in PARTY_WORDS
            and len(tail) == 2
            and looks_like_person(" ".join(tail))
        ):
            return words[:i]
    return words


def _bare(word: str) -> str:
    """A word in lower case without a possessive ("Sunday's" -> "sunday")."""
    low = word.lower()
    return low[:-2] if low.endswith(("'s", "\u2019s")) else low


def quoted_before(text: str, lo: int, end: int) -> tuple[int, int] | None:
    """The span inside quotes that close at `end` ("the \u201cYelk\u201d Alliance")."""
    if end <= lo or text[end - 1] not in _QUOTES:
        return None
    opener = _QUOTES[text[end - 1]]
    start = text.rfind(opener, max(lo, end - 80), end - 1)
    if start < 0 or "%" in text[start:end] or "\n" in text[start:end]:
        return None
    inner = text[start + 1 : end - 1].strip(" ,")
    if not inner or not any(c.isalpha() for c in inner):
        return None
    return start + 1, start + 1 + len(inner)


def name_ending_at(text: str, lo: int, end: int) -> Name | None:
    """An unknown name (capitalised run or quoted words) ending at `end`, or None."""
    q = quoted_before(text, lo, end)
    if q is not None:
        inner = text[q[0] : q[1]]
        return None if inner.lower() in BALLOT_OPTIONS else Name(inner, False, q[0], q[1])
    n = NAME_END.search(text, lo, end)
    if n is None:
        return None
    opens = not text[: n.start()].rstrip(" \t\u2022*\"\u201c'").endswith(_MID_SENTENCE)
    name = tidy(n.group(0), opens or n.start() == 0)
    if not name:
        return None
    start, stop = span_in(n.group(0), name)
    return Name(name, False, n.start() + start, n.start() + stop)


def span_in(run: str, name: str) -> tuple[int, int]:
    """Where the tidied `name` stands in the raw `run` (its words, whatever the spaces).

    Where every gap in `run` is one plain space its words can only stand there as the
    literal words joined by spaces, found with `str.find`: a pattern made per name (as
    `span_in_plain` does) missed `re`'s cache on every new name and cost a compile each."""
    words = " ".join(name.split())
    if not words or " ".join(run.split()) != run:
        return span_in_plain(run, name)
    last, pos = -1, 0
    while (at := run.find(words, pos)) >= 0:  # left to right, without overlaps, as finditer
        last, pos = at, at + len(words)
    if last < 0:
        return len(run) - len(name), len(run)
    return last, last + len(words)


def span_in_plain(run: str, name: str) -> tuple[int, int]:
    """`span_in` by a pattern of the name's words joined by any run of spaces."""
    # The last one: tidying drops words from the front more often than from the back.
    found = list(re.finditer(r"\s+".join(map(re.escape, name.split())), run))
    if not found:
        return len(run) - len(name), len(run)
    return found[-1].start(), found[-1].end()


def owner_of(
    text: str, lo: int, person: Name, raw_start: int, relative: bool = False
) -> Name | None:
    """When `person` is named as a leader ("X, led by former Prime Minister Y, won 8%", "the
    Radical Party of Y (4%)"), the party before it that the share belongs to; when it is the
    object of a rival ("X trails Y with 34.6%"), the rival named before it, unless the share
    stands in a relative clause about the name itself (`relative`: "X finished ahead of Y,
    which took 22%" is Y's)."""
    rival = None if relative else _RIVAL_BEFORE.search(text, max(lo, raw_start - 30), raw_start)
    if rival is not None and rival.start() > lo:
        return name_ending_at(text, lo, rival.start())
    lead = _LEADER_BEFORE.search(text, max(lo, raw_start - 60), raw_start)
    if lead is None:
        return None
    if text[lead.start()] in '"\u201d':  # "\u201cStrength and Honour\u201d Ivan Petrov (3.8%)"
        return name_ending_at(text, lo, lead.start() + 1)
    kind = _NAMED_KIND.match(text, lead.start())
    if kind is not None:  # "the Sea Party of Y": the capitalised "Party" ends the name
        at = kind.end()
    else:
        at = lead.start() + 1 if text[lead.start()] == ")" else lead.start()
    found = _owner_ending_at(text, lo, at)
    described = _KIND_WORD.match(text, lead.start()) if found is None else None
    if described is not None:  # "X, the party of Y": the description after the name
        found = _owner_ending_at(text, lo, described.end())
    return found


def _owner_ending_at(text: str, lo: int, at: int) -> Name | None:
    """The name whose owner's gap (`_OWNER_GAP`: "party", an aside, ", the ... party") ends at
    `at`."""
    gap = _OWNER_GAP.search(text, max(lo, at - 80), at)
    if gap is None:
        return None
    end = gap.start()
    while end > lo and text[end - 1] == " ":
        end -= 1
    return name_ending_at(text, lo, end) if end > lo else None


def abbreviation_after(text: str, end: int) -> str | None:
    """The abbreviation or other name a report gives in brackets right after a name ("(PAS)",
    "(Jobbik)")."""
    m = _ABBREVIATION.match(text, end)
    return m.group(1) if m is not None else None


def initials(name: str) -> str:
    """ "Socialist Party" -> "SP": how an abbreviation of a name met earlier is recognised."""
    return "".join(w[0] for w in name.split() if w[:1].isupper())


_NOT_PERSON_WORDS = PARTY_WORDS | POLITICAL_WORDS


def looks_like_person(name: str) -> bool:
    """One to four capitalised words, none a party's word nor a word of a programme
    ("Right Forces"): how candidates are told from parties when the text gives nothing else."""
    words = name.split()
    return (
        1 <= len(words) <= 4
        and all(w[:1].isupper() for w in words)
        and not any(w.lower().strip("\u2019'") in _NOT_PERSON_WORDS for w in words)
        and not any(w.isupper() and len(w) > 1 for w in words)
    )
