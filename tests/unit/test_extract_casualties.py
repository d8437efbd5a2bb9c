"""Casualty and crowd figures: each phrase family, each distractor family, and per-text totals."""

from __future__ import annotations

import re

import pytest

from crisiswatch.extract import extract
from crisiswatch.extract.attribution import attribution
from crisiswatch.extract.casualty_patterns import CASUALTY_WORD
from crisiswatch.extract.casualty_rules import TOLL_PEOPLE
from crisiswatch.extract.sentences import is_noise, split_sentences, strip_dateline
from crisiswatch.models import Kind, Qual, Total


def total(text: str, kind: Kind) -> tuple[int, str, int | None] | None:
    t = extract(text).totals[kind]
    return None if t is None else (t.value, t.qual.value, t.high)


@pytest.mark.parametrize(
    ("text", "kind", "want"),
    [
        # verb and noun forms
        ("Three people were killed in the square.", Kind.KILLED, (3, "exact", None)),
        ("Two demonstrators died overnight.", Kind.KILLED, (2, "exact", None)),
        ("At least nine people are dead.", Kind.KILLED, (9, "at_least", None)),
        ("Officials confirmed four deaths.", Kind.KILLED, (4, "exact", None)),
        ("Eleven protesters lost their lives.", Kind.KILLED, (11, "exact", None)),
        ("The ministry reported six fatalities.", Kind.KILLED, (6, "exact", None)),
        ("The death toll rose to 17 on Thursday.", Kind.KILLED, (17, "exact", None)),
        ("The riots killed at least five people.", Kind.KILLED, (5, "at_least", None)),
        ("More than 300 people were injured.", Kind.INJURED, (300, "more_than", None)),
        ("Doctors saw 45 wounded demonstrators.", Kind.INJURED, (45, "exact", None)),
        ("Twelve police officers were hurt.", Kind.INJURED, (12, "exact", None)),
        ("Some 80 people were hospitalised.", Kind.INJURED, (80, "about", None)),
        ("Police arrested 35 people.", Kind.ARRESTED, (35, "exact", None)),
        ("At least 20 activists were detained.", Kind.ARRESTED, (20, "at_least", None)),
        ("The ministry said it had made 112 arrests.", Kind.ARRESTED, (112, "exact", None)),
        ("Police reported 48 detentions.", Kind.ARRESTED, (48, "exact", None)),
        ("Nine opposition figures are being held.", Kind.ARRESTED, (9, "exact", None)),
        ("Officers took 16 people into custody.", Kind.ARRESTED, (16, "exact", None)),
        # crowd, labelled apart from harm
        ("Thousands of protesters took to the streets.", Kind.CROWD, (1000, "at_least", None)),
        ("About 2,000 supporters gathered on the square.", Kind.CROWD, (2000, "about", None)),
        ("A crowd of some 5,000 people assembled.", Kind.CROWD, (5000, "about", None)),
        ("A 10,000-strong crowd blocked the avenue.", Kind.CROWD, (10000, "exact", None)),
        # number forms
        ("A dozen people were arrested.", Kind.ARRESTED, (12, "exact", None)),
        ("Two dozen people were hurt.", Kind.INJURED, (24, "exact", None)),
        (
            "The ministry put the number of injured at 1.2 thousand.",
            Kind.INJURED,
            (1200, "exact", None),
        ),
        ("Dozens of people were injured.", Kind.INJURED, (12, "at_least", None)),
        ("Hundreds were detained.", Kind.ARRESTED, (100, "at_least", None)),
        ("Scores of people were wounded.", Kind.INJURED, (20, "at_least", None)),
        ("Twenty-three people were wounded.", Kind.INJURED, (23, "exact", None)),
        # qualifiers and ranges
        ("No fewer than 8 people were killed.", Kind.KILLED, (8, "at_least", None)),
        ("A minimum of 30 people were hurt.", Kind.INJURED, (30, "at_least", None)),
        ("Just over 200 people were detained.", Kind.ARRESTED, (200, "more_than", None)),
        ("Nearly 700 people were injured.", Kind.INJURED, (700, "about", None)),
        ("Almost 40 protesters were arrested.", Kind.ARRESTED, (40, "about", None)),
        ("Around 60 people were hurt.", Kind.INJURED, (60, "about", None)),
        ("Up to 12 people may have died.", Kind.KILLED, (12, "up_to", None)),
        ("As many as 400 people were detained.", Kind.ARRESTED, (400, "up_to", None)),
        ("Between 10 and 15 people were killed.", Kind.KILLED, (10, "range", 15)),
        ("Police said 20 to 25 people had been detained.", Kind.ARRESTED, (20, "range", 25)),
        ("Residents said 3-4 people died.", Kind.KILLED, (3, "range", 4)),
    ],
)
def test_phrase_families(text: str, kind: Kind, want: tuple[int, str, int | None]) -> None:
    assert total(text, kind) == want


def test_several_figures_in_one_sentence() -> None:
    ex = extract("Clashes resulted in at least one death and 590 people injured.")
    assert ex.totals[Kind.KILLED] == Total(1, Qual.AT_LEAST)
    assert ex.totals[Kind.INJURED] == Total(590, Qual.EXACT)
    assert len(ex.figures) == 2


def test_total_then_breakdown_is_the_total() -> None:
    assert total("Eight people died: five protesters and three police officers.", Kind.KILLED) == (
        8,
        "exact",
        None,
    )


