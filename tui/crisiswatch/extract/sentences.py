"""Sentence splitting with spans, and the page noise to skip: ads, credits, teasers, datelines."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass

MONTH_ABBREVIATIONS = (
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
)
"""Months as datelines shorten them ("may" is a word of its own): no sentence ends at their dot,
and no name is one."""

_ABBREVIATIONS = frozenset(
    [
        "mr",
        "mrs",
        "ms",
        "dr",
        "st",
        "gen",
        "col",
        "lt",
        "sgt",
        "capt",
        "maj",
        "prof",
        "rev",
        "gov",
        "sen",
        "rep",
        "pres",
        "jr",
        "sr",
        "inc",
        "ltd",
        "co",
        "corp",
        *MONTH_ABBREVIATIONS,
        "no",
        "vs",
        "etc",
        "approx",
        "est",
        "dept",
    ]
)

_NOISE = re.compile(
    r"""^\W*(?:
        advertisement\b | advertising\b | sponsored\b | story\s+continues\b
      | (?:photo|photograph|picture|image|file\s+photo)s?\s*(?:by\b|:|credit\b|courtesy\b)
      | (?:credit|source)\s*:
      | (?-i:RELATED)\b | related\s*: | related\s+(?:stories|articles|coverage)\b | read\s+more\b | see\s+also\b
      | also\s+read\b | more\s+on\s+this\b | watch\s*:
      | sign\s+up\b | subscribe\b | click\s+here\b | follow\s+us\b | share\s+this\b
      | ©|copyright\b | all\s+rights\s+reserved\b
    )""",
    re.IGNORECASE | re.VERBOSE,
)
# "Photo by X/Agency" trailing a caption on the same line.
_TRAILING_CREDIT = re.compile(r"\s(?:Photo|Picture|Image)s?\s+(?:by|courtesy of)\s+\S.*$")

_MONTH = r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\.?"
_DASH = r"(?:--|\u2014|\u2013|-)"
_DATELINE = re.compile(
    rf"""^(?:
        (?:date\s+)?\d{{4}}-\d{{2}}-\d{{2}}(?:[T\s][\d:]+Z?)?\s+
      | {_MONTH}\s+\d{{1,2}}(?:,\s*\d{{4}})?\s*\([^()\n]{{1,60}}\)\s*{_DASH}\s*
      | [A-Z][A-Z.'\-]+(?:[ ,]+(?:[A-Z][A-Za-z.'\-]+|\d{{1,2}})){{0,5}}\s*\([^()\n]{{1,80}}\)\s*{_DASH}?\s*
      | [A-Z][A-Z.'\-]{{2,}}(?:\s+[A-Z][A-Z.'\-]{{2,}}){{0,3}}
        (?:,\s*{_MONTH}\s+\d{{1,2}})?\s*(?:{_DASH}|:)\s+
    )""",
    re.VERBOSE,
)


@dataclass(frozen=True, slots=True)
class Sentence:
    """A sentence and where it stands in the whole text (`text[start:end] == sentence.text`)."""

    text: str
    start: int
    end: int


# A boundary is end punctuation (with closing quotes/brackets) followed by space and a capital
# or digit, or a line break, unless the line goes on in lower case (text wrapped by hand: "the
# health\nministry said"). A "!" or "?" before a bracket ends a name, not a sentence ("For
# Stability! (S!) with 6.8 percent"). The pattern opens with a character class so the engine
# skips straight to candidate characters; the abbreviation guard runs in Python, only at a ".".
_BOUNDARY = re.compile(
    r"""[.!?\n](?:(?<=\n)(?![ \t]*[a-z])|(?!(?<=[!?])[\"'\u201d\u2019]*\s+\()[.!?]*[\"'\u201d\u2019)\]]*
    (?=\s+[\"'\u201c\u2018(\[]?[A-Z0-9]|\s*\n|\s*$))""",
    re.VERBOSE,
)
_BOUNDARY_CHARS = frozenset(".!?\"'\u201d\u2019)]\n")
"""Every character a boundary can consist of: a position after any other one is a safe place
to start looking for boundaries, as no boundary can run across it."""
_GUARDED = _ABBREVIATIONS | frozenset(a.capitalize() for a in _ABBREVIATIONS)
_LONGEST_GUARD = max(map(len, _ABBREVIATIONS))
_SHORT_WORD_END = re.compile(rf"(?<!\w)\w{{1,{_LONGEST_GUARD}}}\Z")
_ASCII_LETTERS = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz")


def _abbreviation_dot(text: str, i: int) -> bool:
    """True when the "." at `i` ends "Oct.", "Mr.", an initial ("J.") or "U.S.": no boundary."""
    if i == 0 or text[i - 1] not in _ASCII_LETTERS:
        return False  # every guarded word, initial and "U.S." ends in an ASCII letter
    if i >= 2 and text[i - 2] == ".":
        return True
    if i > _LONGEST_GUARD and text[i - _LONGEST_GUARD - 1 : i].isalpha():
        return False  # the word before the dot is longer than any guarded one
    word = _SHORT_WORD_END.search(text, max(0, i - _LONGEST_GUARD), i)
    if word is None:  # no word before the dot, or one too long to be guarded
        return False
    w = word.group()
    return w in _GUARDED or (len(w) == 1 and "A" <= w <= "Z")


def _next_boundary(text: str, pos: int) -> re.Match[str] | None:
    """The first sentence boundary starting at or after `pos`, which must be a safe start."""
    while True:
        m = _BOUNDARY.search(text, pos)
        if m is None or text[m.start()] != "." or not _abbreviation_dot(text, m.start()):
            return m
        pos = m.start() + 1


def _boundary_ends(text: str) -> Iterator[int]:
    pos = 0
    while (m := _next_boundary(text, pos)) is not None:
        yield m.end()
        pos = m.end()


def split_sentences(text: str) -> list[Sentence]:
    """Split without breaking at "Oct.", "U.S." or decimals; spans index into `text`."""
    out: list[Sentence] = []
    start = 0
    for end in _boundary_ends(text):
        _append(out, text, start, end)
        start = end
    _append(out, text, start, len(text))
    return out


def sentence_spans(text: str) -> list[int]:
    """Start offsets of the raw sentence pieces (before trimming), for locating a position."""
    return [0, *_boundary_ends(text)]


def _piece_bounds(text: str, pos: int, floor: int) -> tuple[int, int]:
    """Start and end of the raw piece holding `pos`, the same piece `split_sentences` cuts.
    `floor` is a known boundary end at or before `pos`. Looks back one run of boundary
    characters at a time, so the cost follows the sentence, not the text."""
    start = floor
    back = pos
    after: re.Match[str] | None = None  # the first boundary after `pos`, once `seen`
    seen = False
    while back > floor:
        q = max(text.rfind(".", floor, back), text.rfind("!", floor, back))
        q = max(q, text.rfind("?", floor, back), text.rfind("\n", floor, back))
        if q < 0:
            break
        safe = q  # no boundary runs across the character before the run holding `q`
        while safe > floor and text[safe - 1] in _BOUNDARY_CHARS:
            safe -= 1
        last = -1
        m = _next_boundary(text, safe)
        while m is not None and m.start() <= q:
            last = m.end()
            m = _next_boundary(text, m.end())
        if not seen:  # no boundary starts between `q` and `pos`: `m` is the one after `pos`
            after, seen = m, True
        if last >= 0:
            start = last
            break
        back = safe
    if not seen:
        after = _next_boundary(text, pos + 1)
    return start, len(text) if after is None else after.end()


def sentences_around(text: str, positions: Iterable[int]) -> list[Sentence]:
    """The story sentences (noise dropped, datelines trimmed) holding any of `positions`, in
    text order, each once; the same sentences `story_sentences` gives, but only those are cut.
    Positions must point at word characters or "%" (never at sentence punctuation)."""
    return sentences_around_each(text, [positions])[0]


def sentences_around_each(text: str, groups: Sequence[Iterable[int]]) -> list[list[Sentence]]:
    """`sentences_around` for several groups of positions at once, cutting each piece once."""
    tagged = sorted((pos, g) for g, positions in enumerate(groups) for pos in positions)
    out: list[list[Sentence]] = [[] for _ in groups]
    last_piece = [-1] * len(groups)
    piece = -1
    end = 0
    sentence: Sentence | None = None
    for pos, g in tagged:
        if pos >= end:
            start, end = _piece_bounds(text, pos, end)
            piece += 1
            cut = _cut(text, start, end)
            sentence = None if cut is None or is_noise(cut.text) else strip_dateline(cut)
        if sentence is not None and last_piece[g] != piece:
            out[g].append(sentence)
            last_piece[g] = piece
    return out


def _cut(text: str, start: int, end: int) -> Sentence | None:
    """The piece `text[start:end]` without its outer space, or None when nothing is left."""
    chunk = text[start:end]
    stripped = chunk.strip()
    if not stripped:
        return None
    lead = start + len(chunk) - len(chunk.lstrip())
    return Sentence(stripped, lead, lead + len(stripped))


def _append(out: list[Sentence], text: str, start: int, end: int) -> None:
    cut = _cut(text, start, end)
    if cut is not None:
        out.append(cut)


def is_noise(sentence: str) -> bool:
    """True for page furniture that is not part of the story: ads, credits, "RELATED" teasers."""
    return _NOISE.match(sentence) is not None


def strip_dateline(sentence: Sentence) -> Sentence:
    """The sentence without a leading dateline ("Oct. 6 (UPI) --", "BISHKEK, Oct 6 (Reuters) -")
    or trailing photo credit, so neither is read as part of the story."""
    text = sentence.text
    start = sentence.start
    m = _DATELINE.match(text)
    if m is not None and m.end() < len(text):
        start += m.end()
        text = text[m.end() :]
    c = (
        _TRAILING_CREDIT.search(text)
        if "Photo" in text or "Picture" in text or "Image" in text
        else None
    )
    if c is not None and c.start() > 0:
        text = text[: c.start()]
    if text is sentence.text:
        return sentence
    return Sentence(text, start, start + len(text))


def story_sentences(text: str) -> list[Sentence]:
    """The sentences of the story itself: page noise dropped, datelines and credits trimmed."""
    return [strip_dateline(s) for s in split_sentences(text) if not is_noise(s.text)]


_TITLE_MAX = 250
"""Longest first line read as an item's title."""


def title_end(text: str) -> int:
    """Where an item's title ends, or 0 when the text opens with none: items are read as
    "title, blank line, body" (facts.item_text), and a title is one short line that does
    not end as a sentence of the body would."""
    cut = text.find("\n\n", 0, _TITLE_MAX + 1)
    if cut <= 0:
        return 0
    first = text[:cut].rstrip()
    if "\n" in first or first.endswith((".", "!", "?")):
        return 0
    return cut
