"""Whose share a percentage is: the name before it in one of the share shapes, or after it in
the reverse shape, with leaders traced to their party and titles left out."""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from functools import lru_cache

from crisiswatch.extract.results.names import (
    NAME_START,
    Name,
    canonical_name,
    name_ending_at,
    owner_of,
    quoted_before,
    span_in,
    tidy,
)
from crisiswatch.extract.results.rules import At, Rule

_NAME_ENDS = re.compile(
    r"(?<!/)[^\W\d_a-z\u00df-\u00ff](?:[\w'\u2019&.!-]|/(?=[^\W\d_a-z]))*(?<=[^\W_]|!)"
    r"(?![\w'\u2019&/-])|[\"\u201d\u00bb]"
)
"""A capitalised word, or a closing quote: where a name can end."""
_OPEN_QUOTE = re.compile(r"[\"\u201c\u00ab]\s*")
_RELATIVE = re.compile(r"[\"\u201d\u2019\u00bb)]?\s*,\s*(?:which|who|that)\b")
"""A gap that opens a relative clause: the share that ends it is the name's own."""


@dataclass(frozen=True, slots=True)
class ShareShapes:
    """The share rules of a table, compiled: one alternation for the gaps (its groups name the
    rules), the reverse shapes in order."""

    gap: re.Pattern[str] | None
    guarded: tuple[Rule, ...]
    """Gap shapes that hold only where the words after the percentage allow it."""
    reverse: tuple[Rule, ...]
    pairs: tuple[Rule, ...]
    respective: tuple[Rule, ...]

    def fits(self, text: str, pos: int, start: int, end: int) -> bool:
        """Whether `text[pos:start]` is a gap between a name and the share at `start:end`."""
        if self.gap is not None and self.gap.fullmatch(text, pos, start):
            return True
        return any(
            r.pattern.fullmatch(text, pos, start)
            and not (r.unless_after is not None and r.unless_after.match(text, end))
            for r in self.guarded
        )


@lru_cache(maxsize=16)
def share_shapes(rules: tuple[Rule, ...]) -> ShareShapes:
    gaps = [r for r in rules if r.at is At.GAP and r.unless_after is None]
    alts = "|".join(f"(?:{r.pattern.pattern})" for r in gaps)
    gap = re.compile(alts, re.IGNORECASE | re.VERBOSE) if gaps else None
    guarded = tuple(r for r in rules if r.at is At.GAP and r.unless_after is not None)
    return ShareShapes(
        gap,
        guarded,
        tuple(r for r in rules if r.at is At.REVERSE),
        tuple(r for r in rules if r.at is At.PAIR),
        tuple(r for r in rules if r.at is At.RESPECTIVE),
    )


def share_owner(
    text: str,
    start: int,
    end: int,
    lo: int,
    known: Sequence[re.Match[str]],
    canonical: dict[str, str],
    shapes: ShareShapes,
) -> Name | None:
    """The name the percentage at `start:end` belongs to, or None. `lo` is where the previous
    percentage ended: no name is looked for before it."""
    if shapes.gap is not None or shapes.guarded:
        for p in reversed(known):
            if lo <= p.start() and p.end() <= start and shapes.fits(text, p.end(), start, end):
                named = Name(canonical_name(canonical, p.group(0)), True, p.start(), p.end())
                relative = _RELATIVE.match(text, p.end()) is not None
                owner = owner_of(text, max(lo, start - 160), named, p.start(), relative)
                return _known_or(owner, known, canonical) if owner is not None else named
        region = max(lo, start - 160)
        for pos in _gap_starts(text, region, start, end, shapes):
            at = _name_at(text, region, pos, known, canonical)
            if at is not None:
                return at
    for rule in shapes.reverse:
        rev = rule.pattern.match(text, end)
        if rev is not None:
            found = _name_after(text, rev.end(), known, canonical)
            if found is not None:
                return found
    if canonical:
        return _nearest_known(text, start, lo, known, canonical)
    return _clause_subject(text, start, lo)


