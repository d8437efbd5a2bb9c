"""Party shares, counting progress, threshold and turnout read from election reporting.

Every rule is a value in `table.RULES`; this module only applies them. A percentage is classed
first by the fact rules (turnout, threshold, counting progress, or no result at all: a poll, an
earlier election, a majority rule), in table order; only what they leave can be a share, and only
when a name stands beside it in one of the share shapes. Counting progress without a per-cent
mark of its own ("1,285 of 2,475 polling stations", "final results") is read last, when no
percentage stated it."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from crisiswatch.config import Election
from crisiswatch.extract.folding import fold, folded_twin, required_substrings
from crisiswatch.extract.results.anaphora import anaphor_owner
from crisiswatch.extract.results.names import (
    Name,
    abbreviation_after,
    canonical_name,
    initials,
    watch_names,
    watch_pattern,
)
from crisiswatch.extract.results.races import is_candidate, race_at, race_marks
from crisiswatch.extract.results.respective import respective_owners
from crisiswatch.extract.results.rules import PERCENT, At, Gives, Rule, percent_value
from crisiswatch.extract.results.shares import pair_rival, share_owner, share_shapes, table_rows
from crisiswatch.extract.results.table import COUNTING, RULES
from crisiswatch.extract.sentences import Sentence
from crisiswatch.extract.words import find_all
from crisiswatch.models import PartyShare

__all__ = [
    "RULES",
    "ElectionFacts",
    "classify",
    "classify_folded",
    "read_election",
    "trigger_positions",
]


@dataclass(frozen=True, slots=True)
class ElectionFacts:
    """What one text says about an election: shares, counting progress, threshold, turnout."""

    shares: tuple[PartyShare, ...] = ()
    reporting_pct: float | None = None
    turnout_pct: float | None = None
    threshold_pct: float | None = None


@dataclass(frozen=True, slots=True)
class _Prefilter:
    """The rules' triggers grouped by the context words they need, for one pass over a text."""

    groups: tuple[tuple[tuple[str, ...], tuple[str, ...]], ...]


@lru_cache(maxsize=16)
def _prefilter(rules: tuple[Rule, ...]) -> _Prefilter:
    groups: dict[tuple[str, ...], dict[str, None]] = {}
    for rule in rules:
        groups.setdefault(rule.context, {}).update(dict.fromkeys(rule.triggers))
    # Triggers that need no context are tested first and not again under a context.
    free = groups.get((), {})
    ordered = sorted(groups.items(), key=lambda kv: kv[0] != ())
    return _Prefilter(
        tuple((ctx, tuple(t for t in trig if ctx == () or t not in free)) for ctx, trig in ordered)
    )


def trigger_positions(low: str, rules: Sequence[Rule] = RULES) -> list[int]:
    """Where any rule's trigger stands in a lower-cased text: the places whose sentences are
    read. Most texts hold none, and plain substring tests settle that before any list is built
    (a bare "per" would not do: it stands in "person", "disperse", "paper")."""
    out: list[int] = []
    prefilter = _PREFILTER if rules is RULES else _prefilter(tuple(rules))
    for context, triggers in prefilter.groups:
        if context and not any(map(low.__contains__, context)):
            continue
        if any(map(low.__contains__, triggers)):
            out.extend(i for t in triggers for i in find_all(low, t))
    return out


@dataclass(frozen=True, slots=True)
class _Compiled:
    facts: tuple[Rule, ...]
    counts: tuple[Rule, ...]
    tables: tuple[Rule, ...]
    has_shares: bool


@lru_cache(maxsize=16)
def _compiled(rules: tuple[Rule, ...]) -> _Compiled:
    # Fact rules, and share rules tried beside them (a share's verb before "of the votes
    # counted" claims the percentage for the share shapes before the counting rules see it).
    facts = tuple(
        r
        for r in rules
        if r.at in (At.BEFORE, At.AFTER) or (r.at is At.SENTENCE and r.gives is Gives.NOTHING)
    )
    sentence_rules = [r for r in rules if r.at is At.SENTENCE]
    counts = tuple(r for r in sentence_rules if r.gives not in (Gives.NOTHING, Gives.SHARE))
    tables = tuple(r for r in sentence_rules if r.gives is Gives.SHARE)
    shapes = any(r.gives is Gives.SHARE and r.at is not At.SENTENCE for r in rules)
    return _Compiled(facts, counts, tables, shapes)


