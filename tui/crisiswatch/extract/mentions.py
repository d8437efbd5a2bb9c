"""Every figure mention of a sentence: the rules' patterns tried where they can open, each
figure marked with what decides whether it counts toward the total."""

from __future__ import annotations

import re
from bisect import bisect_left, insort
from collections.abc import Iterable
from dataclasses import dataclass, replace

from crisiswatch.extract.attribution import Speaker, attribute, speakers
from crisiswatch.extract.casualty_patterns import (
    KEY_WORDS,
)
from crisiswatch.extract.context import (
    BACKGROUND,
    BACKGROUND_REACH,
    BACKGROUND_STEMS,
    ON_TOP_BEFORE,
    SUBSET,
    SUBSET_AFTER,
    SUBSET_OF,
    SUBSET_OPENING,
    SUBSET_STEMS,
    clause_background,
    clause_breaks,
    extra_marks,
    is_cumulative,
)
from crisiswatch.extract.coordination import coordinated_after, coordinated_before
from crisiswatch.extract.crowd import crowd_matches, may_hold_crowd
from crisiswatch.extract.folding import VERBOSE, compile_folded, fold
from crisiswatch.extract.quantities import (
    PREFIX_REACH,
    part_before,
    qual_for,
    read_qty,
)
from crisiswatch.extract.restated import RESTATED_OPENERS, read_restated
from crisiswatch.extract.rule_reading import read_rules
from crisiswatch.extract.sentences import Sentence
from crisiswatch.extract.words import Words, has_stem
from crisiswatch.models import Figure, Kind, Qual

KINDS = tuple(Kind)
"""Every kind, in order: iterating the enum itself costs more each time."""
MAX_MENTIONS_PER_KIND = 20
"""Most mentions of one kind one item yields: a text repeating "3 dead, 3 dead, ..." is not
news, and each mention is stored with its sentence."""
MAX_MENTIONS = 50
"""Most mentions one item yields in all; reading stops there."""
MAX_QUOTE = 400
"""Longest sentence a figure quotes whole; of a longer one it quotes the part around it."""


@dataclass(slots=True)
class Mention:
    """A figure plus what decides whether it counts toward the text's total. Read-only by
    convention: not frozen, as a frozen dataclass costs three times as much to build."""

    figure: Figure
    sentence_index: int
    subset: bool = False
    """Part of a larger figure stated beside it ("including 7 children")."""
    background: bool = False
    """About another event or an earlier year ("last year's clashes left 43 dead")."""
    generic: bool = True
    """Counts people in general ("12 people"), so it can be the total of a breakdown."""
    additive: bool = False
    """Adds to an earlier figure ("two more people died")."""
    coordinated: bool = False
    """One part of "30 in Bishkek and 12 in Osh": the parts add up."""
    toll: bool = False
    """Stated as a running total ("raising the death toll to four"): it already holds the rest."""
    rule: str = ""
    """The name of the rule that read it ("" for crowd sizes and coordinated parts)."""
    headline: bool = False
    """Stated in the item's title, which the body usually repeats."""
    cumulative: bool = False
    """A long-running toll ("320 have been killed since the coup"), not the event's own."""
    placed: bool = False
    """Said of one place ("seven were killed in Adama"): a part beside other places' counts,
    never the whole of a breakdown."""
    part: bool = False
    """Counted among a larger group ("two reporters were among the dead"): stands only where
    the text gives no other count of its kind."""
    risen: bool = False
    """A running toll said to have grown ("the death toll rose to 12"): it holds the other
    sources' lower counts (`totals.text_totals`)."""
    place: str | None = None
    """The place its sentence opens with ("In Cusco, two protesters were killed"): a roundup
    that gives each place's count in a sentence of its own adds them up."""


class Budget:
    """How many more mentions an item may yield, in all and per kind."""

    __slots__ = ("left", "per_kind")

    def __init__(self) -> None:
        self.left = MAX_MENTIONS
        self.per_kind = dict.fromkeys(KINDS, MAX_MENTIONS_PER_KIND)

    def allows(self, kind: Kind) -> bool:
        return self.left > 0 and self.per_kind[kind] > 0

    def spend(self, kind: Kind) -> None:
        self.left -= 1
        self.per_kind[kind] -= 1