def test_breakdown_alone_is_summed() -> None:
    text = "Five protesters and three police officers were killed."
    assert total(text, Kind.KILLED) == (8, "exact", None)
    assert total("Police detained 30 people in Bishkek and 12 in Osh.", Kind.ARRESTED) == (
        42,
        "exact",
        None,
    )


def test_subset_never_replaces_the_total() -> None:
    assert total("Fifteen people were killed, including seven children.", Kind.KILLED) == (
        15,
        "exact",
        None,
    )
    assert total("Ninety people were hurt, 20 of whom needed surgery.", Kind.INJURED) == (
        90,
        "exact",
        None,
    )


def test_more_in_a_later_sentence_adds_up() -> None:
    text = "Four protesters died on Monday. Two more people died in hospital on Tuesday."
    assert total(text, Kind.KILLED) == (6, "exact", None)


def test_running_toll_holds_the_rest() -> None:
    text = "A policeman died of his injuries, raising the death toll to four."
    assert total(text, Kind.KILLED) == (4, "exact", None)


def test_implicit_single() -> None:
    assert total("Police fatally shot a protester.", Kind.KILLED) == (1, "exact", None)
    assert total("A 20-year-old student was killed.", Kind.KILLED) == (1, "exact", None)
    assert total("An opposition leader was arrested.", Kind.ARRESTED) == (1, "exact", None)


def test_explicit_zero_counts_but_qualified_zero_does_not() -> None:
    assert total("No arrests were made, police said.", Kind.ARRESTED) == (0, "exact", None)
    assert total("No one was killed.", Kind.KILLED) == (0, "exact", None)
    assert total("Nobody was hurt.", Kind.INJURED) == (0, "exact", None)
    assert total("There were no serious injuries.", Kind.INJURED) is None


def test_a_zero_loses_to_a_count() -> None:
    text = "No detentions were reported in Osh, but in Bishkek police detained 14 people."
    assert total(text, Kind.ARRESTED) == (14, "exact", None)


@pytest.mark.parametrize(
    "text",
    [
        "Last year's clashes left 43 dead.",
        "In 2010, ethnic violence in the south killed more than 400 people.",
        "Protesters recalled the 2010 revolution, when 87 people were killed.",
        "Previous protests in March had left three people dead.",
    ],
)
def test_background_figures_are_not_the_current_total(text: str) -> None:
    assert total(text, Kind.KILLED) is None


def test_current_figure_beside_background_one() -> None:
    text = "Two people died on Monday, the worst violence since 2010, when 87 people were killed."
    assert total(text, Kind.KILLED) == (2, "exact", None)


def test_two_sources_in_one_text_give_a_range() -> None:
    text = (
        "The health ministry said 590 people were injured, while the opposition put the number "
        "of injured at more than 1,000."
    )
    assert total(text, Kind.INJURED) == (590, "range", 1000)
    two = "The interior ministry reported two deaths. Opposition leaders said five people had died."
    assert total(two, Kind.KILLED) == (2, "range", 5)


def test_the_texts_own_count_beside_a_named_one_is_a_range() -> None:
    text = (
        "Eleven marchers were killed in the capital on Sunday. The opposition put the number "
        "of dead at 26."
    )
    assert total(text, Kind.KILLED) == (11, "range", 26)


def test_a_lone_single_or_the_title_is_no_second_voice() -> None:
    single = "At least 40 people were hurt, the hospital said. One nurse was critically injured."
    assert total(single, Kind.INJURED) == (40, "at_least", None)
    titled = "Hundreds hurt in port riots\n\nThe health ministry said 312 people were injured."
    assert total(titled, Kind.INJURED) == (312, "exact", None)


def test_the_disaster_a_protest_is_about_is_not_its_toll() -> None:
    text = "Crowds marched over the bridge collapse that killed 9 people in the old town."
    assert total(text, Kind.KILLED) is None


def test_a_breakdown_by_unnamed_sources_adds_up_to_the_named_count() -> None:
    text = (
        "At least 9 people were killed on Sunday, medics told reporters.\n"
        "Six were killed in the port, the sources said.\n"
        "Three died in the capital, the sources added."
    )
    assert total(text, Kind.KILLED) == (9, "at_least", None)


def test_a_document_is_nobody_beside_the_texts_own_toll() -> None:
    text = (
        "The report said 40 marchers died in the first week. The death toll for the month "
        "stands at 112."
    )
    assert total(text, Kind.KILLED) == (112, "exact", None)


def test_attribution_speaker_and_channel() -> None:
    text = (
        "Clashes left at least one dead and 590 people injured, the health ministry said, "
        "according to a local news agency."
    )
    ex = extract(text)
    assert {f.attribution for f in ex.figures} == {"the health ministry via a local news agency"}
    assert attribution("Police said 35 people were detained.") == "Police"
    assert attribution("He said 35 people were detained.") is None


def test_figures_keep_sentence_and_span() -> None:
    text = "Calm returned on Tuesday. Officials said 12 people were detained overnight."
    (fig,) = extract(text).figures
    assert text[fig.start : fig.end] == "12 people were detained"
    assert fig.sentence == "Officials said 12 people were detained overnight."