_COMPILED = _compiled(RULES)
_SHAPES = share_shapes(RULES)
_PREFILTER = _prefilter(RULES)
"""The table as every extraction uses it, built once: hashing the table for a cache look-up
on each call cost more than reading a sentence."""


def _in_sentence(pattern: re.Pattern[str], sentence: str, memo: dict[int, bool]) -> bool:
    """Whether `pattern` stands anywhere in the sentence, asked once per sentence: a sentence
    of hundreds of percentages would otherwise be searched whole for each of them."""
    key = id(pattern)
    hit = memo.get(key)
    if hit is None:
        hit = memo[key] = pattern.search(sentence) is not None
    return hit


def _fires(rule: Rule, sentence: str, before: str, after: str, memo: dict[int, bool]) -> bool:
    if rule.needs is not None and not _in_sentence(rule.needs, sentence, memo):
        return False
    if rule.at is At.BEFORE:
        return rule.pattern.search(before) is not None and (
            rule.then is None or rule.then.match(after) is not None
        )
    if rule.at is At.AFTER:
        return rule.pattern.match(after) is not None
    return _in_sentence(rule.pattern, sentence, memo)


def classify(
    rules: Sequence[Rule],
    sentence: str,
    m: re.Match[str],
    prev_end: int,
    memo: dict[int, bool] | None = None,
) -> Rule | None:
    """The first fact rule that fires for the percentage `m` of `sentence`, or None. `memo`
    keeps what was found in the whole sentence between its percentages."""
    before = sentence[max(prev_end, m.start() - 120) : m.start()]
    after = sentence[m.end() : m.end() + 80]
    seen = {} if memo is None else memo
    for rule in rules:
        if _fires(rule, sentence, before, after, seen):
            return rule
    return None


@dataclass(frozen=True, slots=True)
class _FastRule:
    """A fact rule as `classify_folded` tries it: each pattern as its folded twin where it has
    one (run on the folded text, same offsets), and the substrings every match of the pattern
    holds, tested before it is tried (most rules' words stand in few of the places tried)."""

    rule: Rule
    pattern: re.Pattern[str]
    folded: bool
    gate: frozenset[str] | None
    needs: re.Pattern[str] | None
    needs_folded: bool
    then: re.Pattern[str] | None
    then_folded: bool


def _twin(rx: re.Pattern[str]) -> tuple[re.Pattern[str], bool]:
    twin = folded_twin(rx)
    return (rx, False) if twin is None else (twin, True)


@lru_cache(maxsize=16)
def _fast_rules(rules: tuple[Rule, ...]) -> tuple[_FastRule, ...]:
    out = []
    for rule in rules:
        pattern, folded = _twin(rule.pattern)
        needs, needs_folded = _twin(rule.needs) if rule.needs is not None else (None, False)
        then, then_folded = _twin(rule.then) if rule.then is not None else (None, False)
        gate = required_substrings(pattern)
        lowered = frozenset(g.lower() for g in gate) if gate is not None else None
        out.append(
            _FastRule(
                rule,
                pattern,
                folded,
                lowered,
                needs,
                needs_folded,
                then,
                then_folded,
            )
        )
    return tuple(out)


def _gate_words(fast: Sequence[_FastRule]) -> tuple[str, ...]:
    """Every substring some rule's gate holds, each once: the rules share most of them."""
    return tuple(sorted({g for f in fast if f.gate is not None for g in f.gate}))


_FAST_FACTS = _fast_rules(_COMPILED.facts)
_FAST_GATES = _gate_words(_FAST_FACTS)


