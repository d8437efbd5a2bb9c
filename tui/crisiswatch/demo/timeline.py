"""The demo's items: a dramatised replay of Kyrgyzstan's October 2020 post-election crisis.

The texts are written for crisiswatch in wire-report style; they are not quotations of any
outlet. The chronology and the headline figures follow what was reported at the time (election
on Sunday 4 October; the 98% preliminary count; about 2,000 then thousands on Ala-Too square on
Monday 5 October; the night storming of the White House and Almazbek Atambayev's release; the
health ministry's "at least one dead and 590 injured" via AKI Press, other reports of over 600
injured and a later 686; the Central Election Commission annulling the vote on 6 October; the UN
Secretary-General's call for restraint). The counts before 98%, the shares of parties below the
threshold, the turnout at midday, the early injury counts and the detention figures are
illustrative, chosen to make every pane move; they are not official figures. The noise items
(another conflict, markets, science prizes) are there to show that only items matching the
watch's keywords count toward its panes.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta, timezone
from enum import StrEnum

BISHKEK = timezone(timedelta(hours=6), "KGT")
"""Kyrgyzstan's clock (UTC+6); the texts speak in local time."""

START = datetime(2020, 10, 4, 8, 0, tzinfo=BISHKEK)
"""Polls open on election day: offset zero of the replay."""

LINK_BASE = "https://demo.crisiswatch.invalid"
"""A reserved domain (RFC 2606) that never resolves: demo links are only ever shown."""


class Layout(StrEnum):
    """The body format a demo feed is served in."""

    RSS = "rss"
    ATOM = "atom"
    JSONFEED = "jsonfeed"
    JSON = "json"
    RESULTS = "results"
    """An election commission's results export (demo/results.py), not a feed of items."""


@dataclass(frozen=True, slots=True)
class DemoFeed:
    """One feed the replay serves."""

    key: str
    """Short identifier used by items and in the URL path."""
    name: str
    """The feed's name in the stream and in feed health."""
    layout: Layout
    path: str
    """URL path on the replay server, starting with "/"."""
    title: str
    """The channel/feed title inside the body."""


@dataclass(frozen=True, slots=True)
class DemoItem:
    """One report, released by the replay once its offset has passed."""

    feed: str
    """`DemoFeed.key` of the feed that carries it."""
    offset: float
    """Seconds after `START` at which it was (dramatically) published."""
    guid: str
    link: str
    title: str
    summary: str

    @property
    def published(self) -> datetime:
        """The real 2020 timestamp, in UTC."""
        return (START + timedelta(seconds=self.offset)).astimezone(UTC)


FEEDS: tuple[DemoFeed, ...] = (
    DemoFeed("wire", "Demo Wire", Layout.RSS, "/wire/rss.xml", "Demo Wire: World"),
    DemoFeed(
        "broadcaster",
        "Demo Broadcaster",
        Layout.ATOM,
        "/broadcaster/atom.xml",
        "Demo Broadcaster - Asia",
    ),
    DemoFeed("agency", "Demo Agency", Layout.RSS, "/agency/feed.rss", "Demo Agency news"),
    DemoFeed(
        "jsonwire", "Demo JSON Wire", Layout.JSONFEED, "/jsonwire/feed.json", "Demo JSON Wire"
    ),
    DemoFeed(
        "monitor",
        "Demo Monitor",
        Layout.JSON,
        "/monitor/articles.json",
        "Demo Monitor article list",
    ),
)


def _item(feed: str, when: str, path: str, title: str, summary: str) -> DemoItem:
    """`when` is "D HH:MM" in Bishkek time, D the day of October 2020; `path` names the story,
    so two feeds given the same path carry the same story (one link, several sources)."""
    day, clock = when.split()
    hour, minute = clock.split(":")
    at = datetime(2020, 10, int(day), int(hour), int(minute), tzinfo=BISHKEK)
    date = at.strftime("%Y/%m/%d")
    return DemoItem(
        feed=feed,
        offset=(at - START).total_seconds(),
        guid=f"tag:demo.crisiswatch.invalid,2020:{feed}/{path}",
        link=f"{LINK_BASE}/{date}/{path}",
        title=title,
        summary=summary,
    )