_SHARE_VERB_BEFORE = re.compile(
    r"\b(?:(?:with|won|wins|winning|took|takes|taking|gained|gaining|received|receiving|garnered|"
    r"garnering|got|getting|secured|securing|polled|polling|scored|scoring|obtained|obtaining|"
    r"collected|collecting|leads\s+with|leading\s+with)\s+"
    r"(?:(?:only|just|about|around|nearly|almost|over|more\s+than|just\s+over|some)\s+)?"
    r"|(?:with|won|wins|winning|took|taking|secured|securing|gained|gaining|got|getting)\s+"
    r"(?:[\w-]+\s+)?seats?\s*\()$",
    re.IGNORECASE,
)
_DESCRIBED = (
    r"(?:ruling|governing|opposition|former|incumbent|current|outgoing|main|largest|junior|"
    r"parliamentary|nationalist|conservative|liberal|populist|centrist|socialist|"
    r"(?:far|centre|center|hard)-"
    r"(?:right|left)|(?:right|left)-wing|pro-[\w-]+|anti-[\w-]+)"
)
_OPENING = (
    r"(?:On|In|At|By|After|Following|With|According\s+to|Late|Early|Earlier|Later|Meanwhile|"
    r"However|Overall|Officially|Initially|Finally|Nationwide|Nationally)\b[^,.;:%]{0,60},\s+"
)
"""An adverbial phrase that opens a sentence before its subject ("On Monday, ", "On October
24, ", "According to official results, "): a preposition or adverb, then up to a comma."""
_SUBJECT = re.compile(
    rf"\s*(?:[A-Z]{{2,}}[^.]{{0,40}}?[-\u2013\u2014]\s+)?"
    rf"(?:{_OPENING}(?:(?:the|an?)\s+)?(?:{_DESCRIBED}\s+){{0,3}})?"
    rf"(?:(?:The|A|An)\s+(?:{_DESCRIBED}\s+){{1,3}})?"
)
"""What may stand before a sentence's subject: a dateline ("KIEV, July 23. /TASS/. - "), an
opening phrase ("On Monday, the ruling Dawa party"), and an article with the words that
describe a party ("The far-right Homeland Party")."""


_MOST_VOTES = re.compile(
    r"\b(?:won|wins|obtained|obtains|received|receives|took|takes|gained|gains|secured|got|"
    r"collected|garnered|polled)\s+(?:the\s+)?(?:most|highest\s+number\s+of|largest\s+"
    r"(?:number|share)\s+of)\s+(?:the\s+)?votes?\b",
    re.IGNORECASE,
)
"""The sentence's subject came first ("The Green Party won the most votes in the lower house,
31.2%"): the first share after it, however far, is the subject's."""
_NO_SUBJECT_SHARE = re.compile(
    r"\b(?:while|whereas|but|followed|ahead|against|than|behind|trailing|second|runner-up)\b|[;:(]"
)
"""Between "the most votes" and the share: another name's clause may hold the share."""
_HEAD_NOUN_AFTER = re.compile(r"\s+of\s+(?:the\s+)?[a-z]")
"""After a capitalised word, "of the ruling party": the word was a common noun opening the
sentence ("Supporters of the ruling party said ..."), not a name."""


def _clause_subject(text: str, start: int, lo: int) -> Name | None:
    """Without a ballot, the name that opens the sentence owns its first share when a share
    verb stands right before it ("The Nur Otan Party won a majority ... and leads with 71.09
    percent"): news opens a sentence with the party it is about."""
    if lo > 0:
        return None
    if _SHARE_VERB_BEFORE.search(text, max(0, start - 40), start) is None:
        most = _MOST_VOTES.search(text, 0, start)
        if most is None or _NO_SUBJECT_SHARE.search(text, most.end(), start) is not None:
            return None
    head = _SUBJECT.match(text)
    at = head.end() if head is not None else 0
    n = NAME_START.match(text, at)
    if n is None or n.end() >= start or _HEAD_NOUN_AFTER.match(text, n.end()):
        return None
    name = tidy(n.group(0))
    if not name:
        return None
    begin, stop = span_in(n.group(0), name)
    return Name(name, False, n.start() + begin, n.start() + stop)


_CLAUSE_BREAK = re.compile(r"[;:]|\d\s*%|\bper\s*cent\b|\bpercent\b", re.IGNORECASE)
"""What stands between a party and a share that is not its own: another clause or share."""


_NOT_A_SHARE_BEFORE = re.compile(
    r"(?:\d\s+|\b(?:loss|gain|drop|fall|rise|swing|increase|decrease|up|down|lost|gained)"
    r"\s+(?:of\s+)?(?:(?:about|around|some|nearly|almost)\s+)?)$",
    re.IGNORECASE,
)
"""Right before a percentage: a change ("a loss of about 3%"), or a number split by a space."""


def _nearest_known(
    text: str, start: int, lo: int, known: Sequence[re.Match[str]], canonical: dict[str, str]
) -> Name | None:
    """The watch's one name earlier in the clause, however far the share stands from it ("The
    Nur Otan Party won a majority ... and leads with 71.09 percent"): a user who listed the
    parties told us what the names are, so no share shape is needed to find them."""
    before = [p for p in known if lo <= p.start() and p.end() <= start and start - p.end() <= 200]
    if len(before) != 1:
        return None
    p = before[0]
    if _CLAUSE_BREAK.search(text, p.end(), start) is not None:
        return None
    if _NOT_A_SHARE_BEFORE.search(text, max(p.end(), start - 40), start) is not None:
        return None
    return Name(canonical_name(canonical, p.group(0)), True, p.start(), p.end())


