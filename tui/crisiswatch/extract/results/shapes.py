"""Share shapes: how a party's share stands beside its name ("X won 24.5%", "X: 24.5%", "24.5%
for X", a plain-text table). Part of the one results table."""

from __future__ import annotations

import re

from crisiswatch.extract.results.rules import At, Example, Gives, Rule
from crisiswatch.extract.rules import trie

_F = re.IGNORECASE | re.VERBOSE

_PAREN = r"(?:\([^()%\n]{0,80}\)\s*)?"
_CLOSE = r"[\"\u201d\u2019\u00bb]?"
_KIND = r"(?:\s+(?:party|bloc|alliance|coalition|movement|list))?"
_NAMED = rf"{_CLOSE}{_KIND}\s*{_PAREN}"
"""The end of a party's name: a closing quote, "party" or "bloc", an aside in brackets."""
_VOTES = r"""(?:(?:(?:over|more\s+than|about|nearly|some|almost|just\s+over)\s+)?\d[\d,.\s]*?
    (?:\s+(?:million|thousand))?(?:\s+(?:votes?|ballots?|seats|mandates))?\s*
    (?:,\s*(?:(?:or|ie|i\.e\.)\s+)?|\(\s*(?:or\s+)?|(?:or|ie|i\.e\.|representing|which\s+is)\s+|
    [-\u2013\u2014]\s*|\t\s*|[ ]{2,}))"""
"""A raw vote count before the share: "452,000 votes, or", "770,718 (", "994 090 - ", or a
table's next column ("Sun Bloc<tab>412,300<tab>31.2%")."""
_QUAL = r"""(?:(?:about|around|some|nearly|almost|just\s+over|just\s+under|over|more\s+than|
    less\s+than|(?:slightly|a\s+little)\s+(?:more|less|over|under)(?:\s+than)?|roughly|
    approximately|an\s+estimated|only|a\s+mere|just|a\s+(?:surprise|surprising|record|modest|
    strong|solid|disappointing|respectable|paltry)|a)\s+)?"""
SHARE_VERB_WORDS = (
    *("won", "wins", "winning", "received", "receives", "receiving", "got", "gets", "getting"),
    *("took", "takes", "taking", "credited with", "clinched", "grabbed", "netted", "topped"),
    *("emerged as", "out", "on top", "a distant", "distant", "secured", "secures", "securing"),
    *("garnered", "garnering", "gained", "gains", "gaining", "polled", "polling", "obtained"),
    *("obtains", "collected", "collecting", "scored", "scoring", "leads", "led", "leading"),
    *("trails", "trailed", "trailing", "came", "comes", "coming", "come", "finished"),
    *("finishing", "placed", "ranked", "ranks", "stood", "stands", "standing", "sits", "sat"),
    *("is", "was", "are", "were", "has", "had", "have", "now", "currently", "so far", "also"),
    *("still", "first", "second", "third", "fourth", "fifth", "sixth", "seventh", "last", "in"),
    *("place", "ahead", "behind", "followed", "tallied", "registered", "recorded", "claimed"),
    *("gathered", "mustered", "amassed", "achieved", "achieving", "remains", "remained"),
    *("enters", "entered", "held", "holds", "holding", "earned", "captured", "attracted"),
    *("posted", "picked up", "walked away", "ended", "up", "narrowly", "comfortably"),
    *("clearly", "declared", "victorious", "supported by", "backed by", "elected"),
    *("re-elected", "managed", "to", "secure", "set", "been", "being", "marked", "ranking"),
    *("the way", "very", "close", "closely", "far", "well", "on course for", "on track for"),
    *("heading for", "headed for", "on track to", "on course to", "poised to", "win"),
)
"""The words that may stand between a name and its share ("X came in second with 18.2%"),
each on its own: a trie of them (below) picks the one word that can match at a place instead
of trying each in turn, which the gap shapes do at every name before every percentage."""
SHARE_OBJECT_WORDS = (
    *("election", "elections", "vote", "race", "poll", "polls", "round", "runoff", "run-off"),
    *("re-election", "reelection", "primary", "contest", "place", "lead", "result"),
    *("support of", "term", "presidency", "share", "office", "post", "seat", "top", "mandate"),
    *("victory", "win", "landslide", "party", "force"),
)
"""The nouns a share verb may take before the share ("won the race with ...")."""
_WORDS = rf"""(?:{trie(SHARE_VERB_WORDS)}|\d+\s+(?:of\s+(?:the\s+)?\d+\s+)?(?:seats|mandates)|
    (?:plummeted|fell|dropped|rose|climbed|jumped|slumped|slipped|slid|sank|
    tumbled|surged|soared)(?=\s+to\b)|on\s+\w+day|
    (?:president|mayor|governor)(?:\s+of(?:\s+the)?(?:\s+[\w\u2019'-]+){{1,3}}?)?)"""
