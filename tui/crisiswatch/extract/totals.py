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

    Per sentence, several figures of one kind are a breakdown and add up, unless the first is a
    general count at least as large as the rest, or one its parts add up to (a total followed by
    its breakdown). Subsets ("including 7 children") never count; background figures ("last
    year's clashes left 43 dead") never do (counting a lone one, as the annotation rules would,
    added false figures on the held-back part: benchmarks/README.md), a toll counted since long
    before ("since the coup") only when the event's own is not given. Sentences that each open
    with their own place ("In Tanta, ... In Minya, ...") and hold every figure of the kind are a
    roundup, and add up. Across other sentences the largest figure stands, plus any that say
    they come on top ("two more died"). Named sources whose totals disagree (an explicit zero
    included) become a range; beside a named source, the text's own unattributed count (not the
    title's, and more than one person) is one more voice, unless a toll said to have grown
    ("rose to 12") is above them all and the only running toll: it holds them. People counted
    among a group ("two were among the dead") stand only where no other sentence counts the
    kind. A zero counts only when nothing else does.
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
        return Total(f.value, f.qual, f.high) if f.value > 0 or f.high else Total(0, Qual.EXACT)
    usable = [m for m in mentions if not m.subset and not m.background]
    if not usable:
        return None
    among = {m.sentence_index for m in usable if m.part}
    if among:  # "two reporters were among the dead": only where nothing else counts them
        usable = [m for m in usable if m.sentence_index not in among] or usable
    nonzero = [m for m in usable if m.figure.value > 0 or m.figure.high]
    if not nonzero:
        return Total(0, Qual.EXACT)
    current = [m for m in nonzero if not m.cumulative]
    if current:  # the event's toll, not one counted since long before
        nonzero = current
    roundup = _by_place(nonzero)
    if roundup is not None:
        return roundup
    zero_source = _zero_source(usable)
    totals = {key: _combined(group) for key, group in _by_source(nonzero).items()}
    if totals:
        # The text's own unattributed figures are one more voice beside the named ones.
        # The title sums the body up; a lone implicit single ("a policeman also died") is a
        # detail, not a count; parts that add up to a named count are its breakdown.
        unnamed = [
            m for m in nonzero if not (_named(m.figure.attribution) or m.additive or m.headline)
        ]
        if unnamed:
            own = _combined(unnamed)
            named = {t.value for t in totals.values()}
            if own.value > 1 and _sum_of_sentences(unnamed) not in named:
                totals[""] = own
    if len(totals) > 1:
        # "the toll rose to 12" holds the other sources' lower counts (an earlier day's, as
        # news gives them); two sources' running tolls ("climbed to 75", "has reached 105")
        # are two voices
        risen = max((m for m in nonzero if m.risen), key=lambda m: m.figure.value, default=None)
        if (
            risen is not None
            and all((t.high or t.value) <= risen.figure.value for t in totals.values())
            and not any(m.toll and m is not risen for m in nonzero)
        ):
            f = risen.figure
            return Total(f.value, f.qual, f.high)
    if len(totals) > 1 or (zero_source and totals):
        lows = [t.value for t in totals.values()]
        highs = [t.high or t.value for t in totals.values()]
        if zero_source and zero_source not in totals:
            lows.append(0)
        if min(lows) != max(highs):
            return Total(min(lows), Qual.RANGE, max(highs))
    return _combined(nonzero)


def _by_place(mentions: Sequence[Mention]) -> Total | None:
    """A roundup by place ("In Cusco, two protesters were killed. In Arequipa, police said
    three died."): when every figure stands in a sentence opening with its place, and two
    places or more are named, each place's count adds to the others'. None otherwise (a
    country-wide count beside them is their total, read by the rules below)."""
    places: dict[str, list[Mention]] = {}
    for m in mentions:
        if m.place is None:
            return None
        places.setdefault(m.place, []).append(m)
    if len(places) < 2:
        return None
    parts = [_combined(group) for group in places.values()]
    quals = {t.qual for t in parts}
    qual = quals.pop() if len(quals) == 1 and Qual.RANGE not in quals else Qual.AT_LEAST
    return Total(sum(t.value for t in parts), qual)


