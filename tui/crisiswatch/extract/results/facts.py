"""Fact rules: what classes a percentage as turnout, threshold or counting progress, or as no
result at all (a poll, an earlier election, a majority rule). Part of the one results table."""

from __future__ import annotations

import re

from crisiswatch.extract.results.rules import At, Example, Gives, Rule

_F = re.IGNORECASE | re.VERBOSE

UNITS = (
    r"(?:polling\s+(?:stations|places|units|booths|cent(?:re|er)s|divisions)|precincts|"
    r"stations|constituencies|(?:voting\s+|electoral\s+)?districts|protocols|minutes|"
    r"(?:ballot\s+)?boxes|counting\s+cent(?:re|er)s|returns|tally\s+sheets|"
    r"electoral\s+(?:precincts|commissions)|commissions|counties|wards|provinces|municipalities)"
)
"""What counting progress is counted in, besides ballots."""

COUNTING = re.compile(
    r"\b(?:count|counted|counting|processed|processing|tallied|tallying|tabulated|reported|"
    r"reporting|results?|returns|centrali[sz](?:ed|ation)|transmitted|calculation|verified|tally|"
    r"submitted)\b",
    re.IGNORECASE,
)
"""A sentence about the count: "98% of polling stations" alone may be about their opening."""
_Q = r"(?:(?:about|around|some|nearly|almost|over|more\s+than|just\s+over)\s+)?"

NUM = r"(?:\d{1,3}(?:[,\s]\d{3})+|\d+)"

ELECTION_WORDS = ("elect", "vot", "ballot", "constituenc", "precinct", "polling station")
"""Texts that name neither an election, a vote, a ballot nor the units a vote is counted in are
not read for figures that have no per-cent mark ("1,285 of 2,475 polling stations"): a few
substring tests keep those rules off other news. (A results post may name only its units:
"These are 116 of the 150 constituencies, counted and verified.")"""

UNIT_TRIGGERS = ("precinct", "polling", "constituenc", "counted", "counting")
"""Few and plain: each one is a substring test on every text about a vote that has no per-cent
mark ("districts" alone is too common; "4,795 of 31,497 districts had finished counting" is
found by its counting word)."""


_TURNOUT_BEFORE = re.compile(r"\b(?:turn-?out|participation)\b[^%\d]{0,60}$", re.IGNORECASE)
"""A turnout named before its percentage: the race's, unless a place follows it."""

