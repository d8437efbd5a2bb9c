"""The casualty rules: one table per kind, each rule with the sentences it must read.

To read a new phrasing, add a phrase to a rule (or a new rule with an example) here: the
patterns, the words they are tried at and the stems that let a sentence be read at all are
all built from these tables (see `casualty_patterns`).
"""

from __future__ import annotations

from crisiswatch.extract.rules import Example, Rule, Shape
from crisiswatch.models import Kind

_BE = "{|was|were|has been|have been|had been|is|are}"
"""An optional form of "to be" inside a phrase."""

_ZERO_BE = "{|was|has been|had been|were}"

_AMONG_BE = "{was|were|is|are|was also|were also}"
_AMONG_WHO = "{those|the people|the}"
"""Who a part is counted among: "two reporters were among those killed"."""


def _nobody(verbs: str, no_one_be: str = _ZERO_BE) -> tuple[str, str]:
    """The phrases of an explicit zero with a verb: "no one was killed", "nobody was killed"."""
    return f"{{no|zero}} one {no_one_be} {verbs}", f"{{nobody|none}} {_ZERO_BE} {verbs}"


TOLL_TAIL = (
    r"(?:\s+(?:from|in|of|on|since|during|among|across|amid|after|for)\s+"
    r"(?:[^,;.:]|\.(?=\s\d)){1,70}?(?=\s+(?:has|had|"
    r"rose|risen|climbed|jumped|increased|grew|reached|hit|hits|tops|topped|reaches|jumps|soared|"
    r"soars|swelled|swells|mounted|mounts|increases|grows|stood|stands|rises|climbs|is|was|now|"
    r"range|ranges|ranged|totals|totalled|totaled|to)\b))?"
    r"(?:\s+(?:has|had|have|was|is|now|rose|risen|climbed|jumped|increased|grew|reached|hit|hits|"
    r"tops|topped|reaches|jumps|soared|soars|swelled|swells|mounted|mounts|increases|grows|"
    r"stood|stands|rises|climbs|officially|reportedly|already|also|further|later|then|since|"
    r"range|ranges|ranged|totals|estimated|believed|feared|thought|likely|be|"
    r"totalled|totaled|doubled|tripled|more\s+than\s+doubled|nationwide|countrywide|overall|so\s+far|"
    r"to|at|of|from)|\s+by\s+[\w,]+(?=\s+to\b)){0,5}"
)
"""What may stand between "the death toll" and its count: "from the clashes has risen to"."""

TOLL_PEOPLE = (
    "{people|persons|those|protesters|protestors|demonstrators|marchers|civilians|students"
    "|activists|supporters|opposition supporters|police officers|officers|soldiers|children}"
)
"""Who a running count is of in "the number of protesters killed rose to 45"."""

CROWD_NOUNS = (
    "people|protesters|protestors|demonstrators|supporters|backers|followers|loyalists|marchers|"
    "residents|citizens|students|activists|opponents|participants|rally-goers|women|men|workers|"
    "youths|mourners|voters|pensioners|villagers|farmers|kyrgyz"
)
"""Nouns a crowd is counted in (also what "held 12 ..." must count to be an arrest)."""

PERSONS = (
    "person",
    "man",
    "woman",
    "protester",
    "protestor",
    "demonstrator",
    "civilian",
    "student",
    "policeman",
    "policewoman",
    "police officer",
    "officer",
    "soldier",
    "journalist",
    "reporter",
    "photographer",
    "child",
    "boy",
    "girl",
    "teenager",
    "bystander",
    "activist",
    "supporter",
    "resident",
    "guard",
    "serviceman",
    "leader",
    "politician",
    "lawmaker",
    "candidate",
    "doctor",
    "pensioner",
    "youth",
    "passer-by",
    "worker",
    "member",
    "gendarme",
    "trooper",
    "farmer",
    "driver",
    "priest",
    "minor",
    *("marcher", "cyclist", "motorist", "pedestrian", "teacher", "nurse", "medic", "paramedic"),
    *("vendor", "villager", "prisoner", "detainee", "inmate", "miner", "mourner", "lawyer"),
    "trader",
    "victim",
)
"""The people an implicit single counts ("police shot a protester" = 1 killed)."""

