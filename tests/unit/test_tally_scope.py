"""extract/scope.py: running toll, one incident's count, or not said, from the words around."""

from __future__ import annotations

import pytest

from crisiswatch.extract.scope import INCIDENT_CUES, RUNNING_CUES, figure_scope
from crisiswatch.models import Scope

R, INC, U = Scope.RUNNING, Scope.INCIDENT, Scope.UNKNOWN

CASES = [
    ("The death toll from the crackdown rose to 103, the UN rights office said.", "103", R),
    ("Officials said 212 people have been injured since Monday.", "212", R),
    ("In total, 48 protesters have been detained across the country.", "48", R),
    ("The ministry's count stood at two dead and 410 hurt on Wednesday.", "410", R),
    ("Health officials raised the number of injured to 350.", "350", R),
    ("So far 19 people are known to have died.", "19", R),
    ("Guards detained 22 people over looting near the bazaar.", "22", INC),
    ("Investigators arrested 4 men accused of planning the riots.", "4", INC),
    ("Nine were held on suspicion of arson, police said.", "Nine", INC),
    ("Six soldiers died in an ambush near the border.", "Six", INC),
    ("Three were shot dead at a checkpoint outside the city.", "Three", INC),
    ("More than 600 people were injured in the clashes.", "600", U),
    ("One protester was killed in Mandalay on Saturday.", "One", U),
    ("Over 300 were hurt, doctors said.", "300", U),
    # The nearest cue decides: an incident count beside the toll it adds to.
    ("Police held 14 over looting, bringing the total detained to 60.", "14", INC),
    ("Police held 14 over looting, bringing the total detained to 60.", "60", R),
]


@pytest.mark.parametrize(("sentence", "number", "scope"), CASES)
def test_scope_of_figure(sentence: str, number: str, scope: Scope) -> None:
    start = sentence.index(number)
    assert figure_scope(sentence, start, start + len(number)) is scope


def test_cues_are_data_and_every_cue_fires() -> None:
    """Each cue, dropped into a plain sentence beside a number, gives its scope."""
    samples = {
        "since": "since Monday",
        "in (?:a|an": "in an attack",
        "at a": "at a checkpoint",
        "(?:over|for)": "over looting",
        "(?:rose": "rose",
    }
    for cues, scope in ((RUNNING_CUES, R), (INCIDENT_CUES, INC)):
        for cue in cues:
            words = next((w for k, w in samples.items() if cue.startswith(k)), cue)
            sentence = f"Reports said 12 people were hurt {words} in the city."
            start = sentence.index("12")
            assert figure_scope(sentence, start, start + 2) is scope, cue
