"""tally/sources.py: every way a text names one body gives one key; what it said is kept."""

from __future__ import annotations

import pytest

from crisiswatch.tally.sources import Source, attributed, outlet, source_of

SAME = [
    (
        "health-ministry",
        [
            "the health ministry",
            "Health Ministry",
            "the Ministry of Health",
            "health officials",
            "The Kyrgyz health ministry",
            "the health ministry via AKI Press",
            "the minister of health",
        ],
    ),
    (
        "interior-ministry",
        ["the interior ministry", "Ministry of Internal Affairs", "the Ministry of the Interior"],
    ),
    ("police", ["police", "Police", "a police spokesman", "the city police"]),
    (
        "un-rights",
        [
            "the UN human rights office",
            "UN rights office",
            "OHCHR",
            "the UN High Commissioner for Human Rights",
        ],
    ),
    ("un", ["the UN", "the United Nations", "U.N."]),
    (
        "security-service",
        ["The State Committee for National Security", "the security service", "GKNB"],
    ),
    ("rights-group", ["a rights group", "local rights monitors", "human rights groups"]),
    ("aapp", ["the Assistance Association for Political Prisoners", "AAPP"]),
    ("doctors", ["doctors at the city's emergency hospital", "hospital officials"]),
]


@pytest.mark.parametrize(("key", "names"), SAME)
def test_one_key_for_every_name(key: str, names: list[str]) -> None:
    for name in names:
        got = attributed(name)
        assert got is not None and got.key == key, name


@pytest.mark.parametrize("name", ["reports from Bishkek", "witnesses", "local media", "  "])
def test_names_nobody(name: str) -> None:
    assert attributed(name) is None
    assert source_of(name, "Demo Wire") == outlet("Demo Wire")


def test_unknown_body_keys_on_its_own_words() -> None:
    a = attributed("the Bishkek mayor's office")
    b = attributed("Bishkek Mayor's Office")
    assert a is not None and a == Source("bishkekmayorsoffice", "Bishkek mayor's office")
    assert b is not None and b.key == a.key


def test_an_outlet_named_in_the_text_is_that_feed() -> None:
    cited = attributed("AKI Press")
    assert cited is not None and cited.key == outlet("AKIpress").key
    assert outlet("AKIpress").label == "AKIpress"


def test_lower_case_un_is_not_the_un() -> None:
    got = attributed("an un-named official")
    assert got is None or got.key != "un"


def test_no_attribution_is_the_outlet() -> None:
    assert source_of(None, "24.kg") == Source("24kg", "24.kg")