@pytest.mark.parametrize(
    "text",
    [
        "A 20-year-old protester addressed the crowd.",  # age
        "The 45-year-old leader spoke from a truck.",
        "Protests began on October 5 and continued until 9 October.",  # dates
        "Police cleared the square at 3 a.m. and again at 10 pm.",  # times
        "Kyrgyzstan has seen revolutions in 2005 and 2010.",  # years
        "About 1,000 police officers were deployed around the parliament.",  # deployments
        "The damage was estimated at $2 million.",  # money
        "Businesses lost 300 million som during the unrest.",
        "Only 35 percent of respondents trusted the commission.",  # percentages
        "The bloc received 120,000 votes.",  # vote counts
        "The party is expected to take 46 seats.",  # seat counts
        "Sixteen parties competed for 120 seats in parliament.",
        "The rally lasted 12 hours before police moved in.",
    ],
)
def test_distractors_are_not_casualties(text: str) -> None:
    ex = extract(text)
    assert all(v is None for v in ex.totals.values()), ex.totals


def test_page_noise_is_skipped() -> None:
    text = (
        "Police used tear gas on protesters.\nAdvertisement\n"
        "RELATED Clashes elsewhere leave 30 injured\n"
        "Photo by Staff/Agency: 5,000 gathered near parliament.\n"
        "At least 14 people were detained, police said."
    )
    ex = extract(text)
    assert ex.totals[Kind.INJURED] is None
    assert ex.totals[Kind.CROWD] is None
    assert ex.totals[Kind.ARRESTED] == Total(14, Qual.AT_LEAST)


def test_noise_and_datelines() -> None:
    assert is_noise("Advertisement")
    assert is_noise("RELATED Something happened elsewhere")
    assert is_noise("Photo by Someone/Agency")
    assert not is_noise("Related parties met on Monday.")
    (s,) = split_sentences("Oct. 6 (Wire) -- Police detained 12 people.")
    assert strip_dateline(s).text == "Police detained 12 people."
    (s,) = split_sentences("BISHKEK, Oct 6 (Wire) - Police detained 12 people.")
    assert strip_dateline(s).text == "Police detained 12 people."


def test_sentence_split_keeps_abbreviations_and_decimals() -> None:
    parts = split_sentences("Mr. Smith said the U.S. envoy won 24.5 percent. Next one.")
    assert [p.text for p in parts] == [
        "Mr. Smith said the U.S. envoy won 24.5 percent.",
        "Next one.",
    ]


def test_crowd_noun_without_gathering_verb_is_no_crowd() -> None:
    ex = extract("Hundreds of protesters were detained.")
    assert ex.totals[Kind.CROWD] is None
    assert ex.totals[Kind.ARRESTED] == Total(100, Qual.AT_LEAST)


def test_others_are_other_people_not_more_on_top() -> None:
    text = (
        "4 dead, 35 hurt in Quito riots\n\nFour people died and 35 others were hurt, medics said."
    )
    assert total(text, Kind.INJURED) == (35, "exact", None)
    assert total(text, Kind.KILLED) == (4, "exact", None)


def test_a_figure_in_title_and_body_counts_once_and_the_body_reports_it() -> None:
    text = "Two more killed in Dhaka\n\nTwo more people were killed on Monday, police said."
    ex = extract(text)
    assert ex.totals[Kind.KILLED] == Total(2, Qual.EXACT)
    assert [f.attribution for f in ex.figures] == ["police"]


def test_a_title_figure_the_body_does_not_repeat_still_counts() -> None:
    text = "12 arrested after Tbilisi march\n\nThe march ended late on Sunday evening."
    assert total(text, Kind.ARRESTED) == (12, "exact", None)


@pytest.mark.parametrize(
    ("text", "source"),
    [
        ("Kenya: 3 dead, 41 hurt in Nakuru clashes - police", "police"),
        ("Four marchers were hurt on Friday, hospital staff say.", "hospital staff"),
        ("The interior ministry's tally stood at 19 detained by noon.", "The interior ministry"),
        ("Police said 5 were hurt, while a local clinic reported 9 injured.", "a local clinic"),
        (
            "The Lowland Observatory for Civil Rights (LOCR) has reported 44 people dead.",
            "The Lowland Observatory for Civil Rights (LOCR)",
        ),
        ("A rights group alleged eleven deaths in the border town.", "A rights group"),
        ("Neighbours described three students being beaten and detained.", "Neighbours"),
        ("The rights group insisted that at least 9 people died.", "The rights group"),
        (
            "According to figures released by the interior ministry on Monday, 230 people were "
            "detained.",
            "the interior ministry",
        ),
        ("According to the latest tally by a rights group, 40 people died.", "a rights group"),
        ("At least 12 people died in three days of unrest, according to an AFP tally.", "AFP"),
        ("According to a tally by a rights group, 12 people died.", "a rights group"),
        # a speaker after its verb in lower case, when it ends in a source's word
        ("Six marchers were hurt, said police.", "police"),
        ("Two farmers died, said the regional health ministry.", "the regional health ministry"),
        ("Nine were detained, said local officials on Sunday.", "local officials"),
        ("Port riots: 4 dead, says hospital source", "hospital source"),
        # a title's source glued to its dash, or opening it before a colon
        ("Over 300 detained at city rallies -monitor", "monitor"),
        ("Health ministry: 17 injured in port clashes", "Health ministry"),
        ("Police: 12 officers hurt during night of rioting", "Police"),
        # the "on" of a name stays, the "on" of a day goes
        (
            "The Lowland Commission on Civil Rights said 23 marchers had died.",
            "The Lowland Commission on Civil Rights",
        ),
        ("The ministry on Tuesday said 23 marchers had died.", "The ministry"),
    ],
)
def test_attribution_forms(text: str, source: str) -> None:
    figures = extract(text).figures
    assert figures and figures[-1].attribution == source