def _name_at(
    text: str, region: int, pos: int, known: Sequence[re.Match[str]], canonical: dict[str, str]
) -> Name | None:
    found = name_ending_at(text, region, pos)
    if found is None:
        return None
    for p in known:  # a known name ending a longer run ("the ruling Birimdik")
        if p.end() == found.end:
            return Name(canonical_name(canonical, p.group(0)), True, p.start(), p.end())
    raw_start = _raw_start(text, region, found)
    owner = owner_of(text, region, found, raw_start, _RELATIVE.match(text, pos) is not None)
    if owner is not None:
        return _known_or(owner, known, canonical)
    return found


def _raw_start(text: str, region: int, found: Name) -> int:
    """Where the capitalised run holding `found` starts (before any title tidied away)."""
    at = found.start
    while at > region:
        before = text[region:at].rstrip()
        word = re.search(r"[\w'\u2019.-]+$", before)
        if word is None or not word.group(0)[:1].isupper():
            break
        at = region + word.start()
    return at


def _known_or(found: Name, known: Sequence[re.Match[str]], canonical: dict[str, str]) -> Name:
    for p in known:
        if p.end() == found.end:
            return Name(canonical_name(canonical, p.group(0)), True, p.start(), p.end())
    return found


def _name_after(
    text: str, at: int, known: Sequence[re.Match[str]], canonical: dict[str, str]
) -> Name | None:
    for p in known:
        if p.start() == at:
            return Name(canonical_name(canonical, p.group(0)), True, p.start(), p.end())
    q = _OPEN_QUOTE.match(text, at)
    if q is not None:
        close = re.compile(r"[\"\u201d\u00bb]").search(text, q.end(), q.end() + 80)
        if close is not None:
            inner = quoted_before(text, at, close.end())
            if inner is not None:
                name = tidy(text[inner[0] : inner[1]], False) or None
                return None if name is None else Name(name, False, inner[0], inner[1])
    n = NAME_START.match(text, at)
    if n is None:
        return None
    name = tidy(n.group(0))
    if not name:
        return None
    start, stop = span_in(n.group(0), name)
    return Name(name, False, n.start() + start, n.start() + stop)


def _gap_starts(text: str, lo: int, hi: int, end: int, shapes: ShareShapes) -> Iterator[int]:
    """Positions (nearest the number first, at most three) where a name could end and a valid
    gap begin. Found as they are asked for: the first usually gives the name, and a gap that
    does not fit costs the most (the shapes' alternatives are all tried before it fails)."""
    ends = [m.end() for m in _NAME_ENDS.finditer(text, lo, hi)]
    found = 0
    for pos in reversed(ends):
        if shapes.fits(text, pos, hi, end):
            yield pos
            found += 1
            if found >= 3:
                return


_ROW = re.compile(
    r"""[\s,;|]*(?P<name>[^\W\d_a-z\u00df-\u00ff][\w!'\u2019.&-]*
    (?:[ \t]+[^\W\d_a-z\u00df-\u00ff][\w!'\u2019.&-]*){0,3})
    [ \t|]+(?:\d{1,3}(?:[,\s]\d{3})+[ \t|]+)?(?P<num>\d{1,2}(?:[.,]\d{1,2})?)(?![\d%.,]\d)""",
    re.VERBOSE,
)
"""One row of a plain-text table of shares: a name, perhaps its votes, then its share."""


def table_rows(text: str, start: int) -> list[tuple[Name, float]]:
    """The rows of a plain-text share table whose header ends at `start` ("% of vote ANO 34.7
    Spolu 23.2 ..."), up to the first thing that is not a row. Shares adding up to more than
    a whole are no share table."""
    rows: list[tuple[Name, float]] = []
    pos = start
    while (m := _ROW.match(text, pos)) is not None:
        name = tidy(m.group("name"))
        if not name:
            break
        value = float(m.group("num").replace(",", "."))
        start, stop = span_in(m.group("name"), name)
        rows.append((Name(name, False, m.start("name") + start, m.start("name") + stop), value))
        pos = m.end()
    if len(rows) < 2 or sum(v for _, v in rows) > 100.5:
        return []
    return rows


def pair_rival(text: str, lo: int, first_start: int, first: Name) -> Name | None:
    """The other name of a pair ("Ash beat Moreau 55% to 45%", "Moreau lost to Ash 52.6% to
    47.4%"): the one right before the first percentage when that is not the first share's
    owner, else the nearest name before the owner."""
    end = first_start
    while end > lo and text[end - 1] in " (:\u2013\u2014-":
        end -= 1
    near = name_ending_at(text, lo, end)
    if near is not None and near.name != first.name:
        return near
    for m in reversed(list(_NAME_ENDS.finditer(text, lo, first.start))):
        if "%" in text[m.end() : first.start]:
            break
        other = name_ending_at(text, lo, m.end())
        between = text[m.end() : first.start]
        if other is not None and other.name != first.name and _PAIR_VERB.search(between):
            return other
    return None


_PAIR_VERB = re.compile(
    r"\b(?:lost|loses|losing|beat|beats|defeated|defeats|led|leads|leading|trails|trailed|"
    r"trailing|edged|edges|against|over)\b"
)
"""What stands between the two rivals of a pair ("Ash lost the primary to Moreau")."""