_KILLED_VERBS = (
    "killed",
    "dead",
    "died",
    "die",
    "perished",
    "slain",
    "succumbed",
    "shot dead",
    "fatally {shot|wounded|injured|stabbed|beaten}",
    "lost {their|his|her} {life|lives}",
    "murdered",
    "executed",
    "lynched",
    "massacred",
    "drowned",
    "dying",
    "{found|reported|confirmed} dead",
    "{shot|beaten|stabbed|hacked|attacked|hit|struck|run over|crushed} and killed",
    "martyred",
)
_SHOT_IN_LIMB = "shot in the {leg|legs|arm|arms|foot|feet|hand|hands|thigh|knee|shoulder|buttocks}"
"""Shot where a wound is rarely fatal: an injury (the head or the chest may be a death)."""
_NOT_ILLNESS = (
    r"(?!\s+(?:of|from)\s+(?:cholera|covid|coronavirus|disease|illness|hunger|natural|heat|the\s+virus"
    r"|old\s+age|an?\s+(?:illness|disease|heart))\b)"
)
"""A death of illness is no casualty of the unrest."""


KILLED: tuple[Rule, ...] = (
    Rule(
        "killed-count-verb",
        Kind.KILLED,
        Shape.COUNT_FIRST,
        _KILLED_VERBS,
        (
            Example("Three marchers were killed near the bridge.", 3),
            Example("Eleven villagers lost their lives in the raid.", 11),
            Example("Seven prisoners were executed at dawn.", 7),
            Example("Three villagers drowned while fleeing the troops.", 3),
            Example("Eleven traders were lynched by the mob.", 11),
            Example("Four youths were martyred in the raid, the committee said.", 4),
            Example("Two marchers die in port clashes", 2),
            Example("Rescuers said 12 miners were found dead.", 12),
            Example("Four guards were attacked and killed at the gate.", 4),
            Example("Two farmers, aged 40 and 52, were shot dead near the well.", 2),
            Example("Two farmers aged 40 and 52 were killed near the well.", 2),
        ),
        follow=_NOT_ILLNESS,
    ),
    Rule(
        "killed-count-noun",
        Kind.KILLED,
        Shape.COUNT_FIRST,
        ("death", "deaths", "fatality", "fatalities", "bodies"),
        (
            Example("Medics recorded six deaths after the march.", 6),
            Example("Divers recovered 9 more bodies from the river.", 9),
        ),
    ),
    Rule(
        "killed-active",
        Kind.KILLED,
        Shape.COUNT_AFTER,
        (
            "killing",
            "killed",
            "kills",
            "kill",
            "claimed the lives of",
            "shot dead",
            "fatally shot",
            "shot and killed",
            "beat to death",
            "gunned down",
            "{murdered|murdering|executed|executes|executing|massacred|massacring|lynched}",
            "{death|deaths|killing|killings|murder|murders|execution|executions} of",
            "shooting dead of",
            "body count of",
            "{bodies|corpses} of",
        ),
        (
            Example("The blast in the market killed nine shoppers.", 9),
            Example("Relatives mourned the deaths of three miners.", 3),
            Example("Soldiers massacred 40 villagers, survivors said.", 40),
            Example("Junta executes three activists", 3),
            Example("Divers pulled the bodies of four fishermen from the lake.", 4),
        ),
    ),
    Rule(
        "killed-lives",
        Kind.KILLED,
        Shape.COUNT_AFTER,
        ("claimed", "claiming", "cost", "costing", "loss of"),
        (
            Example("The unrest has claimed 14 lives so far.", 14),
            Example("The mayor regretted the loss of two lives.", 2),
        ),
        follow=r"(?=\s+(?:more\s+)?lives\b)",
    ),
    Rule(
        "killed-toll",
        Kind.KILLED,
        Shape.COUNT_AFTER,
        (
            "{death|fatality} toll",
            "toll",
            "number of {the|} {dead|deaths|fatalities|martyrs}",
            f"number of {{the|}} {TOLL_PEOPLE} {{killed|dead|who died|who were killed"
            "|who have died|who had died|who have been killed|who had been killed"
            "|who lost their lives}",
        ),
        (
            Example("By dusk the death toll had risen to 14.", 14),
            Example("The death toll rose by five to 30 and has doubled since Monday.", 30),
            Example("Two more died, taking the death toll from the riots to 11.", 11),
            Example("The death toll for the week of unrest is at least 61.", 61),
            Example("The death toll was estimated at between 80 and 100.", 80),
            Example("The toll is feared to be as high as 40.", 40),
            Example("Port clashes death toll hits 19 - medics", 19),
            Example("The number of marchers killed climbed to 23 overnight.", 23),
            Example("The number of people who died in the riots has reached 31.", 31),
            Example("The number of martyrs of the uprising has risen to 19.", 19),
        ),
        tail=TOLL_TAIL,
        toll=True,
    ),
    Rule(
        "killed-toll-noun",
        Kind.KILLED,
        Shape.COUNT_AFTER,
        (
            "{deaths|fatalities} {rose to|reached|climbed to|stood at|stand at|numbered|"
            "totalled|totaled|hit|topped|have risen to|had risen to|have reached|had reached}",
        ),
        (Example("Fatalities reached 25 by Sunday.", 25),),
        toll=True,
    ),
    Rule(
        "killed-among",
        Kind.KILLED,
        Shape.COUNT_FIRST,
        (
            f"{_AMONG_BE} among {_AMONG_WHO} {{killed|dead|who died|who were killed|who lost their lives}}",
        ),
        (
            Example("At least one child was among those who died in the crush.", 1),
            Example("Two reporters are among the people killed this week.", 2),
        ),
        part=True,
    ),
    Rule(
        "killed-among-listed",
        Kind.KILLED,
        Shape.COUNT_AFTER,
        ("among the {dead|killed|victims} {were|was|are|is}",),
        (Example("Among the dead were two soldiers and 15 civilians.", 2),),
        part=True,
    ),
    Rule(
        "killed-single",
        Kind.KILLED,
        Shape.PERSON_FIRST,
        (*_KILLED_VERBS, "death", "deaths", "fatalities", "bodies"),
        (
            Example("A student was killed outside the campus gates.", 1),
            Example("A teenager who was shot by soldiers died in hospital on Friday.", 1),
            Example("A man struck by a rubber bullet died on the way to the clinic.", 1),
            Example("A student, 19, was killed near the gates.", 1),
            Example("Another demonstrator, Omar Haddad, gravely hurt in the crush, died.", 1),
            Example("One guard was wounded and another killed in the raid.", 1),
        ),
    ),
    Rule(
        "killed-body-of",
        Kind.KILLED,
        Shape.PERSON_AFTER,
        ("{body|corpse} of",),
        (Example("The body of a young marcher was pulled from the canal.", 1),),
    ),
    Rule(
        "killed-single-active",
        Kind.KILLED,
        Shape.PERSON_AFTER,
        (
            "killing",
            "killed",
            "kills",
            "shot dead",
            "fatally {shot|wounded|stabbed}",
            "shot and killed",
            "beat to death",
            "gunned down",
        ),
        (Example("Troops shot dead a teenager at the checkpoint.", 1),),
    ),
    Rule(
        "killed-zero",
        Kind.KILLED,
        Shape.ZERO,
        (
            "{no|zero} {deaths|death|fatalities}",
            "{no|zero} {lives were|life was} lost",
            *_nobody("{killed|died}"),
        ),
        (Example("There were no deaths during the march.", 0),),
    ),
)