@pytest.mark.parametrize(
    "text",
    [
        "Lowland: 41 killed as protests spread",  # a place before the colon
        "Six marchers were hurt, said earlier reports of the clash.",  # no source's word
        "Two farmers died, said to be brothers.",
    ],
)
def test_no_speaker_made_of_a_place_or_a_phrase(text: str) -> None:
    figures = extract(text).figures
    assert figures and all(f.attribution is None for f in figures)


@pytest.mark.parametrize(
    "text",
    [
        "The army claimed that no one was killed, but the rights group insisted 9 people died.",
        "Despite claims by the army that no one was killed, the rights group insisted 9 died.",
    ],
)
def test_a_denied_toll_and_an_insisted_one_are_two_voices(text: str) -> None:
    assert total(text, Kind.KILLED) == (0, "range", 9)


def test_what_the_unrest_claimed_is_a_toll_not_a_source() -> None:
    (figure,) = extract("The unrest has claimed 14 lives so far.").figures
    assert (figure.value, figure.attribution) == (14, None)


@pytest.mark.parametrize(
    ("text", "kind", "want"),
    [
        (
            "The health ministry said 40 were killed; opposition groups say more than 90 were.",
            Kind.KILLED,
            (40, "range", 90),
        ),
        (
            "Police said three people were hurt, and medics said seven were.",
            Kind.INJURED,
            (3, "range", 7),
        ),
        # no figure before it: "30 were there" counts nobody
        ("Witnesses said 30 were there.", Kind.KILLED, None),
    ],
)
def test_a_second_source_with_the_verb_left_out(
    text: str, kind: Kind, want: tuple[int, str, int | None] | None
) -> None:
    assert total(text, kind) == want


@pytest.mark.parametrize(
    ("text", "kind", "want"),
    [
        (
            "Police detained about 200 people on Sunday, a rights group said. The interior "
            "ministry put the number at 150.",
            Kind.ARRESTED,
            (150, "range", 200),
        ),
        (
            "Six people were killed on Monday. This brings the total to 40.",
            Kind.KILLED,
            (40, "exact", None),
        ),
        ("The interior ministry put the number at 150.", Kind.ARRESTED, None),
        (
            "The ministry said 5 people were killed. A rights group said the real figure was "
            "at least 9.",
            Kind.KILLED,
            (5, "range", 9),
        ),
        (
            "Police said 40 people were detained; activists said the number was closer to 200.",
            Kind.ARRESTED,
            (40, "range", 200),
        ),
        (
            "Organisers said 25,000 people took part in the march. Police put the figure at 8,000.",
            Kind.CROWD,
            (8000, "range", 25000),
        ),
    ],
)
def test_a_count_restated_in_the_next_sentence_takes_the_kind_before_it(
    text: str, kind: Kind, want: tuple[int, str, int | None] | None
) -> None:
    assert total(text, kind) == want


def test_three_voices_with_their_own_verbs_give_a_range() -> None:
    # An "alleged" count and a "described" one are each a source's: with the text's own two
    # singles beside them, the figures range from 2 to 4 (the singles and the witnesses' two
    # are no breakdown of the group's four).
    text = (
        "Officials say one guard was killed in the north and that only one person died in the "
        "capital. However, witnesses described two young marchers being shot and killed. A "
        "rights group alleged four deaths and said it feared more."
    )
    assert total(text, Kind.KILLED) == (2, "range", 4)
    assert [f.attribution for f in extract(text).figures][-2:] == ["witnesses", "A rights group"]


def test_a_clause_link_is_nobody() -> None:
    text = "At least 12 people died in the fire, but told reporters more may be found."
    assert [f.attribution for f in extract(text).figures] == [None]


def test_two_estimates_of_one_crowd_are_a_range() -> None:
    text = "Unions put the crowd at 40,000; the police estimated about 12,000."
    assert total(text, Kind.CROWD) == (12000, "range", 40000)


@pytest.mark.parametrize(
    "text",
    [
        "Forty people were injured, 12 of them were hospitalised.",
        "Of the 40 injured, 12 were hospitalised.",
        "Forty people were injured; 12 of the injured were hospitalised.",
        "Forty people were injured, five of them with burns and 12 with other injuries.",
        "Forty people were injured. Of the total number of victims, 9 were hurt badly.",
    ],
)
def test_a_part_named_beside_its_total_is_a_subset(text: str) -> None:
    assert total(text, Kind.INJURED) == (40, "exact", None)


