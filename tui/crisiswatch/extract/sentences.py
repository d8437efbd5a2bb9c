"""Sentence splitting with spans, and the page noise to skip: ads, credits, teasers, datelines."""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

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
        "no",
        "vs",
        "etc",
        "approx",
        "est",
        "dept",
    ]
)

# A boundary is end punctuation (with closing quotes/brackets) followed by space, or a line break.

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


def _abbreviation_guards() -> str:
    # One fixed-width look-behind per abbreviation: only tried where a "." stands, so cheap.
    # Placed after the dot, so the engine reaches them only where a "." stands.
    guards = [
        rf"(?<!\b{re.escape(a)}\.)(?<!\b{re.escape(a.capitalize())}\.)" for a in _ABBREVIATIONS
    ]
    return "".join(guards) + r"(?<!\b[A-Z]\.)(?<!\.[A-Za-z]\.)"


_SPLIT = re.compile(
    rf"""(?:\.{_abbreviation_guards()}|[!?])[.!?]*[\"'\u201d\u2019)\]]*
    (?=\s+[\"'\u201c\u2018(\[]?[A-Z0-9]|\s*\n|\s*$)|\n""",
    re.VERBOSE,
)


def split_sentences(text: str) -> list[Sentence]:
    """Split without breaking at "Oct.", "U.S." or decimals; spans index into `text`."""
    out: list[Sentence] = []
    start = 0
    for m in _SPLIT.finditer(text):
        _append(out, text, start, m.end())
        start = m.end()
    _append(out, text, start, len(text))
    return out


def sentence_spans(text: str) -> list[int]:
    """Start offsets of the raw sentence pieces (before trimming), for locating a position."""
    return [0, *(m.end() for m in _SPLIT.finditer(text))]


def sentences_at(text: str, positions: Iterable[int], starts: Sequence[int]) -> list[Sentence]:
    """The story sentences (noise dropped, datelines trimmed) that contain any of `positions`,
    in text order, each once. `starts` comes from `sentence_spans(text)`."""
    picked = sorted({bisect_right(starts, p) - 1 for p in positions})
    out: list[Sentence] = []
    for i in picked:
        end = starts[i + 1] if i + 1 < len(starts) else len(text)
        piece: list[Sentence] = []
        _append(piece, text, starts[i], end)
        if piece and not is_noise(piece[0].text):
            out.append(strip_dateline(piece[0]))
    return out


def _append(out: list[Sentence], text: str, start: int, end: int) -> None:
    chunk = text[start:end]
    stripped = chunk.strip()
    if stripped:
        lead = len(chunk) - len(chunk.lstrip())
        out.append(Sentence(stripped, start + lead, start + lead + len(stripped)))


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
    c = _TRAILING_CREDIT.search(text)
    if c is not None and c.start() > 0:
        text = text[: c.start()]
    if text is sentence.text:
        return sentence
    return Sentence(text, start, start + len(text))


def story_sentences(text: str) -> list[Sentence]:
    """The sentences of the story itself: page noise dropped, datelines and credits trimmed."""
    return [strip_dateline(s) for s in split_sentences(text) if not is_noise(s.text)]
