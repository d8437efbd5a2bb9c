"""Count rules: counting progress written without a per-cent mark of its own ("1,285 of 2,475
polling stations", "all votes counted", "final results"). Part of the one results table."""

from __future__ import annotations

import re

from crisiswatch.extract.results.facts import COUNTING, ELECTION_WORDS, NUM, UNIT_TRIGGERS, UNITS
from crisiswatch.extract.results.rules import At, Example, Gives, Rule

_F = re.IGNORECASE | re.VERBOSE


# NUM, opened by its first digit with the look-behinds after it, so that `re` skips ahead to
# digits instead of trying the look-behinds at every character of a long sentence.
_NUM_REST = r"(?:\d{0,2}(?:[,\s]\d{3})+|\d*)"
_NUM_OPENING = rf"\d(?<![\d.,]\d){_NUM_REST}"
_NUM_AFTER_OWNER = (
    r"\d(?<!won\s\d)(?<!took\s\d)(?<!carried\s\d)(?<!swept\s\d)(?<!captured\s\d)"
    rf"(?<!secured\s\d)(?<![\d.,]\d){_NUM_REST}"
)


def _n_of_m(m: re.Match[str]) -> float | None:
    """ "1,285 of 2,475 polling stations" as a share: 51.92."""
    first = m.group("n") is not None
    n = float(re.sub(r"[,\s]", "", m.group("n" if first else "n2")))
    total = float(re.sub(r"[,\s]", "", m.group("m" if first else "m2")))
    return round(100 * n / total, 2) if 0 < n <= total else None


def _complete(_m: re.Match[str]) -> float:
    return 100.0


def _stated(m: re.Match[str]) -> float | None:
    value = float(m.group("num").replace(",", "."))
    return value if 0 < value <= 100 else None


COUNTS: tuple[Rule, ...] = (
    Rule(
        "reporting-table-line",
        Gives.REPORTING,
        At.SENTENCE,
        re.compile(
            r"""%\s*(?:of\s+(?:the\s+)?(?:votes?|ballots?|precincts|polling\s+stations)\s+)?
            (?:counted|reporting|processed)\s*[:=]\s*(?P<num>\d{1,3}(?:[.,]\d+)?)""",
            _F,
        ),
        (Example("% counted: 97.31", 97.31),),
        triggers=("%",),
        value=_stated,
    ),
    Rule(
        "reporting-n-of-m",
        Gives.REPORTING,
        At.SENTENCE,
        re.compile(
            rf"""(?P<n>{_NUM_AFTER_OWNER})\s*\)?\s+(?:out\s+of|out|of)\s+(?:the\s+|a\s+total\s+of\s+|all\s+)?
            (?P<m>{NUM})\s+(?:[\w-]+\s+){{0,2}}?{UNITS}\b
            |(?P<n2>{_NUM_OPENING})\s+(?:[\w-]+\s+){{0,2}}?{UNITS}\s+out\s+of\s+(?:the\s+)?
             (?P<m2>{NUM})\b""",
            _F,
        ),
        (
            Example("With 1,285 of 2,475 polling stations counted, the lead held.", 51.92),
            Example("Results from 40 out of 160 constituencies have been tallied.", 25.0),
            Example("With results in from 2,100 of 2,150 precincts, she led.", 97.67),
            Example("Based on returns from 300 out 400 polling stations, she led.", 75.0),
            Example("The Union won 12 of 18 districts, the results show.", None),
        ),
        triggers=UNIT_TRIGGERS,
        context=ELECTION_WORDS,
        needs=COUNTING,
        value=_n_of_m,
        requires=tuple("0123456789"),
    ),
    Rule(
        "reporting-all-counted",
        Gives.REPORTING,
        At.SENTENCE,
        re.compile(
            rf"""(?<!nearly\s)(?<!almost\s)(?<!virtually\s)(?<!practically\s)(?<!not\s)
            \ball\s+(?:of\s+)?(?:the\s+)?(?:{NUM}\s+)?(?:[\w-]+\s+)?
            (?:votes|ballots|ballot\s+boxes|precincts|polling\s+stations|{UNITS})\s+
            (?:[\w-]+\s+){{0,4}}?(?:(?:had|have|has|were|was|are|is)\s+)?(?:now\s+)?(?:been\s+)?
            (?:counted|processed|tallied|opened|reported|reporting|submitted|in)\b""",
            _F,
        ),
        (
            Example("With all votes counted, the centrists came first.", 100.0),
            Example("All polling stations had reported by Monday.", 100.0),
            Example("With all precincts reporting, she won.", 100.0),
            Example("With all 610,442 ballots now counted, the Greens led.", 100.0),
            Example("Once all ballots are counted, the result will be known.", None),
            Example("With nearly all votes counted, the Greens led.", None),
            Example("Not all polling stations had reported by noon.", None),
            Example(
                "By dawn all of the ballot boxes had been opened, the election body said.", 100.0
            ),
        ),
        triggers=("polling", "precinct", "counted", "counting", "boxes"),
        context=ELECTION_WORDS,
        value=_complete,
        requires=("all",),
        unless_before=re.compile(
            r"\b(?:will|would|until|once|when|before|if|expected|unless|ahead|pending)\b",
            re.IGNORECASE,
        ),
    ),
    Rule(
        "reporting-count-completed",
        Gives.REPORTING,
        At.SENTENCE,
        re.compile(
            r"""\b(?:completed|finished|wrapped\s+up|concluded)\s+(?:the\s+)?(?:vote\s+|ballot\s+)?
             count(?:ing)?(?:\s+of\s+(?:the\s+)?(?:votes|ballots))?\b""",
            _F,
        ),
        (Example("Officials finished counting the votes on Tuesday.", 100.0),),
        triggers=("polling", "precinct", "counted", "counting"),
        context=ELECTION_WORDS,
        value=_complete,
        requires=("complet", "finish", "wrapped", "conclud"),
    ),
    Rule(
        "reporting-final-results",
        Gives.REPORTING,
        At.SENTENCE,
        re.compile(
            r"""(?<!non-)(?<!non\s)\bfinal\s+(?:official\s+)?(?:results?|vote\s+count|count|tally)\b
            (?![^.;]{0,40}?\b(?:are|is|were|will\s+be|would\s+be)\s+(?:expected|due|awaited|yet|not))""",
            _F,
        ),
        (
            Example("The commission released final results on Friday.", 100.0),
            Example("The final vote count gave the alliance a narrow lead.", 100.0),
            Example("Final results of the vote are out: the Greens won.", 100.0),
            Example("Ahead of final results, the Greens led.", None),
            Example("If the final results match the exit poll, the Greens will lead.", None),
        ),
        triggers=("final ",),
        context=ELECTION_WORDS,
        value=_complete,
        unless_before=re.compile(
            r"""\b(?:will|would|expected|due|awaiting|await|yet|before|until|not|when|ahead|pending
            |next|later|forthcoming|scheduled|once|if|unless|should)\b""",
            _F,
        ),
    ),
)
_FRACTIONS = {
    "half": 50.0,
    "a third": 33.33,
    "one third": 33.33,
    "one-third": 33.33,
    "two thirds": 66.67,
    "two-thirds": 66.67,
    "a quarter": 25.0,
    "one quarter": 25.0,
    "one-quarter": 25.0,
    "three quarters": 75.0,
    "three-quarters": 75.0,
}
_FRACTION = "|".join(
    sorted((re.escape(f).replace("\\ ", r"\s+") for f in _FRACTIONS), key=len, reverse=True)
)