def _quote(text: str, start: int, end: int) -> str:
    """The sentence a figure quotes: whole, or the part around the figure when it is long."""
    if len(text) <= MAX_QUOTE:
        return text
    lo = max(0, min(start - MAX_QUOTE // 2, len(text) - MAX_QUOTE))
    return text[lo : lo + MAX_QUOTE]


_ON_TOP_OPENINGS = ("separately,", "elsewhere,", "additionally,", "in addition,", "also,")
"""Sentence openings that put every figure after them on top of those before."""
_RISEN = compile_folded(
    r"\b(?:rose|risen|rises|climbed|climbs|jumped|increased|grew|reached|doubled|tripled)\b", 0
)
"""What says a running toll has grown since an earlier count."""
_ON_TOP_LEAD = compile_folded(r"\b(?:another|a\s+further|an\s+additional)\s+$")
"""Words right before a count that put it on top of those before."""
_TOLL_BEFORE = compile_folded(
    r"""\b(?:toll|tally)(?:\s+[\w'-]+){0,4}?\s+(?:to|at|reached|hit|hits|reaches|rose\s+to|
    climbed\s+to|stood\s+at|stands\s+at)\s+$""",
    VERBOSE,
)
"""A running toll right before a count its own trigger reads ("taking the toll to 21 dead"):
the count is the toll, not one more part."""
_PLACE_OF = (
    r"(?:the\s+)?(?:(?:town|city|village|province|region|district|county|state|suburb)\s+of\s+)?"
)
"""What may stand before a place's name: "the city of" (case kept)."""
_PLACE_AFTER = re.compile(rf"\s+(?:in|at|near)\s+{_PLACE_OF}[A-Z]")
"""A place named right after a figure's phrase: "were killed in Adama" (case kept)."""
_OPENING_PLACE = re.compile(
    rf"(?:In|At)\s+{_PLACE_OF}(?P<place>[A-Z][\w'\u2019-]+(?:\s+[A-Z][\w'\u2019-]+){{0,2}}),\s"
)
"""A sentence opening with its place ("In Cusco, ...", "In the city of Arequipa, ..."; case
kept, on the sentence itself)."""
_BE_IN_GAP = re.compile(r"\b(?:were|was|have\s+been|had\s+been|has\s+been|are|is)\b")
"""A verb between a count and its trigger: the trigger says what befell them."""
_LISTED = compile_folded(r"[^.;:]{0,40}?(?:,\s*|\s+)and\s+(?:\w+\s+){0,2}")
"""What stands between two parts of one list: a few words and an "and"."""


def sentence_mentions(
    sentence: Sentence,
    index: int,
    budget: Budget | None = None,
    headline: bool = False,
    prior: Kind | None = None,
) -> list[Mention]:
    """Every casualty and crowd figure in one sentence, left to right (within `budget`).
    `prior`: the kind of the last figure of the sentence read before, which a count restated
    with no kind of its own takes ("... 200 were detained. Police put the number at 150.")."""
    budget = Budget() if budget is None else budget
    text = sentence.text
    folded = fold(text)  # the patterns read this; figures quote `text`
    words = Words(folded)
    # Every trigger phrase holds its rule's key word as a whole word: no key word, no rule.
    casualty = not KEY_WORDS.isdisjoint(words.present)
    crowd = words.has_number and may_hold_crowd(words, folded)
    restate = (
        prior is not None and words.has_number and not RESTATED_OPENERS.isdisjoint(words.present)
    )
    if not (casualty or crowd or restate):
        return []
    taken: list[tuple[int, int]] = []  # sorted, non-overlapping
    found: list[tuple[int, Mention]] = []
    said: list[Speaker] | None = None
    said_at: list[int] = []
    marked: bool | None = None  # any background marker at all, once a figure is found
    breaks: list[int] = []  # clause breaks, once a marked sentence has a figure
    clauses: dict[int, tuple[list[int], bool]] = {}
    subset_words: bool | None = None

    def background(pos: int) -> bool:
        nonlocal marked
        if marked is None:
            marked = has_stem(folded, BACKGROUND_STEMS) and BACKGROUND.search(folded) is not None
        if not marked:
            return False
        if not breaks:
            breaks.extend(clause_breaks(folded))
        i = bisect_left(breaks, pos + 1) - 1
        if not 0 <= i < len(breaks) - 1:
            return False
        if i not in clauses:
            clauses[i] = clause_background(folded, i, breaks)
        markers, other = clauses[i]
        return other or (bool(markers) and markers[0] < pos + BACKGROUND_REACH)

    place_at = _OPENING_PLACE.match(text) if text[:3] in ("In ", "At ") else None
    opening_place = place_at.group("place") if place_at is not None else None
    since = " since " in folded
    in_addition = "addition" in folded
    on_top_lead = in_addition or "another" in folded or "further" in folded  # _ON_TOP_LEAD's words
    toll_word = "toll" in folded or "tally" in folded  # _TOLL_BEFORE's
    on_top = folded.startswith(_ON_TOP_OPENINGS)  # "Separately, police detained 14 people."

    def cumulative(pos: int) -> bool:
        if not since:
            return False
        if not breaks:
            breaks.extend(clause_breaks(folded))
        i = bisect_left(breaks, pos + 1) - 1
        return is_cumulative(folded[breaks[i] : breaks[i + 1]])

    def source(pos: int) -> str | None:
        nonlocal said
        if said is None:  # the same for every figure of the sentence
            said = speakers(text, folded)
            said_at.extend(sp[0] for sp in said)
        return attribute(said, pos, said_at)

    def free(a: int, b: int) -> bool:
        i = bisect_left(taken, (a, b))
        if i > 0 and taken[i - 1][1] > a:
            return False
        return not (i < len(taken) and taken[i][0] < b)

    def add(
        kind: Kind,
        m: re.Match[str],
        qs: int,
        qe: int,
        generic: bool,
        extra: str,
        fixed: int | None = None,
        coordinated: bool = False,
        rule: str = "",
        toll_rule: bool = False,
        part: bool = False,
    ) -> bool:
        if budget.left <= 0 or budget.per_kind[kind] <= 0 or not free(qs, qe):
            return False
        if fixed is not None:  # "fatally shot a protester" = 1, "no arrests were made" = 0
            value, high, vague, qual = fixed, None, False, Qual.EXACT
        else:
            prefix = text[max(0, qs - PREFIX_REACH) : qs]
            read = read_qty(text[qs:qe], prefix)
            if read is None:
                return False
            value, high, vague = read
            # "two of the 12 officers were hurt": the verb befell two; "five of the 30
            # protesters arrested were charged": the 30 are the arrested
            part_of = part_before(prefix) if " of " in prefix and _BE_IN_GAP.search(extra) else None
            if part_of is not None:
                value, high, vague = part_of[0], None, part_of[1]
            qual_text = m.group("qual") if "qual" in m.re.groupindex else None
            qual = qual_for(qual_text, high, vague)
            if part and qual is Qual.EXACT:  # "two were among the dead": at least two
                qual = Qual.AT_LEAST
        fig = Figure(
            kind,
            value,
            qual,
            high,
            source(m.start()),
            text if len(text) <= MAX_QUOTE else _quote(text, m.start(), m.end()),
            sentence.start + m.start(),
            sentence.start + m.end(),
            vague,
        )
        insort(taken, (qs, qe))
        budget.spend(kind)
        nonlocal subset_words
        if subset_words is None:
            subset_words = has_stem(folded, SUBSET_STEMS)
        subset = bool(
            subset_words
            and (
                SUBSET.search(folded[max(0, m.start() - 40) : m.start()])
                or SUBSET_AFTER.match(folded, qe)
            )
        ) or (
            folded[max(0, m.start() - 3) : m.start()].rstrip().endswith(",")
            and SUBSET_OF.search(folded, max(0, m.start() - 60), m.start()) is not None
        )
        if subset and _OF_WHOM.match(folded, qe) and _other_kind_before(found, m.start(), kind):
            subset = False  # "73 were hurt, three of whom later died": the dead, counted
        additive, others, toll = extra_marks(extra)
        toll = toll or toll_rule
        if toll_word and not toll and fixed is None:
            toll = _TOLL_BEFORE.search(folded, max(0, m.start() - 60), m.start()) is not None
        if on_top or (
            on_top_lead
            and not additive
            and fixed is None
            and _ON_TOP_LEAD.search(folded, max(0, m.start() - 20), m.start()) is not None
            and all(f.figure.kind is kind for p, f in found if p < m.start())
        ):
            # "another 80 were detained": on top of the counts before, but "two were killed
            # and a further 12 hurt" speaks of more people than the dead, not more hurt
            additive = True
        elif in_addition and not additive:
            additive = ON_TOP_BEFORE.search(folded, max(0, m.start() - 30), m.start()) is not None
        if others and not additive:  # other than a figure of another kind before it?
            additive = all(f.figure.kind is kind for p, f in found if p < m.start())
        if toll:  # a running total already holds what came before ("the toll also rose to 30")
            additive = False
        mention = Mention(
            fig,
            index,
            subset,
            background(m.start()),
            generic,
            additive,
            coordinated,
            toll,
            rule,
            headline,
            since and cumulative(m.start()),
            _PLACE_AFTER.match(text, m.end()) is not None,
            part,
            toll and _RISEN.search(extra) is not None,
            opening_place,
        )
        found.append((m.start(), mention))
        return True

    def coordinate(kind: Kind, m: re.Match[str], main_added: bool) -> None:
        if not budget.allows(kind):
            return  # no part could be kept
        parts = coordinated_before(folded, m, kind, add, words) + coordinated_after(
            folded, m, kind, add, words
        )
        if parts and main_added:
            pos = next(i for i, (p, _) in enumerate(found) if p == m.start())
            found[pos] = (m.start(), replace(found[pos][1], coordinated=True))

    numeric = words.has_number
    if casualty:
        read_rules(folded, words, numeric, add, coordinate)
    if numeric and (found or restate):
        read_restated(folded, found, add, words, prior)
    if crowd and budget.allows(Kind.CROWD):
        for m in crowd_matches(folded, words):
            add(Kind.CROWD, m, m.start("qty"), m.end("qty"), True, "")
    found.sort(key=lambda pair: pair[0])
    _mark_parts(folded, found, sentence.start)
    return [mention for _, mention in found]


def _mark_parts(folded: str, found: list[tuple[int, Mention]], offset: int) -> None:
    """Subsets the patterns alone cannot see: every figure of a sentence opening "Of the 590
    injured," and a figure listed right after a subset ("five of them with eye wounds and 18
    with burns"). `offset` is where the sentence starts in the text."""
    if not found:
        return
    opening = SUBSET_OPENING.match(folded) if "of " in folded[:12] else None
    if opening is None and not any(m.subset for _, m in found):
        return
    after = opening.end() if opening else len(folded)  # the count it opens on is no part
    prev: Mention | None = None
    for i, (pos, m) in enumerate(found):
        whole = pos >= after
        if m.subset:
            prev = m
            continue
        listed = (
            prev is not None
            and prev.figure.kind is m.figure.kind
            and _LISTED.fullmatch(folded, prev.figure.end - offset, pos) is not None
        )
        if whole or listed:
            found[i] = (pos, replace(m, subset=True))
            prev = found[i][1]
        else:
            prev = None


_OF_WHOM = compile_folded(r"\s+of\s+(?:whom|them)\b")
"""A part of the people just counted: of another kind it is a count of its own."""


def _other_kind_before(found: list[tuple[int, Mention]], pos: int, kind: Kind) -> bool:
    """Whether the figure just before `pos` is of another kind than `kind`."""
    before = [f for p, f in found if p < pos]
    return bool(before) and before[-1].figure.kind is not kind


def all_mentions(sentences: Iterable[tuple[int, Sentence]], headline_end: int = 0) -> list[Mention]:
    """Mentions of every (index, sentence) pair given, in order, within one item's budget;
    sentences ending by `headline_end` are the item's title."""
    budget = Budget()
    out: list[Mention] = []
    prior: Kind | None = None
    for index, sentence in sentences:
        if budget.left <= 0:
            break
        found = sentence_mentions(sentence, index, budget, sentence.end <= headline_end, prior)
        out.extend(found)
        prior = found[-1].figure.kind if found else None
    return out