@pytest.mark.parametrize(
    ("text", "kind", "want"),
    [
        ("Five miners were executed in the prison yard.", Kind.KILLED, (5, "exact", None)),
        ("Riot police confirmed the deaths of six marchers.", Kind.KILLED, (6, "exact", None)),
        ("The flooding has claimed 31 lives in the valley.", Kind.KILLED, (31, "exact", None)),
        ("About 70 fans were treated for injuries.", Kind.INJURED, (70, "about", None)),
        (
            "At least about 90 people were hurt near the stadium.",
            Kind.INJURED,
            (90, "about", None),
        ),
        (
            "Nearly 30 people including guards, cooks and drivers were hospitalised.",
            Kind.INJURED,
            (30, "about", None),
        ),
        (
            "The ministry said no life was lost, but medics said 2 died.",
            Kind.KILLED,
            (0, "range", 2),
        ),
        ("Police announced the arrest of 44 students.", Kind.ARRESTED, (44, "exact", None)),
        (
            "At least 18 people, including four nurses, were killed in the raid.",
            Kind.KILLED,
            (18, "at_least", None),
        ),
        ("At least 30 marchers in 6 towns were detained.", Kind.ARRESTED, (30, "at_least", None)),
        ("Nine people died of cholera in the camp.", Kind.KILLED, None),
        ("The 900 detainees freed on Monday went home.", Kind.ARRESTED, None),
        (
            "Eight were killed on the day; 240 have died since the coup began.",
            Kind.KILLED,
            (8, "exact", None),
        ),
        (
            "Six were killed, two in Osh, one in Naryn and three in Talas.",
            Kind.KILLED,
            (6, "exact", None),
        ),
        (
            "Medics said seven were hurt in Osh and another 4 in Uzgen.",
            Kind.INJURED,
            (11, "exact", None),
        ),
        (
            "Police said 200 were detained. The AAPP said 260 were held, and the Assistance "
            "Association for Political Prisoners (AAPP) later said 260 were detained.",
            Kind.ARRESTED,
            (200, "range", 260),
        ),
        (
            "The ministry said no one was killed, but medics said three people died.",
            Kind.KILLED,
            (0, "range", 3),
        ),
        # "since last month" counts a running toll, no earlier event's
        (
            "The unrest has left 14 people dead and hundreds injured since last month.",
            Kind.KILLED,
            (14, "exact", None),
        ),
        (
            "The unrest has left 14 people dead since last month. On Friday, two more "
            "protesters were killed.",
            Kind.KILLED,
            (2, "exact", None),
        ),
        ("Last month's clashes left 43 dead.", Kind.KILLED, None),
        # "in the past week" is recent; "in the past" alone is history
        (
            "Rights groups say 200 people have been detained in the past week.",
            Kind.ARRESTED,
            (200, "exact", None),
        ),
        ("At least 40 people died in the past 48 hours.", Kind.KILLED, (40, "at_least", None)),
        (
            "In the past, such protests left 43 dead. On Friday two protesters were killed.",
            Kind.KILLED,
            (2, "exact", None),
        ),
        # an aside of who they were; a running total before its noun
        (
            "At least 25 people, most of them students, were detained.",
            Kind.ARRESTED,
            (25, "at_least", None),
        ),
        ("Twelve people, mostly students, were injured.", Kind.INJURED, (12, "exact", None)),
        (
            "Two people were killed on Saturday, bringing to 14 the total.",
            Kind.KILLED,
            (14, "exact", None),
        ),
        # what befell a single, said after "after"
        (
            "A student was taken to a clinic after being hurt by a rubber bullet.",
            Kind.INJURED,
            (1, "exact", None),
        ),
        ("A protester died after being shot.", Kind.KILLED, (1, "exact", None)),
        # who a single was, said between them and the verb
        (
            "Police killed one protester on Monday. Another demonstrator, Ali Ben Salah, gravely "
            "wounded on Monday, died on Friday.",
            Kind.KILLED,
            (2, "exact", None),
        ),
        ("A protester, 18, was killed.", Kind.KILLED, (1, "exact", None)),
        ("A protester, and 12 others, were injured.", Kind.INJURED, None),
        # none of a group, and some of one
        ("Neither of the two officers was hurt.", Kind.INJURED, None),
        ("None of the 12 marchers was detained.", Kind.ARRESTED, None),
        ("Two of the 12 officers were hurt.", Kind.INJURED, (2, "exact", None)),
        ("Five of the 30 protesters arrested were charged.", Kind.ARRESTED, (30, "exact", None)),
        ("Fatalities reached 25 by Sunday.", Kind.KILLED, (25, "exact", None)),
        # titles: a present tense, a toll that "hits", a second source's bare count at the end
        ("Junta executes two activists", Kind.KILLED, (2, "exact", None)),
        ("Port unrest death toll hits 110 - NGO", Kind.KILLED, (110, "exact", None)),
        ("Togo: opposition says 7 killed; government says 2", Kind.KILLED, (2, "range", 7)),
        # what befell a single before the verb that counts them
        ("A protester who was shot by police died in hospital.", Kind.KILLED, (1, "exact", None)),
        ("A student shot by soldiers died on Sunday.", Kind.KILLED, (1, "exact", None)),
    ],
)
def test_real_news_phrasings(
    text: str, kind: Kind, want: tuple[int, str, int | None] | None
) -> None:
    assert total(text, kind) == want


def test_an_exclamation_mark_before_a_bracket_ends_a_name_not_a_sentence() -> None:
    text = 'Lists passed: For Progress! (FP!) with 6.8 percent, "Enough!" (Basta!) with 4.4. Next.'
    assert [s.text for s in split_sentences(text)] == [text[:-6], "Next."]
    assert [s.text for s in split_sentences("Stop the count! The vote was annulled.")] == [
        "Stop the count!",
        "The vote was annulled.",
    ]


def test_a_line_wrapped_by_hand_is_one_sentence() -> None:
    text = "The health\nministry said 31 people had been\ninjured in the clashes."
    ex = extract(text)
    assert ex.totals[Kind.INJURED] == Total(31, Qual.EXACT)
    assert [f.attribution for f in ex.figures] == ["The health ministry"]
    listed = "Killed\n12 in the north\nInjured\n40"
    assert len(split_sentences(listed)) == 4, "a line that opens in upper case or a digit ends one"


def test_counts_of_two_places_add_up_a_total_and_its_places_do_not() -> None:
    parts = "At least seven people were killed in Tanta, and two were killed in Minya."
    assert total(parts, Kind.KILLED) == (9, "at_least", None)
    whole = "Five people were killed, two in Tanta and three in Minya."
    assert total(whole, Kind.KILLED) == (5, "exact", None)


