"""Case folding that keeps offsets, and patterns compiled to run on folded text."""

from __future__ import annotations

import importlib
import re
from typing import Any

VERBOSE = re.VERBOSE
_PARSER: Any = importlib.import_module("re._parser")
_K: Any = importlib.import_module("re._constants")
"""The standard library's own pattern parser, to read what a pattern requires (untyped)."""
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


def folded_twin(rx: re.Pattern[str]) -> re.Pattern[str] | None:
    """An IGNORECASE pattern rewritten to run on `fold`ed text without IGNORECASE (which `re`
    matches about twice as slowly), finding the same matches at the same offsets; None for a
    pattern that is case-sensitive or holds an escape whose meaning lower-casing would change
    ("\\S", "\\B", "(?-i"), or a named group (lower-casing "(?P<" breaks the syntax, and the
    name): that one runs on the text itself."""
    if not rx.flags & re.IGNORECASE or "(?P" in rx.pattern or _UNFOLDABLE.search(rx.pattern):
        return None
    return re.compile(rx.pattern.lower(), rx.flags & ~re.IGNORECASE)


def required_substrings(rx: re.Pattern[str]) -> tuple[str, ...] | None:
    """Substrings of which every match of `rx` holds one, read from the pattern itself (so a
    prefilter built from them can never skip a match), or None when no such set is found.
    Of the parts every match goes through, the one with the longest shortest substring is
    taken: "\\bin\\s+(?:19|20)\\d\\d" gives ("19", "20") over ("in",)."""
    found = _needs(_PARSER.parse(rx.pattern, rx.flags))
    return tuple(sorted(found)) if found else None


_COMMON = frozenset(["the", "in", "of", "a", "an", "and", "to", "at", "on", " "])
"""Substrings nearly every sentence holds: worth nothing as a prefilter."""


def _worth(cand: set[str]) -> int:
    """How well a set of substrings sorts sentences out: its shortest member's length, and
    nothing when a member stands in nearly every sentence."""
    return min(0 if c.strip() in _COMMON else len(c.strip()) for c in cand)


def _needs(items: Any) -> set[str] | None:
    k = _K
    best: set[str] | None = None
    run = ""

    def better(cand: set[str] | None) -> None:
        nonlocal best
        if not cand:
            return
        # The first part that sorts sentences out well enough wins ("19|20" before the noun
        # after it); a later one only if it sorts far better.
        if best is None or (_worth(best) < 2 and _worth(cand) > _worth(best)):
            best = cand

    for op, av in items:
        if op is k.LITERAL:
            run += chr(av)
            continue
        if op is k.BRANCH and run:  # "th(?:ese|ose|em)": the parser split off a shared start
            leads = [_lead(b) for b in av[1]]
            if all(leads):
                better({run + lead for lead in leads})
        better({run} if run else None)
        run = ""
        if op is k.SUBPATTERN:
            better(_needs(av[-1]))
        elif op is k.BRANCH:
            branches = [_needs(b) for b in av[1]]
            if all(branches):
                better({x for b in branches if b for x in b})
        elif op in (k.MAX_REPEAT, k.MIN_REPEAT) and av[0] >= 1:
            better(_needs(av[2]))
    better({run} if run else None)
    return best


def _lead(items: Any) -> str:
    """The literal text a parsed pattern opens with."""
    out = ""
    for op, av in items:
        if op is not _K.LITERAL:
            break
        out += chr(av)
    return out