def live_rules(rules: Sequence[Rule], folded: str) -> tuple[_FastRule, ...]:
    """The rules whose words stand somewhere in the folded sentence: only these can fire for
    any of its percentages (the words before and after one are parts of the sentence). Each
    substring is looked for once, not once per rule that holds it (`live_rules_plain`)."""
    if rules is _COMPILED.facts:
        fast, gates = _FAST_FACTS, _FAST_GATES
    else:
        fast = _fast_rules(tuple(rules))
        gates = _gate_words(fast)
    present = {g for g in gates if g in folded}
    return tuple(f for f in fast if f.gate is None or not f.gate.isdisjoint(present))


def live_rules_plain(rules: Sequence[Rule], folded: str) -> tuple[_FastRule, ...]:
    """`live_rules` by each rule's own substrings in turn."""
    fast = _fast_rules(tuple(rules))
    return tuple(f for f in fast if f.gate is None or any(map(folded.__contains__, f.gate)))


def classify_folded(
    rules: Sequence[Rule],
    sentence: str,
    folded: str,
    m: re.Match[str],
    prev_end: int,
    memo: dict[int, bool],
    live: Sequence[_FastRule] | None = None,
) -> Rule | None:
    """`classify` run with each rule's folded twin on `folded` (`fold(sentence)`), a rule
    whose pattern's words stand nowhere it is tried passed over: the same rule found. `live`:
    the rules `live_rules` kept for this sentence, when the caller has them."""
    a, b = max(prev_end, m.start() - 120), m.start()
    c, d = m.end(), m.end() + 80
    before, f_before = sentence[a:b], folded[a:b]
    after, f_after = sentence[c:d], folded[c:d]
    if live is None:
        live = _FAST_FACTS if rules is _COMPILED.facts else _fast_rules(tuple(rules))
    for fast in live:
        rule = fast.rule
        if fast.needs is not None and not _in_sentence(
            fast.needs, folded if fast.needs_folded else sentence, memo
        ):
            continue
        at = rule.at
        if at is At.BEFORE:
            if fast.gate is not None and not any(map(f_before.__contains__, fast.gate)):
                continue
            if fast.pattern.search(f_before if fast.folded else before) is not None and (
                fast.then is None
                or fast.then.match(f_after if fast.then_folded else after) is not None
            ):
                return rule
        elif at is At.AFTER:
            if fast.gate is not None and not any(map(f_after.__contains__, fast.gate)):
                continue
            if fast.pattern.match(f_after if fast.folded else after) is not None:
                return rule
        elif _in_sentence(fast.pattern, folded if fast.folded else sentence, memo):
            return rule
    return None