def _fraction(m: re.Match[str]) -> float | None:
    word = " ".join((m.group("f") or m.group("f2")).lower().split())
    return _FRACTIONS.get(word)


COUNTS = (
    *COUNTS,
    Rule(
        "reporting-fraction",
        Gives.REPORTING,
        At.SENTENCE,
        re.compile(
            rf"""\b(?:(?:more\s+than|over|nearly|almost|about|around|just\s+(?:over|under))\s+)?
            (?P<f>{_FRACTION})\s+of\s+(?:the\s+|all\s+)?(?:votes|ballots|vote|{UNITS})
            (?:\s+cast)?\b
            |\b(?:count|counting|reporting|tally|tabulation)\b[^.;]{{0,40}}?\s
            (?:(?:more\s+than|over|nearly|almost|about|just\s+over)\s+)?
            (?P<f2>{_FRACTION})\s+(?:complete|done|finished)\b""",
            _F,
        ),
        (
            Example(
                "Some 900,000 votes were counted by noon, more than half of the ballots cast.", 50.0
            ),
            Example("With the count nearly three-quarters complete, the bloc led.", 75.0),
            Example("The bloc won more than half of the votes counted so far.", None),
        ),
        triggers=("half", "third", "quarter"),
        context=ELECTION_WORDS,
        needs=COUNTING,
        value=_fraction,
        unless_before=re.compile(
            r"""\b(?:won|wins|took|takes|got|gets|secured|received|gained|captured|has|had)\s+
            (?:(?:more\s+than|over|nearly|almost|about|around|just\s+(?:over|under))\s+)?$""",
            _F,
        ),
    ),
)

"""Counting progress written without a per-cent mark of its own, tried only when no percentage
stated it: a table line, "N of M polling stations" (derived), and "all votes counted" or "final
results" (100)."""