@pytest.mark.parametrize(
    "text",
    [
        "Police arrested 312 people and 47 officers were injured.",
        "Police detained 312 people, and 47 officers were injured.",
    ],
)
def test_a_count_its_own_trigger_reads_is_no_part_of_the_next_kind(text: str) -> None:
    assert total(text, Kind.ARRESTED) == (312, "exact", None)
    assert total(text, Kind.INJURED) == (47, "exact", None)


def test_parts_before_one_verb_still_add_up() -> None:
    assert total("Police said 30 protesters and 12 officers were injured.", Kind.INJURED) == (
        42,
        "exact",
        None,
    )


@pytest.mark.parametrize(
    ("text", "want"),
    [
        (
            "Thousands marched on Tuesday. In Tanta, two protesters were killed. In Minya, "
            "police said three people died.",
            (5, "exact", None),
        ),
        (
            "In Tanta, at least two protesters were killed. In the city of Minya, three died.",
            (5, "at_least", None),
        ),
        # a count for the whole country beside them is their total
        (
            "Five people were killed across the country. In Tanta, two were killed. In Minya, "
            "three died.",
            (5, "exact", None),
        ),
        (
            "In Tanta, two protesters were killed. In Tanta, the toll later rose to four.",
            (4, "exact", None),
        ),
    ],
)
def test_a_roundup_by_place_adds_each_places_count(
    text: str, want: tuple[int, str, int | None]
) -> None:
    assert total(text, Kind.KILLED) == want


def test_an_increment_adds_on_top_before_or_after_and_a_later_toll_holds_it() -> None:
    first = (
        "Rescuers found four more bodies in the market. Earlier, at least two people were killed."
    )
    assert total(first, Kind.KILLED) == (6, "at_least", None)
    tolled = "Three people died on Monday. Two more died on Tuesday. The death toll reached 5."
    assert total(tolled, Kind.KILLED) == (5, "exact", None)


def test_a_second_source_putting_the_number_at_counts_the_same_kind() -> None:
    text = "Organisers said some 300 people were hurt, while the police put the number at 85."
    assert total(text, Kind.INJURED) == (85, "range", 300)
    ex = extract(text)
    assert [(f.kind, f.value, f.attribution) for f in ex.figures][-1] == (
        Kind.INJURED,
        85,
        "the police",
    )


@pytest.mark.parametrize(
    ("text", "kind", "value"),
    [
        ("The number of civilians who died in the shelling reached 17.", Kind.KILLED, 17),
        ("The number of soldiers wounded had climbed to 40.", Kind.INJURED, 40),
        ("The number of students detained stood at 85 on Sunday.", Kind.ARRESTED, 85),
    ],
)
def test_running_count_of_named_people(text: str, kind: Kind, value: int) -> None:
    """ "The number of <people> killed/injured/detained" is a running count of that kind."""
    assert total(text, kind) == (value, "exact", None)


def test_people_counted_are_no_casualty_words() -> None:
    """The people a running count names never become casualty words, which would stop a
    breakdown's sum ("four students and two officers")."""
    for noun in re.findall(r"[a-z]+", TOLL_PEOPLE):
        assert CASUALTY_WORD.fullmatch(noun) is None, noun
    assert total("Four students and two officers were killed.", Kind.KILLED) == (6, "exact", None)


@pytest.mark.parametrize(
    ("text", "kind", "want"),
    [
        # "also" puts a second group on top of the first
        (
            "Riots killed six of his followers and injured dozens. More than 150 police "
            "officers were also injured.",
            Kind.INJURED,
            (162, "at_least", None),
        ),
        (
            "Police said 12 marchers were killed. Two guards were also killed.",
            Kind.KILLED,
            (14, "exact", None),
        ),
        # ... but a running toll already holds what came before it
        (
            "Five people died on Friday. The death toll has also risen to 30.",
            Kind.KILLED,
            (30, "exact", None),
        ),
        # "plus" lists one more group under the same verb
        (
            "At least 20 villagers have been killed in the fighting so far, plus one gendarme.",
            Kind.KILLED,
            (21, "at_least", None),
        ),
        ("Seven students plus two teachers were detained.", Kind.ARRESTED, (9, "exact", None)),
    ],
)
def test_also_and_plus_add_a_group_on_top(
    text: str, kind: Kind, want: tuple[int, str, int | None]
) -> None:
    assert total(text, kind) == want


@pytest.mark.parametrize(
    ("text", "kind", "want"),
    [
        (
            "Doctors said at least one boy was among those who died.",
            Kind.KILLED,
            (1, "at_least", None),
        ),
        ("Three nurses were among the wounded.", Kind.INJURED, (3, "at_least", None)),
        ("Among the dead were four miners and 11 farmers.", Kind.KILLED, (15, "at_least", None)),
        (
            "Two lawmakers were among those detained overnight.",
            Kind.ARRESTED,
            (2, "at_least", None),
        ),
        # beside a count of the whole group, the part adds nothing
        (
            "The ministry said 40 people were killed. Two journalists were among the dead.",
            Kind.KILLED,
            (40, "exact", None),
        ),
    ],
)
def test_people_among_a_group_are_at_least_that_many(
    text: str, kind: Kind, want: tuple[int, str, int | None]
) -> None:
    assert total(text, kind) == want


@pytest.mark.parametrize(
    ("text", "kind", "want"),
    [
        (
            "A 17-year-old was shot dead by troops at the checkpoint.",
            Kind.KILLED,
            (1, "exact", None),
        ),
        ("Mourners buried the 19-year-old who died on Sunday.", Kind.KILLED, (1, "exact", None)),
        ("Four miners and a 15-year-old were killed.", Kind.KILLED, (5, "exact", None)),
    ],
)
def test_a_person_named_by_age_is_an_implicit_single(
    text: str, kind: Kind, want: tuple[int, str, int | None]
) -> None:
    assert total(text, kind) == want


