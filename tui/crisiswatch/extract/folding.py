"""Case folding that keeps offsets, and patterns compiled to run on folded text."""

from __future__ import annotations

import re

VERBOSE = re.VERBOSE
_ODD_FOLDS = {"\u0131": "i", "\u017f": "s", "\u0130": "i"}
"""Characters IGNORECASE matches to an ASCII letter that `str.lower` leaves alone (dotless i,
long s) or turns into two characters (dotted capital I)."""
_UNFOLDABLE = re.compile(r"\\[A-Z]|\(\?-i")
"""`\\S`, `\\W`, `\\B` ... and a scoped case-sensitive group would change meaning on folded text."""
_GROUP_SYNTAX = re.compile(r"\(\?P[<=]")


def fold(text: str, low: str | None = None) -> str:
    """`text` lower-cased one character for one, so offsets stay those of `text`: what the
    casualty patterns run on. `low` is `text.lower()` when the caller has it already."""
    low = text.lower() if low is None else low
    if len(low) == len(text) and "\u0131" not in low and "\u017f" not in low:
        return low
    return "".join(_ODD_FOLDS.get(c) or (c.lower() if len(c.lower()) == 1 else c) for c in text)


def compile_folded(pattern: str, flags: int = VERBOSE) -> re.Pattern[str]:
    """Compile a pattern to run on `fold`ed text, without IGNORECASE (which `re` matches
    several times slower). The pattern must be lower-case already: a capital letter could
    never match folded text, so one is refused rather than silently rewritten (a "[A-Z]"
    meant as "a capitalised word" would quietly have become "any word")."""
    bare = _GROUP_SYNTAX.sub("", pattern)
    if _UNFOLDABLE.search(bare):
        raise ValueError(f"pattern cannot run on folded text: {pattern[:40]!r}")
    capital = re.search(r"(?<!\\)[A-Z]", bare)
    if capital is not None:
        raise ValueError(
            f"pattern holds a capital letter, which folded text never does: {pattern[:40]!r}"
        )
    return re.compile(pattern, flags & ~re.IGNORECASE)
