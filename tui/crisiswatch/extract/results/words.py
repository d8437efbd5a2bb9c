"""The words the name reader knows: what opens a sentence but no name, what is never a name,
ballot options, the bodies voted for, titles before a person and the words that make a party."""

from __future__ import annotations

from crisiswatch.extract.sentences import MONTH_ABBREVIATIONS

NOT_NAME_START = frozenset(
    [
        "the",
        "a",
        "an",
        "in",
        "on",
        "at",
        "and",
        "but",
        "while",
        "with",
        "according",
        "after",
        "before",
        "by",
        "of",
        "for",
        "to",
        "as",
        "this",
        "that",
        "these",
        "those",
        "its",
        "it",
        "his",
        "her",
        "their",
        "only",
        "just",
        "some",
        "roughly",
        "nearly",
        "almost",
        "about",
        "around",
        "over",
        "under",
        "another",
        "all",
        "both",
        "each",
        "every",
        "most",
        "more",
        "less",
        "fewer",
        "still",
        "now",
        "then",
        "there",
        "here",
        "meanwhile",
        "overall",
        "however",
        "also",
        "next",
        "while",
        "so",
        "since",
        "later",
        "earlier",
        "yesterday",
        "today",
        "tonight",
        "initially",
        "finally",
        "officially",
        "currently",
        "previously",
        "separately",
        "instead",
        "elsewhere",
        "similarly",
        "again",
        "altogether",
        "nationwide",
        *("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"),
        "first",
        "second",
        "third",
        # "Support for the Homeland Front rose to 12.4%": the party's name comes after
        "support",
        "backing",
        # "Finishing third, with 5.2 percent, was Tom Ash": a participle opens the clause
        *("coming", "finishing", "trailing", "placing", "ranking", "following", "winning"),
        *("taking", "securing", "getting", "garnering", "polling", "leading", "running"),
    ]
)
"""Capitalised words that open a sentence but never a name."""
NEVER_NAME = NOT_NAME_START | frozenset(
    [
        "turnout",
        "results",
        "result",
        "preliminary",
        "official",
        "final",
        "data",
        "monday",
        "tuesday",
        "wednesday",
        "thursday",
        "friday",
        "saturday",
        "sunday",
        "january",
        "february",
        "march",
        "april",
        "may",
        "june",
        "july",
        "august",
        "september",
        "october",
        "november",
        "december",
        *MONTH_ABBREVIATIONS,
        "party",
        "parties",
        "threshold",
        "percent",
        "vote",
        "votes",
        "election",
        "elections",
        "commission",
        "cec",
        "opposition",
        "he",
        "she",
        "it",
        "they",
        "we",
        "his",
        "her",
        "their",
    ]
)
"""Words that are never a name on their own, nor its last word."""
BALLOT_OPTIONS = frozenset(["none of the above", "against all", "against everyone", "blank"])
"""What a ballot offers besides parties and candidates."""
INSTITUTIONS = frozenset(
    [
        "parliament",
        "senate",
        "chamber",
        "assembly",
        "congress",
        "commission",
        "committee",
        "court",
        "ministry",
        "rada",
        "duma",
        "sejm",
        "knesset",
        "majilis",
        "mazhilis",
        "riigikogu",
        "saeima",
        "seimas",
        "federation",
        "republic",
    ]
)
"""A run holding one of these is the body voted for, or the one counting, not a party."""
TITLES = frozenset(
    [
        "president",
        "prime",
        "minister",
        "premier",
        "pm",
        "mep",
        "mp",
        "chairman",
        "chairwoman",
        "leader",
        "senator",
        "sen",
        "gov",
        "governor",
        "mayor",
        "mr",
        "mrs",
        "ms",
        "dr",
        "lt",
        "general",
        "gen",
        "sheriff",
        "incumbent",
        "candidate",
        "challenger",
        "ex-president",
        "ex-prime",
        "former",
        "vice",
        "deputy",
        "speaker",
    ]
)
"""Words before a person's name that are not part of it ("Prime Minister Vladimir Putin")."""
PARTY_WORDS = frozenset(
    [
        "party",
        "bloc",
        "alliance",
        "coalition",
        "movement",
        "union",
        "front",
        "list",
        "league",
        "congress",
        "democrats",
        "socialists",
        "republicans",
        "liberals",
        "conservatives",
        "greens",
    ]
)
"""Words that make a name a party's, not a person's."""
DESCRIPTIONS = frozenset(
    [
        *("ruling", "governing", "opposition", "incumbent", "main", "largest", "junior"),
        *("far-right", "far-left", "centre-right", "centre-left", "center-right", "center-left"),
        *("right-wing", "left-wing", "pro-government", "pro-western", "pro-russian"),
    ]
)
"""Words that describe a party and, capitalised alone, open a sentence ("Ruling party leads
with 45%"): on their own they name nobody."""
LEANINGS = frozenset(
    [
        *("islamist", "leftist", "rightist", "centrist", "populist", "nationalist"),
        *("ultranationalist", "far-right", "far-left", "hardline", "moderate", "reformist"),
    ]
)
"""Capitalised words of a party's leaning written before its name ("the Islamist Ennahda
movement"): no part of the name, unless a party's word follows ("Nationalist Party")."""
POLITICAL_WORDS = frozenset(
    [
        *("right", "left", "centre", "center", "democratic", "social", "socialist", "liberal"),
        *("national", "popular", "forces", "regions", "rights", "freedom", "freedoms"),
        *("justice", "unity", "progress", "reform", "reforms", "renewal", "solidarity"),
        *("development", "labour", "labor", "workers", "citizens", "patriots", "independence"),
        *("democracy", "republic", "homeland", "fatherland", "revival", "salvation", "change"),
        *("action", "electoral", "civic", "alternative", "people's"),
    ]
)
"""Words of what a party stands for: a run of capitalised words holding one names a party or
its programme ("Union of Right Forces"), not a person."""
