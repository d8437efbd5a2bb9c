"""Sentence splitting with spans, and the page noise to skip: ads, credits, teasers, datelines."""

from __future__ import annotations

import re
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
_BOUNDARY = re.compile(r"[.!?]+[\"'”\u2019)\]]*(?=\s)|\n")
_WORD_BEFORE = re.compile(r"([\w.]+)$")

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


def split_sentences(text: str) -> list[Sentence]:
    """Split without breaking at "Oct.", "U.S." or decimals; spans index into `text`."""
    out: list[Sentence] = []
    start = 0
    for m in _BOUNDARY.finditer(text):
        end = m.end()
        if m.group(0) != "\n":
            if text[m.start()] == "." and _is_abbreviation(text, m.start()):
                continue
            nxt = _next_visible(text, end)
            if nxt and not (nxt.isupper() or nxt.isdigit() or nxt in "\"'“\u2018(["):
                continue
        _append(out, text, start, end)
        start = end
    _append(out, text, start, len(text))
    return out


def _next_visible(text: str, pos: int) -> str:
    n = len(text)
    while pos < n and text[pos].isspace():
        pos += 1
    return text[pos] if pos < n else ""


def _is_abbreviation(text: str, dot: int) -> bool:
    m = _WORD_BEFORE.search(text, max(0, dot - 12), dot)
    if m is None:
        return False
    word = m.group(1)
    if "." in word:  # U.S. / U.N. / a.m.
        return True
    return (len(word) == 1 and word.isalpha() and word.isupper()) or word.lower() in _ABBREVIATIONS


def _append(out: list[Sentence], text: str, start: int, end: int) -> None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if end > start:
        out.append(Sentence(text[start:end], start, end))


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