def _zero_source(mentions: Sequence[Mention]) -> str | None:
    """The named source of an explicit zero ("the ministry said no one was killed")."""
    for m in mentions:
        if m.figure.value == 0 and not m.figure.high and m.figure.attribution:
            return _source_key(m.figure.attribution)
    return None


def _source_key(source: str) -> str:
    low = source.lower()
    return low[4:] if low.startswith("the ") else low


_NAME_FILLER = frozenset(["of", "for", "the", "and", "on", "in"])


def _initials(name: str) -> str:
    return "".join(w[0] for w in name.replace("(", " ").split() if w not in _NAME_FILLER)


def _same_source(a: str, b: str) -> bool:
    """One name held in the other, or one the initials of the other ("aapp")."""
    if a in b or b in a:
        return True
    return (" " not in a and a == _initials(b)) or (" " not in b and b == _initials(a))


_NOBODY = frozenset(
    [
        "the report",
        "the statement",
        "the list",
        "the sources",
        "sources",
        "the data",
        "the figures",
        "reports",
        "media reports",
        "local media",
        "the tally",
    ]
)
"""What a text gives figures "according to" without naming who: a document or "sources"."""


def _named(attribution: str | None) -> bool:
    return attribution is not None and attribution.lower() not in _NOBODY


def _sum_of_sentences(mentions: Sequence[Mention]) -> int:
    """What the mentions add up to, one total per sentence: a breakdown across sentences."""
    per_sentence: dict[int, list[Mention]] = {}
    for m in mentions:
        per_sentence.setdefault(m.sentence_index, []).append(m)
    return sum(_sentence_total(group).value for group in per_sentence.values())


def _by_source(mentions: Sequence[Mention]) -> dict[str, list[Mention]]:
    """The attributed mentions by source; one source's name held in another's ("the AAPP",
    "the Assistance Association for Political Prisoners (AAPP)") is the same source. What a
    document or unnamed "sources" gave is no one's (see `_NOBODY`)."""
    out: dict[str, list[Mention]] = {}
    for m in mentions:
        attribution = m.figure.attribution
        if attribution is None or not _named(attribution):
            continue
        key = _source_key(attribution)
        same = next((k for k in out if _same_source(k, key)), key)
        out.setdefault(same, []).append(m)
    return out


def _combined(mentions: Sequence[Mention]) -> Total:
    """Sentence by sentence: the largest stands, plus any that say they come on top ("two more
    died"), before it or after it; a running toll ("the toll rose to 14") already holds those
    stated before it."""
    per_sentence: dict[int, list[Mention]] = {}
    for m in mentions:
        per_sentence.setdefault(m.sentence_index, []).append(m)
    groups = sorted(per_sentence.items())
    plain = [(i, g) for i, g in groups if not all(m.additive for m in g)]
    on_top = [(i, _sentence_total(g)) for i, g in groups if all(m.additive for m in g)]
    if not plain:  # only increments: the first is the base, the rest come on top of it
        best = on_top[0][1]
        extra = sum(t.value for _, t in on_top[1:])
    else:
        at, best = plain[0][0], _sentence_total(plain[0][1])
        toll = any(m.toll for m in plain[0][1])
        for i, group in plain[1:]:
            total = _sentence_total(group)
            if (total.high or total.value) > (best.high or best.value):
                at, best, toll = i, total, any(m.toll for m in group)
        extra = sum(t.value for i, t in on_top if i > at or not toll)
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
    whole = group[0].generic and not (
        group[0].additive or group[0].coordinated or (group[0].placed and group[-1].placed)
    )
    # "five were killed, two in A and three in B": a total, then parts that add up to it.
    if (whole and first.value >= rest) or (len(group) > 2 and first.value == rest):
        return Total(first.value, first.qual, first.high)
    value = sum(m.figure.value for m in group)
    quals = {m.figure.qual for m in group}
    qual = first.qual if len(quals) == 1 and first.qual is not Qual.RANGE else Qual.AT_LEAST
    if quals == {Qual.EXACT}:
        qual = Qual.EXACT
    return Total(value, qual)