def read_election(
    text: str,
    sentences: Sequence[Sentence],
    election: Election | None = None,
    rules: Sequence[Rule] = RULES,
) -> ElectionFacts:
    """Read shares, reporting %, threshold and turnout from the story sentences of `text`.

    Names come from the watch (longest first, aliases mapped to the canonical name); a name the
    watch does not list is still reported, with `known=False`. Each share says which race the
    text puts it in and whether it is a candidate's, so that races are not merged later.
    """
    table = RULES if rules is RULES else tuple(rules)
    compiled = _COMPILED if table is RULES else _compiled(table)
    shapes = _SHAPES if table is RULES else share_shapes(table)
    names = watch_names(election)
    canonical = {alias.lower(): name for alias, name in names}
    pattern = watch_pattern(names)
    found: list[tuple[Name, float, Sentence]] = []
    facts: dict[Gives, float] = {}
    overridden: set[Gives] = set()  # facts an overriding rule gave: no later one replaces them
    derived: set[Gives] = set()  # facts read from what is left: a stated one replaces them
    vetoed_end = -1  # where the last sentence a poll rule vetoed ends
    for cut in sentences:
        sentence = _with_head(text, cut)
        st = sentence.text
        if not _may_hold_percent(st):
            continue  # nothing below reads a sentence without a percentage
        prev_end = 0
        carried = _carries_poll(text, vetoed_end, sentence)
        last: tuple[Name, int, int] | None = None  # the last share read: owner and span
        memo: dict[int, bool] = {}
        known = _whole_names(st, pattern)
        folded = fold(st)
        live = live_rules(compiled.facts, folded)
        marks = list(PERCENT.finditer(st))
        respective = (
            respective_owners(st, marks, shapes.respective, known, canonical)
            if "respectively" in folded
            else {}
        )
        for m in marks:
            value = percent_value(m)
            if value is None:
                prev_end = m.end()
                continue
            rule = classify_folded(compiled.facts, st, folded, m, prev_end, memo, live)
            if rule is not None and rule.gives is not Gives.SHARE:
                if rule.complement:  # what is left: any figure stated outright wins
                    if rule.gives not in facts:
                        facts[rule.gives] = round(100.0 - value, 2)
                        derived.add(rule.gives)
                elif rule.gives in derived:
                    facts[rule.gives] = value
                    derived.discard(rule.gives)
                elif rule.overrides and rule.gives not in overridden:
                    facts[rule.gives] = value
                    overridden.add(rule.gives)
                elif rule.gives is not Gives.NOTHING:
                    facts.setdefault(rule.gives, value)
                elif rule.at is At.SENTENCE:
                    vetoed_end = sentence.end
            elif compiled.has_shares and not carried:
                owner = respective.get(m.start())
                if (
                    owner is None
                    and last is not None
                    and last[2] == prev_end
                    and any(r.pattern.fullmatch(st, prev_end, m.start()) for r in shapes.pairs)
                ):
                    owner = pair_rival(st, max(0, last[1] - 160), last[1], last[0])
                if owner is None:
                    owner = share_owner(st, m.start(), m.end(), prev_end, known, canonical, shapes)
                if owner is None:  # "The party received 4.3 percent": the one named before
                    owner = anaphor_owner(text, sentence, m.start(), prev_end, pattern, canonical)
                if owner is not None:
                    found.append((owner, value, sentence))
                    last = (owner, m.start(), m.end())
            prev_end = m.end()
    for rule in compiled.tables:
        found.extend(_table_shares(text, rule, sentences, known_in=pattern, canonical=canonical))
    if Gives.REPORTING not in facts:
        _read_counts(compiled.counts, sentences, facts)
    return ElectionFacts(
        _shares(text, found),
        facts.get(Gives.REPORTING),
        facts.get(Gives.TURNOUT),
        facts.get(Gives.THRESHOLD),
    )


def _may_hold_percent(sentence: str) -> bool:
    """Whether `PERCENT` could match: every way it writes a percentage holds "%", "pct" or
    "cent" ("percent", "per cent", "per-cent"); three substring tests spare the sentence's
    other scans."""
    if "%" in sentence:
        return True
    low = sentence.lower()
    return "cent" in low or "pct" in low


_RUN_BEFORE = re.compile(r"[A-Z][\w'\u2019-]*\s$")


def _whole_names(text: str, pattern: re.Pattern[str] | None) -> list[re.Match[str]]:
    """The watch's names in a sentence, leaving out a match that is the tail of a longer name
    written otherwise ("Lelo for Georgia" is not the watch's "For Georgia")."""
    if pattern is None:
        return []
    out = []
    for m in pattern.finditer(text):
        first = m.group(0)[:1]
        if first.islower() and _RUN_BEFORE.search(text, max(0, m.start() - 30), m.start()):
            continue
        out.append(m)
    return out


_HEAD = re.compile(r"[A-Z][^\n.!?]{0,80}\)\s*$")
"""What a dateline trim can take from a list line: "AKP (Justice and Development Party) " looks
like "BISHKEK (Reuters) " but no dash follows it, and it is the name the share belongs to."""


_SPLIT_DECIMAL = re.compile(r"\d\.\s$")
_STARTS_WITH_SHARE = re.compile(r"\d{1,3}\s*(?:%|per\s*cent|percent)", re.IGNORECASE)