@pytest.mark.parametrize(
    ("text", "kind", "want"),
    [
        (
            "At least six marchers were killed on Friday, bringing the total to 40.",
            Kind.KILLED,
            (40, "exact", None),
        ),
        (
            "Police held 30 more students, bringing the total number of arrests to 412.",
            Kind.ARRESTED,
            (412, "exact", None),
        ),
    ],
)
def test_bringing_the_total_to_is_a_running_toll_of_the_kind_before(
    text: str, kind: Kind, want: tuple[int, str, int | None]
) -> None:
    assert total(text, kind) == want


@pytest.mark.parametrize(
    ("text", "kind", "want"),
    [
        ("By early Feb. 19 the death toll had reached 20.", Kind.KILLED, (20, "exact", None)),
        ("By 19 February the death toll had reached 20.", Kind.KILLED, (20, "exact", None)),
        ("On March 3 the marchers set off from the square.", Kind.CROWD, None),
        ("On 3 March 12 people died.", Kind.KILLED, (12, "exact", None)),
        ("Three may have died in the crush.", Kind.KILLED, (3, "exact", None)),
        ("The death toll on Oct 6 stood at 14.", Kind.KILLED, (14, "exact", None)),
        (
            "The death toll from the Feb. 18 clashes had reached 20.",
            Kind.KILLED,
            (20, "exact", None),
        ),
    ],
)
def test_a_day_of_the_month_is_no_count(
    text: str, kind: Kind, want: tuple[int, str, int | None] | None
) -> None:
    assert total(text, kind) == want


@pytest.mark.parametrize(
    ("text", "kind", "want"),
    [
        ("A student was killed on Monday and another on Tuesday.", Kind.KILLED, (2, "exact", None)),
        (
            "Three people died in the north and another in the capital.",
            Kind.KILLED,
            (4, "exact", None),
        ),
        (
            "A guard was hurt on Monday, and another guard on Tuesday.",
            Kind.INJURED,
            (2, "exact", None),
        ),
        # "another" with its own verb is not a part of the first count
        ("A student was killed and another was questioned.", Kind.KILLED, (1, "exact", None)),
        # "a second" or "a third" person is one more, as "another" is
        (
            "Police shot dead a protester on Monday. A second protester died in hospital on "
            "Tuesday.",
            Kind.KILLED,
            (2, "exact", None),
        ),
        (
            "Two students were killed on Monday. A third student was killed on Wednesday.",
            Kind.KILLED,
            (3, "exact", None),
        ),
        # ... but an ordinal of a day or a night is no person on top
        (
            "A protester was killed on Monday. For a second night, crowds marched.",
            Kind.KILLED,
            (1, "exact", None),
        ),
    ],
)
def test_and_another_is_one_more_of_the_same(
    text: str, kind: Kind, want: tuple[int, str, int | None]
) -> None:
    assert total(text, kind) == want


@pytest.mark.parametrize(
    ("text", "want"),
    [
        ("The death toll rose by five to 30.", (30, "exact", None)),
        ("The toll has doubled to 30.", (30, "exact", None)),
        # a second source's count "as high as" is one more voice, not a part to add
        (
            "At least 30 marchers have died, although some estimates put the figure as high as 50.",
            (30, "range", 50),
        ),
    ],
)
def test_a_toll_that_rose_by_or_doubled_and_an_estimate_as_high_as(
    text: str, want: tuple[int, str, int | None]
) -> None:
    assert total(text, Kind.KILLED) == want


def test_who_puts_a_count_at_a_number_speaks_only_of_that_count() -> None:
    text = "At least 30 marchers have died, although some estimates put the figure at 50."
    assert [(f.value, f.attribution) for f in extract(text).figures] == [
        (30, None),
        (50, "some estimates"),
    ]


def test_a_toll_that_rose_holds_an_earlier_count_of_another_source() -> None:
    text = (
        "The death toll from a week of riots rose to 12 on Wednesday, the health ministry said. "
        "On Monday, police said 10 people had been killed."
    )
    assert total(text, Kind.KILLED) == (12, "exact", None)
    # two sources' running tolls are two voices
    both = "The toll climbed to 75, police said. The news agency says the toll has reached 105."
    assert total(both, Kind.KILLED) == (75, "range", 105)


@pytest.mark.parametrize(
    ("text", "kind", "want"),
    [
        (
            "Dozens of people were arrested in the capital. Separately, police in the north "
            "detained 14 people.",
            Kind.ARRESTED,
            (26, "at_least", None),
        ),
        (
            "Five people were killed in the capital. Elsewhere, three died in the north.",
            Kind.KILLED,
            (8, "exact", None),
        ),
        # a running toll after "Separately," still holds what came before
        (
            "Five people were killed in the capital. Separately, the death toll nationwide rose to 30.",
            Kind.KILLED,
            (30, "exact", None),
        ),
        (
            "Two more people died on Monday, taking the death toll from last week's riots to 11.",
            Kind.KILLED,
            (11, "exact", None),
        ),
    ],
)
def test_a_sentence_opening_separately_adds_on_top(
    text: str, kind: Kind, want: tuple[int, str, int | None]
) -> None:
    assert total(text, kind) == want