TIMELINE: tuple[DemoItem, ...] = (
    # --- Sunday 4 October: election day ------------------------------------------------------
    _item(
        "agency",
        "4 08:00",
        "kyrgyzstan-votes",
        "Kyrgyzstan votes for a new parliament",
        "Polling stations across Kyrgyzstan opened at 8 a.m. on Sunday for a parliamentary "
        "election contested by 16 parties. A party must take 7 percent of the national vote to "
        "win any of the 120 seats in the Jogorku Kenesh, which are shared out by proportion.",
    ),
    _item(
        "broadcaster",
        "4 09:30",
        "karabakh-shelling-day-eight",
        "Shelling around Nagorno-Karabakh enters its second week",
        "Armenia and Azerbaijan traded artillery fire again on Sunday, each accusing the other "
        "of striking towns far behind the front. Officials on both sides say dozens of "
        "civilians have died since the fighting broke out on 27 September.",
    ),
    _item(
        "wire",
        "4 11:15",
        "kyrgyz-turnout-midday",
        "Queues at Kyrgyz polling stations as turnout climbs",
        "Roughly a third of registered voters had cast a ballot by early afternoon, election "
        "officials in Bishkek said. Voters queued outside schools in the capital and in Osh.",
    ),
    _item(
        "jsonwire",
        "4 14:00",
        "minsk-sunday-march",
        "Belarus opposition marches again in Minsk",
        "Crowds filled central Minsk for another Sunday march against Alexander Lukashenko, "
        "whose re-election in August the opposition calls rigged. Rights monitors reported "
        "detentions as riot police blocked several avenues.",
    ),
    _item(
        "wire",
        "4 16:20",
        "jeenbekov-votes",
        "Jeenbekov casts his ballot, promises an honest count",
        "President Sooronbay Jeenbekov voted in Bishkek and told reporters the count would be "
        "fair and open. Opposition parties have complained for weeks of pressure on their "
        "candidates in the regions.",
    ),
    _item(
        "agency",
        "4 20:00",
        "kyrgyz-polls-close",
        "Polls close in Kyrgyzstan, turnout about 56 percent",
        "Voting ended at 8 p.m. with turnout of about 56 percent, according to the Central "
        "Election Commission. Preliminary results from electronic ballot boxes are expected "
        "within hours.",
    ),
    _item(
        "monitor",
        "4 20:40",
        "vote-buying-complaints",
        "Complaints of vote buying pile up on Kyrgyz election night",
        "Observers and several opposition parties say voters were paid or bussed to polling "
        "stations in a number of districts. The Central Election Commission said it would look "
        "at every formal complaint it received.",
    ),
    _item(
        "jsonwire",
        "4 21:30",
        "first-preliminary-results",
        "Early count puts pro-government Birimdik ahead",
        "With 15 percent of polling stations counted, Birimdik had 25.9% and Mekenim "
        "Kyrgyzstan 22.6%, early commission figures showed. The Kyrgyzstan party was on 9.4% "
        "and Butun Kyrgyzstan on 6.8%, just below the 7% needed for seats.",
    ),
    _item(
        "agency",
        "4 23:40",
        "half-counted",
        "Half the stations counted: Birimdik and Mekenim Kyrgyzstan lead",
        "After 50% of polling stations reported, Birimdik stood at 25.1% and Mekenim "
        "Kyrgyzstan at 23.4%. Kyrgyzstan had 9.1% and Butun Kyrgyzstan 7.02%, just enough for "
        "seats, while Ata-Meken trailed on 3.4%.",
    ),
    # --- Monday 5 October: the count, the rally, the clashes ---------------------------------
    _item(
        "broadcaster",
        "5 02:30",
        "ninety-percent-counted",
        "Four parties on course for Kyrgyz parliament",
        "With about 90 percent of precincts counted, Birimdik led on 24.7% ahead of Mekenim "
        "Kyrgyzstan on 23.7%, the commission said. The Kyrgyzstan party had 8.8% and Butun "
        "Kyrgyzstan 7.08%; no other party was near the threshold.",
    ),
    _item(
        "wire",
        "5 07:45",
        "results-98-percent",
        "Two pro-government parties dominate Kyrgyz vote, preliminary results show",
        "Birimdik took 24.52% and Mekenim Kyrgyzstan 23.89% with ballots from 98% of polling "
        "stations processed, the Central Election Commission said on Monday. The Kyrgyzstan "
        "party won 8.73% and Butun Kyrgyzstan 7.11%. Every other list fell under the 7% "
        "threshold and would get no seats.",
    ),
    _item(
        "monitor",
        "5 08:30",
        "four-parties-clear-threshold",
        "Only four of 16 parties clear Kyrgyz threshold",
        "Birimdik (24.52%), Mekenim Kyrgyzstan (23.89%), Kyrgyzstan (8.73%) and Butun "
        "Kyrgyzstan (7.11%) are the only parties above 7%, on 98% of the count. Ata-Meken, "
        "with 3.2%, is among those left out.",
    ),
    _item(
        "agency",
        "5 10:00",
        "opposition-rejects-results",
        "Kyrgyz opposition rejects result and calls a rally",
        "Leaders of several parties that missed the threshold called the count tainted by vote "
        "buying and urged supporters to gather on Ala-Too square in Bishkek at midday. They "
        "want the results cancelled and a new vote held.",
    ),
    _item(
        "jsonwire",
        "5 10:30",
        "asia-markets-monday",
        "Asian shares edge up as investors watch Washington",
        "Stocks across Asia rose modestly on Monday as traders weighed the US president's "
        "health and the chances of a new stimulus package. The dollar was little changed.",
    ),
    _item(
        "wire",
        "5 11:45",
        "osce-observers",
        "Observers call Kyrgyz vote competitive but marred by vote buying",
        "International observers said fundamental freedoms were generally respected during "
        "the campaign, but credible reports of vote buying were a serious concern. They also "
        "noted pressure on public sector workers to back particular lists.",
    ),
    _item(
        "broadcaster",
        "5 12:15",
        "nobel-medicine-hepatitis-c",
        "Medicine Nobel honours discovery of hepatitis C virus",
        "Harvey Alter, Michael Houghton and Charles Rice shared this year's Nobel Prize in "
        "Physiology or Medicine for identifying the hepatitis C virus, the Karolinska "
        "Institute announced in Stockholm.",
    ),
    _item(
        "wire",
        "5 13:10",
        "ala-too-rally",
        "Protesters gather in Bishkek demanding a new election",
        "About 2,000 people backing parties that fell short of parliament rallied on Ala-Too "
        "square on Monday, demanding the election be annulled and run again. Police watched "
        "from the edges of the square.",
    ),
    _item(
        "broadcaster",
        "5 15:20",
        "crowd-swells",
        "Crowd in central Bishkek swells into the thousands",
        "By late afternoon thousands of people filled Ala-Too square and nearby streets, "
        "witnesses said. Speakers from several opposition parties took turns on a makeshift "
        "stage.",
    ),
    _item(
        "agency",
        "5 16:30",
        "karabakh-ceasefire-calls",
        "Calls for a Karabakh ceasefire go unanswered",
        "Fighting between Armenian and Azerbaijani forces continued on Monday despite appeals "
        "from Moscow, Paris and Washington for an immediate truce.",
    ),
    _item(
        "monitor",
        "5 19:30",
        "police-clear-square",
        "Riot police use water cannon on Bishkek protesters",
        "Police fired water cannon, tear gas and stun grenades as they tried to push "
        "protesters off Ala-Too square on Monday evening. Groups of demonstrators regrouped in "
        "side streets near the White House.",
    ),
    _item(
        "wire",
        "5 20:45",
        "dozens-hurt",
        "Dozens hurt as clashes spread in Bishkek",
        "Dozens of people were hurt as protesters and police clashed in central Bishkek, "
        "doctors at the city's emergency hospital said. Ambulances queued outside the "
        "hospital late into the evening.",
    ),
    _item(
        "jsonwire",
        "5 22:00",
        "over-100-injured",
        "More than 100 injured in Bishkek unrest, health officials say",
        "More than 100 people have been injured in the clashes, the health ministry said late "
        "on Monday, as crowds pressed towards the building that houses parliament.",
    ),
    _item(
        "broadcaster",
        "5 23:30",
        "white-house-stormed",
        "Protesters break into Kyrgyz parliament and presidential offices",
        "Demonstrators forced their way into the White House in Bishkek, which holds both the "
        "parliament and the president's administration. Smoke rose from an upper floor and "
        "papers were thrown from windows.",
    ),
    # --- Tuesday 6 October: the night's toll, the annulment, the appeals ---------------------
    _item(
        "agency",
        "6 00:40",
        "atambayev-freed",
        "Former president Atambayev freed by protesters",
        "A crowd reached the headquarters of the State Committee for National Security and "
        "released Almazbek Atambayev, the former president serving an 11-year sentence. "
        "He left without making a statement.",
    ),
    _item(
        "wire",
        "6 01:30",
        "japarov-freed",
        "Opposition politician Sadyr Japarov also released",
        "Sadyr Japarov, a nationalist politician jailed over a 2013 kidnapping, was freed from "
        "custody overnight and addressed supporters on Ala-Too square, his allies said.",
    ),
    _item(
        "monitor",
        "6 02:45",
        "coordination-council",
        "Kyrgyz opposition parties announce a coordination council",
        "Opposition groups said they had formed a council to run the country until a new "
        "election. Several rival figures claimed to speak for the protesters.",
    ),
    _item(
        "jsonwire",
        "6 04:00",
        "overnight-detentions",
        "Police detain 14 over looting in Bishkek",
        "Police said 14 people were detained overnight on suspicion of looting shops and "
        "kiosks near the square. Officers were pulled back from the government quarter.",
    ),
    _item(
        "wire",
        "6 06:10",
        "one-dead-590-injured",
        "At least one dead, 590 injured in Kyrgyz unrest - ministry",
        "At least one person was killed and 590 were injured in the overnight clashes in "
        "Bishkek, the health ministry said on Tuesday, according to AKI Press. Hospitals in the "
        "capital called in extra staff.",
    ),
    _item(
        "broadcaster",
        "6 06:50",
        "hospitals-stretched",
        "Bishkek hospitals treat hundreds after night of violence",
        "Doctors worked through the night as hundreds of injured arrived. The health ministry "
        "put the toll at one dead and 590 hurt.",
    ),
    _item(
        "agency",
        "6 08:00",
        "jeenbekov-calls-for-calm",
        "Jeenbekov says protesters tried to seize power, urges calm",
        "President Sooronbay Jeenbekov wrote on Facebook that the occupation of government "
        "buildings was an illegal attempt to take power. He said security forces had been "
        "told not to open fire, and that he had asked the election commission to review the "
        "vote and cancel the results if needed.",
    ),
    _item(
        "jsonwire",
        "6 09:00",
        "one-dead-over-600",
        "One dead, more than 600 injured as Kyrgyz protests continue",
        "The unrest that broke out after Sunday's vote has killed one person and injured over "
        "600, reports from Bishkek said on Tuesday. Opposition leaders met to discuss who "
        "should lead an interim government.",
    ),
    _item(
        "monitor",
        "6 09:40",
        "som-record-low",
        "Kyrgyz som slides to record low",
        "The Kyrgyz som weakened sharply against the dollar on Tuesday as banks in Bishkek "
        "limited cash withdrawals and exchange offices stayed shut.",
    ),
    _item(
        "wire",
        "6 10:30",
        "kremlin-concerned",
        "Kremlin says it is concerned by turmoil in Kyrgyzstan",
        "A Kremlin spokesman said Moscow was watching events in Kyrgyzstan closely and hoped "
        "order would soon be restored. Russia keeps an air base in the country.",
    ),
    _item(
        "broadcaster",
        "6 11:30",
        "boronov-resigns",
        "Kyrgyz prime minister Boronov resigns",
        "Prime Minister Kubatbek Boronov stepped down on Tuesday, the government press office "
        "said, a day after protests over the disputed vote turned violent.",
    ),
    _item(
        "agency",
        "6 12:30",
        "686-injured",
        "Kyrgyz health ministry raises injured count to 686",
        "One person has died and 686 have been injured in Bishkek since Monday, the health "
        "ministry said in its latest update. Most of the injured were treated and sent home.",
    ),
    _item(
        "wire",
        "6 14:00",
        "election-annulled",
        "Kyrgyz election commission annuls parliamentary vote",
        "The Central Election Commission declared the results of Sunday's parliamentary "
        "election invalid on Tuesday after a night of unrest in Bishkek. No date was set for "
        "a new vote.",
    ),
    _item(
        "broadcaster",
        "6 14:20",
        "election-annulled",
        "Kyrgyzstan cancels election results after protests",
        "Election officials in Kyrgyzstan cancelled Sunday's parliamentary results, meeting "
        "the central demand of the opposition parties that led the protests.",
    ),
    _item(
        "jsonwire",
        "6 15:00",
        "karabakh-day-ten",
        "Azerbaijan and Armenia report fresh strikes on towns",
        "Both sides in the Nagorno-Karabakh conflict said on Tuesday that civilian areas had "
        "been hit again, as mediators pressed for talks.",
    ),
    _item(
        "monitor",
        "6 16:10",
        "volunteer-patrols",
        "Volunteers patrol Bishkek streets after looting",
        "Groups of residents wearing armbands patrolled shopping streets in Bishkek on Tuesday "
        "evening, after shops were looted overnight. Police were largely absent.",
    ),
    _item(
        "wire",
        "6 17:20",
        "three-more-detained",
        "Security service detains 3 accused of organising riots",
        "The State Committee for National Security said it had detained 3 people suspected of "
        "organising mass riots in Bishkek. Opposition leaders called the arrests a provocation.",
    ),
    _item(
        "agency",
        "6 18:45",
        "nobel-physics-black-holes",
        "Physics Nobel goes to black hole research",
        "Roger Penrose, Reinhard Genzel and Andrea Ghez won the Nobel Prize in Physics for work "
        "on black holes, the Royal Swedish Academy of Sciences said.",
    ),
    _item(
        "jsonwire",
        "6 20:15",
        "un-urges-restraint",
        "UN chief urges restraint in Kyrgyzstan",
        "Secretary-General Antonio Guterres is following events in Kyrgyzstan closely and "
        "called on everyone involved to show maximum restraint and shun violence, his "
        "spokesman Stephane Dujarric said. He regretted the loss of life.",
    ),
    _item(
        "monitor",
        "6 20:30",
        "un-urges-restraint",
        "Guterres calls for dialogue in Kyrgyz crisis",
        "The UN Secretary-General urged all Kyrgyz parties to settle the crisis through "
        "dialogue and within the constitution. The UN centre for preventive diplomacy in "
        "Central Asia offered to help.",
    ),
    _item(
        "broadcaster",
        "6 21:00",
        "toll-update-evening",
        "Kyrgyz crisis: one killed, at least 686 hurt",
        "The health ministry's count stood at one killed and 686 injured on Tuesday evening. "
        "Rights groups said the real number of people hurt could be higher.",
    ),
    _item(
        "wire",
        "6 21:40",
        "japarov-acting-pm",
        "Lawmakers name Japarov acting prime minister at hotel session",
        "Members of the outgoing parliament, meeting in a Bishkek hotel, voted to make Sadyr "
        "Japarov acting prime minister. Rival groups disputed whether enough deputies were "
        "present for the vote to count.",
    ),
    _item(
        "agency",
        "6 22:30",
        "jeenbekov-open-to-talks",
        "Jeenbekov says he is ready to talk to all sides",
        "President Sooronbay Jeenbekov said he was prepared to meet the leaders of every party "
        "to find a way out of the crisis, and that he remained in charge.",
    ),
)
"""Every report, oldest first (ties keep this order)."""
