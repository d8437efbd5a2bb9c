"""feeds.toml's seat rules: every method, bloc thresholds, the threshold's base, blank and
invalid ballots, reserved seats and the district flag; each mistake names file, line and key."""

from __future__ import annotations

from pathlib import Path

import pytest

from crisiswatch.config import ConfigError, SeatMethod, ThresholdBase, load_config

RULES = """\
[[feed]]
name = "Wire"
url = "https://wire.example.org/rss"

[[watch]]
name = "Slovakia"
keywords = ["Bratislava"]

[watch.election]
seats = 150
threshold = 5
method = "droop"
bloc_thresholds = { 2 = 7, 4 = 10 }
threshold_base = "cast"
invalid = 1.4
reserved = 0
districts = false

[[watch.election.party]]
name = "PS-Spolu"
bloc = 2

[[watch.election.party]]
name = "SaS"
surplus = "ps-spolu"
"""


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "feeds.toml"
    path.write_text(text)
    return path


def test_every_seat_rule_is_read(tmp_path: Path) -> None:
    e = load_config(write(tmp_path, RULES)).watches[0].election
    assert e is not None
    assert e.method is SeatMethod.DROOP
    assert e.bloc_thresholds == ((2, 7.0), (4, 10.0))
    assert e.threshold_base is ThresholdBase.CAST and e.invalid == 1.4
    assert e.reserved == 0 and e.districts is False
    assert [(p.name, p.bloc) for p in e.parties] == [("PS-Spolu", 2), ("SaS", 1)]
    assert [p.surplus for p in e.parties] == [None, "ps-spolu"]


def test_defaults_when_unset(tmp_path: Path) -> None:
    text = "\n".join(
        line
        for line in RULES.splitlines()
        if not line.startswith(
            ("bloc", "threshold_base", "invalid", "reserved", "districts", "surplus")
        )
    )
    e = load_config(write(tmp_path, text)).watches[0].election
    assert e is not None
    assert e.bloc_thresholds == () and e.threshold_base is ThresholdBase.VALID
    assert e.invalid is None and e.reserved == 0 and e.districts is False
    assert all(p.bloc == 1 and p.surplus is None for p in e.parties)


@pytest.mark.parametrize("method", [m.value for m in SeatMethod])
def test_every_method_name_is_accepted(tmp_path: Path, method: str) -> None:
    e = load_config(write(tmp_path, RULES.replace('"droop"', f'"{method}"'))).watches[0].election
    assert e is not None and e.method.value == method


def test_reserved_seats_and_districts_set(tmp_path: Path) -> None:
    text = RULES.replace("reserved = 0", "reserved = 20").replace(
        "districts = false", "districts = true"
    )
    e = load_config(write(tmp_path, text)).watches[0].election
    assert e is not None and e.reserved == 20 and e.districts is True


BROKEN = [
    pytest.param(
        RULES.replace('"droop"', '"sainte-laguë"'),
        12,
        "watch[0].election.method",
        id="unknown-method",
    ),
    pytest.param(
        RULES.replace("{ 2 = 7, 4 = 10 }", "{ 1 = 7 }"),
        13,
        "watch[0].election.bloc_thresholds",
        id="bloc-of-one",
    ),
    pytest.param(
        RULES.replace("{ 2 = 7, 4 = 10 }", "{ two = 7 }"),
        13,
        "watch[0].election.bloc_thresholds",
        id="bloc-size-not-a-number",
    ),
    pytest.param(
        RULES.replace("{ 2 = 7, 4 = 10 }", "{ 2 = 107 }"),
        13,
        "watch[0].election.bloc_thresholds",
        id="bloc-threshold-range",
    ),
    pytest.param(
        RULES.replace("{ 2 = 7, 4 = 10 }", '{ 2 = "7%" }'),
        13,
        "watch[0].election.bloc_thresholds",
        id="bloc-threshold-type",
    ),
    pytest.param(
        RULES.replace("{ 2 = 7, 4 = 10 }", "[7, 10]"),
        13,
        "watch[0].election.bloc_thresholds",
        id="bloc-thresholds-not-a-table",
    ),
    pytest.param(
        RULES.replace('threshold_base = "cast"', 'threshold_base = "registered"'),
        14,
        "watch[0].election.threshold_base",
        id="unknown-threshold-base",
    ),
    pytest.param(
        RULES.replace("invalid = 1.4", "invalid = -1"),
        15,
        "watch[0].election.invalid",
        id="invalid-share-range",
    ),
    pytest.param(
        RULES.replace("invalid = 1.4", 'invalid = "1.4%"'),
        15,
        "watch[0].election.invalid",
        id="invalid-share-type",
    ),
    pytest.param(
        RULES.replace("reserved = 0", "reserved = 150"),
        16,
        "watch[0].election.reserved",
        id="reserved-every-seat",
    ),
    pytest.param(
        RULES.replace("reserved = 0", "reserved = true"),
        16,
        "watch[0].election.reserved",
        id="reserved-bool",
    ),
    pytest.param(
        RULES.replace("districts = false", 'districts = "yes"'),
        17,
        "watch[0].election.districts",
        id="districts-type",
    ),
    pytest.param(
        RULES.replace("bloc = 2", "bloc = 0"),
        21,
        "watch[0].election.party[0].bloc",
        id="bloc-zero",
    ),
    pytest.param(
        RULES.replace("bloc = 2", "bloc = 2.5"),
        21,
        "watch[0].election.party[0].bloc",
        id="bloc-fraction",
    ),
    pytest.param(
        RULES.replace("bloc = 2", "coalition = 2"),
        21,
        "watch[0].election.party[0].coalition",
        id="unknown-party-key",
    ),
    pytest.param(
        RULES.replace('surplus = "ps-spolu"', 'surplus = "Nobody"'),
        25,
        "watch[0].election.party[1].surplus",
        id="surplus-with-unknown-party",
    ),
    pytest.param(
        RULES.replace('surplus = "ps-spolu"', 'surplus = "SaS"'),
        25,
        "watch[0].election.party[1].surplus",
        id="surplus-with-itself",
    ),
    pytest.param(
        RULES.replace('surplus = "ps-spolu"', "surplus = 3"),
        25,
        "watch[0].election.party[1].surplus",
        id="surplus-type",
    ),
    pytest.param(
        RULES + '\n[[watch.election.party]]\nname = "KDH"\nsurplus = "SaS"\n',
        29,
        "watch[0].election.party[2].surplus",
        id="surplus-second-agreement",
    ),
    pytest.param(
        RULES.replace("districts = false", "districts = false\nquota = 7"),
        18,
        "watch[0].election.quota",
        id="unknown-election-key",
    ),
]


@pytest.mark.parametrize(("text", "line", "key"), BROKEN)
def test_errors_name_file_line_and_key(tmp_path: Path, text: str, line: int, key: str) -> None:
    path = write(tmp_path, text)
    with pytest.raises(ConfigError) as caught:
        load_config(path)
    err = caught.value
    assert err.line == line, str(err)
    one_line = str(err)
    assert "\n" not in one_line
    assert one_line.startswith(f"{path}:{line}: {key}: ")
