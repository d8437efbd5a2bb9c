"""The one total per kind a text reports, from all its mentions."""

from __future__ import annotations

from collections.abc import Sequence

from crisiswatch.extract.mentions import KINDS, Mention
from crisiswatch.models import Kind, Qual, Total


def drop_headline_repeats(mentions: list[Mention]) -> list[Mention]:
    """The mentions without the title's copies of figures the body states too: one report is
    counted once, and the body's copy (which usually says who gave it) stands for it."""
    if not any(m.headline for m in mentions):
        return mentions
    body = {(m.figure.kind, m.figure.value, m.figure.high) for m in mentions if not m.headline}
    return [
        m
        for m in mentions
        if not (m.headline and (m.figure.kind, m.figure.value, m.figure.high) in body)
    ]


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
