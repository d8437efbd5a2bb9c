"""A share whose owner its sentence names only as "the party" or "his list": the party the
sentence before it is about ("The Green Bloc stays out of parliament. The party received
4.3 percent.")."""

from __future__ import annotations

import re

from crisiswatch.extract.results.names import NAME_START, Name, canonical_name, tidy
from crisiswatch.extract.sentences import Sentence

_ANAPHOR = re.compile(
    r"(?:^(?:[^,%;:\d]{1,100},\s+)?|[:;\u2013\u2014]\s*|\s-\s+)"
    r"(?P<ref>(?:the|its|his|her|their)\s+(?:(?:ruling|governing)\s+)?"
    r"(?:party|bloc|alliance|coalition|list|movement))"
    r"(?:\s+[a-z]\w*){0,2}?\s+(?:received|won|got|mustered|garnered|secured|took|gained|"
    r"obtained|polled|scored|has|had|(?:was|is)\s+(?:standing|running)\s+at|stood\s+at|"
    r"stands\s+at)\b[^%;:]{0,60}$",
    re.IGNORECASE,
)
"""The owner written as a reference ("the party", "the ruling party"), opening the sentence
(after an opening phrase, if any: "With most districts counted, the party had ...") or a
clause after a dash or colon, then a share verb before the percentage."""
_ENDS = (". ", "! ", "? ", "\n")
_REACH = 400
"""How far back the sentence before is looked for."""


def anaphor_owner(
    text: str,
    sentence: Sentence,
    share_start: int,
    lo: int,
    pattern: re.Pattern[str] | None,
    canonical: dict[str, str],
) -> Name | None:
    """The owner of the share at `share_start` (in `sentence.text`) when the sentence names it
    as "the party" between `lo` (where the previous share ended) and the share: with a watch,
    its last name in the sentence before; without, that sentence's subject when it reads as a
    party's name. The span is the reference's own, so the share is quoted where it stands."""
    ref = _ANAPHOR.search(sentence.text, lo, share_start)
    if ref is None:
        return None
    before = _sentence_before(text, sentence.start)
    if before is None:
        return None
    a, b = before
    if pattern is not None:
        names = list(pattern.finditer(text, a, b))
        if not names:
            return None
        name, known = canonical_name(canonical, names[-1].group(0)), True
    else:
        subject = NAME_START.match(text, a)
        if subject is None:
            return None
        name, known = tidy(subject.group(0)), False
        if " " not in name and not (len(name) > 1 and name.isupper()):
            return None  # one capitalised word is a person or a place as often as a party
    return Name(name, known, ref.start("ref"), ref.end("ref"))


def _sentence_before(text: str, start: int) -> tuple[int, int] | None:
    """The span of the sentence that ends right before `start`, or None at the text's top."""
    end = start
    while end > 0 and text[end - 1].isspace():
        end -= 1
    if end == 0:
        return None
    lo = max(0, end - _REACH)
    begin = lo
    for e in _ENDS:
        i = text.rfind(e, lo, end - 1)
        if i >= 0 and i + len(e) > begin:
            begin = i + len(e)
    while begin < end and text[begin].isspace():
        begin += 1
    return (begin, end) if begin < end else None