INJURED: tuple[Rule, ...] = (
    Rule(
        "injured-count",
        Kind.INJURED,
        Shape.COUNT_FIRST,
        (
            "injured",
            "injuries",
            "wounded",
            "hurt",
            "{hospitalised|hospitalized|hospitalisations|hospitalizations}",
            "{sought|needed|required|received} {medical|hospital} "
            "{help|attention|treatment|care|assistance|aid}",
            "treated for {injuries|wounds}",
            "treated {in|at} {|a|the} {hospital|hospitals}",
            "{suffered|sustained} {|gunshot|bullet|stab|head|serious|severe|minor|light} "
            "{injuries|wounds}",
            "{admitted|taken|rushed} to {|the} {hospital|hospitals}",
            "{turned|went} to {doctors|medics} for {|medical|professional} help",
            "hit by {gunfire|bullets|rubber bullets|live rounds|pellets}",
            "{shot|beaten|stabbed|attacked|assaulted|hit|struck|run over} and "
            "{|seriously|badly|critically|severely|slightly|lightly} {injured|wounded|hurt}",
            "in {|a} {critical|serious|grave|stable} condition",
            _SHOT_IN_LIMB,
        ),
        (
            Example("Forty marchers were hurt in the crush.", 40),
            Example("Three guards were shot in the legs during the raid.", 3),
            Example("Nine people needed medical attention after the march.", 9),
            Example("Some 40 fans received medical assistance at the stadium.", 40),
            Example("Some 30 students were treated for injuries overnight.", 30),
            Example("More than 100 fans were treated in hospital after the crush.", 100),
            Example("Eight fans were rushed to hospital after the match.", 8),
            Example("Another 120 residents turned to doctors for help.", 120),
            Example("Two wardens were stabbed and badly hurt.", 2),
            Example("Doctors said six miners remained in a serious condition.", 6),
            Example("At least 12 people suffered gunshot wounds.", 12),
        ),
    ),
    Rule(
        "injured-active",
        Kind.INJURED,
        Shape.COUNT_AFTER,
        (
            *("injuring", "wounding", "injured", "wounded", "hurting"),
            "{hospitalising|hospitalizing}",
            "{injuries|wounds} to",
            "{gave|give|gives|giving|provided} first aid to",
        ),
        (
            Example("The explosion injured 25 bystanders.", 25),
            Example("The stampede caused injuries to 20 people.", 20),
            Example("Paramedics gave first aid to 25 marchers.", 25),
        ),
    ),
    Rule(
        "injured-treated",
        Kind.INJURED,
        Shape.COUNT_AFTER,
        ("{treated|treating|treats}",),
        (
            Example("Medics treated more than 300 people for tear gas inhalation.", 300),
            Example("Doctors said they had treated 80 people in hospital.", 80),
        ),
        # "treated 175 people at the scene" beside "more than 230 injured" is a part of them
        follow=r"(?=(?:\s+[\w'-]+){0,3}?\s+(?:for|in\s+hospital|at\s+(?:a\s+|the\s+)?hospitals?)\b)",
    ),
    Rule(
        "injured-toll",
        Kind.INJURED,
        Shape.COUNT_AFTER,
        (
            "number of {the|} {injured|wounded|injuries}",
            f"number of {{the|}} {TOLL_PEOPLE} {{injured|wounded|hurt|hospitalised|hospitalized"
            "|who were injured|who were wounded|who were hurt|who have been injured"
            "|who have been wounded|who had been injured}",
        ),
        (
            Example("The number of injured has reached 230.", 230),
            Example("The number of students wounded rose to 64 by nightfall.", 64),
            Example("The number of people who were hurt in the stampede stood at 12.", 12),
        ),
        tail=TOLL_TAIL,
        toll=True,
    ),
    Rule(
        "injured-among",
        Kind.INJURED,
        Shape.COUNT_FIRST,
        (
            f"{_AMONG_BE} among {_AMONG_WHO} {{injured|wounded|hurt|who were injured"
            "|who were wounded|who were hurt}",
        ),
        (Example("Three medics were among the wounded, the ministry said.", 3),),
        part=True,
    ),
    Rule(
        "injured-among-listed",
        Kind.INJURED,
        Shape.COUNT_AFTER,
        ("among the {injured|wounded} {were|was|are|is}",),
        (Example("Among the injured were four journalists.", 4),),
        part=True,
    ),
    Rule(
        "injured-single",
        Kind.INJURED,
        Shape.PERSON_FIRST,
        (
            *("injured", "wounded", "hurt", "{hospitalised|hospitalized}"),
            "{suffered|sustained|suffering|sustaining} {a|an} {|gunshot|bullet|stab|head|leg|"
            "serious|severe|minor|light|life-threatening} {injury|wound}",
            "{suffered|sustained|suffering|sustaining} {|gunshot|bullet|stab|head|leg|serious|"
            "severe|minor|light|life-threatening} {injuries|wounds}",
            "{admitted|taken|rushed} to {|the} hospital",
            _SHOT_IN_LIMB,
        ),
        (
            Example("A photographer was hurt by a rubber bullet.", 1),
            Example("A cyclist was shot in the leg and taken to hospital.", 1),
            Example("A woman suffered a head injury in the crush at the gates.", 1),
            Example("A teenager sustained gunshot wounds near the bridge.", 1),
            Example("A student was rushed to hospital after the stands gave way.", 1),
            Example("Witnesses saw a student being helped away after suffering a head injury.", 1),
            Example("A soldier was killed and another wounded in the ambush.", 1),
            Example("One marcher was shot dead and a second was hurt.", 1),
        ),
    ),
    Rule(
        "injured-single-active",
        Kind.INJURED,
        Shape.PERSON_AFTER,
        ("injuring", "injured", "wounding", "wounded"),
        (Example("A falling sign injured a pensioner on the square.", 1),),
    ),
    Rule(
        "injured-zero",
        Kind.INJURED,
        Shape.ZERO,
        (
            "{no|zero} injuries",
            *_nobody("{injured|hurt|wounded}"),
        ),
        (Example("Nobody was hurt when the stage fell.", 0),),
    ),
)