def _with_head(text: str, sentence: Sentence) -> Sentence:
    """The sentence with what a cut took from its head: the line head a dateline trim took
    ("AKP (Justice and Development Party) 40.8%" looks like "BISHKEK (Reuters)" but no dash
    follows), or the whole number of a share split at its decimal point ("got 46. 5 %")."""
    if _STARTS_WITH_SHARE.match(sentence.text) and _SPLIT_DECIMAL.search(
        text, max(0, sentence.start - 3), sentence.start
    ):
        lo = max(0, sentence.start - 300)
        start = max(text.rfind(". ", lo, sentence.start - 3), text.rfind("\n", lo, sentence.start))
        start = lo if start < 0 and lo > 0 else start + 1
        while start < sentence.start and text[start].isspace():
            start += 1
        return Sentence(text[start : sentence.end], start, sentence.end)
    line = text.rfind("\n", 0, sentence.start) + 1
    if line >= sentence.start:
        return sentence
    head = _HEAD.search(text, line, sentence.start)
    if head is None or text[line : head.start()].strip(" \t\u2022*-") != "":
        return sentence
    return Sentence(text[head.start() : sentence.end], head.start(), sentence.end)


def _table_shares(
    text: str,
    rule: Rule,
    sentences: Sequence[Sentence],
    known_in: re.Pattern[str] | None,
    canonical: dict[str, str],
) -> list[tuple[Name, float, Sentence]]:
    """Shares from a plain-text table after a header the rule finds; rows may run on past the
    sentence, across lines, so they are read from the text."""
    out: list[tuple[Name, float, Sentence]] = []
    whole = Sentence(text, 0, len(text))
    for sentence in sentences:
        header = rule.pattern.search(sentence.text)
        if header is None:
            continue
        for name, value in table_rows(text, sentence.start + header.end()):
            if known_in is not None and (k := known_in.fullmatch(name.name)) is not None:
                name = Name(canonical_name(canonical, k.group(0)), True, name.start, name.end)
            out.append((name, value, whole))
    return out


def _carries_poll(text: str, vetoed_end: int, sentence: Sentence) -> bool:
    """A sentence right after one a poll rule vetoed goes on about the poll ("... gave the
    pair 59%. Their rivals took 23%.") unless it turns to the count itself."""
    if vetoed_end < 0 or text[vetoed_end : sentence.start].strip():
        return False
    return COUNTING.search(sentence.text) is None and "official" not in sentence.text.lower()


def _read_counts(
    rules: Sequence[Rule], sentences: Sequence[Sentence], facts: dict[Gives, float]
) -> None:
    """Counting progress without a per-cent mark of its own, first rule and sentence first."""
    lows = [s.text.lower() for s in sentences] if rules else []
    for rule in rules:
        for sentence, low in zip(sentences, lows, strict=True):
            if not any(t in low for t in rule.triggers) or rule.value is None:
                continue
            if rule.requires and not any(w in low for w in rule.requires):
                continue
            if rule.needs is not None and rule.needs.search(sentence.text) is None:
                continue
            m = rule.pattern.search(sentence.text)
            if (
                m is not None
                and rule.unless_before is not None
                and rule.unless_before.search(sentence.text, 0, m.start()) is not None
            ):
                continue
            value = rule.value(m) if m is not None else None
            if value is not None:
                facts.setdefault(rule.gives, value)
                return


def _shares(text: str, found: Sequence[tuple[Name, float, Sentence]]) -> tuple[PartyShare, ...]:
    """The shares as reported: abbreviations given in brackets kept with the name and mapped
    back where used alone, repeats of one party in one race dropped, races and candidates
    told apart."""
    if not found:
        return ()
    marks = race_marks(text)
    spelled: dict[str, str] = {}  # abbreviation -> the name it was given with
    out: list[PartyShare] = []
    seen: set[tuple[str, str | None]] = set()
    for owner, value, sentence in found:
        name = owner.name
        start, end = sentence.start + owner.start, sentence.start + owner.end
        if not owner.known:
            abbr = abbreviation_after(text, end)
            if abbr is not None and abbr not in name:
                spelled[abbr] = name = f"{name} ({abbr})"
            elif name in spelled:
                name = spelled[name]
            elif name.isupper() and any(
                abs(s.pct - value) < 1e-9 and initials(s.party) == name for s in out
            ):
                continue  # "the SP" with the share just read for the Socialist Party
        race = race_at(marks, start, sentence.start, sentence.end)
        key = (name.lower(), race)
        if key in seen:
            continue
        seen.add(key)
        candidate = is_candidate(text, owner.name, start, race)
        out.append(PartyShare(name, value, owner.known, start, end, race, candidate))
    return tuple(out)