FACTS: tuple[Rule, ...] = (
    Rule(
        "turnout-local",
        Gives.NOTHING,
        At.BEFORE,
        _TURNOUT_BEFORE,
        (
            Example("Turnout reached 70% in the capital and 52% in rural areas.", 70.0),
            Example("Participation was 64 percent in cities including the port.", 64.0),
        ),
        then=re.compile(
            r"""\s+in\s+(?:the\s+|some\s+|several\s+|many\s+|most\s+)?(?:capital|cities|city|
            towns?|regions?|provinces?|districts?|north|south|east|west|rural|urban|areas?|
            parts?|villages?)\b""",
            re.IGNORECASE | re.VERBOSE,
        ),
    ),
    Rule(
        "turnout-named",
        Gives.TURNOUT,
        At.BEFORE,
        _TURNOUT_BEFORE,
        (
            Example("Turnout was 56.2 percent, the commission said.", 56.2),
            Example("The participation rate stood at 41.3% by evening.", 41.3),
        ),
    ),
    Rule(
        "turnout-of-voters",
        Gives.TURNOUT,
        At.AFTER,
        re.compile(
            r"""^\s*(?:voter\s+|electoral\s+)?turn-?out\b
            |^\s*of\s+(?:the\s+)?(?:[\w’']+['’]s\s+)?(?:eligible\s+|registered\s+)?
             (?:voters|electorate|citizens)\s+(?:\w+\s+){0,2}?
             (?:turned\s+out|cast\s+(?:their\s+)?ballots|voted|took\s+part|came|participated|
             showed\s+up)\b(?!\s+for\b)
            |^\s*of\s+(?:the\s+)?(?:[\w’']+['’]s\s+)?(?:eligible|registered)\s+voters\b
             (?!\s+(?:\w+\s+){0,2}?(?:voted|cast\s+(?:their\s+)?(?:votes|ballots))\s+for\b)
            |^\s*(?:of\s+them\s+)?(?:participated|took\s+part|turned\s+out)\b""",
            _F,
        ),
        (
            Example("Some 61.2% of registered voters took part in the vote.", 61.2),
            Example("Only 48.9 percent of eligible voters showed up.", 48.9),
            Example("Of 4.1 million on the rolls, 2.6 million or 63.4% participated.", 63.4),
        ),
    ),
    Rule(
        "turnout-voters-then-share",
        Gives.TURNOUT,
        At.BEFORE,
        re.compile(
            r"""\b(?:voters|citizens|people|electors)\b[^%.]{0,60}?
            (?:voted|cast\s+(?:their\s+)?ballots|came\s+to\s+the\s+(?:polls|elections?)|
            turned\s+out)\s*,\s*(?:(?:which\s+is|or|i\.e\.|that\s+is)\s+)?$""",
            _F,
        ),
        (Example("In all, 3,120,400 citizens voted, which is 58.7 percent.", 58.7),),
    ),
    Rule(
        "reporting-count-stands-at",
        Gives.REPORTING,
        At.BEFORE,
        re.compile(
            r"\bcount(?:ing)?\s+(?:has\s+|had\s+)?(?:reached|stood\s+at|stands\s+at|is\s+at|was\s+at)\s+$",
            re.IGNORECASE,
        ),
        (Example("The national count stood at 87.5% by noon on Monday.", 87.5),),
    ),
    Rule(
        "not-majority-rule",
        Gives.NOTHING,
        At.AFTER,
        re.compile(
            r"""^\s*(?:plus\s+one\s+(?:vote\s+)?|\+\s*1\s+)?(?:of\s+(?:the\s+)?(?:\w+\s+)?votes?\s+)?
            (?:(?:needed|required|necessary)\s+)?(?:\w+\s+){0,2}?to\s+
            (?:win\s+outright|avoid\s+a\s+(?:run-?off|second\s+round)|win\s+in\s+the\s+first\s+round|
             be\s+elected|form\s+a\s+government|govern\s+alone)""",
            _F,
        ),
        (Example("A candidate needs 50% of the vote to avoid a run-off.", 50.0),),
    ),
    Rule(
        "not-conditional",
        Gives.NOTHING,
        At.BEFORE,
        re.compile(
            r"""\b(?:if|unless)\b[^%.;]{0,80}?\b(?:win|wins|get|gets|keep|keeps|receive|receives|
            secure|secures|take|takes|gain|gains)\s+(?:\w+\s+){0,2}?(?:more\s+than\s+|over\s+|
            above\s+|at\s+least\s+)?$""",
            _F,
        ),
        (Example("Unless the bloc gets over 50% of the vote, a coalition will be needed.", 50.0),),
    ),
    Rule(
        "threshold-named-after",
        Gives.THRESHOLD,
        At.AFTER,
        re.compile(
            r"""^\s*-?\s*(?:electoral\s+|entry\s+|parliamentary\s+|minimum\s+|qualifying\s+|legal\s+|
            national\s+)?(?:threshold|barrier|hurdle|cut-?off|minimum)\b
            |^\s*(?:or\s+more\s+)?(?:of\s+the\s+(?:total\s+)?(?:vote|votes|ballots)\s+)?
             (?:needed|required|necessary)\s+(?:\w+\s+){0,2}?to\s+
             (?:enter|win|get|gain|qualify|make|secure|pass|return)""",
            _F,
        ),
        (
            Example("The rest fell short of the 7 percent threshold.", 7.0),
            Example("Lists need the 3% of the vote required to enter the assembly.", 3.0),
        ),
    ),
    Rule(
        "threshold-named-before",
        Gives.THRESHOLD,
        At.BEFORE,
        re.compile(
            r"""(?:\b(?:must|need|needs|needed|has\s+to|have\s+to|had\s+to|required\s+to|require|
               requires|required)\s+(?:to\s+)?(?:(?:win|get|gain|receive|pass|clear|reach|secure|collect|score|
               poll|achieve|have)\s+)?(?:at\s+least\s+|a\s+minimum\s+of\s+)?(?:a\s+)?
            |\b(?:threshold|barrier|hurdle|cut-?off)\s+(?:\w+\s+){0,3}?(?:of|at|is|was|to|set\s+at)
            |\bshort\s+of\s+(?:the\s+)?(?:necessary|required)?
            |\b(?:clear|clears|cleared|clearing|cross|crossed|pass|passed|overcome|overcame|surpass|
               surpassed|exceed|exceeded|reach|reached|meet|met|beat)\s+(?:the\s+)?)\s*$""",
            _F,
        ),
        (
            Example("Parties must win 7% of the vote to enter parliament.", 7.0),
            Example("The threshold is 5 percent.", 5.0),
            Example("Five lists cleared the 4% needed for seats.", 4.0),
        ),
    ),
    Rule(
        "not-earlier-election",
        Gives.NOTHING,
        At.BEFORE,
        re.compile(
            r"""(?:\b(?i:in|on|of)\s+(?:[A-Z][a-z]+\s+\d{1,2},?\s+)?(?:19|20)\d\d\b
            (?!\s+(?:by|election|elections|vote|polls|race|general|parliamentary|presidential)\b)
            |\b(?i:in|at)\s+(?i:the\s+)?(?i:previous|last|preceding|earlier)\s+(?:\w+\s+)?
            (?i:election|elections|vote|polls)\b)
            [^%\d]{0,50}$""",
            re.VERBOSE,
        ),
        (
            Example("In 2016, the same party had received 31.2% of the vote.", 31.2),
            Example("At the previous election the Ruby List won 12.4%.", 12.4),
        ),
    ),
    Rule(
        "not-earlier-election-after",
        Gives.NOTHING,
        At.AFTER,
        re.compile(
            r"""^\s*(?:of\s+the\s+votes?\s+)?(?:in|at)\s+(?:the\s+)?(?:(?:19|20)\d\d\b|
            (?:previous|last|preceding|earlier)\s+(?:\w+\s+)?(?:election|elections|vote|polls))""",
            _F,
        ),
        (Example("The party fell to 9.1 percent, down from 17.2 percent in 2012.", 17.2),),
    ),
    Rule(
        "not-a-seat-share",
        Gives.NOTHING,
        At.AFTER,
        re.compile(
            r"""^\s*of\s+(?:the\s+|all\s+)?(?:[\w\u2019'-]+\s+){0,2}?(?:seats|mandates)\b""", _F
        ),
        (Example("The Union won 48% of the seats with 41% of the vote.", 48.0),),
    ),
    Rule(
        "not-a-poll",
        Gives.NOTHING,
        At.SENTENCE,
        re.compile(
            r"""\b(?:exit[\s-]polls?|opinion\s+polls?|(?:late|post-election|latest|new|preliminary|pre-election)\s+polls?|
            pollsters?|polling\s+(?:institute|agency|firm|company)|surveys?|quick[\s-]counts?|
            projections?|projected|the\s+\w+\s+poll\b|polls?\s+(?:showed|shows|gave|gives|suggest|
            suggests|suggested|conducted|by|of)\b|would\s+(?:\w+\s+)?(?:win|get|receive|be)\b|
            if\s+the\s+(?:\w+\s+)?elections?\s+were\s+held)""",
            _F,
        ),
        (Example("An exit poll gave the ruling party 44% of the vote.", 44.0),),
    ),
    Rule(
        "share-won-of-the-count",
        Gives.SHARE,
        At.BEFORE,
        re.compile(
            r"""\b(?:won|wins|got|gets|received|receives|had|has|secured|took|polled|obtained|
            garnered|gained|scored|collected)\s+(?:about\s+|almost\s+|nearly\s+|over\s+|
            more\s+than\s+|just\s+over\s+)?$""",
            _F,
        ),
        (Example("The Union had 52.3% of the votes counted so far.", 52.3, "Union"),),
    ),
    Rule(
        "reporting-of-all",
        Gives.REPORTING,
        At.AFTER,
        re.compile(rf"^\s*of\s+all\s+(?:the\s+)?(?:[\w-]+\s+)?(?:ballots|votes|{UNITS})\b", _F),
        (
            Example(
                "Returns cover 97% of precincts that vote by machine (91% of all precincts).",
                91.0,
            ),
        ),
        needs=COUNTING,
        overrides=True,
    ),
    Rule(
        "reporting-units-counted",
        Gives.REPORTING,
        At.AFTER,
        re.compile(
            rf"""^\s*(?:of\s+(?:all\s+)?(?:the\s+)?(?:processed\s+|counted\s+)?
            (?:(?!(?:votes?|in|at|from)\b)[\w'\u2019-]+\s+){{0,2}}?)?
            {UNITS}\b
            |^\s*(?:of\s+(?:all\s+)?(?:the\s+)?(?:expected\s+|estimated\s+|total\s+)?)?
             (?:ballots|votes|vote|bulletins|polls)\s+(?:cast\s+)?
             (?:(?:had|have|has|were|was|being|now|so\s+far|already)\s+)*(?:been\s+)?
             (?:counted|processed|tallied|tabulated|reported|reporting|verified|centrali[sz]ed)\b
            |^\s*(?:counted|reporting|processed|tallied|tabulated|of\s+the\s+count|complete)\b
            |^\s*of\s+(?:the\s+)?(?:vote|ballot)\s+count\b""",
            _F,
        ),
        (
            Example("With 98 percent of polling stations processed, the lead held.", 98.0),
            Example("Results from 64.2% of precincts were counted by dawn.", 64.2),
            Example("With 81.5% of the ballots counted, she led.", 81.5),
            Example("With 86% of counties reporting, he led.", 86.0),
            Example("With 95% of the expected vote counted, he led.", 95.0),
            Example("The count is 62.5% complete.", 62.5),
            Example("With 64% of the vote count done, the incumbent led.", 64.0),
            Example("Officials had canvassed 91.5 percent of the nation's election returns.", 91.5),
            Example("Early figures, based on 40 percent of the tally sheets, put her ahead.", 40.0),
        ),
        needs=COUNTING,
    ),
    Rule(
        "reporting-still-uncounted",
        Gives.REPORTING,
        At.AFTER,
        re.compile(
            rf"""^\s*of\s+(?:the\s+)?(?:votes?|ballots|{UNITS})\s+
            (?:(?:still|yet|left|remaining|were|was|are|is)\s+)+
            (?:(?:waiting|to\s+be|be|being)\s+)*
            (?:counted|tallied|processed|reported|uncounted)\b""",
            _F,
        ),
        (
            Example("With 35 percent of the votes still to be counted, she led.", 65.0),
            Example("About 12% of ballots were still waiting to be tallied.", 88.0),
        ),
        complement=True,
    ),
    Rule(
        "reporting-vote-in",
        Gives.REPORTING,
        At.AFTER,
        re.compile(
            rf"""^\s*of\s+(?:all\s+)?(?:the\s+)?(?:expected\s+|estimated\s+)?
            (?:ballots|votes|vote|{UNITS})\s+in\b
            (?=\s*(?:[,.;:)]|$|and\b|so\s+far\b))""",
            _F,
        ),
        (
            Example("With 99% of the vote in, the race was called.", 99.0),
            Example("With 93% of precincts in, she led.", 93.0),
        ),
    ),
    Rule(
        "reporting-boxes-opened",
        Gives.REPORTING,
        At.AFTER,
        re.compile(
            r"^\s*of\s+(?:all\s+)?(?:the\s+)?(?:ballot\s+)?boxes\s+(?:were\s+|had\s+been\s+)?opened\b",
            re.IGNORECASE,
        ),
        (Example("With 97.4% of the ballot boxes opened, the ruling party led.", 97.4),),
    ),
    Rule(
        "reporting-counted-before",
        Gives.REPORTING,
        At.BEFORE,
        re.compile(
            r"""\b(?:processing|processed|counting|counted|tallying|tallied|count\s+(?:of|from|at|in)|
            calculation|centrali[sz]ation|centrali[sz]ed|transmitted)
            \s+(?:of\s+)?(?:[\w-]+\s+){0,2}?(?:from|in|of|at|with)?\s*(?:over\s+|more\s+than\s+|
            about\s+|almost\s+|nearly\s+)?$""",
            _F,
        ),
        (
            Example("The commission said so after counting 50% of ballots.", 50.0),
            Example("Officials have transmitted 72.4 percent of the returns.", 72.4),
            Example("A partial count of 41.3% of cells will be redone.", None),
        ),
        needs=COUNTING,
        then=re.compile(
            rf"""\s*(?:of\s+(?:all\s+)?(?:the\s+)?(?:[\w-]+,?\s+){{0,3}}?(?:ballots|votes?|bulletins|
            results|sites|data|{UNITS})\b|[,.;:)]|$|(?:and|so\s+far|by|on|at|as|in)\b)""",
            _F,
        ),
    ),
    Rule(
        "reporting-units-then-share",
        Gives.REPORTING,
        At.BEFORE,
        re.compile(
            rf"""(?:\b{UNITS}\s*(?:counted\s*|processed\s*|reporting\s*)?
            (?:\(\s*|,\s*(?:(?:or|i\.e\.|ie|which\s+is|that\s+is|representing|respectively)\s+)?|
            (?:representing|which\s+is)\s+)
            |\bout\s+of\s+{NUM}\s+(?:[\w-]+\s+){{0,3}}?{UNITS}\b[^%]{{0,80}}?
             (?:which\s+is|or|i\.e\.)\s+){_Q}$""",
            _F,
        ),
        (
            Example("Returns from 2,950 polling stations, or about 97%, are in.", 97.0),
            Example("Returns came from 61,200 precincts representing 88.1 percent.", 88.1),
            Example("Out of 1,900 ballot boxes, 1,805 have reported, which is 95%.", 95.0),
        ),
    ),
    Rule(
        "reporting-of-the-total",
        Gives.REPORTING,
        At.AFTER,
        re.compile(
            rf"""^\s*of\s+the\s+total(?:\s+number)?(?:\s+of)?\s+
            (?:{NUM}\b(?:\s+[\w-]+){{0,2}}|{UNITS}\b)""",
            _F,
        ),
        (Example("Data came in from 9,870 stations, 64.55 pct of the total of 15,290.", 64.55),),
    ),
    Rule(
        "reporting-from-units",
        Gives.REPORTING,
        At.AFTER,
        re.compile(rf"^\s*(?:of\s+the\s+votes?\s+)?from\s+{NUM}\s+{UNITS}\b", re.IGNORECASE),
        (
            Example(
                "The votes counted, 40.2 per cent from 1,650 polling stations, favour her.", 40.2
            ),
        ),
    ),
    Rule(
        "reporting-results-covering",
        Gives.REPORTING,
        At.BEFORE,
        re.compile(r"\bresults?\b[^%]{0,80}?\b(?:corresponding\s+to|covering)\s+$", re.IGNORECASE),
        (
            Example(
                "The results released by the commission, covering 96.1 percent, gave her the lead.",
                96.1,
            ),
        ),
    ),
)
"""Rules that class a percentage as a fact about the count (or as no result at all), tried
in order before any share rule: the first that fires decides."""