@pytest.mark.parametrize(
    ("text", "want"),
    [
        ("A guard was killed and another wounded at the depot.", {"killed": 1, "injured": 1}),
        ("Two marchers died and another was badly hurt.", {"killed": 2, "injured": 1}),
        ("One cyclist was shot dead and a second was injured.", {"killed": 1, "injured": 1}),
        (
            "One miner was killed. Another was wounded by a falling beam.",
            {"killed": 1, "injured": 1},
        ),
        # "another" naming its person is a single of its own, read once
        ("Another injured miner was carried out on a stretcher.", {"injured": 1}),
    ],
)
def test_another_with_its_person_unsaid_is_one_of_its_own_verb(
    text: str, want: dict[str, int]
) -> None:
    totals = extract(text).totals
    assert {k.value: f.value for k, f in totals.items() if f is not None} == want


@pytest.mark.parametrize(
    ("text", "want"),
    [
        ("A man and a woman were killed when the wall fell.", {"killed": 2}),
        ("A guard and 12 others were hurt when the stand gave way.", {"injured": 13}),
        ("Two men, aged 40 and 52, and a woman were killed in the strike.", {"killed": 3}),
        ("A reporter, aged 29, and a driver were detained at the crossing.", {"arrested": 2}),
        ("A farmer and her three sons were killed in the flood.", {"killed": 4}),
        # a person the trigger before already reads is no part of the next kind
        ("Police arrested a driver, and two waiters were injured.", {"arrested": 1, "injured": 2}),
        ("Guards shot dead a farmer and a bystander was wounded.", {"killed": 1, "injured": 1}),
    ],
)
def test_a_single_person_listed_before_a_verb_shares_it(text: str, want: dict[str, int]) -> None:
    totals = extract(text).totals
    assert {k.value: f.value for k, f in totals.items() if f is not None} == want


@pytest.mark.parametrize(
    ("text", "want"),
    [
        # a part of the people just counted, of another kind, is a count of its own
        ("The clinic took in 52 injured, four of whom later died.", {"killed": 4, "injured": 52}),
        # of the same kind it stays a part
        ("Forty marchers were injured, 12 of them seriously.", {"injured": 40}),
        ("The 14 dead, six of whom were children, were buried.", {"killed": 14}),
    ],
)
def test_of_whom_of_another_kind_counts_on_its_own(text: str, want: dict[str, int]) -> None:
    totals = {k.value: f.value for k, f in extract(text).totals.items() if f is not None}
    assert totals == want


@pytest.mark.parametrize(
    ("text", "want"),
    [
        ("Six people died on Friday, taking the toll to 27 dead.", (27, "exact", None)),
        (
            "Three marchers lost their lives and 40 were hurt, taking the toll since Sunday "
            "to 15 dead.",
            (15, "exact", None),
        ),
        ("Two more died, bringing the tally to at least 19 killed.", (19, "at_least", None)),
    ],
)
def test_a_count_right_after_a_toll_is_the_toll_not_one_more_part(
    text: str, want: tuple[int, str, int | None]
) -> None:
    assert total(text, Kind.KILLED) == want


@pytest.mark.parametrize(
    ("text", "want"),
    [
        ("Guards held 60 people on Friday. On Saturday, another 25 were detained.", 85),
        ("Guards held 60 people on Friday. A further 25 were detained on Saturday.", 85),
        ("Guards held 60 people on Friday. An additional 25 were arrested overnight.", 85),
    ],
)
def test_another_or_a_further_count_adds_on_top(text: str, want: int) -> None:
    assert total(text, Kind.ARRESTED) == (want, "exact", None)


@pytest.mark.parametrize(
    ("text", "want"),
    [
        ("A marcher was shot in the head and died.", {"killed": 1}),
        ("A guard was stabbed and died on the way to the clinic.", {"killed": 1}),
        ("A marcher was wounded and later died in hospital.", {"killed": 1}),
        ("A cyclist was shot in the leg and taken to hospital.", {"injured": 1}),
        ("The riot claimed the lives of two farmers and a policeman.", {"killed": 3}),
        ("Troops killed four civilians and a soldier in the raid.", {"killed": 5}),
        ("The body of a young farmer was pulled from the canal.", {"killed": 1}),
    ],
)
def test_what_befell_a_single_and_one_more_person_listed_after(
    text: str, want: dict[str, int]
) -> None:
    totals = {k.value: f.value for k, f in extract(text).totals.items() if f is not None}
    assert totals == want


def test_a_further_count_after_another_kind_is_no_more_of_its_own() -> None:
    # "a further 9" counts more people than the two dead, not 9 more on top of the 40 hurt
    text = "Medics said 40 were hurt. Two were killed, and a further 9 were hurt in the port."
    value, _, high = total(text, Kind.INJURED)
    assert 49 not in (value, high)
    on_top = "Medics said 40 were hurt. A further 9 were hurt in the port."
    assert total(on_top, Kind.INJURED) == (49, "exact", None)


@pytest.mark.parametrize(
    ("text", "want"),
    [
        ("Guards shot dead two farmers. A third died later of his injuries.", 3),
        ("Three marchers died on Friday. A fourth victim died in hospital on Saturday.", 4),
    ],
)
def test_a_third_or_a_fourth_is_one_more(text: str, want: int) -> None:
    assert total(text, Kind.KILLED) == (want, "exact", None)


@pytest.mark.parametrize(
    "text",
    ["The second round will be held on Sunday.", "A third of the ballots were counted."],
)
def test_an_ordinal_alone_is_no_casualty(text: str) -> None:
    assert not [f for f in extract(text).figures if f.kind is not Kind.CROWD]