ARRESTED: tuple[Rule, ...] = (
    Rule(
        "arrested-count",
        Kind.ARRESTED,
        Shape.COUNT_FIRST,
        (
            "arrested",
            "detained",
            "arrests",
            "detentions",
            "{were|are|being|been|was|is} held",
            "{taken|} into {police|} custody",
            "{remain|remains|remained|are|were|was|is|still} in {police|} custody",
            "bundled into {police|} {vans|van|buses|cars}",
            "taken to {|a|the} police {station|stations}",
            "rounded up",
            "apprehended",
            "jailed",
            "taken away by {the|} police",
            "{beaten|attacked|assaulted|dragged away} and {arrested|detained}",
        ),
        (
            Example("Police said 31 students were detained overnight.", 31),
            Example("Six organisers were jailed for a week.", 6),
            Example("Nine strikers were beaten and detained by riot police.", 9),
            Example("Six activists remain in police custody.", 6),
            Example("At least 70 strikers were taken into police custody.", 70),
            Example("At least 25 people, most of them students, were detained.", 25),
            Example("Dozens of fans were bundled into police vans.", 12),
            Example("At least 50 strikers were taken to police stations.", 50),
        ),
    ),
    Rule(
        "arrested-detainees",
        Kind.ARRESTED,
        Shape.COUNT_FIRST,
        ("detainees",),
        (Example("Guards moved 40 detainees to another jail.", 40),),
        follow=r"(?!\s+(?:were\s+|have\s+been\s+)?(?:freed|released|pardoned)\b)",
    ),
    Rule(
        "arrested-active",
        Kind.ARRESTED,
        Shape.COUNT_AFTER,
        (
            "arresting",
            "arrested",
            "arrests",
            "arrest",
            "detaining",
            "detained",
            "detains",
            "detain",
            "{rounded|rounding} up",
            "{hauled|hauling} {away|off}",
            "apprehended",
            "{arrest|arrests|detention|detentions} of",
        ),
        (
            Example("Riot police detained 64 marchers near the square.", 64),
            Example("The ministry confirmed the detention of 25 students.", 25),
            Example("Riot police hauled away about 30 marchers.", 30),
        ),
    ),
    Rule(
        "arrested-held",
        Kind.ARRESTED,
        Shape.COUNT_AFTER,
        ("held", "holding", "holds"),
        (Example("Police are holding 18 activists at the station.", 18),),
        follow=rf"(?=(?:\s+[a-z][\w-]*)?\s+(?:{CROWD_NOUNS})\b)",
    ),
    Rule(
        "arrested-toll",
        Kind.ARRESTED,
        Shape.COUNT_AFTER,
        (
            "number of {the|} {detainees|arrests|detentions}",
            f"number of {{the|}} {TOLL_PEOPLE} {{arrested|detained|taken into custody"
            "|who were arrested|who were detained|who have been arrested"
            "|who have been detained}",
        ),
        (
            Example("The number of people detained rose to 420.", 420),
            Example("The number of activists who were arrested has climbed to 57.", 57),
        ),
        tail=TOLL_TAIL,
        toll=True,
    ),
    Rule(
        "arrested-among",
        Kind.ARRESTED,
        Shape.COUNT_FIRST,
        (
            f"{_AMONG_BE} among {_AMONG_WHO} {{arrested|detained|who were arrested"
            "|who were detained}",
        ),
        (Example("Two opposition lawmakers were among those detained overnight.", 2),),
        part=True,
    ),
    Rule(
        "arrested-single",
        Kind.ARRESTED,
        Shape.PERSON_FIRST,
        ("arrested", "detained", "taken into custody"),
        (
            Example("A journalist was detained at the airport.", 1),
            Example("A cameraman was beaten and another detained by the police.", 1),
        ),
    ),
    Rule(
        "arrested-single-active",
        Kind.ARRESTED,
        Shape.PERSON_AFTER,
        ("arresting", "arrested", "detaining", "detained"),
        (Example("Officers arrested a lawmaker at his home.", 1),),
    ),
    Rule(
        "arrested-zero",
        Kind.ARRESTED,
        Shape.ZERO,
        (
            "{no|zero} {arrests|detentions}",
            *_nobody("{arrested|detained}", no_one_be="{|was|has been|had been}"),
        ),
        (Example("No arrests were made after the march.", 0),),
    ),
)

RULES: tuple[Rule, ...] = (*KILLED, *INJURED, *ARRESTED)
"""Every casualty rule, the tables in order."""