_OBJECT = rf"""(?:(?:the|a|an)\s+)?(?:[\w\u2019'-]+\s+){{0,2}}?{trie(SHARE_OBJECT_WORDS)}"""
_VERBISH = rf"(?:(?:{_WORDS}|{_OBJECT}),?\s+)+"
_TO_SHARE = rf"(?:,?\s*(?:with|at|on|by|of)\s+)?{_VOTES}?{_QUAL}"

SHARES: tuple[Rule, ...] = (
    Rule(
        "share-listed",
        Gives.SHARE,
        At.GAP,
        re.compile(
            rf"""{_NAMED}(?::\s*|--\s*|[-\u2013\u2014=|]\s*|\(\s*)?{_VOTES}?{_QUAL}
            |{_NAMED},\s*{_VOTES}{_QUAL}""",
            _F,
        ),
        (
            Example("Birimdik: 24.5%.", 24.5, "Birimdik"),
            Example("Ata Meken (2.3%) did not pass.", 2.3, "Ata Meken"),
            Example("The tally so far: Green List 31.4%, Farmers 12.1%.", 31.4, "Green List"),
            Example("Anna Berg 994 210 - 41 %", 41.0, "Anna Berg"),
            Example("Sun Bloc -- 12.2%", 12.2, "Sun Bloc"),
            Example("Party\tVotes\tShare\nSun Bloc\t412,300\t31.2%", 31.2, "Sun Bloc"),
            Example("She had 50.1%, while Tom Ash, 40,212 (38.7%).", 38.7, "Tom Ash"),
        ),
    ),
    Rule(
        "share-comma",
        Gives.SHARE,
        At.GAP,
        re.compile(rf"{_NAMED},\s*{_QUAL}", _F),
        (
            Example("The Union got 40.1 percent; the Greens, 20.3 percent.", 20.3, "Greens"),
            Example("Results: Sun Bloc, 31%; Green List, 12%.", 12.0, "Green List"),
        ),
        unless_after=re.compile(
            r"\s*(?:of|in|for|to|were|was|are|is|voted|said|backed|chose|went|cast)\b", re.I
        ),
    ),
    Rule(
        "share-verb",
        Gives.SHARE,
        At.GAP,
        re.compile(
            rf"""{_NAMED}(?:,\s*\d{{1,3}}\s*,)?{_CLOSE},?\s*(?:(?:which|that|who)\s+)?
            {_VERBISH}{_TO_SHARE}""",
            _F,
        ),
        (
            Example("Birimdik won 24.5 percent of the vote.", 24.5, "Birimdik"),
            Example("Birimdik received 452,000 votes, or 24.52 percent.", 24.52, "Birimdik"),
            Example("The Green League came in second with 18.2%.", 18.2, "Green League"),
            Example("The Civic Front is in the lead with 39.9% of votes.", 39.9, "Civic Front"),
            Example("Ana Moreau won a second term with 55.5 percent.", 55.5, "Ana Moreau"),
            Example("Ana Moreau, 52, won 55.5 percent.", 55.5, "Ana Moreau"),
            Example("The SB/GL alliance won 24.1 percent.", 24.1, "SB/GL"),
            Example("The Union won 89 of 150 seats with 53.9% of the vote.", 53.9, "Union"),
            Example("The ruling Sun Bloc is on course for 41.2% of the vote.", 41.2, "Sun Bloc"),
            Example("Sun Bloc (SB) is on track to win 41.2 percent.", 41.2, "Sun Bloc (SB)"),
        ),
    ),
    Rule(
        "share-with",
        Gives.SHARE,
        At.GAP,
        re.compile(rf"{_NAMED}{_CLOSE},?\s*(?:with|at|on)\s+{_VOTES}?{_QUAL}", _F),
        (
            Example("Georgian Dream, with 48.2%, led the count.", 48.2, "Georgian Dream"),
            Example("The Ruby Alliance, on 12.5 percent, came third.", 12.5, "Ruby Alliance"),
        ),
    ),
    Rule(
        "share-apposition",
        Gives.SHARE,
        At.GAP,
        re.compile(
            rf"""{_NAMED}{_CLOSE},\s*(?:which|who|that|a|an|the|led\s+by|
            headed\s+by|founded\s+by|backed\s+by|supporting|supported\s+by)\s[^,%()]{{1,120}},
            \s*(?:{_VERBISH})?{_TO_SHARE}""",
            _F,
        ),
        (
            Example(
                "The Lake Party, which has governed for a decade, took 44.1% of the vote.",
                44.1,
                "Lake Party",
            ),
        ),
    ),
    Rule(
        "share-pronoun",
        Gives.SHARE,
        At.GAP,
        re.compile(
            rf"""{_CLOSE}\s+[^%()]{{0,100}}?\b(?:as|and|while|after|when)\s+(?:he|she)\s+
            {_VERBISH}{_TO_SHARE}""",
            _F,
        ),
        (Example("Mayor Ida Lund held on to her post as she won 61.5 percent.", 61.5, "Ida Lund"),),
    ),
    Rule(
        "share-table",
        Gives.SHARE,
        At.SENTENCE,
        re.compile(
            r"""%\s*(?:of\s+(?:the\s+)?)?(?:vote|votes|ballots)\b\s*:?
            |\b(?:party|parties|list|candidates?)\b[^%\n]{0,40}%\s*(?:\n|:|\||$)""",
            _F,
        ),
        (
            Example(
                "Latest count, % of vote: Green List 31.4 Farmers 12.1 Source: the commission",
                31.4,
                "Green List",
            ),
        ),
        triggers=("%",),
    ),
    Rule(
        "share-pair",
        Gives.SHARE,
        At.PAIR,
        re.compile(r"\s+(?:to|against|vs\.?|versus)\s+", re.IGNORECASE),
        (
            Example("Ana Moreau beat Tom Ash 55.1% to 44.9%.", 44.9, "Tom Ash"),
            Example("Tom Ash lost the primary to Ana Moreau 52.6% to 47.4%.", 47.4, "Tom Ash"),
            Example("Ana Moreau beat Tom Ash 55 to 45 percent.", 45.0, "Tom Ash"),
        ),
    ),
    Rule(
        "share-reverse",
        Gives.SHARE,
        At.REVERSE,
        re.compile(
            r"""\s*[),]?\s*(?:of\s+(?:the\s+)?(?:vote|votes|ballots|voters|electorate)
            (?:\s+of\s+[\w\u2019'-]+)?\s+)?(?:\(\s*[\d,.\s]+\s+votes?\s*\)\s*)?
            (?:went\s+to|for|voted\s+for|cast\s+(?:their\s+)?(?:votes|ballots)\s+for|backed|
            supported|chose|is\s+(?:occupied|held|taken)\s+by|goes\s+to|to)\s+(?:the\s+)?
            (?:(?:(?!(?:in|of|at|on|by|to|and|with|from)\b)(?-i:[a-z])[\w-]*|
            [\w\u2019'-]+-(?:backed|based|born|leaning|aligned|friendly))\s+){0,3}""",
            _F,
        ),
        (
            Example("The count gave 24.5% for Birimdik.", 24.5, "Birimdik"),
            Example("Some 3.1% of voters cast their ballots for the Sea Party.", 3.1, "Sea Party"),
            Example("She won 51% against 47.2% for former judge Tom Ash.", 47.2, "Tom Ash"),
            Example("She won 51% against 47.2% for her pro-army rival Tom Ash.", 47.2, "Tom Ash"),
            Example("She won 51% to 47.2% for her Kremlin-backed rival Tom Ash.", 47.2, "Tom Ash"),
            Example("Third place, with 9.4%, is held by Free Voice.", 9.4, "Free Voice"),
            Example("41.2% went to the Sea Party and 22.5% to Free Voice.", 22.5, "Free Voice"),
        ),
    ),
    Rule(
        "share-respectively",
        Gives.SHARE,
        At.RESPECTIVE,
        re.compile(r"(?:\s+of\s+(?:the\s+)?(?:vote|votes|ballots))?\s*,?\s*respectively\b", _F),
        (
            Example(
                "The Sea Party and Free Voice won 31.2 and 22.4 percent respectively.",
                22.4,
                "Free Voice",
            ),
            Example(
                "Her rivals Tom Ash, Ana Moreau and Paul Grin trail with 25%, 17% and 9% of the "
                "vote, respectively.",
                17.0,
                "Ana Moreau",
            ),
        ),
    ),
    Rule(
        "share-lead-clause",
        Gives.SHARE,
        At.REVERSE,
        re.compile(r"\s*of\s+(?:the\s+)?(?:vote|votes|ballots)\s*,\s*(?:the\s+)?", _F),
        (Example("With 40.2% of the vote, the Sea Party came first.", 40.2, "Sea Party"),),
    ),
)
"""The shapes a party's share stands in, beside its name. Tried on what the fact rules left."""
